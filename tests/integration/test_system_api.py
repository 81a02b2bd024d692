"""SystemService on real servers: settings, the host clock, system information, logs,
restart and shutdown, configuration backup and restore, factory reset."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.duration_pb2 import Duration

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api import errors
from vedette_api.cli.format import message_to_json
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.motion import cells_in_box
from vedette_api.v1 import cameras_pb2, common_pb2, system_pb2, views_pb2

PASSPHRASE = "Backup-Phrase-2026"
GUARD_PASSWORD = "Night-Shift-41!"


def test_settings_are_validated_kept_across_a_restart_and_say_when_a_restart_is_needed(
    server_factory,
) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        bad = system_pb2.Settings(date_time=system_pb2.DateTimeSettings(time_zone="Mars/Base"))
        with pytest.raises(errors.InvalidArgument, match=r"date_time\.time_zone"):
            client.update_settings(bad, ["date_time.time_zone"])
        zone = system_pb2.Settings(date_time=system_pb2.DateTimeSettings(time_zone="Europe/Paris"))
        reply = client.update_settings(zone, ["date_time.time_zone"])
        assert not reply.restart_required and not reply.settings.date_time.applied_to_host
        port = system_pb2.Settings(network=system_pb2.NetworkSettings(rtsp_port=9554))
        assert client.update_settings(port, ["network.rtsp_port"]).restart_required
        clash = system_pb2.Settings(network=system_pb2.NetworkSettings(server_port=9554))
        with pytest.raises(errors.InvalidArgument, match="ports must differ"):
            client.update_settings(clash, ["network.server_port"])
        with pytest.raises(errors.FailedPrecondition, match="does not manage"):
            client.set_system_time(time.time_ns() // 1000)
    server.stop()
    again = server_factory(volume=False, data=server.data)
    with again.client() as client:
        settings = client.get_settings()
        assert settings.date_time.time_zone == "Europe/Paris"
        assert settings.network.rtsp_port == 9554
        changes = [e for e in client.search_logs(text="settings.update", limit=10)]
        assert [e.outcome for e in changes] == ["INVALID_ARGUMENT", "ok", "ok", "INVALID_ARGUMENT"]
        detail = json.loads(changes[1].detail_json)
        assert detail["before"]["network"]["rtsp_port"] == 8554
        assert detail["after"]["network"]["rtsp_port"] == 9554


def test_date_and_time_go_to_the_host_through_its_time_service(server_factory, tmp_path) -> None:
    calls = tmp_path / "host-time.jsonl"
    server = server_factory("--host-control", f"record:{calls}", volume=False)
    with server.client() as client:
        settings = system_pb2.Settings(
            date_time=system_pb2.DateTimeSettings(
                time_zone="America/New_York",
                date_format=system_pb2.DATE_FORMAT_MM_DD_YYYY,
                time_format=system_pb2.TIME_FORMAT_12_HOUR,
                time_sync=system_pb2.TIME_SYNC_MANUAL,
                ntp_server="pool.ntp.org",
            )
        )
        reply = client.update_settings(settings, ["date_time"])
        assert reply.settings.date_time.applied_to_host
        client.set_system_time(1_800_000_000_000_000)
        ntp = system_pb2.Settings(
            date_time=system_pb2.DateTimeSettings(
                time_sync=system_pb2.TIME_SYNC_NTP, ntp_server="ntp.example.org"
            )
        )
        client.update_settings(ntp, ["date_time.time_sync", "date_time.ntp_server"])
        with pytest.raises(errors.FailedPrecondition, match="NTP"):
            client.set_system_time(1_800_000_000_000_000)
    recorded = [json.loads(line) for line in calls.read_text().splitlines()]
    assert [(c["call"], c["args"]) for c in recorded] == [
        ("set_time_zone", ["America/New_York"]),
        ("set_time", [1_800_000_000_000_000]),
        ("set_ntp", ["ntp.example.org"]),
    ]


def test_system_information_tells_version_uptime_disks_cameras_and_network(server_factory) -> None:
    server = server_factory()
    with server.client() as client:
        client.create_camera("Door", "rtsp://127.0.0.1:9/door", enabled=False)
        info = client.get_system_info()
        assert info.version and info.server_id == client.get_server_info().server_id
        assert info.uptime.seconds >= 0 and info.start_time.seconds > 0
        assert [c.name for c in info.cameras] == ["Door"] and info.cameras_recording == 0
        assert info.volumes and info.volumes[0].capacity_bytes > 0
        loopback = next(i for i in info.interfaces if i.name == "lo")
        assert any(a.address == "127.0.0.1" for a in loopback.addresses) and loopback.up
        assert info.sessions == 1


def test_restart_and_shutdown_happen_when_asked_and_can_be_cancelled(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        started = client.get_server_info().start_time.ToMicroseconds()
        client.shutdown(60 * 1_000_000)
        client.cancel_power_action()
        with pytest.raises(errors.NotFound):
            client.cancel_power_action()
        with pytest.raises(errors.InvalidArgument, match="delay"):
            client.restart(7200 * 1_000_000)
        client.restart(0)
    ready = wait_for(
        lambda: [line for line in server.lines if line.startswith("vedette-server ready on")][1:],
        30,
        "the restarted server",
    )
    port = int(ready[0].rsplit(":", 1)[1])
    restarted = ServerProcess(server.data, server.process, port, server.known_servers, server.lines)
    with restarted.client() as client:
        assert client.get_server_info().start_time.ToMicroseconds() > started
        client.shutdown(0)
    assert server.process.wait(30) == 0


def _configuration(client: Client) -> dict[str, Any]:
    """Everything an import must reproduce, without ids and clocks."""
    camera_names = {c.id: c.name for c in client.list_cameras()}

    def rights(message: Any) -> Any:
        found = message_to_json(message)
        for access in found["cameras"]:
            access["camera_ids"] = sorted(camera_names[i] for i in access["camera_ids"])
        return found

    groups = {g.id: g.name for g in client.list_groups()}
    settings = message_to_json(client.get_settings())
    settings["date_time"].pop("applied_to_host")
    return {
        "cameras": [
            {
                key: value
                for key, value in message_to_json(c).items()
                if key not in ("id", "create_time", "update_time", "status")
            }
            for c in client.list_cameras()
        ],
        "groups": [
            (
                g.name,
                g.kind,
                rights(g.local_rights),
                rights(g.remote_rights),
                g.ptz_priority if g.HasField("ptz_priority") else None,
            )
            for g in client.list_groups()
        ],
        "users": [
            (u.name, groups[u.group_id], u.enabled, u.permission_control, u.email, u.note)
            for u in client.list_users()
        ],
        "disk_groups": [
            (g.id, g.name, g.overwrite, g.reserve_bytes) for g in client.list_disk_groups()
        ],
        "settings": settings,
        "motion": sorted(
            (c.name, json.dumps(message_to_json(client.get_motion_config(c.id).config)))
            for c in client.list_cameras()
        ),
    }


def test_a_configuration_moves_to_another_server_whole_and_its_camera_passwords_still_work(
    server_factory, camsim_factory, tmp_path: Path
) -> None:
    camsim: CamsimProcess = camsim_factory("--user", "viewer", "--password", "Cam-Pass-2026")
    source = server_factory(data=tmp_path / "source")
    with source.client() as client:
        yard = client.create_camera(
            "Yard",
            camsim.url("cam1", "main", auth=False),
            camera_user="viewer",
            camera_password="Cam-Pass-2026",
        )
        spare = client.create_camera(
            "Spare", "rtsp://127.0.0.1:9/spare", enabled=False, expiry_days=30
        )
        client.set_motion_config(  # Yard keeps the defaults (off)
            spare.id, enabled=True, sensitivity=8, hold_seconds=30, make_frames=3,
            areas=[("door", cells_in_box(0, 0, 5, 4)), ("gate", cells_in_box(10, 9, 21, 17))],
        )  # fmt: skip
        group = client.create_group(
            "yard watch",
            remote_rights=make_rights(["logs"], {"live": [yard.id]}),
            ptz_priority=4200,
        )
        client.create_user("guard", GUARD_PASSWORD, group_id=group.id, email="g@example.org")
        client.update_disk_group(1, name="Internal", reserve_bytes=2 << 30)
        client.update_settings(
            system_pb2.Settings(
                general=system_pb2.GeneralSettings(device_name="Yard NVR", device_number=7),
                security=system_pb2.SecuritySettings(
                    session_lifetime=Duration(seconds=3600),
                    max_failed_logins=4,
                    lockout=Duration(seconds=600),
                    password_min_length=10,
                    password_min_classes=3,
                    client_certificates=system_pb2.CLIENT_CERTIFICATES_OFF,
                ),
            ),
            ["general.device_name", "general.device_number", "security"],
        )
        expected = _configuration(client)
        exported = client.export_config(PASSPHRASE)
    assert exported.file_name.endswith(".vcfg")
    target = server_factory(data=tmp_path / "target")
    with target.client() as client:
        before = _configuration(client)
        tampered = bytearray(exported.data)
        tampered[len(tampered) // 2] ^= 0x01
        with pytest.raises(errors.InvalidArgument, match="TAMPERED"):
            client.preview_config_import(bytes(tampered), PASSPHRASE)
        with pytest.raises(errors.InvalidArgument, match="TAMPERED"):
            client.import_config(bytes(tampered), PASSPHRASE)
        with pytest.raises(errors.InvalidArgument, match="WRONG_PASSPHRASE"):
            client.import_config(exported.data, "not-the-phrase")
        with pytest.raises(errors.InvalidArgument, match="NOT_A_CONFIG_FILE"):
            client.import_config(b"PK\x03\x04 a zip file", PASSPHRASE)
        assert _configuration(client) == before  # refused files change nothing
        preview = client.preview_config_import(exported.data, PASSPHRASE)
        planned = {(c.kind, c.name, c.action) for c in preview.changes}
        assert {("camera", "Yard", "add"), ("user", "guard", "add")} <= planned
        assert _configuration(client) == before  # a preview changes nothing
        client.import_config(exported.data, PASSPHRASE)
    # Every session was ended by the import; the imported admin password applies.
    with target.client() as client:
        assert _configuration(client) == expected
        yard_there = next(c for c in client.list_cameras() if c.name == "Yard")
        wait_for(
            lambda: (
                client.get_camera(yard_there.id).status.main.state
                == cameras_pb2.STREAM_STATE_ONLINE
            ),
            30,
            "the imported camera to record with its imported password",
        )
    with Client.connect(
        target.address, username="guard", password=GUARD_PASSWORD,
        known_servers_path=target.known_servers,
    ) as guard:  # fmt: skip
        assert [c.name for c in guard.list_cameras()] == ["Yard"]


def _sequence(tile: views_pb2.ViewTile, cameras: dict[int, str]) -> tuple[Any, ...] | None:
    """A tile's in-tile sequence by camera names (None: a plain tile)."""
    if not tile.HasField("sequence"):
        return None
    sequence = tile.sequence
    return (sequence.name, tuple(cameras[c] for c in sequence.camera_ids), sequence.dwell_s)


