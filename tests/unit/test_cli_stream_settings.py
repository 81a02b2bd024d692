"""``vedette cameras streams --set``: the form of each value is checked before anything
is sent (the bounds are the camera's, checked by the server)."""

from __future__ import annotations

import pytest

from vedette_api.cli.camera_streams import stream_changes
from vedette_api.client.camera_streams import stream_change
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import cameras_pb2


def test_keys_become_stream_change_fields() -> None:
    changes = stream_changes(
        [("resolution", "1280X720"), ("fps", " 15"), ("bitrate", "2048"), ("gop", "30"),
         ("h264_profile", "main")]
    )  # fmt: skip
    assert changes == {
        "width": 1280, "height": 720, "fps": 15, "bitrate_kbps": 2048, "gop": 30,
        "h264_profile": "Main",
    }  # fmt: skip
    message = stream_change("sub", **changes)
    assert message.role == cameras_pb2.STREAM_ROLE_SUB
    assert (message.width, message.height, message.bitrate_kbps) == (1280, 720, 2048)
    assert not stream_change("main", fps=5).HasField("width")


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        ([("resolution", "big")], "WIDTHxHEIGHT"),
        ([("resolution", "12x")], "whole number"),
        ([("fps", "-3")], "whole number"),
        ([("bitrate", "2.5")], "whole number"),
        ([("colour", "red")], "no stream setting 'colour'"),
    ],
)
def test_a_malformed_value_is_refused_naming_it(pairs: list[tuple[str, str]], words: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        stream_changes(pairs)
    assert words in str(caught.value)


def test_the_sdk_refuses_an_unknown_stream_or_setting() -> None:
    with pytest.raises(InvalidArgument, match="main or sub"):
        stream_change("third", fps=5)
    with pytest.raises(InvalidArgument, match="no stream setting"):
        stream_change("main", colour=5)
    with pytest.raises(InvalidArgument, match="whole number"):
        stream_change("main", fps="fast")
    with pytest.raises(InvalidArgument, match="no stream setting to change"):
        stream_change("main")
