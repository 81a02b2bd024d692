"""The server's event bus: what happened, for whoever listens (the alarm engine,
event streams to clients, tests).

Invariants:
- ``publish`` never blocks and never fails because of a subscriber: a subscriber
  whose queue is full loses the event (counted in ``dropped``, and in its queue's
  ``lost``, so the subscriber knows it missed something).
- Events are published on the event loop's thread; subscribers read them there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from vedette_api.timestamps import now_us

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerEvent:
    """Something that happened: ``kind`` such as ``illegal_access``, with its facts."""

    kind: str
    facts: dict[str, Any] = field(default_factory=dict)
    time_us: int = field(default_factory=now_us)


class EventQueue(asyncio.Queue[ServerEvent]):
    """A subscriber's queue; ``lost`` counts the events it missed while it was full
    (the subscriber resets it once it has made up for them)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize)
        self.lost = 0


class EventBus:
    def __init__(self, *, queue_size: int = 1000) -> None:
        self._queues: set[EventQueue] = set()
        self._queue_size = queue_size
        self._listeners: list[Callable[[ServerEvent], None]] = []
        self.dropped = 0

    @property
    def queue_size(self) -> int:
        """How many events a subscriber's queue holds."""
        return self._queue_size

    def listen(self, listener: Callable[[ServerEvent], None]) -> Callable[[], None]:
        """Call ``listener`` with every event published from now on, at once and in
        order, before the queues get it (the live feed numbers its items so); returns
        what stops it. A listener must not block; one that raises is logged and kept."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, event: ServerEvent) -> None:
        for listener in tuple(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("event listener failed on %s", event.kind)
        for queue in tuple(self._queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                queue.lost += 1
                self.dropped += 1

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[EventQueue]:
        """A queue receiving every event published while the block runs."""
        queue = EventQueue(self._queue_size)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)