def _views_and_tours(client: Client) -> dict[str, Any]:
    """The views and tours a user sees, by names (ids differ between servers)."""
    cameras = {c.id: c.name for c in client.list_cameras()}
    views = client.list_views()
    names = {v.id: (v.owner, v.name) for v in views}
    return {
        "views": sorted(
            (v.owner, v.name, v.layout, v.shared,
             tuple((t.index, cameras[t.camera_id], t.stream, _sequence(t, cameras))
                   for t in v.tiles))
            for v in views
        ),
        "tours": sorted(
            (t.owner, t.name, t.shared,
             tuple((names[s.view_id], s.dwell_seconds) for s in t.steps))
            for t in client.list_tours()
        ),
    }  # fmt: skip


def test_a_configuration_backup_carries_saved_views_and_tours(
    server_factory, tmp_path: Path
) -> None:
    """Export, preview (the changes listed) and import of every user's views and tours,
    the cameras in their tiles found again by name on the other server."""
    source = server_factory(data=tmp_path / "source", volume=False)
    with source.client() as admin:
        yard = admin.create_camera("Yard", "rtsp://127.0.0.1:9/yard", enabled=False)
        gate = admin.create_camera("Gate", "rtsp://127.0.0.1:9/gate", enabled=False)
        group = admin.create_group(
            "yard watch", remote_rights=make_rights([], {"live": [yard.id, gate.id]})
        )
        admin.create_user("guard", GUARD_PASSWORD, group_id=group.id)
        both = views_pb2.TileSequence(name="both", camera_ids=[gate.id, yard.id], dwell_s=5)
        wall = admin.save_view(
            "Wall", 4,
            [(0, yard.id), (1, gate.id, common_pb2.STREAM_SUB),
             views_pb2.ViewTile(index=2, camera_id=gate.id, sequence=both)],
            shared=True,
        )  # fmt: skip
        gate_only = admin.save_view("Gate only", 1, [(0, gate.id)])
        admin.save_tour("Round", [(wall.id, 10), (gate_only.id, 5)])
        with Client.connect(
            source.address, username="guard", password=GUARD_PASSWORD,
            known_servers_path=source.known_servers,
        ) as guard:  # fmt: skip
            mine = guard.save_view("Mine", 1, [(0, yard.id)])
            guard.save_tour("Guard round", [(mine.id, 20), (wall.id, 15)], shared=True)
            guard_sees = _views_and_tours(guard)
        admin_sees = _views_and_tours(admin)
        exported = admin.export_config(PASSPHRASE)
    assert len(admin_sees["views"]) == 2 and len(admin_sees["tours"]) == 2
    target = server_factory(data=tmp_path / "target", volume=False)
    with target.client() as admin:
        preview = admin.preview_config_import(exported.data, PASSPHRASE)
        planned = {(c.kind, c.name, c.action) for c in preview.changes}
        assert {
            ("view", "admin/Wall", "add"),
            ("view", "admin/Gate only", "add"),
            ("view", "guard/Mine", "add"),
            ("tour", "admin/Round", "add"),
            ("tour", "guard/Guard round", "add"),
        } <= planned
        assert admin.list_views() == []  # a preview changes nothing
        admin.import_config(exported.data, PASSPHRASE)
    with target.client() as admin:
        assert _views_and_tours(admin) == admin_sees
        with Client.connect(
            target.address, username="guard", password=GUARD_PASSWORD,
            known_servers_path=target.known_servers,
        ) as guard:  # fmt: skip
            assert _views_and_tours(guard) == guard_sees
        # Imported again over what changed since: the changes listed are those.
        gate_only = next(v for v in admin.list_views() if v.name == "Gate only")
        gate_id = gate_only.tiles[0].camera_id
        admin.save_view("Gate only", 4, [(3, gate_id)], view_id=gate_only.id)
        admin.save_view("Extra", 1, [(0, gate_id)])
        again = admin.preview_config_import(exported.data, PASSPHRASE)
        planned = {(c.kind, c.name, c.action, tuple(c.fields)) for c in again.changes}
        assert {k for k in planned if k[0] in ("view", "tour")} == {
            ("view", "admin/Gate only", "change", ("layout", "tiles")),
            ("view", "admin/Extra", "remove", ()),
        }


