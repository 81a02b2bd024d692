"""CameraMasks: privacy masks applied by the camera (CAM-10), for the server.

A camera's ``masks_on_camera`` choice and the tokens of the masks the server set on
it are kept in the settings table under ``camera_masks`` (JSON ``{"<camera id>":
{"on": bool, "tokens": [...]}}``). While the choice is on, the server sets the
camera's masks (``Camera.privacy_masks``) on the camera over ONVIF Media2
(``onvif.masks.replace_masks``): after each change, at start, and again after a
failure, with a growing delay (``RETRY_S``), so a camera unreachable during a change
gets its masks when it answers again. Once they are on the camera, it is asked every
``VERIFY_S`` whether it still holds them (a camera reset to its factory settings, or
an installer deleting them in its web page, takes them away silently); if not, they
are set again and the status says so meanwhile. Turned off, the masks the server set are
removed from the camera the same way. Masks the camera had from elsewhere (set by
the installer in its web page) are never touched.

Status is the truth: ``report`` says where the masks are applied (by Vedette, being
pushed, on the camera since the read back, or failed with the camera's reason), and
each failure is logged with it.

Invariants:
- The stored tokens are the camera's masks the server made and has not removed,
  whatever an attempt's outcome (``replace_masks`` keeps its list true).
- One push per camera at a time; a new request cancels the running one and starts
  again from the catalog's masks, so the last change wins.
- The camera's password goes only to the ONVIF client.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Final

from peewee import SqliteDatabase

from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Setting
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, NotFound
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import CameraUnreachable, OnvifError
from vedette_server.onvif.masks import (
    check_capacity,
    masks_in_place,
    read_mask_options,
    replace_masks,
)
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.onvif_sources import OnvifSources
from vedette_server.recording.privacy import PrivacyMask

log = logging.getLogger(__name__)

KEY: Final = "camera_masks"
#: Delays between attempts after a failure: doubling from the first to the last.
RETRY_S: Final = (2.0, 60.0)
#: Attempts to take the server's masks off a deleted camera.
TAKE_OFF_ATTEMPTS: Final = 5
#: How often a camera holding the masks is asked whether it still does.
VERIFY_S: Final = 600.0
CALL_TIMEOUT_S: Final = 10.0
ATTEMPT_TIMEOUT_S: Final = 60.0


class MasksState(enum.Enum):
    BY_VEDETTE = "by_vedette"
    PUSHING = "pushing"
    ON_CAMERA = "on_camera"
    FAILED = "failed"


@dataclass(frozen=True)
class MasksReport:
    state: MasksState
    detail: str = ""
    since_us: int | None = None
    camera_masks: int = 0


@dataclass
class MasksEntry:
    """A camera's stored choice, and the tokens of the masks the server set on it."""

    on: bool = False
    tokens: list[str] | None = None


def read_entries() -> dict[int, MasksEntry]:
    """The stored choices and tokens, by camera id (catalog thread)."""
    row = Setting.get_or_none(Setting.key == KEY)
    value = json.loads(str(row.value)) if row is not None else {}
    return {
        int(k): MasksEntry(bool(v.get("on")), [str(t) for t in v.get("tokens", [])])
        for k, v in value.items()
    }


def write_entries(database: SqliteDatabase, entries: dict[int, MasksEntry]) -> None:
    """Store ``entries`` (catalog thread; an entry neither on nor holding tokens is
    left out)."""
    value = {
        str(k): {"on": e.on, "tokens": list(e.tokens or [])}
        for k, e in sorted(entries.items())
        if e.on or e.tokens
    }
    Setting.insert(key=KEY, value=json.dumps(value)).on_conflict_replace().execute(database)


