"""Evidence integrity (EXP-06): the signed manifest every export carries, and its check.

A manifest lists every file of an export with its size and SHA-256, and for native
exports a hash chain over the segment files in recording order (in the spirit of
ONVIF Media Signing: a removed, reordered or inserted segment breaks the chain). It
is signed with the exporting server's Ed25519 key and holds that key, so anyone can
check it without the server. The signature proves the files are unchanged since the
holder of that key signed them; it does not prove *which* server that was, since
anyone can re-sign a changed export with a key of their own and keep the server id.
Only comparing the key with the server's (``GetServerInfo.signing_key_fingerprint``:
given as ``expected_key``, or learnt from a connection, ``known_keys``) does. So a
verdict is one of three:

- **authentic**: intact, and signed by the key expected or known for its server;
- **unknown signer** (``unproven``): intact, but signed by a key nothing vouches for:
  "not proven to come from server X";
- **not authentic**: anything changed, added or removed, a bad signature, or a key
  other than the one expected or known for that server.

The signed file, ``*.vsig``, is JSON: ``{"manifest": {...}, "signature": base64}``;
the signature covers the manifest's canonical JSON (sorted keys, no spaces, UTF-8).
A single-file export (a task's file, or a streamed one: ``vedette export --out``
writes the signature the server sends after the file's last byte) has
``<file>.vsig`` beside it, and that signature covers that file, whatever name the
manifest gave it when exported: a file renamed together with its ``.vsig`` still
verifies, as its content is what was signed. A folder export has ``manifest.vsig``
in it, covering every other file of the folder by name.

This module lives in the SDK (not the server) so ``vedette verify`` works offline;
the server signs with :func:`sign_manifest`. Verification is blocking file I/O.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MANIFEST_FORMAT: Final = "vedette-export-manifest"
MANIFEST_VERSION: Final = 1
FOLDER_MANIFEST: Final = "manifest.vsig"
SIGNATURE_SUFFIX: Final = ".vsig"
_CHUNK = 1 << 20


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def key_fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw Ed25519 public key, as colon-separated upper-case hex pairs."""
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def normalise_fingerprint(text: str) -> str:
    """A key fingerprint as ``key_fingerprint`` writes it (``AB:CD:…``, 32 pairs), from
    the same with or without colons, in either case. Raises ValueError otherwise."""
    digits = text.strip().replace(":", "").upper()
    if len(digits) != 64 or any(c not in "0123456789ABCDEF" for c in digits):
        raise ValueError(f"{text[:100]!r} is not a key fingerprint (64 hex digits, ':' allowed)")
    return ":".join(digits[i : i + 2] for i in range(0, 64, 2))


def chain_hashes(file_hashes: Iterable[str]) -> list[str]:
    """h₀ = SHA-256(""), hᵢ = SHA-256(hᵢ₋₁ ‖ sha256(segmentᵢ)) as hex: the chain's links."""
    link = hashlib.sha256(b"").hexdigest()
    links = []
    for file_hash in file_hashes:
        link = hashlib.sha256(bytes.fromhex(link) + bytes.fromhex(file_hash)).hexdigest()
        links.append(link)
    return links


def describe_files(root: Path, names: Sequence[str]) -> list[dict[str, Any]]:
    """``{"name", "size_bytes", "sha256"}`` of each file (names relative to ``root``)."""
    return [
        {
            "name": name,
            "size_bytes": (root / name).stat().st_size,
            "sha256": file_sha256(root / name),
        }
        for name in names
    ]


