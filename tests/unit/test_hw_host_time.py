"""Host time: timedatectl commands and the timesyncd drop-in, the recording double, specs."""

from __future__ import annotations

import json
import stat
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vedette_hw.host_time import (
    HostControlError,
    HostControlUnavailable,
    HostTime,
    RecordingHostTime,
    TimedatectlHostTime,
    UnmanagedHostTime,
    format_utc_for_timedatectl,
    host_time_from_spec,
    validate_ntp_server,
)

# 2024-03-31 01:30:00.250000 UTC: the night Paris moves to summer time.
DST_NIGHT_US = int(datetime(2024, 3, 31, 1, 30, tzinfo=UTC).timestamp()) * 1_000_000 + 250_000


class FakeRunner:
    """Records every argv; answers with a fixed result, or a failure for one program."""

    def __init__(self, fail_with: tuple[str, int, str] | None = None) -> None:
        self.argvs: list[list[str]] = []
        self._fail_with = fail_with

    def __call__(self, argv: Sequence[str]) -> tuple[int, str, str]:
        self.argvs.append(list(argv))
        if self._fail_with and argv[1] == self._fail_with[0]:
            return self._fail_with[1], "", self._fail_with[2]
        return 0, "", ""


def test_time_zone_is_set_with_timedatectl(tmp_path: Path) -> None:
    runner = FakeRunner()
    TimedatectlHostTime(runner, tmp_path).set_time_zone("Europe/Paris")
    assert runner.argvs == [["timedatectl", "set-timezone", "Europe/Paris"]]


def test_time_is_set_as_utc_whatever_the_host_zone(tmp_path: Path) -> None:
    runner = FakeRunner()
    TimedatectlHostTime(runner, tmp_path).set_time(DST_NIGHT_US)
    # The explicit " UTC" suffix keeps timedatectl from reading the time as local time.
    assert runner.argvs == [["timedatectl", "set-time", "2024-03-31 01:30:00.250000 UTC"]]


def test_the_epoch_formats_as_midnight_utc() -> None:
    assert format_utc_for_timedatectl(0) == "1970-01-01 00:00:00.000000 UTC"
    with pytest.raises(ValueError, match="before the Unix epoch"):
        format_utc_for_timedatectl(-1)


def test_an_ntp_server_is_written_to_the_drop_in_then_timesyncd_restarts(
    tmp_path: Path,
) -> None:
    runner = FakeRunner()
    drop_in_dir = tmp_path / "timesyncd.conf.d"  # does not exist yet
    TimedatectlHostTime(runner, drop_in_dir).set_ntp("pool.ntp.org")

    drop_in = drop_in_dir / "vedette.conf"
    assert drop_in.read_text() == "[Time]\nNTP=pool.ntp.org\n"
    assert stat.S_IMODE(drop_in.stat().st_mode) == 0o644, "timesyncd does not run as root"
    assert [p.name for p in drop_in_dir.iterdir()] == ["vedette.conf"], "no temporary left"
    assert runner.argvs == [
        ["timedatectl", "set-ntp", "true"],
        ["systemctl", "restart", "systemd-timesyncd"],
    ]


def test_a_new_ntp_server_replaces_the_previous_one(tmp_path: Path) -> None:
    host_time = TimedatectlHostTime(FakeRunner(), tmp_path)
    host_time.set_ntp("192.0.2.10")
    host_time.set_ntp("2001:db8::123")
    assert (tmp_path / "vedette.conf").read_text() == "[Time]\nNTP=2001:db8::123\n"


def test_no_ntp_server_turns_network_time_off(tmp_path: Path) -> None:
    runner = FakeRunner()
    TimedatectlHostTime(runner, tmp_path).set_ntp(None)
    assert runner.argvs == [["timedatectl", "set-ntp", "false"]]
    assert not (tmp_path / "vedette.conf").exists()


def test_a_failing_command_raises_with_the_command_and_its_stderr(tmp_path: Path) -> None:
    stderr = "Failed to set time: Automatic time synchronization is enabled\n"
    host_time = TimedatectlHostTime(FakeRunner(fail_with=("set-time", 1, stderr)), tmp_path)
    with pytest.raises(HostControlError) as raised:
        host_time.set_time(DST_NIGHT_US)
    message = str(raised.value)
    assert "timedatectl set-time '2024-03-31 01:30:00.250000 UTC'" in message
    assert "exit code 1" in message
    assert "Automatic time synchronization is enabled" in message


