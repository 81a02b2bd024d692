"""How the server's parts start and stop: in one order, and in the reverse one.

A part is anything with ``async start()`` and ``async aclose()`` (:class:`Lifecycle`);
:class:`Step` makes one of plain functions (an executor that only needs closing, the
crash recovery that only runs at start). :class:`LifecycleStack` starts the parts in
the order given and closes those that started in the reverse order, so whatever a
part uses started before it and closes after it.

Invariants:
- ``aclose`` closes every part that started, each once, in the reverse order of
  their starts, even when one of them fails to close (that is logged).
- A part whose ``start`` raised is not closed; those started before it are, at
  once, and the error goes on to the caller.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


class Lifecycle(Protocol):
    async def start(self) -> None: ...

    async def aclose(self) -> None: ...


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Step:
    """A part made of functions: ``on_start`` awaited at start, ``on_close`` called
    at close (awaited when it returns an awaitable). Either may be left out."""

    on_start: Callable[[], Awaitable[None]] = _nothing
    on_close: Callable[[], object] = _nothing

    async def start(self) -> None:
        await self.on_start()

    async def aclose(self) -> None:
        result = self.on_close()
        if inspect.isawaitable(result):
            await result


class LifecycleStack:
    """Named parts, started in order, closed in reverse (see the module docstring)."""

    def __init__(self, parts: Sequence[tuple[str, Lifecycle]]) -> None:
        self.parts = tuple(parts)
        self._started: list[tuple[str, Lifecycle]] = []

    @property
    def started(self) -> tuple[str, ...]:
        """The names of the parts started and not closed yet, in start order."""
        return tuple(name for name, _ in self._started)

    async def start(self) -> None:
        for name, part in self.parts:
            try:
                await part.start()
            except BaseException:
                log.error("%s failed to start; closing what started", name)
                await self.aclose()
                raise
            self._started.append((name, part))

    async def aclose(self) -> None:
        while self._started:
            name, part = self._started.pop()
            try:
                await part.aclose()
            except Exception:
                log.exception("%s failed to close", name)
