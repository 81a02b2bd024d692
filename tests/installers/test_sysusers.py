"""The Debian packages' users, groups and directories, made by systemd's own tools in a
scratch root as the packages' postinst makes them: ``systemd-sysusers`` on the server's
file (installers/debian/vedette.sysusers) and the kiosk's
(installers/kiosk/root/usr/lib/sysusers.d/vedette-kiosk.conf, which the build hands to
dh_installsysusers), then ``systemd-tmpfiles`` on the server's directories.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_USERS = REPO / "installers/debian/vedette.sysusers"
KIOSK_USERS = REPO / "installers/kiosk/root/usr/lib/sysusers.d/vedette-kiosk.conf"
SERVER_DIRS = REPO / "installers/debian/vedette.tmpfiles"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed: make setup installs it (Debian package systemd)")
    return found


def table(path: Path) -> dict[str, list[str]]:
    """/etc/passwd or /etc/group by name."""
    return {line.split(":")[0]: line.split(":") for line in path.read_text().splitlines()}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A scratch root with the users and groups of both packages."""
    sysusers = tool("systemd-sysusers")
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    for conf in (SERVER_USERS, KIOSK_USERS):
        done = subprocess.run(
            [sysusers, f"--root={root}", str(conf)], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
    return root


def test_the_server_and_kiosk_users_are_system_users_without_a_login(root: Path) -> None:
    users = table(root / "etc/passwd")
    for name, home in (
        ("vedette", "/var/lib/vedette"),
        ("vedette-kiosk", "/var/lib/vedette-kiosk"),
    ):
        _, _, uid, _, _, user_home, shell = users[name]
        assert int(uid) < 1000, f"{name} is not a system user (uid {uid})"
        assert user_home == home
        assert shell.endswith("nologin")
    shadow = table(root / "etc/shadow")
    assert shadow["vedette"][1] in ("!*", "!", "*")  # no password to log in with


def test_the_console_group_holds_the_server_and_the_kiosk_and_dialout_the_server(
    root: Path,
) -> None:
    groups = table(root / "etc/group")
    assert set(groups["vedette-console"][3].split(",")) == {"vedette", "vedette-kiosk"}
    assert "vedette" in groups["dialout"][3].split(",")
    assert "vedette-kiosk" not in groups["dialout"][3].split(",")


def test_the_server_directories_belong_to_the_server_user(root: Path) -> None:
    tmpfiles = tool("systemd-tmpfiles")
    (root / "var/lib").mkdir(parents=True)
    (root / "srv").mkdir()
    (root / "etc/systemd").mkdir()
    done = subprocess.run(
        [tmpfiles, f"--root={root}", "--create", str(SERVER_DIRS)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    uid = int(table(root / "etc/passwd")["vedette"][2])
    gid = int(table(root / "etc/group")["vedette"][2])
    for path, mode, owner, group in (
        ("var/lib/vedette", 0o700, uid, gid),
        # The site directory's, for its `init` as vedette before the unit's first start.
        ("var/lib/vedette-directory", 0o700, uid, gid),
        ("srv/vedette", 0o750, uid, gid),
        ("etc/systemd/timesyncd.conf.d", 0o775, 0, gid),
    ):
        info = (root / path).stat()
        assert (info.st_mode & 0o7777, info.st_uid, info.st_gid) == (mode, owner, group), path
