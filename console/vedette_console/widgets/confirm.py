"""A yes/cancel question that does not block: the console's one way to confirm a
deletion.

The box is window-modal to its parent, opens with Cancel as the default button (an
Enter pressed by habit never deletes) and deletes itself when closed. The caller
keeps the returned box while it is open (tests click its buttons) and forgets it in
``on_closed``, which runs before ``on_yes``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

_YES = QMessageBox.StandardButton.Yes
_CANCEL = QMessageBox.StandardButton.Cancel


def ask_yes(
    parent: QWidget,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    *,
    on_closed: Callable[[], None],
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """Open the question and return its box; ``on_yes`` runs only for Yes."""
    box = QMessageBox(icon, title, text, _YES | _CANCEL, parent)
    box.setDefaultButton(_CANCEL)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_: int) -> None:
        yes = box.standardButton(box.clickedButton()) == _YES
        on_closed()
        if yes:
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box
