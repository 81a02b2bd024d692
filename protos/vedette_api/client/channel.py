"""gRPC channels to a Vedette server, before any login: TLS that trusts only the
server's pinned certificate (``vedette_api.client.pinning``), plaintext to loopback,
or the server's local socket.

Invariant: a plaintext channel is opened only to a loopback address or the local
socket (``InsecureConnectionRefused`` otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from vedette_api.client.address import is_loopback, parse_address, server_key
from vedette_api.client.pinning import pin_server_certificate
from vedette_api.errors import InsecureConnectionRefused

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


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


def open_server_channel(
    address: str,
    *,
    insecure: bool = False,
    known_servers_path: Path | None = None,
    trust_new: bool = False,
    timeout_s: float = 10.0,
    client_certificate: ClientCertificate | None = None,
) -> tuple[grpc.Channel, str, str | None]:
    """A channel to ``address`` as people give it (``host:port``, or ``unix:PATH``: the
    local socket, always plaintext), not logged in; with the server's name for
    messages and the pinned fingerprint (None without TLS). The arguments are
    ``open_channel``'s."""
    if address.startswith("unix:"):
        return open_local_channel(address[5:]), address, None
    host, port = parse_address(address)
    channel, fingerprint = open_channel(
        host,
        port,
        insecure=insecure,
        known_servers_path=known_servers_path,
        trust_new=trust_new,
        timeout_s=timeout_s,
        client_certificate=client_certificate,
    )
    return channel, server_key(host, port), fingerprint


def open_local_channel(socket_path: str) -> grpc.Channel:
    """A plaintext channel to the server's local socket (``unix:PATH``): the appliance
    console's way in; sessions opened on it have the *local* rights."""
    return grpc.insecure_channel(f"unix:{socket_path}", options=_channel_options(None))
