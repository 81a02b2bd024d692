"""``vedette cameras imaging|osd CAMERA [--set key=value …] [--json]``: a camera's
picture settings (with each control's bounds) and its text overlays, read and changed
over ONVIF through the server.

``add_actions`` adds the parsers to ``vedette cameras``; ``COMMANDS`` maps them to the
functions. ``--set`` values are checked here for their form (a number where a number
goes, a known key); the bounds are the camera's, checked by the server.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import format_table, message_to_json
from vedette_api.cli.io import Commands, write_json
from vedette_api.client import Client
from vedette_api.client.camera_picture import IMAGING_CONTROLS, MODE_CONTROLS
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import cameras_pb2

_POSITIONS = {
    "upper_left": cameras_pb2.OSD_POSITION_UPPER_LEFT,
    "upper_right": cameras_pb2.OSD_POSITION_UPPER_RIGHT,
    "lower_left": cameras_pb2.OSD_POSITION_LOWER_LEFT,
    "lower_right": cameras_pb2.OSD_POSITION_LOWER_RIGHT,
    "custom": cameras_pb2.OSD_POSITION_CUSTOM,
}
_TEXTS = {
    "plain": cameras_pb2.OSD_TEXT_PLAIN,
    "date": cameras_pb2.OSD_TEXT_DATE,
    "time": cameras_pb2.OSD_TEXT_TIME,
    "date_and_time": cameras_pb2.OSD_TEXT_DATE_AND_TIME,
}
_POSITION_WORDS = {v: k for k, v in _POSITIONS.items()}
_TEXT_WORDS = {v: k for k, v in _TEXTS.items()}
OSD_KEYS = (
    "position",
    "x",
    "y",
    "text",
    "plain_text",
    "date_format",
    "time_format",
    "font_size",
)


def key_value(text: str) -> tuple[str, str]:
    """``key=value`` → (key, value); the value may contain ``=`` and spaces."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: give KEY=VALUE")
    return key.strip().lower().replace("-", "_"), value


def add_actions(actions: Any) -> None:
    imaging = actions.add_parser(
        "imaging", help="a camera's picture settings over ONVIF (brightness, WDR, ...)"
    )
    imaging.add_argument("camera", metavar="CAMERA", help="camera id or name")
    imaging.add_argument(
        "--set",
        dest="changes",
        type=key_value,
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help=f"change these controls only; keys: {', '.join(IMAGING_CONTROLS)}",
    )
    imaging.add_argument("--json", action="store_true", help="machine-readable output")
    osd = actions.add_parser("osd", help="a camera's text overlays (OSD) over ONVIF")
    osd.add_argument("camera", metavar="CAMERA", help="camera id or name")
    which = osd.add_mutually_exclusive_group()
    which.add_argument("--overlay", metavar="TOKEN", help="the overlay --set changes")
    which.add_argument("--add", action="store_true", help="--set makes a new overlay")
    which.add_argument("--delete", metavar="TOKEN", help="delete this overlay")
    osd.add_argument(
        "--set",
        dest="changes",
        type=key_value,
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help=f"keys: {', '.join(OSD_KEYS)}; position: {'|'.join(_POSITIONS)};"
        f" text: {'|'.join(_TEXTS)}; x, y: -1..1 with position=custom",
    )
    osd.add_argument("--json", action="store_true", help="machine-readable output")


# ------------------------------------------------------------------------ imaging


def imaging_changes(pairs: list[tuple[str, str]]) -> dict[str, float | str]:
    """The ``--set`` pairs as ``set_imaging`` keywords; ``InvalidArgument`` for an
    unknown key or a number that is not one."""
    changes: dict[str, float | str] = {}
    for key, value in pairs:
        if key not in IMAGING_CONTROLS:
            raise InvalidArgument(f"no control {key!r}; one of {', '.join(IMAGING_CONTROLS)}")
        if key in MODE_CONTROLS:
            changes[key] = value.strip().upper()
            continue
        try:
            changes[key] = float(value)
        except ValueError:
            raise InvalidArgument(f"{key}={value!r}: give a number") from None
    return changes


def _bounds(options: cameras_pb2.ImagingOptions, name: str) -> tuple[str, Any]:
    """How ``name``'s bounds read, and their JSON form (None: not offered)."""
    if name in MODE_CONTROLS:
        modes = list(getattr(options, name))
        return ("|".join(modes), modes) if modes else ("not offered", None)
    if not options.HasField(name):
        return "not offered", None
    span = getattr(options, name)
    return f"{span.min:g}..{span.max:g}", {"min": span.min, "max": span.max}


def imaging_json(
    camera: cameras_pb2.Camera,
    settings: cameras_pb2.ImagingSettings,
    options: cameras_pb2.ImagingOptions,
) -> dict[str, Any]:
    return {
        "camera_id": camera.id,
        "camera": camera.name,
        "settings": {n: getattr(settings, n) for n in IMAGING_CONTROLS if settings.HasField(n)},
        "options": {n: b for n in IMAGING_CONTROLS if (b := _bounds(options, n)[1]) is not None},
    }


