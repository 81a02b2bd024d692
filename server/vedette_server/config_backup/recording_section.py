"""Schedules and cameras' recording policies in the configuration document: written
on export, checked on preview, applied on import.

The document holds the schedules one may change (every one but the read-only 24x7)
under ``schedules``, weeks in minutes as the catalog keeps them::

    "schedules": [{"name": "Office", "week": {"mon": [[480, 720]], ...}}, ...]

and each camera its policy under ``recording``, schedules by name (ids differ between
servers); ``null`` is the default (no policy: record always)::

    "recording": {"normal_schedule": "Office", "motion_schedule": "24x7",
                  "sensor_schedule": null, "analytics_schedule": null,
                  "normal_stream": "both", "event_stream": "main", "pre_s": 5, "post_s": 10}

Blocking (catalog); called by ``snapshot.ConfigSnapshots`` on the catalog thread.

Invariants:
- Checked as the API checks them (``Week``, ``RecordingPolicy``, schedule names that
  exist on the server or in the document); a bad one is refused naming the item and
  field, before anything changes.
- A document without ``schedules`` (a file written before they were backed up) keeps
  the server's schedules; a camera without ``recording`` keeps its policy (the
  default for a camera the import adds).
- With ``schedules``, the server's own schedules the document does not name are
  deleted unless a camera still uses one after the import.
"""

from __future__ import annotations

from typing import Any, Final

from vedette_server.errors import InvalidArgument
from vedette_server.recording.policy import KINDS, PolicyError, RecordingPolicy
from vedette_server.recording.policy_store import PolicyStore, check_name
from vedette_server.recording.schedules import ALWAYS, READ_ONLY, ScheduleError, Week, week

_SCHEDULE_KEYS: Final = tuple(f"{kind}_schedule" for kind in KINDS)


def export_schedules(store: PolicyStore) -> list[dict[str, Any]]:
    return [
        {"name": s.name, "week": s.week.to_mapping()}
        for s in store.list_schedules()
        if not s.read_only
    ]


def export_recording(store: PolicyStore, camera_id: int) -> dict[str, Any] | None:
    policy = store.policies([camera_id]).get(camera_id)
    if policy is None:
        return None
    names = {s.id: s.name for s in store.list_schedules()}
    return {
        **{
            f"{kind}_schedule": names.get(schedule_id) if schedule_id is not None else None
            for kind, schedule_id in policy.schedule_ids().items()
        },
        "normal_stream": policy.normal_stream,
        "event_stream": policy.event_stream,
        "pre_s": policy.pre_s,
        "post_s": policy.post_s,
    }


def check_schedules(document: dict[str, Any]) -> dict[str, Week] | None:
    """The document's schedules by name (None: it has none); InvalidArgument naming
    ``schedules[i]`` for a bad one."""
    if "schedules" not in document:
        return None
    items = document["schedules"]
    if not isinstance(items, list):
        raise InvalidArgument("schedules", "expected a list")
    found: dict[str, Week] = {}
    for index, item in enumerate(items):
        where = f"schedules[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InvalidArgument(where, "a schedule needs a name and a week")
        try:
            name = check_name(item["name"])
        except InvalidArgument as error:
            raise InvalidArgument(f"{where}.name", error.reason) from None
        days = item.get("week")
        if not isinstance(days, dict) or not all(isinstance(v, list) for v in days.values()):
            raise InvalidArgument(f"{where}.week", 'expected {"mon": [[start, end], ...], ...}')
        try:
            value = week(days)
        except ScheduleError as error:
            raise InvalidArgument(
                f"{where}.week.{error.day}", str(error).partition(": ")[2]
            ) from None
        if name in found:
            raise InvalidArgument(f"{where}.name", f"{name!r} appears twice")
        if name == READ_ONLY and value != ALWAYS:
            raise InvalidArgument(f"{where}.week", f"{READ_ONLY!r} is built in and cannot change")
        found[name] = value
    return found


