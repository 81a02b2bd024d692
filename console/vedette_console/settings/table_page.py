"""What the Settings pages built around a table of server objects share, so that each
page says only what it shows and what its buttons do: the table (one object a row,
its id kept in the row), the selection kept on the same object when the rows are
read again, the question asked before a change that loses something, the dialog
open over the page, and, for pages the change feed keeps current
(``FedTablePage``), reading when shown and again when the feed says so, a change
said and read again, and the server's refusal shown beside the field it concerns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from vedette_console.alarm_admin.tables import make_table, row_id
from vedette_console.failures import error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.refresh import Refresher
from vedette_console.settings.table_fill import fill_table
from vedette_console.widgets.confirm import ask_yes

T = TypeVar("T")


def error_label() -> QLabel:
    """A hidden red line for the server's refusal of one field or form."""
    label = QLabel("")
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #d9534f")
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    """``text`` in ``label``, which is hidden when there is none."""
    label.setText(text)
    label.setVisible(bool(text))


class TablePage(SettingsPage):
    """A page around ``self.table``, whose headers are ``columns``. ``confirm`` and
    ``dialog`` are the open question and dialog (tests answer them)."""

    #: The table's headers (English source texts in the "settings" context).
    columns: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.table = make_table([tr(column) for column in self.columns])
        self.confirm: QMessageBox | None = None
        self.dialog: QDialog | None = None

    def selected_id(self) -> int:
        """The id of the current row's object (0: none)."""
        row = self.table.currentRow()
        return row_id(self.table, row) if row >= 0 else 0

    def select_id(self, object_id: int) -> None:
        """Select the row of the object ``object_id`` (none when it is not listed)."""
        for row in range(self.table.rowCount()):
            if row_id(self.table, row) == object_id:
                self.table.selectRow(row)

    def fill(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """Show ``rows`` (as ``fill_table`` takes them) with the object selected before
        still selected (when it is gone, the row now in its place; the first row when
        none was), and no selection change signalled: a read must not reset what is
        being edited."""
        selected = self.selected_id()
        self.table.blockSignals(True)
        fill_table(self.table, rows)
        self.select_id(selected)
        if self.table.currentRow() < 0 and rows:
            self.table.selectRow(0)
        self.table.blockSignals(False)

    def ask(self, title: str, text: str, on_yes: Callable[[], None]) -> None:
        """Ask before a change that loses something; ``on_yes`` when the answer is yes."""
        self.confirm = ask_yes(
            self, title, text, on_yes, on_closed=self._forget_confirm, icon=QMessageBox.Icon.Warning
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def open_dialog(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        """Open ``dialog`` over the page (window-modal); ``on_accepted`` when it is."""
        self.dialog = dialog
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(self._forget_dialog)
        dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None


class FedTablePage(TablePage, Generic[T]):
    """A table page that ``read()``s what it shows when shown, and in the background
    when the change feed says one of ``kinds`` changed (and every ``every_ms`` while
    shown, when not 0); ``present`` shows what was read."""

    #: The change feed's resource kinds (``alarms_pb2.RESOURCE_KIND_*``) it shows.
    kinds: ClassVar[tuple[int, ...]] = ()
    #: Read this often (ms) while shown, for figures the feed does not carry (0: never).
    every_ms: ClassVar[int] = 0

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.refresher = Refresher(
            self, session, self.kinds, self.read, self.present, every_ms=self.every_ms
        )

    def read(self) -> ServerOp[T]:
        """The server call reading what the page shows (pages override)."""
        raise NotImplementedError

    def present(self, found: T) -> None:
        """Show what ``read()`` found (pages override)."""
        raise NotImplementedError

    def load(self) -> None:
        self.run(self.read(), self._loaded, working=tr("Reading…"))

    def _loaded(self, found: T) -> None:
        self.present(found)
        self.say("")

    def changed(self, text: str) -> None:
        """A change went through: say it and read again."""
        self.say(text)
        self.refresher.refresh()

    def refused(self, label: QLabel, error: Exception) -> None:
        """The server's reason in ``label``, next to what it concerns (not twice)."""
        show_error(label, error_text(error))
        self.say("")
