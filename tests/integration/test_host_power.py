"""Restarting and powering off the appliance (SYS-11) on real servers.

The servers run with ``--host-control record:FILE``: the host's side is the logind
command the server would run, recorded with its time once the server has stopped,
so the test sees that every segment was closed before the machine's turn came.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api import errors
from vedette_hw.host_power import LogindHostPower
from vedette_hw.host_time import HostControlError
from vedette_server.catalog.database import open_catalog
from vedette_server.catalog.segments import open_segments
from vedette_server.datadir import DataDir
from vedette_server.system_log import LogRecord, SystemLog

LOGIND = ["busctl", "--system", "call", "org.freedesktop.login1", "/org/freedesktop/login1",
          "org.freedesktop.login1.Manager"]  # fmt: skip


def host_calls(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def log_after_exit(server: ServerProcess) -> tuple[list[LogRecord], int]:
    """The stopped server's system log (oldest first) and its open segments' count."""
    catalog = open_catalog(DataDir(server.data).catalog)
    try:
        records = SystemLog(catalog).search(limit=1000)
        return records[::-1], len(open_segments(catalog))
    finally:
        catalog.close()


def test_restarting_the_machine_closes_every_segment_then_asks_logind_to_reboot(
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    tmp_path: Path,
) -> None:
    calls = tmp_path / "host.json"
    camsim = camsim_factory()
    server = server_factory("--host-control", f"record:{calls}")
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))
        wait_for(
            lambda: client.get_camera(camera.id).status.main.bytes_written > 0, 60, "recording"
        )
        client.restart(0, host=True)
    assert server.process.wait(60) == 0
    [call] = host_calls(calls)
    assert call["call"] == "reboot"
    assert call["args"] == [*LOGIND, "Reboot", "b", "false"]
    # The process exits for the machine to go down: it is not started again.
    assert len([x for x in server.lines if x.startswith("vedette-server ready on")]) == 1
    records, still_open = log_after_exit(server)
    assert still_open == 0
    actions = [r.action for r in records]
    scheduled = next(r for r in records if r.action == "restart")
    assert "of the machine" in scheduled.message
    assert actions.index("restart") < actions.index("host.reboot") < actions.index("server.stop")
    stopped = next(r for r in records if r.action == "server.stop")
    assert call["time_us"] >= stopped.time_us


def test_shutting_down_the_machine_powers_it_off_after_the_delay_unless_cancelled(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    calls = tmp_path / "host.json"
    server = server_factory("--host-control", f"record:{calls}", volume=False)
    with server.client() as client:
        client.shutdown(3600 * 1_000_000, host=True)
        client.cancel_power_action()
        client.shutdown(0, host=True)
    assert server.process.wait(60) == 0
    [call] = host_calls(calls)
    assert (call["call"], call["args"]) == ("power_off", [*LOGIND, "PowerOff", "b", "false"])
    records, _ = log_after_exit(server)
    assert [r.action for r in records].count("host.power_off") == 1


def test_a_server_that_does_not_control_its_host_refuses_and_keeps_running(
    server_factory: Callable[..., ServerProcess],
) -> None:
    server = server_factory(volume=False)  # --host-control none
    with server.client() as client:
        for ask in (client.restart, client.shutdown):
            with pytest.raises(errors.FailedPrecondition) as refused:
                ask(0, host=True)
            assert refused.value.reason == "HOST_CONTROL_OFF"
            assert "does not control its host" in str(refused.value)
        assert client.get_settings().date_time.applied_to_host is False
        assert client.get_server_info().server_id  # still serving
        with pytest.raises(errors.NotFound):
            client.cancel_power_action()  # nothing was scheduled


@pytest.mark.parametrize("answer", ["yes", "challenge", "no", "na"])
def test_the_machine_is_only_asked_when_logind_says_yes_beforehand(answer: str) -> None:
    """``check`` reads busctl's answer to CanReboot: "challenge" (polkit would want a
    password: the rule is missing), "no" and "na" refuse while the server still runs."""
    asked: list[list[str]] = []

    def busctl(argv: Sequence[str]) -> tuple[int, str, str]:
        asked.append(list(argv))
        return 0, f's "{answer}"\n', ""

    power = LogindHostPower(busctl)
    if answer == "yes":
        power.check("reboot")
    else:
        with pytest.raises(HostControlError, match=f"logind answers '{answer}' to CanReboot"):
            power.check("reboot")
    assert asked == [[*LOGIND, "CanReboot"]]


def test_a_failed_logind_call_names_the_command_and_its_error() -> None:
    def busctl(argv: Sequence[str]) -> tuple[int, str, str]:
        return 1, "", "Failed to connect to bus: No such file or directory\n"

    with pytest.raises(HostControlError, match="PowerOff b false failed with exit code 1: Failed"):
        LogindHostPower(busctl).perform("power_off")
