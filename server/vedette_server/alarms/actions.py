"""A rule's actions, run through ports (ALARM-04). Event loop; each action says what
it did in one line, which the engine writes into the alarm's history.

Invariants:
- an action whose port is not wired (no I/O hub, no notifier, no PTZ) is reported
  as *unavailable*, never as done;
- an action naming a camera that no longer exists skips that camera (logged once per
  rule and camera by the engine's ``deleted`` memory) and does the rest;
- one failing action never stops the others, and nothing here raises: every failure
  is an outcome line.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Protocol

from vedette_server.alarms import bus
from vedette_server.alarms.ports import (
    AlarmNotice,
    NoticeChange,
    NotifyChannel,
    NotifyPort,
    OutputMode,
    OutputPort,
)
from vedette_server.alarms.rules import (
    Action,
    BuzzerAction,
    EmailAction,
    MessagePopupAction,
    OutputAction,
    PtzPresetAction,
    RecordAction,
    Rule,
    SnapshotAction,
    VideoPopupAction,
    WebhookAction,
)
from vedette_server.alarms.sources import Signal
from vedette_server.alarms.store import AlarmView
from vedette_server.events import EventBus, ServerEvent

log = logging.getLogger(__name__)

#: (camera id, time µs) → the stored snapshot's id.
TakeSnapshot = Callable[[int, int], Awaitable[int]]
#: (camera id, preset number, rule id) → the camera is moving there.
GotoPreset = Callable[[int, int, int], Awaitable[None]]


class RecordPort(Protocol):
    """Event recording for cameras a rule names (``alarms/recording.py``)."""

    def keep(self, camera_id: int, key: str, start_us: int, end_us: int | None) -> None:
        """Keep [start − pre, end + post] of the camera (end None: while ``key`` lasts)."""
        ...

    def end(self, key: str, end_us: int) -> None:
        """The cause ``key`` ended: its open windows end at ``end_us``."""
        ...


@dataclass
class ActionPorts:
    """The collaborators actions use; None: not available on this server."""

    outputs: OutputPort | None = None
    notify: NotifyPort | None = None
    snapshot: TakeSnapshot | None = None
    ptz_preset: GotoPreset | None = None
    record: RecordPort | None = None


@dataclass
class Run:
    """One run of a rule's actions for one signal."""

    rule: Rule
    signal: Signal
    alarm: AlarmView | None
    folded: int = 0
    """Runs skipped by the rule's interval since the last one (counted in)."""
    cameras: Collection[int] = field(default_factory=frozenset)
    """The cameras that exist now."""


@dataclass(frozen=True)
class Durations:
    """What a popup or buzzer action lasts when its rule leaves ``duration_s`` out
    (the server's ``alarm_notifications`` settings, ALARM-07)."""

    video_popup_s: float = 30.0
    message_popup_s: float = 30.0
    buzzer_s: float = 10.0


