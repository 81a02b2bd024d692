"""The Settings window: the manual's menu as a navigation list on the left (groups
Cameras, Storage, Accounts, System, Display, Alarms) and the selected page on the
right.

The user's rights are read once when the window opens; only the pages whose
``visible(rights)`` holds are listed, and a user who may see none reads a sentence
saying so. A page is built and ``load()``ed the first time it is selected, so
opening the window costs one call whatever the number of pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from vedette_console.failures import error_text
from vedette_console.operations.settings_rights import load_settings_rights
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.pages import GROUPS, available_pages

_PAGE_ROLE = Qt.ItemDataRole.UserRole


class SettingsWindow(QWidget):
    """A non-modal top-level window. Signal: ``page_shown(SettingsPage)`` when a page
    is selected (built and loading on its first selection)."""

    page_shown = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(tr("Settings — {server}").format(server=session.server))
        self.resize(1180, 720)
        self.session = session
        self.rights: SettingsRights | None = None
        self.page_classes = available_pages()
        #: Built pages by class (each built on its first selection).
        self.pages: dict[type[SettingsPage], SettingsPage] = {}
        self._pending: tuple[str, str] | None = None
        #: The listed pages and their items in the navigation list, in order.
        self._items: list[tuple[type[SettingsPage], QTreeWidgetItem]] = []
        self.nav = QTreeWidget()
        self.nav.setHeaderHidden(True)
        self.nav.setRootIsDecorated(False)
        self.nav.setFixedWidth(230)
        self.nav.currentItemChanged.connect(self._selected)
        self.message = QLabel(tr("Reading your rights…"))
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    # -- rights and the list ------------------------------------------------------------

    def load(self) -> None:
        """Read the user's rights, then list the pages they show."""
        op = load_settings_rights(parent=self)
        op.success(self._build).failure(self._rights_failed).run(self.session)

    def _rights_failed(self, error: Exception) -> None:
        self.message.setText(
            tr("Your rights could not be read: {reason}").format(reason=error_text(error))
        )

    def _build(self, rights: SettingsRights) -> None:
        self.rights = rights
        self.nav.clear()
        self._items = []
        for group in GROUPS:
            shown = [p for p in self.page_classes if p.group == group and p.visible(rights)]
            if not shown:
                continue
            header = QTreeWidgetItem([tr(group)])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            for page in shown:
                item = QTreeWidgetItem([tr(page.title)])
                item.setData(0, _PAGE_ROLE, page)
                header.addChild(item)
                self._items.append((page, item))
            self.nav.addTopLevelItem(header)
        self.nav.expandAll()
        if not self._items:
            self.message.setText(tr("You have no right to see or change any settings."))
            return
        self.message.setText(tr("Choose a page on the left."))
        group, title = self._pending or ("", "")
        self._pending = None
        if self.open_page(group, title) is None and self.nav.currentItem() is None:
            self.nav.setCurrentItem(self._items[0][1])

    # -- pages ---------------------------------------------------------------------------

    def groups(self) -> list[str]:
        """The groups listed (English source names), in order."""
        return list(dict.fromkeys(page.group for page, _ in self._items))

    def listed(self) -> list[type[SettingsPage]]:
        """The pages listed, in order."""
        return [page for page, _ in self._items]

    def open_page(self, group: str, title: str = "") -> SettingsPage | None:
        """Select the page ``title`` of ``group`` (its first page without a title);
        remembered until the rights are read. The page shown, or ``None``."""
        if self.rights is None:
            self._pending = (group, title)
            return None
        for page, item in self._items:
            if page.group == group and (not title or page.title == title):
                self.nav.setCurrentItem(item)
                return self.pages.get(page)
        return None

    def open_group(self, group: str) -> SettingsPage | None:
        return self.open_page(group)

    def current_page(self) -> SettingsPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, SettingsPage) else None

    def _selected(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is None or self.rights is None:
            return
        page_class = item.data(0, _PAGE_ROLE)
        if page_class is None:  # a group's header: its first page
            first_child = item.child(0)
            if first_child is not None:
                self.nav.setCurrentItem(first_child)
            return
        page = self.pages.get(page_class)
        first = page is None
        if page is None:
            page = page_class(self.session, self.rights)
            self.pages[page_class] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if first:
            page.load()
        self.page_shown.emit(page)
