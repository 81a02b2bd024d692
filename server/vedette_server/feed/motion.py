"""What the live feed says of motion (LIVE-03): a camera's motion started or ended,
so that consoles show it on live tiles while it lasts.

The server's detector (``motion/runner.py``) and a camera's own ONVIF motion events
(``onvif/event_watch.py``) publish ``camera.event`` with kind ``motion`` and a state
on the server's ``EventBus``; ``motion_of`` reads such an event as a
``MotionSignal``. It goes to every feed subscriber who sees the camera, whatever
resource kinds they watch: it is not a resource change. A new subscription is told,
after its first heartbeat, of every camera whose detector has an event open then
(``ChangeFeed.motion_now``), so a console that subscribes during motion shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vedette_server.events import ServerEvent

CAMERA_EVENT = "camera.event"
#: The source of the server's own detector's events (``motion/runner.py``).
DETECTOR_SOURCE = "vedette motion"


@dataclass(frozen=True)
class MotionSignal:
    camera_id: int
    active: bool
    #: Who saw it: ``vedette motion`` (the server's detector) or the camera's source.
    source: str
    #: When it started or ended (µs UTC: the frame's time for the detector); 0 unknown.
    time_us: int = 0
    areas: tuple[str, ...] = ()


def motion_of(event: ServerEvent) -> MotionSignal | None:
    """The motion signal an event carries, or None for other events."""
    if event.kind != CAMERA_EVENT or event.facts.get("kind") != "motion":
        return None
    facts = event.facts
    state, camera_id = facts.get("state"), facts.get("camera_id")
    if not isinstance(state, bool) or not isinstance(camera_id, int):
        return None
    time_us = facts.get("camera_time_us")
    areas = facts.get("areas")
    return MotionSignal(
        camera_id,
        state,
        str(facts.get("source") or ""),
        time_us if isinstance(time_us, int) else 0,
        tuple(str(a) for a in areas) if isinstance(areas, list) else (),
    )


def detector_motion(open_cameras: Callable[[], Iterable[int]]) -> Callable[[], list[MotionSignal]]:
    """``ChangeFeed.motion_now`` from the detector's cameras with an event open now."""

    def motion_now() -> list[MotionSignal]:
        return [MotionSignal(camera_id, True, DETECTOR_SOURCE) for camera_id in open_cameras()]

    return motion_now
