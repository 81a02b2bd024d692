"""Trust on first use for the Vedette server's self-signed TLS certificate.

A Vedette server generates its own certificate at initialisation, so no public CA
vouches for it. Instead the client pins it: the first connection to a ``host:port``
stores the certificate and its SHA-256 fingerprint in ``known_servers.json``
(``platformdirs.user_config_dir("vedette")``); every later connection compares the
certificate presented with the pinned one and refuses a different one
(``CertificateMismatch``, showing both fingerprints) unless told to trust the new one.

Invariants:
- ``known_servers.json`` is only ever replaced whole (write to a temporary file in
  the same directory, fsync, rename), so a crash never leaves it half-written, and it
  is created with mode 0600 (its directory 0700).
- The gRPC channel trusts the pinned PEM alone as its root, so even a certificate
  swapped between the check here and gRPC's own handshake is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import os
import socket
import ssl
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

try:  # POSIX: other processes' writes are kept out too
    import fcntl
except ImportError:  # pragma: no cover - Windows: this process's threads only
    fcntl = None  # type: ignore[assignment]

from vedette_api.client.address import server_key
from vedette_api.errors import CertificateMismatch, Unavailable, VedetteError

KNOWN_SERVERS_FILE = "known_servers.json"
_FILE_VERSION = 1


@dataclass(frozen=True)
class PinnedServer:
    """The certificate pinned for one server address."""

    #: ``host:port`` as normalised by ``server_key`` (IPv6 hosts in brackets).
    server: str
    #: SHA-256 of the DER certificate, upper-case hex pairs joined by colons.
    fingerprint_sha256: str
    #: The certificate, PEM; the gRPC channel's only trusted root.
    certificate_pem: str
    #: A name the certificate carries, for ``grpc.ssl_target_name_override``.
    target_name: str
    #: When it was pinned, RFC 3339 UTC.
    first_seen_time: str


def default_known_servers_path() -> Path:
    """``<user config dir>/vedette/known_servers.json`` (platformdirs)."""
    return Path(platformdirs.user_config_dir("vedette")) / KNOWN_SERVERS_FILE


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as ``AB:CD:…`` (the form servers print)."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


#: A client certificate for servers that require mutual TLS: (key PEM, certificate PEM).
ClientPem = tuple[bytes, bytes]


def _load_client_certificate(context: ssl.SSLContext, client: ClientPem) -> None:
    # ssl loads certificates from files only: a private temporary directory, removed at once.
    with tempfile.TemporaryDirectory(prefix="vedette-client-") as directory:
        key_path, cert_path = Path(directory, "client.key"), Path(directory, "client.crt")
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as key_file:
            key_file.write(client[0])
        cert_path.write_bytes(client[1])
        context.load_cert_chain(cert_path, key_path)


def _client_context(*, verify_pem: str | None, client: ClientPem | None = None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # the name is checked by gRPC, against the pin
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_alpn_protocols(["h2"])  # gRPC servers may insist on HTTP/2
    if verify_pem is None:
        context.verify_mode = ssl.CERT_NONE
    else:
        context.load_verify_locations(cadata=verify_pem)
    if client is not None:
        _load_client_certificate(context, client)
    return context


def _handshake(host: str, port: int, context: ssl.SSLContext, timeout_s: float) -> ssl.SSLSocket:
    server = server_key(host, port)
    try:
        raw = socket.create_connection((host.strip("[]"), port), timeout=timeout_s)
    except OSError as exc:
        raise Unavailable(f"cannot reach the Vedette server at {server}: {exc}") from exc
    try:
        return context.wrap_socket(raw, server_hostname=None)
    except (OSError, ssl.SSLError) as exc:
        raw.close()
        raise Unavailable(
            f"no TLS handshake with {server} ({exc}); is it a Vedette server, "
            "and is it running with TLS (not --insecure)?"
        ) from exc


def fetch_certificate(
    host: str, port: int, *, timeout_s: float = 10.0, client_certificate: ClientPem | None = None
) -> bytes:
    """Return the DER certificate ``host:port`` presents, without verifying it.

    Blocks for one TCP connection and TLS handshake. Raises ``Unavailable`` when
    the server cannot be reached or does not speak TLS.
    """
    context = _client_context(verify_pem=None, client=client_certificate)
    with _handshake(host, port, context, timeout_s) as tls:
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise Unavailable(f"{server_key(host, port)} presented no TLS certificate")
    return der


def _names_from_peer(cert: dict[str, object]) -> tuple[str | None, list[str], list[str]]:
    common_name: str | None = None
    subject = cert.get("subject", ())
    assert isinstance(subject, tuple)
    for rdn in subject:
        for key, value in rdn:
            if key == "commonName":
                common_name = value
    dns: list[str] = []
    ips: list[str] = []
    alt_names = cert.get("subjectAltName", ())
    assert isinstance(alt_names, tuple)
    for kind, value in alt_names:
        if kind == "DNS":
            dns.append(value)
        elif kind == "IP Address":
            ips.append(value)
    return common_name, dns, ips


def choose_target_name(
    host: str, common_name: str | None, dns_names: Iterable[str], ip_names: Iterable[str]
) -> str:
    """Pick the name gRPC should check the pinned certificate against.

    The certificate's common name when it is also a DNS alternative name (the
    Vedette server's is "vedette"), else the first DNS name, else ``host`` when the
    certificate lists it as an IP address, else the common name, else ``host``.
    """
    dns = list(dns_names)
    if common_name and (not dns or common_name in dns):
        return common_name
    if dns:
        return dns[0]
    bare = host.strip("[]")
    try:
        if any(ipaddress.ip_address(bare) == ipaddress.ip_address(ip) for ip in ip_names):
            return bare
    except ValueError:
        pass
    return common_name or bare


def certificate_target_name(
    host: str,
    port: int,
    certificate_pem: str,
    *,
    timeout_s: float = 10.0,
    client_certificate: ClientPem | None = None,
) -> str:
    """Handshake again, verifying against ``certificate_pem``, and pick a target name.

    Blocks for one TLS handshake. Python only decodes a peer certificate it has
    verified, hence the second handshake, done once, when the certificate is pinned.
    """
    context = _client_context(verify_pem=certificate_pem, client=client_certificate)
    with _handshake(host, port, context, timeout_s) as tls:
        cert = tls.getpeercert()
    common_name, dns, ips = _names_from_peer(dict(cert or {}))
    return choose_target_name(host, common_name, dns, ips)


#: Serialises ``KnownServers.put`` between this process's threads.
_PUT_LOCK = threading.Lock()


class KnownServers:
    """The ``known_servers.json`` store. Every method that touches the file blocks."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
            servers = data["servers"]
            if not isinstance(servers, dict):
                raise TypeError("servers is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise VedetteError(
                f"{self.path} is not a valid known-servers file ({exc}); fix or delete it"
            ) from exc
        return servers

    def get(self, server: str) -> PinnedServer | None:
        """The pin stored for ``server`` (a ``server_key``), or ``None``."""
        entry = self._load().get(server)
        if entry is None:
            return None
        return PinnedServer(
            server=server,
            fingerprint_sha256=entry["fingerprint_sha256"],
            certificate_pem=entry["certificate_pem"],
            target_name=entry["target_name"],
            first_seen_time=entry.get("first_seen_time", ""),
        )

    def put(self, pinned: PinnedServer) -> None:
        """Store (or replace) the pin of ``pinned.server``, atomically, mode 0600.
        Read, change and write happen under a lock (this process's threads, and other
        processes through ``flock`` on a ``.lock`` file beside it): a console
        pinning a site's servers at once must not lose one's pin to another's write."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with _PUT_LOCK, open(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)) as lock_file:
            if fcntl is not None:
                fcntl.flock(lock_file, fcntl.LOCK_EX)
            servers = self._load()
            servers[pinned.server] = {
                "fingerprint_sha256": pinned.fingerprint_sha256,
                "certificate_pem": pinned.certificate_pem,
                "target_name": pinned.target_name,
                "first_seen_time": pinned.first_seen_time,
            }
            data = {"version": _FILE_VERSION, "servers": servers}
            text = json.dumps(data, indent=2, sort_keys=True)
            replace_private_file(self.path, text + "\n")


def replace_private_file(path: Path, text: str) -> None:
    """Replace ``path`` whole with ``text``: a temporary file in the same directory
    (mode 0600, the directory made 0700 if missing), fsynced, renamed. Blocking."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:  # mkstemp creates it 0600
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def pin_server_certificate(
    host: str,
    port: int,
    *,
    known_servers_path: Path | None = None,
    trust_new: bool = False,
    timeout_s: float = 10.0,
    client_certificate: ClientPem | None = None,
) -> PinnedServer:
    """Check the certificate of ``host:port`` against its pin, pinning it on first use.

    Blocks for one or two TLS handshakes and a file write. Raises
    ``CertificateMismatch`` when a different certificate is pinned and ``trust_new``
    is false; with ``trust_new`` the new certificate replaces the pin.
    """
    path = known_servers_path or default_known_servers_path()
    store = KnownServers(path)
    server = server_key(host, port)
    der = fetch_certificate(host, port, timeout_s=timeout_s, client_certificate=client_certificate)
    fingerprint = certificate_fingerprint(der)
    pinned = store.get(server)
    if pinned is not None and pinned.fingerprint_sha256 == fingerprint:
        return pinned
    if pinned is not None and not trust_new:
        raise CertificateMismatch(
            server,
            pinned_fingerprint=pinned.fingerprint_sha256,
            presented_fingerprint=fingerprint,
            known_servers_path=str(path),
        )
    pem = ssl.DER_cert_to_PEM_cert(der)
    new_pin = PinnedServer(
        server=server,
        fingerprint_sha256=fingerprint,
        certificate_pem=pem,
        target_name=certificate_target_name(
            host, port, pem, timeout_s=timeout_s, client_certificate=client_certificate
        ),
        first_seen_time=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    store.put(new_pin)
    return new_pin
