"""Opening sessions on a site's member servers, trusted through the site directory.

A console or script pins the site directory's certificate (on first use, the operator
comparing its fingerprint). Each member server tells the directory, over the site's
mutually authenticated connection, the SHA-256 of the certificate its API presents;
the directory returns it in ``ListServers`` (``SiteServer.api_certificate_sha256``).
``connect_member`` trusts a member by that word: one fingerprint for the operator to
check per site, not one per server, and no member trusted blindly on first use.

Invariants:
- A member is connected only when the certificate it presents is the one the
  directory vouches for; anything else is refused with both fingerprints named.
- The pin stored for the member (``known_servers_path``) is replaced by the vouched
  certificate (a reinstalled member that joined again is trusted again).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from vedette_api.client.address import parse_address
from vedette_api.client.pinning import certificate_fingerprint, fetch_certificate
from vedette_api.client.session import Client
from vedette_api.errors import Unavailable, VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import site_pb2

#: A site token is asked for again when it has less than this left.
TOKEN_MARGIN_S = 60.0


class SiteTokens:
    """Site tokens for one directory session, asked for when none is held or the
    held one is about to expire; callable from any thread."""

    def __init__(self, directory: Client) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._token = ""
        self._expires_s = 0.0

    def __call__(self) -> str:
        with self._lock:
            if time.time() > self._expires_s - TOKEN_MARGIN_S:
                issued = self.directory.issue_site_token()
                self._token = issued.site_token
                self._expires_s = us_from_timestamp(issued.expire_time) / 1e6
            return self._token


class MemberRefused(VedetteError):
    """A member server presented a certificate the site directory does not vouch for."""


def member_unreachable_reason(server: site_pb2.SiteServer) -> str:
    """Why a member cannot be signed in to from its directory record ("" if it can)."""
    if server.state == site_pb2.SITE_SERVER_STATE_LEFT:
        return "left the site"
    if server.state != site_pb2.SITE_SERVER_STATE_ONLINE:
        return "offline (no heartbeat for 5 s or more)"
    if not server.address:
        return "has not said where it listens yet"
    if not server.api_certificate_sha256:
        return (
            "the site directory holds no certificate fingerprint for it yet (it has not"
            " sent a heartbeat since the directory was upgraded)"
        )
    return ""


def connect_member(
    server: site_pb2.SiteServer,
    site_token: str,
    *,
    known_servers_path: Path | None = None,
    timeout_s: float = 10.0,
) -> Client:
    """A session on member ``server`` (a ``ListServers`` entry) opened with
    ``site_token``, its certificate checked against the directory's word.
    ``Unavailable`` when it cannot be reached (or the directory says it is offline),
    ``MemberRefused`` for a certificate the directory does not vouch for."""
    why_not = member_unreachable_reason(server)
    if why_not:
        raise Unavailable(f"recording server {server.name}: {why_not}")
    host, port = parse_address(server.address)
    vouched = server.api_certificate_sha256
    presented = certificate_fingerprint(fetch_certificate(host, port, timeout_s=timeout_s))
    if presented != vouched:
        raise _refused(server, presented)
    client = Client.connect_with_site_token(
        server.address,
        site_token,
        known_servers_path=known_servers_path,
        trust_new=True,  # the directory, pinned by the operator, vouches for it
        timeout_s=timeout_s,
    )
    if client.certificate_fingerprint != vouched:  # changed between the two handshakes
        client.close()
        raise _refused(server, client.certificate_fingerprint or "none (plaintext)")
    return client


def _refused(server: site_pb2.SiteServer, presented: str) -> MemberRefused:
    return MemberRefused(
        f"refusing recording server {server.name} at {server.address}: the certificate it"
        f" presents (SHA-256 {presented}) is not the one it told the site directory"
        f" (SHA-256 {server.api_certificate_sha256}); something else may be answering at"
        " that address",
        reason="MEMBER_CERTIFICATE",
    )
