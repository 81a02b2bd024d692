"""ViewService on a real server: saved views and tours per user, shared ones, the
live right on their cameras, and their survival across a restart (LIVE-06, LIVE-07)."""

from __future__ import annotations

import pytest

from tests.support.server_process import ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import common_pb2

PASSWORD = "Views-Test-2026!"


def login(server: ServerProcess, user: str) -> Client:
    return Client.connect(
        server.address, username=user, password=PASSWORD, known_servers_path=server.known_servers
    )


def test_views_and_tours_follow_their_owner_and_respect_camera_rights(server_factory) -> None:  # type: ignore[no-untyped-def]
    server: ServerProcess = server_factory()
    with server.client() as admin:
        gate = admin.create_camera("gate", "rtsp://127.0.0.1:9/gate", enabled=False).id
        vault = admin.create_camera("vault", "rtsp://127.0.0.1:9/vault", enabled=False).id
        group = admin.create_group(
            "gate only", remote_rights=make_rights([], {"live": [gate], "playback": [vault]})
        )
        admin.create_user("op", PASSWORD, group_id=group.id)
        admin.create_user("other", PASSWORD, group_id=group.id)
        lobby = admin.save_view(
            "Lobby", 4, [(0, gate), (3, vault, common_pb2.STREAM_SUB)], shared=True
        )
        assert lobby.owner == "admin" and [t.camera_id for t in lobby.tiles] == [gate, vault]
        assert lobby.tiles[1].stream == common_pb2.STREAM_SUB
        private = admin.save_view("Admin only", 1, [(0, vault)])

    with login(server, "op") as op:
        (seen,) = op.list_views()  # the shared one, not the private one
        assert seen.name == "Lobby" and seen.owner == "admin"
        assert [t.camera_id for t in seen.tiles] == [gate]  # no live right on the vault
        with pytest.raises(errors.PermissionDenied, match=f"camera {vault}"):
            op.save_view("Vault", 1, [(0, vault)])
        mine = op.save_view("Gate", 4, [(0, gate), (1, gate)])
        with pytest.raises(errors.InvalidArgument, match="already used"):
            op.save_view("Gate", 1, [])
        with pytest.raises(errors.InvalidArgument, match="layout"):
            op.save_view("Five", 5, [])
        with pytest.raises(errors.InvalidArgument, match="outside a 4-tile layout"):
            op.save_view("Big", 4, [(4, gate)])
        with pytest.raises(errors.InvalidArgument, match="given twice"):
            op.save_view("Twice", 4, [(1, gate), (1, gate)])
        with pytest.raises(errors.InvalidArgument, match="name"):
            op.save_view("  ", 1, [])
        # Someone else's shared view is theirs to change; a private one is unknown.
        with pytest.raises(errors.PermissionDenied, match="owner"):
            op.save_view("Mine now", 4, [], view_id=lobby.id, shared=True)
        with pytest.raises(errors.PermissionDenied):
            op.delete_view(lobby.id)
        with pytest.raises(errors.NotFound):
            op.delete_view(private.id)
        # Rename: save under the same id.
        renamed = op.save_view("Main gate", 4, [(0, gate)], view_id=mine.id)
        assert (renamed.id, renamed.name, len(renamed.tiles)) == (mine.id, "Main gate", 1)
        assert [v.name for v in op.list_views()] == ["Main gate", "Lobby"]  # own first

        with pytest.raises(errors.NotFound):
            op.save_tour("Night", [(private.id, 10)])
        for steps, why in (([], "steps"), ([(mine.id, 1)], "dwell")):
            with pytest.raises(errors.InvalidArgument, match=why):
                op.save_tour("Night", steps)
        tour = op.save_tour("Night", [(mine.id, 10), (lobby.id, 5)])
        assert [(s.view_id, s.dwell_seconds) for s in tour.steps] == [(mine.id, 10), (lobby.id, 5)]

    with login(server, "other") as other:
        assert [v.name for v in other.list_views()] == ["Lobby"]  # op's views are op's
        assert other.list_tours() == []

    with server.client() as admin:  # the accounts right may change a shared view
        admin.save_view("Lobby", 4, [(0, gate), (1, vault)], view_id=lobby.id, shared=True)
        logged = [e.action for e in admin.search_logs(text="view")]
        assert "view.save" in logged
        admin.delete_camera(vault)  # its tile is left out from then on
        views = {v.name: v for v in admin.list_views()}
        assert [t.camera_id for t in views["Lobby"].tiles] == [gate]
        assert list(views["Admin only"].tiles) == []

    server.stop()
    server = server_factory(data=server.data)
    with login(server, "op") as op:  # on another console, after a restart
        assert [v.name for v in op.list_views()] == ["Main gate", "Lobby"]
        (tour,) = op.list_tours()
        assert tour.name == "Night" and len(tour.steps) == 2
        op.delete_view(mine.id)
        (tour,) = op.list_tours()
        assert [s.view_id for s in tour.steps] == [lobby.id]  # the deleted view's step is gone
        op.delete_tour(tour.id)
        assert op.list_tours() == []
        with pytest.raises(errors.NotFound):
            op.delete_tour(tour.id)
