"""Rights: their JSON form, and the one decision ``may(principal, right, camera)``."""

from __future__ import annotations

import json

import pytest

from vedette_server.accounts.authorization import Principal, may, require, sees_camera
from vedette_server.accounts.rights import (
    ALL_CAMERAS,
    ALL_RIGHTS,
    DEFAULT_ORDINARY_RIGHTS,
    Area,
    CameraRight,
    GroupRights,
    InvalidRights,
    Scope,
    ScopeRights,
    parse_rights,
    scope_rights,
)
from vedette_server.errors import PermissionDenied


def principal(rights: ScopeRights) -> Principal:
    return Principal(7, "operator", Scope.REMOTE, rights)


def test_rights_round_trip_through_their_stored_json() -> None:
    local = scope_rights([Area.LOGS], {CameraRight.LIVE: ALL_CAMERAS, CameraRight.PTZ: [3, 1]})
    remote = scope_rights([], {CameraRight.PLAYBACK: [2]})
    rights = GroupRights(local, remote)
    text = rights.to_json_text()
    assert parse_rights(text) == rights
    assert json.loads(text)["local"]["cameras"] == {"live": "all", "ptz": [1, 3]}
    assert parse_rights(ALL_RIGHTS.to_json_text()) == ALL_RIGHTS


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "not JSON"),
        ('{"local": {}}', "exactly"),
        ('{"local": {"areas": ["root"]}, "remote": {}}', "unknown area 'root'"),
        ('{"local": {"cameras": {"fly": "all"}}, "remote": {}}', "unknown camera right"),
        ('{"local": {"cameras": {"live": "some"}}, "remote": {}}', "'all' or a list"),
        ('{"local": {"cameras": {"live": [0]}}, "remote": {}}', "positive"),
        ('{"local": {"cameras": {"live": [true]}}, "remote": {}}', "positive"),
        ('{"local": {"extra": 1}, "remote": {}}', "expected an object"),
    ],
)
def test_malformed_stored_rights_are_refused_never_half_granted(text: str, reason: str) -> None:
    with pytest.raises(InvalidRights, match=reason):
        parse_rights(text)


def test_a_camera_right_applies_only_to_its_cameras_and_all_includes_future_ones() -> None:
    who = principal(scope_rights([], {CameraRight.LIVE: [1], CameraRight.PLAYBACK: ALL_CAMERAS}))
    assert may(who, CameraRight.LIVE, 1)
    assert not may(who, CameraRight.LIVE, 2)
    assert may(who, CameraRight.PLAYBACK, 12345)
    assert not may(who, CameraRight.EXPORT, 1)
    assert not may(who, Area.CAMERAS)


def test_require_names_the_missing_right_and_scope() -> None:
    who = principal(DEFAULT_ORDINARY_RIGHTS.remote)
    require(who, CameraRight.LIVE, 9)
    with pytest.raises(PermissionDenied, match=r"'export' right on camera 9 \(remote"):
        require(who, CameraRight.EXPORT, 9)
    with pytest.raises(PermissionDenied, match="'system' right"):
        require(who, Area.SYSTEM)


def test_area_and_camera_rights_are_not_confused() -> None:
    who = principal(ScopeRights())
    with pytest.raises(TypeError):
        may(who, Area.LOGS, 1)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        may(who, CameraRight.LIVE)  # type: ignore[call-overload]


def test_a_camera_is_seen_through_any_right_on_it_or_the_cameras_area() -> None:
    assert sees_camera(principal(scope_rights([], {CameraRight.AUDIO: [4]})), 4)
    assert not sees_camera(principal(scope_rights([], {CameraRight.AUDIO: [4]})), 5)
    assert sees_camera(principal(scope_rights([Area.CAMERAS])), 5)


def test_removing_a_deleted_camera_keeps_every_other_grant() -> None:
    rights = scope_rights([Area.LOGS], {CameraRight.LIVE: [1, 2], CameraRight.PTZ: ALL_CAMERAS})
    left = rights.without_camera(2)
    assert left.cameras_for(CameraRight.LIVE) == frozenset({1})
    assert left.cameras_for(CameraRight.PTZ) is ALL_CAMERAS
    assert left.areas == {Area.LOGS}
