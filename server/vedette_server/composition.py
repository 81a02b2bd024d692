"""The one place that builds the server from its parts and runs it.

Order at start: open the catalog, recover from any crash (before anything
records), start the gRPC server (TLS unless --insecure on loopback), start the
ingest workers, then the periodic volume/retention task. At stop (SIGINT/SIGTERM)
the reverse: workers close their segments cleanly, the catalog is closed last.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from vedette_api.v1 import (
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
    export_pb2,
    export_pb2_grpc,
    search_pb2,
    search_pb2_grpc,
    storage_pb2,
    storage_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)
from vedette_server.accounts import Accounts
from vedette_server.api.auth_service import AuthServicer
from vedette_server.api.camera_service import CameraServicer
from vedette_server.api.export_service import ExportServicer
from vedette_server.api.interceptor import AuthInterceptor
from vedette_server.api.search_service import SearchServicer
from vedette_server.api.sessions import SessionTable
from vedette_server.api.storage_service import StorageServicer
from vedette_server.api.system_service import SystemServicer
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.datadir import DataDir
from vedette_server.ingest.config import RtspClientName
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.deletion import delete_camera
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.recovery import recover
from vedette_server.recording.retention import Retention
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy
from vedette_server.security.secretbox import SecretBox

log = logging.getLogger("vedette.server")
MAX_MESSAGE_BYTES = 8 << 20
SERVICE_NAMES = (
    auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name,
    cameras_pb2.DESCRIPTOR.services_by_name["CameraService"].full_name,
    storage_pb2.DESCRIPTOR.services_by_name["StorageService"].full_name,
    search_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name,
    export_pb2.DESCRIPTOR.services_by_name["ExportService"].full_name,
    system_pb2.DESCRIPTOR.services_by_name["SystemService"].full_name,
)


@dataclass(frozen=True)
class ServerConfig:
    data: DataDir
    host: str = "127.0.0.1"
    port: int = 6036
    insecure: bool = False
    segment_seconds: float = 60.0
    fsync_interval_s: float = 2.0
    housekeeping_interval_s: float = 5.0
    cameras_per_worker: int = 4
    rtsp_client: RtspClientName = "native"


class VedetteServer:
    """Built by :func:`build_server`; ``start()`` then ``aclose()``."""

    def __init__(
        self, config: ServerConfig, catalog: Catalog, server_id: str, secrets: SecretBox
    ) -> None:
        self.config = config
        self.catalog = catalog
        self.server_id = server_id
        self.thread = CatalogThread()
        self.status = StatusBoard()
        self.sessions = SessionTable()
        self.secrets = secrets
        self.cameras = CameraRegistry(catalog, self.secrets)
        self.volumes = VolumeManager(catalog, server_id)
        self.retention = Retention(catalog, self.volumes)
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
        )
        self.grpc = grpc.aio.server(
            interceptors=[AuthInterceptor(self.sessions)],
            options=[
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ],
        )
        self.port = config.port
        self._housekeeping: asyncio.Task[None] | None = None
        self.started_us = time.time_ns() // 1000

    def _add_services(self) -> None:
        accounts = Accounts(self.catalog, PasswordHashing(), PasswordPolicy())
        server = self.grpc
        auth_pb2_grpc.add_AuthServiceServicer_to_server(
            AuthServicer(accounts, self.sessions), server
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
            SearchServicer(self.catalog, self.thread, self.cameras), server
        )
        export_pb2_grpc.add_ExportServiceServicer_to_server(
            ExportServicer(self.catalog, self.thread, self.cameras, self.volumes), server
        )
        system_pb2_grpc.add_SystemServiceServicer_to_server(
            SystemServicer(self.server_id, self.started_us), server
        )
        health_servicer = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
        self._health = health_servicer
        reflection.enable_server_reflection(
            (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server
        )

    async def _delete_camera(self, camera_id: int) -> None:
        await self.thread.call(delete_camera, self.catalog, self.volumes, camera_id)
        await self.recorder.reconfigure()

    async def _storage_changed(self) -> None:
        await self.recorder.reconfigure()

    def _bind(self) -> None:
        address = (
            f"[{self.config.host}]:{self.config.port}"
            if ":" in self.config.host
            else (f"{self.config.host}:{self.config.port}")
        )
        if self.config.insecure:
            self.port = self.grpc.add_insecure_port(address)
        else:
            data = self.config.data
            credentials = grpc.ssl_server_credentials(
                [(data.tls_key.read_bytes(), data.tls_cert.read_bytes())]
            )
            self.port = self.grpc.add_secure_port(address, credentials)
        if self.port == 0:
            raise OSError(f"cannot listen on {address}")

    async def start(self) -> None:
        roots = await self.thread.call(self.volumes.roots)
        await self.thread.call(recover, self.catalog, roots)
        for volume in await self.thread.call(self.volumes.list_all):
            await self.thread.call(self.volumes.refresh, volume.id)
        self._add_services()
        self._bind()
        await self.grpc.start()
        await self._health.set("", health_pb2.HealthCheckResponse.SERVING)
        await self.recorder.start()
        self._housekeeping = asyncio.get_running_loop().create_task(self._housekeep())
        scheme = "plaintext" if self.config.insecure else "TLS"
        log.info("vedette-server listening on %s:%d (%s)", self.config.host, self.port, scheme)

    async def _housekeep(self) -> None:
        while True:
            await asyncio.sleep(self.config.housekeeping_interval_s)
            try:
                before = {v.id: v.state for v in await self.thread.call(self.volumes.list_all)}
                await self.thread.call(self.retention.run_once)
                after = {v.id: v.state for v in await self.thread.call(self.volumes.list_all)}
                if before != after:
                    await self.recorder.reconfigure()
            except Exception:
                log.exception("housekeeping failed; retrying next cycle")

    async def aclose(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
        await self.recorder.aclose()
        await self.grpc.stop(grace=2.0)
        self.thread.shutdown()
        self.catalog.close()


async def build_server(config: ServerConfig) -> VedetteServer:
    loop = asyncio.get_running_loop()
    catalog = await loop.run_in_executor(None, open_catalog, config.data.catalog)
    identity = await loop.run_in_executor(None, catalog.server_identity)
    secrets = await loop.run_in_executor(None, SecretBox.load, config.data.credentials_key)
    return VedetteServer(config, catalog, identity.server_id, secrets)


async def run_server(config: ServerConfig) -> None:
    server = await build_server(config)
    await server.start()
    print(f"vedette-server ready on {config.host}:{server.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("stopping: closing segments")
    await server.aclose()
