"""The `vedette` CLI: what it accepts, what it refuses before connecting, and how it prints."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket
from pathlib import Path

import pytest

from vedette_api.cli.camera_password import read_camera_password
from vedette_api.cli.entry import join_time_values, main, parse_command_line, read_password
from vedette_api.cli.format import (
    camera_json,
    camera_list_rows,
    export_progress_line,
    format_bytes,
    format_table,
    message_to_json,
    status_rows,
    timeline_json,
    timeline_rows,
    volume_rows,
)
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import timestamp_from_us
from vedette_api.v1 import cameras_pb2, common_pb2, export_pb2, media_pb2, search_pb2, storage_pb2

NOW_US = 1_714_552_500_000_000  # 2024-05-01T08:35:00Z
MINUTE_US = 60_000_000
NO_ENV: dict[str, str] = {}


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert caught.value.code == 2
    return capsys.readouterr().err


# -- global options -------------------------------------------------------------------


def test_server_and_user_default_to_loopback_and_admin() -> None:
    args = parse_command_line(["status"], NO_ENV, now_us=NOW_US)
    assert args.server == "127.0.0.1:6036"
    assert args.user == "admin"
    assert not args.insecure
    assert not args.trust_new_certificate


def test_server_and_user_come_from_the_environment() -> None:
    environ = {"VEDETTE_SERVER": "nvr.local:7000", "VEDETTE_USER": "alice"}
    args = parse_command_line(["status"], environ, now_us=NOW_US)
    assert (args.server, args.user) == ("nvr.local:7000", "alice")


def test_flags_override_the_environment() -> None:
    environ = {"VEDETTE_SERVER": "nvr.local:7000", "VEDETTE_USER": "alice"}
    argv = ["--server", "10.0.0.9:6036", "--user", "bob", "--trust-new-certificate", "status"]
    args = parse_command_line(argv, environ, now_us=NOW_US)
    assert (args.server, args.user, args.trust_new_certificate) == ("10.0.0.9:6036", "bob", True)


def test_a_bad_server_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "port must be 1..65535" in _usage_error(["--server", "nvr:99999", "status"], capsys)


def test_insecure_to_a_remote_host_is_refused_before_asking_a_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _usage_error(["--server", "10.0.0.9:6036", "--insecure", "status"], capsys)
    assert "only allowed to a loopback address" in err


@pytest.mark.parametrize("server", ["127.0.0.1:6036", "localhost:6036", "[::1]:6036"])
def test_insecure_to_loopback_is_accepted(server: str) -> None:
    args = parse_command_line(["--server", server, "--insecure", "status"], NO_ENV, now_us=NOW_US)
    assert args.insecure


def test_there_is_no_password_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert "unrecognized arguments" in _usage_error(["status", "--password", "x"], capsys)


def test_the_password_comes_from_the_environment_without_a_prompt() -> None:
    password = read_password({"VEDETTE_PASSWORD": "s3cret"}, user="admin", server="h:1")
    assert password == "s3cret"


# -- cameras and volumes -------------------------------------------------------------------


def test_cameras_add_takes_every_camera_setting() -> None:
    argv = [
        "cameras", "add", "--name", "Front door", "--main", "rtsp://cam/main",
        "--sub", "rtsp://cam/sub", "--cam-user", "viewer", "--cam-password", "pw",
        "--disk-group", "2", "--expiry-days", "30", "--no-audio",
    ]  # fmt: skip
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert (args.command, args.action) == ("cameras", "add")
    assert (args.name, args.main_url, args.sub_url) == (
        "Front door",
        "rtsp://cam/main",
        "rtsp://cam/sub",
    )
    assert (args.cam_user, args.cam_password) == ("viewer", "pw")
    assert (args.disk_group, args.expiry_days, args.no_audio) == (2, 30, True)


def test_cameras_add_defaults_record_audio_in_group_1_forever() -> None:
    argv = ["cameras", "add", "--name", "A", "--main", "rtsp://a"]
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert (args.sub_url, args.disk_group, args.expiry_days, args.no_audio) == ("", 1, 0, False)


def test_a_camera_password_without_a_user_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["cameras", "add", "--name", "A", "--main", "rtsp://a", "--cam-password", "pw"]
    assert "--cam-password needs --cam-user" in _usage_error(argv, capsys)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--disk-group", "0", "must be at least 1"), ("--expiry-days", "-1", "must be 0 or more")],
)
def test_out_of_range_numbers_are_usage_errors(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["cameras", "add", "--name", "A", "--main", "rtsp://a", f"{option}={value}"]
    assert message in _usage_error(argv, capsys)


def test_camera_commands_keep_the_camera_reference_as_typed() -> None:
    args = parse_command_line(["cameras", "rm", "Front Door"], NO_ENV, now_us=NOW_US)
    assert args.camera == "Front Door"


def test_volume_commands_parse_paths_ids_and_force() -> None:
    add = parse_command_line(
        ["volumes", "add", "/media/disk1", "--disk-group", "3"], NO_ENV, now_us=0
    )
    init = parse_command_line(["volumes", "init", "4", "--force"], NO_ENV, now_us=0)
    assert (add.action, add.path, add.disk_group) == ("add", "/media/disk1", 3)
    assert (init.action, init.volume_id, init.force) == ("init", 4, True)


def test_option_abbreviations_are_not_guessed(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["timeline", "1", "--fro", "-1h", "--to", "now"], capsys)
    assert "--fro" in err


def test_a_subcommand_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert "required" in _usage_error(["cameras"], capsys)


# -- times, timeline and export ----------------------------------------------------------------


def test_relative_times_may_follow_their_option_as_a_separate_word() -> None:
    argv = ["timeline", "1", "--from", "-10m", "--to", "now"]
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert (args.start_us, args.end_us) == (NOW_US - 10 * MINUTE_US, NOW_US)
    assert args.stream == "main"
    assert not args.json


def test_joining_time_values_leaves_other_words_alone() -> None:
    argv = ["timeline", "-h", "--from", "-1h", "--to=-5m", "--", "--from", "-2h"]
    assert join_time_values(argv) == [
        "timeline", "-h", "--from=-1h", "--to=-5m", "--", "--from", "-2h",
    ]  # fmt: skip


def test_iso_and_relative_times_mix() -> None:
    argv = ["export", "cam", "--from", "2024-05-01T08:00:00Z", "--to=+5m", "--out", "a.mp4"]
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    start = int(dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC).timestamp()) * 1_000_000
    assert (args.start_us, args.end_us) == (start, NOW_US + 5 * MINUTE_US)


def test_a_bad_time_names_the_option_and_the_forms(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["timeline", "1", "--from", "yesterday", "--to", "now"], capsys)
    assert "--from: invalid time 'yesterday'" in err
    assert "-10m" in err


def test_to_must_be_after_from(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["timeline", "1", "--from", "now", "--to", "-1h"], capsys)
    assert "--to (-1h) must be after --from (now)" in err


@pytest.mark.parametrize(
    ("argv_tail", "expected"),
    [
        (["--out", "clip.MKV"], "mkv"),
        (["--out", "clip.avi"], "avi"),
        (["--out", "clip.bin", "--format", "mp4"], "mp4"),
        (["--out", "clip.mkv", "--format", "avi"], "avi"),
    ],
)
def test_export_format_comes_from_the_flag_or_the_extension(
    argv_tail: list[str], expected: str
) -> None:
    argv = ["export", "1", "--from", "-1h", "--to", "now", *argv_tail]
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert args.format == expected
    assert isinstance(args.out, Path)


def test_export_without_a_known_format_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["export", "1", "--from", "-1h", "--to", "now", "--out", "x.mov"], capsys)
    assert "--format is needed" in err


def test_stream_must_be_main_or_sub(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["timeline", "1", "--from", "-1h", "--to", "now", "--stream", "x"], capsys)
    assert "invalid choice" in err


# -- main: exit codes ---------------------------------------------------------------------


def test_main_returns_2_on_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cameras", "frobnicate"], {}) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_main_returns_1_naming_the_server_it_cannot_reach(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # Nothing listens there now; plaintext keeps the user's known_servers.json untouched.
    environ = {"VEDETTE_PASSWORD": "pw", "VEDETTE_SERVER": f"127.0.0.1:{port}"}
    assert main(["--insecure", "status"], environ) == 1
    err = capsys.readouterr().err
    assert err.startswith("vedette: error: cannot reach the Vedette server at 127.0.0.1:")
    assert "pw" not in err


# -- values out of range (issue 11) ---------------------------------------------------------

HUGE = "99999999999999999999"  # more than any int64
OUT_OF_RANGE = [
    (["cameras", "add", "--name", "A", "--main", "rtsp://a", "--expiry-days", "1000000000000"],
     "--expiry-days"),
    (["cameras", "add", "--name", "A", "--main", "rtsp://a", "--disk-group", "99999999999"],
     "--disk-group"),
    (["volumes", "init", HUGE], "ID"),
    (["timeline", "1", "--from", "0001-01-01", "--to", "now"], "--from"),
    (["timeline", "1", "--from", "-99999999999d", "--to", "now"], "--from"),
    (["timeline", "1", "--from", "+" + "9" * 5000 + "d", "--to", "now"], "--from"),
    (["export", "1", "--from", "-1h", "--to", "9999-12-31T23:59:59-01:00", "--out", "a.mp4"],
     "--to"),
    (["events", "--from", "0001-01-01"], "--from"),
    (["events", "--limit", HUGE], "--limit"),
    (["tags", "list", "--to", "0001-01-01"], "--to"),
    (["tags", "add", "cam", "--at", "+99999999999w"], "--at"),
    (["tags", "rm", HUGE], "ID"),
    (["tags", "rename", "0", "new"], "ID"),
    (["lock", "add", "cam", "--from", "-1h", "--to", "now", "--reason", "x", "--expire",
      "+99999999999d"], "--expire"),
    (["lock", "rm", HUGE], "ID"),
    (["days", "cam", "--month", "2026-13"], "--month"),
    (["days", "cam", "--month", "99999-01"], "--month"),
    (["logs", "--from", "0001-01-01"], "--from"),
    (["logs", "--limit", HUGE], "--limit"),
    (["logs", "--camera", HUGE], "--camera"),
    (["exports", "show", HUGE], "ID"),
    (["exports", "download", HUGE, "dir"], "ID"),
    (["thumbnails", "cam", "--count", "100000000000000", "--from", "-1h", "--to", "now",
      "--out", "d"], "--count"),
    (["thumbnails", "cam", "--width", HUGE, "--slices", "day", "--out", "d"], "--width"),
    (["thumbnails", "cam", "--slices", "day", "--at", "0001-01-01", "--out", "d"], "--at"),
    (["snapshot", "take", "cam", "--at", "0001-01-01"], "--at"),
    (["snapshot", "list", "--from", "0001-01-01"], "--from"),
    (["snapshot", "get", HUGE, "--out", "a.jpg"], "ID"),
    (["snapshot", "export", "1", HUGE], "ID"),
    (["play", "cam", "--from", "0001-01-01", "--out", "a.h264"], "--from"),
    (["play", "cam", "--from", "-1h", "--speed", "nan", "--out", "a.h264"], "--speed"),
    (["play", "cam", "--from", "-1h", "--speed", "1e400", "--out", "a.h264"], "--speed"),
    (["play", "cam", "--from", "-1h", "--seconds", "inf", "--out", "a.h264"], "--seconds"),
    (["live", "cam", "--seconds", "nan", "--out", "a.h264"], "--seconds"),
    (["restart", "--in", "99999999999999999"], "--in"),
    (["shutdown", "--in", "-1"], "--in"),
    (["groups", "add", "Night", "--local-cameras", f"live={HUGE}"], "camera id"),
    (["groups", "set", "Night", "--remote-cameras", "live=1+x"], "camera rights"),
    (["settings", "set", "general.device_number=99999999999"], "general.device_number"),
    (["settings", "set", "security.lockout=99999999999999999d"], "duration"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "named"), OUT_OF_RANGE, ids=[" ".join(a)[:60] for a, _ in OUT_OF_RANGE]
)
def test_out_of_range_values_are_usage_errors_without_a_traceback(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that is not there: a value that slipped through would end in status 1.
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    environ = {"VEDETTE_PASSWORD": "pw", "VEDETTE_SERVER": f"127.0.0.1:{port}"}

    status = main(["--insecure", *argv], environ)

    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and named in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("vedette") and ": error: " in last and len(last) < 400


def test_the_widest_times_are_accepted_and_shown(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["timeline", "1", "--from", "0001-01-01T00:00:00Z", "--to", "9999-12-31T23:59:59Z"]
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert args.start_us == -62_135_596_800_000_000 and args.end_us == 253_402_300_799_000_000


def test_every_time_option_is_parsed_before_connecting() -> None:
    argv = ["lock", "add", "cam", "--from", "-1h", "--to", "now", "--reason", "r",
            "--expire", "+1d"]  # fmt: skip
    args = parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert (args.time_from_us, args.time_to_us, args.expire_us) == (
        NOW_US - 60 * MINUTE_US,
        NOW_US,
        NOW_US + 24 * 60 * MINUTE_US,
    )
    assert parse_command_line(["snapshot", "take", "c"], NO_ENV, now_us=NOW_US).time_at_us is None


# -- the camera's password -----------------------------------------------------------------


class Terminal(io.StringIO):
    """Standard input that is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_camera_password_sources_in_order() -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed"

    env = {"VEDETTE_CAM_PASSWORD": "from-env"}
    pipe = io.StringIO("piped\nsecond line\n")
    assert read_camera_password("u", "flag", env, stdin=Terminal(), prompt=prompt) == "flag"
    assert read_camera_password("u", "-", env, stdin=Terminal(), prompt=prompt) == "typed"
    assert read_camera_password("u", "-", env, stdin=pipe, prompt=prompt) == "piped"
    assert read_camera_password("u", None, env, stdin=Terminal(), prompt=prompt) == "from-env"
    assert read_camera_password("u", None, {}, stdin=Terminal(), prompt=prompt) == "typed"
    # A script without a terminal is never stopped by a prompt.
    assert read_camera_password("u", None, {}, stdin=io.StringIO(""), prompt=prompt) == ""
    assert len(asked) == 2 and all("'u'" in text for text in asked)


