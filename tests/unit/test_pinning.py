"""Trust on first use of the server's self-signed certificate, against real TLS servers."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import ssl
import stat
import threading
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from vedette_api.client import Client, open_channel
from vedette_api.client.address import server_key
from vedette_api.client.pinning import (
    KnownServers,
    certificate_fingerprint,
    choose_target_name,
    pin_server_certificate,
)
from vedette_api.errors import (
    CertificateMismatch,
    InsecureConnectionRefused,
    Unavailable,
    VedetteError,
)


@dataclass(frozen=True)
class Identity:
    """A self-signed certificate and its key, as the server's would be."""

    cert_pem: bytes
    key_pem: bytes
    fingerprint: str  # computed by cryptography, independently of vedette_api

    def write(self, directory: Path) -> tuple[Path, Path]:
        cert_path, key_path = directory / "cert.pem", directory / "key.pem"
        cert_path.write_bytes(self.cert_pem)
        key_path.write_bytes(self.key_pem)
        return cert_path, key_path


def make_identity(common_name: str = "vedette") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    alt_names: list[x509.GeneralName] = [
        x509.DNSName(common_name),
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        fingerprint=":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256())),
    )


class TlsServer:
    """A TLS server on 127.0.0.1 that completes handshakes; its certificate can change."""

    def __init__(self, tmp_path: Path) -> None:
        self._tmp_path = tmp_path
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._context: ssl.SSLContext | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def use(self, identity: Identity) -> None:
        directory = self._tmp_path / identity.fingerprint[:8]
        directory.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = identity.write(directory)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        self._context = context

    def start(self) -> None:
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            assert self._context is not None
            try:
                with self._context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)  # until the client closes
            except (OSError, ssl.SSLError):
                conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[TlsServer]:
    server = TlsServer(tmp_path)
    server.use(make_identity())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def known_servers(tmp_path: Path) -> Path:
    return tmp_path / "config" / "vedette" / "known_servers.json"


def test_first_connection_pins_the_certificate_and_its_sha256(
    tmp_path: Path, known_servers: Path
) -> None:
    identity = make_identity()
    server = TlsServer(tmp_path)
    server.use(identity)
    server.start()
    try:
        pinned = pin_server_certificate("127.0.0.1", server.port, known_servers_path=known_servers)
    finally:
        server.stop()

    assert pinned.fingerprint_sha256 == identity.fingerprint
    stored = json.loads(known_servers.read_text())["servers"][f"127.0.0.1:{server.port}"]
    assert stored["fingerprint_sha256"] == identity.fingerprint
    der = ssl.PEM_cert_to_DER_cert(stored["certificate_pem"])
    assert der == ssl.PEM_cert_to_DER_cert(identity.cert_pem.decode())
    assert certificate_fingerprint(der) == identity.fingerprint


def test_known_servers_file_is_private_to_the_user(
    tls_server: TlsServer, known_servers: Path
) -> None:
    pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)

    assert stat.S_IMODE(known_servers.stat().st_mode) == 0o600
    assert stat.S_IMODE(known_servers.parent.stat().st_mode) == 0o700


def test_rewriting_a_world_readable_file_makes_it_private(
    tls_server: TlsServer, known_servers: Path
) -> None:
    known_servers.parent.mkdir(parents=True)
    known_servers.write_text(json.dumps({"version": 1, "servers": {}}))
    known_servers.chmod(0o644)

    pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)

    assert stat.S_IMODE(known_servers.stat().st_mode) == 0o600


def test_the_same_certificate_is_accepted_without_rewriting_the_pin(
    tls_server: TlsServer, known_servers: Path
) -> None:
    first = pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)
    before = known_servers.read_bytes()

    again = pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)

    assert again == first
    assert known_servers.read_bytes() == before


def test_a_changed_certificate_is_refused_showing_both_fingerprints(
    tls_server: TlsServer, known_servers: Path
) -> None:
    old = pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)
    new_identity = make_identity()
    tls_server.use(new_identity)

    with pytest.raises(CertificateMismatch) as caught:
        pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)

    error = caught.value
    assert error.pinned_fingerprint == old.fingerprint_sha256
    assert error.presented_fingerprint == new_identity.fingerprint
    assert old.fingerprint_sha256 in error.message
    assert new_identity.fingerprint in error.message
    assert "--trust-new-certificate" in error.message
    assert str(known_servers) in error.message
    stored = KnownServers(known_servers).get(f"127.0.0.1:{tls_server.port}")
    assert stored is not None
    assert stored.fingerprint_sha256 == old.fingerprint_sha256


def test_trust_new_replaces_the_pin(tls_server: TlsServer, known_servers: Path) -> None:
    pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)
    new_identity = make_identity()
    tls_server.use(new_identity)

    pinned = pin_server_certificate(
        "127.0.0.1", tls_server.port, known_servers_path=known_servers, trust_new=True
    )

    assert pinned.fingerprint_sha256 == new_identity.fingerprint
    again = pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)
    assert again.fingerprint_sha256 == new_identity.fingerprint


