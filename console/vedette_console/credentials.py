"""Remembered sign-ins: the server list in a JSON settings file, passwords in the OS
keychain through ``keyring`` (never in a file).

A machine without a keychain (a headless box: keyring's ``fail`` backend) simply
does not remember passwords; ``remember_password`` says so by returning False.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import keyring
import keyring.errors
import platformdirs

SERVICE = "vedette-console"
PASSWORD_ENV = "VEDETTE_PASSWORD"


def _key(server: str, username: str) -> str:
    return f"{username}@{server}"


def load_password(server: str, username: str) -> str | None:
    """VEDETTE_PASSWORD, else the keychain's entry, else None."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        return keyring.get_password(SERVICE, _key(server, username))
    except keyring.errors.KeyringError:
        return None


def remember_password(server: str, username: str, password: str) -> bool:
    """Store in the keychain; False when there is no usable keychain."""
    try:
        keyring.set_password(SERVICE, _key(server, username), password)
    except keyring.errors.KeyringError:
        return False
    return True


def replace_remembered_password(server: str, username: str, old: str, new: str) -> bool:
    """After a password change: the keychain's entry becomes ``new`` if it held
    ``old`` (nothing is stored for an operator who did not ask). True if replaced."""
    try:
        if keyring.get_password(SERVICE, _key(server, username)) != old:
            return False
    except keyring.errors.KeyringError:
        return False
    return remember_password(server, username, new)


def forget_password(server: str, username: str) -> None:
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(SERVICE, _key(server, username))


@dataclass
class SavedServer:
    address: str
    username: str
    remember: bool = False


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("vedette")) / "console.json"


def load_servers(path: Path | None = None) -> list[SavedServer]:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text("utf-8"))
        return [SavedServer(**entry) for entry in data.get("servers", [])]
    except (OSError, ValueError, TypeError):
        return []


def save_server(entry: SavedServer, path: Path | None = None) -> None:
    """Put ``entry`` first in the list (replacing the same address and user)."""
    path = path or settings_path()
    servers = [
        s for s in load_servers(path) if (s.address, s.username) != (entry.address, entry.username)
    ]
    servers.insert(0, entry)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = json.dumps({"servers": [asdict(s) for s in servers[:20]]}, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".console-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
