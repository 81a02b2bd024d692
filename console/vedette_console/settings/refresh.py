"""Keeping a Settings page current: it reads again (in the background, not the
operator's activity) when the session's change feed says one of its resource kinds
changed, and, for figures the feed does not carry (measured bitrates), every few
seconds while it is shown. Never two reads at once: a change during a read queues
one more read, which sees it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session

T = TypeVar("T")


class Refresher(QObject, Generic[T]):
    def __init__(
        self,
        page: QWidget,
        session: Session,
        kinds: Collection[int],
        read: Callable[[], ServerOp[T]],
        show: Callable[[T], None],
        *,
        every_ms: int = 0,
    ) -> None:
        super().__init__(page)
        self.page = page
        self.kinds = set(kinds)
        self.read = read
        self.show = show
        self.session = session
        self.reading = False
        self.again = False
        session.changed.connect(self._changed)
        self.timer = QTimer(self)
        if every_ms:
            self.timer.timeout.connect(self._tick)
            self.timer.start(every_ms)

    def _changed(self, kind: int, _ids: object) -> None:
        if kind in self.kinds:
            self.refresh()

    def _tick(self) -> None:
        if self.page.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.reading:
            self.again = True
            return
        self.reading = True
        op = self.read().background()
        op.success(self._read).failure(lambda _error: self._done()).run(self.session)

    def _read(self, result: T) -> None:
        self.show(result)
        self._done()

    def _done(self) -> None:
        self.reading = False
        if self.again:
            self.again = False
            self.refresh()
