"""A recording server's membership of a site: joining, leaving, and what it keeps.

    <data>/site/site.json    the site, this server's name in it, the directory's address
    <data>/site/ca.crt       the site CA (the directory's certificate)
    <data>/site/client.key   this server's site key (0600; never leaves the server)
    <data>/site/client.crt   its certificate, signed by the site CA at the join
    <data>/site/token-keys.json  the public keys site tokens are signed with (by kid),
                             as the directory last gave them: single sign-on works
                             with the directory down

Joining (``join``), in this order: fetch the directory's certificate over TLS without
trusting it, refuse it unless the SHA-256 of its public key is the CA hash the
administrator was given (nothing is sent before that check), make a new key and a
CSR, call ``SiteEnrollService.Join`` over TLS that now trusts only that certificate,
and write the folder, complete or not at all (written beside it, then renamed).

Invariants:
- A wrong CA hash fails before the token leaves the server.
- ``site/`` exists only complete: a crash during a join leaves no half membership.
- Leaving tells the directory first; ``--force`` leaves without it (a directory
  that is gone), and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from vedette_api.v1 import site_pb2, site_pb2_grpc
from vedette_server.datadir import DataDir
from vedette_server.directory import keys
from vedette_server.security.tls import write_private, write_public
from vedette_server.site import tokens

SITE_FORMAT = 1
TOKEN_KEYS_FILE = "token-keys.json"
JOIN_TIMEOUT_S = 30.0


class JoinFailed(Exception):
    """The join (or leave) did not happen; the message says why."""


@dataclass(frozen=True)
class Membership:
    site_id: str
    site_name: str
    server_id: str
    name: str
    directory: str  # host:port of the client port
    site_port: int
    joined_us: int
    ca_pem: bytes
    cert_pem: bytes
    key_pem: bytes
    #: kid → raw Ed25519 public key of the site's token keys.
    token_keys: dict[str, bytes]

    @property
    def site_address(self) -> str:
        host = self.directory.rpartition(":")[0]
        return f"{host}:{self.site_port}"

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(self.ca_pem, self.key_pem, self.cert_pem)


def channel_options() -> list[tuple[str, object]]:
    return [("grpc.ssl_target_name_override", keys.DIRECTORY_NAME)]


def load(data: DataDir) -> Membership | None:
    """The membership in ``data``, or None when the server is not in a site."""
    folder = data.site_dir
    if not (folder / "site.json").exists():
        return None
    body = json.loads((folder / "site.json").read_text())
    return Membership(
        site_id=body["site_id"],
        site_name=body["site_name"],
        server_id=body["server_id"],
        name=body["name"],
        directory=body["directory"],
        site_port=int(body["site_port"]),
        joined_us=int(body["joined_us"]),
        ca_pem=(folder / "ca.crt").read_bytes(),
        cert_pem=(folder / "client.crt").read_bytes(),
        key_pem=(folder / "client.key").read_bytes(),
        token_keys=read_token_keys(folder / TOKEN_KEYS_FILE),
    )


def read_token_keys(path: Path) -> dict[str, bytes]:
    if not path.exists():
        return {}
    body = json.loads(path.read_text())
    return {str(kid): tokens.decode_key(text) for kid, text in body.get("keys", {}).items()}


def write_token_keys(path: Path, keys_by_kid: dict[str, bytes]) -> None:
    """Replace the file whole (a temporary file renamed over it)."""
    body = {"keys": {kid: tokens.encode_key(raw) for kid, raw in sorted(keys_by_kid.items())}}
    staging = path.with_name(path.name + ".new")
    staging.unlink(missing_ok=True)
    write_public(staging, (json.dumps(body, indent=2) + "\n").encode())
    os.replace(staging, path)


def fetch_certificate(host: str, port: int, timeout_s: float = 10.0) -> bytes:
    """The DER certificate the TLS server at ``host:port`` presents, not verified."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout_s) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise JoinFailed(f"cannot reach the site directory at {host}:{port}: {exc}") from None
    if not der:
        raise JoinFailed(f"the site directory at {host}:{port} presented no certificate")
    return der


def _split(directory: str) -> tuple[str, int]:
    host, sep, port = directory.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise JoinFailed(f"--directory {directory!r}: give HOST:PORT")
    return host.strip("[]"), int(port)


