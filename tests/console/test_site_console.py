"""The console at a site (issue 19): one sign-in at the site directory puts every
recording server and its cameras in one tree, with each server's health as the
directory sees it, and the site's alarm feed; member servers are trusted by the
directory's word for their certificates, never on first use."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, init_data_dir
from tests.support.site_directory import ADMIN_PASSWORD, DirectoryProcess, join_server
from vedette_api.client import Client
from vedette_api.client.pinning import KnownServers
from vedette_api.client.site_members import MemberRefused, SiteTokens, connect_member
from vedette_api.errors import Unavailable
from vedette_api.timestamps import US_PER_S as S
from vedette_api.timestamps import now_us
from vedette_api.v1 import site_pb2
from vedette_console.main_window import MainWindow
from vedette_console.session import ConnectSettings, Session
from vedette_console.signin import SignInDialog
from vedette_console.widgets.camera_tree import SERVER_ROLE, STATE_ROLE

pytestmark = pytest.mark.interop

#: Generous bounds: failover takes 5 s to call a server down, then its standby starts
#: the camera; a loaded CI machine takes longer.
TIMEOUT_MS = 90_000


def tree_text(window: MainWindow) -> dict[str, tuple[str, list[str]]]:
    """Each server item's text and its cameras' names, by ``host:port``."""
    model = window.tree.model()
    found = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        key = str(index.data(SERVER_ROLE))
        cameras = [str(model.index(c, 0, index).data()) for c in range(model.rowCount(index))]
        found[key] = (str(index.data()), cameras)
    return found


def members_heard(admin: Client, count: int) -> bool:
    """Whether the directory hears ``count`` members online, each having told it its
    certificate."""
    servers = admin.list_site_servers().servers
    return len(servers) == count and all(
        s.state == site_pb2.SITE_SERVER_STATE_ONLINE and s.api_certificate_sha256 for s in servers
    )


def test_one_sign_in_at_the_directory_shows_the_whole_site_and_follows_it(
    qtbot: QtBot,
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    memory_keyring: Any,
) -> None:
    for name in ("rs1", "rs2"):
        assert init_data_dir(tmp_path / name).returncode == 0
    assert join_server(tmp_path / "rs1", directory, "rs1").returncode == 0
    assert join_server(tmp_path / "rs2", directory, "rs2", standby=True).returncode == 0
    rs1 = server_factory(data=tmp_path / "rs1")
    rs2 = server_factory(data=tmp_path / "rs2")
    camsim = camsim_factory()
    known = tmp_path / "console-known.json"  # the console's own pins: nothing yet
    started_us = now_us()
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "admin-known.json",
    ) as admin:  # fmt: skip
        camera = admin.create_camera("gate", camsim.url("cam1", "main"), recording_server="rs1")

        qtbot.waitUntil(lambda: members_heard(admin, 2), timeout=TIMEOUT_MS)

    session = Session()
    window = MainWindow(session)
    qtbot.addWidget(window)
    dialog = SignInDialog(
        session, address=directory.address, username="admin", known_servers_path=known
    )
    qtbot.addWidget(dialog)
    dialog.signed_in.connect(lambda client: window.signed_in(client))
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()  # the directory's certificate: first use, the operator trusts it
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Trust and sign in", timeout=20_000)
    with qtbot.waitSignal(dialog.signed_in, timeout=60_000):
        dialog.submit()

    # Single sign-on: a session on each member, opened with site tokens.
    site = session.site
    assert site is not None and site.site_name
    keys = {m.name: m.key for m in site.members}
    assert keys == {"rs1": rs1.address, "rs2": rs2.address}
    qtbot.waitUntil(lambda: set(window.sessions) == {rs1.address, rs2.address}, timeout=30_000)
    for member_session in window.sessions.values():
        credentials = member_session.credentials
        assert credentials is not None and credentials.password == ""
        assert credentials.site_token is not None
    # Members trusted by the directory's word: pinned with the fingerprint it vouched.
    for server in (rs1, rs2):
        pinned = KnownServers(known).get(server.address)
        client = window.sessions[server.address].client
        assert pinned is not None and client is not None
        assert pinned.fingerprint_sha256 == client.certificate_fingerprint

    # One tree: servers by their site names with health, the camera under rs1.
    def shows(server: str, text: str, cameras: list[str] | None = None) -> bool:
        item = tree_text(window).get(server)
        return item is not None and text in item[0] and (cameras is None or item[1] == cameras)

    qtbot.waitUntil(lambda: shows(rs1.address, "rs1 — online", ["gate"]), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: shows(rs2.address, "rs2 — online · standby"), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: shows(rs1.address, "1/1 recording"), timeout=TIMEOUT_MS)
    assert window.site_alarms is not None
    assert "site" in window.windowTitle()

    # The directory hears rs2, but this console lost its connection to it: the tree
    # says so, not "online", until the console's feed is back.
    member = window.sessions[rs2.address]
    member.feed.lost.emit(Unavailable("cut between this console and rs2"))
    qtbot.waitUntil(
        lambda: shows(rs2.address, "rs2 — online · standby · not reachable from this console"),
        timeout=TIMEOUT_MS,
    )
    member.feed.subscribed.emit()
    qtbot.waitUntil(
        lambda: (
            shows(rs2.address, "rs2 — online · standby")
            and "not reachable" not in tree_text(window)[rs2.address][0]
        ),
        timeout=TIMEOUT_MS,
    )

    # A tag on rs1 while it holds the camera (listed beside the site's timeline below).
    rs1_client = window.sessions[rs1.address].client
    assert rs1_client is not None
    rs1_gate = next(c for c in rs1_client.list_cameras() if c.name == "gate")
    tagged_us = now_us() - S
    rs1_client.create_tag(rs1_gate.id, tagged_us, "before the cut")
    rs1_client.start_manual_recording([rs1_gate.id])  # a manual event on rs1
    rs1_client.stop_manual_recording([rs1_gate.id])

    # rs1 dies: the tree says so (the directory's word), the camera fails over to the
    # standby and shows there, and the site's alarm feed has the directory's alarm.
    rs1.kill()
    qtbot.waitUntil(lambda: shows(rs1.address, "rs1 — offline"), timeout=TIMEOUT_MS)
    model = window.tree.model()
    rs1_row = next(
        model.index(r, 0) for r in range(model.rowCount())
        if model.index(r, 0).data(SERVER_ROLE) == rs1.address
    )  # fmt: skip
    gate_there = model.index(0, 0, rs1_row)
    assert gate_there.data(STATE_ROLE) == "unknown"  # not shown recording any more
    qtbot.waitUntil(lambda: shows(rs2.address, "rs2", ["gate"]), timeout=TIMEOUT_MS)
    alarms = window.site_alarms

    def alarm_rows() -> list[str]:
        items = (alarms.topLevelItem(i) for i in range(alarms.topLevelItemCount()))
        return [item.text(2) for item in items if item is not None]

    qtbot.waitUntil(lambda: any("rs1 is down" in text for text in alarm_rows()), timeout=TIMEOUT_MS)
    path = tmp_path / "site-console.png"
    assert window.grab().save(str(path), "PNG")

    # rs1 back at its address: its session signs in again by itself, with a new
    # site token (the password was never given to it), and the tree says online.
    member = window.sessions[rs1.address]
    rs1 = server_factory("--listen", rs1.address, data=tmp_path / "rs1")
    qtbot.waitUntil(lambda: member.lifetime.sign_ins >= 1, timeout=TIMEOUT_MS)
    assert member.client is not None and member.client.username == "admin@site"
    qtbot.waitUntil(lambda: shows(rs1.address, "rs1 — online"), timeout=TIMEOUT_MS)
    assert camera.id > 0

    # One pane in playback: the camera, now under rs2, is shown across both servers
    # (each part labelled with its server) and played from the one that held it.
    window.show_view("Playback")
    window.resize(1400, 900)
    window.show()
    window.select_server(rs2.address)
    view = window.playback
    gate = next(c for c in window.tree.server_cameras[rs2.address] if c.name == "gate")
    assert gate.site_camera_id and view.timeline_cameras() == [gate.id]
    asked = [0.0]

    def custody_shown() -> list[str]:
        return [server for _, _, server in view.timeline.custody]

    def recorded_by_rs2() -> bool:
        if time.monotonic() - asked[0] > 1.0:  # asked again: rs2 records on meanwhile
            asked[0] = time.monotonic()
            view.timeline.set_range(started_us - 60 * S, now_us() + 60 * S)
        if custody_shown() != ["rs1", "rs2"]:
            return False
        handover = view.timeline.custody[1][0]
        return any(run.start_us >= handover for run in view.timeline.runs)

    qtbot.waitUntil(recorded_by_rs2, timeout=TIMEOUT_MS)
    rs1_from, handover, _ = view.timeline.custody[0]
    rs1_runs = [run for run in view.timeline.runs if run.end_us <= handover]
    assert rs1_runs, "what rs1 recorded before it died is on the timeline"
    assert all(run.reasons for run in view.timeline.runs)
    assert all(run.start_us >= rs1_from for run in view.timeline.runs)
    tile = view.grid.tiles[0]
    #: (the server playing, the frame's time) of every frame the tile showed.
    shown: list[tuple[str, int]] = []

    def frame_shown(time_us: int) -> None:
        part = view.playing_part
        shown.append((part.server if part is not None else "", time_us))

    tile.frame_shown.connect(frame_shown)

    def from_server(server: str, count: int = 4) -> list[int]:
        return [at for name, at in shown if name == server][:count]

    # A time in rs1's custody is played from rs1 (its session, the camera's id there).
    first = max(rs1_runs, key=lambda run: run.end_us - run.start_us)
    view.open_at([gate.id], (first.start_us + first.end_us) // 2)
    qtbot.waitUntil(lambda: len(from_server("rs1")) == 4, timeout=TIMEOUT_MS)
    assert all(first.start_us - 3 * S <= at < handover for at in from_server("rs1"))
    # Played on past what rs1 recorded, it goes on from rs2, which held it next.
    last = rs1_runs[-1]
    view.open_at([gate.id], max(last.start_us, last.end_us - 2 * S))
    shown.clear()
    qtbot.waitUntil(lambda: len(from_server("rs2")) == 4, timeout=TIMEOUT_MS)
    # (a server's first frame may be stamped a moment before it got the camera:
    # docs/time.md, early stamps)
    assert all(at >= handover - S for at in from_server("rs2"))
    assert view.camera_ids == [gate.id]

    # The events and tags beside the timeline come from both servers, each named;
    # rs1's tag, double-clicked, plays from rs1.
    def tag_item() -> Any:
        items = (view.events.item(row) for row in range(view.events.count()))
        return next((i for i in items if "before the cut" in i.text()), None)

    qtbot.waitUntil(lambda: tag_item() is not None, timeout=TIMEOUT_MS)
    assert "[rs1]" in tag_item().text()
    assert tuple(tag_item().data(Qt.ItemDataRole.UserRole)) == (gate.id, tagged_us)
    view._on_event(tag_item())
    shown.clear()
    qtbot.waitUntil(lambda: len(from_server("rs1")) == 4, timeout=TIMEOUT_MS)
    assert all(abs(at - tagged_us) < 3 * S for at in from_server("rs1"))
    last = rs1_runs[-1]
    view.open_at([gate.id], max(last.start_us, last.end_us - 2 * S))
    shown.clear()
    qtbot.waitUntil(lambda: len(from_server("rs2")) == 4, timeout=TIMEOUT_MS)
    # Backwards past the start of rs2's custody: on from rs1, backwards.
    shown.clear()
    view.play_reverse()
    qtbot.waitUntil(lambda: len(from_server("rs1")) == 4, timeout=TIMEOUT_MS)
    back = from_server("rs1")
    assert view.reverse and all(at < handover for at in back) and back == sorted(back)[::-1]
    view.open_at([gate.id], view.timeline.custody[1][0] + 3 * S)
    shown.clear()
    qtbot.waitUntil(lambda: len(from_server("rs2")) == 4, timeout=TIMEOUT_MS)
    # The Search view's events of the camera come from both servers, each named.
    rs2_client = window.sessions[rs2.address].client
    assert rs2_client is not None
    rs2_client.start_manual_recording([gate.id])  # a manual event on rs2
    rs2_client.stop_manual_recording([gate.id])
    events = window.search.events
    for name, box in events.types.items():
        box.setChecked(name == "manual")
    events.start.set_time_us(started_us - 60 * S)
    events.end.set_time_us(now_us() + 60 * S)

    def manual_rows() -> list[str]:
        rows = (events.results.topLevelItem(i) for i in range(events.results.topLevelItemCount()))
        return sorted(row.text(1) for row in rows if row is not None)

    events.search()
    qtbot.waitUntil(lambda: manual_rows() == ["gate [rs1]", "gate [rs2]"], timeout=TIMEOUT_MS)
    # Search by time: the camera's runs from both servers, and its picture at an
    # instant of rs1's custody from rs1 (as the camera shown here).
    by_time = window.search.by_time
    by_time.timeline.set_range(started_us - 60 * S, now_us() + 60 * S)
    listed = [by_time.cameras.item(i) for i in range(by_time.cameras.count())]
    next(item for item in listed if item is not None and item.text() == "gate").setSelected(True)
    qtbot.waitUntil(
        lambda: (
            any(run.end_us <= handover for run in by_time.timeline.runs)
            and any(run.start_us >= handover - S for run in by_time.timeline.runs)
        ),
        timeout=TIMEOUT_MS,
    )
    at = (first.start_us + first.end_us) // 2
    by_time._hover(at)
    qtbot.waitUntil(
        lambda: by_time.shown_time_us == at and len(by_time.thumbnails) == 1, timeout=TIMEOUT_MS
    )
    picture = by_time.thumbnails[0]
    assert picture.camera_id == gate.id and picture.jpeg.startswith(b"\xff\xd8"), picture.error
    # A backup of the selection across the handover: one signed file per server.
    view.back_up_across_site(last.start_us, handover + 3 * S, tmp_path / "site-backup")
    qtbot.waitUntil(lambda: view.last_site_backup is not None, timeout=TIMEOUT_MS)
    backup = view.last_site_backup
    assert backup is not None and not backup.failed
    assert [part.server for part in backup.parts] == ["rs1", "rs2"]
    for part in backup.parts:
        assert (backup.folder / part.file).stat().st_size > 0
        assert part.signer_fingerprint == part.server_key_fingerprint != ""
    assert (backup.folder / backup.manifest).is_file()
    assert "2 signed file(s) from rs1, rs2" in window.statusBar().currentMessage()
    path = tmp_path / "site-playback.png"
    assert window.grab().save(str(path), "PNG")

    # The directory gone: the camera still plays from the server it is shown on
    # (the timeline says the site's servers cannot be asked, and shows rs2's own).
    directory.kill()
    view.parts = []
    before = view.playback
    view.open_at([gate.id], view.timeline.custody[1][0] + 3 * S)
    qtbot.waitUntil(lambda: view.playback is not before, timeout=TIMEOUT_MS)
    shown.clear()
    qtbot.waitUntil(lambda: len([at for _, at in shown if at >= handover - S]) >= 4,
                    timeout=TIMEOUT_MS)  # fmt: skip
    assert view.playing_part is None and view._aliases == {} and view.camera_ids == [gate.id]
    window.shutdown()
    session.close()


def test_a_member_whose_certificate_the_directory_does_not_vouch_for_is_refused(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
) -> None:
    assert init_data_dir(tmp_path / "rs1").returncode == 0
    assert join_server(tmp_path / "rs1", directory, "rs1").returncode == 0
    rs1 = server_factory(data=tmp_path / "rs1")
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "admin-known.json",
    ) as admin:  # fmt: skip
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        listed: list[site_pb2.SiteServer] = []
        while time.monotonic() < deadline:
            listed = [s for s in admin.list_site_servers().servers if s.api_certificate_sha256]
            if listed:
                break
            time.sleep(0.5)
        assert listed, "rs1 never told the directory its certificate"
        tokens = SiteTokens(admin)
        known = tmp_path / "known.json"
        # What the directory vouches for is accepted …
        with connect_member(listed[0], tokens(), known_servers_path=known) as client:
            assert client.certificate_fingerprint == listed[0].api_certificate_sha256
        # … another certificate at that address (an impostor) is not, and nothing is
        # pinned for it.
        forged = site_pb2.SiteServer()
        forged.CopyFrom(listed[0])
        forged.api_certificate_sha256 = "AA:" * 31 + "AA"
        with pytest.raises(MemberRefused, match="not the one it told the site directory"):
            connect_member(forged, tokens(), known_servers_path=tmp_path / "other.json")
        assert KnownServers(tmp_path / "other.json").get(rs1.address) is None
        # An offline member is said to be one, not tried.
        forged.state = site_pb2.SITE_SERVER_STATE_OFFLINE
        with pytest.raises(Unavailable, match="offline"):
            connect_member(forged, tokens())


def test_signing_in_at_a_recording_server_is_unchanged(
    qtbot: QtBot, tmp_path: Path, server_factory: Callable[..., ServerProcess], admin_password: str
) -> None:
    """A server that is no site directory: the session is on it, no site."""
    server = server_factory()
    session = Session()
    settings = ConnectSettings(
        server.address, "admin", admin_password, known_servers_path=server.known_servers
    )
    with qtbot.waitSignal(session.connected, timeout=30_000):
        session.connect_to(settings)
    assert session.site is None and session.server == server.address
    session.close()


def test_views_and_tours_at_a_site_span_servers_and_follow_a_moved_camera(
    qtbot: QtBot,
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    memory_keyring: Any,
) -> None:
    """At a site the live view's saved views are the directory's: one view holds a
    camera of each server, by the directory's ids, and shows a camera on the server
    that records it after it moved."""
    for name in ("rs1", "rs2"):
        assert init_data_dir(tmp_path / name).returncode == 0
        assert join_server(tmp_path / name, directory, name).returncode == 0
    rs1 = server_factory(data=tmp_path / "rs1")
    rs2 = server_factory(data=tmp_path / "rs2")
    camsim = camsim_factory(cameras=2)
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "admin-known.json",
    ) as admin:  # fmt: skip
        gate = admin.create_camera("gate", camsim.url("cam1", "main"), recording_server="rs1")
        yard = admin.create_camera("yard", camsim.url("cam2", "main"), recording_server="rs2")

        qtbot.waitUntil(lambda: members_heard(admin, 2), timeout=TIMEOUT_MS)
        session = Session()
        window = MainWindow(session)
        qtbot.addWidget(window)
        settings = ConnectSettings(
            directory.address, "admin", ADMIN_PASSWORD,
            known_servers_path=tmp_path / "console-known.json", trust_new=True,
        )  # fmt: skip
        session.connected.connect(lambda client: window.signed_in(client))
        with qtbot.waitSignal(session.connected, timeout=60_000):
            session.connect_to(settings)
        qtbot.waitUntil(lambda: set(window.sessions) == {rs1.address, rs2.address}, timeout=30_000)

        def local_id(key: str, name: str) -> int | None:
            cameras = window.tree.server_cameras.get(key, [])
            return next((c.id for c in cameras if c.name == name), None)

        qtbot.waitUntil(
            lambda: (
                local_id(rs1.address, "gate") is not None
                and local_id(rs2.address, "yard") is not None
            ),
            timeout=TIMEOUT_MS,
        )
        live = window.live
        grid = live.grid
        live.set_layout(4)
        qtbot.waitUntil(lambda: grid.count == 4, timeout=10_000)
        tiles = grid.layout_tiles()
        grid.assign(tiles[0], local_id(rs1.address, "gate"), rs1.address)
        grid.assign(tiles[1], local_id(rs2.address, "yard"), rs2.address)
        saved = live.saved
        qtbot.waitUntil(lambda: bool(saved.site and saved.site.cameras.directory), timeout=30_000)
        saved.save_view_as("Perimeter", shared=True)
        qtbot.waitUntil(lambda: any(v.name == "Perimeter" for v in saved.views), timeout=30_000)
        kept = next(v for v in admin.list_views() if v.name == "Perimeter")
        assert [(t.index, t.camera_id) for t in kept.tiles] == [(0, gate.id), (1, yard.id)]
        saved.save_tour("Rounds", [kept.id], 10, shared=True)
        qtbot.waitUntil(lambda: [t.name for t in saved.tours] == ["Rounds"], timeout=30_000)

        # Recalled on an emptied grid: each camera on its own server.
        grid.assign(tiles[0], None)
        grid.assign(tiles[1], None)
        live.recall_view(next(v for v in saved.views if v.name == "Perimeter"))
        assert (tiles[0].server, tiles[0].camera_id) == (rs1.address, local_id(rs1.address, "gate"))
        assert (tiles[1].server, tiles[1].camera_id) == (rs2.address, local_id(rs2.address, "yard"))

        # The yard moves to rs1: the same view shows it there.
        assert admin.move_cameras([yard.id], "rs1") == 1
        qtbot.waitUntil(lambda: local_id(rs1.address, "yard") is not None, timeout=TIMEOUT_MS)
        saved.reload()
        qtbot.waitUntil(
            lambda: (
                saved.site is not None
                and saved.site.cameras.place(yard.id)
                == (rs1.address, local_id(rs1.address, "yard"))
            ),
            timeout=TIMEOUT_MS,
        )
        live.recall_view(next(v for v in saved.views if v.name == "Perimeter"))
        assert (tiles[1].server, tiles[1].camera_id) == (rs1.address, local_id(rs1.address, "yard"))
        window.shutdown()
        session.close()