def _policy(section: dict[str, Any], schedule_ids: dict[str, int]) -> RecordingPolicy:
    ids: dict[str, int | None] = {}
    for key in _SCHEDULE_KEYS:
        name = section.get(key)
        if name is None:
            ids[key] = None
        elif not isinstance(name, str) or name not in schedule_ids:
            raise InvalidArgument(key, f"no schedule named {name!r}")
        else:
            ids[key] = schedule_ids[name]
    numbers = {}
    for key in ("pre_s", "post_s"):
        value = section.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgument(key, f"{value!r} is not a whole number of seconds")
        numbers[key] = value
    try:
        return RecordingPolicy(
            **ids,  # type: ignore[arg-type]
            normal_stream=section.get("normal_stream"),  # type: ignore[arg-type]
            event_stream=section.get("event_stream"),  # type: ignore[arg-type]
            **numbers,
        )
    except PolicyError as error:
        raise InvalidArgument(error.field, str(error).partition(": ")[2]) from None


def check_recording(
    camera: dict[str, Any], where: str, schedule_ids: dict[str, int]
) -> RecordingPolicy | bool | None:
    """The camera's policy in the document: a policy, None (the default), or False (it
    has none: keep the camera's). ``schedule_ids``: the ids (or stand-ins) of the names
    the document may use. InvalidArgument naming ``where``.recording.<field>."""
    if "recording" not in camera:
        return False
    section = camera["recording"]
    if section is None:
        return None
    if not isinstance(section, dict):
        raise InvalidArgument(f"{where}.recording", "expected an object or null")
    try:
        return _policy(section, schedule_ids)
    except InvalidArgument as error:
        raise InvalidArgument(f"{where}.recording.{error.field}", error.reason) from None


def usable_names(store: PolicyStore, schedules: dict[str, Week] | None) -> dict[str, int]:
    """The schedule names a document may use, with stand-in ids for new ones."""
    names = {s.name: s.id for s in store.list_schedules()}
    for offset, name in enumerate(schedules or {}):
        names.setdefault(name, -1 - offset)
    return names


def check_recording_document(store: PolicyStore, document: dict[str, Any]) -> None:
    """Check the document's schedules and every camera's policy (changes nothing)."""
    names = usable_names(store, check_schedules(document))
    for index, camera in enumerate(document["cameras"]):
        check_recording(camera, f"cameras[{index}]", names)


def schedule_changes(store: PolicyStore, document: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, add|change|remove) for each schedule the import would change."""
    schedules = check_schedules(document)
    if schedules is None:
        return []
    current = {s.name: s for s in store.list_schedules() if not s.read_only}
    changes = [
        (name, "add" if name not in current else "change")
        for name, value in schedules.items()
        if name != READ_ONLY and (name not in current or current[name].week != value)
    ]
    changes += [
        (name, "remove")
        for name, record in current.items()
        if name not in schedules and not record.builtin and not record.used_by
    ]
    return changes


def apply_recording(
    store: PolicyStore, document: dict[str, Any], camera_ids: dict[str, int]
) -> None:
    """Store the document's schedules and the policy of each camera that has one."""
    schedules = check_schedules(document)
    for name, value in (schedules or {}).items():
        if name != READ_ONLY:
            store.put_schedule(0, name, value)
    names = {s.name: s.id for s in store.list_schedules()}
    for index, camera in enumerate(document["cameras"]):
        policy = check_recording(camera, f"cameras[{index}]", names)
        camera_id = camera_ids[str(camera["name"]).lower()]
        if policy is None:
            store.clear_policy([camera_id])
        elif isinstance(policy, RecordingPolicy):
            store.set_policy([camera_id], policy)
    if schedules is not None:
        for record in store.list_schedules():
            if not record.builtin and record.name not in schedules and not record.used_by:
                store.delete_schedule(record.id)
