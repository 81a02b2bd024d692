"""The server's error reasons in the operator's language: one English sentence per
reason (``google.rpc.ErrorInfo``, docs/api.md "Errors"), translated in the
``errors`` context, its ``{placeholders}`` named after the reason's metadata.

Invariants:
- A sentence is shown only when every placeholder it names is in the metadata;
  otherwise (an older or newer server) ``reason_text`` returns ``None`` and the
  caller shows the server's English message, which always says it.
- Reasons the console does not know (a newer server) also give ``None``.
- ``NOT_FOUND`` and ``ALREADY_EXISTS`` name their resource: their sentences are per
  resource (a translation agrees with the noun), for the resources an operator meets.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Final

from PySide6.QtCore import QCoreApplication

from vedette_console.i18n import QT_TRANSLATE_NOOP

CONTEXT: Final = "errors"

#: Reason → English sentence (translated where shown).
SENTENCES: Final[dict[str, str]] = {
    "NAME_LENGTH": QT_TRANSLATE_NOOP("errors", "Enter a name of 1 to {max} characters."),
    "TOO_LONG": QT_TRANSLATE_NOOP("errors", "At most {max} characters, not {length}."),
    "FORBIDDEN_CHARACTER": QT_TRANSLATE_NOOP(
        "errors", "The character {character} (position {position}) is not allowed here."
    ),
    "PASSWORD_TOO_WEAK": QT_TRANSLATE_NOOP(
        "errors",
        "The password is too weak: it needs at least {min_length} characters and"
        " {min_classes} of the 4 kinds (lower case, upper case, digits, symbols), and"
        " must not be a common password or contain the user name.",
    ),
    "WRONG_PASSWORD": QT_TRANSLATE_NOOP("errors", "The current password is wrong."),
    "OUT_OF_RANGE": QT_TRANSLATE_NOOP("errors", "{value} is not between {min} and {max}."),
    "NOT_ONE_OF": QT_TRANSLATE_NOOP("errors", "{value} is not one of: {allowed}."),
    "PORT_IN_USE": QT_TRANSLATE_NOOP("errors", "Port {port} is already in use."),
    "WRONG_CREDENTIALS": QT_TRANSLATE_NOOP("errors", "Wrong user name or password."),
    "NOT_LOGGED_IN": QT_TRANSLATE_NOOP("errors", "Please sign in first."),
    "SESSION_EXPIRED": QT_TRANSLATE_NOOP("errors", "Your session has ended: sign in again."),
    "SESSION_ENDED": QT_TRANSLATE_NOOP("errors", "Your session has ended: sign in again."),
    "ACCOUNT_DISABLED": QT_TRANSLATE_NOOP("errors", "This account is disabled or was deleted."),
    "LOGIN_THROTTLED": QT_TRANSLATE_NOOP(
        "errors", "Too many failed sign-ins: try again in {retry_after_s} s."
    ),
    "CLIENT_ADDRESS_REFUSED": QT_TRANSLATE_NOOP(
        "errors", "This server refuses connections from {address} (allow/block list)."
    ),
    "ACCESS_FILTER_LOCKOUT": QT_TRANSLATE_NOOP(
        "errors",
        "This allow/block list would lock you out: it refuses your own address"
        " {address}. Add it first.",
    ),
    "ADMIN_PROTECTED": QT_TRANSLATE_NOOP(
        "errors", "The admin account cannot be deleted, disabled or restricted."
    ),
    "OWN_ACCOUNT": QT_TRANSLATE_NOOP("errors", "You cannot delete your own account."),
    "GROUP_BUILT_IN": QT_TRANSLATE_NOOP(
        "errors", "“{group}” is a built-in permission group: it cannot be changed or deleted."
    ),
    "GROUP_HAS_USERS": QT_TRANSLATE_NOOP(
        "errors",
        "Permission group “{group}” still has users ({users}): move them to another group first.",
    ),
    "TOO_MANY_GROUPS": QT_TRANSLATE_NOOP(
        "errors", "The server already has {limit} permission groups, its maximum."
    ),
    "SYSTEM_LOG_BEHIND": QT_TRANSLATE_NOOP(
        "errors", "The server is catching up with its log: try again in a few seconds."
    ),
    "LIVE_STREAM_LIMIT": QT_TRANSLATE_NOOP(
        "errors", "You have the most live pictures open ({limit}): close some first."
    ),
    "PLAYBACK_STREAM_LIMIT": QT_TRANSLATE_NOOP(
        "errors", "You play back the most cameras at once ({limit}): close some first."
    ),
    "EXPORT_LIMIT": QT_TRANSLATE_NOOP(
        "errors", "You have the most exports under way ({limit}): wait for some to finish."
    ),
    "SERVER_DEADLINE": QT_TRANSLATE_NOOP("errors", "The server took too long to answer."),
    "STREAM_CLOSED": QT_TRANSLATE_NOOP("errors", "The server closed the stream."),
    "VERSION_CONFLICT": QT_TRANSLATE_NOOP(
        "errors", "Someone else changed this meanwhile: reload it and try again."
    ),
    "CAMERA_DISABLED": QT_TRANSLATE_NOOP(
        "errors", "Camera {camera_id} is disabled: it has no live picture."
    ),
    "NO_SUB_STREAM": QT_TRANSLATE_NOOP("errors", "Camera {camera_id} has no sub stream."),
    "VOLUME_NOT_MOUNTED": QT_TRANSLATE_NOOP(
        "errors", "The disk {path} is not mounted or not a folder."
    ),
    "VOLUME_MARKER_UNREADABLE": QT_TRANSLATE_NOOP(
        "errors",
        "The disk {path} holds Vedette data that cannot be read: initialise it with"
        " “force” to replace it.",
    ),
    "VOLUME_OTHER_SERVER": QT_TRANSLATE_NOOP(
        "errors",
        "The disk {path} belongs to another server ({server_id}): initialise it with"
        " “force” to take it over.",
    ),
    "VOLUME_NOT_WRITABLE": QT_TRANSLATE_NOOP(
        "errors", "The disk {path} cannot be written ({error})."
    ),
    "VOLUME_RECORDING": QT_TRANSLATE_NOOP(
        "errors", "The disk {path} is recording: move it to an empty disk group first."
    ),
    "VOLUME_SAME_DISK": QT_TRANSLATE_NOOP(
        "errors", "{path} is on the same disk as volume {other_id} ({other_path})."
    ),
    "NOTHING_RECORDED": QT_TRANSLATE_NOOP("errors", "Nothing was recorded in that period."),
    "UNSUPPORTED_CODEC": QT_TRANSLATE_NOOP(
        "errors", "A {fmt} file cannot hold {codec} video: export as MP4 or MKV."
    ),
    "NO_PTZ_DEVICE": QT_TRANSLATE_NOOP("errors", "Camera {camera_id} has no PTZ control."),
    "PTZ_HELD": QT_TRANSLATE_NOOP("errors", "Someone else controls this camera's PTZ now."),
    "UPGRADE_NOT_SUPPORTED": QT_TRANSLATE_NOOP(
        "errors", "This server takes no upgrades (it was not installed from the Vedette package)."
    ),
    "UPGRADE_BAD_SIGNATURE": QT_TRANSLATE_NOOP(
        "errors",
        "The bundle's signature is missing, unknown or wrong: it does not come from the makers"
        " of Vedette, or was changed.",
    ),
    "UPGRADE_TAMPERED": QT_TRANSLATE_NOOP(
        "errors", "The bundle is damaged or was changed: download it again."
    ),
    "UPGRADE_DOWNGRADE": QT_TRANSLATE_NOOP(
        "errors",
        "The bundle's version {bundle_version} is not newer than the running {running_version}.",
    ),
    "UPGRADE_TOO_OLD": QT_TRANSLATE_NOOP(
        "errors",
        "This bundle upgrades version {min_from_version} or later; this server runs"
        " {running_version}: install the versions in between first.",
    ),
    "UPGRADE_WRONG_ARCH": QT_TRANSLATE_NOOP(
        "errors", "The bundle is for {bundle_arch} machines; this one is {host_arch}."
    ),
    "UPGRADE_WRONG_RELEASE": QT_TRANSLATE_NOOP(
        "errors", "The bundle is for Debian {bundle_release}; this machine runs {host_release}."
    ),
    "UPGRADE_TRUNCATED": QT_TRANSLATE_NOOP(
        "errors", "The bundle arrived incomplete: send it again."
    ),
    "UPGRADE_NO_SPACE": QT_TRANSLATE_NOOP(
        "errors", "Not enough room on the server's disk for the bundle ({free_bytes} bytes free)."
    ),
    "UPGRADE_RUNNING": QT_TRANSLATE_NOOP(
        "errors", "Another upgrade is under way: wait for it to end."
    ),
    "INTERNAL": QT_TRANSLATE_NOOP("errors", "The server failed ({method}): its log says why."),
}

#: ``PERMISSION_DENIED`` naming what is missing (the metadata has ``area`` or ``camera_id``).
AREA_DENIED: Final = QT_TRANSLATE_NOOP("errors", "You lack the “{area}” right.")
CAMERA_DENIED: Final = QT_TRANSLATE_NOOP(
    "errors", "You lack the “{right}” right on camera {camera_id}."
)

#: The rights ``PERMISSION_DENIED`` names (metadata ``area`` or ``right``), in words.
RIGHT_WORDS: Final[dict[str, str]] = {
    "cameras": QT_TRANSLATE_NOOP("errors", "cameras"),
    "recording": QT_TRANSLATE_NOOP("errors", "recording"),
    "disks": QT_TRANSLATE_NOOP("errors", "disks"),
    "alarms": QT_TRANSLATE_NOOP("errors", "alarm configuration"),
    "network": QT_TRANSLATE_NOOP("errors", "network"),
    "accounts": QT_TRANSLATE_NOOP("errors", "accounts"),
    "system": QT_TRANSLATE_NOOP("errors", "system"),
    "logs": QT_TRANSLATE_NOOP("errors", "system log"),
    "alarm_view": QT_TRANSLATE_NOOP("errors", "alarm view"),
    "alarm_handle": QT_TRANSLATE_NOOP("errors", "alarm handling"),
    "io_control": QT_TRANSLATE_NOOP("errors", "output control"),
    "live": QT_TRANSLATE_NOOP("errors", "live view"),
    "playback": QT_TRANSLATE_NOOP("errors", "playback"),
    "export": QT_TRANSLATE_NOOP("errors", "export"),
    "ptz": QT_TRANSLATE_NOOP("errors", "PTZ"),
    "audio": QT_TRANSLATE_NOOP("errors", "audio"),
}

#: ``NOT_FOUND`` per resource (metadata ``resource``, ``id``).
NOT_FOUND: Final[dict[str, str]] = {
    "camera": QT_TRANSLATE_NOOP("errors", "Camera {id} does not exist (any more)."),
    "user": QT_TRANSLATE_NOOP("errors", "User {id} does not exist (any more)."),
    "permission group": QT_TRANSLATE_NOOP(
        "errors", "Permission group {id} does not exist (any more)."
    ),
    "volume": QT_TRANSLATE_NOOP("errors", "Volume {id} does not exist (any more)."),
    "disk group": QT_TRANSLATE_NOOP("errors", "Disk group {id} does not exist (any more)."),
    "view": QT_TRANSLATE_NOOP("errors", "View {id} does not exist (any more)."),
    "tour": QT_TRANSLATE_NOOP("errors", "Tour {id} does not exist (any more)."),
    "schedule": QT_TRANSLATE_NOOP("errors", "Schedule {id} does not exist (any more)."),
}

#: ``ALREADY_EXISTS`` per resource (metadata ``resource``, ``name``).
ALREADY_EXISTS: Final[dict[str, str]] = {
    "camera": QT_TRANSLATE_NOOP("errors", "A camera named “{name}” already exists."),
    "user": QT_TRANSLATE_NOOP("errors", "A user named “{name}” already exists."),
    "permission group": QT_TRANSLATE_NOOP(
        "errors", "A permission group named “{name}” already exists."
    ),
    "volume": QT_TRANSLATE_NOOP("errors", "The disk {name} is already a volume."),
    "view": QT_TRANSLATE_NOOP("errors", "A view named “{name}” already exists."),
    "tour": QT_TRANSLATE_NOOP("errors", "A tour named “{name}” already exists."),
}


def sentence_for(reason: str, metadata: Mapping[str, str]) -> str | None:
    """The English sentence of ``reason`` with these facts, if the console has one."""
    resource = metadata.get("resource", "")
    if reason == "NOT_FOUND":
        return NOT_FOUND.get(resource)
    if reason == "ALREADY_EXISTS":
        return ALREADY_EXISTS.get(resource)
    if reason == "PERMISSION_DENIED":
        if "camera_id" in metadata:
            return CAMERA_DENIED
        if "area" in metadata:
            return AREA_DENIED
    return SENTENCES.get(reason)


def fill(template: str, values: Mapping[str, str]) -> str | None:
    """``template`` with its ``{name}`` placeholders filled; ``None`` when one is
    missing from ``values`` or the template is not a plain one."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
        if not names <= set(values):
            return None
        return template.format_map(values)
    except (ValueError, IndexError, KeyError):
        return None


def reason_text(reason: str, metadata: Mapping[str, str]) -> str | None:
    """The reason in the shown language, filled with the metadata; ``None`` when the
    console has no sentence for it or the metadata lacks a fact it names."""
    sentence = sentence_for(reason, metadata)
    if sentence is None:
        return None
    values = dict(metadata)
    for key in ("area", "right"):  # a right the console knows, in words
        if values.get(key) in RIGHT_WORDS:
            values[key] = QCoreApplication.translate(CONTEXT, RIGHT_WORDS[values[key]])
    return fill(QCoreApplication.translate(CONTEXT, sentence), values)