def test_a_factory_reset_restores_defaults_keeps_recordings_and_asks_the_admin_again(
    server_factory, camsim_factory
) -> None:
    camsim: CamsimProcess = camsim_factory()
    server = server_factory()
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))
        client.create_user("guard", GUARD_PASSWORD, group_id=3)
        client.create_group("temp", copy_from_group_id=3)
        client.update_settings(
            system_pb2.Settings(general=system_pb2.GeneralSettings(device_name="Yard NVR")),
            ["general.device_name"],
        )
        wait_for(
            lambda: client.get_camera(camera.id).status.main.bytes_written > 0, 30, "recording"
        )
        with pytest.raises(errors.InvalidArgument, match="admin_password"):
            client.factory_reset("not the password")
        assert client.get_settings().general.device_name == "Yard NVR"
        from tests.support.server_process import ADMIN_PASSWORD

        client.factory_reset(ADMIN_PASSWORD)
        assert [u.name for u in client.list_users()] == ["admin"]
        assert [g.name for g in client.list_groups()] == ["administrator", "advanced", "ordinary"]
        assert client.get_settings().general.device_name == "Vedette"
        kept = client.get_camera(camera.id)
        assert not kept.enabled and not kept.has_credentials
        now = time.time_ns() // 1000
        (line,) = client.get_timeline([camera.id], now - 3600 * 1_000_000, now)
        assert line.runs, "recordings are kept"
        client.factory_reset(ADMIN_PASSWORD, erase_cameras_and_recordings=True)
        assert client.list_cameras() == []
        actions = [e.action for e in client.search_logs(limit=200)]
        assert actions.count("factory_reset") == 3  # the refused one is logged too


def test_a_port_another_program_holds_is_refused_and_the_servers_own_is_not(
    server_factory,
) -> None:
    server = server_factory(volume=False)
    with socket.socket() as other, server.client() as client:
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        before = client.get_settings().network
        for name in ("rtsp_port", "server_port"):
            change = system_pb2.Settings(network=system_pb2.NetworkSettings(**{name: taken}))
            with pytest.raises(errors.InvalidArgument, match=f"port {taken} is in use") as refused:
                client.update_settings(change, [f"network.{name}"])
            assert refused.value.reason == "PORT_IN_USE"
            assert refused.value.metadata["field"] == f"network.{name}"
        assert client.get_settings().network == before  # nothing changed
        # The port this server listens on now (given by --port, not the settings) is its own.
        own = system_pb2.Settings(network=system_pb2.NetworkSettings(server_port=server.port))
        assert client.update_settings(own, ["network.server_port"]).restart_required
