"""Move ONVIF cameras to new network settings (CAM-05) and change their passwords
(CAM-06), part of ``vedette_api.Client`` through ``CameraCalls``. Every method blocks;
each camera is reached through the server, so each gets ``CAMERA_CALL_TIMEOUT_S``.
"""

from __future__ import annotations

from collections.abc import Sequence

from vedette_api.client.calls import ServiceCalls
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc

#: The server gives a camera 20 s for all the calls of one change.
CAMERA_CALL_TIMEOUT_S = 30.0


class CameraNetworkCalls(ServiceCalls):
    _cameras: cameras_pb2_grpc.CameraServiceStub

    def set_camera_network(
        self,
        camera_ids: Sequence[int],
        address: str,
        prefix_length: int = 24,
        gateway: str = "",
    ) -> cameras_pb2.SetCameraNetworkResponse:
        """Give the cameras sequential addresses from ``address`` (in the order given);
        each camera's outcome and address in ``results`` (``error_code`` empty when it
        moved). The server follows each moved camera to its new address."""
        request = cameras_pb2.SetCameraNetworkRequest(
            camera_ids=list(camera_ids),
            address=address,
            prefix_length=prefix_length,
            gateway=gateway,
        )
        response: cameras_pb2.SetCameraNetworkResponse = self._call(
            self._cameras.SetCameraNetwork,
            request,
            min_timeout_s=CAMERA_CALL_TIMEOUT_S * max(1, len(camera_ids)),
        )
        return response

    def set_camera_password(
        self, camera_ids: Sequence[int], new_password: str
    ) -> cameras_pb2.SetCameraPasswordResponse:
        """Change the ONVIF password of each camera's stored user; the server keeps the
        new one only for the cameras that took it (``error_code`` empty)."""
        request = cameras_pb2.SetCameraPasswordRequest(
            camera_ids=list(camera_ids), new_password=new_password
        )
        response: cameras_pb2.SetCameraPasswordResponse = self._call(
            self._cameras.SetCameraPassword,
            request,
            min_timeout_s=CAMERA_CALL_TIMEOUT_S * max(1, len(camera_ids)),
        )
        return response

    def get_default_credentials(self) -> list[cameras_pb2.DefaultCredential]:
        """The default credentials quick add tries (CAM-03), in order, without passwords."""
        response: cameras_pb2.GetDefaultCredentialsResponse = self._call(
            self._cameras.GetDefaultCredentials, cameras_pb2.GetDefaultCredentialsRequest()
        )
        return list(response.credentials)

    def set_default_credentials(
        self, credentials: Sequence[cameras_pb2.DefaultCredential]
    ) -> list[cameras_pb2.DefaultCredential]:
        """Replace the list; an entry without a password keeps its stored one (by label)."""
        request = cameras_pb2.SetDefaultCredentialsRequest(credentials=list(credentials))
        response: cameras_pb2.SetDefaultCredentialsResponse = self._call(
            self._cameras.SetDefaultCredentials, request
        )
        return list(response.credentials)
