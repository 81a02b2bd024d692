"""Schedules and recording policies through RecordingService, the SDK and the
``vedette recording|schedules`` CLI against a real server: round trips, the mode
presets, copy-to, rights, and bad input refused with nothing changed.

The cameras are disabled (nothing to record); what a policy does to recording is the
recorder's, tested with it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_cli import vedette
from tests.support.server_process import ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.recording_policy import week_days
from vedette_api.v1 import recording_pb2

pytestmark = pytest.mark.interop

PASSWORD = "Policy-Test-2026!"
OFFICE = {d: [(480, 720), (780, 1080)] for d in ("mon", "tue", "wed", "thu", "fri")}


def _state(client: Client) -> tuple[object, ...]:
    schedules = [(s.id, s.name, week_days(s.week)) for s in client.list_schedules()]
    policies = [p.SerializeToString() for p in client.get_recording_policies()]
    return tuple(schedules), tuple(policies)


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def _cameras(admin: Client, *names: str) -> list[int]:
    return [admin.create_camera(n, f"rtsp://127.0.0.1:9/{n}", enabled=False).id for n in names]


def test_schedules_and_policies_round_trip(server: ServerProcess) -> None:
    with server.client() as admin:
        a, b, c = _cameras(admin, "a", "b", "c")
        builtin = admin.list_schedules()
        assert [(s.name, s.builtin, s.read_only) for s in builtin] == [
            ("24x7", True, True),
            ("24x5", True, False),
            ("24x2", True, False),
        ]
        assert week_days(builtin[2].week)["sat"] == [(0, 1440)]
        # A camera never given a policy records always.
        [default] = admin.get_recording_policies([a])
        assert (default.mode, default.is_default, default.normal_schedule_id) == (
            "always",
            True,
            builtin[0].id,
        )
        put = admin.put_schedule("Office", OFFICE)
        assert put.created and week_days(put.schedule.week)["mon"] == OFFICE["mon"]
        assert week_days(admin.get_schedule(name="Office").week) == week_days(put.schedule.week)
        # A mode preset with a schedule over it, copied to another camera.
        policies = admin.set_recording_policy(
            a,
            mode="always+motion",
            normal_schedule_id=put.schedule.id,
            normal_streams="sub",
            event_streams="main",
            pre_s=10,
            post_s=5,
            copy_to=[b],
        )
        assert [p.camera_id for p in policies] == [a, b]
        for policy in admin.get_recording_policies([a, b]):
            assert policy.mode == "custom" and not policy.is_default
            assert (policy.normal_schedule_id, policy.motion_schedule_id) == (
                put.schedule.id,
                builtin[0].id,
            )
            assert (policy.sensor_schedule_id, policy.analytics_schedule_id) == (0, 0)
            assert policy.normal_streams == recording_pb2.RECORD_STREAMS_SUB
            assert policy.event_streams == recording_pb2.RECORD_STREAMS_MAIN
            assert (policy.pre_s, policy.post_s, policy.tentative_segment_s) == (10, 5, 10)
        [motion] = admin.set_recording_policy(c, mode="motion")
        assert (motion.mode, motion.pre_s, motion.post_s) == ("motion", 5, 10)
        assert list(admin.get_schedule(name="Office").used_by_camera_ids) == [a, b]
        # A schedule in use cannot go; the error names the cameras.
        with pytest.raises(errors.FailedPrecondition, match=rf"camera\(s\) {a}, {b}"):
            admin.delete_schedule(name="Office")
        # Deleting a camera deletes its policy (the catalog's cascade).
        admin.delete_camera(a)
        assert list(admin.get_schedule(name="Office").used_by_camera_ids) == [b]
        admin.set_recording_policy(b, mode="none")
        admin.delete_schedule(name="Office")
        with pytest.raises(errors.NotFound):
            admin.get_schedule(name="Office")
        assert [p.mode for p in admin.get_recording_policies()] == ["none", "motion"]


def test_bad_input_is_refused_and_changes_nothing(server: ServerProcess) -> None:
    with server.client() as admin:
        [a] = _cameras(admin, "a")
        admin.put_schedule("Nights", {"sun": [(0, 360)]})
        admin.set_recording_policy(a, mode="motion", pre_s=20, post_s=30)
        before = _state(admin)
        bad_weeks: list[tuple[dict[str, list[tuple[int, int]]], str]] = [
            ({"mon": [(60, 120), (100, 200)]}, "schedule.week.mon: ranges 01:00-02:00 and"),
            ({"tue": [(m * 10, m * 10 + 5) for m in range(9)]}, "schedule.week.tue: 9 ranges"),
            ({"wed": [(0, 1441)]}, "schedule.week.wed: range [0, 1441) is outside"),
            ({"thu": [(600, 600)]}, "schedule.week.thu: range [600, 600) ends at or before"),
        ]
        for days, message in bad_weeks:
            with pytest.raises(errors.InvalidArgument, match=message.replace("(", r"\(")
                               .replace(")", r"\)").replace("[", r"\[")):  # fmt: skip
                admin.put_schedule("Nights", days)
        with pytest.raises(errors.FailedPrecondition, match="'24x7' is built in"):
            admin.put_schedule("24x7", {})
        with pytest.raises(errors.InvalidArgument, match=r"schedule\.name"):
            admin.put_schedule("", {})
        for fields, message in (
            ({"pre_s": 601}, "policy.pre_s: 601 s is not in 0..600 s"),
            ({"post_s": 4}, "policy.post_s: 4 s is not in 5..600 s"),
            ({"mode": "sometimes"}, "mode: 'sometimes' is not one of"),
        ):
            with pytest.raises(errors.InvalidArgument, match=message):
                admin.set_recording_policy(a, **fields)
        with pytest.raises(errors.NotFound, match="motion schedule 999"):
            admin.set_recording_policy(a, motion_schedule_id=999)
        with pytest.raises(errors.NotFound, match="camera 999"):
            admin.set_recording_policy(a, mode="always", copy_to=[999])
        with pytest.raises(errors.NotFound, match="camera 999"):
            admin.get_recording_policies([999])
        with pytest.raises(errors.FailedPrecondition, match="'24x5' is built in"):
            admin.delete_schedule(name="24x5")
        with pytest.raises(errors.NotFound):
            admin.delete_schedule(name="Nope")
        assert _state(admin) == before


def test_policies_show_only_cameras_the_user_sees(server: ServerProcess) -> None:
    with server.client() as admin:
        a, b = _cameras(admin, "a", "b")
        admin.set_recording_policy(b, mode="sensor")
        group = admin.create_group(
            "viewers",
            remote_rights=make_rights((), {"live": [a]}),
            local_rights=make_rights((), {}),
        )
        admin.create_user("viewer", PASSWORD, group_id=group.id)
    with Client.connect(
        server.address,
        username="viewer",
        password=PASSWORD,
        known_servers_path=server.known_servers,
    ) as v:
        assert [p.camera_id for p in v.get_recording_policies()] == [a]
        with pytest.raises(errors.NotFound):
            v.get_recording_policies([b])
        assert {s.name for s in v.list_schedules()} >= {"24x7", "24x5", "24x2"}
        with pytest.raises(errors.PermissionDenied):
            v.set_recording_policy(a, mode="none")
        with pytest.raises(errors.PermissionDenied):
            v.put_schedule("Mine", {})


def test_the_cli_shows_and_sets_schedules_and_policies(
    server: ServerProcess, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    with server.client() as admin:
        a, b = _cameras(admin, "Lobby", "Yard")

    def run(*args: str) -> object:
        return json.loads(vedette(server, home, *args).stdout)

    put = run(
        "schedules", "put", "Shop", "--preset", "24x5", "--day", "mon=08:00-12:00,13:00-18:30",
        "--copy", "mon=tue,wed", "--day", "fri=none", "--json",
    )  # fmt: skip
    assert isinstance(put, dict) and put["created"]
    assert put["days"] == {
        "mon": "08:00-12:00,13:00-18:30", "tue": "08:00-12:00,13:00-18:30",
        "wed": "08:00-12:00,13:00-18:30", "thu": "00:00-24:00", "fri": "none",
        "sat": "none", "sun": "none",
    }  # fmt: skip
    assert put["minutes"]["mon"] == [[480, 720], [780, 1110]]
    shown = run("schedules", "show", "Shop", "--json")
    assert shown == {k: v for k, v in put.items() if k != "created"}
    listed = run("schedules", "list", "--json")
    assert isinstance(listed, list) and [s["name"] for s in listed] == [
        "24x7", "24x5", "24x2", "Shop",
    ]  # fmt: skip

    policy = run(
        "recording", "set", "lobby", "--mode", "always+motion", "--normal-schedule", "Shop",
        "--event-stream", "main", "--pre", "15", "--post", "20", "--copy-to", "Yard", "--json",
    )  # fmt: skip
    assert isinstance(policy, dict)
    assert policy == {
        "camera_id": a, "camera": "Lobby", "mode": "custom", "is_default": False,
        "normal_schedule": "Shop", "motion_schedule": "24x7", "sensor_schedule": None,
        "analytics_schedule": None, "normal_stream": "both", "event_stream": "main",
        "pre_s": 15, "post_s": 20, "tentative_segment_s": 10, "copied_to_camera_ids": [b],
    }  # fmt: skip
    assert run("recording", "show", "Lobby", "--json") == {
        k: v for k, v in policy.items() if k != "copied_to_camera_ids"
    }
    # Only what the options name changes.
    again = run("recording", "set", "Yard", "--normal-schedule", "none", "--post", "60", "--json")
    assert isinstance(again, dict)
    assert (again["mode"], again["normal_schedule"], again["pre_s"], again["post_s"]) == (
        "motion", None, 15, 60,
    )  # fmt: skip
    with server.client() as admin:
        [sdk] = admin.get_recording_policies([b])
        assert (sdk.mode, sdk.post_s, sdk.normal_schedule_id) == ("motion", 60, 0)

    refused = vedette(server, home, "schedules", "rm", "Shop", check=False)
    assert refused.returncode == 1 and f"camera(s) {a}" in refused.stderr
    bad = vedette(server, home, "schedules", "put", "X", "--day", "mon=09:00-08:00", check=False)
    assert bad.returncode == 1 and "mon: range [540, 480) ends at or before" in bad.stderr
    usage = vedette(server, home, "recording", "set", "Lobby", "--post", "4", check=False)
    assert usage.returncode == 2
    text = vedette(server, home, "recording", "set", "Lobby", "--mode", "always").stdout
    assert text.startswith(f"camera {a} records in mode always\n")
    vedette(server, home, "schedules", "rm", "Shop")
    assert "Shop" not in vedette(server, home, "schedules", "list").stdout


def _policies_by_name(client: Client) -> list[tuple[object, ...]]:
    cameras = {c.id: c.name for c in client.list_cameras()}
    schedules = {s.id: s.name for s in client.list_schedules()}
    return sorted(
        (
            cameras[p.camera_id], p.mode, p.is_default, p.normal_streams, p.event_streams,
            p.pre_s, p.post_s,
            *(schedules.get(getattr(p, f"{k}_schedule_id")) for k in ("normal", "motion")),
        )
        for p in client.get_recording_policies()
    )  # fmt: skip


def test_a_configuration_backup_carries_schedules_and_policies(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    source = server_factory(data=tmp_path / "source", volume=False)
    with source.client() as admin:
        yard, _gate = _cameras(admin, "Yard", "Gate")
        office = admin.put_schedule("Office", OFFICE).schedule
        admin.set_recording_policy(
            yard, mode="always+motion", normal_schedule_id=office.id, event_streams="main",
            pre_s=12, post_s=34,
        )  # fmt: skip
        expected = (
            _policies_by_name(admin),
            [(s.name, week_days(s.week)) for s in admin.list_schedules()],
        )
        exported = admin.export_config(PASSWORD)
    target = server_factory(data=tmp_path / "target", volume=False)
    with target.client() as admin:
        [gate] = _cameras(admin, "Gate")
        admin.put_schedule("Stale", {"sun": [(0, 60)]})
        admin.set_recording_policy(gate, mode="sensor")
        preview = admin.preview_config_import(exported.data, PASSWORD)
        planned = {(c.kind, c.name, c.action) for c in preview.changes}
        assert {("schedule", "Office", "add"), ("schedule", "Stale", "remove")} <= planned
        assert ("camera", "Gate", "change") in planned  # its recording policy
        admin.import_config(exported.data, PASSWORD)
    with target.client() as admin:
        assert (
            _policies_by_name(admin),
            [(s.name, week_days(s.week)) for s in admin.list_schedules()],
        ) == expected
