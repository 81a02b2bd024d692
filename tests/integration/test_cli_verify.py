"""``vedette verify`` on a real export, through the real command (issue 11): an export
changed and re-signed with a fresh key, keeping its server id, said "authentic …
exported by server X" and exited 0. The signature proves origin only against the
server's key: given with --key, or learnt by the CLI when it logged in to the server.
Exit status 0 authentic, 3 intact but signed by an unknown key, 1 not authentic."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.integration.test_cli import vedette
from tests.integration.test_export_tasks import ffprobe_duration, record
from vedette_api.evidence import FOLDER_MANIFEST, describe_files, key_fingerprint, sign_manifest
from vedette_api.v1.export_pb2 import EXPORT_FORMAT_MKV as MKV

pytestmark = pytest.mark.interop


def verify_as(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``vedette verify`` run by a user whose config directory is ``home``."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), "verify", *args],
        env=dict(os.environ, XDG_CONFIG_HOME=str(home)),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def re_sign(folder: Path, key: Ed25519PrivateKey) -> str:
    """Change the video, then re-sign every manifest with ``key``, keeping everything
    else (the server id included); returns the forger's fingerprint."""
    (video,) = folder.glob("*.mp4")
    data = bytearray(video.read_bytes())
    data[len(data) // 2] ^= 0xFF
    video.write_bytes(bytes(data))
    for signed in [*folder.glob("*.mp4.vsig"), folder / FOLDER_MANIFEST]:  # the folder's last
        manifest = json.loads(signed.read_text())["manifest"]
        del manifest["signer_public_key"]
        manifest["files"] = describe_files(folder, [f["name"] for f in manifest["files"]])
        signed.write_bytes(sign_manifest(manifest, key))
    return key_fingerprint(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def test_a_re_signed_export_is_not_authentic_and_an_unknown_signer_is_named(
    server_factory, camsim_factory, tmp_path
) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        record(client, camsim, 4)
        info = client.get_server_info()
    home, stranger = tmp_path / "home", tmp_path / "stranger"  # two users' config dirs
    exported = tmp_path / "case17"
    vedette(server, home, "export", "Yard", "--from", "-30s", "--to", "now",
            "--format", "mp4", "--download", str(exported))  # fmt: skip
    forged = tmp_path / "forged"
    shutil.copytree(exported, forged)
    forger = re_sign(forged, Ed25519PrivateKey.generate())
    server_key = info.signing_key_fingerprint

    # The user whose CLI logged in to the server knows its key.
    genuine = verify_as(home, str(exported))
    assert genuine.returncode == 0 and genuine.stdout.startswith("authentic"), genuine.stdout
    assert server_key in genuine.stdout
    caught = verify_as(home, str(forged))
    assert caught.returncode == 1 and caught.stdout.startswith("NOT authentic"), caught.stdout
    assert f"signed by key {forger}, but server {info.server_id}'s key is {server_key}" in (
        caught.stdout
    )

    # Someone who never logged in to it: intact, but not proven to be the server's.
    unknown = verify_as(stranger, str(forged))
    assert unknown.returncode == 3, unknown.stdout
    assert (
        f"signed by an unknown key {forger}; not proven to come from server {info.server_id}"
    ) in unknown.stdout
    assert "authentic" not in unknown.stdout.split(";")[0]
    assert verify_as(stranger, str(exported)).returncode == 3
    # ... unless they give the server's key.
    assert verify_as(stranger, str(exported), "--key", server_key).returncode == 0
    with_key = verify_as(stranger, str(forged), "--key", server_key.lower())
    assert with_key.returncode == 1 and "not by the expected" in with_key.stdout
    bad_key = verify_as(stranger, str(exported), "--key", "not-a-fingerprint")
    assert bad_key.returncode == 2 and "not a key fingerprint" in bad_key.stderr


def test_a_streamed_export_is_signed_and_verify_refuses_it_changed(
    server_factory, camsim_factory, tmp_path
) -> None:
    """``vedette export --out FILE`` (issue 12): the server signs the file it streamed
    after its last byte and FILE.vsig is written beside it; ``vedette verify FILE``
    proves it (renamed with its signature too) and refuses it changed."""
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera, start, end = record(client, camsim, 4)
        info = client.get_server_info()
        sdk_file = tmp_path / "sdk.mkv"
        client.export_to_file(camera, start, end, sdk_file, export_format=MKV)
    home = tmp_path / "home"
    out = tmp_path / "yard.mp4"
    said = vedette(
        server, home, "export", "Yard", "--from", "-1m", "--to", "now", "--out", str(out)
    )
    signature = tmp_path / "yard.mp4.vsig"
    assert f"signed in {signature}" in said.stdout
    assert ffprobe_duration(out) > 2.0
    manifest = json.loads(signature.read_text())["manifest"]
    assert manifest["server_id"] == info.server_id and manifest["streamed"] is True
    assert manifest["items"][0]["camera_id"] == camera and manifest["export_format"] == "mp4"
    assert manifest["exported_by"] == "admin" and manifest["stream"] == "main"
    (listed,) = manifest["files"]
    assert listed["size_bytes"] == out.stat().st_size and listed["name"].endswith(".mp4")

    proven = verify_as(home, str(out))
    assert proven.returncode == 0 and proven.stdout.startswith("authentic"), proven.stdout
    assert (
        verify_as(tmp_path / "stranger", str(out), "--key", info.signing_key_fingerprint).returncode
        == 0
    )
    assert verify_as(home, str(sdk_file)).returncode == 0  # the SDK writes it too
    renamed = tmp_path / "case-2041.mp4"
    shutil.copyfile(out, renamed)
    shutil.copyfile(signature, tmp_path / "case-2041.mp4.vsig")
    assert verify_as(home, str(renamed)).returncode == 0

    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    refused = verify_as(home, str(out))
    assert refused.returncode == 1 and refused.stdout.startswith("NOT authentic"), refused.stdout
    assert "changed: yard.mp4" in refused.stdout
    out.unlink()
    gone = verify_as(home, str(signature))
    assert gone.returncode == 1 and "removed: yard.mp4" in gone.stdout
