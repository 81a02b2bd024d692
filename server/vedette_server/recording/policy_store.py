"""Schedules and recording policies as the catalog keeps them (``schedule`` and
``recording_policy``, catalog version 11), and the ``PolicyBook`` the recorder asks
for plans.

Every function blocks on the database: callers run them on the catalog thread. Rows
are read back through ``Week`` and ``RecordingPolicy``, so a row the schema let in
but the model refuses fails loudly here. A camera without a policy row records
always (``plan.ALWAYS``), as before policies existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

from peewee import IntegrityError, SqliteDatabase

from vedette_api import timestamps
from vedette_server.catalog.database import Catalog
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.recording import plan
from vedette_server.recording.policy import KINDS, RecordingPolicy, mode_of, plan_at
from vedette_server.recording.schedules import PRESETS, READ_ONLY, Week, week_from_json

#: The id of the built-in 24×7 schedule (seeded by catalog migration 11).
ALWAYS_SCHEDULE_ID: Final = 1
MAX_NAME_CHARS: Final = 64


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    id: int
    name: str
    week: Week
    builtin: bool
    #: The cameras whose policy uses it, in id order.
    used_by: tuple[int, ...] = ()

    @property
    def read_only(self) -> bool:
        return self.builtin and self.name == READ_ONLY


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    camera_id: int
    policy: RecordingPolicy
    #: The REC-02 preset its schedules match, or ``custom``.
    mode: str
    #: No row: the camera records always.
    is_default: bool = False


#: What a camera without a row has: normal recording on 24×7, both streams.
DEFAULT_POLICY: Final = RecordingPolicy(normal_schedule=ALWAYS_SCHEDULE_ID)

_POLICY_COLUMNS: Final = (
    "camera_id, normal_schedule_id, motion_schedule_id, sensor_schedule_id,"
    " analytics_schedule_id, normal_stream, event_stream, pre_s, post_s, tentative_segment_s"
)


def _policy(row: Sequence[Any]) -> RecordingPolicy:
    _, normal, motion, sensor, analytics, normal_stream, event_stream, pre, post, tent = row
    return RecordingPolicy(
        normal_schedule=normal,
        motion_schedule=motion,
        sensor_schedule=sensor,
        analytics_schedule=analytics,
        normal_stream=normal_stream,
        event_stream=event_stream,
        pre_s=pre,
        post_s=post,
        tentative_segment_s=tent,
    )


def check_name(name: str) -> str:
    """A schedule name, stripped; InvalidArgument when empty, too long or with control
    characters."""
    text = name.strip()
    if not 1 <= len(text) <= MAX_NAME_CHARS:
        raise InvalidArgument("schedule.name", f"must be 1 to {MAX_NAME_CHARS} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidArgument("schedule.name", "must not hold control characters")
    return text


@dataclass(frozen=True)
class PolicyBook:
    """Every schedule and policy, loaded once: ``plan`` is pure evaluation."""

    weeks: Mapping[int, Week] = field(default_factory=dict)
    policies: Mapping[int, RecordingPolicy] = field(default_factory=dict)

    def plan(self, camera_id: int, t_us: int, zone: ZoneInfo) -> plan.CameraPlan:
        policy = self.policies.get(camera_id)
        if policy is None:
            return plan.ALWAYS
        return plan_at(policy, self.weeks, zone, t_us)

    def pre_max_us(self) -> int:
        """The longest pre-alarm of any camera (the keeper's TTL is never shorter)."""
        return max((p.pre_s for p in self.policies.values()), default=0) * 1_000_000


def load_policy_book(catalog: Catalog) -> PolicyBook:
    """The catalog's schedules and policies. Blocking (the catalog thread)."""
    store = PolicyStore(catalog.database)
    return PolicyBook(weeks=store.weeks(), policies=store.policies())


class PolicyStore:
    """``schedule`` and ``recording_policy`` rows of one catalog database. Blocking."""

    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    # Schedules

    def weeks(self) -> dict[int, Week]:
        rows = self._db.execute_sql("SELECT id, week FROM schedule").fetchall()
        return {int(i): week_from_json(w) for i, w in rows}

    def _usage(self) -> dict[int, list[int]]:
        used: dict[int, list[int]] = {}
        for kind in KINDS:
            rows = self._db.execute_sql(
                f"SELECT {kind}_schedule_id, camera_id FROM recording_policy"
                f" WHERE {kind}_schedule_id IS NOT NULL ORDER BY camera_id"
            ).fetchall()
            for schedule_id, camera_id in rows:
                cameras = used.setdefault(int(schedule_id), [])
                if camera_id not in cameras:
                    cameras.append(int(camera_id))
        return used

    def list_schedules(self) -> list[ScheduleRecord]:
        """Every schedule: built-in ones first (in id order), then by name."""
        used = self._usage()
        rows = self._db.execute_sql(
            "SELECT id, name, week, builtin FROM schedule"
            " ORDER BY builtin DESC, CASE WHEN builtin THEN id END, name"
        ).fetchall()
        return [
            ScheduleRecord(
                int(i), n, week_from_json(w), bool(b), tuple(sorted(used.get(int(i), [])))
            )
            for i, n, w, b in rows
        ]

    def find_schedule(self, schedule_id: int = 0, name: str = "") -> ScheduleRecord:
        """By id when non-zero, else by name; NotFound otherwise."""
        if not schedule_id and not name.strip():
            raise InvalidArgument("schedule_id", "give a schedule id or a name")
        for record in self.list_schedules():
            if (record.id == schedule_id) if schedule_id else (record.name == name.strip()):
                return record
        raise NotFound("schedule", schedule_id or name)

    def put_schedule(self, schedule_id: int, name: str, week: Week) -> tuple[ScheduleRecord, bool]:
        """Create or replace (by id when non-zero, else by name); returns the record and
        whether it is new. The built-in 24×7 cannot change; a built-in one keeps its
        name."""
        name = check_name(name)
        with self._db.atomic():
            if schedule_id:
                existing: ScheduleRecord | None = self.find_schedule(schedule_id)
            else:
                existing = next((s for s in self.list_schedules() if s.name == name), None)
            if existing is not None and existing.read_only:
                raise FailedPrecondition(
                    f"schedule {existing.name!r} is built in and cannot be changed"
                )
            if existing is not None and existing.builtin and existing.name != name:
                raise FailedPrecondition(
                    f"schedule {existing.name!r} is built in and cannot be renamed"
                )
            clash = self._db.execute_sql(
                "SELECT id FROM schedule WHERE name = ? AND id != ?",
                (name, existing.id if existing else 0),
            ).fetchone()
            if clash is not None:
                raise FailedPrecondition(f"another schedule (id {clash[0]}) is named {name!r}")
            now = timestamps.now_us()
            if existing is None:
                cursor = self._db.execute_sql(
                    "INSERT INTO schedule (name, week, updated_us) VALUES (?, ?, ?)",
                    (name, week.to_json(), now),
                )
                new_id = int(cursor.lastrowid)
            else:
                new_id = existing.id
                self._db.execute_sql(
                    "UPDATE schedule SET name = ?, week = ?, updated_us = ? WHERE id = ?",
                    (name, week.to_json(), now, new_id),
                )
            return self.find_schedule(new_id), existing is None

    def delete_schedule(self, schedule_id: int = 0, name: str = "") -> ScheduleRecord:
        """Delete one; refused (FailedPrecondition) for a built-in one or one in use."""
        with self._db.atomic():
            record = self.find_schedule(schedule_id, name)
            if record.builtin:
                raise FailedPrecondition(f"schedule {record.name!r} is built in")
            if record.used_by:
                cameras = ", ".join(str(c) for c in record.used_by)
                raise FailedPrecondition(
                    f"schedule {record.name!r} is used by the recording policy of"
                    f" camera(s) {cameras}: change their policies first"
                )
            try:
                self._db.execute_sql("DELETE FROM schedule WHERE id = ?", (record.id,))
            except IntegrityError:  # named by an I/O point, alarm rule or recipient
                raise FailedPrecondition(
                    f"schedule {record.name!r} is used by I/O points, alarm rules or"
                    " notification recipients: change them first"
                ) from None
            return record

    # Policies

    def policies(self, camera_ids: Iterable[int] | None = None) -> dict[int, RecordingPolicy]:
        """The policies with a row (all, or of ``camera_ids``), by camera id."""
        rows = self._db.execute_sql(f"SELECT {_POLICY_COLUMNS} FROM recording_policy").fetchall()
        wanted = None if camera_ids is None else set(camera_ids)
        return {int(r[0]): _policy(r) for r in rows if wanted is None or int(r[0]) in wanted}

    def records(self, camera_ids: Iterable[int]) -> list[PolicyRecord]:
        """Each camera's policy (the default where it has none), in the order given."""
        ids = list(camera_ids)
        found = self.policies(ids)
        records = []
        for camera_id in ids:
            policy = found.get(camera_id)
            records.append(
                PolicyRecord(
                    camera_id,
                    policy or DEFAULT_POLICY,
                    mode_of(policy or DEFAULT_POLICY, ALWAYS_SCHEDULE_ID),
                    is_default=policy is None,
                )
            )
        return records

    def clear_policy(self, camera_ids: Iterable[int]) -> None:
        """Back to the default (record always) for ``camera_ids``."""
        for camera_id in camera_ids:
            self._db.execute_sql("DELETE FROM recording_policy WHERE camera_id = ?", (camera_id,))

    def reset(self) -> None:
        """Factory defaults: no policy, no schedule of one's own, the presets as shipped."""
        with self._db.atomic():
            self._db.execute_sql("DELETE FROM recording_policy")
            self._db.execute_sql("DELETE FROM schedule WHERE builtin = 0")
            for name, preset in PRESETS.items():
                self._db.execute_sql(
                    "UPDATE schedule SET week = ?, updated_us = ? WHERE builtin = 1 AND name = ?",
                    (preset.to_json(), timestamps.now_us(), name),
                )

    def set_policy(self, camera_ids: Sequence[int], policy: RecordingPolicy) -> None:
        """Give every camera of ``camera_ids`` ``policy``, in one transaction: NotFound
        for an unknown camera or schedule, and then nothing changes."""
        mode = mode_of(policy, ALWAYS_SCHEDULE_ID)
        with self._db.atomic():
            known = {int(i) for (i,) in self._db.execute_sql("SELECT id FROM schedule")}
            for kind, schedule_id in policy.schedule_ids().items():
                if schedule_id is not None and schedule_id not in known:
                    raise NotFound(f"{kind} schedule", schedule_id)
            cameras = {int(i) for (i,) in self._db.execute_sql("SELECT id FROM camera")}
            now = timestamps.now_us()
            for camera_id in camera_ids:
                if camera_id not in cameras:
                    raise NotFound("camera", camera_id)
                self._db.execute_sql(
                    f"INSERT OR REPLACE INTO recording_policy ({_POLICY_COLUMNS}, preset,"
                    " updated_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        camera_id,
                        policy.normal_schedule,
                        policy.motion_schedule,
                        policy.sensor_schedule,
                        policy.analytics_schedule,
                        policy.normal_stream,
                        policy.event_stream,
                        policy.pre_s,
                        policy.post_s,
                        policy.tentative_segment_s,
                        mode,
                        now,
                    ),
                )
