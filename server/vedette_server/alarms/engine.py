"""The alarm engine (issue 15 §1-§2): events in, alarms and actions out.

It subscribes to the event bus; each server event becomes a ``Signal``
(``sources.py``: one model with start/stop and a dedup key), then, on the catalog
thread, in one step: its event row is written or updated (``event_rows.py``) and the
rules are evaluated — enabled ∧ armed by their schedule ∧ type/subtype ∧ source ∧
condition — with "at most once per ``interval_s`` per source" (the runs skipped are counted into
the next); a rule's alarm is raised or folded (``store.py``: one open alarm per rule
and key, the storm breaker), and a stop closes the open alarms of its key whose rule
says so (resolution auto). Back on the event loop it publishes ``event.logged`` and
``alarm.changed`` and runs the rules' actions (``actions.py``) in tasks, whose
outcomes go into the alarm's history. Events that queued up while the engine worked
are handled together, in one transaction (a burst costs one commit).

Invariants:
- never blocks the event loop (catalog work on the catalog thread, actions in tasks)
  and survives any bad event: logged, and the next one is handled;
- a camera offline is not news in the first ``startup_grace_s`` after start (the
  camera state log has already waited ``offline_after_s`` on end): it is held, and
  raised when the grace ends only if the camera is still offline then, so a restart
  is not an alarm storm;
- escalation: an alarm still New ``escalate_after_s`` after its first trigger is
  escalated once (priority raised, an activity); checked each ``tick_s``;
- retention of closed alarms runs every ``retention_every_s``;
- a rule's detection duration (``condition.min_duration_s``): a stateful analytics,
  sensor or motion start is held per (rule, key) with its deadline (catalog-thread
  state) and a timer on the loop; its stop drops it and cancels the timer, so an
  event that stops sooner fires nothing; at the deadline (the timer, else the next
  tick) the rule runs as it would have at the start (the alarm's first trigger is the
  event's start); the event's repeats while it lasts fold as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection, Coroutine
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_api.timestamps import now_us
from vedette_server.alarms import bus, states
from vedette_server.alarms.actions import ActionRunner, Run
from vedette_server.alarms.event_rows import EventRows, LoggedEvent
from vedette_server.alarms.folding import FoldPolicy, Trigger
from vedette_server.alarms.model import SYSTEM_ACTOR, Activity, ActivityKind, AlarmError
from vedette_server.alarms.ports import NoticeChange
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.rules import MAX_INTERVAL_S, RecordAction, Rule
from vedette_server.alarms.sources import (
    VOLUME_AVAILABLE,
    VOLUME_PROBLEMS,
    BadEvent,
    Signal,
    disk_kind,
    exception_signal,
    signal_of,
)
from vedette_server.alarms.store import AlarmStore, AlarmView, RaiseContext, Raised
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.events import EventBus, ServerEvent
from vedette_server.search.events import EventType

log = logging.getLogger(__name__)

US_PER_S: Final = 1_000_000
MAX_TITLE_CHARS: Final = 256
MAX_ACTION_TASKS: Final = 256
#: Bus events handled in one catalog step when they queue up.
MAX_BATCH: Final = 128
#: (rule, key) pairs whose last run the interval aggregation remembers.
MAX_INTERVAL_SLOTS: Final = 10_000
#: When to look again for an event row its source had not written yet.
ROW_RETRY_S: Final = 0.5
DISK_KINDS: Final = ("disk_full", "disk_error", "disk_removed")
#: The event types whose rules may wait for the event to last (ALARM-03).
LASTING_TYPES: Final = frozenset({EventType.ANALYTICS, EventType.SENSOR, EventType.MOTION})
#: How much later than its deadline a pending rule's timer fires (the loop's clock is
#: not the engine's: a timer never finds its deadline not yet reached).
TIMER_SLACK_S: Final = 0.05

#: (schedule id, instant µs) → whether the schedule covers it (blocking, catalog).
Armed = Callable[[int, int], bool]
#: The ids of the cameras that exist now (blocking, catalog).
CameraIds = Callable[[], Collection[int]]
#: Every volume's (id, state, error) now (blocking, catalog).
VolumeStates = Callable[[], list[tuple[int, str, str | None]]]


@dataclass(frozen=True)
class EngineTimings:
    startup_grace_s: float = 60.0
    tick_s: float = 1.0
    retention_every_s: float = 3600.0


@dataclass(frozen=True)
class Override:
    """What a manual trigger sets instead of the built-in manual rule's alarm (other
    rules matching manual events raise theirs as configured)."""

    priority: int
    title: str


@dataclass
class _RunPlan:
    run: Run
    raised: Raised | None
    actions_due: bool


@dataclass
class Step:
    """What one signal did (the catalog step's result)."""

    signal: Signal
    logged: LoggedEvent | None = None
    closed: list[tuple[AlarmView, Activity]] = field(default_factory=list)
    runs: list[_RunPlan] = field(default_factory=list)
    #: (rule id, deadline µs) of the rules waiting for this start to last.
    pending: list[tuple[int, int]] = field(default_factory=list)


class AlarmEngine:
    def __init__(
        self,
        thread: CatalogThread,
        store: AlarmStore,
        rules: RuleBook,
        rows: EventRows,
        events: EventBus,
        runner: ActionRunner,
        *,
        armed: Armed,
        camera_ids: CameraIds,
        volume_states: VolumeStates,
        clock: Callable[[], int] = now_us,
        timings: EngineTimings | None = None,
    ) -> None:
        self._thread = thread
        self._store = store
        self._rules = rules
        self._rows = rows
        self._events = events
        self._runner = runner
        self._armed = armed
        self._camera_ids = camera_ids
        self._volume_states = volume_states
        self._clock = clock
        self.timings = timings or EngineTimings()
        self.started_us = clock()
        # Catalog-thread state: the rules as loaded, per (rule, key) the last run and
        # the runs skipped since, the (rule, camera) already said deleted.
        self._loaded: tuple[int, list[Rule]] = (-1, [])
        self._last_run: dict[tuple[int, str], tuple[int, int]] = {}
        self._warned: set[tuple[int, int]] = set()
        # Per (rule, key): the starts waiting to last (deadline, signal), and those
        # that lasted, until their stop.
        self._pending: dict[tuple[int, str], tuple[int, Signal]] = {}
        self._lasted: set[tuple[int, str]] = set()
        # Event-loop state.
        self._held: dict[str, Signal] = {}
        self._timers: dict[tuple[int, str], asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._reader: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._last_retention_us = 0
        self.bad_events = 0

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        seeded = await self._thread.call(self._rules.seed)
        if seeded:
            log.info("alarm rules: seeded the built-in %s", ", ".join(seeded))
        self.started_us = self._clock()
        subscribed = asyncio.Event()
        self._reader = asyncio.create_task(self._read(subscribed), name="alarm engine")
        await subscribed.wait()
        self._ticker = asyncio.create_task(self._tick_forever(), name="alarm engine ticks")

    async def aclose(self) -> None:
        for task in (self._reader, self._ticker):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._reader = self._ticker = None
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=5)

    async def _read(self, subscribed: asyncio.Event) -> None:
        async with self._events.subscribe() as queue:
            subscribed.set()
            while True:
                batch = [await queue.get()]
                while len(batch) < MAX_BATCH and not queue.empty():
                    batch.append(queue.get_nowait())
                if queue.lost:
                    log.warning("alarm engine: %d events lost (the bus was too fast)", queue.lost)
                    queue.lost = 0
                await self.handle_all(batch)

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(self.timings.tick_s)
            try:
                await self.tick()
            except Exception:
                log.exception("alarm engine: periodic check failed")

    # -- events ---------------------------------------------------------------------------

    async def handle(self, event: ServerEvent) -> list[Step]:
        """Everything one bus event leads to; never raises (a bad event is logged)."""
        return await self.handle_all([event])

    async def handle_all(self, events: list[ServerEvent]) -> list[Step]:
        """Everything bus events lead to, in order; their catalog work in one step (a
        burst costs one commit, not one per event). Never raises: a bad event is
        logged and skipped."""
        steps: list[Step] = []
        signals: list[Signal] = []
        for event in events:
            try:
                if event.kind in (*VOLUME_PROBLEMS, VOLUME_AVAILABLE):
                    # It reads the volumes now: what came before is handled first.
                    steps += await self._process(signals)
                    signals = []
                    signals = await self._thread.call(self._volume_signals, event)
                    continue
                signal = signal_of(event)
            except (BadEvent, InvalidArgument) as error:
                self.bad_events += 1
                log.warning("alarm engine: ignored a bad %s event: %s", event.kind, error)
                continue
            except Exception:
                self.bad_events += 1
                log.exception("alarm engine: could not read a %s event", event.kind)
                continue
            if signal is not None:
                signals.append(signal)
        steps += await self._process(signals)
        return steps

    async def _process(self, signals: list[Signal], override: Override | None = None) -> list[Step]:
        kept = [signal for signal in signals if self._past_grace(signal)]
        if not kept:
            return []
        try:
            steps = await self._thread.call(self._decide_all, kept, override)
        except Exception:
            log.exception("alarm engine: could not handle %d events", len(kept))
            return []
        for step in steps:
            self._tell(step)
        return steps

    def _past_grace(self, signal: Signal) -> bool:
        """Hold a camera offline in the start-up grace; drop it if it comes back."""
        if signal.subtype != "camera_offline" or signal.type is not EventType.EXCEPTION:
            return True
        grace_ends = self.started_us + int(self.timings.startup_grace_s * US_PER_S)
        if signal.state is True and self._clock() < grace_ends:
            log.info("alarm engine: %s held until the start-up grace ends", signal.key)
            self._held[signal.key] = signal
            return False
        # Back within the grace: no news.
        return not (signal.state is False and self._held.pop(signal.key, None) is not None)

    async def tick(self) -> None:
        """Held signals past the grace, escalations, retention."""
        now = self._clock()
        grace_ends = self.started_us + int(self.timings.startup_grace_s * US_PER_S)
        if self._held and now >= grace_ends:
            held, self._held = list(self._held.values()), {}
            await self._process(held)
        if self._pending:  # a glance from the loop; the catalog thread decides
            await self.fire_lasted()
        for view in await self._thread.call(self._store.due_escalations, now):
            await self._escalate(view, now)
        if now - self._last_retention_us >= self.timings.retention_every_s * US_PER_S:
            self._last_retention_us = now
            await self._thread.call(self._store.remove_old, now)

    async def _escalate(self, view: AlarmView, now: int) -> None:
        after_s = int(view.detail.get("escalate_after_s", 0))
        try:
            escalated, activity = await self._thread.call(
                lambda: self._store.apply(
                    view.alarm.id,
                    states.Escalate(after_s),
                    actor=SYSTEM_ACTOR,
                    now_us=now,
                    expected_version=view.alarm.version,
                )
            )
        except AlarmError as error:  # someone reacted meanwhile
            log.debug("alarm %d not escalated: %s", view.alarm.id, error)
            return
        log.info("alarm %d escalated: nobody reacted within %d s", view.alarm.id, after_s)
        self._events.publish(bus.alarm_changed(escalated, activity, fresh=False))
        self._track(self._notify(escalated, NoticeChange.ESCALATED, activity))

    async def trigger_manual(
        self, name: str, camera_id: int | None, priority: int, text: str, actor: str
    ) -> AlarmView:
        """A manual alarm (and its event row, type manual) through the rules that
        match manual events; returns the alarm the built-in manual rule raised."""
        states.check_text("name", name, max_chars=64, required=True)
        states.check_text("text", text, max_chars=1000, required=False)
        states.check_priority("priority", priority)
        if camera_id is not None and camera_id not in await self._thread.call(self._camera_ids):
            raise NotFound("camera", camera_id)
        where = "server" if camera_id is None else str(camera_id)
        signal = Signal(
            EventType.MANUAL,
            name,
            f"manual:{where}:{name}",
            self._clock(),
            None,
            camera_id=camera_id,
            source=actor,
            message=text or name,
        )
        steps = await self._process([signal], Override(priority, name))
        if not steps:
            raise FailedPrecondition("the manual alarm could not be raised (see the server log)")
        step = steps[0]
        for plan in step.runs:
            if plan.raised is not None and plan.run.rule.builtin == "manual":
                return plan.raised.view
        for plan in step.runs:
            if plan.raised is not None:
                return plan.raised.view
        raise FailedPrecondition("no enabled rule raises manual alarms (see the rules)")

    # -- the catalog step ---------------------------------------------------------------

    def _rules_now(self) -> list[Rule]:
        revision, rules = self._loaded
        if revision != self._rules.revision:
            revision = self._rules.revision
            rules = [rule for rule in self._rules.list() if rule.enabled]
            self._loaded = (revision, rules)
        return rules

    def _volume_signals(self, event: ServerEvent) -> list[Signal]:
        """Catalog thread: the disk exceptions a volume change starts and stops."""
        volume = event.facts.get("volume_id")
        if not isinstance(volume, int):
            raise BadEvent(f"volume_id is {volume!r}")
        t = event.time_us
        volumes = self._volume_states()
        by_id = {v: (state, error) for v, state, error in volumes}
        state, error = by_id.get(volume, (str(event.facts.get("state", "")), None))
        path = str(event.facts.get("path", ""))
        now_kind = disk_kind(state, error) if state in ("unavailable", "full", "foreign") else ""
        signals = []
        for kind in DISK_KINDS:
            problem = kind == now_kind
            why = f": {error}" if problem and error else ""
            what = f"volume {volume} ({path}) {kind.replace('_', ' ')}{why}"
            message = what if problem else f"volume {volume} ({path}) is {state.replace('_', ' ')}"
            signals.append(
                exception_signal(kind, str(volume), problem, t, message, volume_id=volume)
            )
        usable = any(s == "read_write" for _, s, _ in volumes)
        message = "no volume to record to" if not usable else "a volume is writable again"
        signals.append(exception_signal("no_disk", "server", not usable, t, message))
        return signals

    def _decide_all(self, signals: list[Signal], override: Override | None) -> list[Step]:
        """Catalog thread: the event row, auto-close, rules and alarms of each signal,
        all in one transaction (one commit, one fsync); a signal that fails is logged
        and undone alone (its savepoint), the others stand."""
        steps = []
        with self._rows.catalog.atomic():
            for signal in signals:
                try:
                    with self._rows.catalog.atomic():
                        steps.append(self._decide_in_transaction(signal, override))
                except Exception:
                    self.bad_events += 1
                    log.exception("alarm engine: could not handle %s", signal.key)
        return steps

    def _decide_in_transaction(self, signal: Signal, override: Override | None) -> Step:
        step = Step(signal, logged=self._rows.record(signal))
        if signal.state is False:
            step.closed = self._auto_close(signal)
            self._forget_lasting(signal.key)
        if signal.state is False or not signal.armed:
            return step
        stateful_again = signal.state is True and step.logged is not None and step.logged.repeat
        if stateful_again and signal.type is EventType.EXCEPTION:
            return step  # an exception said again while it lasts: nothing new
        cameras = frozenset(self._camera_ids())
        for rule in self._rules_now():
            if not self._matches(rule, signal):
                continue
            self._warn_deleted(rule, cameras)
            if self._must_last(rule, signal, step):
                continue
            step.runs.append(self._run(rule, signal, cameras, override))
        return step

    # -- detection duration (catalog thread) ---------------------------------------------

    def _must_last(self, rule: Rule, signal: Signal, step: Step) -> bool:
        """Whether the rule waits for this start to last (held or already waiting)."""
        seconds = rule.definition.condition.min_duration_s
        if not seconds or signal.state is not True or signal.type not in LASTING_TYPES:
            return False
        slot = (rule.id, signal.key)
        if slot in self._lasted:
            return False  # it lasted: its repeats fold as usual
        if slot not in self._pending:
            if len(self._pending) >= MAX_INTERVAL_SLOTS:
                log.warning(
                    "rule %r: too many events waiting to last, %s fires now", rule.name, signal.key
                )
                return False
            deadline = signal.time_us + seconds * US_PER_S
            self._pending[slot] = (deadline, signal)
            step.pending.append((rule.id, deadline))
        return True

    def _forget_lasting(self, key: str) -> None:
        for slot in [s for s in self._pending if s[1] == key]:
            del self._pending[slot]
        self._lasted = {s for s in self._lasted if s[1] != key}

    def _decide_lasted(self, now: int) -> list[Step]:
        """Catalog thread: the rules whose events lasted until ``now``, run."""
        due = [(slot, signal) for slot, (t, signal) in self._pending.items() if t <= now]
        if not due:
            return []
        steps = []
        rules = {rule.id: rule for rule in self._rules_now()}
        cameras = frozenset(self._camera_ids())
        with self._rows.catalog.atomic():
            for slot, signal in due:
                del self._pending[slot]
                rule = rules.get(slot[0])
                if rule is None:  # deleted or disabled meanwhile
                    continue
                if len(self._lasted) >= MAX_INTERVAL_SLOTS:
                    self._lasted.clear()  # keys never stopped: forgetting refires at worst
                self._lasted.add(slot)
                try:
                    with self._rows.catalog.atomic():
                        steps.append(Step(signal, runs=[self._run(rule, signal, cameras, None)]))
                except Exception:
                    self.bad_events += 1
                    log.exception(
                        "alarm engine: could not run rule %r for %s", rule.name, signal.key
                    )
        return steps

    async def fire_lasted(self) -> list[Step]:
        """Run the rules whose events have lasted their detection duration by now."""
        try:
            steps = await self._thread.call(self._decide_lasted, self._clock())
        except Exception:
            log.exception("alarm engine: could not run the rules of lasting events")
            return []
        for step in steps:
            self._tell_runs(step.runs)
        return steps

    def _arm_timers(self, step: Step) -> None:
        key = step.signal.key
        if step.signal.state is False:
            for slot in [s for s in self._timers if s[1] == key]:
                self._timers.pop(slot).cancel()
            return
        loop = asyncio.get_running_loop()
        for rule_id, deadline in step.pending:
            slot = (rule_id, key)
            delay_s = max(0.0, (deadline - self._clock()) / US_PER_S) + TIMER_SLACK_S
            if slot in self._timers:
                self._timers.pop(slot).cancel()
            self._timers[slot] = loop.call_later(delay_s, self._timer_fired, slot)

    def _timer_fired(self, slot: tuple[int, str]) -> None:
        self._timers.pop(slot, None)
        self._track(self._fire_lasted_quietly())

    async def _fire_lasted_quietly(self) -> None:
        await self.fire_lasted()

    def _matches(self, rule: Rule, signal: Signal) -> bool:
        definition = rule.definition
        if not definition.matches(signal.type, signal.subtype):
            return False
        if not definition.covers_source(signal.camera_id, signal.input_id):
            return False
        if not definition.condition.holds(signal.detail):
            return False
        schedule = rule.arming_schedule_id
        return schedule is None or self._armed(schedule, signal.time_us)

    def _warn_deleted(self, rule: Rule, cameras: frozenset[int]) -> None:
        for camera in sorted(rule.definition.camera_ids() - cameras):
            if (rule.id, camera) not in self._warned:
                self._warned.add((rule.id, camera))
                log.warning("rule %r names camera %d, deleted: skipped", rule.name, camera)

    def _run(
        self, rule: Rule, signal: Signal, cameras: frozenset[int], override: Override | None
    ) -> _RunPlan:
        slot = (rule.id, signal.key)
        if slot not in self._last_run and len(self._last_run) >= MAX_INTERVAL_SLOTS:
            self._forget_old_runs(signal.time_us)
        last_us, skipped = self._last_run.get(slot, (None, 0))
        interval_us = rule.definition.interval_s * US_PER_S
        due = last_us is None or interval_us == 0 or signal.time_us - last_us >= interval_us
        if due:
            self._last_run[slot] = (signal.time_us, 0)
        else:
            assert last_us is not None
            self._last_run[slot] = (last_us, skipped + 1)
        raised = self._raise(rule, signal, override)
        run = Run(rule, signal, None if raised is None else raised.view, skipped, cameras)
        return _RunPlan(run, raised, due)

    def _forget_old_runs(self, now: int) -> None:
        """Keys seen more than the longest interval ago cannot be inside one any more
        (the keys come from outside, e.g. illegal access names: bounded)."""
        horizon = now - MAX_INTERVAL_S * US_PER_S
        self._last_run = {k: v for k, v in self._last_run.items() if v[0] >= horizon}
        while len(self._last_run) >= MAX_INTERVAL_SLOTS:  # still full: the oldest go
            del self._last_run[min(self._last_run, key=lambda k: self._last_run[k][0])]

    def _raise(self, rule: Rule, signal: Signal, override: Override | None) -> Raised | None:
        spec = rule.definition.alarm
        if spec is None:
            return None
        if rule.builtin != "manual":
            override = None  # the caller's priority and title are the manual alarm's
        title = override.title if override is not None else f"{rule.name}: {signal.message}"
        trigger = Trigger(
            rule.id,
            signal.key,
            signal.time_us,
            title[:MAX_TITLE_CHARS],
            override.priority if override is not None else spec.priority,
            spec.category,
            auto_close=spec.auto_close and signal.state is True,
        )
        detail = {
            "escalate_after_s": spec.escalate_after_s,
            "type": signal.type.value,
            "subtype": signal.subtype,
        }
        context = RaiseContext(
            rule.name, signal.camera_id, spec.instructions, spec.related_cameras, detail
        )
        return self._store.raise_alarm(
            trigger, FoldPolicy(merge_window_s=spec.merge_window_s), context
        )

    def _auto_close(self, signal: Signal) -> list[tuple[AlarmView, Activity]]:
        closed = []
        for view in self._store.open_with_key(signal.key):
            if not view.alarm.auto_close:
                continue
            closed.append(
                self._store.apply(
                    view.alarm.id,
                    states.AutoClose(f"cause cleared: {signal.message}"[:4000]),
                    actor=SYSTEM_ACTOR,
                    now_us=max(signal.time_us, view.alarm.last_us),
                    expected_version=view.alarm.version,
                )
            )
        return closed

    # -- telling and acting (event loop) -----------------------------------------------------

    def _tell(self, step: Step) -> None:
        if step.logged is not None:
            self._events.publish(ServerEvent(bus.EVENT_LOGGED, step.logged.facts()))
        elif step.signal.row_by_source:
            self._track(self._find_row_later(step.signal))
        if step.signal.state is False and self._runner.ports.record is not None:
            self._runner.ports.record.end(step.signal.key, step.signal.time_us)
        for view, activity in step.closed:
            log.info("alarm %d closed: %s", view.alarm.id, activity.text)
            self._events.publish(bus.alarm_changed(view, activity, fresh=False))
            self._track(self._notify(view, NoticeChange.CLOSED, activity))
        self._arm_timers(step)
        self._tell_runs(step.runs)

    def _tell_runs(self, runs: list[_RunPlan]) -> None:
        for plan in runs:
            raised = plan.raised
            if raised is not None:
                fresh = raised.fresh or raised.folded.notify
                if raised.fresh:
                    log.info("alarm %d raised: %s", raised.view.alarm.id, raised.view.alarm.title)
                self._events.publish(
                    bus.alarm_changed(raised.view, raised.folded.activity, fresh=fresh)
                )
            actions = plan.run.rule.definition.actions
            if not plan.actions_due:  # recording is never rate-limited: it extends windows
                actions = tuple(a for a in actions if isinstance(a, RecordAction))
            if actions:
                self._spawn(plan.run, actions)

    async def _notify(self, view: AlarmView, change: NoticeChange, activity: Activity) -> None:
        """The rule's e-mail and webhook targets learn of an escalation or a close."""
        try:
            rules = await self._thread.call(self._rules_now)
            rule = next((r for r in rules if r.id == view.alarm.rule_id), None)
            if rule is None:
                return
            text = activity.text or view.instructions
            lines = self._runner.notify_change(rule, view, change, activity.time_us, text)
            if lines:
                alarm_id, now = view.alarm.id, self._clock()
                await self._thread.call(
                    lambda: [
                        self._store.note(alarm_id, ActivityKind.ACTION, line, now_us=now)
                        for line in lines
                    ]
                )
        except Exception:
            log.exception("alarm %d: could not notify its %s", view.alarm.id, change.value)

    async def _find_row_later(self, signal: Signal) -> None:
        """The source (motion, ONVIF) writes its row on the catalog thread too, maybe
        after the engine looked: look again a little later, once."""
        await asyncio.sleep(ROW_RETRY_S)
        try:
            logged = await self._thread.call(self._rows.record, signal)
        except Exception:
            log.exception("alarm engine: could not find the event row of %s", signal.key)
            return
        if logged is not None:
            self._events.publish(ServerEvent(bus.EVENT_LOGGED, logged.facts()))

    def _spawn(self, run: Run, actions: tuple[object, ...]) -> None:
        if len(self._tasks) >= MAX_ACTION_TASKS:
            log.warning(
                "rule %r: actions dropped, %d runs pending", run.rule.name, len(self._tasks)
            )
            return
        self._track(self._act(run, actions))

    def _track(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _act(self, run: Run, actions: tuple[object, ...]) -> None:
        try:
            outcomes = await self._runner.run(run, actions)  # type: ignore[arg-type]
            if run.alarm is None:
                for line in outcomes:
                    log.info("rule %r: %s", run.rule.name, line)
                return
            alarm_id, now = run.alarm.alarm.id, self._clock()
            folded = f" (+{run.folded} folded)" if run.folded else ""
            await self._thread.call(
                lambda: [
                    self._store.note(alarm_id, ActivityKind.ACTION, line + folded, now_us=now)
                    for line in outcomes
                ]
            )
        except Exception:
            log.exception("rule %r: could not run its actions", run.rule.name)