@dataclass(frozen=True)
class _Leaving:
    """Where a deleted camera was, and the tokens of the server's masks on it."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    tokens: list[str] = field(default_factory=list)


class CameraMasks:
    def __init__(
        self,
        thread: CatalogThread,
        catalog: Catalog,
        cameras: CameraRegistry,
        sources: OnvifSources,
        retry_s: tuple[float, float] = RETRY_S,
        verify_s: float = VERIFY_S,
    ) -> None:
        self.thread = thread
        self.catalog = catalog
        self.cameras = cameras
        self.sources = sources
        self.retry_s = retry_s
        self.verify_s = verify_s
        self._entries: dict[int, MasksEntry] = {}
        self._reports: dict[int, MasksReport] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        #: Taking masks off deleted cameras.
        self._leaving: set[asyncio.Task[None]] = set()

    # -- the stored choice and tokens (catalog thread) -----------------------------------

    def _load(self) -> dict[int, MasksEntry]:
        return read_entries()

    def _save(self, entries: dict[int, MasksEntry]) -> None:
        write_entries(self.catalog.database, entries)

    async def _store(self) -> None:
        snapshot = {k: MasksEntry(e.on, list(e.tokens or [])) for k, e in self._entries.items()}
        await self.thread.call(self._save, snapshot)

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._entries = await self.thread.call(self._load)
        for camera_id, entry in self._entries.items():
            if entry.on or entry.tokens:
                self.request(camera_id)

    async def reload(self) -> None:
        """After a configuration import (which stored the file's choices, keeping every
        token the server knew): each camera's stored choice applies, and its masks are
        pushed or removed again. An entry is changed in place, so a push under way
        keeps every token it adds."""
        stored = await self.thread.call(self._load)
        for camera_id, loaded in stored.items():
            entry = self._entries.setdefault(camera_id, MasksEntry(tokens=[]))
            changed = entry.on != loaded.on or not set(loaded.tokens or []) <= set(
                entry.tokens or []
            )
            entry.on = loaded.on
            entry.tokens = entry.tokens if entry.tokens is not None else []
            entry.tokens.extend(t for t in loaded.tokens or [] if t not in entry.tokens)
            if changed or camera_id not in self._tasks:
                self.request(camera_id)
        await self._store()

    async def aclose(self) -> None:
        tasks = [*self._tasks.values(), *self._leaving]
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- what the API asks ----------------------------------------------------------------

    def on_camera(self, camera_id: int) -> bool:
        entry = self._entries.get(camera_id)
        return entry is not None and entry.on

    def report(self, camera_id: int) -> MasksReport:
        entry = self._entries.get(camera_id)
        count = len(entry.tokens or []) if entry is not None else 0
        found = self._reports.get(camera_id, MasksReport(MasksState.BY_VEDETTE))
        return MasksReport(found.state, found.detail, found.since_us, count)

    async def check(self, camera_id: int, count: int) -> None:
        """FAILED_PRECONDITION naming why, unless the camera (reached now) can hold
        ``count`` black rectangles beside the masks it has from elsewhere."""
        async with self._device(camera_id) as device:
            options = await read_mask_options(device)
            check_capacity(device.host, device.port, options, count)

    async def choose(self, camera_id: int, on: bool) -> None:
        """Store the choice and push (or remove) the masks."""
        entry = self._entries.setdefault(camera_id, MasksEntry(tokens=[]))
        entry.on = on
        await self._store()
        self.request(camera_id)

    def request(self, camera_id: int) -> None:
        """(Re)start pushing ``camera_id``'s masks as the catalog has them now."""
        running = self._tasks.pop(camera_id, None)
        if running is not None:
            running.cancel()
        entry = self._entries.get(camera_id)
        if entry is None or not (entry.on or entry.tokens):
            self._reports.pop(camera_id, None)
            return
        self._reports[camera_id] = MasksReport(MasksState.PUSHING, "starting", now_us())
        task = asyncio.get_running_loop().create_task(
            self._run(camera_id, running), name=f"camera {camera_id} masks"
        )
        self._tasks[camera_id] = task

    async def leaving(self, camera_id: int) -> _Leaving | None:
        """Before the camera is deleted: how to reach it to take the server's masks
        off afterwards (None when it holds none of them)."""
        entry = self._entries.get(camera_id)
        if entry is None or not entry.tokens:
            return None
        source = await self.thread.call(self.sources.get, camera_id)
        if source is None:
            return None
        credentials = await self.thread.call(self.cameras.credentials, camera_id)
        user, password = (credentials.user, credentials.password) if credentials else ("", "")
        return _Leaving(source.host, source.port, user, password, list(entry.tokens))

    async def forget(self, camera_id: int, leaving: _Leaving | None = None) -> None:
        """The camera is deleted: stop pushing, drop its entry, and take the server's
        masks off the camera in the background (``leaving``, read before the delete):
        a few attempts, then a WARNING that they stay on it."""
        running = self._tasks.pop(camera_id, None)
        if running is not None:
            running.cancel()
        self._reports.pop(camera_id, None)
        if self._entries.pop(camera_id, None) is not None:
            await self._store()
        if leaving is not None:
            task = asyncio.get_running_loop().create_task(
                self._take_off(camera_id, leaving), name=f"deleted camera {camera_id} masks"
            )
            self._leaving.add(task)
            task.add_done_callback(self._leaving.discard)

    async def _take_off(self, camera_id: int, leaving: _Leaving) -> None:
        delay = self.retry_s[0]
        for attempt in range(1, TAKE_OFF_ATTEMPTS + 1):
            try:
                async with _connect(
                    leaving.host, leaving.port, leaving.user, leaving.password
                ) as device:
                    await replace_masks(device, (), leaving.tokens)
            except Exception as error:  # the camera may be gone for good: say so below
                log.info("deleted camera %d: masks not removed yet (%s)", camera_id, error)
                if attempt < TAKE_OFF_ATTEMPTS:
                    await asyncio.sleep(delay)
                    delay = min(2 * delay, self.retry_s[1])
                continue
            log.info("deleted camera %d: the masks the server had set on it are removed", camera_id)
            return
        log.warning(
            "deleted camera %d: the %d privacy mask(s) the server set on it stay on the camera"
            " at %s:%d (it did not answer %d attempts); remove them in its web page",
            camera_id,
            len(leaving.tokens),
            leaving.host,
            leaving.port,
            TAKE_OFF_ATTEMPTS,
        )

    # -- pushing --------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _device(self, camera_id: int) -> AsyncIterator[OnvifDevice]:
        record = await self.thread.call(self.cameras.get, camera_id)
        source = await self.thread.call(self.sources.get, camera_id)
        if source is None:
            raise FailedPrecondition(
                f"camera {record.name} was not added over ONVIF (AddOnvifCamera): it cannot"
                " apply privacy masks itself"
            )
        credentials = await self.thread.call(self.cameras.credentials, camera_id)
        user, password = (credentials.user, credentials.password) if credentials else ("", "")
        async with _connect(source.host, source.port, user, password) as device:
            yield device

    async def _attempt(self, camera_id: int, entry: MasksEntry) -> tuple[PrivacyMask, ...]:
        masks = (await self.thread.call(self.cameras.get, camera_id)).privacy_masks
        wanted = masks if entry.on else ()
        tokens = entry.tokens if entry.tokens is not None else []
        entry.tokens = tokens
        try:
            async with self._device(camera_id) as device:
                await replace_masks(device, wanted, tokens)
        finally:
            await self._store()
        return wanted

    async def _run(self, camera_id: int, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await previous
        delay = self.retry_s[0]
        while True:
            entry = self._entries.get(camera_id)
            if entry is None:
                return
            try:
                wanted = await self._attempt(camera_id, entry)
            except NotFound:  # deleted meanwhile
                self._entries.pop(camera_id, None)
                self._reports.pop(camera_id, None)
                await self._store()
                self._done(camera_id)
                return
            except Exception as error:  # whatever it is, the status says so and it retries
                reason = str(error) or type(error).__name__
                self._reports[camera_id] = MasksReport(MasksState.FAILED, reason, now_us())
                log.warning(
                    "camera %d: privacy masks not set on the camera (%s); again in %g s",
                    camera_id,
                    reason,
                    delay,
                    exc_info=not isinstance(error, (OnvifError, FailedPrecondition, OSError)),
                )
                await asyncio.sleep(delay)
                delay = min(2 * delay, self.retry_s[1])
                continue
            if entry.on:
                detail = f"{len(wanted)} mask(s) set on the camera and read back"
                self._reports[camera_id] = MasksReport(MasksState.ON_CAMERA, detail, now_us())
            else:
                detail = "the masks the server had set on the camera are removed"
                self._reports[camera_id] = MasksReport(MasksState.BY_VEDETTE, detail, now_us())
            log.info("camera %d: %s", camera_id, detail)
            if not entry.on:
                self._done(camera_id)
                return
            await self._watch(camera_id, entry, wanted)
            delay = self.retry_s[0]

    async def _watch(
        self, camera_id: int, entry: MasksEntry, wanted: tuple[PrivacyMask, ...]
    ) -> None:
        """Return once the camera no longer holds the masks set on it (asked every
        ``verify_s``; a camera that does not answer is asked again later)."""
        while True:
            await asyncio.sleep(self.verify_s)
            try:
                async with self._device(camera_id) as device:
                    if await masks_in_place(device, wanted, entry.tokens or []):
                        continue
            except NotFound:
                return  # deleted meanwhile: the attempt says so
            except Exception as error:  # unreachable now: the camera's status says so
                log.debug("camera %d: masks not checked (%s)", camera_id, error)
                continue
            detail = "the camera no longer holds the masks set on it: setting them again"
            log.warning("camera %d: %s", camera_id, detail)
            self._reports[camera_id] = MasksReport(MasksState.PUSHING, detail, now_us())
            return

    def _done(self, camera_id: int) -> None:
        if self._tasks.get(camera_id) is asyncio.current_task():
            del self._tasks[camera_id]


@contextlib.asynccontextmanager
async def _connect(host: str, port: int, user: str, password: str) -> AsyncIterator[OnvifDevice]:
    """The camera's ONVIF device for one attempt: each call bounded by
    ``CALL_TIMEOUT_S``, the whole attempt by ``ATTEMPT_TIMEOUT_S`` (CameraUnreachable)."""
    try:
        async with asyncio.timeout(ATTEMPT_TIMEOUT_S):
            async with OnvifDevice(host, port, user, password, timeout_s=CALL_TIMEOUT_S) as device:
                yield device
    except TimeoutError:
        raise CameraUnreachable(
            host, port, f"no complete answer within {ATTEMPT_TIMEOUT_S:g} s"
        ) from None
