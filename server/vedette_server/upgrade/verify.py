"""The one check of an upgrade bundle, run by the server when it receives one and
again by the root service before installing (which never trusts the server).

Order: the signature over the manifest's exact bytes first (nothing unsigned is
interpreted), then every pool file against its signed size and SHA-256 (no file
missing, none added), then the target (architecture, Debian release) and the
versions (newer than the running one, running one not older than
``min_from_version``). The first failure is the reason given.

Blocking (reads the whole bundle).
"""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path
from typing import IO, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from vedette_server.upgrade import debian_version, manifest
from vedette_server.upgrade.host import HostTarget
from vedette_server.upgrade.manifest import Manifest
from vedette_server.upgrade.refusal import UpgradeRefused

READ_BYTES: Final = 1024 * 1024


def _read_small(tar: tarfile.TarFile, member: tarfile.TarInfo, limit: int) -> bytes:
    if member.size > limit:
        raise UpgradeRefused("UPGRADE_TAMPERED", f"{member.name} is larger than {limit} bytes")
    file = tar.extractfile(member)
    assert file is not None  # a regular file, checked by _members
    return file.read()


def _members(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """The bundle's files by name: only regular files named as the format says."""
    found: dict[str, tarfile.TarInfo] = {}
    for member in tar.getmembers():
        name = member.name
        allowed = name in (manifest.MANIFEST_NAME, manifest.SIGNATURE_NAME) or (
            name.startswith(manifest.POOL) and "/" not in name.removeprefix(manifest.POOL)
        )
        if not member.isreg() or not allowed or name in found:
            raise UpgradeRefused(
                "UPGRADE_TAMPERED", f"the bundle holds {name!r}, which no bundle holds"
            )
        found[name] = member
    return found


def _hash_member(tar: tarfile.TarFile, member: tarfile.TarInfo, copy_to: IO[bytes] | None) -> str:
    source = tar.extractfile(member)
    assert source is not None
    digest = hashlib.sha256()
    while chunk := source.read(READ_BYTES):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


def _check_pool(
    tar: tarfile.TarFile,
    members: dict[str, tarfile.TarInfo],
    signed: Manifest,
    extract_to: Path | None,
) -> None:
    pool = {n.removeprefix(manifest.POOL) for n in members if n.startswith(manifest.POOL)}
    listed = {p.name for p in signed.packages}
    if pool != listed:
        extra, missing = sorted(pool - listed), sorted(listed - pool)
        raise UpgradeRefused(
            "UPGRADE_TAMPERED",
            f"the bundle's packages are not the signed ones (added: {', '.join(extra) or 'none'};"
            f" missing: {', '.join(missing) or 'none'})",
        )
    for package in signed.packages:
        member = members[manifest.POOL + package.name]
        if member.size != package.size_bytes:
            raise UpgradeRefused(
                "UPGRADE_TAMPERED",
                f"{package.name} is {member.size} bytes, signed as {package.size_bytes}",
                package=package.name,
            )
        if extract_to is None:
            digest = _hash_member(tar, member, None)
        else:
            with (extract_to / package.name).open("xb") as copy:
                digest = _hash_member(tar, member, copy)
        if digest != package.sha256:
            raise UpgradeRefused(
                "UPGRADE_TAMPERED",
                f"{package.name} is not the signed file (SHA-256 differs)",
                package=package.name,
            )


def check_target(signed: Manifest, target: HostTarget, running: str) -> None:
    """Architecture, release and versions; ``UpgradeRefused`` with the first mismatch."""
    if signed.arch != target.arch:
        raise UpgradeRefused(
            "UPGRADE_WRONG_ARCH",
            f"the bundle is for {signed.arch}; this host is {target.arch}",
            bundle_arch=signed.arch,
            host_arch=target.arch,
        )
    if signed.debian_release != target.release:
        raise UpgradeRefused(
            "UPGRADE_WRONG_RELEASE",
            f"the bundle is for Debian {signed.debian_release}; this host runs {target.release}",
            bundle_release=signed.debian_release,
            host_release=target.release,
        )
    if not debian_version.is_newer(signed.version, running):
        raise UpgradeRefused(
            "UPGRADE_DOWNGRADE",
            f"the bundle's version {signed.version} is not newer than the running {running}",
            bundle_version=signed.version,
            running_version=running,
        )
    if debian_version.is_newer(signed.min_from_version, running):
        raise UpgradeRefused(
            "UPGRADE_TOO_OLD",
            f"version {signed.version} upgrades from {signed.min_from_version} or later;"
            f" this server runs {running}: install the versions between first",
            min_from_version=signed.min_from_version,
            running_version=running,
        )


def verify_bundle(
    path: Path,
    keys: dict[str, Ed25519PublicKey],
    target: HostTarget,
    running: str,
    *,
    extract_to: Path | None = None,
) -> Manifest:
    """The bundle's signed manifest once every check passed; ``UpgradeRefused`` with
    the reason otherwise. ``extract_to``: also write the pool files there as they are
    hashed (so what is installed is what was checked); the caller removes them on
    refusal."""
    try:
        with tarfile.open(path, mode="r:") as tar:
            members = _members(tar)
            if manifest.MANIFEST_NAME not in members:
                raise UpgradeRefused("UPGRADE_TAMPERED", "the bundle has no manifest.json")
            manifest_bytes = _read_small(
                tar, members[manifest.MANIFEST_NAME], manifest.MAX_MANIFEST_BYTES
            )
            signature = members.get(manifest.SIGNATURE_NAME)
            signature_bytes = (
                None
                if signature is None
                else _read_small(tar, signature, manifest.MAX_SIGNATURE_BYTES)
            )
            manifest.check_signature(manifest_bytes, signature_bytes, keys)
            signed = manifest.parse(manifest_bytes)
            _check_pool(tar, members, signed, extract_to)
    except (tarfile.TarError, EOFError) as error:
        if "unexpected end" in str(error) or isinstance(error, EOFError):
            raise UpgradeRefused("UPGRADE_TRUNCATED", "the bundle ends early (truncated)") from None
        raise UpgradeRefused(
            "UPGRADE_TAMPERED", f"the file is not an upgrade bundle ({error})"
        ) from None
    check_target(signed, target, running)
    return signed
