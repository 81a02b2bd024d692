"""A camera's main and sub stream settings over ONVIF (CAM-12, CAM-13), part of
``vedette_api.Client`` through ``CameraCalls``. Every method blocks; each reaches the
camera through the server, so it is given ``CAMERA_CALL_TIMEOUT_S`` at least (and as
much again per camera of an ``apply_stream_settings``).
"""

from __future__ import annotations

from collections.abc import Sequence

from vedette_api.client.calls import ServiceCalls
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc

#: The server gives a camera 20 s for all the calls of one change.
CAMERA_CALL_TIMEOUT_S = 30.0
#: ``role=`` words.
STREAM_ROLES = {"main": cameras_pb2.STREAM_ROLE_MAIN, "sub": cameras_pb2.STREAM_ROLE_SUB}
#: The settings a change may name: ``StreamChange``'s fields but the role.
STREAM_FIELDS = tuple(n for n in cameras_pb2.StreamChange.DESCRIPTOR.fields_by_name if n != "role")
#: The settings given as words ("H265", "CBR", "Main"); the others are whole numbers.
_TEXT_FIELDS = ("h264_profile", "codec", "rate_control")


def stream_change(role: str, **settings: int | str) -> cameras_pb2.StreamChange:
    """``StreamChange`` of ``role`` (main or sub) with ``settings`` (``width=320``…)."""
    if role not in STREAM_ROLES:
        raise InvalidArgument(f"stream {role!r}: main or sub")
    if not settings:
        raise InvalidArgument("no stream setting to change")
    change = cameras_pb2.StreamChange(role=STREAM_ROLES[role])
    for name, value in settings.items():
        if name not in STREAM_FIELDS:
            raise InvalidArgument(f"no stream setting {name!r}; one of {', '.join(STREAM_FIELDS)}")
        if name in _TEXT_FIELDS:
            setattr(change, name, str(value))
        elif isinstance(value, str | bool):
            raise InvalidArgument(f"{name} takes a whole number, not {value!r}")
        else:
            setattr(change, name, int(value))
    return change


class CameraStreamCalls(ServiceCalls):
    _cameras: cameras_pb2_grpc.CameraServiceStub

    def get_stream_settings(self, camera_id: int) -> cameras_pb2.GetStreamSettingsResponse:
        """The camera's main (and sub) stream settings, options and recommended bitrate."""
        request = cameras_pb2.GetStreamSettingsRequest(camera_id=camera_id)
        response: cameras_pb2.GetStreamSettingsResponse = self._call(
            self._cameras.GetStreamSettings, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def set_stream_settings(
        self, camera_id: int, role: str, **settings: int | str
    ) -> cameras_pb2.SetStreamSettingsResponse:
        """Change ``settings`` of the camera's ``role`` stream; the others keep their
        value. ``InvalidArgument`` names a value the camera does not offer."""
        request = cameras_pb2.SetStreamSettingsRequest(
            camera_id=camera_id, change=stream_change(role, **settings)
        )
        response: cameras_pb2.SetStreamSettingsResponse = self._call(
            self._cameras.SetStreamSettings, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def apply_stream_settings(
        self, camera_ids: Sequence[int], role: str, **settings: int | str
    ) -> cameras_pb2.ApplyStreamSettingsResponse:
        """The same change on several cameras; each camera's outcome in ``results``
        (``error_code`` empty when applied)."""
        request = cameras_pb2.ApplyStreamSettingsRequest(
            camera_ids=list(camera_ids), change=stream_change(role, **settings)
        )
        response: cameras_pb2.ApplyStreamSettingsResponse = self._call(
            self._cameras.ApplyStreamSettings,
            request,
            min_timeout_s=CAMERA_CALL_TIMEOUT_S * max(1, len(camera_ids)),
        )
        return response
