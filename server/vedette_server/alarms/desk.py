"""``AlarmDesk``: the alarms as the API sees them (the in-process surface the gRPC
layer calls). Every catalog write runs on the catalog thread; every change is
published on the event bus as ``alarm.changed`` (``alarms/bus.py``) after it is
written, so consoles learn of it from the live feed. The reads (list, get, open
alarms, statistics, rules) run on the catalog reader when one is given
(``catalog_reader.py``: beside the writer, not queued behind the engine's folds);
they see every committed write, so a caller's own write, returned before its read,
is always seen.

``visible`` is what the caller may see: a callable given an alarm's camera (None for
a server-wide alarm) that says yes or no, built by the API from the caller's rights.
An alarm the caller may not see is reported as not found, never as forbidden (its
existence is not told).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping

from vedette_api.timestamps import now_us
from vedette_server.alarms import bus
from vedette_server.alarms.actions import Durations
from vedette_server.alarms.engine import AlarmEngine
from vedette_server.alarms.model import Activity
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.rules import Rule, RuleDraft
from vedette_server.alarms.states import Operation
from vedette_server.alarms.stats import AlarmStats
from vedette_server.alarms.store import (
    AckAllResult,
    AlarmFilter,
    AlarmStore,
    AlarmView,
    Visible,
    everyone,
)
from vedette_server.catalog_reader import CatalogReader
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, NotFound
from vedette_server.events import EventBus


class AlarmDesk:
    def __init__(
        self,
        thread: CatalogThread,
        store: AlarmStore,
        events: EventBus,
        rules: RuleBook,
        *,
        engine: AlarmEngine | None = None,
        clock: Callable[[], int] = now_us,
        durations: Callable[[], Durations] = Durations,
        reader: CatalogReader | None = None,
    ) -> None:
        self._durations = durations
        self._thread = thread
        self._read = thread.call if reader is None else reader.call
        self._store = store
        self._rules = rules
        self._engine = engine
        self._events = events
        self._clock = clock

    # -- alarms ---------------------------------------------------------------------

    async def list(
        self,
        alarm_filter: AlarmFilter,
        visible: Visible = everyone,
        limit: int = 100,
        after_id: int | None = None,
    ) -> list[AlarmView]:
        """Matching alarms, newest first; the next page: ``after_id`` = the last id."""
        return await self._read(
            self._store.search, alarm_filter, visible=visible, limit=limit, after_id=after_id
        )

    async def get(
        self, alarm_id: int, visible: Visible = everyone
    ) -> tuple[AlarmView, builtins.list[Activity]]:
        """The alarm and its activities, oldest first."""
        view, activities = await self._read(self._store.get, alarm_id)
        if not visible(view.camera_id):
            raise NotFound("alarm", alarm_id)
        return view, activities

    async def apply(
        self,
        alarm_id: int,
        operation: Operation,
        actor: str,
        expected_version: int,
        visible: Visible = everyone,
    ) -> tuple[AlarmView, Activity]:
        """An operator's operation (``states``), checked against ``expected_version``:
        raises ``VersionConflict``, ``IllegalTransition``, ``ResolutionRequired``,
        ``KeyAlreadyOpen`` (a reopen), ``InvalidArgument``, ``NotFound``."""

        def apply() -> tuple[AlarmView, Activity]:
            if not visible(self._store.get_view(alarm_id).camera_id):
                raise NotFound("alarm", alarm_id)
            return self._store.apply(
                alarm_id,
                operation,
                actor=actor,
                now_us=self._clock(),
                expected_version=expected_version,
            )

        view, activity = await self._thread.call(apply)
        self._events.publish(bus.alarm_changed(view, activity, fresh=False))
        return view, activity

    async def acknowledge_all(
        self,
        alarm_filter: AlarmFilter,
        actor: str,
        visible: Visible = everyone,
        seen_versions: Mapping[int, int] | None = None,
    ) -> AckAllResult:
        """Acknowledge the New alarms matching the filter in one transaction; those
        changed since the caller saw them (``seen_versions``) are skipped and reported."""
        result = await self._thread.call(
            lambda: self._store.acknowledge_all(
                alarm_filter,
                actor=actor,
                now_us=self._clock(),
                visible=visible,
                seen_versions=seen_versions,
            )
        )
        for view, activity in result.acknowledged:
            self._events.publish(bus.alarm_changed(view, activity, fresh=False))
        return result

    async def statistics(self, since_us: int, until_us: int) -> AlarmStats:
        """Statistics of the alarms first triggered in [since_us, until_us)."""
        return await self._read(self._store.statistics, since_us, until_us)

    async def open_alarms(self, visible: Visible = everyone) -> builtins.list[AlarmView]:
        """Every open alarm the caller may see, newest first (the feed's snapshot)."""
        return await self._read(self._store.open_alarms, visible)

    async def trigger_manual(
        self, name: str, camera_id: int | None, priority: int, text: str, actor: str
    ) -> AlarmView:
        """A manual alarm named ``name`` (on a camera or server-wide), also logged as
        a manual event, through the rules matching manual events (the built-in
        "Manual alarm" rule raises it); returns that alarm. ``InvalidArgument`` for a
        bad name, text or priority, ``FailedPrecondition`` when no enabled rule
        raises manual alarms."""
        if self._engine is None:
            raise FailedPrecondition("the alarm engine is not running")
        return await self._engine.trigger_manual(name, camera_id, priority, text, actor)

    def silence_buzzer(self, actor: str) -> None:
        """Stop the buzzer everywhere (ALARM-09's "clear buzzer")."""
        self._events.publish(bus.buzzer(False, priority=0, duration_s=0, alarm_id=0, actor=actor))

    def test_buzzer(self, actor: str) -> float:
        """Sound the buzzer on every console for the configured duration (ALARM-07's
        test; no alarm); returns the duration."""
        seconds = self._durations().buzzer_s
        self._events.publish(
            bus.buzzer(True, priority=0, duration_s=seconds, alarm_id=0, actor=actor)
        )
        return seconds

    # -- rules --------------------------------------------------------------------------

    async def list_rules(self) -> builtins.list[Rule]:
        """Every rule, built-in ones first, then by name."""
        return await self._read(self._rules.list)

    async def get_rule(self, rule_id: int = 0, name: str = "") -> Rule:
        """By id when non-zero, else by name; ``NotFound`` otherwise."""
        return await self._read(self._rules.get, rule_id, name)

    async def put_rule(self, rule: RuleDraft, expected_version: int = 0) -> tuple[Rule, bool]:
        """Create or replace (by id when non-zero, else by name); returns the stored
        rule and whether it is new. ``InvalidArgument`` naming the field (a bad
        definition, a camera/input/schedule that does not exist), ``RuleVersionConflict``
        when ``expected_version`` (0: no check) is stale, ``FailedPrecondition`` for a
        name another rule has. The engine uses it for the next events."""
        return await self._thread.call(self._rules.put, rule, expected_version)

    async def delete_rule(self, rule_id: int = 0, name: str = "") -> None:
        """``FailedPrecondition`` for a built-in rule (disable it instead); its alarms
        stay, with the rule's name."""
        await self._thread.call(self._rules.delete, rule_id, name)
