"""The console's verify shows the signer's key and whether it is the signed-in
server's (issue 11): an export changed and re-signed with a fresh key, keeping its
server id, was shown "✔ authentic". Offscreen, against the real recording server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded, S
from vedette_api.evidence import FOLDER_MANIFEST, describe_files, key_fingerprint, sign_manifest
from vedette_api.v1 import common_pb2
from vedette_console.session import Session
from vedette_console.views.backup import BackupView
from vedette_console.views.offline import OfflineView

pytestmark = pytest.mark.interop


def native_export(recorded: Recorded, folder: Path) -> None:
    with recorded.client() as client:
        task = client.create_export_task(
            items=[(recorded.camera_id, recorded.start_us, recorded.start_us + 4 * S)],
            export_format="native",
            stream=common_pb2.STREAM_SUB,
        )
        client.download_export(client.wait_for_export_task(task.id, timeout_s=60), folder)
        client.delete_export_task(task.id)  # the server is shared by the module's tests


def re_signed(folder: Path, key: Ed25519PrivateKey) -> str:
    """A segment changed and the manifest re-signed by ``key``, server id kept."""
    segment = next(folder.rglob("*.vseg"))
    with segment.open("r+b") as file:
        file.seek(-10, 2)
        file.write(b"x")
    manifest = json.loads((folder / FOLDER_MANIFEST).read_text())["manifest"]
    del manifest["signer_public_key"]
    del manifest["chain"]  # rebuilding it is as easy; leaving it out is enough here
    manifest["files"] = describe_files(folder, [f["name"] for f in manifest["files"]])
    (folder / FOLDER_MANIFEST).write_bytes(sign_manifest(manifest, key))
    return key_fingerprint(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def test_verify_shows_the_signer_key_and_whether_it_is_the_servers(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    native_export(recorded, tmp_path / "case")
    shutil.copytree(tmp_path / "case", tmp_path / "forged")
    forger = re_signed(tmp_path / "forged", Ed25519PrivateKey.generate())
    with recorded.client() as client:
        server_key = client.get_server_info().signing_key_fingerprint
    session = Session()
    session.adopt(recorded.client())
    player = OfflineView(session, lambda text: None)
    qtbot.addWidget(player)

    def verified(folder: Path) -> str:
        player.verdict = None
        player.folder = folder
        player.verify()
        qtbot.waitUntil(lambda: player.verdict is not None, timeout=30_000)
        return player.verdict_label.text()

    shown = verified(tmp_path / "case")
    assert shown.startswith("✔ authentic") and server_key[:11] in shown, shown
    assert "(this server's)" in shown
    assert f"signer key {server_key}: this server's key" in player.verdict_label.toolTip()

    shown = verified(tmp_path / "forged")
    assert shown.startswith("✖ NOT authentic") and forger[:11] in shown, shown
    tip = player.verdict_label.toolTip()
    assert f"signer key {forger}: NOT this server's key {server_key}" in tip
    assert player.check is not None and not player.check.key_matches

    # The backup panel's check says the same for a file chosen by hand.
    notes: list[str] = []
    backup = BackupView(session, notes.append)
    qtbot.addWidget(backup)
    backup.verify_path(tmp_path / "forged")
    qtbot.waitUntil(lambda: bool(notes), timeout=30_000)
    assert "NOT authentic" in notes[0] and f"NOT this server's key {server_key}" in notes[0]
    session.close()
