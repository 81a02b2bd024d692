"""CameraService's stream settings calls (GetStreamSettings, SetStreamSettings,
ApplyStreamSettings): protobuf ↔ ``vedette_server.onvif.streams`` translation.

The camera is reached through ``picture_calls.camera_device`` (its stored ONVIF address
and credentials; FAILED_PRECONDITION for a camera added by RTSP URL). "Apply to all"
changes the cameras one after the other, each with its own bound, and reports each
camera's outcome: one failing does not stop the others.
"""

from __future__ import annotations

import logging
from typing import Final

import grpc

from vedette_api.v1 import cameras_pb2
from vedette_server.api.status import status_for, status_message
from vedette_server.errors import InvalidArgument
from vedette_server.onvif.streams import StreamChange, StreamSettings

log = logging.getLogger(__name__)
#: The most cameras one ApplyStreamSettings changes.
MAX_APPLY_CAMERAS: Final = 256
_ROLES: Final = {cameras_pb2.STREAM_ROLE_MAIN: "main", cameras_pb2.STREAM_ROLE_SUB: "sub"}
_ROLE_ENUMS: Final = {v: k for k, v in _ROLES.items()}
_FIELDS: Final = (
    "width",
    "height",
    "fps",
    "bitrate_kbps",
    "gop",
    "h264_profile",
    "codec",
    "rate_control",
)


def change_of(message: cameras_pb2.StreamChange) -> StreamChange:
    """The change ``message`` asks for; INVALID_ARGUMENT without a role or a field."""
    if message.role not in _ROLES:
        raise InvalidArgument("change.role", "is required (main or sub)")
    values = {name: getattr(message, name) for name in _FIELDS if message.HasField(name)}
    if not values:
        raise InvalidArgument("change", "names no setting to change")
    return StreamChange(role=_ROLES[message.role], **values)


def settings_message(stream: StreamSettings) -> cameras_pb2.StreamSettings:
    options = stream.options
    low, high = stream.recommended_kbps
    return cameras_pb2.StreamSettings(
        role=_ROLE_ENUMS.get(stream.role, cameras_pb2.STREAM_ROLE_UNSPECIFIED),
        profile_token=stream.profile_token,
        codec=stream.codec,
        width=stream.width,
        height=stream.height,
        fps=stream.fps,
        bitrate_kbps=stream.bitrate_kbps,
        gop=stream.gop,
        h264_profile=stream.h264_profile,
        options=cameras_pb2.StreamOptions(
            codecs=list(options.codecs),
            resolutions=[
                cameras_pb2.StreamResolution(width=w, height=h) for w, h in options.resolutions
            ],
            fps_min=options.fps[0],
            fps_max=options.fps[1],
            bitrate_min_kbps=options.bitrate_kbps[0],
            bitrate_max_kbps=options.bitrate_kbps[1],
            gop_min=options.gop[0],
            gop_max=options.gop[1],
            h264_profiles=list(options.h264_profiles),
            rate_controls=list(options.rate_controls),
        ),
        recommended_min_kbps=low,
        recommended_max_kbps=high,
        rate_control=stream.rate_control,
        audio_codec=stream.audio[0],
        audio_bitrate_kbps=stream.audio[1],
        audio_sample_rate_hz=stream.audio[2],
    )


def stream_messages(streams: list[StreamSettings]) -> list[cameras_pb2.StreamSettings]:
    return [settings_message(s) for s in streams]


def failure(camera_id: int, error: Exception) -> cameras_pb2.StreamSettingsResult:
    """One camera's failed outcome: its status code's name and the masked message (an
    unexpected error is logged and reported as internal, without its text)."""
    code = status_for(error)
    if code is grpc.StatusCode.INTERNAL:
        log.error("stream settings of camera %d failed", camera_id, exc_info=error)
        text = "internal error; see the server log"
    else:
        text = status_message(error)
    return cameras_pb2.StreamSettingsResult(camera_id=camera_id, error_code=code.name, error=text)


def changed_fields(change: StreamChange, streams: list[StreamSettings]) -> dict[str, object]:
    """The changed fields of the changed stream, ``{"sub.width": 320, …}`` (audit)."""
    names = change.given()
    return {f"{s.role}.{n}": getattr(s, n) for s in streams if s.role == change.role for n in names}


def describe(change: StreamChange) -> str:
    """The change in words, for the audit trail: ``sub: width=320, height=180``."""
    given = ", ".join(f"{k}={v}" for k, v in change.given().items())
    return f"{change.role}: {given}"
