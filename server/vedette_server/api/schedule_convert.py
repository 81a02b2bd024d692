"""Schedules and recording policies between recording.proto and the domain types
(``recording/schedules.py``, ``recording/policy.py``, ``recording/policy_store.py``).
Bad values become ``InvalidArgument`` naming the field."""

from __future__ import annotations

from typing import Final

from vedette_api.v1 import recording_pb2
from vedette_server.errors import InvalidArgument
from vedette_server.recording.policy import (
    DEFAULT_POST_S,
    DEFAULT_PRE_S,
    KINDS,
    MODES,
    PolicyError,
    RecordingPolicy,
    StreamChoice,
    from_mode,
)
from vedette_server.recording.policy_store import (
    ALWAYS_SCHEDULE_ID,
    PolicyRecord,
    ScheduleRecord,
)
from vedette_server.recording.schedules import DAYS, ScheduleError, Week, week

_STREAMS: Final[dict[int, StreamChoice]] = {
    recording_pb2.RECORD_STREAMS_UNSPECIFIED: "both",
    recording_pb2.RECORD_STREAMS_MAIN: "main",
    recording_pb2.RECORD_STREAMS_SUB: "sub",
    recording_pb2.RECORD_STREAMS_BOTH: "both",
}
_STREAM_VALUES: Final[dict[StreamChoice, int]] = {
    "main": recording_pb2.RECORD_STREAMS_MAIN,
    "sub": recording_pb2.RECORD_STREAMS_SUB,
    "both": recording_pb2.RECORD_STREAMS_BOTH,
}


def week_message(value: Week) -> recording_pb2.WeekSchedule:
    message = recording_pb2.WeekSchedule()
    for name, ranges in zip(DAYS, value.days, strict=True):
        day = getattr(message, name)
        for start, end in ranges:
            day.ranges.add(start_minute=start, end_minute=end)
    return message


def week_from_message(message: recording_pb2.WeekSchedule, field: str) -> Week:
    days = {
        name: [(r.start_minute, r.end_minute) for r in getattr(message, name).ranges]
        for name in DAYS
    }
    try:
        return week(days)
    except ScheduleError as error:
        raise InvalidArgument(f"{field}.{error.day}", str(error).partition(": ")[2]) from None


def schedule_message(record: ScheduleRecord) -> recording_pb2.Schedule:
    return recording_pb2.Schedule(
        id=record.id,
        name=record.name,
        week=week_message(record.week),
        builtin=record.builtin,
        read_only=record.read_only,
        used_by_camera_ids=record.used_by,
    )


def policy_message(record: PolicyRecord) -> recording_pb2.RecordingPolicy:
    policy = record.policy
    return recording_pb2.RecordingPolicy(
        camera_id=record.camera_id,
        normal_schedule_id=policy.normal_schedule or 0,
        motion_schedule_id=policy.motion_schedule or 0,
        sensor_schedule_id=policy.sensor_schedule or 0,
        analytics_schedule_id=policy.analytics_schedule or 0,
        normal_streams=_STREAM_VALUES[policy.normal_stream],  # type: ignore[arg-type]
        event_streams=_STREAM_VALUES[policy.event_stream],  # type: ignore[arg-type]
        pre_s=policy.pre_s,
        post_s=policy.post_s,
        tentative_segment_s=policy.tentative_segment_s,
        mode=record.mode,
        is_default=record.is_default,
    )


def _stream(value: int, field: str) -> StreamChoice:
    choice = _STREAMS.get(value)
    if choice is None:
        raise InvalidArgument(field, f"{value} is not a RecordStreams value")
    return choice


def policy_from_request(request: recording_pb2.SetRecordingPolicyRequest) -> RecordingPolicy:
    """The policy a SetRecordingPolicy request asks for: ``mode``'s schedules (if any)
    with the request's non-zero schedule ids over them, its streams, pre and post."""
    spec = request.policy
    for name in ("normal", "motion", "sensor", "analytics"):
        if getattr(spec, f"{name}_schedule_id") < 0:
            raise InvalidArgument(f"policy.{name}_schedule_id", "must not be negative")
    fields = {
        "normal_stream": _stream(spec.normal_streams, "policy.normal_streams"),
        "event_stream": _stream(spec.event_streams, "policy.event_streams"),
        "pre_s": spec.pre_s if spec.HasField("pre_s") else DEFAULT_PRE_S,
        "post_s": spec.post_s if spec.HasField("post_s") else DEFAULT_POST_S,
    }
    try:
        if request.mode:
            if request.mode not in MODES:
                raise InvalidArgument("mode", f"{request.mode!r} is not one of {', '.join(MODES)}")
            base = from_mode(request.mode, ALWAYS_SCHEDULE_ID, **fields)  # type: ignore[arg-type]
            ids = base.schedule_ids()
        else:
            ids = dict.fromkeys(KINDS)
        for kind in KINDS:
            given = getattr(spec, f"{kind}_schedule_id")
            if given:
                ids[kind] = given
        return RecordingPolicy(
            normal_schedule=ids["normal"],
            motion_schedule=ids["motion"],
            sensor_schedule=ids["sensor"],
            analytics_schedule=ids["analytics"],
            **fields,  # type: ignore[arg-type]
        )
    except PolicyError as error:
        raise InvalidArgument(f"policy.{error.field}", str(error).partition(": ")[2]) from None
