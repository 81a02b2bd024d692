"""Who controls a PTZ camera: sessions, priorities, takeover, reservation (PTZ-03).

This module owns, per camera, the one session allowed to move it, as Milestone
XProtect arbitrates (research note §4, §5.4). A session is a ``Claimant`` (who, which
kind, which priority, 1..32 000) with the instants of its start and last command.

Rules, on an injected clock (seconds):

- ``acquire`` is called for every command. The camera goes to the claimant when it is
  free, already the claimant's, or held by a session the claimant may take over:
  - any session of a strictly lower priority;
  - a cruise of an equal priority too ("any manual move at or above the cruise's
    priority stops it");
  - a reservation only by a person (manual, keyboard, another reservation) of a
    strictly higher priority: rules and cruises never take a reserved camera.
- Manual, keyboard and rule sessions end ``idle_timeout_s`` after their last command;
  until then an equal or lower priority is denied. Cruise sessions last until released
  or taken over. Reservations (admin only, checked by the caller) last
  ``reservation_s`` (or the duration asked, up to ``MAX_RESERVATION_S``) from the
  reserve call, whatever the activity, unless released with ``reservation=True``: the
  holder's own control ending (``release`` without it) leaves the reservation.
- A denial names the holder, its priority and the seconds left before its session ends
  by itself (None: not by itself).
- A holder may hand its own session over to another claimant (``handover_from``): an
  operator holding a camera starts a cruise on it.
- Every change of holder is one ``ControlEvent`` (before and after) to the listeners, in
  order, for the audit log and for the holder that lost the camera: acquired, taken
  over, released, expired. Expiry is noticed when the camera is next looked at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Final

from vedette_server.errors import InvalidArgument, shown

log = logging.getLogger(__name__)

MIN_PRIORITY: Final = 1
MAX_PRIORITY: Final = 32_000
DEFAULT_PRIORITY: Final = 3_000
DEFAULT_IDLE_TIMEOUT_S: Final = 15.0
"""Milestone's default: a manual session ends 15 s after its last move."""
DEFAULT_RESERVATION_S: Final = 3600.0
MAX_RESERVATION_S: Final = 24 * 3600.0


class SessionKind(Enum):
    MANUAL = "manual"
    RESERVED = "reserved"
    CRUISE = "cruise"
    RULE = "rule"
    KEYBOARD = "keyboard"


_PEOPLE = frozenset({SessionKind.MANUAL, SessionKind.KEYBOARD, SessionKind.RESERVED})
_IDLE_ENDS = frozenset({SessionKind.MANUAL, SessionKind.KEYBOARD, SessionKind.RULE})


@dataclass(frozen=True)
class Claimant:
    """Who wants a camera: ``holder`` names them for people and the audit log
    (``user:alice``, ``cruise:2``, ``rule:7``, ``keyboard:1``); one holder holds one
    session per camera."""

    holder: str
    kind: SessionKind
    priority: int = DEFAULT_PRIORITY

    def __post_init__(self) -> None:
        if not isinstance(self.holder, str) or not self.holder:
            raise InvalidArgument("holder", f"must not be empty, got {shown(self.holder)}")
        priority = self.priority
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise InvalidArgument("ptz priority", f"must be an integer, got {shown(priority)}")
        if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
            raise InvalidArgument(
                "ptz priority", f"must be within {MIN_PRIORITY}..{MAX_PRIORITY}, got {priority}"
            )


@dataclass(frozen=True)
class Session:
    claimant: Claimant
    since_s: float
    last_command_s: float
    ends_s: float | None
    """When the session ends by itself (None: only when released or taken over)."""


class Change(Enum):
    ACQUIRED = "acquired"
    TAKEN_OVER = "taken_over"
    RELEASED = "released"
    EXPIRED = "expired"


@dataclass(frozen=True)
class ControlEvent:
    """The holder of ``camera`` changed from ``before`` to ``after`` at ``at_s``."""

    camera: int
    change: Change
    before: Claimant | None
    after: Claimant | None
    at_s: float


@dataclass(frozen=True)
class Granted:
    session: Session
    took_over: Claimant | None = None


@dataclass(frozen=True)
class Denied:
    """``holder`` keeps the camera; ``remaining_s`` until its session ends by itself."""

    camera: int
    holder: Claimant
    remaining_s: float | None

    @property
    def priority(self) -> int:
        return self.holder.priority

    def __str__(self) -> str:
        until = "until released" if self.remaining_s is None else f"{self.remaining_s:.1f} s more"
        return (
            f"camera {self.camera} is held by {self.holder.holder} ({self.holder.kind.value},"
            f" priority {self.holder.priority}) for {until}"
        )


def may_take_over(claimant: Claimant, holder: Claimant) -> bool:
    """Whether ``claimant`` may take a camera that ``holder``'s live session holds."""
    if holder.kind is SessionKind.RESERVED:
        return claimant.kind in _PEOPLE and claimant.priority > holder.priority
    if holder.kind is SessionKind.CRUISE:
        return claimant.priority >= holder.priority
    return claimant.priority > holder.priority


def check_reservation_s(duration_s: float) -> float:
    """A reservation's length: more than 0, at most ``MAX_RESERVATION_S``."""
    if not 0 < duration_s <= MAX_RESERVATION_S:
        raise InvalidArgument(
            "duration",
            f"a reservation lasts more than 0 s and at most {MAX_RESERVATION_S:.0f} s"
            f" ({MAX_RESERVATION_S / 3600:.0f} h), got {duration_s!r}",
        )
    return duration_s


