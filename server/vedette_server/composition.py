"""The one place that builds the server from its parts and runs it.

Order at start: open the catalog, recover from any crash (before anything
records), load the settings and the accounts, start the gRPC server (TLS unless
--insecure on loopback, plus the local socket of the appliance console), start the
ingest workers, then the periodic volume/retention task. At stop (SIGINT/SIGTERM,
or a Shutdown/Restart RPC) the reverse: workers close their segments cleanly, the
catalog is closed last; a restart then re-executes the same command line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc

from vedette_api.evidence import key_fingerprint
from vedette_api.services import SERVICES, all_methods, method_path
from vedette_api.v1 import (
    accounts_pb2_grpc,
    alarms_pb2_grpc,
    auth_pb2_grpc,
    cameras_pb2_grpc,
    export_pb2_grpc,
    images_pb2_grpc,
    media_pb2_grpc,
    recording_pb2_grpc,
    search_pb2_grpc,
    storage_pb2_grpc,
    system_pb2_grpc,
    views_pb2_grpc,
)
from vedette_hw.host_network import LinuxNeighbourTable, NeighbourTable, NetworkMonitor
from vedette_hw.host_time import HostTime, host_time_from_spec
from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.groups import PermissionGroups
from vedette_server.accounts.login_guard import LoginGuard
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.accounts.users import Users
from vedette_server.api import call_context
from vedette_server.api.account_service import AccountServicer
from vedette_server.api.alarm_service import AlarmServicer
from vedette_server.api.audit import AuditTrail
from vedette_server.api.auth_service import AuthServicer
from vedette_server.api.camera_service import CameraServicer
from vedette_server.api.config_calls import ConfigCalls
from vedette_server.api.export_service import ExportServicer
from vedette_server.api.gate import CallGate
from vedette_server.api.image_service import ImageServicer
from vedette_server.api.interceptor import GatedRegistrar
from vedette_server.api.media_service import MediaServicer
from vedette_server.api.policy import check_rules_cover
from vedette_server.api.recording_service import RecordingServicer
from vedette_server.api.search_service import SearchServicer
from vedette_server.api.sessions import SessionTable
from vedette_server.api.storage_service import StorageServicer
from vedette_server.api.system_service import SystemServicer
from vedette_server.api.view_service import ViewServicer
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.config_backup.snapshot import ConfigSnapshots
from vedette_server.datadir import DataDir
from vedette_server.errors import Unauthenticated
from vedette_server.events import EventBus
from vedette_server.export.tasks import ExportTasks
from vedette_server.fd_budget import (
    FdBudget,
    current_open_files_limit,
    fd_budget,
    rtsp_limits_within,
)
from vedette_server.feed.hub import ChangeFeed
from vedette_server.images.keyframe_render import RenderPool
from vedette_server.images.snapshots import RecordedLiveKeyframes, Snapshots
from vedette_server.images.thumbnail_cache import ThumbnailCache
from vedette_server.images.thumbnails import Thumbnailer
from vedette_server.ingest.config import RtspClientName
from vedette_server.live.hub import LiveHubs
from vedette_server.live.restream import RtspRestream
from vedette_server.live.snapshot_keyframes import HubKeyframes
from vedette_server.power import PowerAction, PowerControl
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.deletion import delete_camera
from vedette_server.recording.locks import EvidenceLocks
from vedette_server.recording.manual import ManualRecordings
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.recovery import recover
from vedette_server.recording.retention import Retention
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volumes import VolumeManager
from vedette_server.saved_views import SavedViews
from vedette_server.search.events import EventLog
from vedette_server.search.tags import Tags
from vedette_server.security.password_pool import PasswordWork
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy
from vedette_server.security.secretbox import SecretBox
from vedette_server.settings.model import Settings
from vedette_server.settings.store import SettingsStore
from vedette_server.system_log import LogType, SystemLog

log = logging.getLogger("vedette.server")
MAX_MESSAGE_BYTES = 8 << 20
#: sun_path holds 108 bytes, the last a NUL.
MAX_UNIX_PATH_BYTES = 107
#: Keepalive, timeouts and limits on every server connection (docs/security.md).
GRPC_SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.keepalive_time_ms", 60_000),
    ("grpc.keepalive_timeout_ms", 20_000),
    ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
    # TLS and HTTP/2 set-up within 20 s (grpc's default: 120 s), so a TCP connection
    # that never speaks is closed, not held.
    ("grpc.server_handshake_timeout_ms", 20_000),
    # No RPC for 5 minutes: GOAWAY (a client reconnects at its next call).
    ("grpc.max_connection_idle_ms", 300_000),
    # Streams at once on one connection: a console's tiles, playback, events, calls.
    ("grpc.max_concurrent_streams", 256),
]
#: RPCs at once, all connections together; beyond, RESOURCE_EXHAUSTED.
GRPC_MAX_CONCURRENT_RPCS = 2_048


def grpc_server_options(budget: FdBudget) -> list[tuple[str, int]]:
    """GRPC_SERVER_OPTIONS and the connection cap the descriptor budget allows (grpc
    closes a connection over it at once, before any handshake, per listening port)."""
    cap = ("grpc.max_allowed_incoming_connections", budget.grpc_connections)
    return [*GRPC_SERVER_OPTIONS, cap]


@dataclass(frozen=True)
class ServerConfig:
    data: DataDir
    host: str = "127.0.0.1"
    port: int | None = None  # None: the setting network.server_port
    insecure: bool = False
    segment_seconds: float = 60.0
    fsync_interval_s: float = 2.0
    housekeeping_interval_s: float = 5.0
    cameras_per_worker: int = 4
    #: The appliance console's socket (local sessions); None: no local socket.
    local_socket: Path | None = None
    #: How date/time settings reach the host: "none", "systemd" or "record:PATH".
    host_control: str = "none"
    #: Export roots besides DATA/exports, as (name, path): USB or eSATA mounts.
    export_roots: tuple[tuple[str, Path], ...] = ()
    #: Export tasks run at once (the others wait their turn).
    export_concurrency: int = 10
    #: How rtsp:// cameras are read: "native" (ours) or "ffmpeg" (PyAV).
    rtsp_client: RtspClientName = "native"
    #: Processes that decode keyframes for thumbnails and snapshots.
    decode_workers: int = 2
    #: Where RTSP re-streaming (NET-02) listens; None: no re-streaming.
    rtsp_host: str | None = None
    #: Its port; None: the setting network.rtsp_port (8554).
    rtsp_port: int | None = None


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return key


class VedetteServer:
    """Built by :func:`build_server`; ``start()`` then ``aclose()``."""

    def __init__(
        self,
        config: ServerConfig,
        catalog: Catalog,
        server_id: str,
        secrets: SecretBox,
        signing_key: Ed25519PrivateKey,
        *,
        neighbours: NeighbourTable | None = None,
        host_time: HostTime | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``clock`` (wall seconds) and ``monotonic`` drive session expiry and login
        throttling: tests inject them to move time without sleeping."""
        self.config = config
        self.catalog = catalog
        self.server_id = server_id
        self.thread = CatalogThread()
        self.events = EventBus()
        self.feed = ChangeFeed(self.events)
        self.status = StatusBoard(on_transition=self.feed.camera_status_changed)
        self.secrets = secrets
        self.signing_key = signing_key
        self.settings = SettingsStore(catalog)
        self.system_log = SystemLog(catalog)
        self.audit = AuditTrail(self.thread, self.system_log, self.events)
        # Sealing and opening configuration backups (Argon2id with the file's costs):
        # one at a time, apart from logins.
        self.config_backup_pool = ThreadPoolExecutor(1, thread_name_prefix="config-backup")
        # Argon2id checks and hashes (logins, password changes, the factory reset's
        # admin password) run on their own bounded pool, apart from backups.
        self.passwords = PasswordWork()
        self.users = Users(catalog, PasswordHashing(), secrets, policy=self._password_policy)
        self.groups = PermissionGroups(catalog)
        self.directory = AccountDirectory(self.users, self.groups)
        self.sessions = SessionTable(
            lifetime_s=lambda: self.settings.current.security.session_lifetime_s,
            idle_s=lambda: self.settings.current.general.auto_logout_s,
            clock=clock,
        )
        self.throttle = LoginThrottle(clock=monotonic)
        self.login_guard = LoginGuard(self.throttle, self.audit)
        self.gate = CallGate(
            self.sessions,
            self.directory,
            self.settings,
            neighbours or LinuxNeighbourTable(),
            self.audit,
            feed=self.feed,
        )
        self.cameras = CameraRegistry(catalog, self.secrets)
        self.volumes = VolumeManager(catalog, server_id)
        self.retention = Retention(catalog, self.volumes)
        self.events_log = EventLog(catalog)
        self.manual = ManualRecordings(catalog, self.events_log)
        self.locks = EvidenceLocks(catalog)
        roots = {"exports": config.data.exports, **dict(config.export_roots)}
        self.export_tasks = ExportTasks(
            catalog,
            self.thread,
            self.cameras,
            self.volumes,
            signing_key=signing_key,
            server_id=server_id,
            staging=config.data.root / "export-staging",
            roots=roots,
            max_running=config.export_concurrency,
            on_change=self.feed.export_task_changed,
        )
        self.render_pool = RenderPool(workers=config.decode_workers)
        self.thumbnailer = Thumbnailer(
            catalog, self.thread, self.volumes, self.render_pool, ThumbnailCache()
        )
        # The hub turns the workers' live flow on and off through the recorder's supervisor.
        self.live_hubs = LiveHubs(
            lambda camera_id, stream, on: self.recorder.supervisor.set_live(camera_id, stream, on)
        )
        self.snapshots = Snapshots(
            catalog,
            self.thread,
            self.cameras,
            self.thumbnailer,
            HubKeyframes(self.live_hubs, RecordedLiveKeyframes(self.thumbnailer)),
            folder=config.data.snapshots,
            export_roots=roots,
            signing_key=signing_key,
            server_id=server_id,
        )
        self.recorder = Recorder(
            catalog,
            self.thread,
            self.cameras,
            self.volumes,
            self.status,
            segment_seconds=config.segment_seconds,
            fsync_interval_s=config.fsync_interval_s,
            cameras_per_worker=config.cameras_per_worker,
            rtsp_client=config.rtsp_client,
            on_live=self.live_hubs.on_message,
        )
        self.network = NetworkMonitor()
        self.host_time = host_time or host_time_from_spec(config.host_control)
        self.power = PowerControl(self._power_action)
        self.stopping = asyncio.Event()
        self.exit_action: PowerAction = "shutdown"
        self.fd_budget = fd_budget(
            current_open_files_limit(),
            grpc_listeners=1 + (config.local_socket is not None),
            rtsp=config.rtsp_host is not None,
        )
        self.grpc = grpc.aio.server(
            options=grpc_server_options(self.fd_budget),
            maximum_concurrent_rpcs=GRPC_MAX_CONCURRENT_RPCS,
        )
        self.port = 0
        self.restream: RtspRestream | None = None
        self._housekeeping: asyncio.Task[None] | None = None
        self.media_servicer: MediaServicer | None = None
        self.started_us = time.time_ns() // 1000

    def _password_policy(self) -> PasswordPolicy:
        security = self.settings.current.security
        return PasswordPolicy(security.password_min_length, security.password_min_classes)

    def _power_action(self, action: PowerAction) -> None:
        log.info("%s requested through the API", action)
        self.exit_action = action
        self.stopping.set()

    def add_services(self, target: grpc.aio.Server | None = None, *, gated: bool = True) -> None:
        """Register every service on ``target`` (the server's own gRPC server by default).

        Every servicer goes through a registrar, which puts each method behind the
        gate; ``gated=False`` (bench/auth.py's twin server only) registers them bare.
        """
        grpc_server = self.grpc if target is None else target
        server: Any = GatedRegistrar(grpc_server, self.gate, gated=gated)
        auth_pb2_grpc.add_AuthServiceServicer_to_server(
            AuthServicer(
                self.users, self.sessions, self.login_guard, self.gate, self.audit, self.passwords
            ),
            server,
        )
        accounts_pb2_grpc.add_AccountServiceServicer_to_server(
            AccountServicer(
                self.users,
                self.groups,
                self.directory,
                self.sessions,
                self.thread,
                self.passwords,
                self.login_guard,
            ),
            server,
        )
        cameras_pb2_grpc.add_CameraServiceServicer_to_server(
            CameraServicer(
                self.cameras,
                self.thread,
                self.status,
                self.recorder.reconfigure,
                self._delete_camera,
            ),
            server,
        )
        storage_pb2_grpc.add_StorageServiceServicer_to_server(
            StorageServicer(self.volumes, self.thread, self._storage_changed), server
        )
        search_pb2_grpc.add_SearchServiceServicer_to_server(
            SearchServicer(
                self.catalog,
                self.thread,
                self.cameras,
                events=self.events_log,
                tags=Tags(self.catalog),
                settings=self.settings,
            ),
            server,
        )
        recording_pb2_grpc.add_RecordingServiceServicer_to_server(
            RecordingServicer(
                self.catalog,
                self.thread,
                self.cameras,
                self.status,
                self.manual,
                self.locks,
                self.recorder.reconfigure,
            ),
            server,
        )
        export_pb2_grpc.add_ExportServiceServicer_to_server(
            ExportServicer(
                self.catalog,
                self.thread,
                self.cameras,
                self.volumes,
                tasks=self.export_tasks,
                events=self.events_log,
                tags=Tags(self.catalog),
            ),
            server,
        )
        views_pb2_grpc.add_ViewServiceServicer_to_server(
            ViewServicer(self.thread, self.cameras, SavedViews(self.catalog)), server
        )
        images_pb2_grpc.add_ImageServiceServicer_to_server(
            ImageServicer(
                thread=self.thread,
                cameras=self.cameras,
                settings=self.settings,
                thumbnailer=self.thumbnailer,
                snapshots=self.snapshots,
            ),
            server,
        )
        self.media_servicer = MediaServicer(
            catalog=self.catalog,
            thread=self.thread,
            cameras=self.cameras,
            volumes=self.volumes,
            audit=self.audit,
            live_hubs=self.live_hubs,
        )
        media_pb2_grpc.add_MediaServiceServicer_to_server(self.media_servicer, server)
        snapshots = ConfigSnapshots(
            self.catalog, self.cameras, self.volumes, self.groups, self.settings, self.secrets
        )
        config_calls = ConfigCalls(
            snapshots,
            self.users,
            self.thread,
            self.passwords,
            self.login_guard,
            self.config_backup_pool,
            self.signing_key,
            self.server_id,
            on_imported=self._configuration_replaced,
            erase_cameras=self._erase_cameras,
        )
        self.system_servicer = SystemServicer(
            server_id=self.server_id,
            started_us=self.started_us,
            thread=self.thread,
            settings=self.settings,
            cameras=self.cameras,
            status=self.status,
            volumes=self.volumes,
            network=self.network,
            host_time=self.host_time,
            system_log=self.system_log,
            config=config_calls,
            power=self.power,
            session_count=lambda: len(self.sessions.sessions()),
            on_settings_changed=self._settings_changed,
            signing_key_fingerprint=key_fingerprint(
                self.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            ),
        )
        system_pb2_grpc.add_SystemServiceServicer_to_server(self.system_servicer, server)
        alarms_pb2_grpc.add_AlarmServiceServicer_to_server(
            AlarmServicer(self.feed, self.directory, self.sessions), server
        )
        open_services = GatedRegistrar(grpc_server, self.gate, open_service=True, gated=gated)
        health_servicer = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, open_services)
        if target is None:
            self._health = health_servicer
        names = tuple(service.full_name for service in SERVICES)
        reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
            reflection.aio.ReflectionServicer(
                (*names, health.SERVICE_NAME, reflection.SERVICE_NAME)
            ),
            open_services,
        )

    async def _delete_camera(self, camera_id: int) -> None:
        def delete_and_forget() -> None:
            delete_camera(self.catalog, self.volumes, camera_id)
            self.groups.forget_camera(camera_id)
            self.directory.reload()

        await self.thread.call(delete_and_forget)
        await self.recorder.reconfigure()

    async def _erase_cameras(self) -> None:
        for camera in await self.thread.call(self.cameras.list_all):
            await self._delete_camera(camera.id)
            self.status.forget(camera.id)

    async def _storage_changed(self) -> None:
        await self.recorder.reconfigure()

    def _apply_settings(self, settings: Settings) -> None:
        security = settings.security
        self.throttle.configure(
            max_failures=security.max_failed_logins, lockout_s=float(security.lockout_s)
        )
        if self.restream is not None:
            self.restream.set_anonymous(settings.network.rtsp_anonymous)

    async def _settings_changed(self, before: Settings, after: Settings) -> None:
        self._apply_settings(after)

    async def _configuration_replaced(self) -> None:
        """After an import or a factory reset: accounts, settings and cameras are new."""
        await self.thread.call(self.directory.reload)
        self._apply_settings(self.settings.current)
        try:
            keep = call_context.session()
        except Unauthenticated:
            keep = None
        self.sessions.end_all(keep=keep)
        await self.recorder.reconfigure()

    def _bind(self) -> None:
        port = self.config.port
        if port is None:
            port = self.settings.current.network.server_port
        host = self.config.host
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if self.config.insecure:
            self.port = self.grpc.add_insecure_port(address)
        else:
            data = self.config.data
            client_ca = None
            required = self.settings.current.security.client_certificates == "required"
            if required:
                if not data.client_ca_cert.exists():
                    raise OSError(
                        "client certificates are required but there is no client CA yet:"
                        " run `vedette-server cert issue` first"
                    )
                client_ca = data.client_ca_cert.read_bytes()
            credentials = grpc.ssl_server_credentials(
                [(data.tls_key.read_bytes(), data.tls_cert.read_bytes())],
                root_certificates=client_ca,
                require_client_auth=required,
            )
            self.port = self.grpc.add_secure_port(address, credentials)
        if self.port == 0:
            raise OSError(f"cannot listen on {address}")
        socket_path = self.config.local_socket
        if socket_path is not None:
            if len(os.fsencode(socket_path)) > MAX_UNIX_PATH_BYTES:
                raise OSError(
                    f"the local socket path {socket_path} is longer than"
                    f" {MAX_UNIX_PATH_BYTES} bytes; choose a shorter --local-socket"
                )
            socket_path.parent.mkdir(parents=True, exist_ok=True)
            socket_path.unlink(missing_ok=True)
            if self.grpc.add_insecure_port(f"unix:{socket_path}") == 0:
                raise OSError(f"cannot listen on the local socket {socket_path}")

    def _load_state(self) -> None:
        self.settings.load()
        self.directory.reload()

    async def start(self) -> None:
        check_rules_cover(method_path(m) for m in all_methods())
        roots = await self.thread.call(self.volumes.roots)
        await self.thread.call(recover, self.catalog, roots)
        for volume in await self.thread.call(self.volumes.list_all):
            await self.thread.call(self.volumes.refresh, volume.id)
        await self.thread.call(self._load_state)
        self._apply_settings(self.settings.current)
        self.add_services()
        self._bind()
        await self.grpc.start()
        if self.config.local_socket is not None:
            os.chmod(self.config.local_socket, 0o600)
        await self._health.set("", health_pb2.HealthCheckResponse.SERVING)
        await self.recorder.start()
        await self._start_restream()
        await self.export_tasks.start()
        self.render_pool.start()
        self._housekeeping = asyncio.get_running_loop().create_task(self._housekeep())
        scheme = "plaintext" if self.config.insecure else "TLS"
        log.info("vedette-server listening on %s:%d (%s)", self.config.host, self.port, scheme)
        budget = self.fd_budget
        log.log(logging.WARNING if budget.short else logging.INFO, "%s", budget.describe())
        self.audit.record(LogType.INFORMATION, "server.start", f"server started ({scheme})")

    async def _start_restream(self) -> None:
        """RTSP re-streaming; a port that cannot be bound is logged, not fatal (the
        recording and the API matter more than one way of watching)."""
        host = self.config.rtsp_host
        if host is None:
            return
        network = self.settings.current.network
        port = network.rtsp_port if self.config.rtsp_port is None else self.config.rtsp_port
        restream = RtspRestream(
            self.live_hubs,
            self.cameras,
            self.thread,
            self.directory,
            self.secrets,
            self.login_guard,
            host=host,
            port=port,
            anonymous=network.rtsp_anonymous,
            limits=rtsp_limits_within(self.fd_budget),
        )
        try:
            await restream.start()
        except OSError as error:
            log.error("RTSP re-streaming is off: cannot listen on %s:%d: %s", host, port, error)
            self.audit.record(
                LogType.EXCEPTION, "rtsp.unavailable", f"RTSP re-streaming is off: {error}"
            )
            return
        self.restream = restream

    async def _housekeep(self) -> None:
        while True:
            await asyncio.sleep(self.config.housekeeping_interval_s)
            try:
                before = {v.id: v.state for v in await self.thread.call(self.volumes.list_all)}
                await self.thread.call(self.locks.apply, time.time_ns() // 1000)
                await self.thread.call(self.retention.run_once)
                await self.thread.call(self.volumes.refresh_unavailable)
                after = {v.id: v.state for v in await self.thread.call(self.volumes.list_all)}
                self.feed.volume_states(after)
                if before != after:
                    await self.recorder.reconfigure()
                await self.thread.call(self.system_log.trim)
            except Exception:
                log.exception("housekeeping failed; retrying next cycle")

    async def aclose(self) -> None:
        self.power.cancel()
        await self.feed.aclose()  # feed streams end UNAVAILABLE, before gRPC stops
        await self.export_tasks.aclose()
        if self.restream is not None:
            await self.restream.aclose()
        self.live_hubs.close()
        if self._housekeeping is not None:
            self._housekeeping.cancel()
        await self.recorder.aclose()
        await self.grpc.stop(grace=2.0)
        self.thumbnailer.close()
        self.snapshots.close()
        self.render_pool.close()
        self.sessions.end_all()
        try:
            await self.thread.call(
                self.system_log.write, LogType.INFORMATION, "server.stop", "server stopped"
            )
        except Exception:
            log.exception("could not log the server's stop")
        self.thread.shutdown()
        self.config_backup_pool.shutdown(wait=False, cancel_futures=True)
        self.passwords.shutdown()
        if self.media_servicer is not None:
            self.media_servicer.playback_executor.shutdown(wait=False, cancel_futures=True)
        self.catalog.close()
        if self.config.local_socket is not None:
            self.config.local_socket.unlink(missing_ok=True)


async def build_server(config: ServerConfig) -> VedetteServer:
    loop = asyncio.get_running_loop()
    catalog = await loop.run_in_executor(None, open_catalog, config.data.catalog)
    identity = await loop.run_in_executor(None, catalog.server_identity)
    secrets = await loop.run_in_executor(None, SecretBox.load, config.data.credentials_key)
    signing_key = await loop.run_in_executor(None, load_signing_key, config.data.signing_key)
    return VedetteServer(config, catalog, identity.server_id, secrets, signing_key)


async def run_server(config: ServerConfig) -> PowerAction:
    """Run until SIGINT/SIGTERM or a Shutdown/Restart RPC; returns which it was."""
    server = await build_server(config)
    await server.start()
    if server.restream is not None:
        print(f"vedette-server RTSP on {config.rtsp_host}:{server.restream.port}", flush=True)
    print(f"vedette-server ready on {config.host}:{server.port}", flush=True)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.stopping.set)
    await server.stopping.wait()
    log.info("stopping: closing segments")
    await server.aclose()
    return server.exit_action


def restart_process() -> None:
    """Replace this process with the same command line (after a clean stop)."""
    log.info("restarting: %s", " ".join(sys.orig_argv))
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
