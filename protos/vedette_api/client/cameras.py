"""The ``CameraService`` part of ``vedette_api.Client``: list, find, add, change and
remove cameras; discover, test and add ONVIF cameras; their picture settings and
overlays (``camera_picture``); their stream settings (``camera_streams``); their
firmware (``camera_firmware``). Every method blocks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import grpc
from google.protobuf import field_mask_pb2
from google.protobuf.duration_pb2 import Duration

from vedette_api.client.calls import apply_changes
from vedette_api.client.camera_firmware import CameraFirmwareCalls
from vedette_api.client.camera_network import CameraNetworkCalls
from vedette_api.client.camera_picture import CameraPictureCalls
from vedette_api.client.camera_streams import CameraStreamCalls
from vedette_api.errors import NotFound, error_from_rpc
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc

#: The server gives a camera 20 s to answer a test or an add (``onvif_calls``).
CAMERA_CALL_TIMEOUT_S = 30.0


class CameraCalls(CameraPictureCalls, CameraStreamCalls, CameraNetworkCalls, CameraFirmwareCalls):
    _cameras: cameras_pb2_grpc.CameraServiceStub

    def list_cameras(self) -> list[cameras_pb2.Camera]:
        """Every camera the user may see, with its status, ordered by id."""
        request = cameras_pb2.ListCamerasRequest()
        return list(self._paginate(self._cameras.ListCameras, request, "cameras"))

    def get_camera(self, camera_id: int) -> cameras_pb2.Camera:
        """One camera; ``NotFound`` when the id is unknown."""
        request = cameras_pb2.GetCameraRequest(camera_id=camera_id)
        return self._call(self._cameras.GetCamera, request).camera

    def find_camera(self, ref: str | int) -> cameras_pb2.Camera:
        """The camera whose id, or else whose name (case-insensitive), is ``ref``."""
        cameras = self.list_cameras()
        text = str(ref).strip()
        if text.isdigit():
            for camera in cameras:
                if camera.id == int(text):
                    return camera
        for camera in cameras:
            if camera.name.casefold() == text.casefold():
                return camera
        raise NotFound(f"no camera has the id or name {text!r}")

    def create_camera(
        self,
        name: str,
        main_url: str,
        *,
        sub_url: str = "",
        camera_user: str = "",
        camera_password: str = "",
        disk_group: int = 1,
        enabled: bool = True,
        expiry_days: int = 0,
        record_audio: bool = True,
        privacy_masks: Sequence[cameras_pb2.PrivacyMask] = (),
        watermark: cameras_pb2.Watermark | None = None,
        recording_server: str = "",
    ) -> cameras_pb2.Camera:
        """Add a camera; returns it with its server-assigned id. At a site directory,
        ``recording_server`` names the member server that records it (required
        there, refused by a recording server)."""
        camera = cameras_pb2.Camera(
            name=name,
            recording_server=recording_server,
            main_url=main_url,
            sub_url=sub_url,
            camera_user=camera_user,
            camera_password=camera_password,
            disk_group=disk_group,
            enabled=enabled,
            expiry_days=expiry_days,
            record_audio=record_audio,
            privacy_masks=privacy_masks,
            watermark=watermark,
        )
        request = cameras_pb2.CreateCameraRequest(camera=camera)
        return self._call(self._cameras.CreateCamera, request).camera

    def update_camera(
        self,
        camera_id: int,
        *,
        name: str | None = None,
        main_url: str | None = None,
        sub_url: str | None = None,
        camera_user: str | None = None,
        camera_password: str | None = None,
        disk_group: int | None = None,
        enabled: bool | None = None,
        expiry_days: int | None = None,
        record_audio: bool | None = None,
        privacy_masks: Sequence[cameras_pb2.PrivacyMask] | None = None,
        watermark: cameras_pb2.Watermark | None = None,
        masks_on_camera: bool | None = None,
    ) -> cameras_pb2.Camera:
        """Change the fields given (not ``None``); the others keep their value
        (``privacy_masks=[]`` removes every mask). ``masks_on_camera``: whether the
        camera itself applies the masks (``FailedPrecondition`` says why it cannot)."""
        camera = cameras_pb2.Camera(id=camera_id)
        changes = {
            "name": name,
            "main_url": main_url,
            "sub_url": sub_url,
            "camera_user": camera_user,
            "camera_password": camera_password,
            "disk_group": disk_group,
            "enabled": enabled,
            "expiry_days": expiry_days,
            "record_audio": record_audio,
            "watermark": watermark,
            "masks_on_camera": masks_on_camera,
        }
        if privacy_masks is None:
            mask = apply_changes(camera, changes, method="update_camera")
        else:  # a repeated field, which apply_changes does not set
            given = any(value is not None for value in changes.values())
            mask = apply_changes(camera, changes, method="update_camera") if given else None
            camera.privacy_masks.extend(privacy_masks)
            paths = sorted([*(mask.paths if mask is not None else ()), "privacy_masks"])
            mask = field_mask_pb2.FieldMask(paths=paths)
        request = cameras_pb2.UpdateCameraRequest(camera=camera, update_mask=mask)
        return self._call(self._cameras.UpdateCamera, request).camera

    def delete_camera(self, camera_id: int) -> None:
        """Remove a camera and delete its recordings (refused while any is locked)."""
        self._call(self._cameras.DeleteCamera, cameras_pb2.DeleteCameraRequest(camera_id=camera_id))

    def discover_cameras(
        self, targets: Sequence[str] = (), *, timeout_s: float = 3.0, multicast: bool = False
    ) -> Iterator[cameras_pb2.DiscoveredCamera]:
        """ONVIF cameras that answer a WS-Discovery probe sent by unicast to ``targets``
        (``"192.0.2.10"``, ``"192.0.2.10-192.0.2.42"``, either with ``":PORT"``), and
        to the multicast group only when ``multicast``; each as its answer arrives,
        for at most ``timeout_s`` seconds, with ``already_added`` set for cameras added
        from that address."""
        timeout = Duration()
        timeout.FromNanoseconds(round(timeout_s * 1e9))
        request = cameras_pb2.DiscoverRequest(
            targets=list(targets), timeout=timeout, multicast=multicast
        )
        call = self._cameras.Discover(
            request, metadata=self._metadata, timeout=timeout_s + self._timeout_s
        )
        try:
            for response in call:
                yield response.camera
        except grpc.RpcError as exc:
            raise error_from_rpc(exc, server=self.server) from exc
        finally:
            call.cancel()

    def test_camera(
        self, address: str, port: int = 80, *, camera_user: str = "", camera_password: str = ""
    ) -> cameras_pb2.TestCameraResponse:
        """What an ONVIF camera says (identity, profiles, stream URLs, capabilities,
        clock offset), or, in ``error``/``error_message``, why it could not be read."""
        target = cameras_pb2.OnvifTarget(
            address=address, port=port, camera_user=camera_user, camera_password=camera_password
        )
        request = cameras_pb2.TestCameraRequest(target=target)
        response: cameras_pb2.TestCameraResponse = self._call(
            self._cameras.TestCamera, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response

    def add_onvif_camera(
        self,
        name: str,
        address: str,
        port: int = 80,
        *,
        camera_user: str = "",
        camera_password: str = "",
        disk_group: int = 1,
        enabled: bool = True,
        expiry_days: int = 0,
        record_audio: bool = True,
    ) -> cameras_pb2.Camera:
        """Add a camera from its ONVIF device service: the server reads its profiles
        and records their main and sub streams. ``FailedPrecondition`` says why a
        camera could not be read."""
        target = cameras_pb2.OnvifTarget(
            address=address, port=port, camera_user=camera_user, camera_password=camera_password
        )
        camera = cameras_pb2.Camera(
            name=name,
            disk_group=disk_group,
            enabled=enabled,
            expiry_days=expiry_days,
            record_audio=record_audio,
        )
        request = cameras_pb2.AddOnvifCameraRequest(target=target, camera=camera)
        response = self._call(
            self._cameras.AddOnvifCamera, request, min_timeout_s=CAMERA_CALL_TIMEOUT_S
        )
        return response.camera
