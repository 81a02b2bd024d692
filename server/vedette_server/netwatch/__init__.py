"""The host's network as an exception source (issue 15, ALARM-05): "network
disconnected" and "IP conflict".

``watcher.NetWatch`` samples the interfaces that carry the server's traffic and
publishes, on the event bus, ``NETWORK_LINK`` when a link's state changed for at
least the debounce time, and ``IP_CONFLICT`` when another machine claims one of the
server's IPv4 addresses (and when a later probe finds none). The alarm engine maps
them to the ``network_down`` and ``ip_conflict`` exceptions (alarms/sources.py).
``python -m vedette_server.netwatch`` runs the watch alone and prints what it
publishes as JSON lines (tests run it inside network namespaces).
"""

from __future__ import annotations

from typing import Final

#: {interface: str, up: bool, why: str}: a link's state held for the debounce time.
NETWORK_LINK: Final = "network.link"
#: {address: str, interface: str, conflict: bool, other_mac: str, operation: str}:
#: another MAC claims ``address`` (True), or a full probe round heard none (False).
IP_CONFLICT: Final = "network.ip_conflict"
