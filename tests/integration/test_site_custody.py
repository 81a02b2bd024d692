"""Search, calendar, thumbnails, export and status of a site camera that moved between servers
(issue 19): the CLI signed in at the directory follows the custody index. One site
for the module: a directory, rs1 and the standby rs2, a camera recorded by rs1 then
moved to rs2, a manual-recording event on each. The last test stops rs1."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import time
from calendar import timegm as calendar_timegm
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.postgres import PostgresCluster
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from tests.support.site_directory import (
    ADMIN_PASSWORD,
    DirectoryProcess,
    init_directory,
    join_server,
    start_directory,
)
from vedette_api.client import Client, SiteSession
from vedette_api.client.site_session import SiteThumbnail
from vedette_api.evidence import verify
from vedette_api.timestamps import now_us
from vedette_api.v1 import search_pb2, site_pb2

#: Generous bounds for a loaded CI machine: recording starts at a heartbeat, then the
#: camera's connection and first keyframe.
TIMEOUT_S = 90.0


@dataclass
class Site:
    tmp: Path
    directory: DirectoryProcess
    rs1: ServerProcess
    rs2: ServerProcess
    client: Client
    camera_id: int
    #: Before the camera was added; when the move was made; a moment rs2 had recorded
    #: (before its manual event: events are searched up to now).
    start_us: int
    moved_us: int
    end_us: int

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vedette_api.cli", "--server", self.directory.address,
             "--trust-new-certificate", *args],
            env=environment({"VEDETTE_PASSWORD": ADMIN_PASSWORD, "HOME": str(self.tmp),
                             "XDG_CONFIG_HOME": str(self.tmp / "config")}),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def session(self) -> SiteSession:
        return SiteSession(self.client, known_servers_path=self.rs1.known_servers)


def local_camera(server: ServerProcess, name: str) -> int | None:
    with server.client() as client:
        found = [c.id for c in client.list_cameras() if c.name == name and c.enabled]
    return found[0] if found else None


def recorded_since_s(server: ServerProcess, name: str, since_us: int) -> float:
    """Seconds ``server`` recorded of its enabled camera ``name`` since ``since_us``."""
    local = local_camera(server, name)
    if local is None:
        return 0.0
    with server.client() as client:
        lines = client.get_timeline([local], since_us, now_us() + 60_000_000)
    runs = [run for line in lines for run in line.runs]
    return sum(r.end_time.ToMicroseconds() - r.start_time.ToMicroseconds() for r in runs) / 1e6


def manual_event(server: ServerProcess, name: str) -> None:
    """A manual recording started and stopped on ``server``: one event in its log."""
    local = local_camera(server, name)
    assert local is not None
    with server.client() as client:
        client.start_manual_recording([local])
        client.stop_manual_recording([local])


def rfc3339(instant_us: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(instant_us // 1_000_000))


@pytest.fixture(scope="module")
def site(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("custody")
    assert init_directory(tmp / "directory", postgres.new_database()).returncode == 0
    started: list[DirectoryProcess | ServerProcess | CamsimProcess] = []
    client: Client | None = None
    try:
        directory = start_directory(tmp / "directory")
        started.append(directory)
        for name, standby in (("rs1", False), ("rs2", True)):
            assert init_data_dir(tmp / name).returncode == 0
            joined = join_server(tmp / name, directory, name, standby=standby)
            assert joined.returncode == 0, joined.stderr
        rs1 = start_server(tmp / "rs1", tmp / "known_servers.json")
        rs2 = start_server(tmp / "rs2", tmp / "known_servers.json")
        camsim = start_camsim(*SMALL)
        started += [rs1, rs2, camsim]
        client = Client.connect(
            directory.address, username="admin", password=ADMIN_PASSWORD,
            known_servers_path=tmp / "known-directory.json",
        )  # fmt: skip
        start_us = now_us()
        camera = client.create_camera("gate", camsim.url("cam1", "main"), recording_server="rs1")
        wait_for(lambda: recorded_since_s(rs1, "gate", start_us) > 3, TIMEOUT_S, "rs1 recording")
        manual_event(rs1, "gate")
        moved_us = now_us()
        assert client.move_cameras([camera.id], "rs2") == 1
        wait_for(lambda: recorded_since_s(rs2, "gate", moved_us) > 3, TIMEOUT_S, "rs2 recording")
        end_us = now_us() - 1_000_000  # recorded by now, whatever rs2 is writing
        manual_event(rs2, "gate")
        yield Site(tmp, directory, rs1, rs2, client, camera.id, start_us, moved_us, end_us)
    finally:
        if client is not None:
            client.close()
        for process in reversed(started):
            process.stop()


def custody_of(site: Site) -> list[site_pb2.CustodyInterval]:
    return list(site.client.get_custody(site.camera_id).intervals)


def held_by(site: Site, server: str, instant_us: int) -> bool:
    for interval in custody_of(site):
        end_us = interval.end_time.ToMicroseconds() if interval.HasField("end_time") else None
        begun = interval.start_time.ToMicroseconds() <= instant_us
        if interval.server == server and begun and (end_us is None or instant_us < end_us):
            return True
    return False


def ffprobe_streams(path: Path) -> str:
    probed = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probed.returncode == 0, probed.stderr
    return probed.stdout


def test_export_at_the_directory_writes_one_signed_file_per_server_and_a_manifest(
    site: Site,
) -> None:
    out = site.tmp / "export-both"
    ran = site.cli("export", "gate", "--from", rfc3339(site.start_us), "--to",
                   rfc3339(site.end_us), "--download", str(out), "--format", "mp4")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    manifest = json.loads((out / "export.json").read_text())
    parts = manifest["parts"]
    assert [p["server"] for p in parts] == ["rs1", "rs2"]
    assert manifest["complete"] is True
    assert manifest["site_camera_id"] == site.client.get_custody(site.camera_id).site_camera_id
    for part in parts:
        assert part["exported"] and part["error"] is None
        assert f"part {part['index']}: {part['server']}" in ran.stdout
        path = out / part["file"]
        assert "codec_type=video" in ffprobe_streams(path)
        verdict = verify(path, expected_key=part["server_key_fingerprint"])
        assert verdict.authentic and verdict.server_id == part["server_id"]
        assert part["signer_fingerprint"] == part["server_key_fingerprint"]
        # The export taught the CLI each server's key: `vedette verify` proves the part.
        checked = site.cli("verify", str(path))
        assert checked.returncode == 0, checked.stdout + checked.stderr
    assert parts[0]["server_id"] != parts[1]["server_id"]
    first, second = parts
    rs1_held, rs2_held = custody_of(site)
    # Each part lies in its server's custody (rs1 recorded until told of the move).
    assert rs1_held.start_time.ToMicroseconds() <= first["start"]["us"]
    assert first["end"]["us"] <= rs1_held.end_time.ToMicroseconds()
    assert rs2_held.start_time.ToMicroseconds() <= second["start"]["us"]
    # The parts follow each other; any time between them (rs2's connection to the
    # camera, unless rs1 recorded right up to the move) is a gap of the manifest.
    gaps = [(g["start"]["us"], g["end"]["us"], g["why"]) for g in manifest["gaps"]]
    assert first["end"]["us"] <= second["start"]["us"]
    if first["end"]["us"] < second["start"]["us"]:
        assert (first["end"]["us"], second["start"]["us"], "not recorded") in gaps
    for part in parts:  # no gap claims time a part holds
        assert all(g[1] <= part["start"]["us"] or g[0] >= part["end"]["us"] for g in gaps)
    added_us = rs1_held.start_time.ToMicroseconds()
    assert (manifest["start"]["us"], added_us, "no server held the camera") in gaps
    assert [g[0] for g in gaps] == sorted(g[0] for g in gaps)


def test_events_and_days_at_the_directory_are_merged_across_custody(site: Site) -> None:
    with site.session() as across:
        found = across.camera_events(site.camera_id, site.start_us, now_us())
        days = across.camera_days(site.camera_id, *month_of(site.end_us))
    assert found.unreachable == {} and days.unreachable == {}
    manual = [e for e in found.events if e.event.type == search_pb2.EVENT_TYPE_MANUAL]
    assert sorted(e.server for e in manual) == ["rs1", "rs2"]
    for item in found.events:  # each event once, from the server that held the camera
        assert held_by(site, item.server, item.start_us)
    starts = [item.start_us for item in found.events]
    assert starts == sorted(starts, reverse=True)
    with site.session() as across:
        merged = across.camera_timeline(site.camera_id, site.start_us, site.end_us)
        # Asked again, the servers the last custody named are asked beside the
        # directory; a custody that changed meanwhile (here: a stale one, rs1 alone)
        # is never trusted over the directory's fresh answer.
        again = across.camera_timeline(site.camera_id, site.start_us, site.end_us)
        rs1_held, _ = custody_of(site)
        across._custody_seen[site.camera_id] = (
            merged.site_camera_id,
            (("rs1", rs1_held.address, rs1_held.start_time.ToMicroseconds(), None),),
        )
        stale = across.camera_timeline(site.camera_id, site.start_us, site.end_us)
    assert merged.unreachable == {}
    assert sorted({run.server for run in merged.runs}) == ["rs1", "rs2"]
    assert again.runs == merged.runs and stale.runs == merged.runs
    assert {server for servers in days.days.values() for server in servers} == {"rs1", "rs2"}

    listed = site.cli("events", "--camera", "gate", "--type", "manual", "--from",
                      rfc3339(site.start_us), "--json")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    answer = json.loads(listed.stdout)
    assert sorted(e["server"] for e in answer["events"]) == ["rs1", "rs2"]
    assert answer["unreachable"] == {}
    year, month = month_of(site.end_us)
    calendar = site.cli("days", "gate", "--month", f"{year}-{month:02d}")
    assert calendar.returncode == 0, calendar.stderr
    assert "  rs1: " in calendar.stdout and "  rs2: " in calendar.stdout


def month_of(instant_us: int) -> tuple[int, int]:
    moment = time.gmtime(instant_us // 1_000_000)
    return moment.tm_year, moment.tm_mon


def test_status_at_the_directory_shows_each_servers_health(site: Site) -> None:
    def all_online() -> subprocess.CompletedProcess[str] | None:
        shown = site.cli("status")
        assert shown.returncode == 0, shown.stderr
        return shown if "2 of 2 server(s) online, 1 camera(s)" in shown.stdout else None

    shown = wait_for(all_online, TIMEOUT_S, "both servers online")
    rows = {line.split()[0]: line.split() for line in shown.stdout.splitlines()[2:] if line}
    assert rows["rs1"][1:3] == ["recording", "online"]
    assert rows["rs2"][1:4] == ["standby", "online", "1/1"]


def site_camera_on(server: ServerProcess, site_camera_id: str) -> int:
    """The id on ``server`` of the site camera (enabled there or not)."""
    with server.client() as client:
        (found,) = [c.id for c in client.list_cameras() if c.site_camera_id == site_camera_id]
    return found


def assert_jpeg(jpeg: bytes) -> None:
    assert jpeg[:2] == b"\xff\xd8"
    image = pytest.importorskip("PIL.Image")
    with image.open(io.BytesIO(jpeg)) as decoded:
        decoded.load()
        assert decoded.format == "JPEG" and decoded.width > 0


def assert_from_its_holder(site: Site, item: SiteThumbnail, local_ids: dict[str, int]) -> None:
    """A thumbnail is of the server that held the camera at its instant; its picture,
    when it has one, that server's; an instant nobody held says so, with no picture."""
    holders = [s for s in ("rs1", "rs2") if held_by(site, s, item.time_us)]
    if not holders:
        assert (item.server, item.jpeg) == ("", b"")
        assert item.error == "no server held the camera then"
        assert item.thumbnail.no_recording
        return
    assert [item.server] == holders
    if item.jpeg:
        assert item.thumbnail.camera_id == local_ids[item.server]
        assert_jpeg(item.jpeg)


