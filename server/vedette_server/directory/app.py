"""``vedette-directory run``: the directory's two gRPC ports, built and closed.

The client port serves consoles, the command line and joins with TLS (the site CA's
certificate). The site port serves member servers and requires a client
certificate the site CA signed (gRPC's ``require_client_auth``); gRPC cannot ask for
a client certificate without requiring it, hence two ports.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from vedette_api.v1 import auth_pb2_grpc, cameras_pb2_grpc, site_pb2_grpc, views_pb2_grpc
from vedette_server.accounts.login_guard import LoginGuard
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.api.sessions import SessionTable
from vedette_server.directory.cameras import DirectoryCameraServicer
from vedette_server.directory.data import DirectoryData
from vedette_server.directory.failover import FailoverCoordinator
from vedette_server.directory.service import (
    DirectoryAudit,
    DirectoryAuthServicer,
    EnrollServicer,
    Sessions,
    SiteServicer,
    SiteSyncServicer,
    TokenKeys,
)
from vedette_server.directory.store import DirectoryStore, open_database
from vedette_server.directory.views import DirectoryViewServicer
from vedette_server.security.password_pool import PasswordWork
from vedette_server.security.passwords import PasswordHashing
from vedette_server.security.secretbox import SecretBox
from vedette_server.site import tokens

log = logging.getLogger("vedette.directory")
STOP_GRACE_S = 3.0
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]


def split_address(text: str) -> tuple[str, int]:
    """``host:port`` (IPv6 in brackets) → (host, port); ValueError otherwise."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{text!r} is not HOST:PORT")
    return host, int(port)


def join_address(host: str, port: int) -> str:
    return f"{host}:{port}"


@dataclass
class Ports:
    client: int
    site: int


class Directory:
    def __init__(self, data: DirectoryData, listen: str, site_listen: str | None) -> None:
        self.data = data
        self.listen = split_address(listen)
        if site_listen is None:
            host, port = self.listen
            self.site_listen = (host, port + 1 if port else 0)
        else:
            self.site_listen = split_address(site_listen)
        config = data.load()
        self.store = DirectoryStore(open_database(config["database"]))
        self.site_id, self.site_name = self.store.site()
        self.ca_key = data.ca_key.read_bytes()
        self.ca_cert = data.ca_cert.read_bytes()
        self.token_keys = TokenKeys(tokens.load_private(data.token_key))
        self.secrets = SecretBox.load(data.credentials_key)
        self.passwords = PasswordWork(workers=1, max_pending=8)
        self.hashing = PasswordHashing()
        audit = DirectoryAudit(self.store)
        self.guard = LoginGuard(LoginThrottle(), audit)
        self.sessions = Sessions(SessionTable(), self.store)
        self.ports = Ports(0, 0)
        self.failover = FailoverCoordinator(self.store, config["database"])
        self.client_server = grpc.aio.server(options=OPTIONS)
        self.site_server = grpc.aio.server(options=OPTIONS)

    def _register(self) -> None:
        auth_pb2_grpc.add_AuthServiceServicer_to_server(
            DirectoryAuthServicer(
                self.store, self.sessions, self.guard, self.passwords, self.hashing
            ),
            self.client_server,
        )
        site_pb2_grpc.add_SiteServiceServicer_to_server(
            SiteServicer(
                self.store,
                self.sessions,
                self.ca_cert,
                self.token_keys,
                self.site_id,
                self.passwords,
                self.hashing,
            ),
            self.client_server,
        )
        cameras_pb2_grpc.add_CameraServiceServicer_to_server(
            DirectoryCameraServicer(self.store, self.sessions, self.secrets), self.client_server
        )
        views_pb2_grpc.add_ViewServiceServicer_to_server(
            DirectoryViewServicer(self.store, self.sessions), self.client_server
        )
        site_pb2_grpc.add_SiteEnrollServiceServicer_to_server(
            EnrollServicer(
                self.store,
                self.guard,
                self.ca_key,
                self.ca_cert,
                lambda: self.ports.site,
                self.token_keys,
            ),
            self.client_server,
        )
        site_pb2_grpc.add_SiteSyncServiceServicer_to_server(
            SiteSyncServicer(self.store, self.token_keys, self.sessions, self.secrets),
            self.site_server,
        )
        for server in (self.client_server, self.site_server):
            checker = health.aio.HealthServicer()
            health_pb2_grpc.add_HealthServicer_to_server(checker, server)
            asyncio.get_running_loop().create_task(
                checker.set("", health_pb2.HealthCheckResponse.SERVING)
            )

    async def start(self) -> Ports:
        self._register()
        client_creds = grpc.ssl_server_credentials([(self.ca_key, self.ca_cert)])
        site_creds = grpc.ssl_server_credentials(
            [(self.ca_key, self.ca_cert)], root_certificates=self.ca_cert, require_client_auth=True
        )
        for name, server, (host, port), creds in (
            ("client", self.client_server, self.listen, client_creds),
            ("site", self.site_server, self.site_listen, site_creds),
        ):
            address = join_address(host, port)
            bound = server.add_secure_port(address, creds)
            if bound == 0:
                raise OSError(f"cannot listen on {address} ({name} port)")
            setattr(self.ports, name, bound)
        await self.client_server.start()
        await self.site_server.start()
        await self.failover.start()
        return self.ports

    async def aclose(self) -> None:
        await self.failover.aclose()
        await asyncio.gather(
            self.client_server.stop(grace=STOP_GRACE_S), self.site_server.stop(grace=STOP_GRACE_S)
        )
        self.passwords.shutdown()
