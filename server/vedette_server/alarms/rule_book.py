"""The alarm rules in the catalog (table ``rule``). Blocking: catalog thread.

Invariants:
- a stored definition always parses (``rules.parse_definition``) and, when written,
  named only cameras, inputs, outputs, schedules, presets, recipients and endpoints
  that existed: ``put`` refuses one that names a missing thing with an
  ``InvalidArgument`` naming the field and the id. Things deleted later are the
  engine's to skip (once logged);
- ``version`` grows by one with each change; ``put`` with an ``expected_version``
  other than the stored one is a ``RuleVersionConflict``;
- the built-in rules (``rules.BUILTIN_TITLES``) are seeded once each (``seed``, run at
  every start, idempotent): one that exists, edited or disabled, is never touched;
  they cannot be deleted (disable them instead);
- ``revision`` grows with each write, so the engine reloads the rules when it moved.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterable

from peewee import IntegrityError

from vedette_api.timestamps import now_us
from vedette_server.alarms.rules import (
    BUILTIN_TITLES,
    Definition,
    EmailAction,
    OutputAction,
    PtzPresetAction,
    Rule,
    RuleDraft,
    WebhookAction,
    builtin_definition,
    check_name,
    parse_definition,
)
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, PtzPresetRow, RuleRow
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound


class RuleVersionConflict(FailedPrecondition):
    """Someone changed the rule since the caller read it (the API's ABORTED)."""

    error_reason = "VERSION_CONFLICT"
    fact_names = ("expected_version", "current_version")

    def __init__(self, name: str, expected_version: int, current_version: int) -> None:
        super().__init__(
            f"rule {name!r} is at version {current_version}, not {expected_version}"
            " (changed by someone else; reload and retry)"
        )
        self.expected_version, self.current_version = expected_version, current_version


def _rule(row: RuleRow) -> Rule:
    return Rule(
        id=int(row.id),
        name=str(row.name),
        enabled=bool(row.enabled),
        definition=parse_definition(str(row.definition)),
        arming_schedule_id=row.arming_schedule_id,
        builtin=row.builtin,
        version=int(row.version),
        updated_us=int(row.updated_us),
    )


class RuleBook:
    def __init__(self, catalog: Catalog, *, clock: Callable[[], int] = now_us) -> None:
        self.catalog = catalog
        self._clock = clock
        self.revision = 0

    @property
    def _db(self):  # type: ignore[no-untyped-def]
        return self.catalog.database

    # -- reading ----------------------------------------------------------------------

    def list(self) -> builtins.list[Rule]:
        """Every rule: built-in ones first, then by name."""
        rows = RuleRow.select().order_by(RuleRow.builtin.is_null(), RuleRow.name)
        return [_rule(row) for row in rows.execute(self._db)]

    def get(self, rule_id: int = 0, name: str = "") -> Rule:
        row = self._row(rule_id, name)
        if row is None:
            raise NotFound("rule", rule_id or name)
        return _rule(row)

    def _row(self, rule_id: int, name: str) -> RuleRow | None:
        if rule_id:
            return RuleRow.get_or_none(RuleRow.id == rule_id)
        return RuleRow.get_or_none(RuleRow.name == name)

    def builtin(self, kind: str) -> Rule | None:
        row = RuleRow.get_or_none(RuleRow.builtin == kind)
        return None if row is None else _rule(row)

    # -- writing ----------------------------------------------------------------------

    def put(self, draft: RuleDraft, expected_version: int = 0) -> tuple[Rule, bool]:
        """Create or replace a rule (by id, else by name); returns it and whether it
        is new."""
        check_name(draft.name)
        definition = parse_definition(draft.definition_json)
        with self.catalog.atomic():
            self._check_references(definition, draft.arming_schedule_id)
            row = self._row(draft.id, "" if draft.id else draft.name)
            if draft.id and row is None:
                raise NotFound("rule", draft.id)
            if row is not None and expected_version and expected_version != row.version:
                raise RuleVersionConflict(str(row.name), expected_version, int(row.version))
            fields = {
                "name": draft.name,
                "enabled": draft.enabled,
                "arming_schedule_id": draft.arming_schedule_id,
                "definition": json.dumps(definition.to_json(), sort_keys=True),
                "updated_us": self._clock(),
            }
            try:
                if row is None:
                    rule_id = int(RuleRow.insert(**fields).execute(self._db))
                else:
                    rule_id = int(row.id)
                    RuleRow.update(**fields, version=RuleRow.version + 1).where(
                        RuleRow.id == rule_id
                    ).execute(self._db)
            except IntegrityError:
                raise FailedPrecondition(f"another rule is named {draft.name!r}") from None
            self.revision += 1
            return self.get(rule_id), row is None

    def delete(self, rule_id: int = 0, name: str = "") -> None:
        rule = self.get(rule_id, name)
        if rule.builtin is not None:
            raise FailedPrecondition(
                f"rule {rule.name!r} is built in: disable it instead of deleting it"
            )
        RuleRow.delete().where(RuleRow.id == rule.id).execute(self._db)
        self.revision += 1

    def replaced(self) -> None:
        """Rules were written behind the book's back (a configuration import, a factory
        reset): the engine reloads them at its next signal."""
        self.revision += 1

    def seed(self) -> builtins.list[str]:
        """Create the built-in rules that do not exist yet; returns their kinds."""
        created = []
        with self.catalog.atomic():
            for kind, title in BUILTIN_TITLES.items():
                if RuleRow.get_or_none(RuleRow.builtin == kind) is not None:
                    continue
                name = title
                while RuleRow.get_or_none(RuleRow.name == name) is not None:
                    name = f"{title} ({kind})" if name == title else f"{name}+"
                definition = json.dumps(builtin_definition(kind).to_json(), sort_keys=True)
                RuleRow.insert(
                    name=name,
                    enabled=True,
                    builtin=kind,
                    definition=definition,
                    updated_us=self._clock(),
                ).execute(self._db)
                created.append(kind)
        if created:
            self.revision += 1
        return created

    # -- references -------------------------------------------------------------------

    def _check_references(self, definition: Definition, schedule_id: int | None) -> None:
        if schedule_id is not None:
            self._exist("arming_schedule_id", "schedule", "schedule", [schedule_id])
        cameras = sorted(definition.camera_ids())
        if cameras:
            known = {int(r.id) for r in Camera.select(Camera.id).where(Camera.id.in_(cameras))}
            for camera_id in cameras:
                if camera_id not in known:
                    raise InvalidArgument(
                        "definition", f"camera {camera_id} does not exist (deleted?)"
                    )
        if definition.inputs:
            self._exist("definition.sources.inputs", "io_point", "input", definition.inputs)
        for i, action in enumerate(definition.actions):
            where = f"definition.actions[{i}]"
            match action:
                case OutputAction(point_id=point_id):
                    self._exist(f"{where}.point_id", "io_point", "output", [point_id])
                case PtzPresetAction(camera_id=camera_id, preset=preset):
                    if (
                        not PtzPresetRow.select()
                        .where(
                            (PtzPresetRow.camera_id == camera_id) & (PtzPresetRow.number == preset)
                        )
                        .exists(self._db)
                    ):
                        raise InvalidArgument(
                            f"{where}.preset", f"camera {camera_id} has no preset {preset}"
                        )
                case EmailAction(recipient_ids=ids):
                    self._exist(f"{where}.recipient_ids", "email_recipient", "recipient", ids)
                case WebhookAction(endpoint_ids=ids):
                    self._exist(f"{where}.endpoint_ids", "webhook_endpoint", "endpoint", ids)

    def _exist(self, where: str, table: str, what: str, ids: Iterable[int]) -> None:
        kind_filter = ""
        if table == "io_point":
            kind_filter = f" AND kind = '{'input' if what == 'input' else 'output'}'"
        for ident in sorted(ids):
            found = self._db.execute_sql(
                f"SELECT 1 FROM {table} WHERE id = ?{kind_filter}", (ident,)
            ).fetchone()
            if found is None:
                raise InvalidArgument(where, f"{what} {ident} does not exist (deleted?)")
