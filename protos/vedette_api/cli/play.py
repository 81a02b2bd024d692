"""``vedette play CAMERA --from T [--speed X] [--reverse] [--seconds S] --out FILE``:
play a recording through a playback session and write what arrives to a file.

The file is the video elementary stream in Annex B form (the codec parameters,
then every packet as received), which ffprobe, ffplay and ffmpeg read as raw
H.264 (``.h264``) or H.265 (``.h265``): nothing is transcoded, so the file holds
exactly the packets playback sent, pre-roll included (keyframes only at high
speeds; GOPs in reverse order with ``--reverse``). Blocks until ``--seconds`` of
wall time have passed or the recording ends.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TextIO

from vedette_api.cli.format import local_time_from_us
from vedette_api.cli.io import Commands, SubParsers
from vedette_api.cli.values import decimal_number
from vedette_api.client import Client
from vedette_api.v1 import media_pb2

_EXTENSIONS = {media_pb2.CODEC_H264: ".h264", media_pb2.CODEC_H265: ".h265"}


def add_parsers(commands: SubParsers) -> None:
    play = commands.add_parser(
        "play",
        help="play a recording and write the received video to a file (.h264/.h265)",
        allow_abbrev=False,
    )
    play.add_argument("camera", metavar="CAMERA", help="camera id or name (case-insensitive)")
    play.add_argument(
        "--from",
        dest="time_from",
        metavar="T",
        required=True,
        help="ISO 8601 (local time unless a zone is given), 'now', or -10m, -2h, -1d",
    )
    play.add_argument(
        "--speed", type=decimal_number(1 / 16, 32), default=1.0, help="1/16 to 32 (default 1)"
    )
    play.add_argument("--reverse", action="store_true", help="play backwards")
    play.add_argument(
        "--seconds",
        type=decimal_number(0, 24 * 3600, above=True),
        default=10.0,
        help="how long to play, wall time (default 10, at most 86400)",
    )
    play.add_argument("--stream", choices=("main", "sub"), default="main")
    play.add_argument("--out", type=Path, metavar="FILE", required=True)


def play(client: Client, args: argparse.Namespace, now_us: int, out: TextIO, err: TextIO) -> None:
    start_us = args.time_from_us
    camera = client.find_camera(args.camera)
    frames = 0
    first_us = last_us = None
    deadline = time.monotonic() + args.seconds
    with (
        client.playback(
            [camera.id],
            start_us=start_us,
            speed=args.speed,
            reverse=args.reverse,
            stream=args.stream,
        ) as session,
        args.out.open("wb") as file,
    ):
        for response in session:
            if response.HasField("started") or response.HasField("codec_changed"):
                tracks = (
                    response.started.tracks[0]
                    if response.HasField("started")
                    else response.codec_changed
                )
                if tracks.HasField("video"):
                    file.write(tracks.video.extradata)
                    suffix = _EXTENSIONS.get(tracks.video.codec)
                    if suffix and args.out.suffix.lower() not in (suffix, ".264", ".265", ".hevc"):
                        err.write(f"vedette: note: the file is raw video; name it *{suffix}\n")
            elif response.HasField("packet"):
                packet = response.packet.packet
                if packet.kind == media_pb2.PACKET_KIND_VIDEO:
                    file.write(packet.data)
                    frames += 1
                    first_us = packet.timestamp_us if first_us is None else first_us
                    last_us = packet.timestamp_us
            elif response.HasField("unreadable"):  # the server's disk failed there
                bad = response.unreadable
                until = local_time_from_us(bad.to_us) if bad.to_us else "now"
                err.write(
                    f"vedette: the recording from {local_time_from_us(bad.from_us)} to {until}"
                    f" cannot be read ({bad.reason}); it is skipped\n"
                )
            elif response.HasField("gap") and response.gap.to_us == 0 and not args.reverse:
                break  # the end of the recording
            elif response.HasField("gap") and response.gap.from_us == 0 and args.reverse:
                break  # its beginning
            if time.monotonic() >= deadline:
                break
    if first_us is None or last_us is None:
        out.write(f"no recording of {camera.name} there; {args.out} is empty\n")
        return
    out.write(
        f"wrote {frames} frames of {camera.name} ({local_time_from_us(first_us)} to"
        f" {local_time_from_us(last_us)}) to {args.out}\n"
    )


COMMANDS: Commands = {("play", None): play}
