"""Who may call what: one access rule per RPC, checked before its servicer runs.

The interceptor refuses a method that has no rule here (PERMISSION_DENIED), and the
server refuses to start when a service it serves has a method without one, so a new
RPC cannot ship unguarded, or when a rule names no method it serves, so a mistyped
or stale key cannot pass for a guard. ``tests/integration/test_permission_matrix.py``
walks every method of ``vedette_api.services.SERVICES`` against users of different rights.

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
outcome), for every call that changes something or must be traced (exports); the
live feed publishes what an accepted call changed from the same name
(``feed/audited.py``).

``activity=False``: the call does not restart the session's idle clock (the feed,
renewals), as no call with the metadata ``x-vedette-activity: background`` does.
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
    #: Whether the call counts as the user's activity (the idle logout's clock).
    activity: bool = True

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


def _session(audit: str | None = None, *, activity: bool = True) -> Rule:
    return Rule(RuleKind.SESSION, audit=audit, activity=activity)


def _area(area: Area, audit: str | None = None) -> Rule:
    return Rule(RuleKind.AREA, area=area, audit=audit)


def _camera(right: CameraRight, field: str, audit: str | None = None) -> Rule:
    return Rule(RuleKind.CAMERA, camera_right=right, camera_field=field, audit=audit)


#: Every method path starts so: "/vedette.v1.AuthService/Login".
_API_PREFIX = "/vedette.v1."

#: The rule of each RPC, by "Service/Method".
_RULES_BY_NAME: Final[dict[str, Rule]] = {
    # AuthService: Login audits itself (it knows the user and the outcome).
    "AuthService/Login": _open(),
    "AuthService/Logout": _session(audit="logout"),
    # Renewals are frequent (every console, before each expiry): counted, not audited.
    "AuthService/RenewSession": _session(activity=False),
    # The appliance's sign-in (issue 16): open, and each checks itself that the
    # call came on the local socket; the recovery and set-up calls audit themselves.
    "AuthService/GetSetupState": _open(),
    "AuthService/SetUpAdmin": _open(),
    "AuthService/GetRecoveryQuestions": _open(),
    "AuthService/RecoverPassword": _open(),
    "AuthService/AutoLogin": _open(),
    "AuthService/OpenLiveDisplay": _open(),
    # Single sign-on in a site: the signed site token is the credential; audits itself.
    "AuthService/ExchangeSiteToken": _open(),
    # AccountService
    "AccountService/ListUsers": _area(Area.ACCOUNTS),
    "AccountService/GetUser": _area(Area.ACCOUNTS),
    "AccountService/CreateUser": _area(Area.ACCOUNTS, "user.create"),
    "AccountService/UpdateUser": _area(Area.ACCOUNTS, "user.update"),
    "AccountService/DeleteUser": _area(Area.ACCOUNTS, "user.delete"),
    "AccountService/ResetPassword": _area(Area.ACCOUNTS, "user.reset_password"),
    "AccountService/GetMyAccount": _session(),
    "AccountService/ChangeMyPassword": _session(audit="user.change_password"),
    "AccountService/SetMyRecoveryQuestions": _session(audit="user.set_recovery_questions"),
    "AccountService/ListGroups": _area(Area.ACCOUNTS),
    "AccountService/GetGroup": _area(Area.ACCOUNTS),
    "AccountService/CreateGroup": _area(Area.ACCOUNTS, "group.create"),
    "AccountService/UpdateGroup": _area(Area.ACCOUNTS, "group.update"),
    "AccountService/DeleteGroup": _area(Area.ACCOUNTS, "group.delete"),
    "AccountService/ListSessions": _area(Area.ACCOUNTS),
    "AccountService/EndSession": _area(Area.ACCOUNTS, "session.end"),
    # CameraService
    "CameraService/ListCameras": Rule(RuleKind.LISTED),
    "CameraService/GetCamera": Rule(RuleKind.SEES_CAMERA, camera_field="camera_id"),
    "CameraService/CreateCamera": _area(Area.CAMERAS, "camera.create"),
    "CameraService/UpdateCamera": _area(Area.CAMERAS, "camera.update"),
    "CameraService/DeleteCamera": _area(Area.CAMERAS, "camera.delete"),
    # Discovery and tests reach out to addresses the caller chooses: traced.
    "CameraService/Discover": _area(Area.CAMERAS, "camera.discover"),
    "CameraService/TestCamera": _area(Area.CAMERAS, "camera.test"),
    "CameraService/AddOnvifCamera": _area(Area.CAMERAS, "camera.create"),
    # A camera's own picture settings and overlays (ONVIF): the installer's, as its
    # address and streams are; reading them reaches out to the camera too.
    "CameraService/GetImaging": _area(Area.CAMERAS),
    "CameraService/SetImaging": _area(Area.CAMERAS, "camera.imaging.set"),
    "CameraService/GetOsd": _area(Area.CAMERAS),
    "CameraService/SetOsd": _area(Area.CAMERAS, "camera.osd.set"),
    "CameraService/DeleteOsd": _area(Area.CAMERAS, "camera.osd.delete"),
    "CameraService/GetStreamSettings": _area(Area.CAMERAS),
    "CameraService/SetStreamSettings": _area(Area.CAMERAS, "camera.streams.set"),
    "CameraService/ApplyStreamSettings": _area(Area.CAMERAS, "camera.streams.apply"),
    "CameraService/SetCameraNetwork": _area(Area.CAMERAS, "camera.network.set"),
    "CameraService/SetCameraPassword": _area(Area.CAMERAS, "camera.password.set"),
    "CameraService/GetDefaultCredentials": _area(Area.CAMERAS),
    "CameraService/SetDefaultCredentials": _area(Area.CAMERAS, "camera.defaults.set"),
    # Upgrading a camera's firmware is the installer's, as its network settings are.
    "CameraService/UpgradeCameraFirmware": _area(Area.CAMERAS, "camera.firmware.upgrade"),
    # StorageService
    "StorageService/ListVolumes": _area(Area.DISKS),
    "StorageService/AddVolume": _area(Area.DISKS, "volume.add"),
    "StorageService/InitializeVolume": _area(Area.DISKS, "volume.initialize"),
    "StorageService/UpdateVolume": _area(Area.DISKS, "volume.update"),
    "StorageService/RemoveVolume": _area(Area.DISKS, "volume.remove"),
    "StorageService/ListDiskGroups": _area(Area.DISKS),
    "StorageService/UpdateDiskGroup": _area(Area.DISKS, "disk_group.update"),
    # SearchService
    "SearchService/GetTimeline": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "SearchService/ListRecordingDays": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "SearchService/SearchEvents": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "SearchService/CreateTag": _camera(CameraRight.PLAYBACK, "tag.camera_id", "tag.create"),
    # The tag's camera is read from the catalog: the servicer checks the right on it.
    "SearchService/UpdateTag": Rule(RuleKind.SERVICER, audit="tag.update"),
    "SearchService/DeleteTag": Rule(RuleKind.SERVICER, audit="tag.delete"),
    "SearchService/ListTags": _camera(CameraRight.PLAYBACK, "camera_ids"),
    # RecordingService
    "RecordingService/StartManualRecording": _area(Area.RECORDING, "recording.manual.start"),
    "RecordingService/StopManualRecording": _area(Area.RECORDING, "recording.manual.stop"),
    "RecordingService/GetRecordingStatus": Rule(RuleKind.LISTED),
    # A lock longer than a month or kept longer than a quarter (or until unlocked) is a
    # retention decision: the servicer also requires the recording area for it
    # (recording/locks.py ``beyond_export_right``).
    "RecordingService/LockRange": _camera(CameraRight.EXPORT, "lock.camera_id", "lock"),
    "RecordingService/ListLocks": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "RecordingService/Unlock": _area(Area.RECORDING, "unlock"),
    # Schedules are names and hours (no camera's picture): any user may read them;
    # a policy shows for each camera the caller sees. Changing either decides what
    # is recorded: the recording area.
    "RecordingService/ListSchedules": _session(),
    "RecordingService/GetSchedule": _session(),
    "RecordingService/PutSchedule": _area(Area.RECORDING, "schedule.put"),
    "RecordingService/DeleteSchedule": _area(Area.RECORDING, "schedule.delete"),
    "RecordingService/GetRecordingPolicy": Rule(RuleKind.LISTED),
    "RecordingService/SetRecordingPolicy": _area(Area.RECORDING, "recording.policy.set"),
    # ExportService
    "ExportService/ExportRecording": _camera(CameraRight.EXPORT, "camera_id", "export"),
    # Tasks: the items may come from an event or a tag, so the servicer checks the
    # export right on every camera; tasks are their creator's (or system's).
    "ExportService/CreateExportTask": Rule(RuleKind.SERVICER, audit="export.task.create"),
    "ExportService/ListExportTasks": _session(),
    "ExportService/GetExportTask": _session(),
    "ExportService/PauseExportTask": _session(audit="export.task.pause"),
    "ExportService/ResumeExportTask": _session(audit="export.task.resume"),
    "ExportService/CancelExportTask": _session(audit="export.task.cancel"),
    "ExportService/DeleteExportTask": _session(audit="export.task.delete"),
    "ExportService/DownloadExportFile": _session(audit="export.download"),
    "ExportService/ListExportRoots": _session(),
    # ImageService: thumbnails and recorded pictures are playback; a live snapshot
    # needs the live right instead, so TakeSnapshot checks in the servicer (which
    # right depends on whether `time` is set). Snapshots are read, deleted and
    # exported under their camera's rights, read from the catalog by the servicer.
    "ImageService/GetThumbnails": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "ImageService/TakeSnapshot": Rule(RuleKind.SERVICER, audit="snapshot.take"),
    "ImageService/ListSnapshots": _camera(CameraRight.PLAYBACK, "camera_ids"),
    "ImageService/GetSnapshot": Rule(RuleKind.SERVICER),
    "ImageService/DeleteSnapshot": Rule(RuleKind.SERVICER, audit="snapshot.delete"),
    "ImageService/ExportSnapshots": Rule(RuleKind.SERVICER, audit="snapshot.export"),
    # MediaService. Live: the servicer also needs the audio right when audio is asked.
    "MediaService/Live": _camera(CameraRight.LIVE, "camera_id"),
    # The cameras are in the stream's first message: the servicer checks the playback
    # right on every one of them.
    "MediaService/Playback": Rule(RuleKind.SERVICER),
    # SystemService
    "SystemService/GetServerInfo": _session(),
    "SystemService/GetSystemInfo": Rule(RuleKind.LISTED),
    "SystemService/GetSettings": Rule(RuleKind.LISTED),
    "SystemService/UpdateSettings": Rule(RuleKind.SERVICER, audit="settings.update"),
    "SystemService/SetSystemTime": _area(Area.SYSTEM, "time.set"),
    "SystemService/SearchLogs": _area(Area.LOGS),
    "SystemService/ExportConfig": _area(Area.SYSTEM, "config.export"),
    "SystemService/PreviewConfigImport": _area(Area.SYSTEM),
    "SystemService/ImportConfig": _area(Area.SYSTEM, "config.import"),
    "SystemService/FactoryReset": _area(Area.SYSTEM, "factory_reset"),
    "SystemService/Restart": _area(Area.SYSTEM, "restart"),
    "SystemService/Shutdown": _area(Area.SYSTEM, "shutdown"),
    "SystemService/CancelPowerAction": _area(Area.SYSTEM, "power.cancel"),
    "SystemService/UploadUpgrade": _area(Area.SYSTEM, "upgrade"),
    "SystemService/GetUpgradeStatus": _area(Area.SYSTEM),
    "SystemService/GetHostNetwork": _area(Area.SYSTEM),
    "SystemService/UpdateHostNetwork": _area(Area.SYSTEM, "host_network.update"),
    # ViewService: a user's own views and tours; the servicer checks the live right on
    # a saved view's cameras, filters listed tiles by it, and lets only the owner (or
    # the accounts right) change a shared view or tour.
    "ViewService/ListViews": _session(),
    "ViewService/SaveView": _session(audit="view.save"),
    "ViewService/DeleteView": _session(audit="view.delete"),
    "ViewService/ListTours": _session(),
    "ViewService/SaveTour": _session(audit="tour.save"),
    "ViewService/DeleteTour": _session(audit="tour.delete"),
    # AlarmService: the servicer filters each change by what the caller may see.
    "AlarmService/WatchEvents": _session(activity=False),
    # Alarms: seeing them (and only those of cameras the caller sees: the servicer
    # filters), handling them, and raising one or silencing the buzzer (io.control).
    "AlarmService/ListAlarms": _area(Area.ALARM_VIEW),
    "AlarmService/GetAlarm": _area(Area.ALARM_VIEW),
    "AlarmService/UpdateAlarm": _area(Area.ALARM_HANDLE, "alarm.update"),
    "AlarmService/AcknowledgeAlarms": _area(Area.ALARM_HANDLE, "alarm.acknowledge"),
    "AlarmService/GetAlarmStatistics": _area(Area.ALARM_VIEW),
    "AlarmService/TriggerManualAlarm": _area(Area.IO_CONTROL, "alarm.trigger"),
    "AlarmService/SilenceBuzzer": _area(Area.IO_CONTROL, "buzzer.silence"),
    "AlarmService/TestBuzzer": _area(Area.ALARMS, "buzzer.test"),
    # RuleService: configuring alarms (alarms.configure).
    "RuleService/ListRules": _area(Area.ALARMS),
    "RuleService/GetRule": _area(Area.ALARMS),
    "RuleService/PutRule": _area(Area.ALARMS, "rule.put"),
    "RuleService/DeleteRule": _area(Area.ALARMS, "rule.delete"),
    # PtzService: the PTZ right on the camera. Control names its camera in its first
    # message (the servicer checks it); take-overs and cruises ending by themselves
    # are audited by the PTZ service (api/ptz_service.py PtzAuditJournal).
    "PtzService/Control": Rule(RuleKind.SERVICER),
    "PtzService/GetPtzState": _camera(CameraRight.PTZ, "camera_id"),
    "PtzService/ListPresets": _camera(CameraRight.PTZ, "camera_id"),
    "PtzService/SetPreset": _camera(CameraRight.PTZ, "camera_id", "ptz.preset.set"),
    "PtzService/GotoPreset": _camera(CameraRight.PTZ, "camera_id"),
    "PtzService/PointAt": _camera(CameraRight.PTZ, "camera_id"),
    "PtzService/RenamePreset": _camera(CameraRight.PTZ, "camera_id", "ptz.preset.rename"),
    "PtzService/DeletePreset": _camera(CameraRight.PTZ, "camera_id", "ptz.preset.delete"),
    "PtzService/ListCruises": _camera(CameraRight.PTZ, "camera_id"),
    "PtzService/PutCruise": _camera(CameraRight.PTZ, "camera_id", "ptz.cruise.put"),
    "PtzService/DeleteCruise": _camera(CameraRight.PTZ, "camera_id", "ptz.cruise.delete"),
    "PtzService/StartCruise": _camera(CameraRight.PTZ, "camera_id", "ptz.cruise.start"),
    "PtzService/StopCruise": _camera(CameraRight.PTZ, "camera_id", "ptz.cruise.stop"),
    # The control keyboard is the installer's, like a dome's port and address.
    "PtzService/GetPtzKeyboard": _area(Area.CAMERAS),
    "PtzService/SetPtzKeyboard": _area(Area.CAMERAS, "ptz.keyboard.set"),
    "PtzService/GetPtzDevice": _camera(CameraRight.PTZ, "camera_id"),
    # Which port and address a dome has is the installer's (like the camera's address).
    "PtzService/SetPtzDevice": _area(Area.CAMERAS, "ptz.device.set"),
    # Reservations are the administrators' (the accounts area: who can give themselves
    # any right); the servicer names the camera in the audit entry.
    "PtzService/ReservePtz": _area(Area.ACCOUNTS, "ptz.reserve"),
    "PtzService/ReleasePtz": _area(Area.ACCOUNTS, "ptz.release"),
    # MotionService: a camera's detection settings are the installer's (like its
    # picture settings); its live cells show what its live picture shows.
    "MotionService/GetMotionConfig": _area(Area.CAMERAS),
    "MotionService/SetMotionConfig": _area(Area.CAMERAS, "motion.config.set"),
    "MotionService/WatchMotionCells": _camera(CameraRight.LIVE, "camera_id"),
    "MotionService/SearchMotion": _camera(CameraRight.PLAYBACK, "camera_ids"),
    # IoService: listing needs alarm_view or alarms (the servicer checks either);
    # configuring is the alarms right, switching outputs the io_control right.
    "IoService/ListIo": Rule(RuleKind.SERVICER),
    "IoService/AddDevice": _area(Area.ALARMS, "io.device.add"),
    "IoService/UpdateDevice": _area(Area.ALARMS, "io.device.update"),
    "IoService/RemoveDevice": _area(Area.ALARMS, "io.device.remove"),
    "IoService/UpdatePoint": _area(Area.ALARMS, "io.point.update"),
    "IoService/SetOutput": _area(Area.IO_CONTROL, "io.output.set"),
    "IoService/TestOutput": _area(Area.IO_CONTROL, "io.output.test"),
    "IoService/SetVirtualInput": _area(Area.IO_CONTROL, "io.input.virtual"),
    # NotificationService: configuring alarms' e-mail and webhooks is the alarms right;
    # test sends reach outside the server, so they are audited too.
    "NotificationService/GetSmtp": _area(Area.ALARMS),
    "NotificationService/SetSmtp": _area(Area.ALARMS, "notify.smtp.set"),
    "NotificationService/SendTestMail": _area(Area.ALARMS, "notify.test_mail"),
    "NotificationService/ListRecipients": _area(Area.ALARMS),
    "NotificationService/AddRecipient": _area(Area.ALARMS, "notify.recipient.add"),
    "NotificationService/UpdateRecipient": _area(Area.ALARMS, "notify.recipient.update"),
    "NotificationService/RemoveRecipient": _area(Area.ALARMS, "notify.recipient.remove"),
    "NotificationService/ListWebhooks": _area(Area.ALARMS),
    "NotificationService/AddWebhook": _area(Area.ALARMS, "notify.webhook.add"),
    "NotificationService/UpdateWebhook": _area(Area.ALARMS, "notify.webhook.update"),
    "NotificationService/RemoveWebhook": _area(Area.ALARMS, "notify.webhook.remove"),
    "NotificationService/TestWebhook": _area(Area.ALARMS, "notify.webhook.test"),
    "NotificationService/ListDeliveries": _area(Area.ALARMS),
    "NotificationService/RetryDelivery": _area(Area.ALARMS, "notify.delivery.retry"),
}


#: The rule of each RPC, by method path ("/vedette.v1.AuthService/Login").
RULES: Final[dict[str, Rule]] = {f"{_API_PREFIX}{name}": r for name, r in _RULES_BY_NAME.items()}


class RulesMismatch(Exception):
    """The rules and the served methods disagree: a method without a rule would be
    refused to everyone, and a rule without a method (a stale or mistyped key) guards
    nothing while it looks like it does."""

    def __init__(self, missing: list[str], stale: list[str]) -> None:
        parts = []
        if missing:
            parts.append(f"RPCs without an access rule: {', '.join(missing)}")
        if stale:
            parts.append(f"access rules for no RPC: {', '.join(stale)}")
        super().__init__("; ".join(parts))
        self.missing = missing
        self.stale = stale


def check_rules_cover(method_paths: Iterable[str]) -> None:
    """Raise ``RulesMismatch`` unless the rules' keys are exactly the method paths."""
    methods = set(method_paths)
    missing = sorted(methods - set(RULES))
    stale = sorted(set(RULES) - methods)
    if missing or stale:
        raise RulesMismatch(missing, stale)
