"""Names and URLs with control or bidirectional characters are refused by the real API,
with INVALID_ARGUMENT naming the field and the code point (issue 11).

A right-to-left override (U+202E) in a camera name or a URL makes a log line or a
console list show text in another order than it was stored ("evil\u202egpj.exe" reads
"evilexe.jpg"); a newline forges log lines. One check (``vedette_server.names``)
refuses them everywhere an operator names something.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vedette_api import errors

RLO = "\u202e"
PASSWORD = "Night-Shift-41!"


def refused(call: Callable[[], Any], field: str, code_point: str = "U+202E") -> str:
    with pytest.raises(errors.InvalidArgument) as caught:
        call()
    message = caught.value.message
    assert field in message and code_point in message, message
    return message


def test_names_and_urls_with_a_right_to_left_override_are_refused_naming_field_and_code_point(
    server_factory, tmp_path
) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        camera = client.create_camera("Lobby", "rtsp://192.0.2.1/main", enabled=False)
        message = refused(lambda: client.create_camera(f"Gate{RLO}3", "rtsp://192.0.2.1/a"), "name")
        assert "RIGHT-TO-LEFT OVERRIDE" in message
        refused(lambda: client.create_camera("Gate", f"rtsp://192.0.2.1/{RLO}a"), "main_url")
        refused(
            lambda: client.create_camera("Gate", "rtsp://192.0.2.1/a", sub_url=f"rtsp://h/{RLO}"),
            "sub_url",
        )
        refused(
            lambda: client.create_camera(
                "Gate", "rtsp://192.0.2.1/a", camera_user=f"ad{RLO}min", camera_password="x"
            ),
            "camera_user",
        )
        refused(lambda: client.update_camera(camera.id, name=f"Lobby{RLO}"), "name")
        refused(lambda: client.update_camera(camera.id, name="Lobby\n2"), "name", "U+000A")
        refused(lambda: client.create_user(f"guard{RLO}", PASSWORD, group_id=3), "name")
        refused(lambda: client.create_user("guard\n", PASSWORD, group_id=3), "name", "U+000A")
        refused(
            lambda: client.create_user("guard", PASSWORD, group_id=3, email=f"g{RLO}@x.org"),
            "email",
        )
        refused(lambda: client.create_user("guard", PASSWORD, group_id=3, note=RLO), "note")
        refused(lambda: client.create_group(f"Night{RLO}"), "name")
        refused(lambda: client.create_group("Night\x85shift"), "name", "U+0085")  # a C1 control
        refused(lambda: client.create_tag(camera.id, 1_800_000_000_000_000, f"a{RLO}b"), "name")
        refused(lambda: client.save_view(f"Hall{RLO}", 1, [(0, camera.id)]), "view.name")
        view = client.save_view("Hall", 1, [(0, camera.id)])
        refused(lambda: client.save_tour(f"Round{RLO}", [(view.id, 10)]), "tour.name")
        refused(lambda: client.update_disk_group(1, name=f"Disks{RLO}"), "disk_group.name")
        refused(lambda: client.add_volume(str(tmp_path / f"v{RLO}")), "path")
        for isolate in ("\u2066", "\u200f", "\u061c"):  # an isolate and two direction marks
            code = f"U+{ord(isolate):04X}"
            refused(lambda c=isolate: client.create_camera(f"A{c}", "rtsp://h/a"), "name", code)
        assert [c.name for c in client.list_cameras()] == ["Lobby"]
        assert [u.name for u in client.list_users()] == ["admin"]


def test_ordinary_names_with_accents_and_spaces_are_still_accepted(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        camera = client.create_camera("Entrée nord 2", "rtsp://192.0.2.1/main", enabled=False)
        assert camera.name == "Entrée nord 2"
        assert client.create_group("Équipe de nuit").name == "Équipe de nuit"
        user = client.create_user("guard", PASSWORD, group_id=3, note="Night shift\nGate 2")
        assert user.note == "Night shift\nGate 2"

