"""Where the server listens: the API (gRPC over TLS, or plaintext on loopback, and the
appliance console's local socket) and RTSP re-streaming.

Invariants:
- The API listens with TLS unless ``--insecure`` (loopback only, ``cli.py``); with
  ``security.client_certificates = required`` it asks every client for a
  certificate signed by the server's client CA, and refuses to start without one.
- The local socket is the owner's only (0600), or also its group's (0660) with
  ``--local-socket-group`` (the appliance console's user is in it); its path fits
  ``sun_path``, and it is removed at close.
- Every connection has the keepalive, handshake and idle limits of
  ``GRPC_SERVER_OPTIONS`` and the connection cap of the descriptor budget.
- RTSP re-streaming that cannot bind its port is off, said in the log and the
  system log; the recording and the API matter more than one way of watching.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

import grpc
from grpc_health.v1 import health

from vedette_server.fd_budget import FdBudget
from vedette_server.live.restream import RtspRestream
from vedette_server.server_config import ServerConfig
from vedette_server.settings.store import SettingsStore
from vedette_server.system_log import EntryWriter, LogType

log = logging.getLogger("vedette.server")

MAX_MESSAGE_BYTES: Final = 8 << 20
#: sun_path holds 108 bytes, the last a NUL.
MAX_UNIX_PATH_BYTES: Final = 107
#: Keepalive, timeouts and limits on every server connection (docs/security.md).
GRPC_SERVER_OPTIONS: Final = [
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
#: Overrides ``grpc.max_connection_idle_ms`` (milliseconds), read at start: the 5
#: minutes are testable without waiting them (docs/security.md).
IDLE_MS_ENV: Final = "VEDETTE_GRPC_MAX_IDLE_MS"
#: RPCs at once, all connections together; beyond, RESOURCE_EXHAUSTED.
GRPC_MAX_CONCURRENT_RPCS: Final = 2_048
#: How long calls under way may finish when the server stops.
STOP_GRACE_S: Final = 2.0


def grpc_server_options(
    budget: FdBudget, environ: Mapping[str, str] = os.environ
) -> list[tuple[str, int]]:
    """GRPC_SERVER_OPTIONS (the idle bound from ``$VEDETTE_GRPC_MAX_IDLE_MS`` when set)
    and the connection cap the descriptor budget allows (grpc closes a connection over
    it at once, before any handshake, per listening port)."""
    cap = ("grpc.max_allowed_incoming_connections", budget.grpc_connections)
    options = [*GRPC_SERVER_OPTIONS, cap]
    idle = environ.get(IDLE_MS_ENV)
    if idle is None:
        return options
    if not idle.isdigit() or not 0 < int(idle) < 2**31:
        raise ValueError(f"${IDLE_MS_ENV} must be milliseconds from 1 to 2^31-1, not {idle!r}")
    return [(n, int(idle) if n == "grpc.max_connection_idle_ms" else v) for n, v in options]


def make_grpc_server(budget: FdBudget) -> grpc.aio.Server:
    """The API's gRPC server, not listening yet."""
    return grpc.aio.server(
        options=grpc_server_options(budget), maximum_concurrent_rpcs=GRPC_MAX_CONCURRENT_RPCS
    )


def share_local_socket(path: Path, group: str | None) -> None:
    """0600 for the server's user; with ``group``, 0660 and owned by that group (the
    group first, so its members never see the socket under another mode)."""
    if group is None:
        os.chmod(path, 0o600)
        return
    import grp  # here: Windows has no grp module (tests/unit/test_portable_server.py)

    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise OSError(f"--local-socket-group {group!r}: no such group") from None
    try:
        os.chown(path, -1, gid)
    except PermissionError:
        raise OSError(
            f"cannot give the local socket {path} to the group {group!r}:"
            " the server's user is not a member of it"
        ) from None
    os.chmod(path, 0o660)