def join(
    data: DataDir,
    *,
    directory: str,
    token: str,
    ca_hash: str,
    name: str,
    server_id: str,
    address: str,
    version: str,
    standby: bool = False,
    capacity: int = 0,
) -> Membership:
    if data.site_dir.exists():
        current = load(data)
        site = f"{current.site_name!r}" if current else "a site"
        raise JoinFailed(f"this server is already in {site}: `vedette-server leave` first")
    try:
        wanted = keys.normalise_ca_hash(ca_hash)
    except ValueError as exc:
        raise JoinFailed(f"--ca-hash: {exc}") from None
    host, port = _split(directory)
    der = fetch_certificate(host, port)
    presented = keys.ca_hash_of_der(der)
    if presented != wanted:
        raise JoinFailed(
            f"the directory at {directory} presented a certificate whose key hash is"
            f" {presented}, not {wanted}: refusing to join (nothing was sent). Check the"
            " CA hash, or whether something else answers at that address"
        )
    ca_pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
    key_pem, csr_pem = keys.make_csr(name)
    request = site_pb2.JoinRequest(
        token=token, csr_pem=csr_pem, server_id=server_id, name=name, address=address,
        version=version, standby=standby, capacity=capacity,
    )  # fmt: skip
    credentials = grpc.ssl_channel_credentials(ca_pem)
    with grpc.secure_channel(directory, credentials, options=channel_options()) as channel:
        try:
            response = site_pb2_grpc.SiteEnrollServiceStub(channel).Join(
                request, timeout=JOIN_TIMEOUT_S
            )
        except grpc.RpcError as exc:
            code = exc.code().name if isinstance(exc, grpc.Call) else "error"
            details = exc.details() if isinstance(exc, grpc.Call) else str(exc)
            raise JoinFailed(f"the directory refused the join ({code}): {details}") from None
    if keys.ca_hash(response.ca_certificate_pem) != wanted:
        raise JoinFailed("the directory answered with another site CA than it presented")
    if keys.server_id_of(response.certificate_pem) != server_id:
        raise JoinFailed("the directory's certificate names another server")
    membership = Membership(
        site_id=response.site_id,
        site_name=response.site_name,
        server_id=server_id,
        name=name,
        directory=f"{host}:{port}" if ":" not in host else f"[{host}]:{port}",
        site_port=response.site_port,
        joined_us=time.time_ns() // 1000,
        ca_pem=response.ca_certificate_pem,
        cert_pem=response.certificate_pem,
        key_pem=key_pem,
        token_keys={k.kid: bytes(k.public_key) for k in response.token_keys},
    )
    _write(data, membership)
    return membership


def _write(data: DataDir, m: Membership) -> None:
    """Write the folder beside its place, then rename it there (all or nothing)."""
    final = data.site_dir
    staging = final.with_name(final.name + ".joining")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    write_private(staging / "client.key", m.key_pem)
    write_public(staging / "client.crt", m.cert_pem)
    write_public(staging / "ca.crt", m.ca_pem)
    body = {
        "format": SITE_FORMAT,
        "site_id": m.site_id,
        "site_name": m.site_name,
        "server_id": m.server_id,
        "name": m.name,
        "directory": m.directory,
        "site_port": m.site_port,
        "joined_us": m.joined_us,
    }
    write_token_keys(staging / TOKEN_KEYS_FILE, m.token_keys)
    write_public(staging / "site.json", (json.dumps(body, indent=2) + "\n").encode())
    os.rename(staging, final)
    folder = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def leave(data: DataDir, *, force: bool = False) -> str:
    """Tell the directory this server leaves, then forget the site; returns what
    happened in words. ``force``: forget it even when the directory cannot be told."""
    membership = load(data)
    if membership is None:
        raise JoinFailed("this server is not in a site")
    told = True
    with grpc.secure_channel(
        membership.site_address, membership.channel_credentials(), options=channel_options()
    ) as channel:
        try:
            site_pb2_grpc.SiteSyncServiceStub(channel).Leave(
                site_pb2.LeaveRequest(), timeout=JOIN_TIMEOUT_S
            )
        except grpc.RpcError as exc:
            details = exc.details() if isinstance(exc, grpc.Call) else str(exc)
            if not force:
                raise JoinFailed(
                    f"the directory could not be told ({details}); nothing changed."
                    " `vedette-server leave --force` leaves without telling it"
                ) from None
            told = False
    shutil.rmtree(data.site_dir)
    if told:
        return f"left the site {membership.site_name!r}"
    return (
        f"left the site {membership.site_name!r} without telling its directory: it lists"
        " this server as offline until an administrator removes it"
    )
