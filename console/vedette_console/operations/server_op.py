"""``ServerOp``: one server call bound to its callbacks (Anki's ``CollectionOp``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_console.background import OnDone, OnError

T = TypeVar("T")


class CallRunner(Protocol):
    """Where a server operation runs (``session.Session``)."""

    def call(
        self,
        work: Callable[[Client], Any],
        on_done: OnDone[Any] | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        background: bool = False,
    ) -> None: ...


class ServerOp(Generic[T]):
    """``work(client)`` to run on a session's worker threads, then ``success(result)``
    or ``failure(error)`` on the UI thread, unless ``parent`` was destroyed."""

    def __init__(self, parent: QObject | None, work: Callable[[Client], T]) -> None:
        self.parent = parent
        #: The blocking part: a plain function of the client (tests call it directly).
        self.work = work
        self._on_done: OnDone[T] | None = None
        self._on_error: OnError | None = None
        self._background = False

    def success(self, on_done: OnDone[T]) -> ServerOp[T]:
        self._on_done = on_done
        return self

    def failure(self, on_error: OnError) -> ServerOp[T]:
        """Handle the error here instead of the default warning."""
        self._on_error = on_error
        return self

    def background(self) -> ServerOp[T]:
        """The console does this by itself: not the operator's activity."""
        self._background = True
        return self

    def run(self, session: CallRunner) -> None:
        session.call(
            self.work,
            self._on_done,
            self._on_error,
            owner=self.parent,
            background=self._background,
        )