def imaging_lines(
    settings: cameras_pb2.ImagingSettings, options: cameras_pb2.ImagingOptions
) -> str:
    rows = []
    for name in IMAGING_CONTROLS:
        shown, _ = _bounds(options, name)
        if not settings.HasField(name) and shown == "not offered":
            continue
        value = getattr(settings, name) if settings.HasField(name) else None
        text = "-" if value is None else value if isinstance(value, str) else f"{value:g}"
        rows.append([name, text, shown])
    if not rows:
        return "the camera reports no picture control\n"
    return format_table(["CONTROL", "VALUE", "BOUNDS"], rows, right=(1,)) + "\n"


def cameras_imaging(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    changes = imaging_changes(args.changes)
    camera = client.find_camera(args.camera)
    if changes:
        response: Any = client.set_imaging(camera.id, **changes)
    else:
        response = client.get_imaging(camera.id)
    if args.json:
        write_json(imaging_json(camera, response.settings, response.options), out)
        return
    out.write(f"camera {camera.name} (id {camera.id}):\n")
    out.write(imaging_lines(response.settings, response.options))


# ---------------------------------------------------------------------------- OSD


def osd_changes(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The ``--set`` pairs as ``add_osd``/``update_osd`` keywords."""
    changes: dict[str, Any] = {}
    for key, value in pairs:
        word = value.strip().lower().replace("-", "_")
        if key == "position":
            if word not in _POSITIONS:
                raise InvalidArgument(f"position={value!r}: one of {', '.join(_POSITIONS)}")
            changes[key] = _POSITIONS[word]
        elif key == "text":
            if word not in _TEXTS:
                raise InvalidArgument(f"text={value!r}: one of {', '.join(_TEXTS)}")
            changes[key] = _TEXTS[word]
        elif key in ("x", "y"):
            try:
                changes[key] = float(value)
            except ValueError:
                raise InvalidArgument(f"{key}={value!r}: give a number in -1..1") from None
        elif key == "font_size":
            if not value.strip().isdigit():
                raise InvalidArgument(f"font_size={value!r}: give a whole number")
            changes[key] = int(value)
        elif key in ("plain_text", "date_format", "time_format"):
            changes[key] = value
        else:
            raise InvalidArgument(f"no overlay field {key!r}; one of {', '.join(OSD_KEYS)}")
    return changes


def _overlay_row(overlay: cameras_pb2.OsdOverlay) -> list[str]:
    position = _POSITION_WORDS.get(overlay.position, "?")
    if overlay.position == cameras_pb2.OSD_POSITION_CUSTOM:
        position += f" ({overlay.x:g}, {overlay.y:g})"
    kind = _TEXT_WORDS.get(overlay.text, "image" if not overlay.editable else "?")
    if overlay.text == cameras_pb2.OSD_TEXT_PLAIN:
        shows = repr(overlay.plain_text)
    else:
        shows = " ".join(f for f in (overlay.date_format, overlay.time_format) if f)
    size = str(overlay.font_size) if overlay.font_size else "-"
    return [overlay.token, position, kind, shows, size]


def osd_lines(overlays: list[cameras_pb2.OsdOverlay], options: cameras_pb2.OsdOptions) -> str:
    lines = []
    if overlays:
        rows = [_overlay_row(o) for o in overlays]
        lines.append(format_table(["TOKEN", "POSITION", "TEXT", "SHOWS", "SIZE"], rows))
    else:
        lines.append("no overlay")
    if options.max_overlays:
        lines.append(f"at most {options.max_overlays} overlays")
    if options.positions:
        words = (_POSITION_WORDS.get(p, "?") for p in options.positions)
        lines.append(f"positions: {', '.join(words)}")
    if options.texts:
        lines.append(f"texts: {', '.join(_TEXT_WORDS.get(t, '?') for t in options.texts)}")
    if options.date_formats:
        lines.append(f"date formats: {', '.join(options.date_formats)}")
    if options.time_formats:
        lines.append(f"time formats: {', '.join(options.time_formats)}")
    if options.font_size_max:
        lines.append(f"font size: {options.font_size_min}..{options.font_size_max}")
    return "\n".join(lines) + "\n"


def cameras_osd(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    changes = osd_changes(args.changes)
    if changes and not (args.overlay or args.add):
        raise InvalidArgument("say which overlay --set changes: --overlay TOKEN, or --add")
    if (args.overlay or args.add) and not changes:
        raise InvalidArgument("--overlay and --add need --set KEY=VALUE ...")
    camera = client.find_camera(args.camera)
    if args.delete:
        client.delete_osd(camera.id, args.delete)
    elif args.add:
        for needed in ("position", "text"):
            if needed not in changes:
                raise InvalidArgument(f"a new overlay needs --set {needed}=...")
        added = client.add_osd(camera.id, **changes)
        if not args.json:
            out.write(f"added overlay {added.token}\n")
    elif args.overlay:
        client.update_osd(camera.id, args.overlay, **changes)
    response = client.get_osd(camera.id)
    if args.json:
        write_json(
            {"camera_id": camera.id, "camera": camera.name, **message_to_json(response)}, out
        )
        return
    out.write(f"camera {camera.name} (id {camera.id}):\n")
    out.write(osd_lines(list(response.overlays), response.options))


COMMANDS: Commands = {
    ("cameras", "imaging"): cameras_imaging,
    ("cameras", "osd"): cameras_osd,
}
