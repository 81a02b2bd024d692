"""What a camera's recording policy asks of its streams at one instant (REC-02..07).

A :class:`CameraPlan` is the meeting point of the recording policy (schedules, modes,
streams, pre/post; ``recording/policy.py`` computes plans) and the recorder, which
turns plans into what the ingest workers write and which events keep video
(``recording/keeper.py``). Pure data, no I/O.

Per stream, the mode at an instant is:
- ``continuous``: written and kept (record reason ``schedule``);
- ``tentative``: written in short segments with no reason; kept only where an armed
  event's window [start − pre, end + post] covers it, reaped otherwise;
- ``off``: not written (still ingested for live view and motion detection).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from vedette_server.ingest.config import StreamName

StreamMode = Literal["continuous", "tentative", "off"]
Trigger = Literal["motion", "sensor", "analytics"]

TRIGGERS: Final[tuple[Trigger, ...]] = ("motion", "sensor", "analytics")


@dataclass(frozen=True, slots=True)
class CameraPlan:
    """One camera's recording at one instant."""

    main: StreamMode
    sub: StreamMode
    #: Triggers whose schedule covers the instant: their events keep video.
    armed: frozenset[Trigger]
    #: The streams an armed event keeps (REC-04 "event recording stream").
    event_streams: frozenset[StreamName]
    #: Pre-alarm and post-alarm, µs (REC-07).
    pre_us: int = 0
    post_us: int = 0

    def mode(self, stream: StreamName) -> StreamMode:
        return self.main if stream == "main" else self.sub


#: A camera without a policy records both streams continuously (as before policies).
ALWAYS: Final = CameraPlan(
    main="continuous",
    sub="continuous",
    armed=frozenset(),
    event_streams=frozenset({"main", "sub"}),
)