class ActionRunner:
    def __init__(
        self,
        ports: ActionPorts,
        events: EventBus,
        *,
        actor: str = "system",
        durations: Callable[[], Durations] = Durations,
    ) -> None:
        self.ports = ports
        self.events = events
        self.actor = actor
        self.durations = durations

    async def run(self, run: Run, actions: tuple[Action, ...]) -> list[str]:
        outcomes = []
        for action in actions:
            try:
                outcome = await self._one(run, action)
            except Exception as error:  # a port failing: said, never raised
                log.warning("rule %r: %s failed: %s", run.rule.name, _name(action), error)
                outcome = f"failed: {error}"
            outcomes.append(f"{_name(action)}: {outcome}")
        return outcomes

    def notify_change(
        self, rule: Rule, view: AlarmView, change: NoticeChange, time_us: int, text: str
    ) -> list[str]:
        """Tell the rule's e-mail and webhook targets that its alarm was escalated or
        closed; the outcome lines, as ``run``'s."""
        outcomes = []
        for action in rule.definition.actions:
            if not isinstance(action, EmailAction | WebhookAction):
                continue
            if self.ports.notify is None:
                outcomes.append(f"{_name(action)}: unavailable (no notifications on this server)")
                continue
            ids = action.recipient_ids if isinstance(action, EmailAction) else action.endpoint_ids
            channel = (
                NotifyChannel.EMAIL if isinstance(action, EmailAction) else (NotifyChannel.WEBHOOK)
            )
            try:
                self.ports.notify.send(alarm_notice(view, change, time_us, text), channel, ids)
                outcome = f"{change.value} queued for {'every target' if not ids else _list(ids)}"
            except Exception as error:
                outcome = f"failed: {error}"
            outcomes.append(f"{_name(action)}: {outcome}")
        return outcomes

    def _present(self, run: Run, camera_ids: tuple[int, ...]) -> tuple[list[int], str]:
        present = [c for c in camera_ids if c in run.cameras]
        gone = [c for c in camera_ids if c not in run.cameras]
        note = f" (camera {', '.join(map(str, gone))} deleted: skipped)" if gone else ""
        return present, note

    async def _one(self, run: Run, action: Action) -> str:
        signal, alarm = run.signal, run.alarm
        alarm_id = 0 if alarm is None else alarm.alarm.id
        match action:
            case RecordAction(camera_ids=ids):
                if self.ports.record is None:
                    return "unavailable (no event recording on this server)"
                cameras, note = self._present(run, ids)
                end = None if signal.state is True else signal.time_us
                for camera in cameras:
                    self.ports.record.keep(camera, signal.key, signal.time_us, end)
                return f"cameras {_list(cameras)} keep [start − pre, end + post]{note}"
            case SnapshotAction(camera_ids=ids):
                if self.ports.snapshot is None:
                    return "unavailable (no snapshots on this server)"
                cameras, note = self._present(run, ids)
                taken, failed = [], []
                for camera in cameras:
                    try:
                        taken.append(
                            f"{camera}→{await self.ports.snapshot(camera, signal.time_us)}"
                        )
                    except Exception as error:
                        failed.append(f"camera {camera}: {error}")
                done = f"snapshots {', '.join(taken) or 'none'}"
                return done + (f"; failed {'; '.join(failed)}" if failed else "") + note
            case OutputAction(point_id=point, mode=mode, seconds=seconds):
                if self.ports.outputs is None:
                    return "unavailable (no I/O on this server)"
                state = await self.ports.outputs.set_output(
                    point, OutputMode(mode), seconds, self.actor
                )
                return f"output {state.name or point} {'on' if state.on else 'off'}"
            case PtzPresetAction(camera_id=camera, preset=preset):
                if self.ports.ptz_preset is None:
                    return "unavailable (no PTZ on this server)"
                if camera not in run.cameras:
                    return f"camera {camera} deleted: skipped"
                await self.ports.ptz_preset(camera, preset, run.rule.id)
                return f"camera {camera} to preset {preset}"
            case BuzzerAction(duration_s=duration):
                duration = self.durations().buzzer_s if duration is None else duration
                priority = 0 if alarm is None else alarm.alarm.priority
                self.events.publish(
                    bus.buzzer(
                        True,
                        priority=priority,
                        duration_s=duration,
                        alarm_id=alarm_id,
                        actor=self.actor,
                    )
                )
                return f"buzzer for {duration:g} s"
            case VideoPopupAction(camera_id=camera, duration_s=duration):
                duration = self.durations().video_popup_s if duration is None else duration
                camera = signal.camera_id if camera is None else camera
                if camera is not None and camera not in run.cameras:
                    return f"camera {camera} deleted: skipped"
                self._popup("video", camera, signal.message, duration, alarm_id, run)
                return f"video popup of camera {camera}"
            case MessagePopupAction(text=text, duration_s=duration):
                duration = self.durations().message_popup_s if duration is None else duration
                self._popup("message", signal.camera_id, text, duration, alarm_id, run)
                return "message popup"
            case EmailAction(recipient_ids=ids) | WebhookAction(endpoint_ids=ids):
                if self.ports.notify is None:
                    return "unavailable (no notifications on this server)"
                channel = (
                    NotifyChannel.EMAIL
                    if isinstance(action, EmailAction)
                    else (NotifyChannel.WEBHOOK)
                )
                self.ports.notify.send(notice(run), channel, ids)
                return f"queued for {'every target' if not ids else _list(ids)}"

    def _popup(
        self,
        kind: str,
        camera_id: int | None,
        text: str,
        duration_s: float,
        alarm_id: int,
        run: Run,
    ) -> None:
        facts = {
            "kind": kind,
            "camera_id": camera_id,
            "text": text,
            "duration_s": duration_s,
            "alarm_id": alarm_id,
            "rule_id": run.rule.id,
        }
        self.events.publish(ServerEvent(bus.ALARM_POPUP, facts))


def notice(run: Run) -> AlarmNotice:
    """What an e-mail or webhook says of this run."""
    signal, view = run.signal, run.alarm
    snapshots = tuple(
        c
        for a in run.rule.definition.actions
        if isinstance(a, SnapshotAction)
        for c in a.camera_ids
    )
    if view is None:
        spec = run.rule.definition.alarm
        return AlarmNotice(
            change=NoticeChange.RAISED,
            rule_id=run.rule.id,
            rule_name=run.rule.name,
            title=signal.message or run.rule.name,
            priority=2 if spec is None else spec.priority,
            category="" if spec is None else spec.category,
            time_us=signal.time_us,
            key=signal.key,
            camera_id=signal.camera_id,
            count=1 + run.folded,
            first_us=signal.time_us,
            last_us=signal.time_us,
            text=signal.message,
            snapshot_camera_ids=snapshots,
        )
    change = NoticeChange.RAISED if view.alarm.count == 1 else NoticeChange.REPEATED
    text = view.instructions or signal.message
    return alarm_notice(view, change, signal.time_us, text, snapshots)


def alarm_notice(
    view: AlarmView,
    change: NoticeChange,
    time_us: int,
    text: str,
    snapshot_camera_ids: tuple[int, ...] = (),
) -> AlarmNotice:
    """What an e-mail or webhook says of an alarm (raised, repeated, escalated, closed)."""
    alarm = view.alarm
    return AlarmNotice(
        change=change,
        rule_id=alarm.rule_id,
        rule_name=view.rule_name,
        title=alarm.title,
        priority=alarm.priority,
        category=alarm.category,
        time_us=time_us,
        alarm_id=alarm.id,
        key=alarm.key,
        camera_id=view.camera_id,
        count=alarm.count,
        first_us=alarm.first_us,
        last_us=alarm.last_us,
        state=alarm.state.value,
        text=text,
        snapshot_camera_ids=snapshot_camera_ids,
    )


def _name(action: Action) -> str:
    return type(action).__name__.removesuffix("Action").lower()


def _list(ids: Collection[int]) -> str:
    return ", ".join(map(str, ids)) or "none"
