"""A camera's picture settings (ONVIF imaging) and text overlays (OSD), part of
``vedette_api.Client`` through ``CameraCalls``. Every method blocks; each reaches the
camera through the server, so it is given ``CAMERA_CALL_TIMEOUT_S`` at least.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls, apply_changes
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc

#: The server gives a camera 5 s for each ONVIF call; a change makes several.
CAMERA_CALL_TIMEOUT_S = 30.0
#: The controls of ``set_imaging``: ``ImagingSettings``' fields.
IMAGING_CONTROLS = tuple(cameras_pb2.ImagingSettings.DESCRIPTOR.fields_by_name)
#: The controls that take a mode (a word) rather than a number.
MODE_CONTROLS = tuple(
    f.name for f in cameras_pb2.ImagingSettings.DESCRIPTOR.fields if f.type == f.TYPE_STRING
)


class CameraPictureCalls(ServiceCalls):
    _cameras: cameras_pb2_grpc.CameraServiceStub

    def get_imaging(self, camera_id: int) -> cameras_pb2.GetImagingResponse:
        """The camera's picture settings and the bounds of each control."""
        request = cameras_pb2.GetImagingRequest(camera_id=camera_id)
        response: cameras_pb2.GetImagingResponse = self._call(
            self._cameras.GetImaging, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def set_imaging(
        self, camera_id: int, **controls: float | str
    ) -> cameras_pb2.SetImagingResponse:
        """Change the controls given (``brightness=70``, ``white_balance="MANUAL"``); the
        others keep their value. ``InvalidArgument`` names a control the camera does not
        have or a value outside its bounds."""
        if not controls:
            raise InvalidArgument("set_imaging: no control to change")
        settings = cameras_pb2.ImagingSettings()
        for name, value in controls.items():
            if name not in IMAGING_CONTROLS:
                raise InvalidArgument(
                    f"set_imaging: no control {name!r}; one of {', '.join(IMAGING_CONTROLS)}"
                )
            if name in MODE_CONTROLS:
                setattr(settings, name, str(value).upper())
            elif isinstance(value, str):
                raise InvalidArgument(f"set_imaging: {name} takes a number, not {value!r}")
            else:
                setattr(settings, name, float(value))
        request = cameras_pb2.SetImagingRequest(camera_id=camera_id, settings=settings)
        response: cameras_pb2.SetImagingResponse = self._call(
            self._cameras.SetImaging, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def get_osd(self, camera_id: int) -> cameras_pb2.GetOsdResponse:
        """The camera's text overlays and what it accepts."""
        request = cameras_pb2.GetOsdRequest(camera_id=camera_id)
        response: cameras_pb2.GetOsdResponse = self._call(
            self._cameras.GetOsd, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def add_osd(
        self,
        camera_id: int,
        *,
        position: cameras_pb2.OsdPosition,
        text: cameras_pb2.OsdText,
        plain_text: str = "",
        x: float = 0.0,
        y: float = 0.0,
        date_format: str = "",
        time_format: str = "",
        font_size: int = 0,
    ) -> cameras_pb2.SetOsdResponse:
        """Create a text overlay; the response has its token and every overlay."""
        overlay = cameras_pb2.OsdOverlay(
            position=position,
            text=text,
            plain_text=plain_text,
            x=x,
            y=y,
            date_format=date_format,
            time_format=time_format,
            font_size=font_size,
        )
        request = cameras_pb2.SetOsdRequest(camera_id=camera_id, overlay=overlay)
        response: cameras_pb2.SetOsdResponse = self._call(
            self._cameras.SetOsd, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def update_osd(
        self,
        camera_id: int,
        token: str,
        *,
        position: cameras_pb2.OsdPosition | None = None,
        text: cameras_pb2.OsdText | None = None,
        plain_text: str | None = None,
        x: float | None = None,
        y: float | None = None,
        date_format: str | None = None,
        time_format: str | None = None,
        font_size: int | None = None,
    ) -> cameras_pb2.SetOsdResponse:
        """Change the fields given (not ``None``) of the overlay ``token``."""
        if not token:
            raise InvalidArgument("update_osd: give the overlay's token")
        overlay = cameras_pb2.OsdOverlay(token=token)
        changes = {
            "position": position,
            "text": text,
            "plain_text": plain_text,
            "x": x,
            "y": y,
            "date_format": date_format,
            "time_format": time_format,
            "font_size": font_size,
        }
        mask = apply_changes(overlay, changes, method="update_osd")
        request = cameras_pb2.SetOsdRequest(camera_id=camera_id, overlay=overlay, update_mask=mask)
        response: cameras_pb2.SetOsdResponse = self._call(
            self._cameras.SetOsd, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def delete_osd(self, camera_id: int, token: str) -> None:
        """Delete the overlay ``token`` of the camera."""
        request = cameras_pb2.DeleteOsdRequest(camera_id=camera_id, token=token)
        self._call(self._cameras.DeleteOsd, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S)
