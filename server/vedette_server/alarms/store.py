"""The alarms in the catalog: raising and folding, operator operations, listing,
statistics and retention. Blocking: every method runs on the catalog thread.

Invariants:

- **one open alarm per (rule, key)**: ``raise_alarm`` folds with ``folding.fold`` over
  an in-memory index of the open alarms (loaded from the catalog on first use, kept in
  step with every write made here); the partial unique index ``alarm_open_key`` is the
  last guard (a conflict reloads the index and is refused, never a second alarm);
- a fold's view is not read back: what an alarm's row keeps beside the alarm (rule
  name, camera, instructions, related cameras, detail) is written once, when it
  opens, and a fold writes exactly the fields it changes (count, first/last, title),
  so the view after a fold is the view kept from the alarm's opening (or first read)
  with the folded alarm. The server has one store per catalog (every write to
  ``alarm`` goes through it);
- **optimistic versions**: ``apply`` runs ``states.apply`` on the alarm as stored and
  writes only if the row still has the version it read, in one transaction with the
  operation's activity; a stale version is ``VersionConflict`` naming the current one;
- **acknowledge-all** runs over a filter in one transaction; an alarm whose version is
  not the one the caller saw (``seen_versions``), or that is no longer New, is skipped
  and reported;
- repeats folding in change ``count``/``first_us``/``last_us`` only (not the version);
  a ``merged`` activity is written for a repeat that notifies again (after a silence
  longer than the merge window), not for each quiet repeat, so a busy source cannot
  grow the history without bound;
- **retention**: closed alarms whose close is older than ``RETENTION_DAYS`` go with
  their activities; open alarms stay until closed.
"""

from __future__ import annotations

import functools
import json
import logging
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from peewee import IntegrityError, fn

from vedette_server.alarms import states
from vedette_server.alarms.folding import AlarmIndex, Folded, FoldKind, FoldPolicy, Trigger, fold
from vedette_server.alarms.model import (
    PRIORITIES,
    SYSTEM_ACTOR,
    Activity,
    ActivityKind,
    Alarm,
    AlarmState,
    Resolution,
)
from vedette_server.alarms.stats import AlarmStats, alarm_stats
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import DAY_US, AlarmActivityRow, AlarmRow
from vedette_server.errors import InvalidArgument, NotFound

log = logging.getLogger(__name__)

RETENTION_DAYS: Final = 90
MAX_PAGE: Final = 1000
MAX_RELATED_CAMERAS: Final = 16
MAX_FILTER_TEXT: Final = 256

#: Who may see an alarm: given its camera (None: a server-wide alarm).
Visible = Callable[[int | None], bool]


def everyone(camera_id: int | None) -> bool:
    """The visibility of the server itself (tests, the engine)."""
    return True


