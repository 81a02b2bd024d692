"""In-tile sequences of saved views (LIVE-08) and the displays' views (SYS-04,
LIVE-13) on a real server: a sequence is saved, listed and kept across a restart;
a bad one is refused with its reason; a user sees only the sequence's cameras they
have the live right on; the display settings name only shared views and tours."""

from __future__ import annotations

import pytest

from tests.support.server_process import ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import system_pb2, views_pb2

PASSWORD = "Sequences-Test-2026!"


def sequence_tile(
    index: int, cameras: list[int], dwell_s: int, name: str = "Doors"
) -> views_pb2.ViewTile:
    tile = views_pb2.ViewTile(index=index, camera_id=cameras[0] if cameras else 0)
    tile.sequence.name = name
    tile.sequence.camera_ids[:] = cameras
    tile.sequence.dwell_s = dwell_s
    return tile


def set_display(client: Client, **ids: int) -> system_pb2.DisplaySettings:
    settings = system_pb2.Settings(display=system_pb2.DisplaySettings(**ids))  # type: ignore[arg-type]
    paths = [f"display.{name}" for name in ids]
    return client.update_settings(settings, paths).settings.display


def test_a_sequence_is_kept_checked_and_shown_within_the_callers_rights(server_factory) -> None:  # type: ignore[no-untyped-def]
    server: ServerProcess = server_factory()
    with server.client() as admin:
        gate, door, vault = (
            admin.create_camera(name, f"rtsp://127.0.0.1:9/{name}", enabled=False).id
            for name in ("gate", "door", "vault")
        )
        # camera_id is the sequence's first camera, whatever the caller put there.
        wrong_first = sequence_tile(1, [door, gate, vault], 5)
        wrong_first.camera_id = vault
        view = admin.save_view("Entrances", 4, [(0, gate), wrong_first], shared=True)
        tile = view.tiles[1]
        assert (tile.camera_id, list(tile.sequence.camera_ids)) == (door, [door, gate, vault])
        assert (tile.sequence.name, tile.sequence.dwell_s) == ("Doors", 5)
        assert not view.tiles[0].HasField("sequence")

        bad = [
            (sequence_tile(0, [gate], 5), errors.InvalidArgument, "2 to 64 cameras"),
            (sequence_tile(0, [gate, door], 2), errors.InvalidArgument, "dwell of 2 s"),
            (sequence_tile(0, [gate, gate], 5), errors.InvalidArgument, "given twice"),
            (sequence_tile(0, [gate, door], 5, name=" "), errors.InvalidArgument, "name"),
            (sequence_tile(0, [gate, 999_999], 5), errors.NotFound, "999999"),
        ]
        for tile_message, error, reason in bad:
            with pytest.raises(error, match=reason):
                admin.save_view("Bad", 1, [tile_message])
        assert [v.name for v in admin.list_views()] == ["Entrances"]  # nothing saved

        group = admin.create_group("two", remote_rights=make_rights([], {"live": [gate, door]}))
        admin.create_user("op", PASSWORD, group_id=group.id)
        admin.save_view("Vault round", 1, [sequence_tile(0, [vault, gate], 4)], shared=True)

    with Client.connect(
        server.address, username="op", password=PASSWORD, known_servers_path=server.known_servers
    ) as op:
        seen = {v.name: v for v in op.list_views()}
        # The vault is left out of the sequence; one camera left is a plain tile.
        assert list(seen["Entrances"].tiles[1].sequence.camera_ids) == [door, gate]
        (single,) = seen["Vault round"].tiles
        assert single.camera_id == gate and not single.HasField("sequence")
        with pytest.raises(errors.PermissionDenied, match=f"camera {vault}"):
            op.save_view("Mine", 1, [sequence_tile(0, [gate, vault], 5)])

    server.stop()
    server = server_factory(data=server.data)
    with server.client() as admin:
        (kept,) = (v for v in admin.list_views() if v.name == "Entrances")
        assert list(kept.tiles[1].sequence.camera_ids) == [door, gate, vault]
        assert kept.tiles[1].sequence.dwell_s == 5


def test_the_displays_name_shared_views_and_tours_only(server_factory) -> None:  # type: ignore[no-untyped-def]
    server: ServerProcess = server_factory()
    with server.client() as admin:
        gate = admin.create_camera("gate", "rtsp://127.0.0.1:9/gate", enabled=False).id
        shared = admin.save_view("Wall", 1, [(0, gate)], shared=True)
        private = admin.save_view("Desk", 1, [(0, gate)])
        tour = admin.save_tour("Round", [(shared.id, 10)], shared=True)
        private_tour = admin.save_tour("Mine", [(shared.id, 10)])

        shown = set_display(admin, spot_view_id=shared.id, spot_tour_id=tour.id)
        assert (shown.spot_view_id, shown.spot_tour_id) == (shared.id, tour.id)
        with pytest.raises(errors.InvalidArgument, match=r"display\.main_view_id.*not shared"):
            set_display(admin, main_view_id=private.id)
        with pytest.raises(errors.InvalidArgument, match=r"display\.main_tour_id.*not shared"):
            set_display(admin, main_tour_id=private_tour.id)
        with pytest.raises(errors.NotFound, match="view"):
            set_display(admin, spot_view_id=999_999)
        with pytest.raises(errors.NotFound, match="tour"):
            set_display(admin, spot_tour_id=999_999)
        # Nothing changed by the refused ones; 0 clears.
        display = admin.get_settings().display
        assert (display.main_view_id, display.spot_view_id) == (0, shared.id)
        # A view unshared after it was given does not block the other display settings.
        admin.save_view("Wall", 1, [(0, gate)], view_id=shared.id, shared=False)
        settings = system_pb2.Settings(
            display=system_pb2.DisplaySettings(logged_out_cameras=[gate])
        )
        kept = admin.update_settings(settings, ["display.logged_out_cameras"]).settings.display
        assert (list(kept.logged_out_cameras), kept.spot_view_id) == ([gate], shared.id)
        assert set_display(admin, spot_view_id=0).spot_view_id == 0
