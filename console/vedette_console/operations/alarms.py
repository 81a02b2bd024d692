"""Alarms (issue 15 §3/§4, ALARM-04/05/08/09): list, read, handle, acknowledge many,
raise a manual alarm, silence the buzzer, and what the user may do.

The work functions are plain functions of the ``Client`` (tests call them directly);
the views run them as ``ServerOp``s. An operation on many alarms goes alarm by
alarm with the version each was read at: one changed by someone else meanwhile is
not overwritten, it is reloaded and reported with who changed it
(``UpdateOutcome.conflicts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.client.alarms import RESOLUTION_NAMES
from vedette_api.errors import Aborted, NotFound, PermissionDenied, Unimplemented, VedetteError
from vedette_api.v1 import accounts_pb2, alarms_pb2
from vedette_console.operations.server_op import ServerOp

Alarm = alarms_pb2.Alarm
#: The most alarms the list loads.
LIST_LIMIT = 1000
#: The longest text filter the server takes.
TEXT_MAX = 256
#: States the list shows unless told otherwise: the open ones.
OPEN_STATES: tuple[int, ...] = (
    alarms_pb2.ALARM_STATE_NEW,
    alarms_pb2.ALARM_STATE_IN_PROGRESS,
    alarms_pb2.ALARM_STATE_ON_HOLD,
)


@dataclass(frozen=True)
class AlarmQuery:
    """Which alarms the list shows: the server filters by state, priority, camera
    and text; ``matches`` applies the same to the feed's changes."""

    states: tuple[int, ...] = OPEN_STATES
    max_priority: int = 0
    camera_id: int = 0
    text: str = ""

    def filter(self) -> alarms_pb2.AlarmFilter:
        return alarms_pb2.AlarmFilter(
            states=list(self.states),  # type: ignore[arg-type]
            max_priority=self.max_priority,
            camera_ids=[self.camera_id] if self.camera_id else [],
            text=self.text.strip()[:TEXT_MAX],
        )

    def matches(self, alarm: Alarm) -> bool:
        if self.states and alarm.state not in self.states:
            return False
        if self.max_priority and not 1 <= alarm.priority <= self.max_priority:
            return False
        if self.camera_id and alarm.camera_id != self.camera_id:
            return False
        needle = self.text.strip().casefold()
        if not needle:
            return True
        haystack = (alarm.title, alarm.rule_name, alarm.category, alarm.owner)
        return any(needle in value.casefold() for value in haystack)


@dataclass(frozen=True)
class AlarmRights:
    """What the signed-in user may do with alarms."""

    user: str = ""
    view: bool = False
    handle: bool = False
    io_control: bool = False


