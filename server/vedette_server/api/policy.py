"""Who may call what: one access rule per RPC, checked before its servicer runs.

The interceptor refuses a method that has no rule here (PERMISSION_DENIED), and the
server refuses to start when a service it serves has a method without one, so a new
RPC cannot ship unguarded. ``tests/integration/test_permission_matrix.py`` walks
every method of ``vedette_api.services.SERVICES`` against users of different rights.

Kinds of rule:
- ``OPEN``: no session needed (Login; health and reflection are outside the API).
- ``SESSION``: any logged-in user (their own account, the server's identity).
- ``AREA``: the user needs the area right in the session's scope.
- ``CAMERA``: the user needs the camera right on every camera id named by the
  request's ``camera_field`` (an ``int64`` or ``repeated int64`` field); for a
  repeated field, an empty list means "every camera the user has that right on",
  which the servicer resolves with ``permitted_cameras``.
- ``SEES_CAMERA``: the camera named by ``camera_field`` must be one the user sees.
- ``LISTED``: any logged-in user; the servicer filters what it returns to the
  cameras the user sees (ListCameras, GetSystemInfo).
- ``SERVICER``: the servicer checks itself with ``require`` (rights that depend on
  the request's content, such as which settings an update touches).

``audit`` names the action written to the system log after the call (with its
outcome), for every call that changes something or must be traced (exports).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from vedette_server.accounts.rights import Area, CameraRight


class RuleKind(enum.Enum):
    OPEN = "open"
    SESSION = "session"
    AREA = "area"
    CAMERA = "camera"
    SEES_CAMERA = "sees_camera"
    LISTED = "listed"
    SERVICER = "servicer"


@dataclass(frozen=True)
class Rule:
    kind: RuleKind
    area: Area | None = None
    camera_right: CameraRight | None = None
    camera_field: str | None = None
    audit: str | None = None

    def camera_ids(self, request: Any) -> list[int] | None:
        """The camera ids a CAMERA / SEES_CAMERA rule checks; None for other kinds."""
        if self.camera_field is None:
            return None
        value = request
        for part in self.camera_field.split("."):  # "lock.camera_id": a nested field
            value = getattr(value, part)
        if isinstance(value, int):
            return [value]
        return list(value)


def _open() -> Rule:
    return Rule(RuleKind.OPEN)


def _session(audit: str | None = None) -> Rule:
    return Rule(RuleKind.SESSION, audit=audit)


def _area(area: Area, audit: str | None = None) -> Rule:
    return Rule(RuleKind.AREA, area=area, audit=audit)


def _camera(right: CameraRight, field: str, audit: str | None = None) -> Rule:
    return Rule(RuleKind.CAMERA, camera_right=right, camera_field=field, audit=audit)


_S = "/vedette.v1."

RULES: Final[dict[str, Rule]] = {
    # AuthService: Login audits itself (it knows the user and the outcome).
    f"{_S}AuthService/Login": _open(),
    f"{_S}AuthService/Logout": _session(audit="logout"),
    # AccountService
    f"{_S}AccountService/ListUsers": _area(Area.ACCOUNTS),
    f"{_S}AccountService/GetUser": _area(Area.ACCOUNTS),
    f"{_S}AccountService/CreateUser": _area(Area.ACCOUNTS, "user.create"),
    f"{_S}AccountService/UpdateUser": _area(Area.ACCOUNTS, "user.update"),
    f"{_S}AccountService/DeleteUser": _area(Area.ACCOUNTS, "user.delete"),
    f"{_S}AccountService/ResetPassword": _area(Area.ACCOUNTS, "user.reset_password"),
    f"{_S}AccountService/GetMyAccount": _session(),
    f"{_S}AccountService/ChangeMyPassword": _session(audit="user.change_password"),
    f"{_S}AccountService/ListGroups": _area(Area.ACCOUNTS),
    f"{_S}AccountService/GetGroup": _area(Area.ACCOUNTS),
    f"{_S}AccountService/CreateGroup": _area(Area.ACCOUNTS, "group.create"),
    f"{_S}AccountService/UpdateGroup": _area(Area.ACCOUNTS, "group.update"),
    f"{_S}AccountService/DeleteGroup": _area(Area.ACCOUNTS, "group.delete"),
    f"{_S}AccountService/ListSessions": _area(Area.ACCOUNTS),
    f"{_S}AccountService/EndSession": _area(Area.ACCOUNTS, "session.end"),
    # CameraService
    f"{_S}CameraService/ListCameras": Rule(RuleKind.LISTED),
    f"{_S}CameraService/GetCamera": Rule(RuleKind.SEES_CAMERA, camera_field="camera_id"),
    f"{_S}CameraService/CreateCamera": _area(Area.CAMERAS, "camera.create"),
    f"{_S}CameraService/UpdateCamera": _area(Area.CAMERAS, "camera.update"),
    f"{_S}CameraService/DeleteCamera": _area(Area.CAMERAS, "camera.delete"),
    # StorageService
    f"{_S}StorageService/ListVolumes": _area(Area.DISKS),
    f"{_S}StorageService/AddVolume": _area(Area.DISKS, "volume.add"),
    f"{_S}StorageService/InitializeVolume": _area(Area.DISKS, "volume.initialize"),
    f"{_S}StorageService/UpdateVolume": _area(Area.DISKS, "volume.update"),
    f"{_S}StorageService/RemoveVolume": _area(Area.DISKS, "volume.remove"),
    f"{_S}StorageService/ListDiskGroups": _area(Area.DISKS),
    f"{_S}StorageService/UpdateDiskGroup": _area(Area.DISKS, "disk_group.update"),
    # SearchService
    f"{_S}SearchService/GetTimeline": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}SearchService/ListRecordingDays": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}SearchService/SearchEvents": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}SearchService/CreateTag": _camera(CameraRight.PLAYBACK, "tag.camera_id", "tag.create"),
    # The tag's camera is read from the catalog: the servicer checks the right on it.
    f"{_S}SearchService/UpdateTag": Rule(RuleKind.SERVICER, audit="tag.update"),
    f"{_S}SearchService/DeleteTag": Rule(RuleKind.SERVICER, audit="tag.delete"),
    f"{_S}SearchService/ListTags": _camera(CameraRight.PLAYBACK, "camera_ids"),
    # RecordingService
    f"{_S}RecordingService/StartManualRecording": _area(Area.RECORDING, "recording.manual.start"),
    f"{_S}RecordingService/StopManualRecording": _area(Area.RECORDING, "recording.manual.stop"),
    f"{_S}RecordingService/GetRecordingStatus": Rule(RuleKind.LISTED),
    # A lock longer than a month or kept longer than a quarter (or until unlocked) is a
    # retention decision: the servicer also requires the recording area for it
    # (recording/locks.py ``beyond_export_right``).
    f"{_S}RecordingService/LockRange": _camera(CameraRight.EXPORT, "lock.camera_id", "lock"),
    f"{_S}RecordingService/ListLocks": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}RecordingService/Unlock": _area(Area.RECORDING, "unlock"),
    # ExportService
    f"{_S}ExportService/ExportRecording": _camera(CameraRight.EXPORT, "camera_id", "export"),
    # Tasks: the items may come from an event or a tag, so the servicer checks the
    # export right on every camera; tasks are their creator's (or system's).
    f"{_S}ExportService/CreateExportTask": Rule(RuleKind.SERVICER, audit="export.task.create"),
    f"{_S}ExportService/ListExportTasks": _session(),
    f"{_S}ExportService/GetExportTask": _session(),
    f"{_S}ExportService/PauseExportTask": _session(audit="export.task.pause"),
    f"{_S}ExportService/ResumeExportTask": _session(audit="export.task.resume"),
    f"{_S}ExportService/CancelExportTask": _session(audit="export.task.cancel"),
    f"{_S}ExportService/DeleteExportTask": _session(audit="export.task.delete"),
    f"{_S}ExportService/DownloadExportFile": _session(audit="export.download"),
    f"{_S}ExportService/ListExportRoots": _session(),
    # ImageService: thumbnails and recorded pictures are playback; a live snapshot
    # needs the live right instead, so TakeSnapshot checks in the servicer (which
    # right depends on whether `time` is set). Snapshots are read, deleted and
    # exported under their camera's rights, read from the catalog by the servicer.
    f"{_S}ImageService/GetThumbnails": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}ImageService/TakeSnapshot": Rule(RuleKind.SERVICER, audit="snapshot.take"),
    f"{_S}ImageService/ListSnapshots": _camera(CameraRight.PLAYBACK, "camera_ids"),
    f"{_S}ImageService/GetSnapshot": Rule(RuleKind.SERVICER),
    f"{_S}ImageService/DeleteSnapshot": Rule(RuleKind.SERVICER, audit="snapshot.delete"),
    f"{_S}ImageService/ExportSnapshots": Rule(RuleKind.SERVICER, audit="snapshot.export"),
    # MediaService. Live: the servicer also needs the audio right when audio is asked.
    f"{_S}MediaService/Live": _camera(CameraRight.LIVE, "camera_id"),
    # The cameras are in the stream's first message: the servicer checks the playback
    # right on every one of them.
    f"{_S}MediaService/Playback": Rule(RuleKind.SERVICER),
    # SystemService
    f"{_S}SystemService/GetServerInfo": _session(),
    f"{_S}SystemService/GetSystemInfo": Rule(RuleKind.LISTED),
    f"{_S}SystemService/GetSettings": Rule(RuleKind.LISTED),
    f"{_S}SystemService/UpdateSettings": Rule(RuleKind.SERVICER, audit="settings.update"),
    f"{_S}SystemService/SetSystemTime": _area(Area.SYSTEM, "time.set"),
    f"{_S}SystemService/SearchLogs": _area(Area.LOGS),
    f"{_S}SystemService/ExportConfig": _area(Area.SYSTEM, "config.export"),
    f"{_S}SystemService/PreviewConfigImport": _area(Area.SYSTEM),
    f"{_S}SystemService/ImportConfig": _area(Area.SYSTEM, "config.import"),
    f"{_S}SystemService/FactoryReset": _area(Area.SYSTEM, "factory_reset"),
    f"{_S}SystemService/Restart": _area(Area.SYSTEM, "restart"),
    f"{_S}SystemService/Shutdown": _area(Area.SYSTEM, "shutdown"),
    f"{_S}SystemService/CancelPowerAction": _area(Area.SYSTEM, "power.cancel"),
    # ViewService: a user's own views and tours; the servicer checks the live right on
    # a saved view's cameras, filters listed tiles by it, and lets only the owner (or
    # the accounts right) change a shared view or tour.
    f"{_S}ViewService/ListViews": _session(),
    f"{_S}ViewService/SaveView": _session(audit="view.save"),
    f"{_S}ViewService/DeleteView": _session(audit="view.delete"),
    f"{_S}ViewService/ListTours": _session(),
    f"{_S}ViewService/SaveTour": _session(audit="tour.save"),
    f"{_S}ViewService/DeleteTour": _session(audit="tour.delete"),
}


class MissingRules(Exception):
    def __init__(self, methods: list[str]) -> None:
        super().__init__(f"RPCs without an access rule: {', '.join(methods)}")
        self.methods = methods


def check_rules_cover(method_paths: Iterable[str]) -> None:
    """Raise ``MissingRules`` unless every method path has a rule."""
    missing = sorted(set(method_paths) - set(RULES))
    if missing:
        raise MissingRules(missing)
