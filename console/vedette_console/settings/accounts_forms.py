"""What the Accounts pages' forms share: a refusal from the server shown next to the
field it names (``name: …`` beside the name, ``password: …`` beside the password),
or in the form's general line when it names none of the form's fields.

A form keeps one hidden red label per field; ``FieldErrors.show(error)`` clears them
all and shows the refusal in the one it concerns, so a second attempt never leaves an
old reason beside a field that is now right."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.errors import AlreadyExists
from vedette_console.alarm_admin.page import AdminPage
from vedette_console.alarm_admin.rule_words import refused_field
from vedette_console.failures import error_field, error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session

T = TypeVar("T")


def error_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #ff7b72;")
    label.hide()
    return label


class FieldErrors:
    """One error label per field key; ``""`` is the form's general line. ``aliases``
    maps the server's field names to the form's keys (``new_password`` → ``password``)."""

    def __init__(self, keys: list[str], aliases: Mapping[str, str] | None = None) -> None:
        self.labels: dict[str, QLabel] = {key: error_label() for key in [*keys, ""]}
        self.aliases = dict(aliases or {})

    def __getitem__(self, key: str) -> QLabel:
        return self.labels[key]

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()

    def say(self, key: str, text: str) -> None:
        """``text`` beside field ``key`` (the general line for an unknown key)."""
        self.clear()
        label = self.labels.get(key, self.labels[""])
        label.setText(text)
        label.show()

    def key_of(self, message: str, field: str = "") -> str:
        """The form's key for the field a refusal names (``field``, else the one its
        message starts with): the field itself or an alias, without the request's
        message name ("user.password" → "password"), or the nearest enclosing one
        ("access_filter.entries[2]" → "access_filter"); "" for none of the form's."""
        parts = re.sub(r"\[\d+\]", lambda m: "." + m.group(0), field or refused_field(message))
        names = [p for p in parts.split(".") if p]
        for start in range(len(names)):
            for end in range(len(names), start, -1):
                candidate = ".".join(names[start:end]).replace(".[", "[")
                candidate = self.aliases.get(candidate, candidate)
                if candidate in self.labels and candidate:
                    return candidate
        return ""

    def show(self, error: BaseException, key: str | None = None) -> str:
        """Show the server's refusal beside its field (``key`` when given); returns
        that field's key."""
        text = error_text(error)
        if key is None:
            key = self.key_of(text, error_field(error) or "")
        if not key and isinstance(error, AlreadyExists) and "name" in self.labels:
            key = "name"  # "user 'bob' already exists" is about the name typed
        named = refused_field(text)
        if key and named:
            # Beside the field its name is said already: "user.password: too short"
            # reads "too short" there.
            text = text[len(named) + 2 :]
        self.say(key, text)
        return key

    def shown(self) -> dict[str, str]:
        """The errors shown, by field key (tests)."""
        return {k: v.text() for k, v in self.labels.items() if not v.isHidden() and v.text()}


def shown_beside(
    errors: FieldErrors, page: AdminPage, key: str | None = None
) -> Callable[[Exception], None]:
    """A page's ``on_error``: the refusal beside its field (``key`` when given) and
    not said again in the page's status line."""

    def show(error: Exception) -> None:
        errors.show(error, key)
        page.say("")

    return show


@contextmanager
def filling(table: QTableWidget) -> Iterator[None]:
    """Fill ``table`` (a ``make_table``, its columns sized to their contents) with its
    columns measured once at the end instead of at every cell set, which costs
    rows x cells (2.6 s for 100 users)."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(header.count())]
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setUpdatesEnabled(False)
    try:
        yield
    finally:
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        table.setUpdatesEnabled(True)


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ServerDialog(QDialog):
    """A dialog whose OK sends its form to the server and closes only when the server
    took it; a refusal stays in the dialog, beside the field it names, and changes
    nothing. Subclasses lay out ``self.form_layout`` with ``self.errors``' labels."""

    def __init__(
        self,
        session: Session,
        keys: list[str],
        parent: QWidget | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.errors = FieldErrors(keys, aliases)
        self.busy = False
        self.buttons = ok_cancel(self)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.submit)
        self.body = QVBoxLayout(self)
        #: What the server answered to the accepted form.
        self.result: Any = None

    def finish_layout(self) -> None:
        self.body.addWidget(self.errors[""])
        self.body.addWidget(self.buttons)

    def submit(self) -> None:
        """Check the form here first (subclasses), then ``send`` it."""

    def refuse(self, key: str, text: str) -> None:
        """The form's own check failed: ``text`` beside field ``key``, nothing sent."""
        self.errors.say(key, text)
        self.adjustSize()

    def send(self, op: ServerOp[T], on_done: Callable[[T], None] | None = None) -> None:
        if self.busy:
            return
        self.busy = True
        self.buttons.setEnabled(False)
        self.errors.clear()

        def done(result: T) -> None:
            self.busy = False
            self.buttons.setEnabled(True)
            self.result = result
            if on_done is not None:
                on_done(result)
            self.accept()

        def failed(error: Exception) -> None:
            self.busy = False
            self.buttons.setEnabled(True)
            self.errors.show(error)
            self.adjustSize()  # room for the reason's lines

        op.success(done).failure(failed).run(self.session)