def test_a_camera_password_read_from_an_empty_stdin_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="standard input is empty"):
        read_camera_password("u", "-", {}, stdin=io.StringIO(""), prompt=lambda _: "x")


def test_help_names_the_camera_password_variable_and_the_exit_statuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["--help"], ["cameras", "add", "--help"]):
        with pytest.raises(SystemExit):
            parse_command_line(argv, NO_ENV, now_us=NOW_US)
        assert "VEDETTE_CAM_PASSWORD" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parse_command_line(["--help"], NO_ENV, now_us=NOW_US)
    assert "3 (verify)" in " ".join(capsys.readouterr().out.split())


# -- formatting ---------------------------------------------------------------------------


def _camera(camera_id: int, name: str, **status: cameras_pb2.StreamStatus) -> cameras_pb2.Camera:
    return cameras_pb2.Camera(
        id=camera_id,
        name=name,
        main_url=f"rtsp://cam{camera_id}/main",
        enabled=True,
        disk_group=1,
        status=cameras_pb2.CameraStatus(recording=True, **status),
    )


def test_tables_align_columns_and_right_align_numbers() -> None:
    table = format_table(
        ["ID", "NAME", "MB"], [["1", "Front door", "5.0"], ["12", "Yard", "120.5"]], right=[2]
    )
    assert table.splitlines() == [
        "ID  NAME           MB",
        "1   Front door    5.0",
        "12  Yard        120.5",
    ]


