"""Upgrade an ONVIF camera's firmware (CAM-07), part of ``vedette_api.Client`` through
``CameraCalls``. Blocks until the camera answers again (or the server gives up on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import grpc

from vedette_api.client.calls import ServiceCalls
from vedette_api.errors import InvalidArgument, ServerError, error_from_rpc
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc

#: Bytes per message of the file's stream (the server takes at most 1 MiB).
CHUNK_BYTES: Final = 1024 * 1024
#: The whole call: the upload, the camera's reboot (its ExpectedDownTime, up to
#: 15 min, plus the server's margin).
FIRMWARE_CALL_TIMEOUT_S: Final = 3600.0

Progress = Callable[[cameras_pb2.UpgradeCameraFirmwareResponse], None]


def _requests(
    camera_id: int, path: Path, size_bytes: int
) -> Iterator[cameras_pb2.UpgradeCameraFirmwareRequest]:
    yield cameras_pb2.UpgradeCameraFirmwareRequest(
        file=cameras_pb2.FirmwareFile(
            camera_id=camera_id, file_name=path.name, size_bytes=size_bytes
        )
    )
    with path.open("rb") as image:
        while chunk := image.read(CHUNK_BYTES):
            yield cameras_pb2.UpgradeCameraFirmwareRequest(chunk=chunk)


class CameraFirmwareCalls(ServiceCalls):
    _cameras: cameras_pb2_grpc.CameraServiceStub

    def upgrade_camera_firmware(
        self, camera_id: int, path: Path | str, *, progress: Progress | None = None
    ) -> cameras_pb2.UpgradeCameraFirmwareResponse:
        """Send the firmware file at ``path`` to the camera through the server and wait
        for the camera to come back; ``progress`` sees every message. Returns the last
        one (stage DONE): ``upgraded``, ``firmware_before`` and ``firmware_after`` are
        what the camera reports. ``InvalidArgument`` for a file that cannot be read."""
        file = Path(path)
        try:
            size_bytes = file.stat().st_size
        except OSError as error:
            raise InvalidArgument(f"{file}: {error.strerror or error}") from None
        last: cameras_pb2.UpgradeCameraFirmwareResponse | None = None
        try:
            responses = self._cameras.UpgradeCameraFirmware(
                _requests(camera_id, file, size_bytes),
                timeout=max(self._timeout_s, FIRMWARE_CALL_TIMEOUT_S),
                metadata=self._metadata,
            )
            for response in responses:
                if progress is not None:
                    progress(response)
                last = response
        except grpc.RpcError as exc:
            raise error_from_rpc(exc, server=self.server) from exc
        done = cameras_pb2.FIRMWARE_UPGRADE_STAGE_DONE
        if last is None or last.stage != done:
            raise ServerError(f"{self.server} ended the firmware upgrade without its outcome")
        return last
