"""The alarm list's dialogs: close with a resolution, and one line of text (a
comment, an owner, a manual alarm's name)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vedette_console.alarms import words

#: The server's limits (alarms.proto): a comment, a manual alarm's name.
COMMENT_MAX = 4000
NAME_MAX = 128


class CloseDialog(QDialog):
    """A resolution (required) and an optional closing note."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close alarms") if count > 1 else self.tr("Close alarm"))
        self.resolution = QComboBox()
        for value, label in words.RESOLUTION_LABELS.items():
            self.resolution.addItem(words.tr(label), value)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("What happened (optional)"))
        self.note.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("Resolution"), self.resolution)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if count > 1:
            layout.addWidget(QLabel(self.tr("{count} alarms").format(count=count)))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[int, str]:
        return int(self.resolution.currentData()), self.note.toPlainText().strip()[:COMMENT_MAX]


class TextDialog(QDialog):
    """One piece of text, refused empty (the OK button is disabled)."""

    def __init__(
        self, title: str, label: str, parent: QWidget | None = None, *, limit: int = COMMENT_MAX
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.field = QLineEdit()
        self.field.setMaxLength(limit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.field.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow(label, self.field)
        form.addRow(buttons)

    def text(self) -> str:
        return self.field.text().strip()
