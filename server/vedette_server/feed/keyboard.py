"""What the live feed says of the control keyboard (PTZ-05): a camera selected on it,
or one of Vedette's own keys pressed, so that consoles follow the keyboard.

A signal travels on the server's ``EventBus`` as a ``ServerEvent`` of kind
``KEYBOARD`` whose ``facts["signal"]`` is a ``KeyboardSignal``. It goes to every feed
subscriber who sees its camera (a key with no camera: every subscriber), whatever
resource kinds they watch: it is not a resource change.
"""

from __future__ import annotations

from dataclasses import dataclass

from vedette_server.events import ServerEvent

KEYBOARD = "ptz.keyboard"


@dataclass(frozen=True)
class KeyboardSignal:
    """Exactly one of: a camera selected (``number`` on the keyboard, the Vedette
    ``camera_id`` it drives), or DVR key ``dvr_key`` pressed."""

    number: int | None = None
    camera_id: int | None = None
    dvr_key: int | None = None


def keyboard_event(signal: KeyboardSignal) -> ServerEvent:
    return ServerEvent(KEYBOARD, {"signal": signal})


def keyboard_of(event: ServerEvent) -> KeyboardSignal | None:
    """The signal an event carries, or None for other events."""
    if event.kind != KEYBOARD:
        return None
    signal = event.facts.get("signal")
    return signal if isinstance(signal, KeyboardSignal) else None
