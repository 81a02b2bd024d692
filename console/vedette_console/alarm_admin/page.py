"""What the alarm settings pages share: running a server operation with the page
marked busy (its controls disabled, "Working…" said) and its outcome or the
server's refusal said in words in the page's status line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from vedette_console.failures import error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session

T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("alarm_admin", text)


class AdminPage(QWidget):
    """A page of the alarm settings. ``controls`` are disabled while a call the
    operator made runs; ``status`` says what happened."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        self.controls: list[QWidget] = []
        self.busy = False

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in self.controls:
            widget.setEnabled(not busy)
        if not busy:
            self.update_controls()

    def update_controls(self) -> None:
        """Enable what the selection and rights allow (pages override)."""

    def say(self, text: str) -> None:
        self.status.setText(text)

    def run(
        self,
        op: ServerOp[T],
        on_done: Callable[[T], None],
        *,
        working: str = "",
        on_error: Callable[[Exception], Any] | None = None,
    ) -> None:
        """Run ``op`` with the page busy; ``on_done`` with its result, or the error in
        the status line (and ``on_error`` when given)."""
        self.set_busy(True)
        self.say(working or tr("Working…"))

        def done(result: T) -> None:
            self.set_busy(False)
            on_done(result)

        def failed(error: Exception) -> None:
            self.set_busy(False)
            self.say(tr("Refused: {reason}").format(reason=error_text(error)))
            if on_error is not None:
                on_error(error)

        op.success(done).failure(failed).run(self.session)
