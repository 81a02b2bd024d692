"""``vedette cameras streams CAMERA [--stream main|sub] [--set key=value …] [--also CAMERA …]
[--json]``: a camera's main and sub stream settings (codec, resolution, frame rate,
bitrate, GOP), what the camera offers and the recommended bitrate, read and changed over
ONVIF through the server; ``--also`` applies the same change to more cameras ("apply to
all"), each camera's outcome printed.

Keys: ``resolution=WxH`` (or ``width`` and ``height``), ``fps``, ``bitrate`` (kbit/s;
``bitrate_kbps`` too), ``gop``, ``h264_profile``, ``codec`` (H264, H265) and
``rate_control`` (CBR, VBR). A key may name its stream, ``main.codec=H265``, instead of
``--stream``. Their form is checked here; the bounds and what the camera offers are the
camera's, checked by the server.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.camera_picture import key_value
from vedette_api.cli.format import format_table, message_to_json
from vedette_api.cli.io import Commands, write_json
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument, VedetteError
from vedette_api.v1 import cameras_pb2

KEYS = (
    "resolution",
    "width",
    "height",
    "fps",
    "bitrate",
    "bitrate_kbps",
    "gop",
    "h264_profile",
    "codec",
    "rate_control",
)
_ROLE_WORDS = {cameras_pb2.STREAM_ROLE_MAIN: "main", cameras_pb2.STREAM_ROLE_SUB: "sub"}


def add_actions(actions: Any) -> None:
    streams = actions.add_parser(
        "streams",
        help="a camera's main/sub stream settings over ONVIF (codec, size, fps, bitrate, CBR/VBR)",
    )
    streams.add_argument("camera", metavar="CAMERA", help="camera id or name")
    streams.add_argument(
        "--stream", choices=("main", "sub"), default="main", help="the stream --set changes"
    )
    streams.add_argument(
        "--set",
        dest="changes",
        type=key_value,
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help=f"change these settings only; keys: {', '.join(KEYS)}",
    )
    streams.add_argument(
        "--also",
        nargs="+",
        default=[],
        metavar="CAMERA",
        help="apply the same --set to these cameras too (apply to all)",
    )
    streams.add_argument("--json", action="store_true", help="machine-readable output")


def _whole(key: str, value: str) -> int:
    text = value.strip()
    if not text.isdigit():
        raise InvalidArgument(f"{key}={value!r}: give a whole number")
    return int(text)


def stream_of(pairs: list[tuple[str, str]], stream: str) -> tuple[str, list[tuple[str, str]]]:
    """The stream the ``--set`` keys name (``main.codec``) or ``stream``, and the keys
    without it; keys naming two streams are refused."""
    named: set[str] = set()
    bare = []
    for key, value in pairs:
        role, dot, rest = key.partition(".")
        if dot and role in _ROLE_WORDS.values():
            named.add(role)
            key = rest
        bare.append((key, value))
    if len(named) > 1:
        raise InvalidArgument("--set names both streams: change one stream at a time")
    return (named.pop() if named else stream), bare


def stream_changes(pairs: list[tuple[str, str]]) -> dict[str, int | str]:
    """The ``--set`` pairs as ``set_stream_settings`` keywords."""
    changes: dict[str, int | str] = {}
    for key, value in pairs:
        if key == "resolution":
            width, sep, height = value.strip().lower().partition("x")
            if not sep:
                raise InvalidArgument(f"resolution={value!r}: give WIDTHxHEIGHT, e.g. 1280x720")
            changes["width"], changes["height"] = _whole(key, width), _whole(key, height)
        elif key in ("width", "height", "fps", "gop"):
            changes[key] = _whole(key, value)
        elif key in ("bitrate", "bitrate_kbps"):
            changes["bitrate_kbps"] = _whole(key, value)
        elif key == "h264_profile":
            changes[key] = value.strip().capitalize()
        elif key in ("codec", "rate_control"):
            changes[key] = value.strip().upper()
        else:
            raise InvalidArgument(f"no stream setting {key!r}; one of {', '.join(KEYS)}")
    return changes


def _span(low: int, high: int, unit: str = "") -> str:
    return f"{low}..{high}{unit}" if high else "-"


def audio_words(stream: cameras_pb2.StreamSettings) -> str:
    """``AAC 32 kbit/s 16 kHz``, or ``none``."""
    if not stream.audio_codec:
        return "none"
    parts = [stream.audio_codec]
    if stream.audio_bitrate_kbps:
        parts.append(f"{stream.audio_bitrate_kbps} kbit/s")
    if stream.audio_sample_rate_hz:
        parts.append(f"{stream.audio_sample_rate_hz / 1000:g} kHz")
    return " ".join(parts)


def stream_lines(streams: list[cameras_pb2.StreamSettings]) -> str:
    if not streams:
        return "the camera reports no stream\n"
    headers = [
        "STREAM",
        "CODEC",
        "RESOLUTION",
        "FPS",
        "KBIT/S",
        "RATE",
        "GOP",
        "RECOMMENDED KBIT/S",
    ]
    rows = [
        [
            _ROLE_WORDS.get(s.role, "?"),
            s.codec + (f" {s.h264_profile}" if s.h264_profile else ""),
            f"{s.width}x{s.height}",
            str(s.fps),
            str(s.bitrate_kbps),
            s.rate_control or "-",
            str(s.gop or "-"),
            _span(s.recommended_min_kbps, s.recommended_max_kbps),
        ]
        for s in streams
    ]
    lines = [format_table(headers, rows, right=(3, 4, 6))]
    for s in streams:
        o = s.options
        sizes = " ".join(f"{r.width}x{r.height}" for r in o.resolutions) or "-"
        lines.append(
            f"{_ROLE_WORDS.get(s.role, '?')} offers: {sizes}; fps {_span(o.fps_min, o.fps_max)};"
            f" kbit/s {_span(o.bitrate_min_kbps, o.bitrate_max_kbps)};"
            f" GOP {_span(o.gop_min, o.gop_max)}"
            + (f"; profiles {', '.join(o.h264_profiles)}" if o.h264_profiles else "")
            + (f"; codecs {', '.join(o.codecs)}" if o.codecs else "")
            + (f"; rate control {', '.join(o.rate_controls)}" if o.rate_controls else "")
        )
        lines.append(f"{_ROLE_WORDS.get(s.role, '?')} audio: {audio_words(s)}")
    return "\n".join(lines) + "\n"


def streams_json(camera: cameras_pb2.Camera, streams: list[cameras_pb2.StreamSettings]) -> Any:
    return {
        "camera_id": camera.id,
        "camera": camera.name,
        "streams": [
            message_to_json(s) | {"role": _ROLE_WORDS.get(s.role, "unspecified")} for s in streams
        ],
    }


def cameras_streams(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    stream, pairs = stream_of(args.changes, args.stream)
    changes = stream_changes(pairs)
    if args.also and not changes:
        raise InvalidArgument("--also applies a change: give --set KEY=VALUE ...")
    camera = client.find_camera(args.camera)
    if not args.also:
        if changes:
            response: Any = client.set_stream_settings(camera.id, stream, **changes)
        else:
            response = client.get_stream_settings(camera.id)
        if args.json:
            write_json(streams_json(camera, list(response.streams)), out)
            return
        out.write(f"camera {camera.name} (id {camera.id}):\n")
        out.write(stream_lines(list(response.streams)))
        return
    cameras = [camera] + [client.find_camera(ref) for ref in args.also]
    by_id = {c.id: c for c in cameras}
    applied = client.apply_stream_settings(list(by_id), stream, **changes)
    failed = [r for r in applied.results if r.error_code]
    if args.json:
        write_json(
            {
                "results": [
                    {
                        "camera_id": r.camera_id,
                        "camera": by_id[r.camera_id].name if r.camera_id in by_id else "",
                        "error_code": r.error_code,
                        "error": r.error,
                        **streams_json(by_id[r.camera_id], list(r.streams)),
                    }
                    for r in applied.results
                ]
            },
            out,
        )
    else:
        for result in applied.results:
            name = by_id[result.camera_id].name if result.camera_id in by_id else "?"
            if result.error_code:
                out.write(f"camera {name} (id {result.camera_id}): {result.error}\n")
            else:
                out.write(f"camera {name} (id {result.camera_id}):\n")
                out.write(stream_lines(list(result.streams)))
    if failed:
        raise VedetteError(f"{len(failed)} of {len(applied.results)} cameras were not changed")


COMMANDS: Commands = {("cameras", "streams"): cameras_streams}