@dataclass(frozen=True)
class AlarmView:
    """An alarm with what the catalog keeps around it."""

    alarm: Alarm
    rule_name: str
    camera_id: int | None
    instructions: str = ""
    related_cameras: tuple[int, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def camera_ids(self) -> tuple[int, ...]:
        """The alarm's camera and its related cameras, each once (empty: server-wide)."""
        first = () if self.camera_id is None else (self.camera_id,)
        return tuple(dict.fromkeys((*first, *self.related_cameras)))


@dataclass(frozen=True)
class RaiseContext:
    """What a rule's "raise alarm" adds to the trigger, kept on the alarm's row."""

    rule_name: str
    camera_id: int | None = None
    instructions: str = ""
    related_cameras: tuple[int, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Raised:
    """What a trigger became (``folding.Folded``) with the alarm's view."""

    folded: Folded
    view: AlarmView

    @property
    def fresh(self) -> bool:
        return self.folded.kind in (FoldKind.OPENED, FoldKind.STORM_OPENED)


@dataclass(frozen=True)
class AlarmFilter:
    """Which alarms: every given criterion must hold (empty/None: any)."""

    states: frozenset[AlarmState] = frozenset()
    priorities: frozenset[int] = frozenset()
    camera_ids: frozenset[int] | None = None
    rule_ids: frozenset[int] = frozenset()
    since_us: int | None = None
    """Alarms whose last trigger is at or after this."""
    until_us: int | None = None
    """Alarms whose first trigger is before this."""
    text: str = ""
    """A case-insensitive part of the title, rule name, category or owner."""

    def check(self) -> None:
        for priority in self.priorities:
            if priority not in PRIORITIES:
                raise InvalidArgument("filter.priorities", f"{priority} is not 1, 2 or 3")
        if len(self.text) > MAX_FILTER_TEXT:
            raise InvalidArgument("filter.text", f"at most {MAX_FILTER_TEXT} characters")
        if (
            self.since_us is not None
            and self.until_us is not None
            and self.until_us < self.since_us
        ):
            raise InvalidArgument("filter.until_us", "is before since_us")


@dataclass(frozen=True)
class Skipped:
    alarm_id: int
    reason: str


@dataclass(frozen=True)
class AckAllResult:
    acknowledged: tuple[tuple[AlarmView, Activity], ...]
    skipped: tuple[Skipped, ...]


def _view(row: AlarmRow) -> AlarmView:
    alarm = Alarm(
        id=int(row.id),
        rule_id=int(row.rule_id),
        key=str(row.key),
        title=str(row.title),
        priority=int(row.priority),
        category=str(row.category),
        state=AlarmState(row.state),
        first_us=int(row.first_us),
        last_us=int(row.last_us),
        count=int(row.count),
        owner=row.owner,
        acknowledged_by=row.acknowledged_by,
        acknowledged_us=row.acknowledged_us,
        closed_by=row.closed_by,
        closed_us=row.closed_us,
        resolution=None if row.resolution is None else Resolution(row.resolution),
        auto_close=bool(row.auto_close),
        escalated=bool(row.escalated),
        storm=bool(row.storm),
        version=int(row.version),
    )
    return AlarmView(
        alarm,
        str(row.rule_name),
        None if row.camera_id is None else int(row.camera_id),
        str(row.instructions),
        tuple(int(c) for c in json.loads(row.related_cameras)),
        json.loads(row.detail),
    )


def _activity(row: AlarmActivityRow) -> Activity:
    return Activity(
        alarm_id=int(row.alarm_id),
        kind=ActivityKind(row.kind),
        actor=str(row.actor),
        time_us=int(row.time_us),
        state_before=None if row.state_before is None else AlarmState(row.state_before),
        state_after=AlarmState(row.state_after),
        version=int(row.version),
        before=str(row.before),
        after=str(row.after),
        text=str(row.text),
    )


def _alarm_fields(alarm: Alarm) -> dict[str, Any]:
    """The row's columns that the alarm value holds."""
    return {
        "rule_id": alarm.rule_id,
        "key": alarm.key,
        "title": alarm.title,
        "priority": alarm.priority,
        "category": alarm.category,
        "state": alarm.state.value,
        "owner": alarm.owner,
        "first_us": alarm.first_us,
        "last_us": alarm.last_us,
        "count": alarm.count,
        "acknowledged_by": alarm.acknowledged_by,
        "acknowledged_us": alarm.acknowledged_us,
        "closed_by": alarm.closed_by,
        "closed_us": alarm.closed_us,
        "resolution": None if alarm.resolution is None else alarm.resolution.value,
        "auto_close": alarm.auto_close,
        "escalated": alarm.escalated,
        "storm": alarm.storm,
        "version": alarm.version,
    }


class _StaleIndex(Exception):
    """The open alarms' index disagrees with the catalog."""


class AlarmStore:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._index: AlarmIndex | None = None
        #: The views of open alarms as last written or read here (``_view_after``).
        self._frames: dict[int, AlarmView] = {}

    @property
    def _db(self) -> Any:
        return self.catalog.database

    # -- the open alarms' index ------------------------------------------------------

    def _load_index(self) -> AlarmIndex:
        index = AlarmIndex()
        rows = AlarmRow.select().where(AlarmRow.state != AlarmState.CLOSED.value)
        for row in rows.execute(self._db):
            index = index.put(_view(row).alarm)
        return replace(index, next_id=self._next_id(index))

    def _next_id(self, index: AlarmIndex) -> int:
        top = AlarmRow.select(fn.MAX(AlarmRow.id)).scalar(self._db)
        return max(index.next_id, int(top or 0) + 1)

    def _current_index(self) -> AlarmIndex:
        if self._index is None:
            self._index = self._load_index()
        return replace(self._index, next_id=self._next_id(self._index))

    # -- raising ------------------------------------------------------------------------

    def raise_alarm(self, trigger: Trigger, policy: FoldPolicy, context: RaiseContext) -> Raised:
        """Open an alarm for ``trigger`` or fold it into the open one (``folding``).

        Should the index disagree with the catalog (a fold into an alarm closed
        meanwhile, an opening the partial unique index refuses), the index is
        reloaded and the trigger folded once more."""
        if len(context.related_cameras) > MAX_RELATED_CAMERAS:
            got = len(context.related_cameras)
            raise InvalidArgument("related_cameras", f"at most {MAX_RELATED_CAMERAS}, got {got}")
        try:
            return self._raise(trigger, policy, context)
        except _StaleIndex:
            log.warning("alarm index out of step with the catalog: reloaded")
            self._index = None
            return self._raise(trigger, policy, context)

    def _raise(self, trigger: Trigger, policy: FoldPolicy, context: RaiseContext) -> Raised:
        index, folded = fold(self._current_index(), trigger, policy)
        try:
            with self.catalog.atomic():
                if folded.kind in (FoldKind.OPENED, FoldKind.STORM_OPENED):
                    self._insert(folded.alarm, context)
                    self._append(folded.activity)
                else:
                    self._write_fold(folded)
        except IntegrityError as error:
            raise _StaleIndex from error
        self._index = index
        return Raised(folded, self._view_after(folded, index))

    def _view_after(self, folded: Folded, index: AlarmIndex) -> AlarmView:
        """The alarm's view as just written: read back after an opening, the kept
        view with the folded alarm after a fold. Views of alarms no longer open are
        dropped once they outnumber the open ones."""
        alarm = folded.alarm
        frame = self._frames.get(alarm.id)
        view = self.get_view(alarm.id) if frame is None else replace(frame, alarm=alarm)
        if len(self._frames) >= 2 * len(index.open_alarms) + 64:
            open_ids = {a.id for a in index.open_alarms.values()}
            self._frames = {i: v for i, v in self._frames.items() if i in open_ids}
        self._frames[alarm.id] = view
        return view

    def _insert(self, alarm: Alarm, context: RaiseContext) -> None:
        AlarmRow.insert(
            id=alarm.id,
            rule_name=context.rule_name,
            camera_id=context.camera_id,
            instructions=context.instructions,
            related_cameras=json.dumps(list(context.related_cameras)),
            detail=json.dumps(dict(context.detail), sort_keys=True),
            **_alarm_fields(alarm),
        ).execute(self._db)

    def _write_fold(self, folded: Folded) -> None:
        alarm = folded.alarm
        written = (
            AlarmRow.update(
                count=alarm.count, first_us=alarm.first_us, last_us=alarm.last_us, title=alarm.title
            )
            .where((AlarmRow.id == alarm.id) & (AlarmRow.state != AlarmState.CLOSED.value))
            .execute(self._db)
        )
        if written != 1:
            raise _StaleIndex
        if folded.notify:
            self._append(folded.activity)

    def _append(self, activity: Activity) -> None:
        AlarmActivityRow.insert(
            alarm_id=activity.alarm_id,
            kind=activity.kind.value,
            actor=activity.actor,
            time_us=activity.time_us,
            state_before=None if activity.state_before is None else activity.state_before.value,
            state_after=activity.state_after.value,
            version=activity.version,
            before=activity.before,
            after=activity.after,
            text=activity.text,
        ).execute(self._db)

    def note(self, alarm_id: int, kind: ActivityKind, text: str, *, now_us: int) -> Activity:
        """Append a system note (what an action did) to the alarm's history; the
        alarm itself and its version do not change."""
        alarm = self.get_view(alarm_id).alarm
        activity = Activity(
            alarm_id=alarm_id,
            kind=kind,
            actor=SYSTEM_ACTOR,
            time_us=now_us,
            state_before=alarm.state,
            state_after=alarm.state,
            version=alarm.version,
            text=text[:4000],
        )
        self._append(activity)
        return activity

    # -- operations -----------------------------------------------------------------------

    def apply(
        self,
        alarm_id: int,
        operation: states.Operation,
        *,
        actor: str,
        now_us: int,
        expected_version: int,
    ) -> tuple[AlarmView, Activity]:
        """``states.apply`` on the stored alarm, written with its activity at once."""
        with self.catalog.atomic():
            view = self.get_view(alarm_id)
            return self._apply(view, operation, actor, now_us, expected_version)

    def _apply(
        self,
        view: AlarmView,
        operation: states.Operation,
        actor: str,
        now_us: int,
        expected_version: int,
    ) -> tuple[AlarmView, Activity]:
        """Inside a transaction."""
        before = view.alarm
        after, activity = states.apply(
            before, operation, actor=actor, now_us=now_us, expected_version=expected_version
        )
        index = self._current_index().put(after)  # KeyAlreadyOpen for a reopen
        written = (
            AlarmRow.update(**_alarm_fields(after))
            .where((AlarmRow.id == before.id) & (AlarmRow.version == before.version))
            .execute(self._db)
        )
        if written != 1:  # cannot happen on the one catalog thread; refuse rather than guess
            current = self.get_view(before.id).alarm.version
            raise states.VersionConflict(before.id, expected_version, current)
        self._append(activity)
        self._index = index
        return replace(view, alarm=after), activity

    def acknowledge_all(
        self,
        alarm_filter: AlarmFilter,
        *,
        actor: str,
        now_us: int,
        visible: Visible = everyone,
        seen_versions: Mapping[int, int] | None = None,
        limit: int = MAX_PAGE,
    ) -> AckAllResult:
        """Acknowledge every New alarm matching the filter that ``visible`` allows, in
        one transaction. ``seen_versions``: the versions the caller's list showed; an
        alarm at another version changed meanwhile and is skipped, as is one the
        caller did not see (not in it) when it is given."""
        alarm_filter.check()
        wanted = replace(alarm_filter, states=alarm_filter.states or frozenset({AlarmState.NEW}))
        done: list[tuple[AlarmView, Activity]] = []
        skipped: list[Skipped] = []
        with self.catalog.atomic():
            for view in self._select(wanted, visible, limit, None):
                alarm = view.alarm
                if seen_versions is not None and seen_versions.get(alarm.id) != alarm.version:
                    seen = seen_versions.get(alarm.id)
                    why = (
                        "not in the list you saw"
                        if seen is None
                        else (f"changed meanwhile (version {seen} → {alarm.version})")
                    )
                    skipped.append(Skipped(alarm.id, why))
                    continue
                if alarm.state is not AlarmState.NEW:
                    skipped.append(Skipped(alarm.id, f"is {alarm.state.value}, not new"))
                    continue
                version = alarm.version
                done.append(self._apply(view, states.Acknowledge(), actor, now_us, version))
        return AckAllResult(tuple(done), tuple(skipped))

    # -- reading ------------------------------------------------------------------------

    def get_view(self, alarm_id: int) -> AlarmView:
        row = AlarmRow.get_or_none(AlarmRow.id == alarm_id)
        if row is None:
            raise NotFound("alarm", alarm_id)
        return _view(row)

    def get(self, alarm_id: int) -> tuple[AlarmView, list[Activity]]:
        """The alarm and its history, oldest first."""
        view = self.get_view(alarm_id)
        rows = (
            AlarmActivityRow.select()
            .where(AlarmActivityRow.alarm_id == alarm_id)
            .order_by(AlarmActivityRow.id)
            .execute(self._db)
        )
        return view, [_activity(row) for row in rows]

    def search(
        self,
        alarm_filter: AlarmFilter,
        *,
        visible: Visible = everyone,
        limit: int = 100,
        after_id: int | None = None,
    ) -> list[AlarmView]:
        """Matching alarms the caller may see, newest first (by id); the next page
        starts after the last id of this one (``after_id``)."""
        alarm_filter.check()
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidArgument("limit", f"must be 1..{MAX_PAGE}, got {limit}")
        return self._select(alarm_filter, visible, limit, after_id)

    def _select(
        self, f: AlarmFilter, visible: Visible, limit: int, after_id: int | None
    ) -> list[AlarmView]:
        query = AlarmRow.select()
        if f.states:
            query = query.where(AlarmRow.state.in_([s.value for s in f.states]))
        if f.priorities:
            query = query.where(AlarmRow.priority.in_(sorted(f.priorities)))
        if f.camera_ids is not None:
            query = query.where(AlarmRow.camera_id.in_(sorted(f.camera_ids)))
        if f.rule_ids:
            query = query.where(AlarmRow.rule_id.in_(sorted(f.rule_ids)))
        if f.since_us is not None:
            query = query.where(AlarmRow.last_us >= f.since_us)
        if f.until_us is not None:
            query = query.where(AlarmRow.first_us < f.until_us)
        if f.text:
            needle = f.text.lower()
            columns = (AlarmRow.title, AlarmRow.rule_name, AlarmRow.category)
            matches = [fn.instr(fn.lower(column), needle) > 0 for column in columns]
            matches.append(fn.instr(fn.lower(fn.coalesce(AlarmRow.owner, "")), needle) > 0)
            query = query.where(functools.reduce(operator.or_, matches))
        found: list[AlarmView] = []
        cursor = after_id
        while len(found) < limit:
            page = query if cursor is None else query.where(AlarmRow.id < cursor)
            rows = list(page.order_by(AlarmRow.id.desc()).limit(limit).execute(self._db))
            for row in rows:
                view = _view(row)
                if visible(view.camera_id) and len(found) < limit:
                    found.append(view)
            if len(rows) < limit:
                break
            cursor = int(rows[-1].id)
        return found

    def open_alarms(self, visible: Visible = everyone) -> list[AlarmView]:
        """Every open alarm the caller may see, newest first."""
        rows = (
            AlarmRow.select()
            .where(AlarmRow.state != AlarmState.CLOSED.value)
            .order_by(AlarmRow.id.desc())
            .execute(self._db)
        )
        return [view for view in map(_view, rows) if visible(view.camera_id)]

    def open_with_key(self, key: str) -> list[AlarmView]:
        """The open alarms of every rule raised for source ``key``."""
        rows = AlarmRow.select().where(
            (AlarmRow.key == key) & (AlarmRow.state != AlarmState.CLOSED.value)
        )
        return [_view(row) for row in rows.execute(self._db)]

    def due_escalations(self, now_us: int) -> list[AlarmView]:
        """New, not yet escalated alarms whose ``escalate_after_s`` (kept in the
        detail when raised) has passed since their first trigger."""
        after_us = fn.json_extract(AlarmRow.detail, "$.escalate_after_s") * 1_000_000
        rows = AlarmRow.select().where(
            (AlarmRow.state == AlarmState.NEW.value)
            & (AlarmRow.escalated == False)  # noqa: E712
            & (after_us > 0)
            & (AlarmRow.first_us + after_us <= now_us)
        )
        return [_view(row) for row in rows.execute(self._db)]

    def statistics(self, since_us: int, until_us: int) -> AlarmStats:
        """Statistics of the alarms first triggered in [since_us, until_us)."""
        if until_us < since_us:
            raise InvalidArgument("until_us", "is before since_us")
        rows = AlarmRow.select().where(
            (AlarmRow.first_us >= since_us) & (AlarmRow.first_us < until_us)
        )
        alarms = [_view(row).alarm for row in rows.execute(self._db)]
        ids = [a.id for a in alarms]
        activities: list[Activity] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            query = AlarmActivityRow.select().where(AlarmActivityRow.alarm_id.in_(part))
            activities.extend(_activity(row) for row in query.execute(self._db))
        return alarm_stats(alarms, activities)

    # -- retention ------------------------------------------------------------------------

    def remove_old(self, now_us: int, *, days: int = RETENTION_DAYS) -> int:
        """Remove closed alarms closed before ``now − days`` and their activities;
        returns how many alarms went."""
        horizon = now_us - days * DAY_US
        old = AlarmRow.select(AlarmRow.id).where(
            (AlarmRow.state == AlarmState.CLOSED.value) & (AlarmRow.closed_us < horizon)
        )
        with self.catalog.atomic():
            ids = [int(row.id) for row in old.execute(self._db)]
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                AlarmActivityRow.delete().where(AlarmActivityRow.alarm_id.in_(part)).execute(
                    self._db
                )
                AlarmRow.delete().where(AlarmRow.id.in_(part)).execute(self._db)
        if ids:
            log.info("alarm retention: removed %d closed alarms", len(ids))
        return len(ids)
