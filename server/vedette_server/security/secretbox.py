"""Camera credentials at rest: encrypted with a key kept in a file, not in the catalog.

Invariants:
- The catalog only ever holds ciphertext (Fernet: AES-128-CBC + HMAC-SHA256);
  stealing the database alone reveals no camera password.
- Plaintext credentials exist only in memory, on their way to an ingest worker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from vedette_server.security.tls import write_private


@dataclass(frozen=True)
class CameraCredentials:
    user: str
    password: str

    def __repr__(self) -> str:  # never print a password by accident
        return f"CameraCredentials(user={self.user!r}, password=<hidden>)"


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted (wrong key file or tampered data)."""


class SecretBox:
    """Encrypts and decrypts camera credentials with the server's key file."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def create_key(cls, path: Path) -> None:
        write_private(path, Fernet.generate_key())

    @classmethod
    def load(cls, path: Path) -> SecretBox:
        return cls(path.read_bytes().strip())

    def seal(self, credentials: CameraCredentials) -> bytes:
        text = json.dumps({"user": credentials.user, "password": credentials.password})
        return self._fernet.encrypt(text.encode())

    def seal_bytes(self, data: bytes) -> bytes:
        """Encrypt any small secret (a Digest HA1) with the same key."""
        return self._fernet.encrypt(data)

    def open_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as error:
            raise CredentialsUnreadable("a sealed secret cannot be decrypted") from error

    def open(self, token: bytes) -> CameraCredentials:
        try:
            data = json.loads(self._fernet.decrypt(token))
        except (InvalidToken, ValueError) as error:
            raise CredentialsUnreadable("camera credentials cannot be decrypted") from error
        return CameraCredentials(str(data["user"]), str(data["password"]))
