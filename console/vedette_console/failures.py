"""How the console shows a failed operation: one way everywhere (Anki's default
``showWarning``), a warning over the window that asked, unless the caller handled
the error itself.

Invariants:
- At most one warning box per window: a failure while one is shown replaces its
  text and counts the repeats, so a server that is down cannot pile up dialogs on
  a wall display.
- The box is not modal and never blocks the event loop (``show``, not ``exec``).
- The text is in the operator's language when the server gave a reason it knows
  (``error_text``: the reason's translated sentence filled with its metadata;
  docs/api.md "Errors"), else the error's first line (the server's English message
  names the field and the value); secrets never appear in error messages
  (``vedette_api.errors``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from vedette_api.errors import VedetteError
from vedette_console.error_words import reason_text

log = logging.getLogger("vedette.console")

_BOX_PROPERTY = "vedette_failure_box"


def error_text(error: BaseException) -> str:
    """What went wrong, in the operator's language: the sentence of the server's
    reason filled with its metadata when the console knows the reason, else the
    first line of the error's message (or its type when it has none)."""
    if isinstance(error, VedetteError) and error.reason:
        said = reason_text(error.reason, error.metadata)
        if said is not None:
            return said
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def error_field(error: BaseException) -> str | None:
    """The request field the server's error is about (``"user.password"``,
    ``"network.rtsp_port"``), to show ``error_text`` next to it; ``None`` when the
    error names no field."""
    if isinstance(error, VedetteError):
        return error.metadata.get("field") or None
    return None


def show_failure(error: Exception, owner: QObject | None) -> None:
    """A warning with ``error``'s text over ``owner``'s window (logged only when
    ``owner`` is not a widget)."""
    text = error_text(error)
    log.warning("operation failed: %s", text)
    if not isinstance(owner, QWidget):
        return
    window = owner.window()
    box = window.property(_BOX_PROPERTY)
    if isinstance(box, QMessageBox) and box.isVisible():
        repeats = int(box.property("repeats") or 1) + 1
        box.setProperty("repeats", repeats)
        box.setText(
            QCoreApplication.translate("failures", "{text}\n(failed {count} times)").format(
                text=text, count=repeats
            )
        )
        return
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("failures", "Vedette"))
    box.setText(text)
    box.setProperty("repeats", 1)
    box.setModal(False)
    window.setProperty(_BOX_PROPERTY, box)
    box.show()


def shown_failure(window: QWidget) -> str | None:
    """The text of the warning shown over ``window``, if one is (tests)."""
    box = window.property(_BOX_PROPERTY)
    if isinstance(box, QMessageBox) and box.isVisible():
        return box.text()
    return None
