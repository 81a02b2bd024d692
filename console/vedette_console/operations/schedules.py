"""Weekly schedules and cameras' recording policies (REC-02..07): what the recording
tab and the schedules dialog ask the server, and the conversion between the API's
``WeekSchedule`` and the grid's ``WeekMinutes``.

The server judges every schedule and policy (ranges that overlap, more than eight a
day, pre and post out of their limits, a schedule still in use): these operations
send what the operator made and the views show a refusal in the server's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.client.recording_policy import DAYS, STREAM_NAMES, week_days
from vedette_api.v1 import cameras_pb2, recording_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.widgets.week_minutes import WeekMinutes


def week_from_proto(week: recording_pb2.WeekSchedule) -> WeekMinutes:
    days = week_days(week)
    return WeekMinutes.from_ranges([days[name] for name in DAYS])


def week_to_days(week: WeekMinutes) -> dict[str, list[tuple[int, int]]]:
    """The SDK's form of a week: ``{"mon": [(start, end), ...], ...}``."""
    return dict(zip(DAYS, week.ranges(), strict=True))


@dataclass(frozen=True)
class RecordingSettings:
    """What the recording tab shows of one camera."""

    policy: recording_pb2.RecordingPolicy
    schedules: list[recording_pb2.Schedule]
    #: Every camera the user sees (names, "copy to"), in id order.
    cameras: list[cameras_pb2.Camera] = field(default_factory=list)


def fetch_recording_settings(client: Client, camera_id: int) -> RecordingSettings:
    """Blocking: the camera's policy, every schedule and the cameras."""
    policies = client.get_recording_policies([camera_id])
    policy = next((p for p in policies if p.camera_id == camera_id), None)
    if policy is None:  # the server answers NOT_FOUND first; this is a second guard
        raise LookupError(f"the server sent no recording policy for camera {camera_id}")
    cameras = sorted(client.list_cameras(), key=lambda c: c.id)
    return RecordingSettings(policy, client.list_schedules(), cameras)


def load_recording_settings(
    *, parent: QObject | None, camera_id: int
) -> ServerOp[RecordingSettings]:
    return ServerOp(parent, lambda client: fetch_recording_settings(client, camera_id))


def set_recording_policy(
    *,
    parent: QObject | None,
    policy: recording_pb2.RecordingPolicy,
    mode: str = "",
    copy_to: list[int] | None = None,
) -> ServerOp[list[recording_pb2.RecordingPolicy]]:
    """Set ``policy`` (from ``mode``'s preset when given) on its camera and on
    ``copy_to``; the result is every policy set, the camera's first."""

    def work(client: Client) -> list[recording_pb2.RecordingPolicy]:
        return client.set_recording_policy(
            policy.camera_id,
            mode=mode,
            normal_schedule_id=policy.normal_schedule_id,
            motion_schedule_id=policy.motion_schedule_id,
            sensor_schedule_id=policy.sensor_schedule_id,
            analytics_schedule_id=policy.analytics_schedule_id,
            normal_streams=STREAM_NAMES[policy.normal_streams],
            event_streams=STREAM_NAMES[policy.event_streams],
            pre_s=policy.pre_s if policy.HasField("pre_s") else None,
            post_s=policy.post_s if policy.HasField("post_s") else None,
            copy_to=copy_to or [],
        )

    return ServerOp(parent, work)


def list_schedules(*, parent: QObject | None) -> ServerOp[list[recording_pb2.Schedule]]:
    return ServerOp(parent, lambda client: client.list_schedules())


def put_schedule(
    *, parent: QObject | None, schedule_id: int, name: str, week: WeekMinutes
) -> ServerOp[recording_pb2.Schedule]:
    """Create (``schedule_id`` 0) or replace a schedule; the result is the one stored."""
    days = week_to_days(week)
    return ServerOp(
        parent,
        lambda client: client.put_schedule(name, days, schedule_id=schedule_id).schedule,
    )


def delete_schedule(*, parent: QObject | None, schedule_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_schedule(schedule_id))
