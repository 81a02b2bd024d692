"""Alarm handling requests read as the alarm desk's terms, and its answers written
as responses (``alarms.proto``'s ListAlarms … SilenceBuzzer). Pure.

- a filter: states, priorities 1..max, cameras, rule, times and text;
- a page token is the last alarm id of the previous page (the desk pages newest
  first by id), checked;
- an ``UpdateAlarmRequest`` is one ``states`` operation, INVALID_ARGUMENT without one;
- statistics: counts per state, priority and owner, and the durations overall, per
  priority and per operator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from google.protobuf.timestamp_pb2 import Timestamp

from vedette_api.v1 import alarms_pb2
from vedette_server.alarms import states
from vedette_server.alarms.model import PRIORITIES, Activity, AlarmState, VersionConflict
from vedette_server.alarms.stats import AlarmStats, Durations
from vedette_server.alarms.store import AlarmFilter, AlarmView
from vedette_server.api.alarm_convert import (
    STATES,
    activity_message,
    alarm_message,
    duration,
    resolution_of,
    state_of,
)
from vedette_server.errors import InvalidArgument

DEFAULT_PAGE: Final = 100
_NONE: Final = Durations(0, None, None)
MAX_PAGE: Final = 1000


def _us(value: Timestamp, present: bool) -> int | None:
    return value.ToMicroseconds() if present else None


def filter_of(message: alarms_pb2.AlarmFilter, field: str = "filter") -> AlarmFilter:
    """The desk's filter of a request's; INVALID_ARGUMENT names the bad field."""
    if not 0 <= message.max_priority <= max(PRIORITIES):
        raise InvalidArgument(f"{field}.max_priority", f"must be 0..3, not {message.max_priority}")
    wanted = frozenset(
        state_of(f"{field}.states[{i}]", number) for i, number in enumerate(message.states)
    )
    priorities = frozenset(p for p in PRIORITIES if p <= message.max_priority)
    if message.rule_id < 0:
        raise InvalidArgument(f"{field}.rule_id", f"{message.rule_id} is negative")
    return AlarmFilter(
        states=wanted,
        priorities=priorities if message.max_priority else frozenset(),
        camera_ids=frozenset(message.camera_ids) or None,
        rule_ids=frozenset({message.rule_id}) if message.rule_id else frozenset(),
        since_us=_us(message.since, message.HasField("since")),
        until_us=_us(message.until, message.HasField("until")),
        text=message.text,
    )


def page_of(page_size: int, page_token: str) -> tuple[int, int | None]:
    """(limit, after_id) of a page request."""
    if page_size < 0:
        raise InvalidArgument("page_size", f"{page_size} is negative")
    after_id = None
    if page_token:
        if not (page_token.isascii() and page_token.isdigit()) or int(page_token) < 1:
            raise InvalidArgument("page_token", f"{page_token!r} is not a token from this list")
        after_id = int(page_token)
    return min(page_size or DEFAULT_PAGE, MAX_PAGE), after_id


def view_message(view: AlarmView) -> alarms_pb2.Alarm:
    return alarm_message(
        view.alarm,
        camera_id=view.camera_id,
        related_cameras=view.related_cameras,
        rule_name=view.rule_name,
        instructions=view.instructions,
    )


def list_response(views: list[AlarmView], limit: int) -> alarms_pb2.ListAlarmsResponse:
    token = str(views[-1].alarm.id) if len(views) == limit else ""
    return alarms_pb2.ListAlarmsResponse(
        alarms=[view_message(v) for v in views], next_page_token=token
    )


def operation_of(request: alarms_pb2.UpdateAlarmRequest) -> states.Operation:
    """The state machine's operation a request names."""
    which = request.WhichOneof("operation")
    if which == "acknowledge":
        return states.Acknowledge()
    if which == "assign":
        return states.Assign(request.assign.owner)
    if which == "hold":
        return states.Hold(request.hold.text)
    if which == "resume":
        return states.Resume()
    if which == "release":
        return states.Release()
    if which == "comment":
        return states.Comment(request.comment.text)
    if which == "set_priority":
        return states.SetPriority(request.set_priority.priority)
    if which == "set_category":
        return states.SetCategory(request.set_category.category)
    if which == "close":
        resolution = resolution_of("close.resolution", request.close.resolution)
        return states.Close(resolution, request.close.text)
    if which == "reopen":
        return states.Reopen(request.reopen.text)
    raise InvalidArgument("operation", "name one operation (acknowledge, assign, close, ...)")


def update_response(view: AlarmView, activity: Activity) -> alarms_pb2.UpdateAlarmResponse:
    return alarms_pb2.UpdateAlarmResponse(
        alarm=view_message(view), activity=activity_message(activity)
    )


def conflict_message(error: VersionConflict, history: list[Activity]) -> str:
    """A stale version's refusal, naming who made the change the caller missed."""
    last = history[-1] if history else None
    if last is None:
        return str(error)
    return (
        f"alarm {error.alarm_id} was changed by {last.actor} ({last.kind.value}) since"
        f" version {error.expected_version}; it is at version {error.current_version}:"
        " reload and retry"
    )


def _durations(value: Durations) -> alarms_pb2.DurationStats:
    message = alarms_pb2.DurationStats(count=value.count)
    if value.median_s is not None:
        message.median.CopyFrom(duration(value.median_s))
    if value.p90_s is not None:
        message.p90.CopyFrom(duration(value.p90_s))
    return message


def _counts(
    counts: Mapping[object, int], name: Mapping[object, str]
) -> list[alarms_pb2.AlarmCount]:
    return [
        alarms_pb2.AlarmCount(value=name.get(key, str(key)), count=count)
        for key, count in sorted(counts.items(), key=lambda kv: name.get(kv[0], str(kv[0])))
        if count
    ]


def statistics_response(stats: AlarmStats) -> alarms_pb2.GetAlarmStatisticsResponse:
    state_names: dict[object, str] = {s: s.value for s in AlarmState}
    owner_names: dict[object, str] = {None: ""}
    total = sum(stats.by_state.values())
    per_priority = [
        alarms_pb2.AlarmGroupStatistics(
            priority=p,
            count=stats.by_priority.get(p, 0),
            time_to_acknowledge=_durations(stats.time_to_acknowledge_by_priority.get(p, _NONE)),
            time_to_close=_durations(stats.time_to_close_by_priority.get(p, _NONE)),
        )
        for p in PRIORITIES
        if stats.by_priority.get(p)
    ]
    per_operator = [
        alarms_pb2.AlarmGroupStatistics(
            operator=name,
            time_to_acknowledge=_durations(o.time_to_acknowledge),
            time_to_close=_durations(o.time_to_close),
            activities=o.activities,
            acknowledged=o.acknowledged,
            closed=o.closed,
        )
        for name, o in sorted(stats.by_operator.items())
    ]
    return alarms_pb2.GetAlarmStatisticsResponse(
        total=total,
        by_state=_counts(stats.by_state, state_names),  # type: ignore[arg-type]
        by_priority=_counts(stats.by_priority, {}),  # type: ignore[arg-type]
        by_owner=_counts(stats.by_owner, owner_names),  # type: ignore[arg-type]
        overall=alarms_pb2.AlarmGroupStatistics(
            count=total,
            time_to_acknowledge=_durations(stats.time_to_acknowledge),
            time_to_close=_durations(stats.time_to_close),
        ),
        per_priority=per_priority,
        per_operator=per_operator,
    )


#: For docs and the CLI: the proto's states by their names.
STATE_NAMES: Final = {s.value: number for s, number in STATES.items()}