class GrpcListener:
    """Binds the API's ports at ``start()`` and serves until ``aclose()``."""

    def __init__(
        self,
        server: grpc.aio.Server,
        config: ServerConfig,
        settings: SettingsStore,
        health_servicer: health.aio.HealthServicer,
    ) -> None:
        self.server = server
        self.config = config
        self.settings = settings
        self.health = health_servicer
        #: The TCP port, once listening.
        self.port = 0

    @property
    def scheme(self) -> str:
        return "plaintext" if self.config.insecure else "TLS"

    async def start(self) -> None:
        self.port = self._bind_tcp()
        self._bind_local_socket()
        await self.server.start()
        if self.config.local_socket is not None:
            share_local_socket(self.config.local_socket, self.config.local_socket_group)

    async def aclose(self) -> None:
        await self.server.stop(grace=STOP_GRACE_S)
        if self.config.local_socket is not None:
            self.config.local_socket.unlink(missing_ok=True)

    def _bind_tcp(self) -> int:
        config = self.config
        port = config.port
        if port is None:
            port = self.settings.current.network.server_port
        host = config.host
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if config.insecure:
            bound = self.server.add_insecure_port(address)
        else:
            bound = self.server.add_secure_port(address, self._credentials())
        if bound == 0:
            raise OSError(f"cannot listen on {address}")
        return int(bound)

    def _credentials(self) -> grpc.ServerCredentials:
        """The server's certificate and, when the setting requires it, the client CA."""
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
        return grpc.ssl_server_credentials(
            [(data.tls_key.read_bytes(), data.tls_cert.read_bytes())],
            root_certificates=client_ca,
            require_client_auth=required,
        )

    def _bind_local_socket(self) -> None:
        path = self.config.local_socket
        if path is None:
            return
        if not hasattr(socket, "AF_UNIX"):  # Windows' Python
            raise OSError(
                f"cannot listen on the local socket {path}: this system has no Unix domain"
                " sockets; run with --local-socket none (consoles connect over TCP)"
            )
        if len(os.fsencode(path)) > MAX_UNIX_PATH_BYTES:
            raise OSError(
                f"the local socket path {path} is longer than"
                f" {MAX_UNIX_PATH_BYTES} bytes; choose a shorter --local-socket"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        if self.server.add_insecure_port(f"unix:{path}") == 0:
            raise OSError(f"cannot listen on the local socket {path}")


class RestreamListener:
    """RTSP re-streaming (NET-02) on ``config.rtsp_host``, when there is one: built and
    bound at ``start()`` (the port comes from the settings), closed at ``aclose()``."""

    def __init__(
        self,
        config: ServerConfig,
        settings: SettingsStore,
        make_restream: Callable[..., RtspRestream],
        entries: EntryWriter,
    ) -> None:
        """``make_restream(host=, port=, anonymous=)`` builds the re-stream."""
        self.config = config
        self.settings = settings
        self._make = make_restream
        self._entries = entries
        #: The listening re-stream; None when off or not bound.
        self.restream: RtspRestream | None = None

    async def start(self) -> None:
        host = self.config.rtsp_host
        if host is None:
            return
        network = self.settings.current.network
        port = network.rtsp_port if self.config.rtsp_port is None else self.config.rtsp_port
        restream = self._make(host=host, port=port, anonymous=network.rtsp_anonymous)
        try:
            await restream.start()
        except OSError as error:
            log.error("RTSP re-streaming is off: cannot listen on %s:%d: %s", host, port, error)
            self._entries.record(
                LogType.EXCEPTION, "rtsp.unavailable", f"RTSP re-streaming is off: {error}"
            )
            return
        self.restream = restream

    async def aclose(self) -> None:
        restream, self.restream = self.restream, None
        if restream is not None:
            await restream.aclose()

    def set_anonymous(self, anonymous: bool) -> None:
        """Apply the ``network.rtsp_anonymous`` setting (from the next request on)."""
        if self.restream is not None:
            self.restream.set_anonymous(anonymous)
