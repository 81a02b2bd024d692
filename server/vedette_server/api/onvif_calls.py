"""CameraService's ONVIF calls (Discover, TestCamera, AddOnvifCamera): request checks
and protobuf ↔ ``vedette_server.onvif`` translation.

Checked once here: a target's address (an IPv4/IPv6 address or a host name, nothing
that could carry a path or credentials), its port (0 means 80), the discovery
timeout (3 s by default, at most 30 s). Passwords go to the camera only: responses
carry stream URLs without user information, and errors name the user, never the
password.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import cameras_pb2, media_pb2
from vedette_server.errors import InvalidArgument
from vedette_server.onvif.capabilities import Capabilities
from vedette_server.onvif.device_report import DeviceReport
from vedette_server.onvif.discovery import DiscoveredDevice
from vedette_server.onvif.errors import OnvifError, OnvifErrorKind
from vedette_server.recording.onvif_sources import OnvifSource

DEFAULT_DISCOVER_S: Final = 3.0
MAX_DISCOVER_S: Final = 30.0
#: How long a camera may take to answer each ONVIF call of a test or an add, and all
#: of them (the SDK waits longer: ``vedette_api.client.cameras``).
CAMERA_TIMEOUT_S: Final = 5.0
CAMERA_TOTAL_S: Final = 20.0
MAX_HOST_CHARS: Final = 253
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\Z")
_ERRORS: Final = {
    OnvifErrorKind.UNREACHABLE: cameras_pb2.ONVIF_ERROR_UNREACHABLE,
    OnvifErrorKind.NOT_AUTHORIZED: cameras_pb2.ONVIF_ERROR_NOT_AUTHORIZED,
    OnvifErrorKind.CLOCK_SKEW: cameras_pb2.ONVIF_ERROR_CLOCK_SKEW,
    OnvifErrorKind.DIGEST_REQUIRED: cameras_pb2.ONVIF_ERROR_DIGEST_REQUIRED,
    OnvifErrorKind.NOT_ONVIF: cameras_pb2.ONVIF_ERROR_NOT_ONVIF,
}
_CODECS: Final = {"H264": media_pb2.CODEC_H264, "H265": media_pb2.CODEC_H265}


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    label: str = ""  # the default credentials that worked (CAM-03); "": none used


def target_of(message: cameras_pb2.OnvifTarget) -> Target:
    """The checked target; ``InvalidArgument`` naming the field otherwise."""
    host = message.address.strip()
    if not host:
        raise InvalidArgument("target.address", "is required")
    if len(host) > MAX_HOST_CHARS or not _is_host(host):
        raise InvalidArgument(
            "target.address", f"{host[:60]!r} is not an IP address or a host name"
        )
    port = message.port or 80
    if not 1 <= port <= 65_535:
        raise InvalidArgument("target.port", f"{message.port} is not in 1..65535")
    return Target(host, port, message.camera_user, message.camera_password)


def _is_host(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return _HOST_NAME.match(text) is not None
    return True


def discover_timeout_s(request: cameras_pb2.DiscoverRequest) -> float:
    if not request.HasField("timeout"):
        return DEFAULT_DISCOVER_S
    seconds = request.timeout.ToNanoseconds() / 1e9
    if seconds < 0 or seconds > MAX_DISCOVER_S:
        raise InvalidArgument("timeout", f"{seconds:g} s is not in 0..{MAX_DISCOVER_S:g} s")
    return seconds or DEFAULT_DISCOVER_S


def discovered_message(
    device: DiscoveredDevice, added: Mapping[tuple[str, int], int]
) -> cameras_pb2.DiscoverResponse:
    host, port = device.host_port
    camera_id = added.get((host.lower(), port), 0)
    return cameras_pb2.DiscoverResponse(
        camera=cameras_pb2.DiscoveredCamera(
            address=host,
            port=port,
            xaddrs=list(device.xaddrs),
            scopes=list(device.scopes),
            name=device.name,
            hardware=device.hardware,
            endpoint=device.endpoint,
            already_added=camera_id != 0,
            camera_id=camera_id,
        )
    )


def capabilities_message(capabilities: Capabilities) -> cameras_pb2.CameraCapabilities:
    message = cameras_pb2.CameraCapabilities(
        ptz=capabilities.ptz,
        imaging=capabilities.imaging,
        events=capabilities.events,
        media2=capabilities.media2,
        audio=capabilities.audio,
        device_io=capabilities.device_io,
    )
    if capabilities.input_count is not None:
        message.input_count = capabilities.input_count
    if capabilities.output_count is not None:
        message.output_count = capabilities.output_count
    return message


def source_message(source: OnvifSource) -> cameras_pb2.OnvifSource:
    return cameras_pb2.OnvifSource(
        address=source.host,
        port=source.port,
        capabilities=capabilities_message(source.capabilities),
    )


def report_message(report: DeviceReport) -> cameras_pb2.TestCameraResponse:
    info = report.information
    response = cameras_pb2.TestCameraResponse(
        manufacturer=info.manufacturer,
        model=info.model,
        firmware_version=info.firmware_version,
        serial_number=info.serial_number,
        hardware_id=info.hardware_id,
        profiles=[
            cameras_pb2.OnvifProfile(
                token=p.token,
                name=p.name,
                codec=_CODECS.get(p.encoding.upper(), media_pb2.CODEC_UNSPECIFIED),
                width=p.width,
                height=p.height,
                fps=p.fps,
                bitrate_kbps=p.bitrate_kbps,
                stream_url=p.stream_uri,
                ptz=p.has_ptz,
            )
            for p in report.profiles
        ],
        capabilities=capabilities_message(report.capabilities),
    )
    if report.streams is not None:
        response.main_url = report.streams.main.stream_uri
        if report.streams.sub is not None:
            response.sub_url = report.streams.sub.stream_uri
    if report.clock_offset_s is not None:
        offset = Duration()
        offset.FromNanoseconds(round(report.clock_offset_s * 1e9))
        response.clock_offset.CopyFrom(offset)
    return response


def error_message(error: OnvifError) -> cameras_pb2.TestCameraResponse:
    return cameras_pb2.TestCameraResponse(
        error=_ERRORS.get(error.kind, cameras_pb2.ONVIF_ERROR_NOT_ONVIF),
        error_message=str(error),
    )
