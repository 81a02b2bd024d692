"""What the alarm engine's actions need from the rest of the server, as ports.

The engine (``alarms/engine.py``) runs a rule's actions through these; the I/O hub
(``vedette_server/io``) is an ``OutputPort`` and the notifier (``vedette_server/notify``)
a ``NotifyPort``. Keeping them as protocols lets each side be built and tested alone,
and keeps the engine free of SMTP, HTTP and Modbus.

Invariants:
- a port's method never blocks the event loop for long and never raises for a
  delivery that fails later: ``NotifyPort.send`` only queues (the outbox delivers,
  retries and reports); ``OutputPort.set_output`` returns once the device took the
  command, or raises an error that says what was wrong (unknown output, device not
  answering);
- an ``AlarmNotice`` carries no secret and nothing the alarm's audience could not
  read: it is what an e-mail or webhook says about the alarm.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


class OutputMode(enum.Enum):
    ON = "on"
    OFF = "off"
    PULSE = "pulse"  # on, then off after ``seconds`` (or the output's own pulse time)


@dataclass(frozen=True)
class OutputState:
    """An output as it is after a command: on or off, and until when if pulsing."""

    point_id: int
    name: str
    on: bool
    until_us: int | None = None


class OutputPort(Protocol):
    async def set_output(
        self, point_id: int, mode: OutputMode, seconds: float | None, actor: str
    ) -> OutputState:
        """Switch output ``point_id``; ``seconds`` only for a pulse (None: the
        output's configured pulse time). Raises NotFound / FailedPrecondition."""
        ...


class NoticeChange(enum.Enum):
    """Why a notice is sent."""

    RAISED = "raised"  # a new alarm (or an event a rule notifies about)
    REPEATED = "repeated"  # repeats folded into an open alarm (digests count these)
    ESCALATED = "escalated"
    CLOSED = "closed"
    TEST = "test"


@dataclass(frozen=True)
class AlarmNotice:
    """What a notification says about an alarm (or a rule's event without an alarm:
    ``alarm_id`` 0). Times are µs UTC."""

    change: NoticeChange
    rule_id: int
    rule_name: str
    title: str
    priority: int
    category: str
    time_us: int
    alarm_id: int = 0
    key: str = ""
    camera_id: int | None = None
    camera_name: str = ""
    count: int = 1
    first_us: int = 0
    last_us: int = 0
    state: str = ""
    text: str = ""
    snapshot_camera_ids: Sequence[int] = field(default_factory=tuple)
    """Cameras whose picture at ``time_us`` the notifier attaches (e-mail recipients
    that want snapshots); the notifier takes the pictures itself."""


class NotifyChannel(enum.Enum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class NotifyPort(Protocol):
    def send(
        self, notice: AlarmNotice, channel: NotifyChannel, target_ids: Sequence[int] = ()
    ) -> None:
        """Queue ``notice`` for the e-mail recipients or webhook endpoints
        ``target_ids`` (empty: every enabled one whose schedule covers now) in the
        durable outbox; returns at once."""
        ...