def test_pins_are_kept_per_host_and_port(tmp_path: Path, known_servers: Path) -> None:
    servers = [TlsServer(tmp_path / str(i)) for i in range(2)]
    identities = [make_identity(), make_identity()]
    for server, identity in zip(servers, identities, strict=True):
        server.use(identity)
        server.start()
    try:
        for server in servers:
            pin_server_certificate("127.0.0.1", server.port, known_servers_path=known_servers)
        store = KnownServers(known_servers)
        for server, identity in zip(servers, identities, strict=True):
            pinned = store.get(f"127.0.0.1:{server.port}")
            assert pinned is not None
            assert pinned.fingerprint_sha256 == identity.fingerprint
    finally:
        for server in servers:
            server.stop()


def test_target_name_is_the_certificates_common_name(
    tls_server: TlsServer, known_servers: Path
) -> None:
    pinned = pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)

    assert pinned.target_name == "vedette"


def test_target_name_falls_back_to_alt_names_then_the_ip() -> None:
    assert choose_target_name("10.0.0.5", "box", ["vedette", "nvr1"], []) == "vedette"
    assert choose_target_name("10.0.0.5", None, [], ["10.0.0.5"]) == "10.0.0.5"
    assert choose_target_name("[::1]", None, [], ["0:0:0:0:0:0:0:1"]) == "::1"
    assert choose_target_name("nvr.example", "nvr", [], []) == "nvr"


def test_grpc_channel_trusts_only_the_pinned_certificate(
    tmp_path: Path, known_servers: Path
) -> None:
    identity = make_identity()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
    credentials = grpc.ssl_server_credentials([(identity.key_pem, identity.cert_pem)])
    port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    try:
        channel, fingerprint = open_channel(
            "127.0.0.1", port, known_servers_path=known_servers, timeout_s=5
        )
        with channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=5
            )
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
        assert fingerprint == identity.fingerprint

        # A pin of some other certificate: gRPC's own handshake must fail.
        other = make_identity()
        pinned = KnownServers(known_servers).get(f"127.0.0.1:{port}")
        assert pinned is not None
        forged = grpc.ssl_channel_credentials(root_certificates=other.cert_pem)
        options = [("grpc.ssl_target_name_override", pinned.target_name)]
        with (
            grpc.secure_channel(f"127.0.0.1:{port}", forged, options) as wrong,
            pytest.raises(grpc.RpcError) as caught,
        ):
            health_pb2_grpc.HealthStub(wrong).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        server.stop(grace=None)


def test_unreachable_server_raises_unavailable_naming_it(known_servers: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # The port is closed now.
    with pytest.raises(Unavailable, match=f"127.0.0.1:{port}"):
        pin_server_certificate("127.0.0.1", port, known_servers_path=known_servers, timeout_s=2)
    assert not known_servers.exists()


def test_a_server_without_tls_is_reported_as_such(known_servers: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as plain:
        port = plain.getsockname()[1]

        def answer_in_plaintext() -> None:
            conn, _ = plain.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        thread = threading.Thread(target=answer_in_plaintext, daemon=True)
        thread.start()
        with pytest.raises(Unavailable, match="no TLS handshake"):
            pin_server_certificate("127.0.0.1", port, known_servers_path=known_servers, timeout_s=2)
        thread.join(timeout=5)


def test_a_corrupt_known_servers_file_is_reported_with_its_path(
    tls_server: TlsServer, known_servers: Path
) -> None:
    known_servers.parent.mkdir(parents=True)
    known_servers.write_text("{not json")

    with pytest.raises(VedetteError, match="known-servers file") as caught:
        pin_server_certificate("127.0.0.1", tls_server.port, known_servers_path=known_servers)
    assert str(known_servers) in caught.value.message


def test_plaintext_to_a_remote_host_is_refused_before_connecting(known_servers: Path) -> None:
    with pytest.raises(InsecureConnectionRefused, match="loopback"):
        Client.connect(
            "192.0.2.10:6036",
            username="admin",
            password="secret",
            insecure=True,
            known_servers_path=known_servers,
            timeout_s=1,
        )


def test_server_keys_have_one_spelling() -> None:
    assert server_key("LocalHost", 6036) == "localhost:6036"
    assert server_key("::1", 6036) == "[::1]:6036"
    assert server_key("[::1]", 6036) == "[::1]:6036"


def test_pins_written_at_once_are_all_kept(tmp_path: Path) -> None:
    """A console pins a site's servers from several threads at once (and other
    processes may too): no write may lose another's pin."""
    from vedette_api.client.pinning import KnownServers, PinnedServer

    path = tmp_path / "known.json"

    def pin(n: int) -> None:
        KnownServers(path).put(
            PinnedServer(f"127.0.0.{n}:7443", f"{n:02X}:" * 31 + "00", "PEM", "localhost", "")
        )

    with futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(pin, range(1, 65)))
    store = KnownServers(path)
    assert all(store.get(f"127.0.0.{n}:7443") is not None for n in range(1, 65))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
