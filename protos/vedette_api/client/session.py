"""``Client``: the Python SDK of the Vedette API, used by the CLI, the console and CMSs.

A ``Client`` is one logged-in session on one server: ``Client.connect`` pins the
server's TLS certificate (``vedette_api.client.pinning``), opens a gRPC channel that trusts
only that certificate, and logs in; ``close`` (or leaving the ``with`` block) logs
out. Methods mirror the RPCs of ``protos/vedette/v1`` and return their protobuf
messages; instants are int microseconds since the Unix epoch, UTC, converted to and
from ``Timestamp`` here.

Invariants:
- Every call carries the session token and a deadline, and fails only with a
  ``VedetteError`` subclass (``vedette_api.errors``) holding the server's message.
- Plaintext channels are opened only to loopback addresses.

Every method blocks until the server answers (at most ``timeout_s``); the client is
safe to use from several threads, as its gRPC channel is.

Sessions: ``renew_session`` extends the session before ``expire_us`` (a console on a
24×7 wall); ``background()`` is the same client whose calls do not count as the
user's activity, for what a program does by itself (refreshes, polling), so the
server's idle logout still ends a session nobody uses.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import grpc
from google.protobuf import field_mask_pb2

from vedette_api.client.accounts import AccountCalls
from vedette_api.client.address import is_loopback, parse_address, server_key
from vedette_api.client.closing import Closeable
from vedette_api.client.events import EventCalls
from vedette_api.client.export import ExportCalls
from vedette_api.client.images import ImageCalls
from vedette_api.client.live import LiveCalls
from vedette_api.client.pinning import pin_server_certificate
from vedette_api.client.playback import PlaybackCalls
from vedette_api.client.search import SearchCalls
from vedette_api.client.system import SystemCalls
from vedette_api.client.views import ViewCalls
from vedette_api.errors import InsecureConnectionRefused, InvalidArgument, NotFound, ServerError
from vedette_api.errors import error_from_rpc as _error_from_rpc
from vedette_api.evidence import SIGNATURE_SUFFIX
from vedette_api.evidence import verify as verify_export
from vedette_api.timestamps import duration_from_us, timestamp_from_us, us_from_timestamp
from vedette_api.v1 import (
    accounts_pb2_grpc,
    alarms_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
    common_pb2,
    export_pb2,
    export_pb2_grpc,
    images_pb2_grpc,
    media_pb2_grpc,
    recording_pb2_grpc,
    search_pb2,
    search_pb2_grpc,
    storage_pb2,
    storage_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
    views_pb2_grpc,
)

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: The metadata entry of calls that are not the user's doing (``Client.background``).
BACKGROUND_METADATA = ("x-vedette-activity", "background")
DEFAULT_EXPORT_TIMEOUT_S = 6 * 3600.0
_PAGE_SIZE = 1000


def _channel_options(target_name: str | None) -> list[tuple[str, Any]]:
    options: list[tuple[str, Any]] = [
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ]
    if target_name:
        options.append(("grpc.ssl_target_name_override", target_name))
    return options


@dataclass(frozen=True)
class ClientCertificate:
    """A client certificate and its key (PEM), for servers that require mutual TLS."""

    key_pem: bytes
    cert_pem: bytes

    @classmethod
    def from_files(cls, key_path: Path, cert_path: Path) -> ClientCertificate:
        return cls(key_path.read_bytes(), cert_path.read_bytes())

    def __repr__(self) -> str:
        return "ClientCertificate(<hidden>)"


def open_channel(
    host: str,
    port: int,
    *,
    insecure: bool = False,
    known_servers_path: Path | None = None,
    trust_new: bool = False,
    timeout_s: float = 10.0,
    client_certificate: ClientCertificate | None = None,
) -> tuple[grpc.Channel, str | None]:
    """A gRPC channel to ``host:port``, not logged in, and the pinned fingerprint.

    TLS trusting only the certificate pinned for the server (pinned now on first
    use; see ``Client.connect`` for the arguments), or plaintext when ``insecure``
    (loopback only; the fingerprint is then ``None``). Useful alone for the gRPC
    health service. Blocks for the certificate check, not for gRPC's connection.
    ``host`` ``unix`` with ``port`` 0 is not used: see ``open_local_channel``.
    """
    server = server_key(host, port)
    if insecure:
        if not is_loopback(host):
            raise InsecureConnectionRefused(server)
        return grpc.insecure_channel(server, options=_channel_options(None)), None
    pin = pin_server_certificate(
        host,
        port,
        known_servers_path=known_servers_path,
        trust_new=trust_new,
        timeout_s=timeout_s,
        client_certificate=(
            None
            if client_certificate is None
            else (client_certificate.key_pem, client_certificate.cert_pem)
        ),
    )
    credentials = grpc.ssl_channel_credentials(
        root_certificates=pin.certificate_pem.encode("ascii"),
        private_key=None if client_certificate is None else client_certificate.key_pem,
        certificate_chain=None if client_certificate is None else client_certificate.cert_pem,
    )
    channel = grpc.secure_channel(server, credentials, options=_channel_options(pin.target_name))
    return channel, pin.fingerprint_sha256


def open_local_channel(socket_path: str) -> grpc.Channel:
    """A plaintext channel to the server's local socket (``unix:PATH``): the appliance
    console's way in; sessions opened on it have the *local* rights."""
    return grpc.insecure_channel(f"unix:{socket_path}", options=_channel_options(None))


