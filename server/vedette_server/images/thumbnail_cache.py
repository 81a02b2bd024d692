"""The memory cache of rendered thumbnails: least recently used out first, by bytes.

Keys are ``ThumbnailKey`` (camera, stream, keyframe time, box, and the privacy masks
burnt in, so a masked picture is never served for an unmasked request nor after the
masks change): a keyframe's picture never changes once recorded, so an entry is
never stale; it only leaves when the
cache is over its byte budget (or the camera's recording is deleted and the key is
simply never asked again). ``get_or_render`` also merges concurrent requests for
one key: the second awaits the first one's rendering instead of starting another.

Event-loop only (no locks): every method runs on the server's asyncio loop.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from vedette_server.images.keyframe_render import RenderedImage
from vedette_server.recording.privacy import PrivacyMask

DEFAULT_BUDGET_BYTES = 64 << 20
_ENTRY_OVERHEAD_BYTES = 200


class ThumbnailKey(NamedTuple):
    camera_id: int
    stream: int
    keyframe_us: int
    max_width: int
    max_height: int
    masks: tuple[PrivacyMask, ...] = ()


class ThumbnailCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self.size_bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[ThumbnailKey, RenderedImage] = OrderedDict()
        self._rendering: dict[ThumbnailKey, asyncio.Future[RenderedImage]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: ThumbnailKey) -> RenderedImage | None:
        image = self._entries.get(key)
        if image is not None:
            self._entries.move_to_end(key)
        return image

    def put(self, key: ThumbnailKey, image: RenderedImage) -> None:
        cost = len(image.jpeg) + _ENTRY_OVERHEAD_BYTES
        if cost > self.budget_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.size_bytes -= len(old.jpeg) + _ENTRY_OVERHEAD_BYTES
        self._entries[key] = image
        self.size_bytes += cost
        while self.size_bytes > self.budget_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.size_bytes -= len(evicted.jpeg) + _ENTRY_OVERHEAD_BYTES

    async def get_or_render(
        self, key: ThumbnailKey, render: Callable[[], Awaitable[RenderedImage]]
    ) -> RenderedImage:
        """The cached picture, or ``render()``'s (once, however many callers wait)."""
        image = self.get(key)
        if image is not None:
            self.hits += 1
            return image
        pending = self._rendering.get(key)
        if pending is not None:
            self.hits += 1
            return await asyncio.shield(pending)
        self.misses += 1
        future: asyncio.Future[RenderedImage] = asyncio.get_running_loop().create_future()
        self._rendering[key] = future
        try:
            image = await render()
        except BaseException as error:
            if isinstance(error, Exception):
                future.set_exception(error)
                future.exception()  # retrieved: no warning when nobody else waits
            else:
                future.cancel()
            raise
        finally:
            self._rendering.pop(key, None)
        self.put(key, image)
        future.set_result(image)
        return image