class PtzArbiter:
    """Sessions of every camera. Not thread-safe: one event loop uses it."""

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S,
        reservation_s: float = DEFAULT_RESERVATION_S,
    ) -> None:
        if not idle_timeout_s > 0:
            raise InvalidArgument("idle_timeout_s", f"must be positive, got {idle_timeout_s!r}")
        check_reservation_s(reservation_s)
        self._clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.reservation_s = reservation_s
        self._sessions: dict[int, Session] = {}
        self._listeners: list[Callable[[ControlEvent], object]] = []

    def subscribe(self, listener: Callable[[ControlEvent], object]) -> Callable[[], None]:
        """Call ``listener`` with every event from now on; returns the unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def holder(self, camera: int) -> Session | None:
        """The live session of ``camera``, if any."""
        return self._live(camera, self._clock())

    def acquire(
        self, camera: int, claimant: Claimant, *, handover_from: str | None = None
    ) -> Granted | Denied:
        """Take or keep ``camera`` for a command by ``claimant`` (see the module rules).
        ``handover_from`` names a holder that passes its own session on whatever the
        priorities (an operator starting a cruise on the camera they hold); the caller
        has checked that the request comes from that holder."""
        if claimant.kind is SessionKind.RESERVED:
            raise InvalidArgument("kind", "reservations are made with reserve()")
        return self._claim(camera, claimant, self._clock(), handover_from)

    def reserve(
        self, camera: int, claimant: Claimant, duration_s: float | None = None
    ) -> Granted | Denied:
        """An admin's reservation (the caller checked the right): the camera is the
        claimant's for ``duration_s`` (default ``reservation_s``) from now, whatever the
        activity. Reserving again renews it."""
        if claimant.kind is not SessionKind.RESERVED:
            raise InvalidArgument("kind", f"a reservation is of kind reserved, not {claimant.kind}")
        duration_s = check_reservation_s(self.reservation_s if duration_s is None else duration_s)
        now = self._clock()
        result = self._claim(camera, claimant, now)
        if isinstance(result, Granted):
            session = replace(result.session, ends_s=now + duration_s)
            self._sessions[camera] = session
            result = replace(result, session=session)
        return result

    def release(self, camera: int, holder: str, *, reservation: bool = False) -> bool:
        """End ``holder``'s session of ``camera``; False when it held none. A
        reservation ends only with ``reservation=True`` (ReleasePtz, a deleted camera),
        not when its holder's control stream ends."""
        now = self._clock()
        session = self._live(camera, now)
        if session is None or session.claimant.holder != holder:
            return False
        if session.claimant.kind is SessionKind.RESERVED and not reservation:
            return False
        del self._sessions[camera]
        self._emit(ControlEvent(camera, Change.RELEASED, session.claimant, None, now))
        return True

    def _claim(
        self, camera: int, claimant: Claimant, now: float, handover_from: str | None = None
    ) -> Granted | Denied:
        current = self._live(camera, now)
        if current is not None and current.claimant.holder == claimant.holder:
            session = self._refresh(current, claimant, now)
            self._sessions[camera] = session
            return Granted(session)
        handed_over = current is not None and current.claimant.holder == handover_from
        if (
            current is not None
            and not handed_over
            and not may_take_over(claimant, current.claimant)
        ):
            remaining = None if current.ends_s is None else max(0.0, current.ends_s - now)
            return Denied(camera, current.claimant, remaining)
        session = Session(claimant, now, now, self._ends(claimant.kind, now))
        self._sessions[camera] = session
        if current is None:
            self._emit(ControlEvent(camera, Change.ACQUIRED, None, claimant, now))
            return Granted(session)
        self._emit(ControlEvent(camera, Change.TAKEN_OVER, current.claimant, claimant, now))
        return Granted(session, took_over=current.claimant)

    def _refresh(self, current: Session, claimant: Claimant, now: float) -> Session:
        """The holder's own session after another command: a reservation stays one
        (its holder may move under it) unless renewed; others start a new idle period."""
        if claimant.kind is SessionKind.RESERVED:
            ends_s = self._ends(SessionKind.RESERVED, now)
            return replace(current, claimant=claimant, last_command_s=now, ends_s=ends_s)
        if current.claimant.kind is SessionKind.RESERVED:
            return replace(current, last_command_s=now)
        return replace(
            current, claimant=claimant, last_command_s=now, ends_s=self._ends(claimant.kind, now)
        )

    def _ends(self, kind: SessionKind, now: float) -> float | None:
        if kind is SessionKind.RESERVED:
            return now + self.reservation_s
        if kind in _IDLE_ENDS:
            return now + self.idle_timeout_s
        return None

    def _live(self, camera: int, now: float) -> Session | None:
        session = self._sessions.get(camera)
        if session is not None and session.ends_s is not None and now >= session.ends_s:
            del self._sessions[camera]
            self._emit(ControlEvent(camera, Change.EXPIRED, session.claimant, None, now))
            return None
        return session

    def _emit(self, event: ControlEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # one listener's bug must not undo the change
                log.exception("PTZ control listener failed on %s", event)
