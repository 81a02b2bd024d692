"""The main process's side of ingest: worker processes, their cameras, their messages.

:class:`IngestSupervisor` (asyncio; nothing here blocks the loop) spreads cameras
over worker processes (``cameras_per_worker`` each), spawns each worker with
``python -m vedette_server.ingest.worker --fd N`` and one end of a socketpair,
forwards every message a worker sends to the ``on_message`` given to ``start()``
(on the loop, in order),
and restarts a worker that dies.

Invariants:
- A camera is recorded by exactly one worker. Assignment is sticky: changing the
  camera list starts, reconfigures or stops only the workers whose cameras changed,
  so other cameras never stop recording.
- A worker that dies unexpectedly is restarted at once (crash loops are throttled:
  a worker that dies within ``STABLE_RUN_S`` of its start waits 0.5 s, 1 s, 2 s …
  up to ``MAX_RESTART_DELAY_S``), with its cameras' current configuration and live
  settings, and told to write nothing older than its predecessor's death, so the
  two never overlap. Every exit is reported as ``WorkerExited``; an unexpected one
  means the segments its cameras had open must be recovered from their files.
- ``aclose`` sends STOP, waits ``stop_timeout_s`` for workers to close their
  segments, then kills what is left.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from vedette_api.media.records import CorruptRecord, RecordDecoder
from vedette_api.timestamps import now_us
from vedette_server.ingest.config import STREAMS, CameraIngestConfig, StreamName, VolumeTarget
from vedette_server.ingest.messages import (
    BadMessage,
    Command,
    Configure,
    SetLive,
    SetVolumes,
    Stop,
    WorkerExited,
    WorkerMessage,
    decode_message,
    encode_message,
)

log = logging.getLogger(__name__)

STABLE_RUN_S = 10.0
MAX_RESTART_DELAY_S = 30.0
_READ_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    worker_id: int
    pid: int | None
    camera_ids: tuple[int, ...]


@dataclass(eq=False)
class _Slot:
    """One worker process (and its successors after restarts)."""

    worker_id: int
    cameras: dict[int, CameraIngestConfig] = field(default_factory=dict)
    process: asyncio.subprocess.Process | None = None
    writer: asyncio.StreamWriter | None = None
    task: asyncio.Task[None] | None = None
    stopping: bool = False
    quick_deaths: int = 0
    configured: tuple[int, ...] = ()  # the cameras of the last CONFIGURE sent
    retired: asyncio.Event = field(default_factory=asyncio.Event)


def _stopping(slot: _Slot) -> bool:
    # A function, so that type checkers do not assume it unchanged across awaits.
    return slot.stopping


class IngestSupervisor:
    """Runs ingest worker processes for the main process; see the module docstring."""

    def __init__(
        self,
        *,
        cameras_per_worker: int = 4,
        python: str = sys.executable,
        stop_timeout_s: float = 10.0,
        worker_log_level: str = "INFO",
    ) -> None:
        if cameras_per_worker < 1:
            raise ValueError(f"cameras_per_worker: {cameras_per_worker} is below 1")
        self._on_message: Callable[[WorkerMessage], None] | None = None
        self.cameras_per_worker = cameras_per_worker
        self._python = python
        self._stop_timeout_s = stop_timeout_s
        self._worker_log_level = worker_log_level
        self._slots: list[_Slot] = []
        self._retiring: set[asyncio.Task[None]] = set()
        self._live: set[tuple[int, StreamName]] = set()
        self._next_worker_id = 1
        self._started = False
        self._closed = False

    # -- public API -----------------------------------------------------------------

    async def start(self, on_message: Callable[[WorkerMessage], None]) -> None:
        """Ready to accept cameras (workers start with ``set_cameras``); every message
        a worker sends goes to ``on_message`` from now on."""
        self._on_message = on_message
        self._started = True

    def workers(self) -> tuple[WorkerInfo, ...]:
        return tuple(
            WorkerInfo(
                s.worker_id,
                s.process.pid if s.process is not None and s.process.returncode is None else None,
                tuple(sorted(s.cameras)),
            )
            for s in self._slots
        )

    async def set_cameras(self, cameras: Sequence[CameraIngestConfig]) -> None:
        """Record exactly these cameras; ValueError (naming the field) for a bad one."""
        if not self._started or self._closed:
            raise RuntimeError("IngestSupervisor: set_cameras before start() or after aclose()")
        wanted = {c.camera_id: c.validate() for c in cameras}
        if len(wanted) != len(cameras):
            raise ValueError("cameras: a camera_id appears twice")
        changed: set[_Slot] = set()
        for slot in self._slots:
            kept = {cid: wanted[cid] for cid in slot.cameras if cid in wanted}
            if kept != slot.cameras:
                slot.cameras = kept
                changed.add(slot)
        assigned = {cid for slot in self._slots for cid in slot.cameras}
        for camera_id in sorted(set(wanted) - assigned):
            slot = self._slot_with_room()
            slot.cameras[camera_id] = wanted[camera_id]
            changed.add(slot)
        for slot in changed:
            if not slot.cameras:
                self._retire(slot)
            elif slot.task is None:
                slot.task = asyncio.create_task(
                    self._supervise(slot), name=f"ingest-{slot.worker_id}"
                )
            else:
                self._configure(slot, 0)

    def set_volumes(self, camera_id: int, volumes: Sequence[VolumeTarget]) -> None:
        """Change where a camera records from its next segment on."""
        slot = self._slot_of(camera_id)
        if slot is None:
            raise KeyError(f"camera_id: {camera_id} is not recorded")
        slot.cameras[camera_id] = replace(slot.cameras[camera_id], volumes=tuple(volumes))
        self._send(slot, SetVolumes(camera_id, tuple(volumes)))

    def set_live(self, camera_id: int, stream: StreamName, on: bool) -> None:
        """Forward one stream's packets as PACKET messages (or stop doing so)."""
        if stream not in STREAMS:
            raise ValueError(f"stream: {stream!r}, expected 'main' or 'sub'")
        key = (camera_id, stream)
        if on:
            self._live.add(key)
        else:
            self._live.discard(key)
        slot = self._slot_of(camera_id)
        if slot is not None:
            self._send(slot, SetLive(camera_id, stream, on))

    async def aclose(self) -> None:
        """Stop every worker: STOP, wait for segments to close, kill after a timeout."""
        self._closed = True
        for slot in list(self._slots):
            self._retire(slot)
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)

    # -- internals --------------------------------------------------------------------

    def _slot_with_room(self) -> _Slot:
        for slot in self._slots:
            if not slot.stopping and len(slot.cameras) < self.cameras_per_worker:
                return slot
        slot = _Slot(self._next_worker_id)
        self._next_worker_id += 1
        self._slots.append(slot)
        return slot

    def _slot_of(self, camera_id: int) -> _Slot | None:
        return next((s for s in self._slots if camera_id in s.cameras), None)

    def _send(self, slot: _Slot, command: Command) -> None:
        writer = slot.writer
        if writer is not None and not writer.is_closing():
            writer.write(encode_message(command))

    def _configure(self, slot: _Slot, not_before_us: int) -> None:
        slot.configured = tuple(sorted(slot.cameras))
        self._send(slot, Configure(tuple(slot.cameras.values()), not_before_us))

    def _retire(self, slot: _Slot) -> None:
        slot.stopping = True
        slot.retired.set()
        if slot in self._slots:
            self._slots.remove(slot)
        task = asyncio.create_task(self._stop_slot(slot), name=f"ingest-stop-{slot.worker_id}")
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _stop_slot(self, slot: _Slot) -> None:
        self._send(slot, Stop())
        if slot.task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(slot.task), self._stop_timeout_s)
        except TimeoutError:
            process = slot.process
            if process is not None and process.returncode is None:
                log.warning("ingest worker %s did not stop: killing it", slot.worker_id)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
            done, _ = await asyncio.wait({slot.task}, timeout=2.0)
            if not done:  # e.g. waiting out a crash-loop delay
                slot.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await slot.task

    async def _spawn(
        self, slot: _Slot, not_before_us: int
    ) -> tuple[asyncio.subprocess.Process, asyncio.StreamReader]:
        parent_sock, child_sock = socket.socketpair()
        try:
            process = await asyncio.create_subprocess_exec(
                self._python,
                "-m",
                "vedette_server.ingest.worker",
                "--fd",
                str(child_sock.fileno()),
                "--parent-pid",
                str(os.getpid()),
                "--log-level",
                self._worker_log_level,
                pass_fds=(child_sock.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
            )
        except BaseException:
            parent_sock.close()
            raise
        finally:
            child_sock.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent_sock)
        slot.process, slot.writer = process, writer
        self._configure(slot, not_before_us)
        for camera_id, stream in sorted(self._live):
            if camera_id in slot.cameras:
                self._send(slot, SetLive(camera_id, stream, True))
        log.info("ingest worker %s started (pid %s)", slot.worker_id, process.pid)
        return process, reader

    async def _supervise(self, slot: _Slot) -> None:
        """Run the slot's worker until it is retired, restarting it when it dies."""
        not_before_us = 0
        while not slot.stopping:
            started = time.monotonic()
            try:
                returncode = await self._run_once(slot, not_before_us)
            except (OSError, ValueError) as e:  # cannot spawn (bad python, no fds …)
                log.error("ingest worker %s could not run: %s", slot.worker_id, e)
                returncode = None
            expected = _stopping(slot)
            # What the dead worker wrote ends about now; its successor starts after.
            not_before_us = now_us()
            exited = WorkerExited(slot.worker_id, returncode, slot.configured, expected)
            self._deliver(exited)
            if expected:
                break
            log.warning("ingest worker %s exited with %s: restarting", slot.worker_id, returncode)
            ran_s = time.monotonic() - started
            slot.quick_deaths = slot.quick_deaths + 1 if ran_s < STABLE_RUN_S else 0
            if slot.quick_deaths > 1:
                delay = min(MAX_RESTART_DELAY_S, 0.5 * 2 ** (slot.quick_deaths - 2))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(slot.retired.wait(), delay)

    async def _run_once(self, slot: _Slot, not_before_us: int) -> int:
        """Spawn the worker, relay its messages until it exits; its exit code."""
        process, reader = await self._spawn(slot, not_before_us)
        if _stopping(slot):  # retired while spawning: the STOP went nowhere
            self._send(slot, Stop())
        reading = asyncio.create_task(self._read(slot, reader))
        try:
            returncode = await process.wait()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reading, 2.0)
        finally:
            reading.cancel()
            if slot.writer is not None:
                slot.writer.close()
                slot.writer = None
        return returncode

    async def _read(self, slot: _Slot, reader: asyncio.StreamReader) -> None:
        decoder = RecordDecoder()
        while True:
            try:
                data = await reader.read(_READ_BYTES)
            except OSError as e:  # reset: the worker died with unread commands
                log.info("ingest worker %s: socket closed: %s", slot.worker_id, e)
                return
            if not data:
                return
            try:
                records = decoder.feed(data)
            except CorruptRecord as e:
                log.error("ingest worker %s: unreadable stream: %s", slot.worker_id, e)
                return
            for record in records:
                try:
                    message = decode_message(record)
                except BadMessage as e:
                    log.error("ingest worker %s: %s", slot.worker_id, e)
                    continue
                if not isinstance(message, (Configure, SetVolumes, SetLive, Stop)):
                    self._deliver(message)

    def _deliver(self, message: WorkerMessage) -> None:
        if self._on_message is None:  # unreachable: no worker runs before start()
            return
        try:
            self._on_message(message)
        except Exception:
            log.exception("on_message failed for %s", type(message).__name__)
