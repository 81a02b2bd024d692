"""A motion worker process: packets of some cameras in, analysed frames and events out.

Spawned by ``runner.MotionRunner`` as ``python -m vedette_server.motion.worker --fd N``
with one end of a socketpair; decode never runs in the ingest workers or on the
server's event loop. Messages are records (``vedette_api.media.records``) of the kinds
below, JSON payloads except for packets:

- in: CONFIGURE (camera_id, MotionConfig fields; ``null`` stops the camera), CODECS
  (camera_id, codec, extradata hex), PACKET (flags: keyframe; timestamp: the frame's
  wall-clock µs; payload: u32 camera_id + Annex B access unit), RESET (camera_id: the
  stream skipped; the next frame starts a new background).
- out: FRAME per analysed frame (camera_id, pts_us, packed cells hex, areas, started
  start_us, ended [start_us, end_us], cpu_us spent on the camera since the last FRAME).

A corrupt stream never ends the process: a packet the decoder refuses is counted by
``FrameDecoder``; any other error for one camera drops its decoder (a new one starts
at the next CODECS or keyframe) and is logged. The process ends when its socket closes
(the server went away) or on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass
from typing import Any

from vedette_api.media.packet import Codec, CodecParameters
from vedette_api.media.records import (
    FLAG_KEYFRAME,
    CorruptRecord,
    Record,
    RecordDecoder,
    encode_record,
)
from vedette_server.child_processes import set_parent_death_signal
from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.decode import FrameDecoder
from vedette_server.motion.detector import MotionDetector

log = logging.getLogger(__name__)

# Record kinds (≥ FIRST_IPC_KIND, apart from the ingest workers' 16..).
CONFIGURE = 64
CODECS = 65
PACKET = 66
RESET = 67
FRAME = 80

_CAMERA = struct.Struct(">I")
_READ_BYTES = 256 * 1024


def json_record(kind: int, data: dict[str, Any]) -> bytes:
    return encode_record(kind, 0, 0, 0, json.dumps(data, separators=(",", ":")).encode())


def packet_record(camera_id: int, timestamp_us: int, keyframe: bool, data: bytes) -> bytes:
    flags = FLAG_KEYFRAME if keyframe else 0
    return encode_record(PACKET, flags, timestamp_us, 0, _CAMERA.pack(camera_id) + data)


def config_to_json(config: MotionConfig) -> dict[str, Any]:
    return {
        "sensitivity": config.sensitivity,
        "make_frames": config.make_frames,
        "hold_s": config.hold_s,
        "fps": config.fps,
        "areas": [[a.name, grid.pack(a.cells).hex()] for a in config.areas],
    }


def config_from_json(data: dict[str, Any]) -> MotionConfig:
    areas = tuple(
        MotionArea(name, grid.unpack(bytes.fromhex(cells))) for name, cells in data["areas"]
    )
    return MotionConfig(
        sensitivity=int(data["sensitivity"]),
        make_frames=int(data["make_frames"]),
        hold_s=float(data["hold_s"]),
        fps=float(data["fps"]),
        areas=areas,
    )


@dataclass
class _Camera:
    config: MotionConfig
    params: CodecParameters | None = None
    decoder: FrameDecoder | None = None
    detector: MotionDetector | None = None
    cpu_us: int = 0


class MotionWorker:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.cameras: dict[int, _Camera] = {}

    def run(self) -> int:
        decoder = RecordDecoder()
        while True:
            try:
                data = self.sock.recv(_READ_BYTES)
            except OSError:
                return 0
            if not data:
                return 0
            try:
                records = decoder.feed(data)
            except CorruptRecord as error:
                log.error("motion worker: unreadable commands: %s", error)
                return 1
            try:
                for record in records:
                    self._handle(record)
            except (BrokenPipeError, ConnectionResetError):  # the server went away
                return 0

    def _handle(self, record: Record) -> None:
        if record.kind == PACKET:
            (camera_id,) = _CAMERA.unpack_from(record.payload)
            camera = self.cameras.get(camera_id)
            if camera is not None:
                self._packet(camera_id, camera, record)
            return
        try:
            data = json.loads(record.payload)
            camera_id = int(data["camera_id"])
            if record.kind == CONFIGURE:
                self._configure(camera_id, data.get("config"))
            elif record.kind == CODECS:
                self._codecs(camera_id, data)
            elif record.kind == RESET:
                camera = self.cameras.get(camera_id)
                if camera is not None and camera.detector is not None:
                    camera.detector.reset()
        except (KeyError, TypeError, ValueError, InvalidArgument) as error:
            log.error("motion worker: bad command of kind %d: %s", record.kind, error)

    def _configure(self, camera_id: int, config: dict[str, Any] | None) -> None:
        if config is None:
            self.cameras.pop(camera_id, None)
            return
        parsed = config_from_json(config)
        camera = self.cameras.get(camera_id)
        if camera is None:
            self.cameras[camera_id] = _Camera(parsed)
        else:
            camera.config = parsed
            camera.detector = MotionDetector(parsed)
            if camera.params is not None:
                camera.decoder = self._decoder(camera_id, camera.params, parsed)

    def _codecs(self, camera_id: int, data: dict[str, Any]) -> None:
        camera = self.cameras.get(camera_id)
        if camera is None:
            return
        params = CodecParameters(Codec(data["codec"]), bytes.fromhex(data["extradata"]))
        camera.params = params
        camera.decoder = self._decoder(camera_id, params, camera.config)
        camera.detector = MotionDetector(camera.config)

    @staticmethod
    def _decoder(
        camera_id: int, params: CodecParameters, config: MotionConfig
    ) -> FrameDecoder | None:
        try:
            return FrameDecoder(params, fps=config.fps)
        except InvalidArgument as error:
            log.warning("camera %d: no motion detection: %s", camera_id, error)
            return None

    def _packet(self, camera_id: int, camera: _Camera, record: Record) -> None:
        if camera.decoder is None or camera.detector is None:
            return
        started_cpu = time.thread_time_ns()
        try:
            frames = camera.decoder.decode(
                record.payload[_CAMERA.size :], record.keyframe, record.timestamp_us
            )
            results = [camera.detector.feed(f.luma, f.pts_us) for f in frames]
        except Exception:  # a stream the decoder or analysis chokes on: start again
            log.exception("camera %d: motion analysis failed; restarting its decoder", camera_id)
            if camera.params is not None:
                camera.decoder = self._decoder(camera_id, camera.params, camera.config)
            camera.detector = MotionDetector(camera.config)
            return
        finally:
            camera.cpu_us += (time.thread_time_ns() - started_cpu) // 1000
        for result in results:
            message = {
                "camera_id": camera_id,
                "pts_us": result.pts_us,
                "cells": result.packed().hex(),
                "areas": list(result.areas),
                "started": None if result.started is None else result.started.start_us,
                "ended": None
                if result.ended is None
                else [result.ended.start_us, result.ended.end_us],
                "cpu_us": camera.cpu_us,
            }
            camera.cpu_us = 0
            self.sock.sendall(json_record(FRAME, message))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vedette_server.motion.worker")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="motion worker %(process)d %(levelname)s %(message)s"
    )
    set_parent_death_signal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    sock = socket.socket(fileno=args.fd)
    try:
        return MotionWorker(sock).run()
    finally:
        sock.close()


if __name__ == "__main__":
    sys.exit(main())