@dataclass
class UpdateOutcome:
    """An operation over some alarms: those done (as they are now), those changed
    by someone else meanwhile (reloaded, with who), those refused (the server's
    words)."""

    done: list[Alarm] = field(default_factory=list)
    conflicts: list[tuple[Alarm, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


# -- operations on one alarm (the SDK's per-operation calls) ----------------------------


@dataclass(frozen=True)
class Operation:
    """One operation: its name and the SDK call ``call(client, alarm_id, version)``."""

    name: str
    call: Callable[[Client, int, int], alarms_pb2.UpdateAlarmResponse]


def acknowledge() -> Operation:
    return Operation("acknowledge", lambda c, i, v: c.acknowledge_alarm(i, version=v))


def assign(owner: str) -> Operation:
    return Operation("assign", lambda c, i, v: c.assign_alarm(i, owner, version=v))


def hold(text: str = "") -> Operation:
    return Operation("hold", lambda c, i, v: c.hold_alarm(i, text, version=v))


def resume() -> Operation:
    return Operation("resume", lambda c, i, v: c.resume_alarm(i, version=v))


def comment(text: str) -> Operation:
    return Operation("comment", lambda c, i, v: c.comment_alarm(i, text, version=v))


def close(resolution: int, text: str = "") -> Operation:
    """Close with ``resolution`` (an ``alarms_pb2.Resolution``)."""
    name = RESOLUTION_NAMES.get(resolution, "")
    return Operation("close", lambda c, i, v: c.close_alarm(i, name, text, version=v))


def reopen(text: str = "") -> Operation:
    return Operation("reopen", lambda c, i, v: c.reopen_alarm(i, text, version=v))


def is_conflict(error: VedetteError) -> bool:
    """The server's ABORTED: the alarm is not at the version read."""
    return isinstance(error, Aborted)


def who_changed(client: Client, alarm_id: int) -> tuple[Alarm, str]:
    """The alarm as it is now and who made its last change."""
    now = client.get_alarm(alarm_id)
    actor = now.activities[-1].actor if now.activities else now.alarm.actor
    return now.alarm, actor


def apply_operation(client: Client, alarms: list[Alarm], operation: Operation) -> UpdateOutcome:
    """``operation`` on each of ``alarms`` at the version it was read."""
    outcome = UpdateOutcome()
    for alarm in alarms:
        try:
            outcome.done.append(operation.call(client, alarm.id, alarm.version).alarm)
        except VedetteError as error:
            if not is_conflict(error):
                outcome.refused.append((alarm.id, error.message))
                continue
            try:
                outcome.conflicts.append(who_changed(client, alarm.id))
            except VedetteError as reload_error:
                outcome.refused.append((alarm.id, reload_error.message))
    return outcome


def acknowledge_many(client: Client, alarms: list[Alarm]) -> UpdateOutcome:
    """One ``AcknowledgeAlarms`` at the versions read; the skipped ones that changed
    meanwhile are reloaded and reported with who changed them."""
    response = client.acknowledge_alarms(
        [a.id for a in alarms], versions=[a.version for a in alarms]
    )
    outcome = UpdateOutcome()
    done = set(response.acknowledged_ids)
    for alarm in alarms:
        if alarm.id in done:
            outcome.done.append(client.get_alarm(alarm.id).alarm)
    for skipped in response.skipped:
        try:
            now, actor = who_changed(client, skipped.alarm_id)
        except NotFound:
            outcome.refused.append((skipped.alarm_id, skipped.reason))
            continue
        outcome.conflicts.append((now, actor))
    return outcome


# -- server operations -----------------------------------------------------------------


def fetch_alarms(client: Client, query: AlarmQuery, limit: int = LIST_LIMIT) -> list[Alarm]:
    return [a for a in client.list_alarms(query.filter(), limit=limit) if query.matches(a)]


def list_alarms(*, parent: QObject | None, query: AlarmQuery) -> ServerOp[list[Alarm]]:
    return ServerOp(parent, lambda client: fetch_alarms(client, query))


def get_alarm(*, parent: QObject | None, alarm_id: int) -> ServerOp[alarms_pb2.GetAlarmResponse]:
    return ServerOp(parent, lambda client: client.get_alarm(alarm_id))


def update_alarms(
    *, parent: QObject | None, alarms: list[Alarm], operation: Operation
) -> ServerOp[UpdateOutcome]:
    if operation.name == "acknowledge" and len(alarms) > 1:
        return ServerOp(parent, lambda client: acknowledge_many(client, alarms))
    return ServerOp(parent, lambda client: apply_operation(client, alarms, operation))


def trigger_manual_alarm(
    *, parent: QObject | None, name: str, camera_id: int = 0, priority: int = 0, text: str = ""
) -> ServerOp[Alarm]:
    return ServerOp(
        parent,
        lambda client: client.trigger_alarm(
            name, camera_id=camera_id, priority=priority, text=text
        ),
    )


def silence_buzzer(*, parent: QObject | None) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.silence_buzzer())


def fetch_rights(client: Client) -> AlarmRights:
    """Blocking: the user's alarm rights (none when the server cannot say)."""
    try:
        account = client.get_my_account()
    except (PermissionDenied, Unimplemented, NotFound):
        return AlarmRights(user=client.username)
    areas = set(account.rights.areas)
    return AlarmRights(
        user=client.username,
        view=accounts_pb2.AREA_ALARM_VIEW in areas,
        handle=accounts_pb2.AREA_ALARM_HANDLE in areas,
        io_control=accounts_pb2.AREA_IO_CONTROL in areas,
    )


def alarm_rights(*, parent: QObject | None) -> ServerOp[AlarmRights]:
    return ServerOp(parent, fetch_rights)
