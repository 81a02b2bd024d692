"""One motion worker process under supervision (the runner's side of ``motion.worker``).

``MotionWorker`` spawns ``python -m vedette_server.motion.worker`` with one end of a
socketpair, keeps its writer for the runner's records (``send``), reads its results
and hands each analysed frame to ``on_frame``. When the process exits it is started
again, paced by ``restart_pacing`` (at once, then 0.5 s, 1 s … 30 s while it keeps
dying within 10 s), until ``stop``. ``on_up`` is told once a process runs (with its
pid), ``on_down`` once it has exited, before any restart and at the stop; the worker's
``cameras`` are the runner's to fill.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from vedette_api.media.records import CorruptRecord, RecordDecoder
from vedette_server.motion import worker as wire
from vedette_server.motion.restart_pacing import RestartPacing

log = logging.getLogger(__name__)

_READ_BYTES = 256 * 1024


@dataclass
class MotionWorker:
    index: int
    python: str
    on_up: Callable[[MotionWorker, int], None]
    on_down: Callable[[MotionWorker], None]
    on_frame: Callable[[dict[str, object]], None]
    cameras: set[int] = field(default_factory=set)
    writer: asyncio.StreamWriter | None = None
    process: asyncio.subprocess.Process | None = None
    task: asyncio.Task[None] | None = None
    stopping: bool = False
    pacing: RestartPacing = field(default_factory=RestartPacing)

    def start(self) -> None:
        """Run the process, restarted whenever it dies, until ``stop``."""
        self.task = asyncio.get_running_loop().create_task(
            self._supervise(), name=f"motion worker {self.index}"
        )

    def send(self, record: bytes) -> None:
        """Write a record to the process, if one runs (dropped otherwise)."""
        if self.writer is not None and not self.writer.is_closing():
            self.writer.write(record)

    async def stop(self) -> None:
        """Terminate the process (killed after 5 s) and end the supervision."""
        self.stopping = True
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
        if self.task is not None:
            done, _ = await asyncio.wait({self.task}, timeout=5.0)
            if not done:
                if self.process is not None:
                    with contextlib.suppress(ProcessLookupError):
                        self.process.kill()
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task

    async def _supervise(self) -> None:
        while not _stopping(self):
            started = time.monotonic()
            try:
                returncode: int | None = await self._run_once()
            except (OSError, ValueError) as error:
                log.error("motion worker %d could not run: %s", self.index, error)
                returncode = None
            self.on_down(self)
            if _stopping(self):
                return
            log.warning("motion worker %d exited with %s: restarting", self.index, returncode)
            delay_s = self.pacing.died(time.monotonic() - started)
            if delay_s > 0:
                await asyncio.sleep(delay_s)

    async def _run_once(self) -> int:
        parent, child = socket.socketpair()
        try:
            process = await asyncio.create_subprocess_exec(
                self.python,
                "-m",
                "vedette_server.motion.worker",
                "--fd",
                str(child.fileno()),
                "--log-level",
                logging.getLevelName(logging.getLogger().getEffectiveLevel()),
                pass_fds=(child.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
            )
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent)
        self.process, self.writer = process, writer
        log.info("motion worker %d started (pid %d)", self.index, process.pid)
        self.on_up(self, process.pid)
        reading = asyncio.create_task(self._read(reader))
        try:
            return await process.wait()
        finally:
            reading.cancel()
            self.writer = None
            writer.close()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        decoder = RecordDecoder()
        while data := await reader.read(_READ_BYTES):
            try:
                records = decoder.feed(data)
            except CorruptRecord as error:
                log.error("motion worker: unreadable results: %s", error)
                return
            for record in records:
                if record.kind == wire.FRAME:
                    try:
                        self.on_frame(json.loads(record.payload))
                    except Exception:
                        log.exception("motion worker: a result could not be handled")


def _stopping(worker: MotionWorker) -> bool:
    """A function, not the attribute: mypy would keep its narrowing across awaits."""
    return worker.stopping
