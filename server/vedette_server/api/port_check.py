"""Whether a port the network settings name is free for this server (NET-01): a
changed port takes effect at the next start, so a port another program holds is
refused when it is given, not found at the restart with the server unreachable.

Blocking (a bind attempt): run it in an executor.

Invariants:
- A port this server process listens on itself is never "in use" (the running
  API's or re-stream's port, possibly given by --port rather than the settings).
- Only EADDRINUSE counts: a port below 1024 that needs privileges the test process
  lacks is not refused here (the service unit grants them on an appliance).
"""

from __future__ import annotations

import errno
import socket

import psutil

from vedette_server.settings.model import NetworkSettings, SettingsError


def _own_ports() -> set[int]:
    try:
        connections = psutil.Process().net_connections(kind="inet")
    except psutil.Error:
        return set()
    return {c.laddr.port for c in connections if c.status == psutil.CONN_LISTEN and c.laddr}


def held_elsewhere(host: str, port: int) -> bool:
    """Whether another program listens on ``host``:``port`` (TCP)."""
    if port in _own_ports():
        return False
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


def check_ports(
    before: NetworkSettings, after: NetworkSettings, *, api_host: str, rtsp_host: str
) -> None:
    """SettingsError (PORT_IN_USE) for a newly given port another program holds."""
    for name, host in (("server_port", api_host), ("rtsp_port", rtsp_host)):
        port = getattr(after, name)
        if port != getattr(before, name) and held_elsewhere(host, port):
            raise SettingsError(
                f"network.{name}",
                f"port {port} is in use by another program on this host",
                error_reason="PORT_IN_USE",
                port=port,
            )
