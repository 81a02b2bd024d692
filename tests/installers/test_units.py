"""The Debian package's server unit (installers/debian/vedette.vedette-server.service)
and the appliance's drop-in for it, checked with systemd's own tools: the verifier on
a scratch root laid out as the package installs them, and the offline security
analysis, whose exposure the issue caps at 5.0.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

DEBIAN = Path(__file__).resolve().parents[2] / "installers/debian"
UNIT = DEBIAN / "vedette.vedette-server.service"
DROP_IN = DEBIAN / "vedette-server-appliance.conf"
SERVER = "opt/vedette/venv/bin/vedette-server"
MAX_EXPOSURE = 5.0


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed: make setup installs it (Debian package systemd)")
    return found


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """The unit and the kiosk package's drop-in where the packages put them, the host's
    targets (the unit's dependencies), and a stand-in at the server's path:
    ``systemd-analyze verify`` checks that it exists and is executable; the server
    itself is tested everywhere else."""
    root = tmp_path / "root"
    units = root / "lib/systemd/system"
    (units / "vedette-server.service.d").mkdir(parents=True)
    shutil.copy(UNIT, units / "vedette-server.service")
    shutil.copy(DROP_IN, units / "vedette-server.service.d/vedette-kiosk.conf")
    targets = root / "usr/lib/systemd/system"
    targets.mkdir(parents=True)
    for target in Path("/usr/lib/systemd/system").glob("*.target"):
        shutil.copy(target, targets / target.name, follow_symlinks=False)
    server = root / SERVER
    server.parent.mkdir(parents=True)
    server.write_text("#!/bin/sh\n# stand-in for systemd-analyze verify's path check\n")
    server.chmod(0o755)
    return root


def verify(analyze: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [analyze, "verify", f"--root={root}", "/lib/systemd/system/vedette-server.service"],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, SYSTEMD_LOG_LEVEL="notice"),
    )  # fmt: skip


def test_the_server_unit_and_its_appliance_drop_in_pass_systemd_analyze_verify(
    scratch_root: Path,
) -> None:
    analyze = tool("systemd-analyze")
    done = verify(analyze, scratch_root)
    assert done.returncode == 0, done.stderr
    # Unknown keys and bad values are only warnings: none may name the unit.
    assert "vedette-server" not in done.stderr, done.stderr


def test_the_verifier_finds_a_missing_server_program(scratch_root: Path) -> None:
    """The verification above means something: without the program, it fails."""
    analyze = tool("systemd-analyze")
    (scratch_root / SERVER).unlink()
    done = verify(analyze, scratch_root)
    assert done.returncode != 0
    assert SERVER in done.stderr


def test_the_server_unit_is_exposed_at_most_5_of_10(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze")
    unit = tmp_path / "vedette-server.service"
    shutil.copy(UNIT, unit)
    done = subprocess.run(
        [analyze, "security", "--offline=true", f"--threshold={int(MAX_EXPOSURE * 10)}",
         "--no-pager", str(unit)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = re.search(r"Overall exposure level for vedette-server.service: ([0-9.]+)", done.stdout)
    assert found, done.stdout + done.stderr
    assert float(found[1]) <= MAX_EXPOSURE, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def service_section(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path)
    return parser["Service"]


def test_the_server_runs_unprivileged_with_its_socket_for_the_console_group() -> None:
    service = service_section(UNIT)
    assert service["User"] == "vedette"
    assert service["Type"] == "notify" and int(service["WatchdogSec"]) > 0
    run = shlex.split(service["ExecStart"].replace("\\\n", " "))
    assert run[run.index("--local-socket") + 1] == "/run/vedette/console.sock"
    assert run[run.index("--local-socket-group") + 1] == "vedette-console"
    assert run[run.index("--config") + 1] == "/etc/vedette/server.toml"
    init = shlex.split(service["ExecStartPre"])
    assert {"--if-needed", "--no-admin"} <= set(init)
    # The appliance's drop-in keeps the socket and the config, and adds host control.
    lines = [line for line in DROP_IN.read_text().splitlines() if line and not line.startswith("#")]
    drop_in = shlex.split(" ".join(lines).replace("\\ ", " "))
    assert "--no-default-volume" in drop_in and "--host-control" in drop_in
    for flag in ("--local-socket", "--local-socket-group", "--config"):
        assert drop_in[drop_in.index(flag) + 1] == run[run.index(flag) + 1]
    # The appliance probes for IP conflicts (a raw ARP socket), the workstation does not.
    assert drop_in[drop_in.index("--ip-conflict-probe-seconds") + 1] == "300"
    appliance = service_section(DROP_IN)
    assert "CAP_NET_RAW" in appliance["AmbientCapabilities"]
    assert "AF_PACKET" in appliance["RestrictAddressFamilies"]
    assert "CAP_NET_RAW" not in service["AmbientCapabilities"]
