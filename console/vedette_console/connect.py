"""What an operator signs in with, and the blocking sign-in itself (``Client.connect``):
used by the session at sign-in and by its lifetime to sign in again after a restart.
A site's member server is signed in to with a site token from the directory
(``site_token``, asked for again at each sign-in) instead of the password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vedette_api.client import Client


@dataclass(frozen=True)
class ConnectSettings:
    """What the sign-in dialog collected."""

    address: str
    username: str
    password: str
    known_servers_path: Path | None = None
    trust_new: bool = False
    timeout_s: float = 10.0
    #: A member server of a site: where its site tokens come from (the directory).
    site_token: Callable[[], str] | None = None
    #: The member's name in its site ("" for a server signed in to on its own).
    site_member: str = ""

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return f"ConnectSettings({self.address!r}, {self.username!r}, <password>)"


def sign_in(settings: ConnectSettings) -> Client:
    """Blocking: pin the certificate and log in (``Client.connect``); a site's member
    server with a fresh site token instead (``Client.connect_with_site_token``)."""
    if settings.site_token is not None:
        return Client.connect_with_site_token(
            settings.address,
            settings.site_token(),
            known_servers_path=settings.known_servers_path,
            timeout_s=settings.timeout_s,
        )
    return Client.connect(
        settings.address,
        username=settings.username,
        password=settings.password,
        known_servers_path=settings.known_servers_path,
        trust_new=settings.trust_new,
        timeout_s=settings.timeout_s,
    )
