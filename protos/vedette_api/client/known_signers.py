"""The export-signing keys of the servers this user has logged in to, so that
``vedette verify`` can tell an export of a known server from a re-signed one without
a fingerprint typed by hand.

A manifest names its server (``server_id``) and holds its signer's key, but anyone
can re-sign a changed export with a key of their own and keep the server id. What
binds the id to a key is the server itself: after logging in, the CLI asks it
(``GetServerInfo``: ``server_id``, ``signing_key_fingerprint``) over the connection
whose TLS certificate is pinned (``vedette_api.client.pinning``), or the local socket, and
remembers the pair here: trust on first use, like the certificate.

``known_signing_keys.json``, beside ``known_servers.json`` (user config dir)::

    {"version": 1,
     "servers": {"<server_id>": {"fingerprints": ["AB:CD:…"], "address": "host:port",
                                  "first_seen_time": "2026-12-06T10:00:00+00:00"}}}

Invariants:
- The file is only replaced whole (``pinning.replace_private_file``: 0600, fsync,
  rename), never written in place.
- A server's keys only accumulate: a server whose key changed (a reinstalled key
  directory) keeps its earlier ones, so exports it signed before still verify.

Every method blocks on the file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import platformdirs

from vedette_api.client.pinning import replace_private_file
from vedette_api.errors import VedetteError
from vedette_api.evidence import normalise_fingerprint

KNOWN_SIGNING_KEYS_FILE = "known_signing_keys.json"
_FILE_VERSION = 1


def default_known_signing_keys_path() -> Path:
    """``<user config dir>/vedette/known_signing_keys.json`` (platformdirs)."""
    return Path(platformdirs.user_config_dir("vedette")) / KNOWN_SIGNING_KEYS_FILE


class KnownSigningKeys:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            servers = json.loads(text)["servers"]
            if not isinstance(servers, dict):
                raise TypeError("servers is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise VedetteError(
                f"{self.path} is not a valid known-signing-keys file ({exc}); fix or delete it"
            ) from exc
        return servers

    def keys(self) -> dict[str, list[str]]:
        """Server id → the fingerprints of its signing keys (the well-formed ones)."""
        known: dict[str, list[str]] = {}
        for server_id, entry in self._load().items():
            for text in entry.get("fingerprints", []) if isinstance(entry, dict) else []:
                try:
                    known.setdefault(str(server_id), []).append(normalise_fingerprint(str(text)))
                except ValueError:
                    continue
        return known

    def remember(self, server_id: str, fingerprint: str, address: str) -> bool:
        """Add ``fingerprint`` to the keys of ``server_id``; True when it was new."""
        fingerprint = normalise_fingerprint(fingerprint)
        servers = self._load()
        entry = servers.get(server_id)
        if not isinstance(entry, dict):
            entry = {"fingerprints": [], "first_seen_time": _now()}
        fingerprints = [str(f) for f in entry.get("fingerprints", [])]
        if fingerprint in fingerprints:
            return False
        entry["fingerprints"] = [*fingerprints, fingerprint]
        entry["address"] = address
        servers[server_id] = entry
        document = {"version": _FILE_VERSION, "servers": servers}
        replace_private_file(self.path, json.dumps(document, indent=2, sort_keys=True) + "\n")
        return True


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
