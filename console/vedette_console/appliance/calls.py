"""The appliance's calls before anyone is signed in, from the SDK
(``vedette_api.client.setup``: the set-up state, auto-login, the logged-out live
display, password recovery; each blocks — run them off the UI thread — and raises a
``VedetteError`` saying why it failed), and how the console tells the appliance's
own local socket from a remote server."""

from __future__ import annotations

from vedette_api.client.setup import (
    auto_login,
    open_live_display,
    recover_password,
    recovery_questions,
)
from vedette_api.client.setup import get_setup_state as setup_state


def is_local(address: str) -> bool:
    """Whether ``address`` is a server's local socket (the appliance's own console)."""
    return address.startswith("unix:")


__all__ = [
    "auto_login",
    "is_local",
    "open_live_display",
    "recover_password",
    "recovery_questions",
    "setup_state",
]
