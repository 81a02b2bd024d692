"""The directory's data folder: where its database is, and the site CA.

``DIR/directory.json`` (mode 0600: the database URL may hold a password) names the
site and its PostgreSQL database; ``DIR/site-ca.key`` (0600) and ``DIR/site-ca.pem``
are the site CA, which is also the directory's TLS certificate (``keys.py``);
``DIR/site-token.key`` (0600) is the Ed25519 key that signs site tokens, and
``DIR/credentials.key`` (0600) seals the cameras' passwords in PostgreSQL (a copy of
the database alone reveals none).
Everything else lives in PostgreSQL.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from vedette_server.security.secretbox import SecretBox
from vedette_server.security.tls import create_signing_key, write_private, write_public

CONFIG_FILE = "directory.json"
FORMAT = 1


class NotInitialised(Exception):
    """The folder holds no directory (the message says what to run)."""


@dataclass(frozen=True)
class DirectoryData:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def ca_key(self) -> Path:
        return self.root / "site-ca.key"

    @property
    def ca_cert(self) -> Path:
        return self.root / "site-ca.pem"

    @property
    def token_key(self) -> Path:
        return self.root / "site-token.key"

    @property
    def credentials_key(self) -> Path:
        return self.root / "credentials.key"

    def exists(self) -> bool:
        return self.config.exists()

    def write(self, site_id: str, site_name: str, database: str, key: bytes, cert: bytes) -> None:
        """Write a new directory's files (refuses to overwrite any of them)."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        write_private(self.ca_key, key)
        write_public(self.ca_cert, cert)
        create_signing_key(self.token_key)
        SecretBox.create_key(self.credentials_key)
        body = {"format": FORMAT, "site_id": site_id, "site_name": site_name, "database": database}
        write_private(self.config, (json.dumps(body, indent=2) + "\n").encode())

    def load(self) -> dict[str, str]:
        """``site_id``, ``site_name`` and ``database``; NotInitialised when missing."""
        if not self.config.exists():
            raise NotInitialised(
                f"{self.root} holds no directory: run `vedette-directory init --data"
                f" {self.root} --database postgresql://…` first"
            )
        try:
            body = json.loads(self.config.read_text())
        except (OSError, ValueError) as exc:
            raise NotInitialised(f"{self.config} cannot be read: {exc}") from None
        if body.get("format") != FORMAT:
            raise NotInitialised(f"{self.config} has format {body.get('format')!r}, not {FORMAT}")
        missing = [k for k in ("site_id", "site_name", "database") if not body.get(k)]
        files = (self.ca_key, self.ca_cert, self.token_key, self.credentials_key)
        missing += [path.name for path in files if not path.exists()]
        if missing:
            raise NotInitialised(f"{self.root} is incomplete (missing: {', '.join(missing)})")
        return {k: str(body[k]) for k in ("site_id", "site_name", "database")}
