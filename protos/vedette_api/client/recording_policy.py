"""The schedules and recording policies of ``RecordingService`` as part of
``vedette_api.Client`` (REC-02..07).

A week is given as ``{"mon": [(start_minute, end_minute), ...], ...}`` (minutes 0..1440
of the server's wall-clock day; missing days are empty) and read back the same way
with ``week_days``. Streams are ``"main"``, ``"sub"`` or ``"both"``. Every method
blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from vedette_api.client.calls import ServiceCalls
from vedette_api.v1 import recording_pb2, recording_pb2_grpc

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The mode presets ``set_recording_policy`` accepts (REC-02).
MODES: Final = (
    "always", "motion", "sensor", "motion+sensor", "always+motion", "always+sensor",
    "always+motion+sensor", "analytics", "always+analytics", "none",
)  # fmt: skip
STREAMS: Final[dict[str, int]] = {
    "main": recording_pb2.RECORD_STREAMS_MAIN,
    "sub": recording_pb2.RECORD_STREAMS_SUB,
    "both": recording_pb2.RECORD_STREAMS_BOTH,
}
STREAM_NAMES: Final[dict[int, str]] = {
    **{v: k for k, v in STREAMS.items()},
    recording_pb2.RECORD_STREAMS_UNSPECIFIED: "both",
}

Days = Mapping[str, Iterable[Sequence[int]]]


def week_message(days: Days) -> recording_pb2.WeekSchedule:
    """``{"mon": [(480, 720)], ...}`` → a ``WeekSchedule`` (the server checks it)."""
    unknown = set(days) - set(DAYS)
    if unknown:
        raise ValueError(f"unknown day {sorted(unknown)[0]!r} (one of {', '.join(DAYS)})")
    week = recording_pb2.WeekSchedule()
    for name, ranges in days.items():
        day = getattr(week, name)
        for start, end in ranges:
            day.ranges.add(start_minute=start, end_minute=end)
    return week


def week_days(week: recording_pb2.WeekSchedule) -> dict[str, list[tuple[int, int]]]:
    """A ``WeekSchedule`` → ``{"mon": [(start, end), ...], ...}`` (all seven days)."""
    return {
        name: [(r.start_minute, r.end_minute) for r in getattr(week, name).ranges] for name in DAYS
    }


class RecordingPolicyCalls(ServiceCalls):
    _recording: recording_pb2_grpc.RecordingServiceStub

    def list_schedules(self) -> list[recording_pb2.Schedule]:
        """Every schedule: the built-in presets first, then by name."""
        request = recording_pb2.ListSchedulesRequest()
        return list(self._call(self._recording.ListSchedules, request).schedules)

    def get_schedule(self, schedule_id: int = 0, name: str = "") -> recording_pb2.Schedule:
        """One schedule by id, or by name when ``schedule_id`` is 0."""
        request = recording_pb2.GetScheduleRequest(schedule_id=schedule_id, name=name)
        schedule: recording_pb2.Schedule = self._call(self._recording.GetSchedule, request).schedule
        return schedule

    def put_schedule(
        self, name: str, days: Days, *, schedule_id: int = 0
    ) -> recording_pb2.PutScheduleResponse:
        """Create or replace a schedule (by id when given, else by name)."""
        schedule = recording_pb2.Schedule(id=schedule_id, name=name, week=week_message(days))
        request = recording_pb2.PutScheduleRequest(schedule=schedule)
        response: recording_pb2.PutScheduleResponse = self._call(
            self._recording.PutSchedule, request
        )
        return response

    def delete_schedule(self, schedule_id: int = 0, name: str = "") -> None:
        request = recording_pb2.DeleteScheduleRequest(schedule_id=schedule_id, name=name)
        self._call(self._recording.DeleteSchedule, request)

    def get_recording_policies(
        self, camera_ids: list[int] | None = None
    ) -> list[recording_pb2.RecordingPolicy]:
        """The cameras' policies (empty: every camera the user sees), by camera id."""
        request = recording_pb2.GetRecordingPolicyRequest(camera_ids=camera_ids or [])
        return list(self._call(self._recording.GetRecordingPolicy, request).policies)

    def set_recording_policy(
        self,
        camera_id: int,
        *,
        mode: str = "",
        normal_schedule_id: int = 0,
        motion_schedule_id: int = 0,
        sensor_schedule_id: int = 0,
        analytics_schedule_id: int = 0,
        normal_streams: str = "both",
        event_streams: str = "both",
        pre_s: int | None = None,
        post_s: int | None = None,
        copy_to: list[int] | None = None,
    ) -> list[recording_pb2.RecordingPolicy]:
        """Set a camera's policy: a ``mode`` preset's schedules (24x7 for what it names),
        non-zero schedule ids over them, the streams, pre and post (None: the server's
        defaults); and the same for ``copy_to``. Returns the policies set."""
        for field, value in (("normal_streams", normal_streams), ("event_streams", event_streams)):
            if value not in STREAMS:
                raise ValueError(f"{field}: {value!r} is not one of main, sub, both")
        policy = recording_pb2.RecordingPolicy(
            camera_id=camera_id,
            normal_schedule_id=normal_schedule_id,
            motion_schedule_id=motion_schedule_id,
            sensor_schedule_id=sensor_schedule_id,
            analytics_schedule_id=analytics_schedule_id,
            normal_streams=STREAMS[normal_streams],  # type: ignore[arg-type]
            event_streams=STREAMS[event_streams],  # type: ignore[arg-type]
            pre_s=pre_s,
            post_s=post_s,
        )
        request = recording_pb2.SetRecordingPolicyRequest(
            policy=policy, mode=mode, copy_to_camera_ids=copy_to or []
        )
        return list(self._call(self._recording.SetRecordingPolicy, request).policies)
