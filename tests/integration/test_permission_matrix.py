"""Every RPC of every service, called by users of different rights on a real server.

``EXPECTED`` states, independently of the server's ``policy.RULES``, which right each
RPC needs; a test fails when a service gains a method this table does not name, so a
new RPC cannot ship without a decision about who may call it. Each call is made by
every user, and must fail with PERMISSION_DENIED exactly when the user lacks the
right (and never with UNAUTHENTICATED or INTERNAL otherwise). Requests are built to
be harmless when allowed (unknown ids, invalid values), so the matrix changes
nothing on the server.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2, message_factory
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, init_data_dir, start_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.services import all_methods, method_path
from vedette_api.v1 import (
    accounts_pb2,
    alarms_pb2,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
    export_pb2,
    images_pb2,
    media_pb2,
    motion_pb2,
    ptz_pb2,
    recording_pb2,
    rules_pb2,
    search_pb2,
    storage_pb2,
    system_pb2,
    views_pb2,
)

PASSWORD = "Matrix-Test-2026!"
#: How long an allowed stream that sends nothing (Live of a camera without video) is given.
STREAM_WAIT_S = 2.0
CAMERA_RIGHTS = ("live", "playback", "export", "ptz", "audio", "unmasked")
ALL_AREAS = (
    "cameras", "recording", "disks", "alarms", "network", "accounts", "system", "logs",
    "alarm_view", "alarm_handle", "io_control",
)  # fmt: skip

# (user, group rights) — camera rights name "A" for the first camera.
USERS: dict[str, dict[str, Any]] = {
    "nobody": {"local": ((), {}), "remote": ((), {})},
    "camuser": {"local": ((), {}), "remote": ((), {r: "A" for r in CAMERA_RIGHTS})},
    "areauser": {"local": ((), {}), "remote": (ALL_AREAS, {})},
    "liveuser": {"local": ((), {}), "remote": (("logs",), {"live": "A"})},
    "localuser": {"local": (ALL_AREAS, {r: "all" for r in CAMERA_RIGHTS}), "remote": ((), {})},
    "freeuser": {"local": ((), {}), "remote": ((), {}), "permission_control": False},
}


@dataclass(frozen=True)
class Need:
    """What a method needs: nothing, an area, a camera right on camera A."""

    area: str | None = None
    camera: str | None = None
    session_only: bool = False


def _ts(seconds: int) -> Timestamp:
    return Timestamp(seconds=seconds)


#: PtzService calls whose request is just the camera (camera A: no PTZ device).
PTZ_CAMERA_CALLS = (
    "GetPtzState", "ListPresets", "SetPreset", "GotoPreset", "RenamePreset", "DeletePreset",
    "ListCruises", "PutCruise", "DeleteCruise", "StartCruise", "StopCruise", "GetPtzDevice",
    "PointAt",
)  # fmt: skip


def _requests(camera_a: int) -> dict[str, Callable[[], Any]]:
    """A harmless request per method (unknown ids, invalid values)."""
    now = 1_800_000_000
    return {
        "AlarmService/GetAlarm": lambda: alarms_pb2.GetAlarmRequest(alarm_id=999_999),
        "AlarmService/UpdateAlarm": lambda: alarms_pb2.UpdateAlarmRequest(
            alarm_id=999_999, comment=alarms_pb2.CommentOperation(text="matrix")
        ),
        "AlarmService/AcknowledgeAlarms": lambda: alarms_pb2.AcknowledgeAlarmsRequest(
            alarm_ids=[999_999]
        ),
        # An empty name is refused: the matrix raises no alarm.
        "AlarmService/TriggerManualAlarm": lambda: alarms_pb2.TriggerManualAlarmRequest(name=""),
        "RuleService/GetRule": lambda: rules_pb2.GetRuleRequest(rule_id=999_999),
        # A rule without a name is refused: the matrix writes no rule.
        "RuleService/PutRule": lambda: rules_pb2.PutRuleRequest(rule=rules_pb2.Rule(name="")),
        "RuleService/DeleteRule": lambda: rules_pb2.DeleteRuleRequest(rule_id=999_999),
        "AccountService/CreateUser": lambda: accounts_pb2.CreateUserRequest(
            user=accounts_pb2.User(name="x", password="weak", group_id=3)
        ),
        "AccountService/UpdateUser": lambda: accounts_pb2.UpdateUserRequest(
            user=accounts_pb2.User(id=999, note="n"),
            update_mask=field_mask_pb2.FieldMask(paths=["note"]),
        ),
        "AccountService/DeleteUser": lambda: accounts_pb2.DeleteUserRequest(user_id=999),
        "AccountService/ResetPassword": lambda: accounts_pb2.ResetPasswordRequest(
            user_id=999, new_password="Whatever-2026!"
        ),
        "AccountService/GetUser": lambda: accounts_pb2.GetUserRequest(user_id=1),
        # No current password: refused before any check (a wrong one would count towards
        # the lockout of the test's address, as a failed login does).
        "AccountService/ChangeMyPassword": lambda: accounts_pb2.ChangeMyPasswordRequest(
            current_password="", new_password="Another-2026!"
        ),
        "AccountService/GetGroup": lambda: accounts_pb2.GetGroupRequest(group_id=1),
        "AccountService/CreateGroup": lambda: accounts_pb2.CreateGroupRequest(
            group=accounts_pb2.Group(name="")
        ),
        "AccountService/UpdateGroup": lambda: accounts_pb2.UpdateGroupRequest(
            group=accounts_pb2.Group(id=999, name="z"),
            update_mask=field_mask_pb2.FieldMask(paths=["name"]),
        ),
        "AccountService/DeleteGroup": lambda: accounts_pb2.DeleteGroupRequest(group_id=999),
        "AccountService/EndSession": lambda: accounts_pb2.EndSessionRequest(session_id="nope"),
        "CameraService/GetCamera": lambda: cameras_pb2.GetCameraRequest(camera_id=camera_a),
        "CameraService/CreateCamera": lambda: cameras_pb2.CreateCameraRequest(
            camera=cameras_pb2.Camera(name="c", main_url="http://bad")
        ),
        "CameraService/UpdateCamera": lambda: cameras_pb2.UpdateCameraRequest(
            camera=cameras_pb2.Camera(id=999, name="q"),
            update_mask=field_mask_pb2.FieldMask(paths=["name"]),
        ),
        "CameraService/DeleteCamera": lambda: cameras_pb2.DeleteCameraRequest(camera_id=999),
        "StorageService/AddVolume": lambda: storage_pb2.AddVolumeRequest(path="relative"),
        "StorageService/InitializeVolume": lambda: storage_pb2.InitializeVolumeRequest(
            volume_id=999
        ),
        "StorageService/UpdateVolume": lambda: storage_pb2.UpdateVolumeRequest(
            volume=storage_pb2.Volume(id=999, disk_group=1),
            update_mask=field_mask_pb2.FieldMask(paths=["disk_group"]),
        ),
        "StorageService/RemoveVolume": lambda: storage_pb2.RemoveVolumeRequest(volume_id=999),
        "StorageService/UpdateDiskGroup": lambda: storage_pb2.UpdateDiskGroupRequest(
            disk_group=storage_pb2.DiskGroup(id=99, name="x"),
            update_mask=field_mask_pb2.FieldMask(paths=["name"]),
        ),
        "SearchService/GetTimeline": lambda: search_pb2.GetTimelineRequest(
            camera_ids=[camera_a], start_time=_ts(now - 3600), end_time=_ts(now)
        ),
        # Camera A is disabled: an allowed Live call ends at once (FAILED_PRECONDITION).
        "MediaService/Live": lambda: media_pb2.LiveRequest(camera_id=camera_a),
        # An unknown camera: NOT_FOUND when allowed, before any byte is received.
        "CameraService/UpgradeCameraFirmware": lambda: cameras_pb2.UpgradeCameraFirmwareRequest(
            file=cameras_pb2.FirmwareFile(camera_id=999, file_name="x.bin", size_bytes=1)
        ),
        "ExportService/ExportRecording": lambda: export_pb2.ExportRecordingRequest(
            camera_id=camera_a,
            start_time=_ts(now - 60),
            end_time=_ts(now),
            format=export_pb2.EXPORT_FORMAT_MP4,
        ),
        "SearchService/ListRecordingDays": lambda: search_pb2.ListRecordingDaysRequest(
            camera_ids=[camera_a], year=2026, month=12
        ),
        "SearchService/SearchEvents": lambda: search_pb2.SearchEventsRequest(camera_ids=[camera_a]),
        "SearchService/CreateTag": lambda: search_pb2.CreateTagRequest(
            tag=search_pb2.Tag(camera_id=camera_a)  # no time: INVALID_ARGUMENT
        ),
        "SearchService/UpdateTag": lambda: search_pb2.UpdateTagRequest(tag_id=999, name="x"),
        "SearchService/DeleteTag": lambda: search_pb2.DeleteTagRequest(tag_id=999),
        "SearchService/ListTags": lambda: search_pb2.ListTagsRequest(camera_ids=[camera_a]),
        "RecordingService/StartManualRecording": lambda: recording_pb2.StartManualRecordingRequest(
            camera_ids=[999]
        ),
        "RecordingService/StopManualRecording": lambda: recording_pb2.StopManualRecordingRequest(
            camera_ids=[999]
        ),
        "RecordingService/LockRange": lambda: recording_pb2.LockRangeRequest(
            lock=recording_pb2.EvidenceLock(camera_id=camera_a, reason="r")  # no times
        ),
        "RecordingService/ListLocks": lambda: recording_pb2.ListLocksRequest(camera_ids=[camera_a]),
        "RecordingService/Unlock": lambda: recording_pb2.UnlockRequest(lock_id=999),
        "RecordingService/GetSchedule": lambda: recording_pb2.GetScheduleRequest(schedule_id=999),
        "RecordingService/PutSchedule": lambda: recording_pb2.PutScheduleRequest(
            schedule=recording_pb2.Schedule(name="")  # no name: INVALID_ARGUMENT
        ),
        "RecordingService/DeleteSchedule": lambda: recording_pb2.DeleteScheduleRequest(
            schedule_id=999
        ),
        "RecordingService/SetRecordingPolicy": lambda: recording_pb2.SetRecordingPolicyRequest(
            policy=recording_pb2.RecordingPolicy(camera_id=999)  # unknown camera: NOT_FOUND
        ),
        "ExportService/CreateExportTask": lambda: export_pb2.CreateExportTaskRequest(
            items=[
                export_pb2.ExportItem(
                    camera_id=camera_a, start_time=_ts(now), end_time=_ts(now - 1)
                )  # an empty range: INVALID_ARGUMENT once the right is checked
            ],
            format=export_pb2.EXPORT_FORMAT_MP4,
        ),
        **{
            f"ExportService/{name}ExportTask": (
                lambda name=name: getattr(export_pb2, f"{name}ExportTaskRequest")(task_id=999)
            )
            for name in ("Get", "Pause", "Resume", "Cancel", "Delete")
        },
        "ExportService/DownloadExportFile": lambda: export_pb2.DownloadExportFileRequest(
            task_id=999, name="x"
        ),
        "ImageService/GetThumbnails": lambda: images_pb2.GetThumbnailsRequest(
            camera_ids=[camera_a], times=images_pb2.ThumbnailInstants(times=[_ts(now - 7200)])
        ),
        # With a time: a recorded picture (playback); nothing recorded then: NOT_FOUND.
        "ImageService/TakeSnapshot": lambda: images_pb2.TakeSnapshotRequest(
            camera_id=camera_a, time=_ts(now - 7200)
        ),
        "ImageService/ListSnapshots": lambda: images_pb2.ListSnapshotsRequest(
            camera_ids=[camera_a]
        ),
        "ImageService/GetSnapshot": lambda: images_pb2.GetSnapshotRequest(snapshot_id=999),
        "ImageService/DeleteSnapshot": lambda: images_pb2.DeleteSnapshotRequest(snapshot_id=999),
        "ImageService/ExportSnapshots": lambda: images_pb2.ExportSnapshotsRequest(
            snapshot_ids=[999]
        ),
        "SystemService/UpdateSettings": lambda: system_pb2.UpdateSettingsRequest(
            settings=system_pb2.Settings(general=system_pb2.GeneralSettings(device_name="")),
            update_mask=field_mask_pb2.FieldMask(paths=["general.device_name"]),
        ),
        # A view of camera A: saved where the live right on it allows.
        "ViewService/SaveView": lambda: views_pb2.SaveViewRequest(
            view=views_pb2.View(
                name="matrix", layout=1, tiles=[views_pb2.ViewTile(index=0, camera_id=camera_a)]
            )
        ),
        "ViewService/DeleteView": lambda: views_pb2.DeleteViewRequest(view_id=999),
        "ViewService/SaveTour": lambda: views_pb2.SaveTourRequest(
            tour=views_pb2.Tour(name="matrix", steps=[views_pb2.TourStep(view_id=999)])
        ),
        "ViewService/DeleteTour": lambda: views_pb2.DeleteTourRequest(tour_id=999),
        # A speed out of range: INVALID_ARGUMENT once the rights are checked.
        "MediaService/Playback": lambda: media_pb2.PlaybackRequest(
            open=media_pb2.PlaybackOpen(camera_ids=[camera_a], speed=1000)
        ),
        "SystemService/SetSystemTime": lambda: system_pb2.SetSystemTimeRequest(),
        "SystemService/ExportConfig": lambda: system_pb2.ExportConfigRequest(passphrase="short"),
        "SystemService/PreviewConfigImport": lambda: system_pb2.PreviewConfigImportRequest(
            data=b"junk", passphrase="whatever-it-is"
        ),
        "SystemService/ImportConfig": lambda: system_pb2.ImportConfigRequest(
            data=b"junk", passphrase="whatever-it-is"
        ),
        # No password: refused before any check (a wrong one would count towards the
        # lockout of the admin account and the test's address).
        "SystemService/FactoryReset": lambda: system_pb2.FactoryResetRequest(admin_password=""),
        "SystemService/Restart": lambda: system_pb2.RestartRequest(delay=Duration(seconds=99999)),
        "SystemService/Shutdown": lambda: system_pb2.ShutdownRequest(delay=Duration(seconds=99999)),
        # The matrix server has no upgrade key: FAILED_PRECONDITION once allowed.
        "SystemService/UploadUpgrade": lambda: system_pb2.UploadUpgradeRequest(
            chunk=b"x", total_bytes=1
        ),
        # Camera A has no PTZ device: FAILED_PRECONDITION once the rights are checked.
        "PtzService/Control": lambda: ptz_pb2.ControlRequest(
            acquire=ptz_pb2.PtzAcquire(camera_id=camera_a)
        ),
        **{
            f"PtzService/{name}": (
                lambda name=name: getattr(ptz_pb2, f"{name}Request")(camera_id=camera_a)
            )
            for name in PTZ_CAMERA_CALLS
        },
        # No device given: INVALID_ARGUMENT.
        "PtzService/SetPtzDevice": lambda: ptz_pb2.SetPtzDeviceRequest(camera_id=camera_a),
        "MotionService/GetMotionConfig": lambda: motion_pb2.GetMotionConfigRequest(
            camera_id=camera_a
        ),
        # No config: INVALID_ARGUMENT, nothing changed.
        "MotionService/SetMotionConfig": lambda: motion_pb2.SetMotionConfigRequest(
            camera_id=camera_a
        ),
        # Detection is off on camera A: an allowed stream sends nothing.
        "MotionService/WatchMotionCells": lambda: motion_pb2.WatchMotionCellsRequest(
            camera_id=camera_a
        ),
        "MotionService/SearchMotion": lambda: motion_pb2.SearchMotionRequest(
            camera_ids=[camera_a], start_time=_ts(now - 3600), end_time=_ts(now)
        ),
    }


SESSION = Need(session_only=True)
EXPECTED: dict[str, Need] = {
    "AuthService/Logout": SESSION,
    "AuthService/RenewSession": SESSION,
    "AlarmService/WatchEvents": SESSION,  # filtered: test_live_feed, test_watch_events
    "AlarmService/ListAlarms": Need(area="alarm_view"),
    "AlarmService/GetAlarm": Need(area="alarm_view"),
    "AlarmService/UpdateAlarm": Need(area="alarm_handle"),
    "AlarmService/AcknowledgeAlarms": Need(area="alarm_handle"),
    "AlarmService/GetAlarmStatistics": Need(area="alarm_view"),
    "AlarmService/TriggerManualAlarm": Need(area="io_control"),
    "AlarmService/SilenceBuzzer": Need(area="io_control"),
    "AlarmService/TestBuzzer": Need(area="alarms"),
    "RuleService/ListRules": Need(area="alarms"),
    "RuleService/GetRule": Need(area="alarms"),
    "RuleService/PutRule": Need(area="alarms"),
    "RuleService/DeleteRule": Need(area="alarms"),
    "AccountService/ListUsers": Need(area="accounts"),
    "AccountService/GetUser": Need(area="accounts"),
    "AccountService/CreateUser": Need(area="accounts"),
    "AccountService/UpdateUser": Need(area="accounts"),
    "AccountService/DeleteUser": Need(area="accounts"),
    "AccountService/ResetPassword": Need(area="accounts"),
    "AccountService/GetMyAccount": SESSION,
    "AccountService/ChangeMyPassword": SESSION,
    # Not an appliance here: FAILED_PRECONDITION for everyone, before any password check.
    "AccountService/SetMyRecoveryQuestions": SESSION,
    "AccountService/ListGroups": Need(area="accounts"),
    "AccountService/GetGroup": Need(area="accounts"),
    "AccountService/CreateGroup": Need(area="accounts"),
    "AccountService/UpdateGroup": Need(area="accounts"),
    "AccountService/DeleteGroup": Need(area="accounts"),
    "AccountService/ListSessions": Need(area="accounts"),
    "AccountService/EndSession": Need(area="accounts"),
    "CameraService/ListCameras": SESSION,  # filtered: test_lists_show_only_permitted_cameras
    "CameraService/GetCamera": SESSION,  # an unseen camera is NOT_FOUND: see below
    "CameraService/CreateCamera": Need(area="cameras"),
    "CameraService/UpdateCamera": Need(area="cameras"),
    "CameraService/DeleteCamera": Need(area="cameras"),
    "CameraService/Discover": Need(area="cameras"),  # empty request: INVALID_ARGUMENT
    "CameraService/TestCamera": Need(area="cameras"),
    "CameraService/AddOnvifCamera": Need(area="cameras"),
    # Camera id 0 when allowed: NOT_FOUND, nothing reaches a camera.
    "CameraService/GetImaging": Need(area="cameras"),
    "CameraService/SetImaging": Need(area="cameras"),
    "CameraService/GetStreamSettings": Need(area="cameras"),
    "CameraService/SetStreamSettings": Need(area="cameras"),
    "CameraService/ApplyStreamSettings": Need(area="cameras"),
    "CameraService/SetCameraNetwork": Need(area="cameras"),
    "CameraService/SetCameraPassword": Need(area="cameras"),
    "CameraService/GetDefaultCredentials": Need(area="cameras"),
    "CameraService/SetDefaultCredentials": Need(area="cameras"),
    "CameraService/UpgradeCameraFirmware": Need(area="cameras"),
    "CameraService/GetOsd": Need(area="cameras"),
    "CameraService/SetOsd": Need(area="cameras"),
    "CameraService/DeleteOsd": Need(area="cameras"),
    "StorageService/ListVolumes": Need(area="disks"),
    "StorageService/AddVolume": Need(area="disks"),
    "StorageService/InitializeVolume": Need(area="disks"),
    "StorageService/UpdateVolume": Need(area="disks"),
    "StorageService/RemoveVolume": Need(area="disks"),
    "StorageService/ListDiskGroups": Need(area="disks"),
    "StorageService/UpdateDiskGroup": Need(area="disks"),
    "SearchService/GetTimeline": Need(camera="playback"),
    "SearchService/ListRecordingDays": Need(camera="playback"),
    "SearchService/SearchEvents": Need(camera="playback"),
    "SearchService/CreateTag": Need(camera="playback"),
    "SearchService/UpdateTag": SESSION,  # the tag's camera decides: an unknown tag here
    "SearchService/DeleteTag": SESSION,
    "SearchService/ListTags": Need(camera="playback"),
    "RecordingService/StartManualRecording": Need(area="recording"),
    "RecordingService/StopManualRecording": Need(area="recording"),
    "RecordingService/GetRecordingStatus": SESSION,  # filtered
    "RecordingService/LockRange": Need(camera="export"),
    "RecordingService/ListLocks": Need(camera="playback"),
    "RecordingService/Unlock": Need(area="recording"),
    "RecordingService/ListSchedules": SESSION,
    "RecordingService/GetSchedule": SESSION,
    "RecordingService/PutSchedule": Need(area="recording"),
    "RecordingService/DeleteSchedule": Need(area="recording"),
    "RecordingService/GetRecordingPolicy": SESSION,  # filtered
    "RecordingService/SetRecordingPolicy": Need(area="recording"),
    "ExportService/ExportRecording": Need(camera="export"),
    "ExportService/CreateExportTask": Need(camera="export"),
    "ExportService/ListExportTasks": SESSION,  # each user sees their own tasks
    "ExportService/GetExportTask": SESSION,
    "ExportService/PauseExportTask": SESSION,
    "ExportService/ResumeExportTask": SESSION,
    "ExportService/CancelExportTask": SESSION,
    "ExportService/DeleteExportTask": SESSION,
    "ExportService/DownloadExportFile": SESSION,
    "ExportService/ListExportRoots": SESSION,
    "ImageService/GetThumbnails": Need(camera="playback"),
    "ImageService/TakeSnapshot": Need(camera="playback"),  # live needs "live" (test_images)
    "ImageService/ListSnapshots": Need(camera="playback"),
    "ImageService/GetSnapshot": SESSION,  # the snapshot's camera decides: unknown id here
    "ImageService/DeleteSnapshot": SESSION,
    "ImageService/ExportSnapshots": SESSION,  # export right on each snapshot's camera
    "MediaService/Live": Need(camera="live"),
    "MediaService/Playback": Need(camera="playback"),
    "PtzService/Control": Need(camera="ptz"),
    "PtzService/GetPtzState": Need(camera="ptz"),
    "PtzService/ListPresets": Need(camera="ptz"),
    "PtzService/SetPreset": Need(camera="ptz"),
    "PtzService/GotoPreset": Need(camera="ptz"),
    "PtzService/PointAt": Need(camera="ptz"),
    "PtzService/RenamePreset": Need(camera="ptz"),
    "PtzService/DeletePreset": Need(camera="ptz"),
    "PtzService/ListCruises": Need(camera="ptz"),
    "PtzService/PutCruise": Need(camera="ptz"),
    "PtzService/DeleteCruise": Need(camera="ptz"),
    "PtzService/StartCruise": Need(camera="ptz"),
    "PtzService/StopCruise": Need(camera="ptz"),
    "PtzService/GetPtzDevice": Need(camera="ptz"),
    "PtzService/SetPtzDevice": Need(area="cameras"),
    "PtzService/GetPtzKeyboard": Need(area="cameras"),
    "PtzService/SetPtzKeyboard": Need(area="cameras"),
    # Reservations are the administrators' (who hold the accounts area right).
    "PtzService/ReservePtz": Need(area="accounts"),
    "PtzService/ReleasePtz": Need(area="accounts"),
    "MotionService/GetMotionConfig": Need(area="cameras"),
    "MotionService/SetMotionConfig": Need(area="cameras"),
    "MotionService/WatchMotionCells": Need(camera="live"),
    "MotionService/SearchMotion": Need(camera="playback"),
    # Unknown ids and empty requests when allowed: nothing is added or switched.
    "IoService/ListIo": Need(area="alarms"),  # or alarm_view (no user here has it alone)
    "IoService/AddDevice": Need(area="alarms"),
    "IoService/UpdateDevice": Need(area="alarms"),
    "IoService/RemoveDevice": Need(area="alarms"),
    "IoService/UpdatePoint": Need(area="alarms"),
    "IoService/SetOutput": Need(area="io_control"),
    "IoService/TestOutput": Need(area="io_control"),
    "IoService/SetVirtualInput": Need(area="io_control"),
    # Empty requests when allowed: a missing address, URL, security or update mask is
    # INVALID_ARGUMENT, id 0 NOT_FOUND; nothing is stored or sent.
    **{
        f"NotificationService/{name}": Need(area="alarms")
        for name in (
            "GetSmtp",
            "SetSmtp",
            "SendTestMail",
            "ListRecipients",
            "AddRecipient",
            "UpdateRecipient",
            "RemoveRecipient",
            "ListWebhooks",
            "AddWebhook",
            "UpdateWebhook",
            "RemoveWebhook",
            "TestWebhook",
            "ListDeliveries",
            "RetryDelivery",
        )
    },
    "SystemService/GetServerInfo": SESSION,
    "SystemService/GetSystemInfo": SESSION,  # filtered: cameras seen, host by area
    "SystemService/GetSettings": SESSION,  # filtered: sections by their area right
    "SystemService/UpdateSettings": Need(area="system"),  # general.* needs system
    "SystemService/SetSystemTime": Need(area="system"),
    "SystemService/SearchLogs": Need(area="logs"),
    "SystemService/ExportConfig": Need(area="system"),
    "SystemService/PreviewConfigImport": Need(area="system"),
    "SystemService/ImportConfig": Need(area="system"),
    "SystemService/FactoryReset": Need(area="system"),
    "SystemService/Restart": Need(area="system"),
    "SystemService/Shutdown": Need(area="system"),
    "SystemService/CancelPowerAction": Need(area="system"),
    "SystemService/UploadUpgrade": Need(area="system"),
    "SystemService/GetUpgradeStatus": Need(area="system"),
    # The matrix server has no host control: FAILED_PRECONDITION once allowed.
    "SystemService/GetHostNetwork": Need(area="system"),
    "SystemService/UpdateHostNetwork": Need(area="system"),
    "ViewService/ListViews": SESSION,  # tiles filtered by the live right
    "ViewService/SaveView": Need(camera="live"),  # the servicer's check on its cameras
    "ViewService/DeleteView": SESSION,
    "ViewService/ListTours": SESSION,
    "ViewService/SaveTour": SESSION,
    "ViewService/DeleteTour": SESSION,
}
#: The appliance's sign-in (issue 16): open, and only on the local socket.
APPLIANCE_OPEN = {
    "AuthService/GetSetupState",
    "AuthService/SetUpAdmin",
    "AuthService/GetRecoveryQuestions",
    "AuthService/RecoverPassword",
    "AuthService/AutoLogin",
    "AuthService/OpenLiveDisplay",
}
#: Single sign-on in a site: the signed site token is the credential (test_site_sso.py).
SITE_OPEN = {"AuthService/ExchangeSiteToken"}
OPEN = {"AuthService/Login", *SITE_OPEN, *APPLIANCE_OPEN}


def _short(method_full: str) -> str:
    return method_full.removeprefix("/vedette.v1.")


def test_the_matrix_names_every_rpc_of_every_service() -> None:
    methods = {_short(method_path(m)) for m in all_methods()}
    assert methods == set(EXPECTED) | OPEN, (
        "decide who may call each new RPC: add it to EXPECTED (and to policy.RULES)"
    )


@dataclass
class Matrix:
    server: ServerProcess
    socket: Path
    camera_a: int
    camera_b: int


def _rights(spec: tuple[tuple[str, ...], dict[str, str]], camera_a: int) -> Any:
    areas, cameras = spec
    resolved = {r: ([camera_a] if v == "A" else "all") for r, v in cameras.items()}
    return make_rights(areas, resolved)


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    tmp = tmp_path_factory.mktemp("matrix")
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    short = Path(tempfile.mkdtemp(prefix="vm-", dir="/tmp"))  # a Unix socket path is short
    socket = short / "console.sock"
    server = start_server(data, tmp / "known.json", "--insecure", "--local-socket", str(socket))
    try:
        with Client.connect(
            server.address, username="admin", password=ADMIN_PASSWORD, insecure=True
        ) as admin:
            a = admin.create_camera("cam-a", "rtsp://127.0.0.1:9/a", enabled=False)
            b = admin.create_camera("cam-b", "rtsp://127.0.0.1:9/b", enabled=False)
            for name, spec in USERS.items():
                group = admin.create_group(
                    f"g-{name}",
                    local_rights=_rights(spec["local"], a.id),
                    remote_rights=_rights(spec["remote"], a.id),
                )
                admin.create_user(
                    name,
                    PASSWORD,
                    group_id=group.id,
                    permission_control=spec.get("permission_control", True),
                )
        yield Matrix(server, socket, a.id, b.id)
    finally:
        server.stop()
        shutil.rmtree(short, ignore_errors=True)


def _allowed(user: str, need: Need, local: bool) -> bool:
    if need.session_only:
        return True
    spec = USERS[user]
    if user == "freeuser":
        return True
    areas, cameras = spec["local" if local else "remote"]
    if need.area is not None:
        return need.area in areas
    assert need.camera is not None
    return need.camera in cameras


def _call(channel: grpc.Channel, method: Any, request: Any, token: str) -> grpc.StatusCode:
    path = method_path(method)
    response_class = message_factory.GetMessageClass(method.output_type)
    metadata = (("authorization", f"Bearer {token}"),)
    try:
        if method.client_streaming or method.server_streaming:
            # A refused stream ends with PERMISSION_DENIED before its first message; an
            # allowed one (Live, Playback) may run until its deadline, so its first
            # message, its end or STREAM_WAIT_S of silence is enough.
            if method.client_streaming:
                bidi = channel.stream_stream(
                    path, type(request).SerializeToString, response_class.FromString
                )
                responses = bidi(iter([request]), metadata=metadata, timeout=STREAM_WAIT_S)
            else:
                stream = channel.unary_stream(
                    path, type(request).SerializeToString, response_class.FromString
                )
                responses = stream(request, metadata=metadata, timeout=STREAM_WAIT_S)
            try:
                next(responses, None)
            finally:
                responses.cancel()
        else:
            call = channel.unary_unary(
                path, type(request).SerializeToString, response_class.FromString
            )
            call(request, metadata=metadata, timeout=30)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


def _login(channel: grpc.Channel, user: str) -> str:
    from vedette_api.v1 import auth_pb2, auth_pb2_grpc

    stub = auth_pb2_grpc.AuthServiceStub(channel)
    password = ADMIN_PASSWORD if user == "admin" else PASSWORD
    return str(
        stub.Login(auth_pb2.LoginRequest(username=user, password=password), timeout=30).token
    )


@pytest.mark.parametrize("scope", ["remote", "local"])
@pytest.mark.parametrize("user", [*USERS, "admin"])
def test_each_rpc_is_refused_exactly_where_the_rights_say(
    matrix: Matrix, user: str, scope: str
) -> None:
    local = scope == "local"
    target = f"unix:{matrix.socket}" if local else matrix.server.address
    requests = _requests(matrix.camera_a)
    wrong: list[str] = []
    with grpc.insecure_channel(target) as channel:
        token = _login(channel, user)
        for method in all_methods():
            name = _short(method_path(method))
            if name in OPEN:
                continue
            request_class = message_factory.GetMessageClass(method.input_type)
            request = requests.get(name, request_class)()
            session_token = _login(channel, user) if name == "AuthService/Logout" else token
            code = _call(channel, method, request, session_token)
            allowed = user == "admin" or _allowed(user, EXPECTED[name], local)
            if allowed and code in (
                grpc.StatusCode.PERMISSION_DENIED,
                grpc.StatusCode.UNAUTHENTICATED,
                grpc.StatusCode.INTERNAL,
                grpc.StatusCode.UNKNOWN,
                grpc.StatusCode.UNIMPLEMENTED,
            ):
                wrong.append(f"{name}: allowed but {code.name}")
            if not allowed and code is not grpc.StatusCode.PERMISSION_DENIED:
                wrong.append(f"{name}: should be PERMISSION_DENIED, got {code.name}")
    assert not wrong, "\n".join(wrong)


def _connect(matrix: Matrix, user: str, *, local: bool = False) -> Client:
    address = f"unix:{matrix.socket}" if local else matrix.server.address
    password = ADMIN_PASSWORD if user == "admin" else PASSWORD
    return Client.connect(address, username=user, password=password, insecure=True)


def test_lists_show_only_the_cameras_a_user_has_rights_on(matrix: Matrix) -> None:
    both = {matrix.camera_a, matrix.camera_b}
    seen = {}
    for user in (*USERS, "admin"):
        with _connect(matrix, user) as client:
            seen[user] = (
                {c.id for c in client.list_cameras()},
                {c.camera_id for c in client.get_system_info().cameras},
                {t.camera_id for t in client.get_timeline([], 0, 1_900_000_000_000_000)}
                if user in ("camuser", "freeuser", "admin")
                else None,
            )
    assert seen["admin"] == (both, both, both)
    assert seen["freeuser"] == (both, both, both)
    assert seen["camuser"] == ({matrix.camera_a}, {matrix.camera_a}, {matrix.camera_a})
    assert seen["nobody"][:2] == (set(), set())
    assert seen["areauser"][:2] == (both, both)  # the cameras area shows every camera
    with _connect(matrix, "localuser", local=True) as client:
        assert {c.id for c in client.list_cameras()} == both
    with _connect(matrix, "localuser") as client:
        assert client.list_cameras() == []


def test_a_camera_the_user_cannot_see_is_unknown_to_them(matrix: Matrix) -> None:
    from vedette_api import errors

    with _connect(matrix, "camuser") as client:
        assert client.get_camera(matrix.camera_a).name == "cam-a"
        with pytest.raises(errors.NotFound):
            client.get_camera(matrix.camera_b)
        with pytest.raises(errors.PermissionDenied, match=f"camera {matrix.camera_b}"):
            client.get_timeline([matrix.camera_a, matrix.camera_b], 0, 1_900_000_000_000_000)


def test_settings_sections_need_their_own_area_right(matrix: Matrix) -> None:
    from vedette_api import errors

    general = system_pb2.Settings(general=system_pb2.GeneralSettings(device_name="Matrix"))
    with _connect(matrix, "camuser") as client:
        with pytest.raises(errors.PermissionDenied, match="'system'"):
            client.update_settings(general, ["general.device_name"])
        security = system_pb2.Settings(security=system_pb2.SecuritySettings(max_failed_logins=6))
        with pytest.raises(errors.PermissionDenied, match="'accounts'"):
            client.update_settings(security, ["security.max_failed_logins"])
        readable = client.get_settings()
        assert readable.general.device_name and readable.date_time.time_zone  # for everyone
        for section in ("network", "security", "access_filter", "maintenance"):  # area only
            assert not readable.HasField(section), section
        info = client.get_system_info()
        assert info.server_id and info.version and len(info.cameras) == 1
        assert not (info.volumes or info.interfaces or info.host_name or info.platform)
        assert info.sessions == 0
    with _connect(matrix, "areauser") as client:
        readable = client.get_settings()
        assert all(readable.HasField(s) for s in ("general", "date_time", "network", "security"))
        info = client.get_system_info()
        assert info.host_name and info.platform and info.sessions >= 1
    with _connect(matrix, "areauser") as client:
        assert (
            client.update_settings(general, ["general.device_name"]).settings.general.device_name
            == "Matrix"
        )


def test_the_appliance_sign_in_calls_answer_only_on_the_local_socket(matrix: Matrix) -> None:
    with grpc.insecure_channel(matrix.server.address) as channel:
        for method in all_methods():
            name = _short(method_path(method))
            if name in APPLIANCE_OPEN:
                request = message_factory.GetMessageClass(method.input_type)()
                code = _call(channel, method, request, "")
                assert code is grpc.StatusCode.PERMISSION_DENIED, name


def test_a_logged_out_display_may_only_list_and_watch_its_cameras(matrix: Matrix) -> None:
    display = system_pb2.Settings(
        display=system_pb2.DisplaySettings(logged_out_cameras=[matrix.camera_a])
    )
    with _connect(matrix, "admin") as admin:
        admin.update_settings(display, ["display.logged_out_cameras"])
    try:
        with grpc.insecure_channel(f"unix:{matrix.socket}") as channel:
            token = (
                auth_pb2_grpc.AuthServiceStub(channel)
                .OpenLiveDisplay(auth_pb2.OpenLiveDisplayRequest(), timeout=30)
                .token
            )
            requests = _requests(matrix.camera_a)
            wrong = []
            for method in all_methods():
                name = _short(method_path(method))
                if name in OPEN or name in ("AuthService/Logout", "MediaService/Live"):
                    continue
                request = requests.get(name, message_factory.GetMessageClass(method.input_type))()
                code = _call(channel, method, request, token)
                may = name in ("CameraService/ListCameras", "AuthService/RenewSession")
                if may != (code is not grpc.StatusCode.PERMISSION_DENIED):
                    wrong.append(f"{name}: {code.name}")
            assert not wrong, "\n".join(wrong)
            listed = cameras_pb2_grpc.CameraServiceStub(channel).ListCameras(
                cameras_pb2.ListCamerasRequest(),
                metadata=(("authorization", f"Bearer {token}"),),
                timeout=30,
            )
            assert [c.id for c in listed.cameras] == [matrix.camera_a]
            live = next(m for m in all_methods() if _short(method_path(m)) == "MediaService/Live")
            other = _call(channel, live, media_pb2.LiveRequest(camera_id=matrix.camera_b), token)
            assert other is grpc.StatusCode.PERMISSION_DENIED
            own = _call(channel, live, media_pb2.LiveRequest(camera_id=matrix.camera_a), token)
            assert own not in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED)
    finally:
        with _connect(matrix, "admin") as admin:
            admin.update_settings(system_pb2.Settings(), ["display.logged_out_cameras"])