def test_status_shows_one_row_per_stream_with_health_figures() -> None:
    online = cameras_pb2.StreamStatus(
        state=cameras_pb2.STREAM_STATE_ONLINE, codec=media_pb2.CODEC_H264,
        width=1920, height=1080, fps=25.0, bitrate_kbps=4012, bytes_written=123_456_789,
        segment_count=3, last_packet_time=timestamp_from_us(NOW_US - 400_000),
    )  # fmt: skip
    offline = cameras_pb2.StreamStatus(
        state=cameras_pb2.STREAM_STATE_OFFLINE,
        offline_reason=cameras_pb2.OFFLINE_REASON_AUTH_FAILED,
        message="401 Unauthorized",
    )
    cameras = [_camera(1, "Front door", main=online), _camera(2, "Back", main=offline)]

    headers, rows = status_rows(cameras, now_us=NOW_US)

    by_column = [dict(zip(headers, row, strict=True)) for row in rows]
    assert len(rows) == 2  # no sub URL and sub disabled: no sub row
    assert by_column[0]["STATE"] == "online"
    assert by_column[0]["VIDEO"] == "H264 1920x1080"
    assert (by_column[0]["FPS"], by_column[0]["KBIT/S"]) == ("25.0", "4012")
    assert (by_column[0]["MB WRITTEN"], by_column[0]["SEGMENTS"]) == ("123.5", "3")
    assert by_column[0]["LAST PACKET"] == "400ms ago"
    assert by_column[1]["STATE"] == "offline: auth failed"
    assert by_column[1]["MESSAGE"] == "401 Unauthorized"
    assert by_column[1]["FPS"] == "-"


