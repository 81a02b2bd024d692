"""Writing the audit trail of API calls to the system log.

``request_summary`` turns a request into JSON-able details with every field marked
``(vedette.v1.secret)`` replaced by ``"***"`` and bytes fields by their length, so
no secret and no bulk payload reaches the log. ``AuditTrail.record`` queues the
write on the catalog thread and returns at once; entries keep their order.
"""

from __future__ import annotations

import logging
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from vedette_api.services import is_secret
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.system_log import MASK, LogType, SystemLog

log = logging.getLogger(__name__)
_WELL_KNOWN = ("google.protobuf.",)


def request_summary(message: Message) -> dict[str, Any]:
    """The message as a dict, secrets masked and bytes replaced by their size."""
    out: dict[str, Any] = {}
    for field, value in message.ListFields():
        name = field.name
        if is_secret(field):
            out[name] = MASK
        elif field.type == FieldDescriptor.TYPE_BYTES:
            sizes = [len(v) for v in value] if _repeated(field) else len(value)
            out[name] = f"<{sizes} bytes>"
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.full_name.startswith(_WELL_KNOWN):
                out[name] = _well_known(message, name)
            elif _repeated(field):
                out[name] = [request_summary(v) for v in value]
            else:
                out[name] = request_summary(value)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            names = {number: v.name for number, v in field.enum_type.values_by_number.items()}
            if _repeated(field):
                out[name] = [names.get(v, v) for v in value]
            else:
                out[name] = names.get(value, value)
        else:
            out[name] = list(value) if _repeated(field) else value
    return out


def _well_known(message: Message, name: str) -> Any:
    """A Timestamp, Duration or FieldMask as JSON; the raw fields when out of range."""
    try:
        return MessageToDict(message, preserving_proto_field_name=True).get(name)
    except (ValueError, TypeError, OverflowError):
        value = getattr(message, name)
        return {f.name: v for f, v in value.ListFields()}


def _repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


class AuditTrail:
    """The system log as the API writes it: queued, ordered, never blocking the loop."""

    def __init__(self, thread: CatalogThread, system_log: SystemLog, events: EventBus) -> None:
        self.thread = thread
        self.system_log = system_log
        self.events = events

    def _write(self, entry: dict[str, Any]) -> None:
        try:
            self.system_log.write(**entry)
        except Exception:
            log.exception("could not write a system log entry (%s)", entry.get("action"))

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        username: str = "",
        peer: str = "",
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None:
        entry = {
            "type": type,
            "action": action,
            "message": message,
            "username": username,
            "peer": peer,
            "camera_id": camera_id,
            "outcome": outcome,
            "detail": detail,
        }
        self.thread.submit(self._write, entry)

    def publish(self, kind: str, **facts: Any) -> None:
        self.events.publish(ServerEvent(kind, facts))
