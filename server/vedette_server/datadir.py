"""The server's data directory: where the catalog, keys and certificate live.

    <data>/catalog.sqlite3          the catalog (SQLite, WAL)
    <data>/tls/server.key, .crt     TLS key (0600) and self-signed certificate
    <data>/tls/client-ca.key, .crt  the CA that issues CMS client certificates (mutual TLS)
    <data>/keys/signing.key         Ed25519 key that signs export manifests (0600)
    <data>/keys/credentials.key     key that encrypts camera credentials (0600)
    <data>/recordings/              the default volume made by `init --default-volume`
    <data>/console.sock             the local socket of the appliance console (0600)
    <data>/exports/                 the default export root; export-staging/ holds
                                     the tasks the client downloads
    <data>/snapshots/               snapshot JPEGs (SEARCH-06), one folder per camera

Invariant: the credentials key never lives in the catalog, so a copy of the
database alone reveals no camera password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite3"

    @property
    def tls_key(self) -> Path:
        return self.root / "tls" / "server.key"

    @property
    def tls_cert(self) -> Path:
        return self.root / "tls" / "server.crt"

    @property
    def client_ca_key(self) -> Path:
        return self.root / "tls" / "client-ca.key"

    @property
    def client_ca_cert(self) -> Path:
        return self.root / "tls" / "client-ca.crt"

    @property
    def exports(self) -> Path:
        """The default export root ("exports")."""
        return self.root / "exports"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def local_socket(self) -> Path:
        return self.root / "console.sock"

    @property
    def signing_key(self) -> Path:
        return self.root / "keys" / "signing.key"

    @property
    def credentials_key(self) -> Path:
        return self.root / "keys" / "credentials.key"

    @property
    def default_volume(self) -> Path:
        return self.root / "recordings"

    def is_initialized(self) -> bool:
        return self.catalog.exists() and self.tls_cert.exists() and self.credentials_key.exists()
