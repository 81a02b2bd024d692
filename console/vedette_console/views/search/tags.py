"""The tag list (SEARCH-05): play, rename, delete; it follows the server's tag
changes (the change feed), whoever made them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import search_pb2
from vedette_console.operations import tags as tag_ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import ROLE_ID, ROLE_TIME


class TagList(QWidget):
    """SEARCH-05: tags with play, rename, delete."""

    open_playback = Signal(object, object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.display = session.settings.display
        self.list = QTreeWidget()
        self.list.setHeaderLabels(
            [self.tr("Time"), self.tr("Camera"), self.tr("Name"), self.tr("By")]
        )
        self.list.setRootIsDecorated(False)
        self.list.itemDoubleClicked.connect(lambda item, _: self._play(item))
        buttons = QHBoxLayout()
        for text, action in (
            (self.tr("Refresh"), self.load),
            (self.tr("Play"), lambda: self._play(self.list.currentItem())),
            (self.tr("Rename…"), self._rename),
            (self.tr("Delete"), self._delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        self.names: dict[int, str] = {}
        self.tags: list[search_pb2.Tag] = []
        #: Whether the list was shown once (only then do changes reload it).
        self.loaded = False

    def set_display(self, display: TimeDisplay) -> None:
        self.display = display
        self._show(self.tags)

    def clear(self) -> None:
        self.list.clear()
        self.tags = []
        self.loaded = False

    def load(self, *, background: bool = False) -> None:
        """Fetch the tags; ``background`` when the console reloads by itself."""
        self.loaded = True
        op = tag_ops.list_tags(parent=self).success(self._show)
        (op.background() if background else op).run(self.session)

    def _show(self, tags: list[search_pb2.Tag]) -> None:
        self.tags = tags
        current = self.list.currentItem()
        selected = None if current is None else current.data(0, ROLE_ID)
        self.list.clear()
        for tag in tags:
            time_us = us_from_timestamp(tag.time)
            item = QTreeWidgetItem(
                [
                    self.display.date_time(time_us),
                    self.names.get(tag.camera_id, f"#{tag.camera_id}"),
                    tag.name,
                    tag.created_by,
                ]
            )
            item.setData(0, ROLE_TIME, time_us)
            item.setData(0, ROLE_ID, tag.id)
            item.setData(1, ROLE_ID, tag.camera_id)
            self.list.addTopLevelItem(item)
            if tag.id == selected:
                self.list.setCurrentItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)

    def _play(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_playback.emit(int(item.data(1, ROLE_ID)), int(item.data(0, ROLE_TIME)))

    def _rename(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename tag"), self.tr("Name"), text=item.text(2)
        )
        if ok and name.strip():
            tag_id = int(item.data(0, ROLE_ID))
            op = tag_ops.rename_tag(parent=self, tag_id=tag_id, name=name.strip())
            op.success(lambda _: self.load()).run(self.session)

    def _delete(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            op = tag_ops.delete_tag(parent=self, tag_id=int(item.data(0, ROLE_ID)))
            op.success(lambda _: self.load()).run(self.session)
