"""Signed export manifests: an untouched export verifies; any change is named; a
signature is proof of origin only against the server's key (given, or known)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vedette_api.evidence import (
    FOLDER_MANIFEST,
    chain_hashes,
    describe_files,
    file_sha256,
    key_fingerprint,
    normalise_fingerprint,
    sign_manifest,
    verify,
)

KEY = Ed25519PrivateKey.generate()
FINGERPRINT = key_fingerprint(KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
KNOWN = {"s-1": [FINGERPRINT]}  # what a CLI that logged in to server s-1 has learnt


def make_export(folder: Path, *, native: bool = False) -> list[str]:
    folder.mkdir(parents=True)
    rng = random.Random(7)
    names = []
    for index in range(3):
        name = f"cam1/main/{index}.vseg" if native else f"cam-{index}.mp4"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(rng.randbytes(4000 + 1000 * index))
        names.append(name)
    listed = list(names)
    if not native:  # as the server writes them: a .vsig per file, also listed
        for name in names:
            single = {"server_id": "s-1", "files": describe_files(folder, [name])}
            (folder / f"{name}.vsig").write_bytes(sign_manifest(single, KEY))
            listed.append(f"{name}.vsig")
    manifest = {"server_id": "s-1", "files": describe_files(folder, listed)}
    if native:
        links = chain_hashes(file_sha256(folder / n) for n in names)
        manifest["chain"] = {"files": names, "head": links[-1]}
    (folder / FOLDER_MANIFEST).write_bytes(sign_manifest(manifest, KEY))
    return names


def test_an_untouched_export_is_authentic_as_a_folder_and_file_by_file(tmp_path: Path) -> None:
    names = make_export(tmp_path / "x")
    verdict = verify(tmp_path / "x", expected_key=FINGERPRINT)
    assert verdict.authentic and verdict.signer_fingerprint == FINGERPRINT
    assert verdict.files_checked == 6  # three videos and their .vsig
    for name in names:
        assert verify(tmp_path / "x" / name, known_keys=KNOWN).authentic
    assert verify(tmp_path / "x" / FOLDER_MANIFEST, known_keys=KNOWN).authentic


def test_a_flipped_byte_anywhere_is_found_and_the_file_named(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    names = make_export(folder)
    pristine = {n: (folder / n).read_bytes() for n in names}
    rng = random.Random(2026)
    for _ in range(200):
        name = rng.choice(names)
        data = bytearray(pristine[name])
        position = rng.randrange(len(data))
        data[position] ^= 1 << rng.randrange(8)
        (folder / name).write_bytes(bytes(data))
        folder_verdict = verify(folder, known_keys=KNOWN)
        file_verdict = verify(folder / name)
        assert not folder_verdict.authentic and folder_verdict.changed == [name], position
        assert not file_verdict.intact and file_verdict.changed == [name]
        (folder / name).write_bytes(pristine[name])
    assert verify(folder, known_keys=KNOWN).authentic


def test_removed_added_files_and_a_replaced_or_tampered_manifest_are_refused(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "x"
    names = make_export(folder)
    (folder / names[0]).unlink()
    assert verify(folder).removed == [names[0]]
    shutil.rmtree(folder)
    make_export(folder)
    (folder / "extra.mp4").write_bytes(b"planted")
    assert verify(folder).added == ["extra.mp4"]
    (folder / "extra.mp4").unlink()
    # Tampering with the manifest itself breaks its signature.
    document = json.loads((folder / FOLDER_MANIFEST).read_text())
    document["manifest"]["server_id"] = "s-2"
    (folder / FOLDER_MANIFEST).write_text(json.dumps(document))
    assert "signature does not match" in verify(folder).problems[0]
    # A manifest re-signed by someone else's key is never authentic (see below).
    document["manifest"]["server_id"] = "s-1"
    del document["manifest"]["signer_public_key"]
    forged = sign_manifest(document["manifest"], Ed25519PrivateKey.generate())
    (folder / FOLDER_MANIFEST).write_bytes(forged)
    assert verify(folder).unproven and not verify(folder).authentic
    wrong = verify(folder, expected_key=FINGERPRINT)
    assert not wrong.authentic and "not by the expected" in wrong.problems[0]
    (folder / FOLDER_MANIFEST).unlink()
    assert "missing" in verify(folder).problems[0]


def test_the_segment_chain_of_a_native_export_breaks_when_segments_are_reordered(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "n"
    names = make_export(folder, native=True)
    assert verify(folder, known_keys=KNOWN).authentic
    document = json.loads((folder / FOLDER_MANIFEST).read_text())
    manifest = document["manifest"]
    manifest["chain"]["files"] = [names[1], names[0], names[2]]
    del manifest["signer_public_key"]
    (folder / FOLDER_MANIFEST).write_bytes(sign_manifest(manifest, KEY))
    assert "chain is broken" in verify(folder).problems[0]


@pytest.mark.parametrize("garbage", [b"", b"{", b'{"manifest": 1}', b"\xff\xfe"])
def test_an_unreadable_manifest_is_reported_not_raised(tmp_path: Path, garbage: bytes) -> None:
    make_export(tmp_path / "x")
    (tmp_path / "x" / FOLDER_MANIFEST).write_bytes(garbage)
    verdict = verify(tmp_path / "x")
    assert not verdict.authentic and verdict.problems


def _resigned(folder: Path, key: Ed25519PrivateKey) -> str:
    """Change a video, then re-sign every manifest with ``key`` keeping the server id:
    what someone holding the export (not the server's key) can do. Returns the
    forger's fingerprint."""
    (folder / "cam-0.mp4").write_bytes(b"edited video")
    # The folder's manifest last: it lists the others.
    for signed in [*sorted(folder.glob("*.mp4.vsig")), folder / FOLDER_MANIFEST]:
        manifest = json.loads(signed.read_text())["manifest"]
        del manifest["signer_public_key"]
        manifest["files"] = describe_files(folder, [f["name"] for f in manifest["files"]])
        signed.write_bytes(sign_manifest(manifest, key))
    return key_fingerprint(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def test_an_export_re_signed_with_a_fresh_key_is_never_called_authentic(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    make_export(folder)
    forger = _resigned(folder, Ed25519PrivateKey.generate())

    alone = verify(folder)  # nothing to compare the key with
    assert alone.intact and alone.unproven and not alone.authentic
    assert alone.lines() == [
        f"intact but signed by an unknown key {forger}; not proven to come from server s-1"
        " (6 file(s) unchanged since that key signed them)"
    ]
    known = verify(folder, known_keys=KNOWN)  # the CLI knows server s-1's key
    assert not known.intact and not known.unproven
    assert known.problems == [
        f"signed by key {forger}, but server s-1's key is {FINGERPRINT}: re-signed by someone else"
    ]
    given = verify(folder, expected_key=FINGERPRINT.lower().replace(":", ""))
    assert (
        not given.intact and given.signer == "other" and given.trusted_fingerprints == [FINGERPRINT]
    )
    # Keys known for other servers prove nothing about this one.
    assert verify(folder, known_keys={"s-2": [FINGERPRINT]}).unproven


def test_a_key_of_the_server_learnt_earlier_still_proves_older_exports(tmp_path: Path) -> None:
    make_export(tmp_path / "x")
    newer = key_fingerprint(
        Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    )
    verdict = verify(tmp_path / "x", known_keys={"s-1": [newer, FINGERPRINT]})
    assert verdict.authentic and verdict.signer == "known"
    assert verdict.lines()[0].endswith(f"signed by its known key {FINGERPRINT}")


@pytest.mark.parametrize("text", ["AB" * 31, "ZZ" * 32, "", "AB:" * 32 + "CD"])
def test_a_malformed_fingerprint_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a key fingerprint"):
        normalise_fingerprint(text)
