"""The kiosk session's target tree (installers/kiosk/root), checked with the tools
that will read it: systemd's own verifier on the units, systemd-sysusers on the
user file, the shell on the xinitrc, the PAM module directory for the PAM file, and
the kiosk's own config tool for the command line the unit gives it.

What CI cannot check (a real box with two HDMI outputs) is the hardware acceptance
checklist in installers/kiosk/README.md.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "installers/kiosk/root"
UNITS = ("vedette-kiosk.service", "vedette-kiosk-x11.service")
#: The programs the units start, from the vedette and weston/xinit/Xorg packages.
PROGRAMS = (
    "opt/vedette/venv/bin/vedette-kiosk-config",
    "opt/vedette/venv/bin/vedette-kiosk-launch",
    "usr/bin/weston",
    "usr/bin/xinit",
    "usr/bin/Xorg",
)
PAM_DIRS = (Path("/lib/x86_64-linux-gnu/security"), Path("/usr/lib/x86_64-linux-gnu/security"))


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed: make setup installs it (Debian package systemd)")
    return found


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(ROOT / "lib/systemd/system" / name)
    return parser


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """The kiosk tree copied into an empty root, with the host's systemd targets (the
    units' dependencies) and stand-in executables at the paths of the programs the
    units start: ``systemd-analyze verify`` only checks that those paths exist and
    are executable; the programs themselves are tested elsewhere."""
    root = tmp_path / "root"
    shutil.copytree(ROOT, root)
    targets = root / "usr/lib/systemd/system"
    targets.mkdir(parents=True, exist_ok=True)
    for target in Path("/usr/lib/systemd/system").glob("*.target"):
        shutil.copy(target, targets / target.name, follow_symlinks=False)
    for program in PROGRAMS:
        path = root / program
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n# stand-in for systemd-analyze verify's path check\n")
        path.chmod(0o755)
    return root


def test_the_kiosk_units_pass_systemd_analyze_verify(scratch_root: Path) -> None:
    analyze = tool("systemd-analyze")
    paths = [f"/lib/systemd/system/{name}" for name in UNITS]
    env = dict(os.environ, SYSTEMD_LOG_LEVEL="notice")
    done = subprocess.run(
        [analyze, "verify", f"--root={scratch_root}", *paths],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Unknown keys and bad values are only warnings: none may name our units.
    assert not [line for line in done.stderr.splitlines() if "vedette-kiosk" in line], done.stderr


def test_the_verifier_would_see_a_program_missing(scratch_root: Path) -> None:
    """The check above can fail: without weston the Weston unit is refused."""
    analyze = tool("systemd-analyze")
    (scratch_root / "usr/bin/weston").unlink()
    done = subprocess.run(
        [analyze, "verify", f"--root={scratch_root}", "/lib/systemd/system/vedette-kiosk.service"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "/usr/bin/weston is not executable" in done.stderr


def test_the_weston_and_x11_sessions_never_run_together() -> None:
    weston, x11 = (unit(name)["Unit"]["Conflicts"].split() for name in UNITS)
    assert "vedette-kiosk-x11.service" in weston
    assert "vedette-kiosk.service" in x11
    for name in UNITS:
        service = unit(name)["Service"]
        assert service["User"] == "vedette-kiosk"
        assert service["PAMName"] == "vedette-kiosk"
        assert service["TTYPath"] == "/dev/tty7"
        assert "vedette-console" in service["SupplementaryGroups"].split()


def test_weston_reads_the_file_the_config_tool_writes_and_is_watched() -> None:
    service = unit("vedette-kiosk.service")["Service"]
    assert service["Type"] == "notify"
    assert int(service["WatchdogSec"]) > 0
    weston = shlex.split(service["ExecStart"])
    assert "--modules=systemd-notify.so" in weston  # READY=1 and WATCHDOG=1
    write = shlex.split(service["ExecStartPre"])
    written = write[write.index("--write") + 1]
    assert f"--config={written}" in weston
    assert written.startswith("/run/vedette-kiosk/")  # RuntimeDirectory=vedette-kiosk
    assert service["RuntimeDirectory"] == "vedette-kiosk"


def test_the_config_tool_accepts_the_units_command_line(tmp_path: Path) -> None:
    """Each unit's ExecStartPre, run with the real tool (its output path moved into
    the test's directory and the server absent): it writes a kiosk configuration."""
    for name in UNITS:
        argv = shlex.split(unit(name)["Service"]["ExecStartPre"])
        assert argv[0] == "/opt/vedette/venv/bin/vedette-kiosk-config"
        out = tmp_path / name / "weston.ini"
        argv[argv.index("--write") + 1] = str(out)
        command = [sys.executable, "-m", "vedette_console.kiosk_session.config", *argv[1:]]
        command += ["--server", f"unix:{tmp_path / 'nobody.sock'}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "shell=kiosk-shell.so" in out.read_text()


def test_sysusers_creates_the_kiosk_user_in_its_groups(tmp_path: Path) -> None:
    sysusers = tool("systemd-sysusers")
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    shutil.copytree(ROOT / "usr", root / "usr")
    done = subprocess.run([sysusers, f"--root={root}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    users = {
        line.split(":")[0]: line.split(":")
        for line in (root / "etc/passwd").read_text().splitlines()
    }
    kiosk = users["vedette-kiosk"]
    assert kiosk[5:] == ["/var/lib/vedette-kiosk", "/usr/sbin/nologin"]
    members = {
        fields[0]: fields[3].split(",")
        for fields in (line.split(":") for line in (root / "etc/group").read_text().splitlines())
    }
    for group in ("vedette-console", "video", "render", "input", "audio"):
        assert "vedette-kiosk" in members[group], group


def test_the_pam_file_names_modules_that_exist() -> None:
    directory = next((d for d in PAM_DIRS if (d / "pam_unix.so").exists()), None)
    if directory is None:
        pytest.skip("no PAM module directory on this machine (Debian package libpam-modules)")
    lines = (ROOT / "etc/pam.d/vedette-kiosk").read_text().splitlines()
    rules = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert {rule[0].lstrip("-") for rule in rules} <= {"auth", "account", "session"}
    for rule in rules:
        optional_module = rule[0].startswith("-")  # "-session": skipped when missing
        assert optional_module or (directory / rule[2]).exists(), rule


def test_the_xinitrc_is_an_executable_shell_script_starting_the_launcher() -> None:
    xinitrc = ROOT / "usr/share/vedette-kiosk/xinitrc"
    assert xinitrc.stat().st_mode & 0o111
    done = subprocess.run(["sh", "-n", str(xinitrc)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    last = xinitrc.read_text().strip().splitlines()[-1].split()
    assert last[:2] == ["exec", "/opt/vedette/venv/bin/vedette-kiosk-launch"]
    x11 = unit("vedette-kiosk-x11.service")["Service"]
    assert shlex.split(x11["ExecStart"])[1] == "/usr/share/vedette-kiosk/xinitrc"


def test_the_journal_is_kept_across_reboots_with_a_size_cap() -> None:
    journald = configparser.ConfigParser()
    journald.read(ROOT / "usr/lib/systemd/journald.conf.d/60-vedette-kiosk.conf")
    assert journald["Journal"]["Storage"] == "persistent"
    assert journald["Journal"]["SystemMaxUse"].endswith(("M", "G"))
