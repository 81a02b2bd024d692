"""A loop camera's stream re-encoded at new settings and swapped in (ONVIF
SetVideoEncoderConfiguration): the stream is encoded as a one-stream ``ContentSpec``
(same camera name and loop length, the new codec, size, rate, bitrate, GOP, CBR/VBR and
privacy masks) through the
same encoder and on-disk cache as camsim's start-up loops, then served in place of
the old one; the stream's RTSP clients are dropped, as a real camera drops them when
its encoder restarts.

Invariants:
- Encoding runs in one child process (``OwnedProcessPool``), never on the event loop,
  so the other cameras keep their pace; a cached loop is only demuxed (in a thread).
- Per stream, the newest request wins: a swap whose request was overtaken while it
  was encoding is dropped.
- A failed encoding is logged and leaves the old loop playing.
"""

from __future__ import annotations

import asyncio
import logging
from fractions import Fraction
from pathlib import Path

from vedette_server.camsim.camera import CameraFleet
from vedette_server.camsim.content import ContentSpec, encode_loop, load_loop
from vedette_server.camsim.onvif.model import StreamInfo
from vedette_server.child_processes import OwnedProcessPool

log = logging.getLogger(__name__)


class Restreamer:
    """Re-encodes and swaps the streams of ``fleet``'s loop cameras (``specs`` by name)."""

    def __init__(self, fleet: CameraFleet, specs: dict[str, ContentSpec], cache_dir: Path) -> None:
        self.fleet = fleet
        self.specs = specs
        self.cache_dir = cache_dir
        self._generations: dict[tuple[str, str], int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._pool: OwnedProcessPool | None = None
        #: Swaps done (for tests and logs): (camera, stream) → how many.
        self.swaps: dict[tuple[str, str], int] = {}

    def spec_for(self, camera: str, stream: StreamInfo) -> ContentSpec:
        base = self.specs[camera]
        return ContentSpec(
            camera,
            stream.codec or base.codec,
            stream.profile,
            None,
            stream.fps or base.fps,
            base.loop_seconds,
            gop=stream.gop_frames or None,
            scene=base.scene,
            motions=base.motions,
            vbr=not stream.cbr,
            masks=stream.masks,
        )

    def request(self, camera: str, stream: StreamInfo) -> None:
        """Start re-encoding ``camera``'s ``stream.name`` stream as ``stream`` says
        (returns at once; called from the event loop)."""
        key = (camera, stream.name)
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation
        task = asyncio.get_running_loop().create_task(self._restream(camera, stream, generation))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _restream(self, camera: str, stream: StreamInfo, generation: int) -> None:
        spec = self.spec_for(camera, stream)
        path = spec.paths(self.cache_dir)["main"]
        loop = asyncio.get_running_loop()
        try:
            if not path.exists():
                if self._pool is None:
                    self._pool = OwnedProcessPool(1)
                    self._pool.start()
                await loop.run_in_executor(self._pool.executor, encode_loop, spec, self.cache_dir)
            video = await asyncio.to_thread(load_loop, path, Fraction(spec.fps), spec.frames)
        except Exception:
            log.exception("%s/%s: re-encoding at %s failed", camera, stream.name, spec)
            return
        if self._generations.get((camera, stream.name)) != generation:
            return  # a newer request for this stream is on its way
        closed = self.fleet.swap_video(camera, stream.name, video)
        key = (camera, stream.name)
        self.swaps[key] = self.swaps.get(key, 0) + 1
        profile = stream.profile
        log.info(
            "%s/%s now %dx%d %d fps %d kbit/s %s %s GOP %d: dropped %d RTSP connection(s)",
            camera,
            stream.name,
            profile.width,
            profile.height,
            spec.fps,
            profile.kbps,
            spec.codec.value.upper(),
            "CBR" if stream.cbr else "VBR",
            spec.gop_frames,
            closed,
        )

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pool is not None:
            self._pool.close()
            self._pool = None