def sign_manifest(manifest: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The ``.vsig`` file's bytes: the manifest with the signer's key, and the signature."""
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signed = dict(manifest, format=MANIFEST_FORMAT, version=MANIFEST_VERSION)
    signed["signer_public_key"] = base64.b64encode(public).decode()
    signature = key.sign(canonical_json(signed))
    document = {"manifest": signed, "signature": base64.b64encode(signature).decode()}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False).encode() + b"\n"


#: How the signer's key compares (``Verdict.signer``).
SIGNER_EXPECTED: Final = "expected"  # the key the caller named
SIGNER_KNOWN: Final = "known"  # a key known for the manifest's server
SIGNER_UNKNOWN: Final = "unknown"  # nothing to compare it with
SIGNER_OTHER: Final = "other"  # not the key expected or known: a problem


@dataclass
class Verdict:
    """What a check found: ``authentic``, ``unproven`` (intact, unknown signer), or
    neither (not authentic)."""

    signed_file: Path
    signer_fingerprint: str = ""
    server_id: str = ""
    #: SIGNER_EXPECTED, SIGNER_KNOWN, SIGNER_UNKNOWN or SIGNER_OTHER.
    signer: str = SIGNER_UNKNOWN
    #: The key(s) it was compared with (expected, or known for ``server_id``).
    trusted_fingerprints: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    files_checked: int = 0
    #: What the manifest says was burnt into the pictures (privacy masks, watermark),
    #: in words; empty for an export of the recording as it was.
    burnt_in: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Nothing changed, added or removed, the signature holds, and no key
        expected or known for the server contradicts the signer's."""
        return not (self.problems or self.changed or self.removed or self.added)

    @property
    def authentic(self) -> bool:
        """Intact, and signed by the key expected or known for its server."""
        return self.intact and self.signer in (SIGNER_EXPECTED, SIGNER_KNOWN)

    @property
    def unproven(self) -> bool:
        """Intact, but signed by a key nothing vouches for."""
        return self.intact and self.signer == SIGNER_UNKNOWN

    def lines(self) -> list[str]:
        """What to tell a person, one finding per line."""
        if self.authentic:
            how = "the key given" if self.signer == SIGNER_EXPECTED else "its known key"
            return [
                f"authentic: {self.files_checked} file(s) as exported by server"
                f" {self.server_id}, signed by {how} {self.signer_fingerprint}",
                *self.burnt_in,
            ]
        if self.unproven:
            return [
                f"intact but signed by an unknown key {self.signer_fingerprint}; not proven"
                f" to come from server {self.server_id} ({self.files_checked} file(s)"
                " unchanged since that key signed them)",
                *self.burnt_in,
            ]
        out = [f"NOT authentic ({self.signed_file}):", *self.problems]
        out += [f"changed: {name}" for name in self.changed]
        out += [f"removed: {name}" for name in self.removed]
        out += [f"added: {name}" for name in self.added]
        return out


def _signed_file_for(path: Path) -> tuple[Path, Path]:
    """(the .vsig, the folder its names are relative to) for a file, folder or .vsig."""
    if path.is_dir():
        return path / FOLDER_MANIFEST, path
    if path.name.endswith(SIGNATURE_SUFFIX):
        return path, path.parent
    return path.with_name(path.name + SIGNATURE_SUFFIX), path.parent


def verify(
    path: Path,
    *,
    expected_key: str | None = None,
    known_keys: Mapping[str, Collection[str]] | None = None,
) -> Verdict:
    """Check an export (a file, its ``.vsig``, or an export folder). Blocking.

    ``expected_key`` (a fingerprint, see ``normalise_fingerprint``) requires the
    signer to be that key. Without it, ``known_keys`` (server id → fingerprints, as
    learnt from connections) requires the signer to be one of its server's keys when
    that server is known. A signer compared with nothing leaves the verdict
    ``unproven``: a manifest replaced by someone with their own key is intact too.
    """
    signed_path, root = _signed_file_for(path)
    verdict = Verdict(signed_path)
    try:
        document = json.loads(signed_path.read_bytes())
        manifest = document["manifest"]
        signature = base64.b64decode(document["signature"], validate=True)
        public = base64.b64decode(manifest["signer_public_key"], validate=True)
    except FileNotFoundError:
        verdict.problems.append(f"no signed manifest: {signed_path} is missing")
        return verdict
    except (OSError, ValueError, KeyError, TypeError) as error:
        verdict.problems.append(f"the manifest {signed_path.name} is unreadable: {error}")
        return verdict
    verdict.signer_fingerprint = key_fingerprint(public)
    verdict.server_id = str(manifest.get("server_id", ""))
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, canonical_json(manifest))
    except (InvalidSignature, ValueError):
        verdict.problems.append("the manifest's signature does not match it: it was changed")
        return verdict
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("version") != MANIFEST_VERSION:
        verdict.problems.append("not a Vedette export manifest of a version this tool reads")
        return verdict
    _compare_signer(verdict, expected_key, known_keys)
    _check_files(manifest, root, signed_path, verdict)
    verdict.burnt_in = _burnt_in(manifest)
    return verdict


