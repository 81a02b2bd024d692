"""Rights: what a permission group lets its users do, locally and remotely (USER-02).

A group holds two ``ScopeRights``: one for *local* sessions (the appliance console,
connected through the server's local socket) and one for *remote* sessions (every
TCP client: workstation consoles, CMS software, the CLI). Each is

- a set of *areas* — settings a user may change: cameras, recording, disks, alarms
  (configure rules, inputs, outputs, notifications), network, accounts, system
  (settings, upgrade, restart/shutdown), logs — and the alarm desk's rights: see
  alarms (alarm_view), handle them (alarm_handle), drive outputs, trigger manual
  alarms and silence the buzzer (io_control);
- per *camera right* — live, playback, export (backup), PTZ, audio, unmasked (see
  the picture without its privacy masks) — the cameras it
  applies to: every camera (``ALL_CAMERAS``, which includes cameras added later) or
  a set of camera ids.

Invariants:
- ``ScopeRights`` and ``GroupRights`` are immutable values; their JSON form (the
  ``permission_group.rights`` column) round-trips exactly, and ``parse_rights``
  refuses anything else with the reason, so a bad row can never grant a right.
- An unknown area or right name in stored JSON is an error, never ignored.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final


class Scope(enum.Enum):
    """Where a session comes from."""

    LOCAL = "local"  # the appliance console, on the server's local socket
    REMOTE = "remote"  # any TCP client


class Area(enum.Enum):
    """A part of the configuration a user may change."""

    CAMERAS = "cameras"  # add, edit, delete cameras
    RECORDING = "recording"  # recording modes, schedules, manual recording
    DISKS = "disks"  # volumes and disk groups
    ALARMS = "alarms"  # configure alarm rules, inputs, outputs, notifications
    NETWORK = "network"  # ports, network settings
    ACCOUNTS = "accounts"  # users, permission groups, sessions, allow/block lists
    SYSTEM = "system"  # settings, date/time, configuration backup, upgrade, restart
    LOGS = "logs"  # search and read the system log
    ALARM_VIEW = "alarm_view"  # receive and list alarms and events (popups, the alarm list)
    ALARM_HANDLE = "alarm_handle"  # acknowledge, assign, comment, hold, close alarms
    IO_CONTROL = "io_control"  # switch outputs, trigger manual alarms, silence the buzzer


class CameraRight(enum.Enum):
    """What a user may do with one camera."""

    LIVE = "live"
    PLAYBACK = "playback"
    EXPORT = "export"  # back up (export) recordings and snapshots
    PTZ = "ptz"
    AUDIO = "audio"
    UNMASKED = "unmasked"  # see the picture without its privacy masks (CAM-10)


class _AllCameras:
    """Every camera, present and future."""

    _instance: _AllCameras | None = None

    def __new__(cls) -> _AllCameras:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ALL_CAMERAS"

    def __contains__(self, camera_id: object) -> bool:
        return isinstance(camera_id, int)


ALL_CAMERAS: Final = _AllCameras()
CameraSet = _AllCameras | frozenset[int]


class InvalidRights(ValueError):
    """Rights that cannot be stored or granted; says what is wrong."""


@dataclass(frozen=True)
class ScopeRights:
    """The areas and per-camera rights of one scope (local or remote)."""

    areas: frozenset[Area] = frozenset()
    cameras: Mapping[CameraRight, CameraSet] = field(default_factory=dict)

    def has_area(self, area: Area) -> bool:
        return area in self.areas

    def cameras_for(self, right: CameraRight) -> CameraSet:
        return self.cameras.get(right, frozenset())

    def may_camera(self, right: CameraRight, camera_id: int) -> bool:
        return camera_id in self.cameras_for(right)

    def sees_camera(self, camera_id: int) -> bool:
        """Whether any camera right covers ``camera_id`` (or the cameras area does)."""
        if Area.CAMERAS in self.areas:
            return True
        return any(camera_id in cameras for cameras in self.cameras.values())

    def without_camera(self, camera_id: int) -> ScopeRights:
        """These rights, with ``camera_id`` taken out of every explicit camera set."""
        cameras = {
            right: (ids if isinstance(ids, _AllCameras) else ids - {camera_id})
            for right, ids in self.cameras.items()
        }
        return ScopeRights(self.areas, cameras)

    def to_json(self) -> dict[str, Any]:
        cameras: dict[str, Any] = {}
        for right in CameraRight:
            ids = self.cameras.get(right)
            if ids is None or (not isinstance(ids, _AllCameras) and not ids):
                continue
            cameras[right.value] = "all" if isinstance(ids, _AllCameras) else sorted(ids)
        return {"areas": sorted(a.value for a in self.areas), "cameras": cameras}


@dataclass(frozen=True)
class GroupRights:
    """A permission group's rights: one ``ScopeRights`` per scope."""

    local: ScopeRights
    remote: ScopeRights

    def for_scope(self, scope: Scope) -> ScopeRights:
        return self.local if scope is Scope.LOCAL else self.remote

    def to_json_text(self) -> str:
        document = {"local": self.local.to_json(), "remote": self.remote.to_json()}
        return json.dumps(document, sort_keys=True, separators=(",", ":"))


