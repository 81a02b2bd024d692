"""The site directory's ``CameraService``: the site's cameras and which member server
records each (docs/sites.md, "Cameras of a site").

Served on the client port: ``ListCameras`` and ``GetCamera`` to any signed-in user,
``CreateCamera`` (``recording_server`` required: a member that has not left) and
``DeleteCamera`` to administrators. The other CameraService calls (ONVIF, picture,
streams…) belong to the recording server of the camera, and answer UNIMPLEMENTED
here. Names and URLs are checked as a recording server checks them; the camera's
password is sealed with the directory's credentials key and goes to its server only,
over the site port's mutual TLS.

A deleted camera leaves the list its server receives: the server stops recording it
and keeps what it recorded.
"""

from __future__ import annotations

import grpc

from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc
from vedette_server.api.convert import timestamp
from vedette_server.api.paging import page
from vedette_server.api.status import unary
from vedette_server.directory.service import Sessions, _db
from vedette_server.directory.store import CameraRow, DirectoryStore, JoinRefused
from vedette_server.errors import AlreadyExists, InvalidArgument, NotFound
from vedette_server.recording.cameras import CameraSpec, validate_spec
from vedette_server.security.secretbox import CameraCredentials, SecretBox


def camera_message(row: CameraRow) -> cameras_pb2.Camera:
    return cameras_pb2.Camera(
        id=row.id,
        name=row.name,
        main_url=row.main_url,
        sub_url=row.sub_url,
        has_credentials=row.credentials is not None,
        enabled=row.enabled,
        record_audio=row.record_audio,
        create_time=timestamp(row.created_us),
        update_time=timestamp(row.updated_us),
        recording_server=row.server_name,
        site_camera_id=row.uuid,
    )


class DirectoryCameraServicer(cameras_pb2_grpc.CameraServiceServicer):
    def __init__(self, store: DirectoryStore, sessions: Sessions, secrets: SecretBox) -> None:
        self.store = store
        self.sessions = sessions
        self.secrets = secrets

    @unary
    async def ListCameras(
        self, request: cameras_pb2.ListCamerasRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.ListCamerasResponse:
        self.sessions.require(context)
        rows = await _db(self.store.cameras)
        items, token = page(rows, request.page_size, request.page_token)
        return cameras_pb2.ListCamerasResponse(
            cameras=[camera_message(r) for r in items], next_page_token=token
        )

    @unary
    async def GetCamera(
        self, request: cameras_pb2.GetCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetCameraResponse:
        self.sessions.require(context)
        row = await _db(self.store.camera, request.camera_id)
        if row is None:
            raise NotFound("camera", request.camera_id)
        return cameras_pb2.GetCameraResponse(camera=camera_message(row))

    @unary
    async def CreateCamera(
        self, request: cameras_pb2.CreateCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.CreateCameraResponse:
        session = self.sessions.require(context, admin=True)
        camera = request.camera
        if not camera.recording_server:
            raise InvalidArgument(
                "camera.recording_server",
                "name the member server that records it (vedette servers list)",
            )
        credentials = None
        if camera.camera_user or camera.camera_password:
            credentials = CameraCredentials(camera.camera_user, camera.camera_password)
        spec = validate_spec(
            CameraSpec(
                name=camera.name,
                main_url=camera.main_url,
                sub_url=camera.sub_url,
                credentials=credentials,
            )
        )
        if not spec.name:
            raise InvalidArgument("camera.name", "is required")
        if not spec.main_url:
            raise InvalidArgument("camera.main_url", "is required")
        sealed = self.secrets.seal(credentials) if credentials is not None else None
        record_audio = camera.record_audio if camera.HasField("record_audio") else True
        try:
            row = await _db(
                self.store.add_camera,
                spec.name,
                spec.main_url,
                spec.sub_url or "",
                sealed,
                camera.recording_server,
                record_audio,
            )
        except JoinRefused as exc:
            if "already named" in str(exc):
                raise AlreadyExists("camera", spec.name) from None
            raise InvalidArgument("camera.recording_server", str(exc)) from None
        await _db(
            self.store.audit,
            "camera.created",
            f"{session.user} added camera {row.name}, recorded by {row.server_name}",
            username=session.user,
            peer=session.peer,
        )
        return cameras_pb2.CreateCameraResponse(camera=camera_message(row))

    @unary
    async def DeleteCamera(
        self, request: cameras_pb2.DeleteCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.DeleteCameraResponse:
        session = self.sessions.require(context, admin=True)
        row = await _db(self.store.delete_camera, request.camera_id)
        if row is None:
            raise NotFound("camera", request.camera_id)
        await _db(
            self.store.audit,
            "camera.deleted",
            f"{session.user} removed camera {row.name} from the site; {row.server_name}"
            " keeps what it recorded",
            username=session.user,
            peer=session.peer,
        )
        return cameras_pb2.DeleteCameraResponse()
