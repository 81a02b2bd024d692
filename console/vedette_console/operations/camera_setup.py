"""Adding and setting up cameras (CAM-01, 02, 04, 09): ONVIF discovery, test and add,
plain RTSP add, a camera's name/credentials/enabled, its picture settings (ONVIF
imaging, bounded by the camera's options) and its text overlays (OSD).

Every function named ``*_op`` returns a ``ServerOp``: the blocking part runs on the
session's workers. Discovery streams its answers: ``discover_op`` calls ``found``
on the worker for each, and the caller relays it (a queued Qt signal) to the UI.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from vedette_api.client import Client
from vedette_api.errors import NotFound, PermissionDenied, Unimplemented
from vedette_api.v1 import accounts_pb2, cameras_pb2, media_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations.server_op import ServerOp

#: How long a search waits for cameras to answer (the server allows up to 30 s).
DISCOVERY_TIMEOUT_S = 4.0
#: The port of an ONVIF device service when the operator gives none.
DEFAULT_ONVIF_PORT = 80
#: Addresses the server probes at most in one search.
MAX_TARGETS = 4096

_CONTEXT = "CameraSetup"

#: Each ONVIF error in plain words (context ``CameraSetup``).
_ONVIF_ERROR_WORDS: dict[int, str] = {
    cameras_pb2.ONVIF_ERROR_UNREACHABLE: QT_TRANSLATE_NOOP(
        "CameraSetup", "Unreachable: nothing answered at this address and port."
    ),
    cameras_pb2.ONVIF_ERROR_NOT_AUTHORIZED: QT_TRANSLATE_NOOP(
        "CameraSetup", "Not authorised: the camera refused this user name or password."
    ),
    cameras_pb2.ONVIF_ERROR_CLOCK_SKEW: QT_TRANSLATE_NOOP(
        "CameraSetup",
        "Refused, and the camera's clock is more than 5 minutes off: set its clock "
        "(NTP), then check the password.",
    ),
    cameras_pb2.ONVIF_ERROR_DIGEST_REQUIRED: QT_TRANSLATE_NOOP(
        "CameraSetup", "The camera wants HTTP Digest sign-in, which is not allowed."
    ),
    cameras_pb2.ONVIF_ERROR_NOT_ONVIF: QT_TRANSLATE_NOOP(
        "CameraSetup", "Something answered, but not an ONVIF camera."
    ),
}

_CODECS = {media_pb2.CODEC_H264: "H.264", media_pb2.CODEC_H265: "H.265"}
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def onvif_error_text(error: int, message: str = "") -> str:
    """A failed test in plain words (the server's detail after it, when it adds any)."""
    words = _ONVIF_ERROR_WORDS.get(error)
    if words is None:
        return message or _tr("The camera could not be read.")
    return _tr(words)


def parse_targets(text: str) -> list[str]:
    """Where to search, from what the operator typed: addresses or ranges
    (``192.0.2.10-192.0.2.42``, or ``192.0.2.10-42``), each optionally with
    ``:PORT``, separated by commas or spaces. ``ValueError`` says what is wrong."""
    targets: list[str] = []
    count = 0
    for part in re.split(r"[,\s;]+", text.strip()):
        if not part:
            continue
        address, port = part, ""
        if part.count(":") == 1:
            address, port = part.split(":")
            if not port.isdigit() or not 0 < int(port) < 65536:
                raise ValueError(_tr("{part}: the port must be 1 to 65535").format(part=part))
        first, _, last = address.partition("-")
        try:
            start = ipaddress.IPv4Address(first)
            if last and "." not in last:
                last = first.rsplit(".", 1)[0] + "." + last
            end = ipaddress.IPv4Address(last) if last else start
        except ipaddress.AddressValueError:
            raise ValueError(
                _tr("{part}: give IPv4 addresses, such as 192.168.1.64 or 192.168.1.2-254").format(
                    part=part
                )
            ) from None
        if end < start:
            raise ValueError(_tr("{part}: the range ends before it starts").format(part=part))
        count += int(end) - int(start) + 1
        if count > MAX_TARGETS:
            raise ValueError(
                _tr("At most {count} addresses in one search").format(count=MAX_TARGETS)
            )
        span = str(start) if end == start else f"{start}-{end}"
        targets.append(f"{span}:{port}" if port else span)
    if not targets:
        raise ValueError(_tr("Enter an address or a range to search"))
    return targets


def parse_host_port(text: str) -> tuple[str, int]:
    """``host[:port]`` of a camera typed by hand (an address or a domain name)."""
    host, _, port = text.strip().partition(":")
    if not host or not _HOST.match(host):
        raise ValueError(_tr("Enter the camera's address or domain name, e.g. 192.168.1.64"))
    if not port:
        return host, DEFAULT_ONVIF_PORT
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(_tr("The port must be 1 to 65535"))
    return host, int(port)


def unique_name(wanted: str, taken: set[str], address: str) -> str:
    """``wanted``, or with the address (then a number) after it when a camera
    already has that name (names are unique, compared case-insensitively)."""
    name = (wanted.strip() or address)[:100]
    candidates = [name, f"{name} {address}"] + [f"{name} {address} ({n})" for n in range(2, 100)]
    for candidate in candidates:
        if candidate.casefold() not in taken:
            return candidate[:100]
    return candidates[-1][:100]


# -- rights ---------------------------------------------------------------------------


def fetch_can_manage(client: Client) -> bool:
    """Blocking: whether the user may add, edit and delete cameras on this server."""
    try:
        account = client.get_my_account()
    except (PermissionDenied, Unimplemented, NotFound):
        return False
    return accounts_pb2.AREA_CAMERAS in account.rights.areas


def can_manage_op(*, parent: QObject | None) -> ServerOp[bool]:
    return ServerOp(parent, fetch_can_manage)


# -- discovery, test, add -------------------------------------------------------------


def discover_op(
    targets: list[str],
    found: Callable[[cameras_pb2.DiscoveredCamera], None],
    *,
    parent: QObject | None,
    timeout_s: float = DISCOVERY_TIMEOUT_S,
    multicast: bool = False,
) -> ServerOp[int]:
    """Search; ``found`` (on the worker) for each camera as it answers; the count."""

    def work(client: Client) -> int:
        count = 0
        for camera in client.discover_cameras(targets, timeout_s=timeout_s, multicast=multicast):
            found(camera)
            count += 1
        return count

    return ServerOp(parent, work)


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def test_op(
    address: str, port: int, credentials: Credentials, *, parent: QObject | None
) -> ServerOp[cameras_pb2.TestCameraResponse]:
    return ServerOp(
        parent,
        lambda client: client.test_camera(
            address, port, camera_user=credentials.user, camera_password=credentials.password
        ),
    )


def add_onvif_op(
    name: str, address: str, port: int, credentials: Credentials, *, parent: QObject | None
) -> ServerOp[cameras_pb2.Camera]:
    return ServerOp(
        parent,
        lambda client: client.add_onvif_camera(
            name,
            address,
            port,
            camera_user=credentials.user,
            camera_password=credentials.password,
        ),
    )


def add_rtsp_op(
    name: str, main_url: str, sub_url: str, credentials: Credentials, *, parent: QObject | None
) -> ServerOp[cameras_pb2.Camera]:
    return ServerOp(
        parent,
        lambda client: client.create_camera(
            name,
            main_url,
            sub_url=sub_url,
            camera_user=credentials.user,
            camera_password=credentials.password,
        ),
    )


def profile_summary(result: cameras_pb2.TestCameraResponse) -> str:
    """``Vedette camsim · 640×360 H.264, 320×180 H.264 · PTZ``: what a test found,
    with the camera's clock when it is more than a minute off (tokens still work)."""
    model = " ".join(p for p in (result.manufacturer, result.model) if p) or _tr("ONVIF camera")
    streams = []
    for profile in result.profiles:
        if not profile.width:
            continue
        codec = _CODECS.get(profile.codec, "")
        streams.append(f"{profile.width}×{profile.height} {codec}".strip())
    parts = [model, ", ".join(streams) if streams else _tr("no video profile")]
    capabilities = result.capabilities
    parts += [
        word
        for has, word in (
            (capabilities.ptz, _tr("PTZ")),
            (capabilities.audio, _tr("audio")),
            (capabilities.device_io, _tr("inputs/outputs")),
        )
        if has
    ]
    if result.HasField("clock_offset"):
        offset_s = result.clock_offset.ToTimedelta().total_seconds()
        if abs(offset_s) > 60:
            hours = abs(offset_s) / 3600
            text = (
                _tr("clock {hours:.1f} h ahead")
                if offset_s > 0
                else _tr("clock {hours:.1f} h behind")
            )
            parts.append(text.format(hours=hours))
    return " · ".join(parts)


# -- edit -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CameraChanges:
    """What the edit dialog changes; ``None`` keeps the camera's value."""

    name: str | None = None
    camera_user: str | None = None
    camera_password: str | None = None
    enabled: bool | None = None

    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


def update_camera_op(
    camera_id: int, changes: CameraChanges, *, parent: QObject | None
) -> ServerOp[cameras_pb2.Camera]:
    return ServerOp(
        parent,
        lambda client: client.update_camera(
            camera_id,
            name=changes.name,
            camera_user=changes.camera_user,
            camera_password=changes.camera_password,
            enabled=changes.enabled,
        ),
    )


def update_privacy_op(
    camera_id: int,
    masks: list[cameras_pb2.PrivacyMask],
    watermark: cameras_pb2.Watermark,
    *,
    masks_on_camera: bool | None = None,
    parent: QObject | None,
) -> ServerOp[cameras_pb2.Camera]:
    """Replace the camera's privacy masks and watermark (CAM-10, CAM-11), and whether
    the camera applies the masks itself when ``masks_on_camera`` is given."""
    return ServerOp(
        parent,
        lambda client: client.update_camera(
            camera_id, privacy_masks=masks, watermark=watermark, masks_on_camera=masks_on_camera
        ),
    )


def delete_camera_op(camera_id: int, *, parent: QObject | None) -> ServerOp[None]:
    """Remove the camera and its recordings (the server refuses while any is locked)."""
    return ServerOp(parent, lambda client: client.delete_camera(camera_id))


def get_camera_op(camera_id: int, *, parent: QObject | None) -> ServerOp[cameras_pb2.Camera]:
    return ServerOp(parent, lambda client: client.get_camera(camera_id))


def get_imaging_op(
    camera_id: int, *, parent: QObject | None
) -> ServerOp[cameras_pb2.GetImagingResponse]:
    return ServerOp(parent, lambda client: client.get_imaging(camera_id))


def set_imaging_op(
    camera_id: int, changes: dict[str, float | str], *, parent: QObject | None
) -> ServerOp[cameras_pb2.SetImagingResponse]:
    return ServerOp(parent, lambda client: client.set_imaging(camera_id, **changes))


def get_osd_op(camera_id: int, *, parent: QObject | None) -> ServerOp[cameras_pb2.GetOsdResponse]:
    return ServerOp(parent, lambda client: client.get_osd(camera_id))


def get_streams_op(
    camera_id: int, *, parent: QObject | None
) -> ServerOp[cameras_pb2.GetStreamSettingsResponse]:
    return ServerOp(parent, lambda client: client.get_stream_settings(camera_id))


def set_streams_op(
    camera_id: int, role: str, changes: dict[str, int | str], *, parent: QObject | None
) -> ServerOp[cameras_pb2.SetStreamSettingsResponse]:
    """Change ``changes`` of the camera's ``role`` (main or sub) stream."""
    return ServerOp(parent, lambda client: client.set_stream_settings(camera_id, role, **changes))


def apply_streams_op(
    camera_ids: list[int], role: str, changes: dict[str, int | str], *, parent: QObject | None
) -> ServerOp[cameras_pb2.ApplyStreamSettingsResponse]:
    """The same change on several cameras' ``role`` stream, each camera's outcome."""
    return ServerOp(
        parent, lambda client: client.apply_stream_settings(camera_ids, role, **changes)
    )


@dataclass(frozen=True)
class OverlayFields:
    """What the overlay editor gives: every field of a text overlay."""

    position: int
    text: int
    plain_text: str = ""
    x: float = 0.0
    y: float = 0.0
    date_format: str = ""
    time_format: str = ""


def save_osd_op(
    camera_id: int, token: str, fields: OverlayFields, *, parent: QObject | None
) -> ServerOp[cameras_pb2.SetOsdResponse]:
    """Create the overlay (empty ``token``) or change the overlay ``token``."""

    def work(client: Client) -> cameras_pb2.SetOsdResponse:
        position = cameras_pb2.OsdPosition.ValueType(fields.position)
        text = cameras_pb2.OsdText.ValueType(fields.text)
        custom = fields.position == cameras_pb2.OSD_POSITION_CUSTOM
        if not token:
            return client.add_osd(
                camera_id,
                position=position,
                text=text,
                plain_text=fields.plain_text,
                x=fields.x if custom else 0.0,
                y=fields.y if custom else 0.0,
                date_format=fields.date_format,
                time_format=fields.time_format,
            )
        return client.update_osd(
            camera_id,
            token,
            position=position,
            text=text,
            plain_text=fields.plain_text,
            x=fields.x if custom else None,
            y=fields.y if custom else None,
            date_format=fields.date_format,
            time_format=fields.time_format,
        )

    return ServerOp(parent, work)


def delete_osd_op(camera_id: int, token: str, *, parent: QObject | None) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_osd(camera_id, token))
