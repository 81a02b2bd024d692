"""The language box of the sign-in dialog: a workstation user's own language,
kept in the console's settings (``choose_language``) and used from the next start
(widgets take their text when they are built)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from vedette_api.v1 import system_pb2
from vedette_console.i18n import choose_language, chosen_language

#: Each language by its own name, as language lists show them.
NATIVE_NAMES: dict[int, str] = {
    system_pb2.LANGUAGE_ENGLISH: "English",
    system_pb2.LANGUAGE_FRENCH: "Français",
}


class LanguageBox(QWidget):
    """ "As the server" or a language; a change is kept at once and said to apply
    at the next start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        self.box.addItem(self.tr("As the server"), 0)
        for language, name in NATIVE_NAMES.items():
            self.box.addItem(name, language)
        chosen = chosen_language()
        self.box.setCurrentIndex(max(0, self.box.findData(chosen or 0)))
        self.box.setToolTip(self.tr("The language of the console's texts on this computer"))
        self.note = QLabel(self.tr("From the next start"))
        self.note.setObjectName("muted")
        self.note.setVisible(False)
        self.box.currentIndexChanged.connect(self._changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box)
        row.addWidget(self.note, 1)

    def _changed(self) -> None:
        language = int(self.box.currentData())
        choose_language(language or None)
        self.note.setVisible(True)
