"""``vedette live CAMERA [--sub] --seconds S --out FILE``: a raw capture of a camera's
live stream, for debugging.

The file is the camera's video exactly as the server relays it, as an Annex B
elementary stream (``.h264`` or ``.h265``, which ffprobe, ffplay and VLC read): the
codec parameters are written before every keyframe, so the file decodes from its
start and after any skip. The capture starts at the first keyframe and lasts
``--seconds`` of wall-clock time from there. Audio is not captured.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TextIO

from vedette_api.cli.io import Commands, SubParsers
from vedette_api.client import Client
from vedette_api.client.streams import StreamName
from vedette_api.errors import FailedPrecondition
from vedette_api.v1 import media_pb2

RAW_SUFFIXES = {
    ".h264": media_pb2.CODEC_H264,
    ".264": media_pb2.CODEC_H264,
    ".h265": media_pb2.CODEC_H265,
    ".265": media_pb2.CODEC_H265,
    ".hevc": media_pb2.CODEC_H265,
}
#: How long to wait for packets beyond the capture's length (a camera reconnecting).
PATIENCE_S = 30.0


def _raw_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in RAW_SUFFIXES:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the capture is a raw elementary stream; name it "
            + ", ".join(sorted(RAW_SUFFIXES))
        )
    return path


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 24 * 3600:
        raise argparse.ArgumentTypeError(f"{text!r}: between 0 and 86400 seconds")
    return value


def add_parsers(commands: SubParsers) -> None:
    live = commands.add_parser(
        "live", help="capture a camera's live video to a raw .h264/.h265 file (debugging)"
    )
    live.add_argument("camera", metavar="CAMERA", help="camera id or name")
    live.add_argument("--sub", action="store_true", help="the sub stream (default: main)")
    live.add_argument("--seconds", type=_seconds, required=True, help="how long to capture")
    live.add_argument("--out", type=_raw_path, required=True, metavar="FILE")


def live_capture(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    stream: StreamName = "sub" if args.sub else "main"
    path: Path = args.out
    wanted = RAW_SUFFIXES[path.suffix.lower()]
    partial = path.with_name(path.name + ".part")
    frames = size = skips = 0
    extradata = b""
    started: float | None = None
    try:
        with (
            client.live(camera.id, stream=stream, timeout_s=args.seconds + PATIENCE_S) as live,
            partial.open("wb") as file,
        ):
            for message in live:
                body = message.WhichOneof("body")
                if body == "start":
                    if message.start.video.codec != wanted:
                        name = media_pb2.Codec.Name(message.start.video.codec)
                        raise FailedPrecondition(
                            f"camera {camera.name!r} sends {name.removeprefix('CODEC_')}:"
                            f" {path.name} names another codec"
                        )
                    extradata = message.start.video.extradata
                elif body == "skipped":
                    skips += 1
                    err.write(f"skipped {message.skipped.dropped_packets} packets (slow link)\n")
                elif message.packet.kind == media_pb2.PACKET_KIND_VIDEO:
                    packet = message.packet
                    if started is None:
                        if not packet.keyframe:
                            continue
                        started = time.monotonic()
                    data = (extradata if packet.keyframe else b"") + packet.data
                    file.write(data)
                    frames += 1
                    size += len(data)
                if started is not None and time.monotonic() - started >= args.seconds:
                    break
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    note = f", {skips} skip(s)" if skips else ""
    out.write(f"{path}: {frames} frames, {size} bytes of {camera.name} ({stream}){note}\n")


COMMANDS: Commands = {("live", None): live_capture}
