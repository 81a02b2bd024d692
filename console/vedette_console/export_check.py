"""Checking an export's signature against the signed-in server's key (EXP-06).

A signed manifest proves its files are unchanged since its key signed them; that the
key is the server's is only known by comparing it with the key the server announces
(``GetServerInfo.signing_key_fingerprint``). So the console's verify asks the server
it is signed in to for its id and key, and shows the signer's key, the server's, and
whether they match: an export re-signed with another key keeping the server id is
"NOT authentic", one from another server (or checked while not signed in) is
"unknown signer", never "authentic".

Plain Python (Qt only to translate the console's own sentences): views run
``check_export`` off the UI thread (it blocks on one RPC and on hashing the files)
and show its ``label`` (a key: they translate it) and ``details``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.evidence import Verdict, verify


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportCheck", text)


@dataclass(frozen=True)
class ServerKey:
    """The signed-in server's id and export-signing key, or why there is none."""

    server_id: str = ""
    fingerprint: str = ""
    #: Why there is no key to compare with ("not signed in", the server's error).
    missing: str = ""


@dataclass(frozen=True)
class ExportCheck:
    verdict: Verdict
    server: ServerKey

    @property
    def label(self) -> str:
        """``authentic``, ``unknown signer`` or ``NOT authentic``."""
        if self.verdict.authentic:
            return "authentic"
        return "unknown signer" if self.verdict.unproven else "NOT authentic"

    @property
    def key_matches(self) -> bool:
        return bool(self.server.fingerprint) and (
            self.verdict.signer_fingerprint == self.server.fingerprint
        )

    def key_line(self) -> str:
        """The signer's key and how it compares with the server's."""
        signer = self.verdict.signer_fingerprint or _tr("none (unreadable manifest)")
        server = self.server
        if not server.fingerprint:
            text = _tr("signer key {signer}; not compared: {missing}")
            return text.format(signer=signer, missing=server.missing)
        if self.key_matches:
            text = _tr("signer key {signer}: this server's key (server {server_id})")
            return text.format(signer=signer, server_id=server.server_id)
        text = _tr("signer key {signer}: NOT this server's key {key} (server {server_id})")
        return text.format(signer=signer, key=server.fingerprint, server_id=server.server_id)

    def details(self) -> list[str]:
        return [*self.verdict.lines(), self.key_line()]


def server_key(client: Client | None) -> ServerKey:
    """The signing key of the server ``client`` is signed in to. Blocks on one RPC."""
    if client is None:
        return ServerKey(missing=_tr("not signed in to a server"))
    try:
        info = client.get_server_info()
    except VedetteError as error:
        text = _tr("the server did not say its key ({error})")
        return ServerKey(missing=text.format(error=error))
    if not info.signing_key_fingerprint:
        return ServerKey(info.server_id, missing=_tr("the server did not say its key"))
    return ServerKey(info.server_id, info.signing_key_fingerprint)


def check_export(path: Path, client: Client | None) -> ExportCheck:
    """Verify ``path`` against the key of the server ``client`` is signed in to.
    Blocking (an RPC, then reading and hashing every file)."""
    key = server_key(client)
    known = {key.server_id: [key.fingerprint]} if key.fingerprint else {}
    return ExportCheck(verify(path, known_keys=known), key)
