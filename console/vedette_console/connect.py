"""What an operator signs in with, and the blocking sign-in itself (``Client.connect``):
used by the session at sign-in and by its lifetime to sign in again after a restart."""

from __future__ import annotations

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

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return f"ConnectSettings({self.address!r}, {self.username!r}, <password>)"


def sign_in(settings: ConnectSettings) -> Client:
    """Blocking: pin the certificate and log in (``Client.connect``)."""
    return Client.connect(
        settings.address,
        username=settings.username,
        password=settings.password,
        known_servers_path=settings.known_servers_path,
        trust_new=settings.trust_new,
        timeout_s=settings.timeout_s,
    )
