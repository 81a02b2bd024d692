"""Which accepted API call changes what: one table from the audit action of a call's
rule (``api/policy.py``) to the ``ResourceChange`` the live feed publishes after it.

The gate calls ``change_for_call`` for every audited call that ended OK. Ids come
from the request (updates, deletions) or the response (a created resource's id);
what neither says (whose export task was deleted, whether a deleted view was
shared) the servicer notes with ``call_context.note_change``.

Invariant: every audit action of ``RULES`` is either in ``FED`` or in ``NOT_FED``
(tests/unit/test_feed.py), so a new audited RPC needs a decision here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind

_C, _U, _D = ChangeAction.CREATED, ChangeAction.UPDATED, ChangeAction.DELETED


@dataclass(frozen=True)
class CallFacts:
    """What the gate knows of an accepted call."""

    request: Any
    response: Any
    #: The caller's user name.
    actor: str
    #: ``AuditNote.camera_id``: the camera the call was about.
    camera_id: int | None = None
    #: ``AuditNote.change_owner`` / ``change_shared`` (``call_context.note_change``).
    owner: str | None = None
    shared: bool = False


Ids = Callable[[CallFacts], tuple[int, ...]]


def _request(path: str) -> Ids:
    """The int64 (or repeated int64) at ``path`` of the request."""

    def ids(facts: CallFacts) -> tuple[int, ...]:
        return _ints(_get(facts.request, path))

    return ids


def _response(path: str) -> Ids:
    def ids(facts: CallFacts) -> tuple[int, ...]:
        return _ints(_get(facts.response, path))

    return ids


def _none(facts: CallFacts) -> tuple[int, ...]:
    return ()


def _get(message: Any, path: str) -> Any:
    value = message
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _ints(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,) if value else ()
    return tuple(int(v) for v in value)


@dataclass(frozen=True)
class Fed:
    kind: ResourceKind
    action: ChangeAction
    ids: Ids
    #: Where the owner of a per-user resource is read (views, tours, export tasks).
    owner_path: str | None = None
    shared_path: str | None = None
    #: Saves that create or replace: CREATED when the request's id here is 0.
    new_when_zero: str | None = None


#: Every kind: a call that replaces the configuration (import, factory reset).
EVERYTHING = "everything"

FED: Final[dict[str, Fed | str]] = {
    "camera.create": Fed(ResourceKind.CAMERAS, _C, _response("camera.id")),
    "camera.update": Fed(ResourceKind.CAMERAS, _U, _request("camera.id")),
    "camera.delete": Fed(ResourceKind.CAMERAS, _D, _request("camera_id")),
    # A dome set on a camera changes what its tiles offer (the PTZ badge).
    "ptz.device.set": Fed(ResourceKind.CAMERAS, _U, _request("camera_id")),
    "recording.manual.start": Fed(ResourceKind.CAMERA_STATUS, _U, _request("camera_ids")),
    "recording.manual.stop": Fed(ResourceKind.CAMERA_STATUS, _U, _request("camera_ids")),
    # What the cameras record changes with their policy.
    "recording.policy.set": Fed(ResourceKind.CAMERA_STATUS, _U, _response("camera_ids")),
    "view.save": Fed(
        ResourceKind.VIEWS, _U, _response("view.id"), "view.owner", "view.shared", "view.id"
    ),
    "view.delete": Fed(ResourceKind.VIEWS, _D, _request("view_id")),
    "tour.save": Fed(
        ResourceKind.VIEWS, _U, _response("tour.id"), "tour.owner", "tour.shared", "tour.id"
    ),
    "tour.delete": Fed(ResourceKind.VIEWS, _D, _request("tour_id")),
    "settings.update": Fed(ResourceKind.SETTINGS, _U, _none),
    "volume.add": Fed(ResourceKind.VOLUMES, _C, _response("volume.id")),
    "volume.initialize": Fed(ResourceKind.VOLUMES, _U, _request("volume_id")),
    "volume.update": Fed(ResourceKind.VOLUMES, _U, _request("volume.id")),
    "volume.remove": Fed(ResourceKind.VOLUMES, _D, _request("volume_id")),
    # Disk group ids are not volume ids: reload both lists.
    "disk_group.update": Fed(ResourceKind.VOLUMES, _U, _none),
    "user.create": Fed(ResourceKind.USERS, _C, _response("user.id")),
    "user.update": Fed(ResourceKind.USERS, _U, _request("user.id")),
    "user.delete": Fed(ResourceKind.USERS, _D, _request("user_id")),
    "user.reset_password": Fed(ResourceKind.USERS, _U, _request("user_id")),
    "group.create": Fed(ResourceKind.GROUPS, _C, _response("group.id")),
    "group.update": Fed(ResourceKind.GROUPS, _U, _request("group.id")),
    "group.delete": Fed(ResourceKind.GROUPS, _D, _request("group_id")),
    "export.task.create": Fed(
        ResourceKind.EXPORT_TASKS, _C, _response("task.id"), "task.created_by"
    ),
    "export.task.pause": Fed(ResourceKind.EXPORT_TASKS, _U, _request("task_id"), "task.created_by"),
    "export.task.resume": Fed(
        ResourceKind.EXPORT_TASKS, _U, _request("task_id"), "task.created_by"
    ),
    "export.task.cancel": Fed(
        ResourceKind.EXPORT_TASKS, _U, _request("task_id"), "task.created_by"
    ),
    "export.task.delete": Fed(ResourceKind.EXPORT_TASKS, _D, _request("task_id")),
    "tag.create": Fed(ResourceKind.TAGS, _C, _response("tag.id")),
    "tag.update": Fed(ResourceKind.TAGS, _U, _request("tag_id")),
    "tag.delete": Fed(ResourceKind.TAGS, _D, _request("tag_id")),
    "config.import": EVERYTHING,
    "factory_reset": EVERYTHING,
}

#: Audited actions that change nothing a feed subscriber lists.
NOT_FED: Final = frozenset(
    {
        "logout",
        "user.change_password",
        "user.set_recovery_questions",
        "camera.discover",
        "camera.test",
        # Settings kept by the camera itself, not by the catalog.
        "camera.imaging.set",
        "camera.osd.set",
        "camera.osd.delete",
        "camera.streams.set",
        "camera.streams.apply",
        "camera.network.set",
        "camera.password.set",
        "camera.defaults.set",
        "camera.firmware.upgrade",
        "session.end",
        "lock",
        "unlock",
        "export",
        "export.download",
        "snapshot.take",
        "snapshot.delete",
        "snapshot.export",
        "time.set",
        "config.export",
        "restart",
        "shutdown",
        "power.cancel",
        # The host's own state: an upgrade is followed with GetUpgradeStatus, the host
        # network page reads the interfaces when it opens.
        "upgrade",
        "host_network.update",
        # PTZ presets, cruises and the keyboard: no console view follows them from the
        # feed yet (the PTZ panel asks when it opens); a PTZ resource kind comes with it.
        # (A dome's device is fed, as a camera change.)
        "ptz.preset.set",
        "ptz.preset.rename",
        "ptz.preset.delete",
        "ptz.cruise.put",
        "ptz.cruise.delete",
        "ptz.cruise.start",
        "ptz.cruise.stop",
        "ptz.keyboard.set",
        # A reservation is a session, not a resource: GetPtzState shows it.
        "ptz.reserve",
        "ptz.release",
        # Motion settings: the console's motion editor reads them when it opens.
        "motion.config.set",
        # Schedules: the console's schedule editor reads them when it opens; a camera
        # whose recording a changed schedule starts or stops is announced by its status
        # (feed/hub.py), and a schedule in use cannot be deleted.
        "schedule.put",
        "schedule.delete",
        # I/O: states and commands reach the feed from the I/O hub ("io.*" bus events).
        "io.device.add",
        "io.device.update",
        "io.device.remove",
        "io.point.update",
        "io.output.set",
        "io.output.test",
        "io.input.virtual",
        # Alarms and the buzzer: the alarm engine announces each change itself
        # ("alarm.changed", "alarm.buzzer" on the bus), as the feed's alarm and
        # buzzer items (feed/alarm_items.py), whoever made it.
        "alarm.update",
        "alarm.acknowledge",
        "alarm.trigger",
        "buzzer.silence",
        "buzzer.test",
        # Rules: the console's rule editor reads them when it opens.
        "rule.put",
        "rule.delete",
        # Notifications: the settings editor reads them when it opens; the delivery
        # log is read on demand (ListDeliveries).
        "notify.smtp.set",
        "notify.test_mail",
        "notify.recipient.add",
        "notify.recipient.update",
        "notify.recipient.remove",
        "notify.webhook.add",
        "notify.webhook.update",
        "notify.webhook.remove",
        "notify.webhook.test",
        "notify.delivery.retry",
    }
)


def change_for_call(action: str, facts: CallFacts) -> list[ResourceChange]:
    """The changes an accepted call with audit action ``action`` made (none for an
    action the feed does not carry)."""
    fed = FED.get(action)
    if fed is None:
        return []
    if isinstance(fed, str):
        return [ResourceChange(kind, _U) for kind in ResourceKind]
    ids = fed.ids(facts)
    owners = {facts.actor}
    if facts.owner:
        owners.add(facts.owner)
    if fed.owner_path is not None:
        owner = _get(facts.response, fed.owner_path)
        if isinstance(owner, str) and owner:
            owners.add(owner)
    shared = facts.shared
    if fed.shared_path is not None:
        shared = shared or bool(_get(facts.response, fed.shared_path))
    what = fed.action
    if fed.new_when_zero is not None and not _get(facts.request, fed.new_when_zero):
        what = ChangeAction.CREATED
    return [
        ResourceChange(
            fed.kind,
            what,
            ids,
            owners=frozenset(owners),
            shared=shared,
            camera_id=facts.camera_id,
        )
    ]