def test_status_shows_the_sub_stream_when_configured() -> None:
    connecting = cameras_pb2.StreamStatus(state=cameras_pb2.STREAM_STATE_CONNECTING)
    camera = _camera(1, "A", main=connecting, sub=connecting)
    camera.sub_url = "rtsp://cam1/sub"
    _, rows = status_rows([camera], now_us=NOW_US)
    assert [(row[2], row[3]) for row in rows] == [("main", "connecting"), ("sub", "connecting")]


def test_camera_list_shows_credentials_only_as_a_yes_or_no() -> None:
    camera = _camera(3, "Gate")
    camera.has_credentials = True
    headers, rows = camera_list_rows([camera])
    assert dict(zip(headers, rows[0], strict=True))["CREDENTIALS"] == "yes"


def test_camera_json_omits_write_only_credentials_and_keeps_ints_as_numbers() -> None:
    camera = _camera(7, "Gate")
    camera.create_time.CopyFrom(timestamp_from_us(NOW_US))
    result = camera_json(camera)
    assert "camera_password" not in result
    assert "camera_user" not in result
    assert result["id"] == 7
    assert result["create_time"] == "2024-05-01T08:35:00Z"
    assert result["update_time"] is None
    assert result["status"]["main"]["state"] == "STREAM_STATE_UNSPECIFIED"
    json.dumps(result)  # serialisable as it is