def test_an_unwritable_drop_in_directory_raises_host_control_error(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    runner = FakeRunner()
    with pytest.raises(HostControlError, match="cannot write"):
        TimedatectlHostTime(runner, not_a_directory).set_ntp("pool.ntp.org")
    assert runner.argvs == [], "timesyncd is not touched when its file could not be written"


@pytest.mark.parametrize(
    "server",
    [
        "pool.ntp.org\nFallbackNTP=evil",
        "pool.ntp.org FallbackNTP=evil",
        "pool.ntp.org\r",
        "pool\x00.ntp.org",
        "[Time]",
        "-bad.example",
        "",
        "a" * 254,
        "x" * 64 + ".example",
    ],
)
def test_ntp_servers_that_could_inject_text_are_refused(tmp_path: Path, server: str) -> None:
    runner = FakeRunner()
    with pytest.raises(ValueError, match="NTP server"):
        TimedatectlHostTime(runner, tmp_path).set_ntp(server)
    assert runner.argvs == [] and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "server", ["pool.ntp.org", "ntp1.example.com.", "time", "192.0.2.1", "fe80::1"]
)
def test_host_names_and_addresses_are_valid_ntp_servers(server: str) -> None:
    assert validate_ntp_server(server) == server


def test_a_zone_that_looks_like_an_option_is_refused(tmp_path: Path) -> None:
    runner = FakeRunner()
    for zone in ("-h", "../etc/passwd", "Europe/Paris extra", ""):
        with pytest.raises(ValueError, match="time zone"):
            TimedatectlHostTime(runner, tmp_path).set_time_zone(zone)
    assert runner.argvs == []


def test_an_unmanaged_host_refuses_every_change() -> None:
    host_time: HostTime = UnmanagedHostTime()
    assert host_time.managed is False
    with pytest.raises(HostControlUnavailable, match="set the time on the host itself"):
        host_time.set_time_zone("Europe/Paris")
    with pytest.raises(HostControlUnavailable):
        host_time.set_ntp("pool.ntp.org")
    with pytest.raises(HostControlUnavailable):
        host_time.set_time(DST_NIGHT_US)


def test_the_recording_double_writes_json_lines_another_reader_can_follow(
    tmp_path: Path,
) -> None:
    path = tmp_path / "host-time.jsonl"
    recorder = RecordingHostTime(path)
    assert recorder.managed is True

    recorder.set_time_zone("Europe/Paris")
    # Read through a separate handle between calls, as a test process watching a server.
    with path.open(encoding="utf-8") as reader:
        assert json.loads(reader.readline()) == {"call": "set_time_zone", "args": ["Europe/Paris"]}
        recorder.set_ntp(None)
        recorder.set_ntp("pool.ntp.org")
        recorder.set_time(DST_NIGHT_US)
        later = [json.loads(line) for line in reader]
    assert later == [
        {"call": "set_ntp", "args": [None]},
        {"call": "set_ntp", "args": ["pool.ntp.org"]},
        {"call": "set_time", "args": [DST_NIGHT_US]},
    ]
    assert recorder.calls == [
        ("set_time_zone", ("Europe/Paris",)),
        ("set_ntp", (None,)),
        ("set_ntp", ("pool.ntp.org",)),
        ("set_time", (DST_NIGHT_US,)),
    ]


def test_the_recording_double_refuses_what_the_real_adapter_refuses(tmp_path: Path) -> None:
    recorder = RecordingHostTime(tmp_path / "calls.jsonl")
    with pytest.raises(ValueError, match="NTP server"):
        recorder.set_ntp("pool.ntp.org\nFallbackNTP=evil")
    assert recorder.calls == [] and not (tmp_path / "calls.jsonl").exists()


def test_specs_name_the_three_adapters(tmp_path: Path) -> None:
    assert isinstance(host_time_from_spec("none"), UnmanagedHostTime)
    assert isinstance(host_time_from_spec("systemd"), TimedatectlHostTime)
    recorder = host_time_from_spec(f"record:{tmp_path}/calls.jsonl")
    assert isinstance(recorder, RecordingHostTime)
    assert recorder.path == tmp_path / "calls.jsonl"


@pytest.mark.parametrize("spec", ["", "systemd ", "record:", "timedatectl", "NONE"])
def test_unknown_specs_are_refused_with_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ValueError, match="'none', 'systemd' or 'record:PATH'"):
        host_time_from_spec(spec)
