"""The host's side of an upgrade, run as root by ``vedette-upgrade.service`` when the
server has written ``request.json`` (``python -m vedette_server.upgrade.apply``).

Never trusts the unprivileged server: the bundle is copied into a private directory
first and verified again there (signature, hashes, target, no downgrade against
the version dpkg says is installed); what is installed is the copy that was checked.
Then the catalog is saved with SQLite's online backup API to
``DATA/backups/pre-<version>/``, and ``apt-get install --no-download`` installs the
pool with the configuration files kept (confold). The package's maintainer scripts
stop the old server before unpacking and start the new one after
(``dh_installsystemd --no-restart-after-upgrade``), so old and new code never run
together; this tool then waits for the server's unit to be active again.

``result.json`` says each step (INSTALLING with its progress) and the end
(SUCCEEDED, or FAILED with why: the old version keeps running when apt refused).
``--root`` installs into another dpkg root (tests); ``--finish-interrupted`` (the
unit's ExecStopPost) turns an INSTALLING left by a killed run into FAILED.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from vedette_api import timestamps
from vedette_server.upgrade import manifest, verify
from vedette_server.upgrade.handoff import (
    UpgradeDir,
    UpgradeState,
    read_json,
    read_status,
    write_result,
)
from vedette_server.upgrade.host import detect_target, running_version
from vedette_server.upgrade.manifest import Manifest
from vedette_server.upgrade.refusal import UpgradeRefused

log = logging.getLogger("vedette.upgrade")
DEFAULT_DATA: Final = Path("/var/lib/vedette")
DEFAULT_KEYS: Final = Path("/usr/share/vedette/keys")
SERVER_UNIT: Final = "vedette-server.service"
#: How long the new server has to be active again after the install.
SERVER_START_BOUND_S: Final = 300.0
INSTALL_BOUND_S: Final = 1800.0


class InstallFailed(Exception):
    """apt-get or the new server failed; the message says how."""


def installed_version(root: Path) -> str:
    """The ``vedette`` package's version in ``root``'s dpkg database, else the running
    Python package's. Blocks."""
    answer = subprocess.run(
        ["dpkg-query", f"--admindir={root / 'var/lib/dpkg'}", "-W", "-f=${Version}", "vedette"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return answer.stdout.strip() if answer.returncode == 0 and answer.stdout.strip() else (
        running_version()
    )  # fmt: skip


def install_command(debs: Sequence[Path], root: Path) -> list[str]:
    """apt-get installing ``debs`` offline, configuration files kept; into ``root``'s
    dpkg database when it is not ``/``."""
    command = [
        "apt-get",
        "install",
        "-y",
        "--no-download",
        "-o",
        "Dpkg::Options::=--force-confdef",
        "-o",
        "Dpkg::Options::=--force-confold",
    ]
    if root != Path("/"):
        pool = debs[0].parent
        command += ["-o", f"Dir={root}/", "-o", f"Dir::Cache::Archives={pool}/"]
        command += ["-o", f"DPkg::Options::=--root={root}"]
    return command + [str(deb) for deb in debs]


def _private_copy(source: Path, target: Path) -> None:
    """Copy the bundle without following a link the server may have put there."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst, verify.READ_BYTES)


def snapshot_catalog(data: Path, version: str) -> Path | None:
    """``DATA/backups/pre-<version>/catalog.sqlite3``, a consistent copy of the live
    catalog (SQLite online backup), owned like the data directory; None without a
    catalog. Refuses links in the way (the data directory is the server's)."""
    catalog = data / "catalog.sqlite3"
    if not catalog.is_file():
        return None
    folder = data / "backups" / f"pre-{version}"
    for path in (data / "backups", folder):
        path.mkdir(mode=0o700, exist_ok=True)
        if path.is_symlink():
            raise InstallFailed(f"{path} is a symbolic link; not saving the catalog there")
    owner = data.stat()
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".catalog-")
    os.close(fd)
    try:
        source = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        os.chmod(temporary, 0o600)
        for path in (folder, Path(temporary)):
            os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)
        final = folder / "catalog.sqlite3"
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return final


def _wait_active(unit: str) -> None:
    deadline = time.monotonic() + SERVER_START_BOUND_S
    while time.monotonic() < deadline:
        if subprocess.run(["systemctl", "is-active", "--quiet", unit], check=False).returncode == 0:
            return
        time.sleep(2)
    raise InstallFailed(
        f"the packages are installed but {unit} is not running after"
        f" {SERVER_START_BOUND_S:.0f} s: see journalctl -u {unit}"
    )


class Applier:
    def __init__(self, directory: UpgradeDir, data: Path, keys: Path, root: Path, unit: str):
        self.directory = directory
        self.data = data
        self.keys = keys
        self.root = root
        self.unit = unit
        self.version = ""

    def say(self, state: str, message: str, progress: int) -> None:
        log.info("%s (%d %%): %s", state, progress, message)
        write_result(
            self.directory,
            UpgradeState(
                state=state,  # type: ignore[arg-type]
                bundle_version=self.version,
                message=message,
                progress_percent=progress,
                update_time_us=timestamps.now_us(),
            ),
        )

    def run(self) -> bool:
        """Take the pending request, if any; whether one was taken."""
        request = read_json(self.directory.request)
        if request is None:
            return False
        os.replace(self.directory.request, self.directory.claimed)
        self.version = str(request.get("version", ""))[:128]
        try:
            self.say("installing", "verifying the bundle again", 5)
            signed = self._install()
        except UpgradeRefused as refused:
            self.say("failed", f"refused by the host: {refused}", 0)
        except Exception as error:  # whatever broke, the state must say failed
            self.say("failed", f"{error}; the previous version keeps running", 0)
        else:
            self.say("succeeded", f"version {signed.version} installed", 100)
        finally:
            for path in (self.directory.claimed, self.directory.bundle):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        return True

    def _install(self) -> Manifest:
        with tempfile.TemporaryDirectory(prefix="vedette-upgrade-") as work:
            copy, pool = Path(work) / "bundle.vup", Path(work) / "pool"
            pool.mkdir()
            _private_copy(self.directory.bundle, copy)
            keys = manifest.load_trusted_keys(self.keys)
            target = detect_target(self.root / "etc/os-release")
            signed = verify.verify_bundle(
                copy, keys, target, installed_version(self.root), extract_to=pool
            )
            self.version = signed.version
            copy.unlink()
            self.say("installing", "saving the catalog", 20)
            snapshot_catalog(self.data, signed.version)
            self.say("installing", "installing the packages", 30)
            debs = [pool / package.name for package in signed.packages]
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            done = subprocess.run(
                install_command(debs, self.root),
                capture_output=True,
                text=True,
                check=False,
                env=env,
                timeout=INSTALL_BOUND_S,
            )
            if done.returncode != 0:
                tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
                raise InstallFailed(f"apt-get failed ({done.returncode}): {tail}")
        if self.unit:
            self.say("installing", "waiting for the new server to start", 90)
            _wait_active(self.unit)
        return signed


def finish_interrupted(directory: UpgradeDir) -> None:
    """An INSTALLING left by a run that was killed becomes FAILED."""
    state = read_status(directory)
    if state.state == "installing":
        write_result(
            directory,
            UpgradeState(
                state="failed",
                bundle_version=state.bundle_version,
                message="the host's upgrade service stopped before it finished"
                " (journalctl -u vedette-upgrade)",
                update_time_us=timestamps.now_us(),
            ),
        )
    with contextlib.suppress(FileNotFoundError):
        directory.claimed.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vedette_server.upgrade.apply")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--upgrade-dir", type=Path, help="default DATA/upgrade")
    parser.add_argument("--keys", type=Path, default=DEFAULT_KEYS)
    parser.add_argument("--root", type=Path, default=Path("/"), help="dpkg root to install in")
    parser.add_argument(
        "--wait-unit", help=f"unit that must be active after (default {SERVER_UNIT} on /)"
    )
    parser.add_argument("--finish-interrupted", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    directory = UpgradeDir(args.upgrade_dir or args.data / "upgrade")
    if args.finish_interrupted:
        finish_interrupted(directory)
        return 0
    root = args.root.resolve()
    unit = args.wait_unit if args.wait_unit is not None else (
        SERVER_UNIT if root == Path("/") else ""
    )  # fmt: skip
    applier = Applier(directory, args.data, args.keys, root, unit)
    if not applier.run():
        log.info("no upgrade request in %s", directory.root)
        return 0
    return 0 if read_status(directory).state == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
