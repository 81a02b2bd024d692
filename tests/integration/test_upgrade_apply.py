"""The host's side of an upgrade (``python -m vedette_server.upgrade.apply``, run as
root by vedette-upgrade.service) installing real tiny packages with apt-get into a
scratch dpkg root: a bundle a real server handed over is installed, the catalog saved
first and the state SUCCEEDED through the API; a bundle changed after the server's
check, a version dpkg already has, or packages apt cannot install are FAILED with
the reason, and nothing is installed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess
from tests.support.upgrade_bundles import make_bundle, newer_version, skip_without_dpkg, write_keys
from vedette_api.timestamps import now_us
from vedette_api.v1 import system_pb2
from vedette_server.upgrade.handoff import (
    STALE_INSTALLING_S,
    UpgradeDir,
    UpgradeState,
    read_status,
    write_json,
    write_result,
)


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """An empty dpkg/apt root: what apt-get needs to install local packages there."""
    skip_without_dpkg()
    if shutil.which("apt-get") is None:
        pytest.skip("apt-get not installed (Debian's apt package): make setup installs it")
    if os.geteuid() != 0:
        pytest.skip("the upgrade service runs as root; so does this test of it")
    root = tmp_path / "root"
    for folder in (
        "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/log/apt",
        "etc/apt/sources.list.d", "etc/apt/preferences.d", "etc/apt/apt.conf.d",
        "var/cache/apt/archives/partial", "var/lib/apt/lists/partial",
    ):  # fmt: skip
        (root / folder).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    (root / "etc/apt/sources.list").touch()
    shutil.copy("/etc/os-release", root / "etc/os-release")
    return root


def apply(data: Path, keys: Path, root: Path) -> subprocess.CompletedProcess[str]:
    """The tool, as the unit runs it but into ``root``."""
    argv = [sys.executable, "-m", "vedette_server.upgrade.apply",
            "--data", str(data), "--keys", str(keys), "--root", str(root)]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=600)


def installed(root: Path) -> str:
    answer = subprocess.run(
        ["dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W", "-f=${Version}", "vedette"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return answer.stdout.strip() if answer.returncode == 0 else ""


def hand_over(directory: UpgradeDir, bundle: Path, version: str) -> None:
    """What the server does after its check (for bundles it would not pass on)."""
    directory.root.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundle, directory.bundle)
    write_json(directory.request, {"request_id": "t", "version": version, "request_time_us": 1})


def test_a_handed_over_bundle_is_installed_after_the_catalog_is_saved(
    server_factory, tmp_path: Path, scratch_root: Path
) -> None:
    keys = write_keys(tmp_path / "keys")
    server: ServerProcess = server_factory("--upgrade-keys", str(keys), volume=False)
    version = newer_version()
    with server.client() as client:
        assert client.upload_upgrade(make_bundle(tmp_path / "b")).state == (
            system_pb2.UPGRADE_STATE_PENDING
        )
        done = apply(server.data, keys, scratch_root)
        assert done.returncode == 0, done.stderr
        status = client.get_upgrade_status()
    assert status.state == system_pb2.UPGRADE_STATE_SUCCEEDED, status.message
    assert (status.bundle_version, status.progress_percent) == (version, 100)
    assert installed(scratch_root) == version
    marker = scratch_root / "usr/share/doc/vedette/upgrade-marker"
    assert marker.read_text() == f"{version}\n"
    # The live catalog was saved, whole, before the install.
    saved = server.data / "backups" / f"pre-{version}" / "catalog.sqlite3"
    with sqlite3.connect(saved) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM account").fetchone()[0] >= 1
    handoff = UpgradeDir(server.data / "upgrade")
    assert not handoff.request.exists() and not handoff.bundle.exists()
    assert not handoff.claimed.exists()
    # The same bundle again: dpkg already has that version, whatever the server said.
    hand_over(handoff, make_bundle(tmp_path / "again"), version)
    assert apply(server.data, keys, scratch_root).returncode == 1
    again = read_status(handoff)
    assert again.state == "failed" and "refused by the host" in again.message
    assert "not newer" in again.message


def test_a_bundle_changed_after_the_servers_check_is_refused_by_the_host(
    tmp_path: Path, scratch_root: Path
) -> None:
    keys = write_keys(tmp_path / "keys")
    data = tmp_path / "data"
    handoff = UpgradeDir(data / "upgrade")
    good = make_bundle(tmp_path / "good")
    changed = bytearray(good.read_bytes())
    changed[changed.rindex(b"data.tar") + 200] ^= 0x01
    (tmp_path / "changed.vup").write_bytes(bytes(changed))
    hand_over(handoff, tmp_path / "changed.vup", newer_version())
    done = apply(data, keys, scratch_root)
    assert done.returncode == 1
    state = read_status(handoff)
    assert state.state == "failed"
    assert "refused by the host" in state.message and "SHA-256" in state.message
    assert installed(scratch_root) == ""
    assert not handoff.request.exists() and not handoff.bundle.exists()
    assert not (data / "backups").exists()


def test_packages_apt_cannot_install_fail_and_leave_the_old_version(
    tmp_path: Path, scratch_root: Path
) -> None:
    keys = write_keys(tmp_path / "keys")
    data = tmp_path / "data"
    handoff = UpgradeDir(data / "upgrade")
    bundle = make_bundle(tmp_path / "dep", depends="vedette-no-such-package (>= 9)")
    hand_over(handoff, bundle, newer_version())
    assert apply(data, keys, scratch_root).returncode == 1
    state = read_status(handoff)
    assert state.state == "failed"
    assert "apt-get failed" in state.message and "previous version keeps running" in state.message
    assert installed(scratch_root) == ""


def test_a_run_killed_while_installing_is_said_failed(tmp_path: Path) -> None:
    handoff = UpgradeDir(tmp_path / "upgrade")
    handoff.root.mkdir()
    write_result(handoff, UpgradeState("installing", "9", "installing the packages", 30, now_us()))
    argv = [sys.executable, "-m", "vedette_server.upgrade.apply",
            "--upgrade-dir", str(handoff.root), "--finish-interrupted"]  # fmt: skip
    assert subprocess.run(argv, capture_output=True, timeout=120).returncode == 0
    state = read_status(handoff)
    assert (state.state, state.bundle_version) == ("failed", "9")
    assert "stopped before it finished" in state.message


def test_an_installation_with_no_news_for_an_hour_is_said_failed(tmp_path: Path) -> None:
    """A run that died with the machine (power cut: no ExecStopPost) blocks nothing."""
    handoff = UpgradeDir(tmp_path / "upgrade")
    handoff.root.mkdir()
    started_us = now_us()
    write_result(
        handoff, UpgradeState("installing", "9", "installing the packages", 30, started_us)
    )
    assert read_status(handoff, started_us + (STALE_INSTALLING_S - 1) * 10**6).busy
    late = read_status(handoff, started_us + (STALE_INSTALLING_S + 1) * 10**6)
    assert late.state == "failed" and "stopped during the installation" in late.message