def scope_rights(
    areas: Iterable[Area] = (), cameras: Mapping[CameraRight, CameraSet | Iterable[int]] = {}
) -> ScopeRights:
    """Build a ``ScopeRights``, normalising camera id iterables to frozensets."""
    normalised: dict[CameraRight, CameraSet] = {}
    for right, ids in cameras.items():
        if isinstance(ids, _AllCameras):
            normalised[right] = ALL_CAMERAS
        else:
            id_set = frozenset(ids)
            if any(not isinstance(i, int) or isinstance(i, bool) or i < 1 for i in id_set):
                raise InvalidRights(f"{right.value}: camera ids must be positive integers")
            if id_set:
                normalised[right] = id_set
    return ScopeRights(frozenset(areas), normalised)


def _parse_scope(name: str, value: Any) -> ScopeRights:
    if not isinstance(value, dict) or set(value) - {"areas", "cameras"}:
        raise InvalidRights(f"{name}: expected an object with 'areas' and 'cameras'")
    areas_value = value.get("areas", [])
    if not isinstance(areas_value, list):
        raise InvalidRights(f"{name}.areas: expected a list")
    known_areas = {a.value: a for a in Area}
    areas = []
    for item in areas_value:
        if item not in known_areas:
            raise InvalidRights(f"{name}.areas: unknown area {item!r}")
        areas.append(known_areas[item])
    cameras_value = value.get("cameras", {})
    if not isinstance(cameras_value, dict):
        raise InvalidRights(f"{name}.cameras: expected an object")
    known_rights = {r.value: r for r in CameraRight}
    cameras: dict[CameraRight, CameraSet | Iterable[int]] = {}
    for key, ids in cameras_value.items():
        if key not in known_rights:
            raise InvalidRights(f"{name}.cameras: unknown camera right {key!r}")
        if ids == "all":
            cameras[known_rights[key]] = ALL_CAMERAS
        elif isinstance(ids, list):
            cameras[known_rights[key]] = ids
        else:
            raise InvalidRights(f"{name}.cameras.{key}: expected 'all' or a list of camera ids")
    return scope_rights(areas, cameras)


def parse_rights(text: str) -> GroupRights:
    """The rights stored as JSON ``text``; raises ``InvalidRights`` with the reason."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidRights(f"not JSON: {error}") from None
    if not isinstance(document, dict) or set(document) != {"local", "remote"}:
        raise InvalidRights("expected an object with exactly 'local' and 'remote'")
    return GroupRights(
        _parse_scope("local", document["local"]), _parse_scope("remote", document["remote"])
    )


#: Everything, on every camera: the administrator group's rights in each scope.
ALL_SCOPE_RIGHTS: Final = scope_rights(Area, {right: ALL_CAMERAS for right in CameraRight})
ALL_RIGHTS: Final = GroupRights(ALL_SCOPE_RIGHTS, ALL_SCOPE_RIGHTS)
#: Defaults of the editable built-in groups (also what a factory reset restores).
_ADVANCED: Final = scope_rights(
    (
        Area.CAMERAS,
        Area.RECORDING,
        Area.DISKS,
        Area.ALARMS,
        Area.LOGS,
        Area.ALARM_VIEW,
        Area.ALARM_HANDLE,
        Area.IO_CONTROL,
    ),
    # Every camera right but seeing through privacy masks, which an administrator
    # grants on purpose (and which the catalog's seeded advanced group never had).
    {right: ALL_CAMERAS for right in CameraRight if right is not CameraRight.UNMASKED},
)
_ORDINARY: Final = scope_rights(
    (Area.ALARM_VIEW, Area.ALARM_HANDLE),
    {CameraRight.LIVE: ALL_CAMERAS, CameraRight.PLAYBACK: ALL_CAMERAS},
)
DEFAULT_ADVANCED_RIGHTS: Final = GroupRights(_ADVANCED, _ADVANCED)
DEFAULT_ORDINARY_RIGHTS: Final = GroupRights(_ORDINARY, _ORDINARY)
NO_RIGHTS: Final = GroupRights(ScopeRights(), ScopeRights())
