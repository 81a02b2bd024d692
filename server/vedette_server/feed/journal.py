"""The feed's sequence numbers and replay ring: what lets a client that lost its
connection resume exactly where it was.

Invariants:
- every item published on the feed gets the next ``seq`` of the server run
  ``run_id`` (1, 2, ...), in publication order (all on the event loop);
- the ring keeps the last ``capacity`` items, so ``after(seq)`` gives exactly the
  items published after ``seq`` while they are all still kept, and None otherwise
  (too old, or a ``seq`` this run never reached): the caller then resyncs;
- memory is bounded by ``capacity`` (the items are the bus's own events, shared,
  with what the feed works out once per item for every subscriber: ``memo``, which
  the feed empties of all but the parsed change once an item is older than any
  subscriber's queue can hold).
"""

from __future__ import annotations

import enum
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_server.events import ServerEvent

#: Items kept for resuming: at 1000 items/s, the last 10 s.
RING_CAPACITY: Final = 10_000


class ResyncReason(enum.Enum):
    """The proto's ``ResyncReason`` (values are its numbers)."""

    OVERFLOW = 1
    TOO_OLD = 2
    OTHER_RUN = 3
    RIGHTS = 4


@dataclass(frozen=True)
class Published:
    """One item of the feed as published: its sequence number and its bus event.

    ``memo``: what the feed's readers work out from the event once for every
    subscriber (the change it carries, its message on the stream), filled on first
    use; never compared.
    """

    seq: int
    event: ServerEvent
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


class Journal:
    def __init__(self, capacity: int = RING_CAPACITY, run_id: str | None = None) -> None:
        if capacity < 1:
            raise ValueError("capacity must be ≥ 1")
        self.run_id = run_id or uuid.uuid4().hex[:16]
        self.last_seq = 0
        self._ring: deque[Published] = deque(maxlen=capacity)

    def append(self, event: ServerEvent) -> Published:
        self.last_seq += 1
        published = Published(self.last_seq, event)
        self._ring.append(published)
        return published

    @property
    def oldest_seq(self) -> int:
        """The oldest ``seq`` kept (``last_seq + 1`` while nothing is)."""
        return self._ring[0].seq if self._ring else self.last_seq + 1

    def published(self, seq: int) -> Published | None:
        """The item ``seq`` while the ring keeps it."""
        index = seq - self.oldest_seq
        return self._ring[index] if 0 <= index < len(self._ring) else None

    def resume(self, after_seq: int, run_id: str) -> list[Published] | ResyncReason:
        """The items published after ``after_seq`` of run ``run_id``, or why they
        cannot be given."""
        if run_id != self.run_id or after_seq > self.last_seq:
            return ResyncReason.OTHER_RUN
        if after_seq < self.oldest_seq - 1:
            return ResyncReason.TOO_OLD
        skip = after_seq - (self.oldest_seq - 1)
        return [p for i, p in enumerate(self._ring) if i >= skip]
