"""An upgrade bundle's manifest and its signature (installers/upgrade/README.md).

``manifest.json`` is signed as its exact bytes: it is parsed only after
``check_signature`` accepted them, so nothing an attacker wrote is interpreted
before the key is. ``manifest.sig`` is JSON: the signing key's id (the SHA-256
fingerprint of its raw Ed25519 public key, as ``vedette verify`` shows keys) and
the base64 signature.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

from vedette_api.evidence import key_fingerprint
from vedette_server.upgrade import debian_version
from vedette_server.upgrade.refusal import UpgradeRefused

FORMAT: Final = 1
MANIFEST_NAME: Final = "manifest.json"
SIGNATURE_NAME: Final = "manifest.sig"
POOL: Final = "pool/"
MAX_MANIFEST_BYTES: Final = 1024 * 1024
MAX_SIGNATURE_BYTES: Final = 4096
MAX_PACKAGES: Final = 200
#: A package file's name in the pool: Debian's ``name_version_arch.deb`` characters.
_DEB_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+~_-]{0,200}\.deb$")
_WORD = re.compile(r"^[a-z0-9][a-z0-9.+-]{0,63}$")


@dataclass(frozen=True)
class PackageFile:
    """One ``pool/`` file as the manifest describes it."""

    name: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Manifest:
    version: str
    debian_release: str
    arch: str
    min_from_version: str
    packages: tuple[PackageFile, ...]

    def to_bytes(self) -> bytes:
        """The manifest as signed: sorted keys, UTF-8, one trailing newline."""
        value = {
            "format": FORMAT,
            "version": self.version,
            "debian_release": self.debian_release,
            "arch": self.arch,
            "min_from_version": self.min_from_version,
            "packages": [
                {"name": p.name, "sha256": p.sha256, "size": p.size_bytes} for p in self.packages
            ],
        }
        return (json.dumps(value, indent=2, sort_keys=True) + "\n").encode()


def key_id(public_key: Ed25519PublicKey) -> str:
    return key_fingerprint(public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign(manifest_bytes: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """``manifest.sig`` for ``manifest_bytes``."""
    signature = base64.b64encode(private_key.sign(manifest_bytes)).decode()
    value = {"key_id": key_id(private_key.public_key()), "signature": signature}
    return (json.dumps(value, sort_keys=True) + "\n").encode()


def load_trusted_keys(directory: Path) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 public keys (PEM ``*.pub``) of ``directory`` by key id. Blocks.
    ``UpgradeRefused(UPGRADE_NOT_SUPPORTED)`` when there is none: a server without
    keys cannot take upgrades."""
    keys: dict[str, Ed25519PublicKey] = {}
    paths = sorted(directory.glob("*.pub")) if directory.is_dir() else []
    for path in paths:
        try:
            key = load_pem_public_key(path.read_bytes())
        except (OSError, ValueError):
            continue  # one unreadable file does not disable the others
        if isinstance(key, Ed25519PublicKey):
            keys[key_id(key)] = key
    if not keys:
        raise UpgradeRefused(
            "UPGRADE_NOT_SUPPORTED",
            f"this server takes no upgrades: no upgrade key (*.pub) in {directory}"
            " (installed by the Debian package)",
            keys=str(directory),
        )
    return keys


def check_signature(
    manifest_bytes: bytes, signature_bytes: bytes | None, keys: dict[str, Ed25519PublicKey]
) -> str:
    """The id of the trusted key that signed ``manifest_bytes``;
    ``UpgradeRefused(UPGRADE_BAD_SIGNATURE)`` otherwise."""
    if signature_bytes is None:
        raise UpgradeRefused("UPGRADE_BAD_SIGNATURE", "the bundle is not signed (no manifest.sig)")
    try:
        value = json.loads(signature_bytes)
        signer, signature = (
            str(value["key_id"]),
            base64.b64decode(value["signature"], validate=True),
        )
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise UpgradeRefused(
            "UPGRADE_BAD_SIGNATURE", "the bundle's manifest.sig is not a signature"
        ) from None
    key = keys.get(signer)
    if key is None:
        raise UpgradeRefused(
            "UPGRADE_BAD_SIGNATURE",
            f"the bundle is signed with key {signer[:23]}…, which this server does not trust",
            key_id=signer,
        )
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise UpgradeRefused(
            "UPGRADE_BAD_SIGNATURE",
            "the bundle's signature does not match its manifest (changed after signing)",
            key_id=signer,
        ) from None
    return signer


def _text(value: dict[str, Any], name: str, pattern: re.Pattern[str] | None = None) -> str:
    field = value.get(name)
    if not isinstance(field, str) or (pattern is not None and not pattern.match(field)):
        raise ValueError(f"{name} is missing or malformed")
    return field


def parse(manifest_bytes: bytes) -> Manifest:
    """The signed manifest's content; ``UpgradeRefused(UPGRADE_TAMPERED)`` when it is
    not a manifest of this format (signed, so made wrong, not changed)."""
    try:
        value = json.loads(manifest_bytes)
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT}")
        version = _text(value, "version")
        min_from = _text(value, "min_from_version")
        for name, text in (("version", version), ("min_from_version", min_from)):
            if not debian_version.is_valid(text):
                raise ValueError(f"{name} {text!r} is not a Debian version")
        entries = value.get("packages")
        if not isinstance(entries, list) or not 0 < len(entries) <= MAX_PACKAGES:
            raise ValueError(f"packages is not a list of 1 to {MAX_PACKAGES}")
        packages = tuple(_package(entry) for entry in entries)
        if len({p.name for p in packages}) != len(packages):
            raise ValueError("a package is listed twice")
        return Manifest(
            version=version,
            debian_release=_text(value, "debian_release", _WORD),
            arch=_text(value, "arch", _WORD),
            min_from_version=min_from,
            packages=packages,
        )
    except (ValueError, TypeError) as error:
        raise UpgradeRefused(
            "UPGRADE_TAMPERED", f"the bundle's manifest is not valid: {error}"
        ) from None


def _package(entry: object) -> PackageFile:
    if not isinstance(entry, dict):
        raise ValueError("a package entry is not an object")
    name = _text(entry, "name", _DEB_NAME)
    digest = _text(entry, "sha256", re.compile(r"^[0-9a-f]{64}$"))
    size = entry.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise ValueError(f"package {name}: size is not a positive integer")
    return PackageFile(name, digest, size)
