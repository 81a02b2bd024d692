"""Views and tours of a site (issue 19: the directory owns site-wide configuration): a
view saved at the directory holds cameras recorded by different member servers (by
their ids at the directory); its owner and the site's administrators change it,
other users see it only when it is shared; a tour runs over such views; an id that is
no camera of the site is refused naming it; the directory's database down is
UNAVAILABLE, not a crash. The member servers join but need not run: the views are the
directory's records."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.bytecode import environment
from tests.support.postgres import PostgresCluster
from tests.support.server_process import init_data_dir
from tests.support.site_directory import ADMIN_PASSWORD, DirectoryProcess, join_server
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument, NotFound, PermissionDenied, Unavailable
from vedette_api.v1 import site_pb2, views_pb2
from vedette_server.directory.data import DirectoryData

PASSWORD = "Night-Shift-2026!"


@dataclass
class Site:
    admin: Client
    alice: Client  # a viewer
    bob: Client  # an administrator
    gate: int  # recorded by rs1
    yard: int  # recorded by rs2


def signed_in(directory: DirectoryProcess, tmp_path: Path, user: str, password: str) -> Client:
    return Client.connect(
        directory.address, username=user, password=password,
        known_servers_path=tmp_path / "known-directory.json",
    )  # fmt: skip


@pytest.fixture
def site(directory: DirectoryProcess, tmp_path: Path) -> Iterator[Site]:
    for name in ("rs1", "rs2"):
        assert init_data_dir(tmp_path / name, default_volume=False).returncode == 0
        joined = join_server(tmp_path / name, directory, name)
        assert joined.returncode == 0, joined.stderr
    admin = signed_in(directory, tmp_path, "admin", ADMIN_PASSWORD)
    admin.put_site_user("alice", site_pb2.SITE_ROLE_VIEWER, password=PASSWORD)
    admin.put_site_user("bob", site_pb2.SITE_ROLE_ADMINISTRATOR, password=PASSWORD)
    gate = admin.create_camera("gate", "rtsp://192.0.2.10/main", recording_server="rs1")
    yard = admin.create_camera("yard", "rtsp://192.0.2.11/main", recording_server="rs2")
    clients = [admin]
    try:
        alice = signed_in(directory, tmp_path, "alice", PASSWORD)
        clients.append(alice)
        bob = signed_in(directory, tmp_path, "bob", PASSWORD)
        clients.append(bob)
        yield Site(admin, alice, bob, gate.id, yard.id)
    finally:
        for client in clients:
            client.close()


def tiles_of(view: views_pb2.View) -> list[tuple[int, int, list[int]]]:
    return [(t.index, t.camera_id, list(t.sequence.camera_ids)) for t in view.tiles]


def named(items: list[views_pb2.View], name: str) -> views_pb2.View | None:
    return next((v for v in items if v.name == name), None)


def the(items: list[views_pb2.View], name: str) -> views_pb2.View:
    found = named(items, name)
    assert found is not None, f"no view {name!r} in {[v.name for v in items]}"
    return found


def audit_lines(postgres: PostgresCluster, directory: DirectoryProcess) -> list[str]:
    dsn = DirectoryData(directory.data).load()["database"]
    database = urlsplit(dsn).path.lstrip("/")
    out = postgres.psql("SELECT action || ' ' || message FROM audit_entry ORDER BY id", database)
    return out.splitlines()


def test_a_site_view_spans_servers_and_follows_owner_and_sharing(
    site: Site, directory: DirectoryProcess, postgres: PostgresCluster
) -> None:
    servers = {c.id: c.recording_server for c in site.admin.list_cameras()}
    assert {servers[site.gate], servers[site.yard]} == {"rs1", "rs2"}
    sequence = views_pb2.ViewTile(index=2, camera_id=site.gate)
    sequence.sequence.name = "both"
    sequence.sequence.camera_ids[:] = [site.gate, site.yard]
    sequence.sequence.dwell_s = 5
    saved = site.admin.save_view("Perimeter", 4, [(0, site.gate), (1, site.yard, "sub"), sequence])
    assert saved.id > 0 and saved.owner == "admin" and not saved.shared
    expected = [(0, site.gate, []), (1, site.yard, []), (2, site.gate, [site.gate, site.yard])]
    assert tiles_of(saved) == expected
    assert saved.tiles[1].stream == views_pb2.ViewTile(stream="STREAM_SUB").stream

    # Its owner lists it back; another user does not see it while it is not shared.
    assert tiles_of(the(site.admin.list_views(), "Perimeter")) == expected
    assert named(site.alice.list_views(), "Perimeter") is None
    with pytest.raises(NotFound):
        site.alice.delete_view(saved.id)
    # A name is unique per owner; another user may use it for their own.
    with pytest.raises(InvalidArgument, match="already used"):
        site.admin.save_view("Perimeter", 1, [(0, site.gate)])
    own = site.alice.save_view("Perimeter", 1, [(0, site.yard)])
    assert own.owner == "alice" and own.id != saved.id

    shared = site.admin.save_view(
        "Perimeter", 4, [(0, site.gate), (1, site.yard, "sub"), sequence],
        view_id=saved.id, shared=True,
    )  # fmt: skip
    assert shared.id == saved.id and shared.shared
    seen = site.alice.list_views()
    assert [(v.name, v.owner) for v in seen] == [("Perimeter", "alice"), ("Perimeter", "admin")]
    assert tiles_of(seen[1]) == expected

    # A tour over it, shared; and one the admin keeps to themselves.
    tour = site.admin.save_tour("Round", [(saved.id, 10)], shared=True)
    private = site.admin.save_tour("Night", [(saved.id, 20)])
    tours = site.alice.list_tours()
    assert [(t.name, [(s.view_id, s.dwell_seconds) for s in t.steps]) for t in tours] == [
        ("Round", [(saved.id, 10)])
    ]
    # A tour may only hold views its saver sees: alice's own view is not admin's.
    with pytest.raises(NotFound):
        site.admin.save_tour("Other", [(own.id, 10)])

    # Only the owner or a site administrator changes or deletes a shared one.
    with pytest.raises(PermissionDenied, match="owner or a site administrator"):
        site.alice.save_view("Mine now", 1, [(0, site.gate)], view_id=saved.id, shared=True)
    with pytest.raises(PermissionDenied):
        site.alice.delete_view(saved.id)
    with pytest.raises(PermissionDenied):
        site.alice.save_tour("Mine now", [(saved.id, 10)], tour_id=tour.id, shared=True)
    with pytest.raises(PermissionDenied):
        site.alice.delete_tour(tour.id)
    with pytest.raises(NotFound):
        site.alice.delete_tour(private.id)
    still = [(v.name, v.owner, v.shared) for v in site.alice.list_views()]
    assert still == [("Perimeter", "alice", False), ("Perimeter", "admin", True)]
    renamed = site.bob.save_view(
        "Outside", 4, [(0, site.gate), (1, site.yard)], view_id=saved.id, shared=True
    )
    assert renamed.owner == "admin" and renamed.name == "Outside"  # its owner stays
    assert [v.name for v in site.admin.list_views()] == ["Outside"]

    # A camera removed from the site leaves the views that held it.
    site.admin.delete_camera(site.yard)
    [outside] = [v for v in site.alice.list_views() if v.owner == "admin"]
    assert tiles_of(outside) == [(0, site.gate, [])]
    # alice's view had yard alone: it stays hers, with no tile left to show.
    assert list(the(site.alice.list_views(), "Perimeter").tiles) == []

    # A deleted view leaves the tours that showed it (the tour stays, without it).
    site.bob.delete_view(saved.id)
    assert [v.owner for v in site.alice.list_views()] == ["alice"]
    [round_] = site.alice.list_tours()
    assert round_.id == tour.id and list(round_.steps) == []
    site.admin.delete_tour(tour.id)
    assert site.alice.list_tours() == []

    lines = audit_lines(postgres, directory)
    for line in (
        "view.saved admin saved site view 'Perimeter': 4 tiles, 3 set, not shared",
        "view.saved alice saved site view 'Perimeter': 1 tiles, 1 set, not shared",
        "view.saved bob saved site view 'Outside' (was 'Perimeter'): 4 tiles, 2 set, shared",
        "tour.saved admin saved site tour 'Round': 1 steps, shared",
        "view.deleted bob deleted site view 'Outside'",
        "tour.deleted admin deleted site tour 'Round'",
    ):
        assert line in lines, lines
    assert not any("Mine now" in line for line in lines)  # refused: not saved, not audited


def test_a_view_naming_no_camera_of_the_site_is_refused_naming_it(site: Site) -> None:
    with pytest.raises(NotFound) as refused:
        site.alice.save_view("Lobby", 4, [(0, site.gate), (1, 987654)])
    assert "camera 987654 is not a camera of the site" in refused.value.message
    sequence = views_pb2.ViewTile(index=0, camera_id=site.yard)
    sequence.sequence.name = "s"
    sequence.sequence.camera_ids[:] = [site.yard, 987655]
    sequence.sequence.dwell_s = 5
    with pytest.raises(NotFound, match="camera 987655 is not"):
        site.alice.save_view("Lobby", 4, [sequence])
    # The shapes are a recording server's: a layout of 5 tiles is none of them.
    with pytest.raises(InvalidArgument, match="5 is not one of"):
        site.alice.save_view("Lobby", 5, [(0, site.gate)])
    assert site.alice.list_views() == []


def test_the_directory_database_down_is_unavailable_then_views_work_again(
    site: Site, postgres: PostgresCluster
) -> None:
    site.alice.save_view("Lobby", 1, [(0, site.gate)])
    postgres.stop("immediate")
    try:
        with pytest.raises(Unavailable, match="site directory unavailable") as down:
            site.alice.list_views()
        assert down.value.reason == "DIRECTORY_UNAVAILABLE"
        with pytest.raises(Unavailable):
            site.alice.save_view("Hall", 1, [(0, site.gate)])
    finally:
        postgres.start()
    assert [v.name for v in site.alice.list_views()] == ["Lobby"]


def vedette(directory: DirectoryProcess, tmp_path: Path, *args: str) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "vedette_api.cli", "--server", directory.address,
         "--trust-new-certificate", *args],
        env=environment({"VEDETTE_PASSWORD": ADMIN_PASSWORD, "HOME": str(tmp_path),
                         "XDG_CONFIG_HOME": str(tmp_path / "config")}),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_cli_keeps_site_views_and_tours_at_the_directory(
    site: Site, directory: DirectoryProcess, tmp_path: Path
) -> None:
    saved = vedette(
        directory, tmp_path, "views", "save", "Perimeter", "--layout", "4",
        "--tile", f"0:{site.gate}", "--tile", f"1:{site.yard}:sub", "--shared",
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    assert "'Perimeter': 2 of 4 tiles" in saved.stdout
    [view] = site.alice.list_views()  # shared: alice sees it
    assert tiles_of(view) == [(0, site.gate, []), (1, site.yard, [])]

    listed = vedette(directory, tmp_path, "views", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [as_json] = json.loads(listed.stdout)
    assert as_json["name"] == "Perimeter" and as_json["owner"] == "admin"
    assert [t["camera_id"] for t in as_json["tiles"]] == [site.gate, site.yard]

    toured = vedette(
        directory, tmp_path, "tours", "save", "Round", "--step", f"{view.id}:15", "--shared"
    )
    assert toured.returncode == 0, toured.stderr
    [tour] = site.alice.list_tours()
    assert [(s.view_id, s.dwell_seconds) for s in tour.steps] == [(view.id, 15)]
    table = vedette(directory, tmp_path, "tours", "list")
    assert table.returncode == 0, table.stderr
    assert f"{view.id}:15s" in table.stdout

    unknown = vedette(
        directory, tmp_path, "views", "save", "Lobby", "--layout", "1", "--tile", "0:987654"
    )
    assert unknown.returncode == 1
    assert "camera 987654 is not a camera of the site" in unknown.stderr
    malformed = vedette(
        directory, tmp_path, "views", "save", "Lobby", "--layout", "1", "--tile", "0-1"
    )
    assert malformed.returncode != 0 and "INDEX:CAMERA_ID" in malformed.stderr

    assert vedette(directory, tmp_path, "tours", "rm", str(tour.id)).returncode == 0
    assert vedette(directory, tmp_path, "views", "rm", str(view.id)).returncode == 0
    assert site.alice.list_views() == [] and site.alice.list_tours() == []