@dataclass
class _SessionState:
    """What a client and its background view share."""

    expire_us: int


class Client(
    Closeable,
    AccountCalls,
    EventCalls,
    ExportCalls,
    ImageCalls,
    LiveCalls,
    PlaybackCalls,
    SearchCalls,
    SystemCalls,
    ViewCalls,
):
    """A logged-in session on one Vedette server. Build it with ``Client.connect``."""

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        server: str,
        login: auth_pb2.LoginResponse,
        timeout_s: float,
        certificate_fingerprint: str | None,
    ) -> None:
        self._channel = channel
        self._metadata = (("authorization", f"Bearer {login.token}"),)
        self._timeout_s = timeout_s
        self._closed = False
        self._session = _SessionState(us_from_timestamp(login.expire_time))
        #: The client this one is the background view of (None: it owns the session).
        self._owner: Client | None = None
        self._background: Client | None = None
        #: ``host:port`` of the server.
        self.server = server
        #: The user name of the session, as the server stores it.
        self.username = login.username
        #: SHA-256 fingerprint of the pinned certificate; ``None`` on plaintext.
        self.certificate_fingerprint = certificate_fingerprint
        self._auth = auth_pb2_grpc.AuthServiceStub(channel)
        self._cameras = cameras_pb2_grpc.CameraServiceStub(channel)
        self._storage = storage_pb2_grpc.StorageServiceStub(channel)
        self._search = search_pb2_grpc.SearchServiceStub(channel)
        self._export = export_pb2_grpc.ExportServiceStub(channel)
        self._images = images_pb2_grpc.ImageServiceStub(channel)
        self._system = system_pb2_grpc.SystemServiceStub(channel)
        self._accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        self._recording = recording_pb2_grpc.RecordingServiceStub(channel)
        self._media = media_pb2_grpc.MediaServiceStub(channel)
        self._views = views_pb2_grpc.ViewServiceStub(channel)
        self._alarms = alarms_pb2_grpc.AlarmServiceStub(channel)

    @classmethod
    def connect(
        cls,
        address: str,
        *,
        username: str,
        password: str,
        insecure: bool = False,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
        client_certificate: ClientCertificate | None = None,
    ) -> Self:
        """Connect to ``address`` (``host:port``, or ``unix:PATH`` for the server's
        local socket) and log in; blocks up to ~``timeout_s``.

        TLS by default, with the server's certificate pinned on first use in
        ``known_servers_path`` (default: the user's config dir); ``trust_new``
        replaces a pin that no longer matches; ``client_certificate`` is presented
        to servers that require mutual TLS. ``insecure`` uses plaintext and is
        refused (``InsecureConnectionRefused``) unless the host is loopback. The
        local socket is always plaintext (it never leaves the host).
        Raises ``Unauthenticated`` for a wrong user name or password,
        ``CertificateMismatch``, ``Unavailable``, or another ``VedetteError``.
        """
        fingerprint: str | None
        if address.startswith("unix:"):
            server = address
            channel, fingerprint = open_local_channel(address[5:]), None
        else:
            host, port = parse_address(address)
            server = server_key(host, port)
            channel, fingerprint = open_channel(
                host,
                port,
                insecure=insecure,
                known_servers_path=known_servers_path,
                trust_new=trust_new,
                timeout_s=timeout_s,
                client_certificate=client_certificate,
            )
        try:
            request = auth_pb2.LoginRequest(username=username, password=password)
            login = auth_pb2_grpc.AuthServiceStub(channel).Login(request, timeout=timeout_s)
        except grpc.RpcError as exc:
            channel.close()
            raise _error_from_rpc(exc, server=server) from exc
        except BaseException:
            channel.close()
            raise
        return cls(
            channel,
            server=server,
            login=login,
            timeout_s=timeout_s,
            certificate_fingerprint=fingerprint,
        )

    # -- session ------------------------------------------------------------------

    @property
    def channel(self) -> grpc.Channel:
        """The gRPC channel, for what this class does not wrap (the standard health and
        reflection services)."""
        return self._channel

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """The call metadata (the ``authorization`` entry) every RPC needs."""
        return self._metadata

    @property
    def expire_us(self) -> int:
        """When the session expires unless renewed, µs since the epoch (0 when the
        server set none); ``renew_session`` moves it."""
        return self._session.expire_us

    def renew_session(self) -> int:
        """Extend the session to the server's session lifetime from now (same token,
        open streams stay open); returns the new expiry (µs since the epoch), also
        ``expire_us``. Not activity: a session idle for the server's auto-logout time
        still ends. ``Unauthenticated`` once the session has ended."""
        response = self._call(self._auth.RenewSession, auth_pb2.RenewSessionRequest())
        self._session.expire_us = us_from_timestamp(response.expire_time)
        return self._session.expire_us

    def background(self) -> Client:
        """This client, for calls that are not the user's doing: refreshes and polling
        a program makes by itself (``client.background().list_cameras()``). Its calls
        carry ``x-vedette-activity: background`` and so do not restart the session's
        idle clock. Same channel and session; closing it does nothing (close this
        client). Always the same object."""
        if self._owner is not None:
            return self
        if self._background is None:
            view = copy.copy(self)
            view._metadata = (*self._metadata, BACKGROUND_METADATA)
            view._owner = self
            view._background = None
            self._background = view
        return self._background

    @property
    def is_background(self) -> bool:
        """Whether this is a ``background()`` view."""
        return self._owner is not None

    def close(self) -> None:
        """Log out (best effort, short deadline) and close the channel. Idempotent.
        On a ``background()`` view: nothing (its owner holds the session)."""
        if self._closed or self._owner is not None:
            return
        self._closed = True
        try:
            self._auth.Logout(
                auth_pb2.LogoutRequest(), timeout=min(self._timeout_s, 2.0), metadata=self._metadata
            )
        except grpc.RpcError:
            pass  # the session expires by itself on the server
        finally:
            self._channel.close()

    def _call(self, method: Callable[..., Any], request: Any) -> Any:
        try:
            return method(request, timeout=self._timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise _error_from_rpc(exc, server=self.server) from exc

    def _all_pages(self, method: Callable[..., Any], request_type: Any, field: str) -> list[Any]:
        items: list[Any] = []
        token = ""
        seen: set[str] = set()
        while True:
            response = self._call(method, request_type(page_size=_PAGE_SIZE, page_token=token))
            items.extend(getattr(response, field))
            token = response.next_page_token
            if not token:
                return items
            if token in seen:
                raise ServerError(f"{self.server} returned the same page token twice")
            seen.add(token)

    def get_server_info(self) -> system_pb2.GetServerInfoResponse:
        """The server's id, version and clock."""
        return self._call(self._system.GetServerInfo, system_pb2.GetServerInfoRequest())

    # -- cameras ------------------------------------------------------------------

    def list_cameras(self) -> list[cameras_pb2.Camera]:
        """Every camera the user may see, with its status, ordered by id."""
        return self._all_pages(self._cameras.ListCameras, cameras_pb2.ListCamerasRequest, "cameras")

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
    ) -> cameras_pb2.Camera:
        """Add a camera; returns it with its server-assigned id."""
        camera = cameras_pb2.Camera(
            name=name,
            main_url=main_url,
            sub_url=sub_url,
            camera_user=camera_user,
            camera_password=camera_password,
            disk_group=disk_group,
            enabled=enabled,
            expiry_days=expiry_days,
            record_audio=record_audio,
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
    ) -> cameras_pb2.Camera:
        """Change the fields given (not ``None``); the others keep their value."""
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
        }
        given = {field: value for field, value in changes.items() if value is not None}
        if not given:
            raise InvalidArgument("update_camera: no field to change")
        camera = cameras_pb2.Camera(id=camera_id)
        for field, value in given.items():
            setattr(camera, field, value)
        request = cameras_pb2.UpdateCameraRequest(
            camera=camera, update_mask=field_mask_pb2.FieldMask(paths=sorted(given))
        )
        return self._call(self._cameras.UpdateCamera, request).camera

    def delete_camera(self, camera_id: int) -> None:
        """Remove a camera and delete its recordings (refused while any is locked)."""
        self._call(self._cameras.DeleteCamera, cameras_pb2.DeleteCameraRequest(camera_id=camera_id))

    # -- storage ------------------------------------------------------------------

    def list_volumes(self) -> list[storage_pb2.Volume]:
        """Every volume, ordered by id."""
        return self._all_pages(self._storage.ListVolumes, storage_pb2.ListVolumesRequest, "volumes")

    def add_volume(self, path: str, *, disk_group: int = 1) -> storage_pb2.Volume:
        """Register a directory on the server as a volume (not yet initialised)."""
        request = storage_pb2.AddVolumeRequest(path=path, disk_group=disk_group)
        return self._call(self._storage.AddVolume, request).volume

    def initialize_volume(self, volume_id: int, *, force: bool = False) -> storage_pb2.Volume:
        """Initialise a volume; ``force`` takes over one initialised by another server."""
        request = storage_pb2.InitializeVolumeRequest(volume_id=volume_id, force=force)
        return self._call(self._storage.InitializeVolume, request).volume

    def set_volume_disk_group(self, volume_id: int, disk_group: int) -> storage_pb2.Volume:
        """Move a volume to another disk group."""
        request = storage_pb2.UpdateVolumeRequest(
            volume=storage_pb2.Volume(id=volume_id, disk_group=disk_group),
            update_mask=field_mask_pb2.FieldMask(paths=["disk_group"]),
        )
        return self._call(self._storage.UpdateVolume, request).volume

    def remove_volume(self, volume_id: int) -> None:
        """Forget a volume (its files are left on disk)."""
        request = storage_pb2.RemoveVolumeRequest(volume_id=volume_id)
        self._call(self._storage.RemoveVolume, request)

    def list_disk_groups(self) -> list[storage_pb2.DiskGroup]:
        """Every disk group, ordered by id."""
        return self._all_pages(
            self._storage.ListDiskGroups, storage_pb2.ListDiskGroupsRequest, "disk_groups"
        )

    def update_disk_group(
        self,
        disk_group_id: int,
        *,
        name: str | None = None,
        overwrite: bool | None = None,
        reserve_bytes: int | None = None,
    ) -> storage_pb2.DiskGroup:
        """Change the fields given (not ``None``) of a disk group."""
        changes = {"name": name, "overwrite": overwrite, "reserve_bytes": reserve_bytes}
        given = {field: value for field, value in changes.items() if value is not None}
        if not given:
            raise InvalidArgument("update_disk_group: no field to change")
        group = storage_pb2.DiskGroup(id=disk_group_id)
        for field, value in given.items():
            setattr(group, field, value)
        request = storage_pb2.UpdateDiskGroupRequest(
            disk_group=group, update_mask=field_mask_pb2.FieldMask(paths=sorted(given))
        )
        return self._call(self._storage.UpdateDiskGroup, request).disk_group

    # -- search and export ------------------------------------------------------------

    def get_timeline(
        self,
        camera_ids: list[int],
        start_us: int,
        end_us: int,
        *,
        stream: common_pb2.Stream = common_pb2.STREAM_MAIN,
        resolution_us: int = 0,
    ) -> list[search_pb2.CameraTimeline]:
        """Recorded runs per camera in [start_us, end_us); ``[]`` ids = every camera."""
        request = search_pb2.GetTimelineRequest(
            camera_ids=camera_ids,
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            stream=stream,
            resolution=duration_from_us(resolution_us),
        )
        return list(self._call(self._search.GetTimeline, request).timelines)

    def export_recording(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        *,
        export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
        stream: common_pb2.Stream = common_pb2.STREAM_MAIN,
        timeout_s: float = DEFAULT_EXPORT_TIMEOUT_S,
    ) -> Iterator[export_pb2.ExportRecordingResponse]:
        """Yield the pieces of an exported file; concatenate their ``data``.

        The first piece carries ``file_name`` and ``mime_type``. Stopping the
        iteration early cancels the export on the server.
        """
        request = export_pb2.ExportRecordingRequest(
            camera_id=camera_id,
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            format=export_format,
            stream=stream,
        )
        call = self._export.ExportRecording(request, timeout=timeout_s, metadata=self._metadata)
        try:
            yield from call
        except grpc.RpcError as exc:
            raise _error_from_rpc(exc, server=self.server) from exc
        finally:
            call.cancel()

    def export_to_file(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        path: Path,
        *,
        export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
        stream: common_pb2.Stream = common_pb2.STREAM_MAIN,
        progress: Callable[[export_pb2.ExportRecordingResponse], None] | None = None,
    ) -> int:
        """Export into ``path``, and its signed manifest into ``<path>.vsig``; returns
        the file's size in bytes.

        Writes ``<path>.part`` and renames it only when the export is complete, so
        ``path`` never holds a truncated file. The server signs the file after its
        last byte; the signature is checked against the file as ``vedette verify``
        checks it (ServerError when they differ) and kept beside it. A server that
        does not sign streamed exports (older) leaves no ``.vsig``. ``progress``
        sees every piece.
        """
        partial = path.with_name(path.name + ".part")
        signature = path.with_name(path.name + SIGNATURE_SUFFIX)
        size_bytes = 0
        signed = b""
        try:
            with partial.open("wb") as out:
                for piece in self.export_recording(
                    camera_id, start_us, end_us, export_format=export_format, stream=stream
                ):
                    out.write(piece.data)
                    size_bytes += len(piece.data)
                    signed = piece.signed_manifest or signed
                    if progress is not None:
                        progress(piece)
                out.flush()
                os.fsync(out.fileno())
            signature.unlink(missing_ok=True)  # an earlier export's, never this file's
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if signed:
            signature.write_bytes(signed)
            verdict = verify_export(path)
            if not verdict.intact:
                signature.unlink(missing_ok=True)
                raise ServerError(
                    f"{path} does not match the signature the server sent: "
                    + "; ".join(verdict.lines()[1:])
                )
        return size_bytes
