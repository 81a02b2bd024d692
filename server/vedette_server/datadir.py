"""The server's data directory: where the catalog, keys and certificate live.

    <data>/catalog.sqlite3          the catalog (SQLite, WAL)
    <data>/tls/server.key, .crt     TLS key (0600) and self-signed certificate
    <data>/tls/client-ca.key, .crt  the CA that issues CMS client certificates (mutual TLS)
    <data>/keys/signing.key         Ed25519 key that signs export manifests (0600)
    <data>/keys/credentials.key     key that encrypts camera credentials (0600)
    <data>/recordings/              the first volume: `init` adds and initialises it
                                     (unless --no-default-volume)
    <data>/console.sock             the local socket of the appliance console (0600)
    <data>/exports/                 the default export root; export-staging/ holds
                                     the tasks the client downloads
    <data>/snapshots/               snapshot JPEGs (SEARCH-06), one folder per camera
    <data>/alarm-record-windows.json  the record actions' windows (alarms/recording.py),
                                     so a restart inside one still keeps its video
    <data>/firmware-uploads/        firmware files on their way to a camera (CAM-07),
                                     unnamed temporary files only (O_TMPFILE)
    <data>/site/                    the site this server joined, if any (issue 19:
                                     site/membership.py), its site key 0600

Invariants:
- The credentials key never lives in the catalog, so a copy of the database alone
  reveals no camera password.
- After ``vedette-server init`` the data directory is 0700 and the catalog (with its
  WAL and shared-memory files) and every key file 0600, whatever the directory's
  mode was before and whatever the umask: the catalog holds password hashes, and
  the keys sign evidence and decrypt camera passwords.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: Modes ``restrict_permissions`` forces.
PRIVATE_DIRECTORY_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


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
    def alarm_record_windows(self) -> Path:
        return self.root / "alarm-record-windows.json"

    @property
    def firmware_uploads(self) -> Path:
        return self.root / "firmware-uploads"

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

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def is_initialized(self) -> bool:
        return self.catalog.exists() and self.tls_cert.exists() and self.credentials_key.exists()

    def private_files(self) -> list[Path]:
        """The files only the server's account may read: the catalog and the keys."""
        catalog = [self.catalog.with_name(self.catalog.name + s) for s in ("", "-wal", "-shm")]
        keys = [self.tls_key, self.client_ca_key, self.signing_key, self.credentials_key]
        keys.append(self.site_dir / "client.key")
        return catalog + keys

    def restrict_permissions(self) -> None:
        """chmod the data directory, ``keys/`` and ``tls/`` 0700 and the private files
        0600 (those that exist). Blocking. Never follows a symbolic link: a link in
        their place is refused (``PermissionError``), not chmod-ed through."""
        directories = [self.root, self.root / "keys", self.root / "tls", self.site_dir]
        for path in [*directories, *self.private_files()]:
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(mode):
                raise PermissionError(f"{path} is a symbolic link; the data directory holds none")
            wanted = PRIVATE_DIRECTORY_MODE if stat.S_ISDIR(mode) else PRIVATE_FILE_MODE
            if stat.S_IMODE(mode) != wanted:
                os.chmod(path, wanted)
