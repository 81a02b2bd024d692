"""Real upgrade bundles for tests: tiny ``vedette`` Debian packages built with
``dpkg-deb --build`` from a scratch tree, signed with the repository's test key
(installers/upgrade/test-key.pem) or a throw-away one.

Blocking. ``skip_without_dpkg`` skips a test on a machine without dpkg-deb.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vedette_server.upgrade.bundle import build_bundle, load_private_key
from vedette_server.upgrade.host import detect_target, running_version

REPO = Path(__file__).resolve().parents[2]
TEST_KEY = REPO / "installers" / "upgrade" / "test-key.pem"


def skip_without_dpkg() -> None:
    for tool in ("dpkg", "dpkg-deb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed (Debian's dpkg package): make setup installs it")


def newer_version() -> str:
    """A version above the one this checkout runs."""
    return f"{running_version()}+1"


def make_deb(
    workdir: Path,
    version: str,
    *,
    arch: str | None = None,
    padding_bytes: int = 0,
    depends: str = "",
) -> Path:
    """A ``vedette`` package of ``version`` holding /usr/share/doc/vedette/upgrade-marker
    (its version) and ``padding_bytes`` of random data (incompressible), depending on
    ``depends`` (a Depends field's value) when given."""
    arch = arch or detect_target().arch
    tree = workdir / f"tree-{version}-{arch}"
    (tree / "DEBIAN").mkdir(parents=True)
    doc = tree / "usr/share/doc/vedette"
    doc.mkdir(parents=True)
    (doc / "upgrade-marker").write_text(f"{version}\n")
    if padding_bytes:
        (doc / "padding").write_bytes(os.urandom(padding_bytes))
    (tree / "DEBIAN/control").write_text(
        f"Package: vedette\nVersion: {version}\nArchitecture: {arch}\n"
        + (f"Depends: {depends}\n" if depends else "")
        + "Maintainer: Vedette tests <tests@example.org>\n"
        "Description: upgrade test package\n tiny package for the upgrade tests\n"
    )
    deb = workdir / f"vedette_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(tree), str(deb)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return deb


def make_bundle(
    workdir: Path,
    *,
    version: str | None = None,
    arch: str | None = None,
    release: str | None = None,
    key: Ed25519PrivateKey | None = None,
    padding_bytes: int = 0,
    depends: str = "",
) -> Path:
    """A bundle of one ``vedette`` package, for this host unless told otherwise."""
    target = detect_target()
    version = version or newer_version()
    arch = arch or target.arch
    out = workdir / f"bundle-{version}-{arch}-{release or target.release}"
    out.mkdir(parents=True, exist_ok=True)
    deb = make_deb(out, version, arch=arch, padding_bytes=padding_bytes, depends=depends)
    return build_bundle(
        [deb],
        key or load_private_key(TEST_KEY),
        out,
        version=version,
        release=release or target.release,
        arch=arch,
    )


def write_keys(directory: Path, key: Ed25519PrivateKey | None = None) -> Path:
    """``directory`` holding the public half of ``key`` (default: the test key)."""
    directory.mkdir(parents=True, exist_ok=True)
    public = (key or load_private_key(TEST_KEY)).public_key()
    pem = public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    (directory / "vedette-test.pub").write_bytes(pem)
    return directory


def rewrite_bundle(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """A copy of the bundle ``source`` with members replaced (None: removed)."""
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old.getmembers():
            if member.name in replace:
                data = replace[member.name]
                if data is None:
                    continue
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
            else:
                new.addfile(member, old.extractfile(member))
    return target


def member_bytes(bundle: Path, name: str) -> bytes:
    with tarfile.open(bundle) as tar:
        file = tar.extractfile(name)
        assert file is not None
        return file.read()
