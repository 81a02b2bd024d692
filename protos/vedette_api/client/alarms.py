"""Alarm handling of ``AlarmService`` as part of ``vedette_api.Client`` (issue 15).

States are given by name (``"new"``, ``"in_progress"``, ``"on_hold"``, ``"closed"``)
and resolutions too (``"true_alarm"``, ``"false_alarm"``, ``"test"``,
``"technical_fault"``, ``"other"``). Every update may carry the ``version`` the
caller read: when someone else changed the alarm since, the server refuses it with
``Aborted`` naming who (reload and retry). Every method blocks; the live alarms come
from ``watch_events(items=[WATCH_KIND_ALARMS])``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from google.protobuf.timestamp_pb2 import Timestamp

from vedette_api.client.calls import ServiceCalls
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc

STATES: Final[dict[str, int]] = {
    "new": alarms_pb2.ALARM_STATE_NEW,
    "in_progress": alarms_pb2.ALARM_STATE_IN_PROGRESS,
    "on_hold": alarms_pb2.ALARM_STATE_ON_HOLD,
    "closed": alarms_pb2.ALARM_STATE_CLOSED,
}
STATE_NAMES: Final[dict[int, str]] = {v: k for k, v in STATES.items()}
RESOLUTIONS: Final[dict[str, int]] = {
    "true_alarm": alarms_pb2.RESOLUTION_TRUE_ALARM,
    "false_alarm": alarms_pb2.RESOLUTION_FALSE_ALARM,
    "test": alarms_pb2.RESOLUTION_TEST,
    "technical_fault": alarms_pb2.RESOLUTION_TECHNICAL_FAULT,
    "other": alarms_pb2.RESOLUTION_OTHER,
}
RESOLUTION_NAMES: Final[dict[int, str]] = {
    **{v: k for k, v in RESOLUTIONS.items()},
    alarms_pb2.RESOLUTION_AUTO: "auto",
    alarms_pb2.RESOLUTION_UNSPECIFIED: "",
}


def _timestamp(us: int) -> Timestamp:
    value = Timestamp()
    value.FromMicroseconds(us)
    return value


def alarm_filter(
    *,
    states: Iterable[str] = (),
    max_priority: int = 0,
    camera_ids: Iterable[int] = (),
    rule_id: int = 0,
    since_us: int | None = None,
    until_us: int | None = None,
    text: str = "",
) -> alarms_pb2.AlarmFilter:
    """An ``AlarmFilter`` from names; ``InvalidArgument`` for an unknown state."""
    numbers = []
    for state in states:
        if state not in STATES:
            raise InvalidArgument(f"unknown alarm state {state!r}; one of {', '.join(STATES)}")
        numbers.append(STATES[state])
    message = alarms_pb2.AlarmFilter(
        states=numbers,  # type: ignore[arg-type]
        max_priority=max_priority,
        camera_ids=list(camera_ids),
        rule_id=rule_id,
        text=text,
    )
    if since_us is not None:
        message.since.CopyFrom(_timestamp(since_us))
    if until_us is not None:
        message.until.CopyFrom(_timestamp(until_us))
    return message


class AlarmCalls(ServiceCalls):
    _alarms: alarms_pb2_grpc.AlarmServiceStub

    def list_alarms(
        self, alarm_filter: alarms_pb2.AlarmFilter | None = None, *, limit: int | None = None
    ) -> Iterator[alarms_pb2.Alarm]:
        """The alarms the filter selects (all: none given), newest first, at most
        ``limit``; pages are asked for as they are read."""
        request = alarms_pb2.ListAlarmsRequest(filter=alarm_filter or alarms_pb2.AlarmFilter())
        return self._paginate(self._alarms.ListAlarms, request, "alarms", limit=limit)

    def get_alarm(self, alarm_id: int) -> alarms_pb2.GetAlarmResponse:
        """The alarm, its activities (oldest first) and its playback range."""
        request = alarms_pb2.GetAlarmRequest(alarm_id=alarm_id)
        response: alarms_pb2.GetAlarmResponse = self._call(self._alarms.GetAlarm, request)
        return response

    def _update(
        self, alarm_id: int, version: int, **operation: object
    ) -> alarms_pb2.UpdateAlarmResponse:
        request = alarms_pb2.UpdateAlarmRequest(
            alarm_id=alarm_id,
            expected_version=version,
            **operation,  # type: ignore[arg-type]
        )
        response: alarms_pb2.UpdateAlarmResponse = self._call(self._alarms.UpdateAlarm, request)
        return response

    def acknowledge_alarm(
        self, alarm_id: int, *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        """New → In progress, owned by the caller (``version`` 0: as it is now)."""
        return self._update(alarm_id, version, acknowledge=alarms_pb2.AcknowledgeOperation())

    def assign_alarm(
        self, alarm_id: int, owner: str, *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, assign=alarms_pb2.AssignOperation(owner=owner))

    def hold_alarm(
        self, alarm_id: int, text: str = "", *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, hold=alarms_pb2.HoldOperation(text=text))

    def resume_alarm(self, alarm_id: int, *, version: int = 0) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, resume=alarms_pb2.ResumeOperation())

    def release_alarm(self, alarm_id: int, *, version: int = 0) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, release=alarms_pb2.ReleaseOperation())

    def comment_alarm(
        self, alarm_id: int, text: str, *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, comment=alarms_pb2.CommentOperation(text=text))

    def set_alarm_priority(
        self, alarm_id: int, priority: int, *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        operation = alarms_pb2.SetPriorityOperation(priority=priority)
        return self._update(alarm_id, version, set_priority=operation)

    def set_alarm_category(
        self, alarm_id: int, category: str, *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        operation = alarms_pb2.SetCategoryOperation(category=category)
        return self._update(alarm_id, version, set_category=operation)

    def close_alarm(
        self, alarm_id: int, resolution: str, text: str = "", *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        """→ Closed with ``resolution`` (a name of ``RESOLUTIONS``)."""
        if resolution not in RESOLUTIONS:
            known = ", ".join(RESOLUTIONS)
            raise InvalidArgument(f"unknown resolution {resolution!r}; one of {known}")
        operation = alarms_pb2.CloseOperation(resolution=RESOLUTIONS[resolution], text=text)  # type: ignore[arg-type]
        return self._update(alarm_id, version, close=operation)

    def reopen_alarm(
        self, alarm_id: int, text: str = "", *, version: int = 0
    ) -> alarms_pb2.UpdateAlarmResponse:
        return self._update(alarm_id, version, reopen=alarms_pb2.ReopenOperation(text=text))

    def acknowledge_alarms(
        self,
        alarm_ids: Iterable[int] = (),
        *,
        alarm_filter: alarms_pb2.AlarmFilter | None = None,
        versions: Iterable[int] = (),
    ) -> alarms_pb2.AcknowledgeAlarmsResponse:
        """Acknowledge the alarms named, or the New ones ``alarm_filter`` selects;
        those refused are in ``skipped`` with the reason."""
        request = alarms_pb2.AcknowledgeAlarmsRequest(
            alarm_ids=list(alarm_ids), expected_versions=list(versions)
        )
        if alarm_filter is not None:
            request.filter.CopyFrom(alarm_filter)
        response: alarms_pb2.AcknowledgeAlarmsResponse = self._call(
            self._alarms.AcknowledgeAlarms, request
        )
        return response

    def alarm_statistics(
        self, since_us: int | None = None, until_us: int | None = None
    ) -> alarms_pb2.GetAlarmStatisticsResponse:
        request = alarms_pb2.GetAlarmStatisticsRequest()
        if since_us is not None:
            request.since.CopyFrom(_timestamp(since_us))
        if until_us is not None:
            request.until.CopyFrom(_timestamp(until_us))
        response: alarms_pb2.GetAlarmStatisticsResponse = self._call(
            self._alarms.GetAlarmStatistics, request
        )
        return response

    def trigger_alarm(
        self, name: str, *, camera_id: int = 0, priority: int = 0, text: str = ""
    ) -> alarms_pb2.Alarm:
        """Raise a manual alarm (priority 0: medium); returns it."""
        request = alarms_pb2.TriggerManualAlarmRequest(
            name=name, camera_id=camera_id, priority=priority, text=text
        )
        alarm: alarms_pb2.Alarm = self._call(self._alarms.TriggerManualAlarm, request).alarm
        return alarm

    def silence_buzzer(self) -> None:
        """Silence the buzzer on every console."""
        self._call(self._alarms.SilenceBuzzer, alarms_pb2.SilenceBuzzerRequest())

    def test_buzzer(self) -> float:
        """Sound the buzzer on every console for the configured duration; returns it (s)."""
        request = alarms_pb2.TestBuzzerRequest()
        response: alarms_pb2.TestBuzzerResponse = self._call(self._alarms.TestBuzzer, request)
        return response.duration.ToMicroseconds() / 1e6
