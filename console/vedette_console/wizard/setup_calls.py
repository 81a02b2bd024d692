"""The calls the start-up wizard makes before anyone is signed in (``AuthService``):
the set-up state and the first admin password with its recovery questions (from the
SDK, ``vedette_api.client.setup``), and a plain sign-in when the password is set
already. Each blocks (run them off the UI thread) and raises a ``VedetteError``
saying why it failed.

The appliance's console reaches its server on the local socket (``unix:PATH``),
which the server requires for ``SetUpAdmin``; a ``host:port`` address is reached
over TLS with its certificate pinned, as every sign-in is.
"""

from __future__ import annotations

from pathlib import Path

from vedette_api.client import Client
from vedette_api.client.setup import TIMEOUT_S, get_setup_state, set_up_admin


def sign_in(address: str, username: str, password: str, known_servers: Path | None) -> Client:
    """An ordinary sign-in (the admin password is set already)."""
    return Client.connect(
        address,
        username=username,
        password=password,
        known_servers_path=known_servers,
        timeout_s=TIMEOUT_S,
    )


__all__ = ["get_setup_state", "set_up_admin", "sign_in"]