def test_volume_rows_show_state_sizes_and_oldest_recording() -> None:
    volume = storage_pb2.Volume(
        id=1, path="/media/disk1", disk_group=1, state=storage_pb2.VOLUME_STATE_READ_WRITE,
        capacity_bytes=500_000_000_000, free_bytes=123_400_000_000,
        oldest_recording_time=timestamp_from_us(NOW_US),
    )  # fmt: skip
    headers, rows = volume_rows([volume], tz=dt.UTC)
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["STATE"], row["CAPACITY"], row["FREE"]) == ("read-write", "500.0 GB", "123.4 GB")
    assert (row["OLDEST"], row["NEWEST"]) == ("2024-05-01 08:35:00", "-")


def _timeline_with_a_gap() -> search_pb2.CameraTimeline:
    def run(
        start_min: int, end_min: int, *reasons: common_pb2.RecordReason
    ) -> search_pb2.RecordingRun:
        return search_pb2.RecordingRun(
            start_time=timestamp_from_us(NOW_US + start_min * MINUTE_US),
            end_time=timestamp_from_us(NOW_US + end_min * MINUTE_US),
            record_reasons=list(reasons),
        )

    return search_pb2.CameraTimeline(
        camera_id=1,
        runs=[
            run(0, 10, common_pb2.RECORD_REASON_SCHEDULE),
            run(12, 20, common_pb2.RECORD_REASON_SCHEDULE, common_pb2.RECORD_REASON_MOTION),
        ],
    )


def test_timeline_rows_put_gaps_between_runs() -> None:
    _, rows = timeline_rows(_timeline_with_a_gap(), tz=dt.UTC)
    assert [row[0] for row in rows] == ["recorded", "gap", "recorded"]
    assert rows[1][1:4] == ["2024-05-01 08:45:00", "2024-05-01 08:47:00", "2m 00s"]
    assert rows[2][4] == "schedule, motion"


def test_timeline_json_lists_runs_and_gaps_explicitly() -> None:
    result = timeline_json(_timeline_with_a_gap(), "Front door")
    assert result["camera_name"] == "Front door"
    assert len(result["runs"]) == 2
    assert result["runs"][1]["record_reasons"] == ["RECORD_REASON_SCHEDULE", "RECORD_REASON_MOTION"]
    assert result["runs"][0]["reasons"] == ["schedule"]
    assert result["runs"][1]["reasons"] == ["schedule", "motion"]
    assert result["gaps"] == [
        {
            "start_time": "2024-05-01T08:45:00Z",
            "end_time": "2024-05-01T08:47:00Z",
            "duration_s": 120.0,
        }
    ]


def test_generic_json_renders_durations_in_seconds() -> None:
    request = search_pb2.GetTimelineRequest(camera_ids=[1, 2])
    request.resolution.FromMicroseconds(1_500_000)
    result = message_to_json(request)
    assert result["camera_ids"] == [1, 2]
    assert result["resolution"] == 1.5
    assert result["stream"] == "STREAM_UNSPECIFIED"


def test_export_progress_shows_bytes_estimate_and_share_of_the_range() -> None:
    piece = export_pb2.ExportRecordingResponse(
        bytes_sent=2_500_000,
        estimated_total_bytes=10_000_000,
        media_time=timestamp_from_us(NOW_US + 3 * MINUTE_US),
    )
    line = export_progress_line(piece, start_us=NOW_US, end_us=NOW_US + 4 * MINUTE_US)
    assert line == "2.5 MB of ~10.0 MB  75% of the recording"


@pytest.mark.parametrize(
    ("size_bytes", "text"),
    [(512, "512 B"), (1500, "1.5 kB"), (120_400_000, "120.4 MB"), (2 * 10**12, "2.0 TB")],
)
def test_sizes_use_decimal_units(size_bytes: int, text: str) -> None:
    assert format_bytes(size_bytes) == text
