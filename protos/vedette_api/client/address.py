"""Server addresses as people type them (``host:port``) and the checks made on them.

Invariant: one spelling per server (``server_key``), so a certificate pinned for
``LOCALHOST:6036`` is the one found for ``localhost:6036``; no function here looks
a name up in DNS.
"""

from __future__ import annotations

import ipaddress

from vedette_api.errors import InvalidArgument

DEFAULT_PORT = 6036


def parse_address(address: str) -> tuple[str, int]:
    """Split ``host:port``, ``[v6]:port``, a bare host or IPv6 address (port 6036).

    Raises ``InvalidArgument`` naming the address when it cannot be parsed.
    """
    text = address.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise InvalidArgument(f"server address {address!r}: expected [IPv6]:PORT")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    if not host:
        raise InvalidArgument(f"server address {address!r} has no host")
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InvalidArgument(f"server address {address!r}: port must be 1..65535")
    return host, int(port_text)


def server_key(host: str, port: int) -> str:
    """The one spelling of a server: lower-case ``host:port``, ``[v6]:port``."""
    host = host.strip("[]").lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback IP address (no DNS lookup)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
