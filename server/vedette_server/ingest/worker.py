"""Ingest worker process: ``python -m vedette_server.ingest.worker --fd N``.

The child end of a socketpair is inherited as file descriptor N. The worker records
the cameras of its last CONFIGURE (a thread per stream, stream_recorder.py), sends
HEALTH for every stream each second, and obeys SET_VOLUMES, SET_LIVE and STOP
(messages.py).

Invariants:
- The worker exits cleanly, closing every open segment (SEGMENT_CLOSED sent while
  the socket is still open), on STOP, on SIGTERM, and on EOF of its socket (the
  main process is gone). On Linux it asks for SIGTERM when its parent dies
  (``PR_SET_PDEATHSIG``), so a kill -9 of the main process still closes segments.
- SIGINT is ignored: Ctrl-C in a terminal reaches the whole process group, and
  the main process stops its workers itself, in order.
- Nothing logged or sent carries a camera password.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import signal
import socket
import sys
import threading
import time
from dataclasses import replace

from vedette_server.child_processes import set_parent_death_signal
from vedette_server.ingest.channel import WorkerChannel
from vedette_server.ingest.config import CameraIngestConfig, StreamName
from vedette_server.ingest.messages import Command, Configure, SetLive, SetVolumes, Stop
from vedette_server.ingest.stream_recorder import StreamRecorder

log = logging.getLogger("vedette_server.ingest.worker")

HEALTH_INTERVAL_S = 1.0
STOP_GRACE_S = 3.0


def _retire(recorders: list[StreamRecorder], grace_s: float = STOP_GRACE_S) -> None:
    """Stop recorders and wait for them (blocking); stuck ones are abandoned."""
    for recorder in recorders:
        recorder.stop()
    deadline = time.monotonic() + grace_s
    for recorder in recorders:
        if not recorder.join(max(0.0, deadline - time.monotonic())):
            recorder.abandon()


class IngestWorker:
    """The worker's main thread: commands in, health out, recorders in between."""

    def __init__(self, channel: WorkerChannel) -> None:
        self._channel = channel
        self._cameras: dict[int, CameraIngestConfig] = {}
        self._recorders: dict[tuple[int, StreamName], StreamRecorder] = {}
        self._live: set[tuple[int, StreamName]] = set()

    def run(self, wake_fd: int, sock: socket.socket) -> int:
        """Serve until STOP, SIGTERM (``wake_fd`` readable) or EOF (blocking)."""
        self._channel.start()
        next_health = time.monotonic() + HEALTH_INTERVAL_S
        try:
            while True:
                timeout = max(0.0, next_health - time.monotonic())
                readable, _, _ = select.select([sock.fileno(), wake_fd], [], [], timeout)
                if wake_fd in readable:
                    log.info("SIGTERM: stopping")
                    return 0
                if sock.fileno() in readable:
                    commands = self._channel.receive(HEALTH_INTERVAL_S)
                    if commands is None:
                        log.info("main process gone: stopping")
                        return 0
                    for command in commands:
                        if isinstance(command, Stop):
                            return 0
                        self.apply(command)
                if time.monotonic() >= next_health:
                    next_health = time.monotonic() + HEALTH_INTERVAL_S
                    for recorder in list(self._recorders.values()):
                        self._channel.send(recorder.health())
        finally:
            self.shutdown()

    def apply(self, command: Command) -> None:
        match command:
            case Configure(cameras, not_before_us):
                self._configure(cameras, not_before_us)
            case SetVolumes(camera_id, volumes):
                camera = self._cameras.get(camera_id)
                if camera is not None:
                    self._cameras[camera_id] = replace(camera, volumes=volumes)
                    for (cid, _), recorder in self._recorders.items():
                        if cid == camera_id:
                            recorder.set_volumes(volumes)
            case SetLive(camera_id, stream, on):
                key = (camera_id, stream)
                if on:
                    self._live.add(key)
                    self._channel.start_live(camera_id, stream)
                else:
                    self._live.discard(key)
                if key in self._recorders:
                    self._recorders[key].live = on

    def _configure(self, cameras: tuple[CameraIngestConfig, ...], not_before_us: int) -> None:
        wanted = {camera.camera_id: camera for camera in cameras}
        retired: list[StreamRecorder] = []
        for camera_id, old in list(self._cameras.items()):
            new = wanted.get(camera_id)
            if new == old:
                continue
            if new is not None and new == replace(
                old,
                volumes=new.volumes,
                record_reasons=new.record_reasons,
                sub_record_reasons=new.sub_record_reasons,
                tentative_streams=new.tentative_streams,
            ):
                # Where and why to record change without a reconnect.
                self._cameras[camera_id] = new
                for stream in new.streams():
                    self._recorders[(camera_id, stream)].update(new)
                continue
            retired += [self._recorders.pop((camera_id, s)) for s in old.streams()]
            del self._cameras[camera_id]
        for camera_id, camera in wanted.items():
            if camera_id not in self._cameras:
                self._start(camera, not_before_us)
        if retired:
            threading.Thread(target=_retire, args=(retired,), daemon=True).start()

    def _start(self, camera: CameraIngestConfig, not_before_us: int) -> None:
        self._cameras[camera.camera_id] = camera
        for stream in camera.streams():
            recorder = StreamRecorder(
                camera,
                stream,
                emit=self._channel.send,
                send_packet=self._channel.send_packet,
                not_before_us=max(not_before_us, camera.resume_after(stream)),
            )
            recorder.live = (camera.camera_id, stream) in self._live
            if recorder.live:
                self._channel.start_live(camera.camera_id, stream)
            self._recorders[(camera.camera_id, stream)] = recorder
            recorder.start()

    def shutdown(self) -> None:
        """Close every segment and flush the socket (blocking, a few seconds at most)."""
        recorders = list(self._recorders.values())
        self._recorders.clear()
        _retire(recorders)
        self._channel.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vedette_server.ingest.worker")
    parser.add_argument("--fd", type=int, required=True, help="inherited socketpair end")
    parser.add_argument("--parent-pid", type=int, default=0, help="exit if no longer its child")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level,
        format=f"%(asctime)s ingest-worker[{os.getpid()}] %(levelname)s %(name)s: %(message)s",
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    set_parent_death_signal(signal.SIGTERM)
    if args.parent_pid and os.getppid() != args.parent_pid:
        log.info("parent %s already gone", args.parent_pid)
        return 0
    sock = socket.socket(fileno=args.fd)
    code = IngestWorker(WorkerChannel(sock)).run(wake_r, sock)
    logging.shutdown()
    # Stream threads stuck in a network read (already abandoned) must not hold the
    # exit up in interpreter finalisation.
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
