"""Evidence locks have bounds (issue 11): a user with only the export right once
locked a camera from 1970 to 9999 without expiry, which switched its retention off
for good. Through the real API of a server recording a real (simulated) camera."""

from __future__ import annotations

import json

import pytest

from tests.support.server_process import wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.timestamps import now_us

pytestmark = pytest.mark.interop
S = 1_000_000
DAY = 24 * 3600 * S
YEAR_9999_US = 253_402_214_400 * S  # 9999-12-31T00:00:00Z
PASSWORD = "Evidence-Locker-2026!"


def runs(client: Client, camera_id: int, t0: int, t1: int) -> list[tuple[int, int]]:
    (line,) = client.get_timeline([camera_id], t0, t1)
    return [(r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds()) for r in line.runs]


def test_locks_stay_within_recorded_time_and_long_ones_need_the_recording_right(
    server_factory, camsim_factory
) -> None:
    camsim = camsim_factory("--sub", "none")
    server = server_factory("--segment-seconds", "2", "--housekeeping-seconds", "0.5")
    with server.client() as admin:
        camera = admin.create_camera("Yard", camsim.url("cam1", "main"), record_audio=False)
        wait_for(
            lambda: (r := runs(admin, camera.id, 0, now_us())) and r[-1][1] - r[0][0] > 16 * S,
            60,
            "sixteen seconds of recording",
        )
        first = runs(admin, camera.id, 0, now_us())[0][0]
        cameras = {"export": "all", "playback": "all"}
        exporters = admin.create_group(
            "exporters",
            local_rights=make_rights([], cameras),
            remote_rights=make_rights([], cameras),
        )
        keepers = admin.create_group(
            "evidence keepers",
            local_rights=make_rights(["recording"], cameras),
            remote_rights=make_rights(["recording"], cameras),
        )
        admin.create_user("clerk", PASSWORD, group_id=exporters.id)
        admin.create_user("keeper", PASSWORD, group_id=keepers.id)

    def connect(name: str) -> Client:
        return Client.connect(
            server.address, username=name, password=PASSWORD,
            known_servers_path=server.known_servers,
        )  # fmt: skip

    with connect("clerk") as clerk:
        # The probe's lock: refused, whoever asks (the end is years ahead).
        with pytest.raises(errors.InvalidArgument, match=r"end_time: 9999-12-31T00:00:00"):
            clerk.lock_range(camera.id, 0, YEAR_9999_US, "probe")
        # Within what is recorded, but kept until unlocked, or for longer than the
        # export right allows: the recording right decides that.
        with pytest.raises(errors.PermissionDenied, match=r"expire_time: .*without an expiry"):
            clerk.lock_range(camera.id, first, first + 3 * S, "case 1")
        with pytest.raises(errors.PermissionDenied, match=r"expire_time: .*91\.0 days ahead"):
            clerk.lock_range(
                camera.id, first, first + 3 * S, "case 1", expire_us=now_us() + 91 * DAY
            )
        with pytest.raises(errors.PermissionDenied, match=r"end_time: a lock of 40\.0 days"):
            clerk.lock_range(
                camera.id, now_us() - 40 * DAY, now_us(), "case 1", expire_us=now_us() + DAY
            )
        plain = clerk.lock_range(
            camera.id, first, first + 3 * S, "case 1", expire_us=now_us() + 30 * DAY
        )
        assert plain.created_by == "clerk" and plain.segment_count >= 1

    with connect("keeper") as keeper:
        with pytest.raises(errors.InvalidArgument, match=r"start_time: 1970-01-01T00:00:00"):
            keeper.lock_range(camera.id, 0, now_us(), "probe")
        with pytest.raises(errors.InvalidArgument, match=r"start_time: .* oldest recording"):
            keeper.lock_range(camera.id, now_us() - 40 * DAY, now_us(), "case 2")
        # An explicit lock until unlocked, by a user with the recording right.
        kept = keeper.lock_range(camera.id, first + 6 * S, first + 9 * S, "case 2")
        assert not kept.HasField("expire_time") and kept.segment_count >= 1

    with server.client() as admin:
        logged = [e for e in admin.search_logs(text="as evidence") if e.action == "lock"]
        by = {e.username: e for e in logged if e.outcome == "ok"}
        assert "no expiry" in by["keeper"].message and by["keeper"].camera_id == camera.id
        assert "expires" in by["clerk"].message
        refused = [e for e in admin.search_logs() if e.action == "lock" and e.outcome != "ok"]
        assert {e.outcome for e in refused} == {"INVALID_ARGUMENT", "PERMISSION_DENIED"}
        assert json.loads(by["keeper"].detail_json)["lock_id"] == kept.id

        # Retention goes on around the locks: a reserve larger than the disk makes
        # FIFO delete every unlocked segment it can.
        (volume,) = admin.list_volumes()
        admin.update_disk_group(1, reserve_bytes=volume.capacity_bytes * 2)
        after_locks = first + 9 * S + 8 * S  # past the longest segment a lock keeps
        wait_for(
            lambda: not runs(admin, camera.id, after_locks, max(now_us() - 6 * S, after_locks + S)),
            60,
            "FIFO to delete what no lock covers",
        )
        for start, end in ((first, first + 3 * S), (first + 6 * S, first + 9 * S)):
            kept_runs = runs(admin, camera.id, start, end)
            assert kept_runs and kept_runs[0][0] <= start + S and kept_runs[-1][1] >= end - S
