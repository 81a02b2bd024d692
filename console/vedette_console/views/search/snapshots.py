"""The snapshot gallery (SEARCH-06): view, previous/next, slideshow, export to the
server, delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_console.operations import snapshots as snapshot_ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import ROLE_ID

ICON = QSize(160, 90)
SLIDESHOW_MS = 3000


class SnapshotGallery(QWidget):
    """SEARCH-06: snapshots: gallery, view, previous/next, slideshow, export, delete."""

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.display = session.settings.display
        self.gallery = QListWidget()
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(ICON)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.gallery.currentItemChanged.connect(lambda item, _: self._view(item))
        self.viewer = QLabel(self.tr("Select a snapshot"))
        self.viewer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer.setMinimumSize(QSize(400, 240))
        self.caption = QLabel()
        self.slideshow = QTimer(self)
        self.slideshow.setInterval(SLIDESHOW_MS)
        self.slideshow.timeout.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for text, action in (
            (self.tr("Refresh"), self.load),
            (self.tr("◀ Previous"), lambda: self._move(-1)),
            (self.tr("Next ▶"), lambda: self._move(1)),
            (self.tr("Slideshow"), self._toggle_show),
            (self.tr("Export selected"), self._export),
            (self.tr("Delete selected"), self._delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addWidget(self.caption)
        splitter = QSplitter()
        splitter.addWidget(self.gallery)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._jpegs: dict[int, bytes] = {}
        self._shots: list[snapshot_ops.Shot] = []

    def set_display(self, display: TimeDisplay) -> None:
        self.display = display
        if self._shots:
            self._show(self._shots)

    def clear(self) -> None:
        self.gallery.clear()
        self._jpegs.clear()
        self._shots = []

    def load(self) -> None:
        snapshot_ops.load_gallery(parent=self).success(self._show).run(self.session)

    def _show(self, shots: list[snapshot_ops.Shot]) -> None:
        self._shots = shots
        self.gallery.clear()
        self._jpegs.clear()
        for shot, jpeg in shots:
            self._jpegs[shot.id] = jpeg
            image = QImage.fromData(jpeg)
            icon = QIcon(QPixmap.fromImage(image.scaled(ICON, Qt.AspectRatioMode.KeepAspectRatio)))
            taken = us_from_timestamp(shot.time)
            label = f"{self.display.day_month(taken)} {self.display.time(taken)}"
            item = QListWidgetItem(icon, label)
            item.setData(ROLE_ID, shot.id)
            source = self.tr("live") if shot.live else self.tr("recorded")
            item.setToolTip(
                self.tr("#{id} camera {camera} {source}").format(
                    id=shot.id, camera=shot.camera_id, source=source
                )
            )
            self.gallery.addItem(item)

    def _view(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        jpeg = self._jpegs.get(int(item.data(ROLE_ID)), b"")
        image = QImage.fromData(jpeg)
        self.viewer.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.viewer.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.caption.setText(item.toolTip())

    def _move(self, step: int) -> None:
        count = self.gallery.count()
        if count:
            self.gallery.setCurrentRow((self.gallery.currentRow() + step) % count)

    def _toggle_show(self) -> None:
        if self.slideshow.isActive():
            self.slideshow.stop()
        else:
            self.slideshow.start()

    def _selected_ids(self) -> list[int]:
        return [int(i.data(ROLE_ID)) for i in self.gallery.selectedItems()]

    def _export(self) -> None:
        ids = self._selected_ids()
        if ids:
            op = snapshot_ops.export_snapshots(parent=self, snapshot_ids=ids)
            op.success(
                lambda done: self.notify(
                    self.tr("Exported to {folder} on the server").format(folder=done.folder)
                )
            ).run(self.session)

    def _delete(self) -> None:
        ids = self._selected_ids()
        if ids:
            op = snapshot_ops.delete_snapshots(parent=self, snapshot_ids=ids)
            op.success(lambda _: self.load()).run(self.session)
