"""What an alarm rule's definition names, written by name in the configuration
document and by id in the catalog (ids differ between servers).

In the document a definition is the one of docs/alarms.md "Rules" with the same keys,
where each id is replaced by what finds the thing again on another server:

- a camera (``sources.cameras``, ``camera_ids`` of record and snapshot actions,
  ``camera_id`` of ptz_preset and video_popup, ``alarm.related_cameras``): its name;
- an input (``sources.inputs``) or an output (``point_id`` of output actions): its
  device's name and its number, ``{"device": "door-box", "number": 0}``;
- an e-mail recipient (``recipient_ids``): its address; a webhook endpoint
  (``endpoint_ids``): its URL.

Pure: the caller gives the lookups. Invariants:
- On export a reference to a thing that no longer exists (a camera deleted after the
  rule was written: the engine skips it) is left out: from a list, or the whole action
  when the action names it alone (or named only such things), so the document says
  what the rule does, never an id another server would misread.
- On import every reference must resolve (``Unresolved`` otherwise, naming the rule
  field); what resolves is not otherwise checked here: ``rules.parse_definition``
  checks the result like the API does.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Final

from vedette_server.errors import InvalidArgument

CAMERA: Final = "camera"
INPUT: Final = "input"
OUTPUT: Final = "output"
RECIPIENT: Final = "recipient"
ENDPOINT: Final = "endpoint"

#: (action kind, field) → what its list names; an empty email or webhook list means
#: "every enabled recipient/endpoint", so it is never made empty by leaving things out.
_ACTION_LISTS: Final = {
    ("record", "camera_ids"): CAMERA,
    ("snapshot", "camera_ids"): CAMERA,
    ("email", "recipient_ids"): RECIPIENT,
    ("webhook", "endpoint_ids"): ENDPOINT,
}
#: (action kind, field) → what it names alone (None in video_popup: the event's camera).
_ACTION_SINGLES: Final = {
    ("output", "point_id"): OUTPUT,
    ("ptz_preset", "camera_id"): CAMERA,
    ("video_popup", "camera_id"): CAMERA,
}

#: What a lookup returns for a thing that does not exist.
MISSING: Final = object()

#: (what, value, where) → the value translated, or MISSING.
Lookup = Callable[[str, Any, str], Any]


class Unresolved(InvalidArgument):
    """A reference in a rule of the document to a thing neither in it nor on the server."""


def translate(definition: Any, lookup: Lookup, where: str, *, strict: bool) -> Any:
    """A copy of ``definition`` with every reference translated by ``lookup``; with
    ``strict`` (import) a MISSING one raises ``Unresolved`` naming ``where``.field,
    without (export) it is left out as the module says. A definition whose shape is
    wrong is returned as it is for ``parse_definition`` to refuse."""
    if not isinstance(definition, dict):
        return definition
    body = copy.deepcopy(definition)

    def one(what: str, value: Any, field: str) -> Any:
        found = lookup(what, value, field)
        if found is MISSING and strict:
            raise Unresolved(field, f"{what} {_shown(value)} is neither in the file nor here")
        return found

    def many(what: str, values: Any, field: str) -> Any:
        if not isinstance(values, list):
            return values
        found = [one(what, v, f"{field}[{i}]") for i, v in enumerate(values)]
        return [v for v in found if v is not MISSING]

    sources = body.get("sources")
    if isinstance(sources, dict):
        for key, what in (("cameras", CAMERA), ("inputs", INPUT)):
            if key in sources and sources[key] != "any":
                sources[key] = many(what, sources[key], f"{where}.sources.{key}")
    alarm = body.get("alarm")
    if isinstance(alarm, dict) and "related_cameras" in alarm:
        alarm["related_cameras"] = many(
            CAMERA, alarm["related_cameras"], f"{where}.alarm.related_cameras"
        )
    actions = body.get("actions")
    if isinstance(actions, list):
        kept = []
        for index, action in enumerate(actions):
            translated = _action(action, one, many, f"{where}.actions[{index}]")
            if translated is not MISSING:
                kept.append(translated)
        body["actions"] = kept
    return body


def _action(
    action: Any,
    one: Callable[[str, Any, str], Any],
    many: Callable[[str, Any, str], Any],
    where: str,
) -> Any:
    """The action translated, or MISSING when what it acts on is gone."""
    if not isinstance(action, dict):
        return action
    kind = action.get("kind")
    for (action_kind, field), what in _ACTION_LISTS.items():
        if kind == action_kind and isinstance(action.get(field), list) and action[field]:
            action[field] = many(what, action[field], f"{where}.{field}")
            if not action[field]:
                return MISSING
    for (action_kind, field), what in _ACTION_SINGLES.items():
        if kind == action_kind and action.get(field) is not None:
            action[field] = one(what, action[field], f"{where}.{field}")
            if action[field] is MISSING:
                return MISSING
    return action


def point_ref(device: str, number: int) -> dict[str, Any]:
    return {"device": device, "number": number}


def point_key(value: Any) -> tuple[str, int] | None:
    """(device, number) of a point reference of the document; None when malformed."""
    if (
        isinstance(value, dict)
        and set(value) == {"device", "number"}
        and isinstance(value["device"], str)
        and isinstance(value["number"], int)
        and not isinstance(value["number"], bool)
    ):
        return value["device"], value["number"]
    return None


def _shown(value: Any) -> str:
    key = point_key(value)
    if key is not None:
        return f"{key[1]} of device {key[0][:64]!r}"
    return repr(value)[:80]