def test_thumbnails_at_the_directory_come_from_the_server_that_held_the_camera(
    site: Site,
) -> None:
    with site.session() as across:
        timeline = across.camera_timeline(site.camera_id, site.start_us, site.end_us)
        # An instant in the middle of each server's longest run: a picture from each.
        middles = {}
        for run in sorted(timeline.runs, key=lambda r: r.end_us - r.start_us):
            middles[run.server] = (run.start_us + run.end_us) // 2
        at = across.camera_thumbnails_at(
            site.camera_id, [site.start_us, *middles.values()], max_width=160, deadline_s=60
        )
        count = 12
        spread = across.camera_thumbnails(
            site.camera_id, site.start_us, site.end_us, count, max_width=160, deadline_s=60
        )
    site_id = timeline.site_camera_id
    local_ids = {name: site_camera_on(server, site_id) for name, server in
                 (("rs1", site.rs1), ("rs2", site.rs2))}  # fmt: skip
    assert at.unreachable == {} and spread.unreachable == {}
    assert sorted(middles) == ["rs1", "rs2"]
    assert [item.time_us for item in at.thumbnails] == sorted([site.start_us, *middles.values()])
    assert [item.server for item in at.thumbnails] == ["", "rs1", "rs2"]
    for item in at.thumbnails:
        assert_from_its_holder(site, item, local_ids)
    assert all(item.jpeg for item in at.thumbnails[1:])  # each middle of a recorded run
    # The range: the instants a single server spreads, each slice up to the next.
    span = site.end_us - site.start_us
    bounds = [site.start_us + span * i // count for i in range(count)] + [site.end_us]
    assert [item.time_us for item in spread.thumbnails] == bounds[:-1]
    ends = [item.thumbnail.slice_end_time.ToMicroseconds() for item in spread.thumbnails]
    assert ends == bounds[1:]
    for item in spread.thumbnails:
        assert_from_its_holder(site, item, local_ids)
    assert spread.thumbnails[0].server == ""  # before the camera was added: a gap
    assert {item.server for item in spread.thumbnails} == {"", "rs1", "rs2"}

    out = site.tmp / "thumbs"
    ran = site.cli("thumbnails", "gate", "--from", rfc3339(site.start_us), "--to",
                   rfc3339(site.end_us), "--count", str(count), "--width", "160",
                   "--out", str(out))  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    files = sorted(out.iterdir())
    assert files and f"wrote {len(files)} thumbnail(s) to {out};" in ran.stdout
    assert "did not answer" not in ran.stdout
    assert "no server held the camera then" in ran.stderr  # --from is before the camera
    for path in files:
        assert path.suffix == ".jpg"
        assert_jpeg(path.read_bytes())


def test_thumbnails_of_a_server_that_does_not_answer_say_so_beside_the_others(
    site: Site,
) -> None:
    with site.session() as across:
        timeline = across.camera_timeline(site.camera_id, site.start_us, site.end_us)
        middles = {run.server: (run.start_us + run.end_us) // 2 for run in timeline.runs}
        instants = sorted(middles.values())
        across.camera_thumbnails_at(site.camera_id, instants, deadline_s=60)  # sessions opened
        site.rs2.process.send_signal(signal.SIGSTOP)
        try:
            found = across.camera_thumbnails_at(site.camera_id, instants, deadline_s=10)
            out = site.tmp / "thumbs-rs2-stopped"
            rs1_from = timeline.parts[0].held_from_us
            ran = site.cli("thumbnails", "gate", "--from", rfc3339(rs1_from), "--to",
                           rfc3339(site.end_us), "--count", "6", "--out", str(out))  # fmt: skip
        finally:
            site.rs2.process.send_signal(signal.SIGCONT)
    # (said only once the deadline passed: the call did not wait for the server)
    assert found.unreachable == {"rs2": "did not answer within 10 s"}
    by_server = {item.server: item for item in found.thumbnails}
    assert sorted(by_server) == ["rs1", "rs2"]
    assert by_server["rs1"].jpeg and not by_server["rs1"].error
    assert_jpeg(by_server["rs1"].jpeg)
    stopped = by_server["rs2"]
    assert (stopped.jpeg, stopped.error) == (b"", "rs2: did not answer within 10 s")
    assert not stopped.thumbnail.no_recording  # not known: never claimed unrecorded

    assert ran.returncode == 0, ran.stdout + ran.stderr
    # Named, with why (the deadline, or the directory already knows rs2 is silent).
    assert re.search(r"; [1-6] not shown: rs2 did not answer \(.+\)$", ran.stdout.strip())
    assert "rs1" not in ran.stdout and ": rs2: " in ran.stderr
    written = sorted(out.iterdir()) if out.exists() else []
    assert all(held_by(site, "rs1", stamp_us(path.stem)) for path in written)


def stamp_us(stem: str) -> int:
    """The instant a thumbnail file is named by (``20261202T101500.000000Z``)."""
    moment = time.strptime(stem.split(".")[0], "%Y%m%dT%H%M%S")
    return (calendar_timegm(moment) * 1_000_000) + int(stem.split(".")[1].rstrip("Z"))


def test_a_server_that_does_not_answer_by_the_deadline_is_named_and_the_rest_returned(
    site: Site,
) -> None:
    with site.session() as across:
        across.camera_events(site.camera_id, site.start_us, now_us())  # sessions opened
        site.rs2.process.send_signal(signal.SIGSTOP)
        try:
            found = across.camera_events(site.camera_id, site.start_us, now_us(), deadline_s=2)
        finally:
            site.rs2.process.send_signal(signal.SIGCONT)
    assert found.unreachable == {"rs2": "did not answer within 2 s"}
    manual = [e.server for e in found.events if e.event.type == search_pb2.EVENT_TYPE_MANUAL]
    assert manual == ["rs1"]  # rs1's part, and nothing guessed for rs2


def test_a_stopped_server_is_named_and_the_other_part_still_exported(site: Site) -> None:
    site.rs1.stop()
    with site.session() as across:
        found = across.camera_events(site.camera_id, site.start_us, now_us(), deadline_s=20)
    assert set(found.unreachable) == {"rs1"}
    assert {e.server for e in found.events} == {"rs2"}

    out = site.tmp / "export-partial"
    ran = site.cli("export", "gate", "--from", rfc3339(site.start_us), "--to",
                   rfc3339(site.end_us), "--download", str(out), "--format", "mp4")  # fmt: skip
    assert ran.returncode == 1
    assert "part 1: rs1" in ran.stdout and "FAILED" in ran.stdout
    assert "incomplete: part 1 (rs1) not exported" in ran.stderr
    manifest = json.loads((out / "export.json").read_text())
    assert manifest["complete"] is False
    failed, kept = manifest["parts"]
    assert (failed["server"], failed["exported"], failed["file"]) == ("rs1", False, None)
    assert failed["error"]
    assert any(g["why"].startswith("part 1 failed") for g in manifest["gaps"])
    assert (kept["server"], kept["exported"]) == ("rs2", True)
    assert "codec_type=video" in ffprobe_streams(out / kept["file"])
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["export.json", kept["file"], kept["file"] + ".vsig"]
    )

    def rs1_offline() -> bool:
        servers = {s.name: s.state for s in site.client.list_site_servers().servers}
        return servers["rs1"] == site_pb2.SITE_SERVER_STATE_OFFLINE

    wait_for(rs1_offline, TIMEOUT_S, "rs1 offline at the directory")
    shown = site.cli("status")
    assert shown.returncode == 0, shown.stderr
    assert "1 of 2 server(s) online" in shown.stdout
    assert "rs1 is offline" in shown.stdout
