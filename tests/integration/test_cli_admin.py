"""The `vedette` administration commands end to end against real servers: users,
groups, sessions, logs, info, settings, config-export / config-import, restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_cli import vedette
from tests.support.server_process import ADMIN_PASSWORD, wait_for


def vedette_as(server, home: Path, user: str, password: str, *args: str, **env: str):  # type: ignore[no-untyped-def]
    environment = dict(
        os.environ,
        VEDETTE_USER=user,
        VEDETTE_PASSWORD=password,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
        **env,
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=environment, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_users_groups_and_sessions_from_the_command_line(server_factory, tmp_path) -> None:
    server = server_factory(volume=False)
    home = tmp_path / "home"
    vedette(server, home, "groups", "add", "night", "--copy-from", "ordinary")
    vedette(server, home, "groups", "set", "night", "--remote-areas", "logs",
            "--remote-cameras", "live=all")  # fmt: skip
    shown = vedette(server, home, "groups", "show", "night").stdout
    assert "remote: areas logs; cameras live=all" in shown
    weak = vedette_as(server, home, "admin", ADMIN_PASSWORD, "users", "add", "guard",
                      "--group", "night", VEDETTE_NEW_PASSWORD="guard")  # fmt: skip
    assert weak.returncode == 1 and "shorter than 8" in weak.stderr
    added = vedette_as(server, home, "admin", ADMIN_PASSWORD, "users", "add", "guard",
                       "--group", "night", "--email", "g@example.org",
                       VEDETTE_NEW_PASSWORD="Night-Shift-41!")  # fmt: skip
    assert added.returncode == 0, added.stderr
    users = json.loads(vedette(server, home, "users", "list", "--json").stdout)
    assert [(u["name"], u["email"]) for u in users] == [("admin", ""), ("guard", "g@example.org")]
    as_guard = vedette_as(server, home, "guard", "Night-Shift-41!", "logs", "--limit", "5")
    assert as_guard.returncode == 0 and "login" in as_guard.stdout
    denied = vedette_as(server, home, "guard", "Night-Shift-41!", "users", "list")
    assert denied.returncode == 1 and "lacks the 'accounts' right" in denied.stderr
    vedette(server, home, "users", "set", "guard", "--disable")
    refused = vedette_as(server, home, "guard", "Night-Shift-41!", "info")
    assert refused.returncode == 1 and "wrong user name or password" in refused.stderr
    sessions = json.loads(vedette(server, home, "sessions", "list", "--json").stdout)
    assert [s["username"] for s in sessions] == ["admin"] and sessions[0]["current"]
    vedette(server, home, "users", "rm", "guard")
    vedette(server, home, "groups", "rm", "night")
    logged = vedette(server, home, "logs", "--type", "operation", "--text", "guard", "--json")
    actions = {entry["action"] for entry in json.loads(logged.stdout)}
    assert {"user.create", "user.update", "user.delete", "login.failed"} <= actions


def test_settings_info_and_a_configuration_carried_to_another_server(
    server_factory, tmp_path
) -> None:
    source = server_factory(volume=False, data=tmp_path / "a")
    home = tmp_path / "home"
    vedette(source, home, "settings", "set", "general.device_name=Gate House",
            "security.lockout=10m", "date_time.time_format=12_hour")  # fmt: skip
    settings = json.loads(vedette(source, home, "settings", "show", "--json").stdout)
    assert settings["general"]["device_name"] == "Gate House"
    assert settings["security"]["lockout"] == 600
    assert settings["date_time"]["time_format"] == "TIME_FORMAT_12_HOUR"
    bad = vedette(source, home, "settings", "set", "general.device_number=0", check=False)
    assert bad.returncode == 1 and "general.device_number" in bad.stderr
    info = vedette(source, home, "info").stdout
    assert info.startswith("Gate House (device 1)") and "lo " in info
    backup = tmp_path / "gate.vcfg"
    exported = vedette_as(source, home, "admin", ADMIN_PASSWORD, "config-export", "--out",
                          str(backup), VEDETTE_CONFIG_PASSPHRASE="Carry-It-Over-1")  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    target = server_factory(volume=False, data=tmp_path / "b")
    preview = vedette_as(target, home, "admin", ADMIN_PASSWORD, "config-import", str(backup),
                         "--preview", VEDETTE_CONFIG_PASSPHRASE="Carry-It-Over-1")  # fmt: skip
    assert "change setting general" in preview.stdout, preview.stdout + preview.stderr
    unasked = vedette_as(target, home, "admin", ADMIN_PASSWORD, "config-import", str(backup),
                         VEDETTE_CONFIG_PASSPHRASE="Carry-It-Over-1")  # fmt: skip
    assert "nothing imported" in unasked.stdout  # no terminal to confirm on, no --yes
    done = vedette_as(target, home, "admin", ADMIN_PASSWORD, "config-import", str(backup),
                      "--yes", VEDETTE_CONFIG_PASSPHRASE="Carry-It-Over-1")  # fmt: skip
    assert done.returncode == 0 and "imported" in done.stdout
    copied = json.loads(vedette(target, home, "settings", "show", "--json").stdout)
    assert copied["general"]["device_name"] == "Gate House"


def test_restart_from_the_command_line(server_factory, tmp_path) -> None:
    server = server_factory(volume=False)
    home = tmp_path / "home"
    assert "restarts at" in vedette(server, home, "restart").stdout
    wait_for(
        lambda: len([line for line in server.lines if line.startswith("vedette-server ready")]) > 1,
        30,
        "the restart",
    )
    assert server.process.poll() is None
