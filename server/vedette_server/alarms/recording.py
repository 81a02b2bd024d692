"""The record action's windows: cameras a rule names record [start − pre, end + post]
with their own policy's pre/post, even where their schedule does not arm that
trigger (``recording/keeper.py`` claims them like an event's window).

A window lasts while its cause does (``end``) and is forgotten ``FORGET_AFTER_US``
after it ended, well after the keeper claimed it. The keeper asks for them each second;
with a ``path`` the windows are also written there (JSON, fsynced, replaced whole) at
most once per ask when they changed, and read back at start: a server that restarts
or loses power inside a window still keeps the tentative segments of its pre/post and
the post after the restart (a window still open when the server went down ends at the
start, the last moment its cause is known to have lasted; the keeper adds the post).

Thread-safe: ``keep``/``end`` on the event loop, ``windows`` on the catalog thread.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Final, NamedTuple

from vedette_server.catalog.models import RecordReason

#: Longer than the longest post-alarm (10 min) plus the reaper's TTL (≥ 2 min).
FORGET_AFTER_US: Final = 900_000_000
MAX_WINDOWS: Final = 4096

log = logging.getLogger(__name__)


class ForcedWindow(NamedTuple):
    camera_id: int
    start_us: int
    end_us: int | None
    reason: RecordReason


class AlarmRecordings:
    def __init__(
        self,
        reason: RecordReason = RecordReason.SENSOR,
        path: Path | None = None,
        started_us: int = 0,
    ) -> None:
        self._lock = threading.Lock()
        self._windows: dict[tuple[int, str, int], int | None] = {}
        self._reason = reason
        self._path = path
        self._dirty = False
        if path is not None:
            self._windows = _read(path, started_us)

    def keep(self, camera_id: int, key: str, start_us: int, end_us: int | None) -> None:
        with self._lock:
            if len(self._windows) >= MAX_WINDOWS:
                oldest = min(self._windows, key=lambda k: k[2])
                del self._windows[oldest]
            slot = (camera_id, key, start_us)
            self._windows[slot] = end_us
            self._dirty = True

    def end(self, key: str, end_us: int) -> None:
        with self._lock:
            for slot, end in self._windows.items():
                if slot[1] == key and end is None:
                    self._windows[slot] = max(end_us, slot[2])
                    self._dirty = True

    def windows(self, now_us: int) -> list[ForcedWindow]:
        """The windows still worth claiming (forgets the old ones)."""
        with self._lock:
            for slot, end in list(self._windows.items()):
                if end is not None and end + FORGET_AFTER_US < now_us:
                    del self._windows[slot]
                    self._dirty = True
            windows = [
                ForcedWindow(camera, start, end, self._reason)
                for (camera, _, start), end in self._windows.items()
            ]
            saved = dict(self._windows) if self._dirty and self._path is not None else None
            self._dirty = False
        if saved is not None and self._path is not None:
            try:
                _write(self._path, saved)
            except OSError as error:
                # Kept in memory all the same; tried again at the next ask.
                with self._lock:
                    self._dirty = True
                log.warning("alarm record windows not saved to %s: %s", self._path, error)
        return windows


def _write(path: Path, windows: dict[tuple[int, str, int], int | None]) -> None:
    """Replace ``path`` whole, durably: a cut leaves the old file or the new one."""
    rows = [[camera, key, start, end] for (camera, key, start), end in windows.items()]
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as file:
        json.dump({"version": 1, "windows": rows}, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _read(path: Path, started_us: int) -> dict[tuple[int, str, int], int | None]:
    """The windows saved before a restart; open ones end at ``started_us``. A missing
    file is none; an unreadable one is logged and read as none (the keeper's own
    event windows still keep what each camera's policy arms)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        log.warning("alarm record windows not read from %s: %s", path, error)
        return {}
    try:
        rows = json.loads(text)["windows"]
        windows: dict[tuple[int, str, int], int | None] = {}
        for camera, key, start, end in rows[-MAX_WINDOWS:]:
            if not (isinstance(camera, int) and isinstance(key, str) and isinstance(start, int)):
                raise ValueError("a window is not [camera, key, start, end]")
            if end is not None and not isinstance(end, int):
                raise ValueError("a window's end is not a number")
            windows[(camera, key, start)] = max(end if end is not None else started_us, start)
        return windows
    except (ValueError, KeyError, TypeError) as error:
        log.warning("alarm record windows in %s not read (%s); none kept", path, error)
        return {}