def _burnt_in(manifest: Mapping[str, Any]) -> list[str]:
    """The manifest's account of what the server burnt into the pictures (manifests
    from before privacy masks have none)."""
    listed = manifest.get("burnt_in")
    per_file = dict(listed) if isinstance(listed, dict) else {}
    if "privacy_masks" in manifest or "watermark" in manifest:
        for entry in manifest.get("files", []):
            per_file[str(entry["name"])] = manifest
    lines = []
    for name, fields in sorted(per_file.items()):
        if not isinstance(fields, Mapping):
            continue
        said = []
        if fields.get("privacy_masks"):
            said.append(f"{fields['privacy_masks']} privacy mask(s) burnt in")
        if fields.get("watermark"):
            said.append(f"watermark {fields['watermark']!r} burnt in")
        if said:
            lines.append(f"{name}: re-encoded, " + ", ".join(said))
    for snapshot in manifest.get("snapshots", []):
        if snapshot.get("privacy_masks"):
            lines.append(
                f"snapshot {snapshot.get('id')}: {snapshot['privacy_masks']} privacy mask(s)"
                " burnt in"
            )
    return lines


def _compare_signer(
    verdict: Verdict, expected_key: str | None, known_keys: Mapping[str, Collection[str]] | None
) -> None:
    signer = verdict.signer_fingerprint
    if expected_key is not None:
        expected = normalise_fingerprint(expected_key)
        verdict.trusted_fingerprints = [expected]
        verdict.signer = SIGNER_EXPECTED if signer == expected else SIGNER_OTHER
        if verdict.signer == SIGNER_OTHER:
            verdict.problems.append(f"signed by key {signer}, not by the expected {expected}")
        return
    known = [normalise_fingerprint(k) for k in (known_keys or {}).get(verdict.server_id, ())]
    verdict.trusted_fingerprints = known
    if not known:
        verdict.signer = SIGNER_UNKNOWN
    elif signer in known:
        verdict.signer = SIGNER_KNOWN
    else:
        verdict.signer = SIGNER_OTHER
        verdict.problems.append(
            f"signed by key {signer}, but server {verdict.server_id}'s key is"
            f" {' or '.join(known)}: re-signed by someone else"
        )


def _file_beside(signed_path: Path, listed: Mapping[str, Any]) -> str | None:
    """The file a single-file signature ``<file>.vsig`` covers: ``<file>``, whatever
    name its manifest gives it; None for a folder's manifest."""
    name = signed_path.name
    if name == FOLDER_MANIFEST or len(listed) != 1 or not name.endswith(SIGNATURE_SUFFIX):
        return None
    return name[: -len(SIGNATURE_SUFFIX)] or None


def _check_files(manifest: dict[str, Any], root: Path, signed_path: Path, verdict: Verdict) -> None:
    listed = {str(entry["name"]): entry for entry in manifest.get("files", [])}
    beside = _file_beside(signed_path, listed)
    for listed_name, entry in listed.items():
        name = beside or listed_name
        target = root / name
        if not target.is_file():
            verdict.removed.append(name)
            continue
        verdict.files_checked += 1
        if target.stat().st_size != entry["size_bytes"] or file_sha256(target) != entry["sha256"]:
            verdict.changed.append(name)
    chain = manifest.get("chain")
    if chain:
        hashes = [listed[name]["sha256"] for name in chain["files"] if name in listed]
        if len(hashes) != len(chain["files"]) or chain_hashes(hashes)[-1:] != [chain["head"]]:
            verdict.problems.append("the segment chain is broken")
    if signed_path.name == FOLDER_MANIFEST:
        present = {
            str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p != signed_path
        }
        verdict.added = sorted(present - set(listed))
