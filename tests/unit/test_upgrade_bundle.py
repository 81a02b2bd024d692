"""Upgrade bundles (SYS-06) made from real tiny Debian packages: a good one passes the
check the server and the host's service run; each kind of bad one is refused with its
reason, checked in the order the format says (signature, files, target, versions)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from tests.support.upgrade_bundles import (
    TEST_KEY,
    make_bundle,
    make_deb,
    member_bytes,
    newer_version,
    rewrite_bundle,
    skip_without_dpkg,
    write_keys,
)

from vedette_server.upgrade import debian_version, manifest
from vedette_server.upgrade.bundle import main as bundle_main
from vedette_server.upgrade.host import detect_target, running_version
from vedette_server.upgrade.refusal import UpgradeRefused
from vedette_server.upgrade.verify import verify_bundle

REPO = Path(__file__).resolve().parents[2]
Keys = dict[str, Ed25519PublicKey]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    skip_without_dpkg()
    return make_bundle(tmp_path_factory.mktemp("good"))


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return manifest.load_trusted_keys(write_keys(tmp_path_factory.mktemp("keys")))


def refusal(bundle: Path, keys: Keys, running: str | None = None) -> str:
    with pytest.raises(UpgradeRefused) as info:
        verify_bundle(bundle, keys, detect_target(), running or running_version())
    return info.value.reason


def test_a_good_bundle_passes_and_its_packages_are_extracted_as_checked(
    good: Path,
    keys: Keys,
    tmp_path: Path,
) -> None:
    signed = verify_bundle(good, keys, detect_target(), running_version(), extract_to=tmp_path)
    assert signed.version == newer_version()
    (package,) = signed.packages
    extracted = tmp_path / package.name
    assert extracted.stat().st_size == package.size_bytes
    assert extracted.read_bytes() == member_bytes(good, f"pool/{package.name}")


def test_one_flipped_byte_in_a_package_is_tampering(good: Path, keys: Keys, tmp_path: Path) -> None:
    data = bytearray(good.read_bytes())
    deb_name = f"pool/vedette_{newer_version()}_{detect_target().arch}.deb"
    offset = data.rindex(b"data.tar") + 200  # inside the package's payload
    data[offset] ^= 0x01
    flipped = tmp_path / "flipped.vup"
    flipped.write_bytes(bytes(data))
    assert member_bytes(flipped, deb_name) != member_bytes(good, deb_name)
    assert refusal(flipped, keys) == "UPGRADE_TAMPERED"


def test_a_changed_manifest_breaks_the_signature(good: Path, keys: Keys, tmp_path: Path) -> None:
    text = member_bytes(good, "manifest.json").replace(
        b'"min_from_version": "0"', b'"min_from_version": "1"'
    )
    bundle = rewrite_bundle(good, tmp_path / "m.vup", {"manifest.json": text})
    assert refusal(bundle, keys) == "UPGRADE_BAD_SIGNATURE"


def test_a_swapped_package_of_the_same_name_is_tampering(
    good: Path,
    keys: Keys,
    tmp_path: Path,
) -> None:
    version, arch = newer_version(), detect_target().arch
    other = make_deb(tmp_path, version, arch=arch, padding_bytes=10)
    bundle = rewrite_bundle(
        good, tmp_path / "swapped.vup", {f"pool/vedette_{version}_{arch}.deb": other.read_bytes()}
    )
    assert refusal(bundle, keys) == "UPGRADE_TAMPERED"


def test_an_added_or_strangely_named_file_is_tampering(
    good: Path, keys: Keys, tmp_path: Path
) -> None:
    for name in ("pool/extra.deb", "../escape", "pool/sub/x.deb"):
        bundle = tmp_path / "extra.vup"
        bundle.write_bytes(good.read_bytes())
        with tarfile.open(bundle, "a") as tar:
            info = tarfile.TarInfo(name)
            info.size = 0
            tar.addfile(info)
        assert refusal(bundle, keys) == "UPGRADE_TAMPERED", name


def test_an_unsigned_bundle_or_one_signed_by_another_key_is_refused(
    good: Path,
    keys: Keys,
    tmp_path: Path,
) -> None:
    unsigned = rewrite_bundle(good, tmp_path / "unsigned.vup", {"manifest.sig": None})
    assert refusal(unsigned, keys) == "UPGRADE_BAD_SIGNATURE"
    stranger = make_bundle(tmp_path / "stranger", key=Ed25519PrivateKey.generate())
    assert refusal(stranger, keys) == "UPGRADE_BAD_SIGNATURE"


def test_an_older_or_equal_version_is_a_downgrade(keys: Keys, tmp_path: Path) -> None:
    skip_without_dpkg()
    older = make_bundle(tmp_path / "old", version="0.0.1")
    assert refusal(older, keys) == "UPGRADE_DOWNGRADE"
    same = make_bundle(tmp_path / "same", version=newer_version())
    assert refusal(same, keys, running=newer_version()) == "UPGRADE_DOWNGRADE"


def test_another_architecture_or_release_is_refused(keys: Keys, tmp_path: Path) -> None:
    skip_without_dpkg()
    other_arch = "arm64" if detect_target().arch != "arm64" else "amd64"
    assert refusal(make_bundle(tmp_path / "a", arch=other_arch), keys) == "UPGRADE_WRONG_ARCH"
    other_release = "trixie" if detect_target().release != "trixie" else "bookworm"
    wrong = make_bundle(tmp_path / "r", release=other_release)
    assert refusal(wrong, keys) == "UPGRADE_WRONG_RELEASE"


def test_a_truncated_bundle_is_refused_as_truncated(good: Path, keys: Keys, tmp_path: Path) -> None:
    with tarfile.open(good) as tar:
        deb = tar.getmembers()[-1]
    cut = tmp_path / "cut.vup"  # (what follows the last file is padding, not content)
    cut.write_bytes(good.read_bytes()[: deb.offset_data + deb.size // 2])
    assert refusal(cut, keys) == "UPGRADE_TRUNCATED"
    garbage = tmp_path / "garbage.vup"
    garbage.write_bytes(b"not a tar file at all" * 100)
    assert refusal(garbage, keys) == "UPGRADE_TAMPERED"


def test_a_server_without_keys_takes_no_upgrades(tmp_path: Path) -> None:
    with pytest.raises(UpgradeRefused) as info:
        manifest.load_trusted_keys(tmp_path / "missing")
    assert info.value.reason == "UPGRADE_NOT_SUPPORTED"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("0.1.0", "0.1.0+1"),
        ("0.2~rc1", "0.2"),
        ("0.2", "0.2-1"),
        ("0.2-1", "0.2-2"),
        ("1.9", "1.10"),
        ("9.9", "1:0.1"),
        ("0.1.0", "0.1.0a"),
        ("0.1.0-1~bpo1", "0.1.0-1"),
    ],
)
def test_debian_version_order_matches_dpkg(a: str, b: str) -> None:
    assert debian_version.compare_python(a, b) == -1
    assert debian_version.compare_python(b, a) == 1
    assert debian_version.compare_python(a, a) == 0
    if debian_version.shutil.which("dpkg"):
        assert debian_version.is_newer(b, a) and not debian_version.is_newer(a, b)


def test_make_bundle_command_line_signs_a_bundle_the_server_accepts(
    keys: Keys,
    tmp_path: Path,
) -> None:
    skip_without_dpkg()
    deb = make_deb(tmp_path, newer_version())
    out = tmp_path / "dist"
    # The command line `make bundle` runs (Makefile), defaults read from the package.
    done = subprocess.run(
        [sys.executable, "-m", "vedette_server.upgrade.bundle", "make",
         "--key", str(TEST_KEY), "--out", str(out), str(deb)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (bundle,) = out.glob("*.vup")
    assert Path(done.stdout.strip()) == bundle
    assert verify_bundle(bundle, keys, detect_target(), running_version()).version == (
        newer_version()
    )
    assert bundle_main(["make", "--key", str(TEST_KEY), "--out", str(out), "/no/such.deb"]) == 1
