"""The Debian package's units, the server's (installers/debian/vedette.vedette-server.service)
with the appliance's drop-in for it and the site directory's
(vedette.vedette-directory.service), checked with systemd's own tools: the verifier on a
scratch root laid out as the package installs them, and the offline security analysis,
whose exposure the issue caps at 5.0. The directory's command line is parsed by the
program's own parser, and the package build's unit handling (debian/rules) is run.
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
DIRECTORY_UNIT = DEBIAN / "vedette.vedette-directory.service"
DIRECTORY_ENV = DEBIAN / "directory.env"
DIRECTORY = "opt/vedette/venv/bin/vedette-directory"
#: Each unit as the package installs it, from its file, and the program it runs.
UNITS = {
    "vedette-server.service": (UNIT, SERVER),
    "vedette-directory.service": (DIRECTORY_UNIT, DIRECTORY),
}
MAX_EXPOSURE = 5.0


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed: make setup installs it (Debian package systemd)")
    return found


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """The units and the kiosk package's drop-in where the packages put them, the host's
    targets (the units' dependencies), and stand-ins at the programs' paths:
    ``systemd-analyze verify`` checks that they exist and are executable; the programs
    themselves are tested everywhere else."""
    root = tmp_path / "root"
    units = root / "lib/systemd/system"
    (units / "vedette-server.service.d").mkdir(parents=True)
    for name, (source, program) in UNITS.items():
        shutil.copy(source, units / name)
        stand_in = root / program
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text("#!/bin/sh\n# stand-in for systemd-analyze verify's path check\n")
        stand_in.chmod(0o755)
    shutil.copy(DROP_IN, units / "vedette-server.service.d/vedette-kiosk.conf")
    targets = root / "usr/lib/systemd/system"
    targets.mkdir(parents=True)
    for target in Path("/usr/lib/systemd/system").glob("*.target"):
        shutil.copy(target, targets / target.name, follow_symlinks=False)
    return root


def verify(analyze: str, root: Path, unit: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [analyze, "verify", f"--root={root}", f"/lib/systemd/system/{unit}"],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, SYSTEMD_LOG_LEVEL="notice"),
    )  # fmt: skip


@pytest.mark.parametrize("unit", UNITS)
def test_the_units_and_the_appliance_drop_in_pass_systemd_analyze_verify(
    scratch_root: Path, unit: str
) -> None:
    analyze = tool("systemd-analyze")
    done = verify(analyze, scratch_root, unit)
    assert done.returncode == 0, done.stderr
    # Unknown keys and bad values are only warnings: none may name the unit.
    assert unit.removesuffix(".service") not in done.stderr, done.stderr


@pytest.mark.parametrize("unit", UNITS)
def test_the_verifier_finds_a_missing_program(scratch_root: Path, unit: str) -> None:
    """The verification above means something: without the program, it fails."""
    analyze = tool("systemd-analyze")
    program = UNITS[unit][1]
    (scratch_root / program).unlink()
    done = verify(analyze, scratch_root, unit)
    assert done.returncode != 0
    assert program in done.stderr


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_is_exposed_at_most_5_of_10(tmp_path: Path, unit: str) -> None:
    analyze = tool("systemd-analyze")
    copy = tmp_path / unit
    shutil.copy(UNITS[unit][0], copy)
    done = subprocess.run(
        [analyze, "security", "--offline=true", f"--threshold={int(MAX_EXPOSURE * 10)}",
         "--no-pager", str(copy)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = re.search(rf"Overall exposure level for {re.escape(unit)}: ([0-9.]+)", done.stdout)
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


def unit_environment(service: configparser.SectionProxy) -> dict[str, str]:
    """``Environment=`` assignments (quoted as systemd quotes them)."""
    pairs = (item.split("=", 1) for item in shlex.split(service.get("Environment", "")))
    return {key: value for key, value in pairs}


def env_file_assignments(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """An EnvironmentFile's assignments, and its commented-out examples
    (``# KEY="value"``), each read as systemd reads such a line."""
    active: dict[str, str] = {}
    examples: list[dict[str, str]] = []
    for line in path.read_text().splitlines():
        example = line.startswith("# ") and re.fullmatch(r"[A-Z_]+=.*", line[2:])
        text = line[2:] if example else line
        if not text or text.startswith("#"):
            continue
        key, value = shlex.split(text)[0].split("=", 1)
        if example:
            examples.append({key: value})
        else:
            active[key] = value
    return active, examples


def exec_start(service: configparser.SectionProxy, environment: dict[str, str]) -> list[str]:
    """ExecStart as systemd runs it: ``$NAME`` split at white space into words, ``${NAME}``
    one word; an unset variable is nothing."""
    argv: list[str] = []
    for word in shlex.split(service["ExecStart"].replace("\\\n", " ")):
        alone = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", word)
        if alone:
            argv += environment.get(alone[1], "").split()
        else:
            argv.append(re.sub(r"\$\{(\w+)\}", lambda m: environment.get(m[1], ""), word))
    return argv


def test_the_directory_unit_runs_the_directory_program_with_options_it_accepts() -> None:
    """The unit's command line, with its default options and with each example of
    /etc/vedette/directory.env, is one ``vedette-directory run`` accepts: its own parser
    reads it, on the unit's StateDirectory, and the listen address is HOST:PORT."""
    from vedette_server.directory.app import split_address
    from vedette_server.directory.cli import build_parser

    service = service_section(DIRECTORY_UNIT)
    assert service["EnvironmentFile"] == "-/etc/vedette/directory.env"
    defaults = unit_environment(service)
    active, examples = env_file_assignments(DIRECTORY_ENV)
    assert not active, "as shipped, directory.env changes nothing (the unit's defaults apply)"
    assert examples, "directory.env shows the operator an example"
    for environment in (defaults, *({**defaults, **example} for example in examples)):
        argv = exec_start(service, environment)
        assert argv[0] == "/" + DIRECTORY
        args = build_parser().parse_args(argv[1:])
        assert args.command == "run"
        assert Path(args.data) == Path("/var/lib") / service["StateDirectory"]
        split_address(args.listen)
    assert defaults["VEDETTE_DIRECTORY_OPTS"].split()[1].startswith("127.0.0.1:")


def test_the_directory_unit_refuses_to_start_before_init_and_runs_unprivileged() -> None:
    from vedette_server.directory.data import CONFIG_FILE

    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DIRECTORY_UNIT)
    service = unit["Service"]
    state = Path("/var/lib") / service["StateDirectory"]
    # init writes DATA/directory.json last (data.py): without it, no start.
    assert unit["Unit"]["AssertPathExists"] == str(state / CONFIG_FILE)
    assert service["StateDirectoryMode"] == "0700"
    assert (service["User"], service["Group"]) == ("vedette", "vedette")
    # tests/installers/test_directory_notify.py: the program sends READY=1 and pings.
    assert service["Type"] == "notify" and int(service["WatchdogSec"]) > 0
    assert service["CapabilityBoundingSet"] == ""
    assert service["ProtectSystem"] == "strict"
    # The package makes the data folder for init to write before the first start.
    tmpfiles = (DEBIAN / "vedette.tmpfiles").read_text().splitlines()
    assert f"d {state} 0700 vedette vedette -" in tmpfiles


def rules_recipe(target: str) -> str:
    """The shell lines of a debian/rules target, as make hands them to the shell."""
    rules = (DEBIAN / "rules").read_text()
    body = rules.split(f"\n{target}:\n", 1)[1].split("\n\n", 1)[0]
    lines = [line.removeprefix("\t") for line in body.splitlines()]
    shell = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return shell.replace("\\\n", " ")  # one command a line


def test_the_package_installs_the_directory_unit_neither_enabled_nor_started() -> None:
    recipe = rules_recipe("override_dh_installsystemd").replace("$$", "$")
    lines = recipe.splitlines()
    calls = [shlex.split(line) for line in lines if line.startswith("dh_installsystemd")]
    directory = [call for call in calls if "--name=vedette-directory" in call]
    assert len(directory) == 1, calls
    # Neither enabled nor started at install; restarted after an upgrade if it runs
    # (debhelper's try-restart, which --no-start alone leaves out).
    assert {"-pvedette", "--no-enable", "--no-start", "--restart-after-upgrade"} <= set(
        directory[0]
    )
    # dh_installsystemd --name=NAME installs debian/PACKAGE.NAME.service as NAME.service.
    assert DIRECTORY_UNIT.name == "vedette.vedette-directory.service"


def test_removing_the_package_stops_a_running_directory(tmp_path: Path) -> None:
    """--no-start also leaves out debhelper's stop at removal: vedette.prerm does it,
    under the guards debhelper's own uses (systemd running, no DPKG_ROOT)."""
    prerm = (DEBIAN / "vedette.prerm").read_text()
    assert "#DEBHELPER#" in prerm
    called = tmp_path / "called"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "deb-systemd-invoke"
    fake.write_text(f'#!/bin/sh\necho "$@" >>{called}\n')
    fake.chmod(0o755)
    systemd_running = tmp_path / "run-systemd-system"
    systemd_running.mkdir()
    # The script as dpkg runs it, with systemd's runtime directory made a scratch one.
    script = prerm.replace("#DEBHELPER#", "").replace("/run/systemd/system", str(systemd_running))
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    for action, stopped in (("remove", True), ("upgrade", False)):
        called.unlink(missing_ok=True)
        done = subprocess.run(
            ["sh", "-c", script, "prerm", action, "0.2.0"],
            env=env, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        calls = called.read_text().splitlines() if called.exists() else []
        assert calls == (["stop vedette-directory.service"] if stopped else []), action


def test_the_catch_all_unit_call_leaves_the_server_and_directory_units_alone(
    tmp_path: Path,
) -> None:
    """The rules enable every other unit with an [Install] section that the upgrade and
    polkit roots ship: run that shell line on a package tree holding them all."""
    recipe = rules_recipe("override_dh_installsystemd").replace("$$", "$")
    start = recipe.index("units=$(")
    snippet = recipe[start : recipe.index("|| true);", start) + len("|| true);")]
    units = tmp_path / "debian/vedette/lib/systemd/system"
    units.mkdir(parents=True)
    for name, (source, _) in UNITS.items():
        shutil.copy(source, units / name)
    shipped = [
        path
        for root in ("upgrade", "polkit")  # the roots the rules copy into the vedette package
        for path in sorted((DEBIAN.parent / root / "root/lib/systemd/system").glob("*"))
    ]
    for path in shipped:
        shutil.copy(path, units / path.name)
    done = subprocess.run(
        ["sh", "-ec", snippet + ' printf "%s\\n" $units'],
        cwd=tmp_path, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    enabled = set(done.stdout.split())
    expected = {p.name for p in shipped if "\n[Install]" in "\n" + p.read_text()}
    assert expected, "the roots ship a unit with an [Install] section (vedette-upgrade.path)"
    assert enabled == expected
