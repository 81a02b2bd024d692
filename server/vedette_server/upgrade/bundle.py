"""Make and check upgrade bundles: ``python -m vedette_server.upgrade.bundle make
--key KEY.pem --out DIR PACKAGE.deb…`` (``make bundle``), ``… verify BUNDLE --keys DIR``.

A bundle is an uncompressed tar (the packages are compressed already) of
``manifest.json``, ``manifest.sig`` and ``pool/*.deb``, in that order. Its version,
architecture and release default to the ``vedette`` package's and this host's; the
key is the release key, kept offline (installers/upgrade/README.md), or the test key.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from vedette_server.upgrade import manifest, verify
from vedette_server.upgrade.host import detect_target, running_version
from vedette_server.upgrade.manifest import Manifest, PackageFile
from vedette_server.upgrade.refusal import UpgradeRefused

SUFFIX = ".vup"


def deb_fields(deb: Path) -> dict[str, str]:
    """The package's Package, Version and Architecture (``dpkg-deb -f``). Blocks."""
    names = ("Package", "Version", "Architecture")
    output = subprocess.run(
        ["dpkg-deb", "-f", str(deb), *names], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    fields = {}
    for line in output.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value.strip()
    return fields


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(verify.READ_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    tar.addfile(info, io.BytesIO(data))


def build_bundle(
    debs: Sequence[Path],
    key: Ed25519PrivateKey,
    out_dir: Path,
    *,
    version: str,
    release: str,
    arch: str,
    min_from_version: str = "0",
) -> Path:
    """Write ``vedette-<version>-<release>-<arch>.vup`` of ``debs`` signed with ``key``
    into ``out_dir``; its path. Blocks."""
    packages = tuple(PackageFile(d.name, _sha256(d), d.stat().st_size) for d in debs)
    signed = Manifest(version, release, arch, min_from_version, packages).to_bytes()
    manifest.parse(signed)  # refuses what the server would refuse as malformed
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"vedette-{version}-{release}-{arch}{SUFFIX}"
    with tarfile.open(path, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, manifest.MANIFEST_NAME, signed)
        _add(tar, manifest.SIGNATURE_NAME, manifest.sign(signed, key))
        for deb in debs:
            tar.add(deb, arcname=manifest.POOL + deb.name, recursive=False)
    return path


def _defaults(debs: Sequence[Path]) -> tuple[str, str]:
    """The ``vedette`` package's version and the packages' architecture (not ``all``)."""
    fields = [deb_fields(deb) for deb in debs]
    versions = [f["Version"] for f in fields if f.get("Package") == "vedette"]
    arches = {f["Architecture"] for f in fields} - {"all"}
    if len(versions) != 1 or len(arches) > 1:
        raise ValueError("give --version and --arch: the packages do not say them plainly")
    return versions[0], arches.pop() if arches else "all"


def _make(args: argparse.Namespace) -> int:
    debs = [Path(d) for d in args.debs]
    missing = [str(d) for d in debs if not d.is_file()]
    if missing or not debs:
        print(f"bundle: no such package: {', '.join(missing) or 'none given'}", file=sys.stderr)
        return 1
    if shutil.which("dpkg-deb") is None and not (args.version and args.arch):
        print("bundle: dpkg-deb is missing: give --version and --arch", file=sys.stderr)
        return 1
    version, arch = (args.version, args.arch) if args.version and args.arch else _defaults(debs)
    release = args.release or detect_target().release
    path = build_bundle(
        debs,
        load_private_key(Path(args.key)),
        Path(args.out),
        version=args.version or version,
        release=release,
        arch=args.arch or arch,
        min_from_version=args.min_from_version,
    )
    print(path)
    return 0


def _verify(args: argparse.Namespace) -> int:
    keys = manifest.load_trusted_keys(Path(args.keys))
    signed = verify.verify_bundle(Path(args.bundle), keys, detect_target(), running_version())
    print(f"{args.bundle}: version {signed.version} for {signed.debian_release}/{signed.arch}, ok")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vedette_server.upgrade.bundle")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="sign a bundle of Debian packages")
    make.add_argument("--key", required=True, help="the Ed25519 private key (PEM)")
    make.add_argument("--out", required=True, help="directory the bundle is written to")
    make.add_argument("--version", help="default: the vedette package's version")
    make.add_argument("--arch", help="default: the packages' architecture")
    make.add_argument("--release", help="Debian code name; default: this host's")
    make.add_argument("--min-from-version", default="0", help="oldest version it upgrades")
    make.add_argument("debs", nargs="*", metavar="PACKAGE.deb")
    check = commands.add_parser("verify", help="check a bundle as this host's server would")
    check.add_argument("bundle")
    check.add_argument("--keys", default="/usr/share/vedette/keys")
    args = parser.parse_args(argv)
    try:
        return _make(args) if args.command == "make" else _verify(args)
    except (UpgradeRefused, ValueError, OSError, subprocess.CalledProcessError) as error:
        print(f"bundle: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
