"""The address of a gRPC client, from ``context.peer()``.

gRPC writes peers as ``ipv4:192.0.2.7:51234``, ``ipv6:[2001:db8::7]:51234`` or
``unix:/path`` (``unix:`` alone for an unnamed client socket). A client on a Unix
socket is *local* (it runs on the server's host with access to the socket file);
every other client is *remote*.
"""

from __future__ import annotations

from dataclasses import dataclass

from vedette_server.accounts.rights import Scope


@dataclass(frozen=True)
class Peer:
    text: str  # as gRPC wrote it
    ip: str | None  # None for a Unix socket (or a form we do not know)

    @property
    def scope(self) -> Scope:
        return Scope.LOCAL if self.text.startswith("unix") else Scope.REMOTE


def parse_peer(text: str) -> Peer:
    if text.startswith("ipv4:"):
        return Peer(text, text[5:].rsplit(":", 1)[0])
    if text.startswith("ipv6:"):
        host = text[5:].rsplit(":", 1)[0]
        host = host.strip("[]").split("%", 1)[0]
        if host.lower().startswith("::ffff:") and "." in host:
            host = host[7:]
        return Peer(text, host)
    return Peer(text, None)
