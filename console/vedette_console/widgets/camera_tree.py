"""The site tree: the server and its cameras with their online state; cameras are
dragged from here onto tiles (a server node drags all its cameras), and several
selected cameras open together in playback or live from the right-click menu."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QPainter,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QWidget

from vedette_api.v1 import cameras_pb2, common_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.widgets.tile import CAMERA_MIME, CameraRef, camera_mime

CAMERA_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SERVER_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3

_STATE_TEXT = {
    cameras_pb2.STREAM_STATE_ONLINE: "online",
    cameras_pb2.STREAM_STATE_CONNECTING: "connecting",
    cameras_pb2.STREAM_STATE_OFFLINE: "offline",
    cameras_pb2.STREAM_STATE_DISABLED: "disabled",
}
#: A state's words (context ``CameraTree``).
_STATE_WORDS = {
    "online": QT_TRANSLATE_NOOP("CameraTree", "online"),
    "connecting": QT_TRANSLATE_NOOP("CameraTree", "connecting"),
    "offline": QT_TRANSLATE_NOOP("CameraTree", "offline"),
    "disabled": QT_TRANSLATE_NOOP("CameraTree", "disabled"),
}
_STATE_COLOR = {
    "online": QColor(63, 185, 80),
    "connecting": QColor(227, 197, 58),
    "offline": QColor(229, 83, 75),
    "disabled": QColor(110, 116, 128),
}


def camera_state(camera: cameras_pb2.Camera) -> str:
    if not camera.enabled:
        return "disabled"
    return _STATE_TEXT.get(camera.status.main.state, "offline")


_REASON_WORDS: dict[int, str] = {
    common_pb2.RECORD_REASON_SCHEDULE: QT_TRANSLATE_NOOP("CameraTree", "schedule"),
    common_pb2.RECORD_REASON_MANUAL: QT_TRANSLATE_NOOP("CameraTree", "manual"),
    common_pb2.RECORD_REASON_MOTION: QT_TRANSLATE_NOOP("CameraTree", "motion"),
    common_pb2.RECORD_REASON_SENSOR: QT_TRANSLATE_NOOP("CameraTree", "sensor"),
    common_pb2.RECORD_REASON_ANALYTICS: QT_TRANSLATE_NOOP("CameraTree", "analytics"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CameraTree", text)


def camera_status_line(camera: cameras_pb2.Camera, reasons: Sequence[int] = ()) -> str:
    """Short state for a tile: "● REC schedule+manual", "OFFLINE: timeout", …"""
    state = camera_state(camera)
    if state == "online":
        if not camera.status.recording:
            return _tr("online")
        words = [_tr(_REASON_WORDS[r]) for r in sorted(set(reasons)) if r in _REASON_WORDS]
        return _tr("● REC {reasons}").format(reasons="+".join(words)) if words else _tr("● REC")
    if state == "offline":
        reason = cameras_pb2.OfflineReason.Name(camera.status.main.offline_reason)
        reason = reason.removeprefix("OFFLINE_REASON_").replace("_", " ").lower()
        if reason == "unspecified":
            return _tr("OFFLINE")
        return _tr("OFFLINE: {reason}").format(reason=reason)
    return _tr(_STATE_WORDS[state]).upper()


def _dot(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QBrush(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


class _Model(QStandardItemModel):
    def mimeTypes(self) -> list[str]:
        return [CAMERA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex | QPersistentModelIndex]) -> QMimeData:
        cameras: list[tuple[str, int]] = []
        for index in indexes:
            item = self.itemFromIndex(self.index(index.row(), index.column(), index.parent()))
            camera_id = item.data(CAMERA_ID_ROLE)
            server = str(item.data(SERVER_ROLE) or "")
            if camera_id is not None:
                cameras.append((server, int(camera_id)))
            else:  # a server: all its cameras
                cameras += [
                    (server, int(item.child(row).data(CAMERA_ID_ROLE)))
                    for row in range(item.rowCount())
                ]
        data = QMimeData()
        data.setData(CAMERA_MIME, camera_mime(cameras))
        return data


class CameraTree(QTreeView):
    """Signals: ``camera_activated(camera_id, server)`` (double-click),
    ``server_selected(server)`` (a click on a server or one of its cameras),
    ``play_requested(cameras)`` and ``live_requested(cameras)`` (the right-click
    menu on a selection; ``cameras`` is a list of ``CameraRef``),
    ``edit_requested(CameraRef)`` and ``add_requested(server)`` (offered on the
    servers in ``managed_servers`` only: where the user may change cameras)."""

    camera_activated = Signal(object, str)
    server_selected = Signal(str)
    play_requested = Signal(list)
    live_requested = Signal(list)
    edit_requested = Signal(object)
    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = _Model(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(14)
        self.setMinimumWidth(220)
        self.doubleClicked.connect(self._on_double_click)
        self.clicked.connect(self._on_click)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda pos: self._menu(QPoint(pos)))
        #: The last right-click menu (tests trigger its actions).
        self.context_menu: QMenu | None = None
        self._servers: dict[str, QStandardItem] = {}
        #: A site's servers' names, by ``host:port`` (``set_server_name``).
        self.server_names: dict[str, str] = {}
        self.cameras: dict[int, cameras_pb2.Camera] = {}
        self.server_cameras: dict[str, list[cameras_pb2.Camera]] = {}
        #: Servers where the user may add and edit cameras (the cameras area right).
        self.managed_servers: set[str] = set()

    def selected_cameras(self) -> list[CameraRef]:
        """The selected cameras in tree order, a selected server node standing for
        all its cameras (each camera once)."""
        found: list[CameraRef] = []
        selected = self.selectionModel().selectedIndexes()
        rows = sorted(selected, key=lambda i: (i.parent().row(), i.row()))
        for index in rows:
            item = self._model.itemFromIndex(index)
            server = str(item.data(SERVER_ROLE) or "")
            camera_id = item.data(CAMERA_ID_ROLE)
            if camera_id is not None:
                refs = [CameraRef(server, int(camera_id))]
            else:
                refs = [
                    CameraRef(server, int(item.child(row).data(CAMERA_ID_ROLE)))
                    for row in range(item.rowCount())
                ]
            found += [ref for ref in refs if ref not in found]
        return found

    def _menu(self, pos: QPoint) -> None:
        cameras = self.selected_cameras()
        index = self.indexAt(pos)
        server = str(index.data(SERVER_ROLE) or "") if index.isValid() else ""
        if not cameras and server not in self.managed_servers:
            return
        menu = QMenu(self)
        count = len(cameras)
        if cameras:
            menu.addAction(
                count_text("CameraTree", count, "Play (1 camera)", "Play ({count} cameras)"),
                lambda: self.play_requested.emit(cameras),
            )
            menu.addAction(
                count_text(
                    "CameraTree", count, "Show live (1 camera)", "Show live ({count} cameras)"
                ),
                lambda: self.live_requested.emit(cameras),
            )
        if server in self.managed_servers:
            menu.addSeparator()
            if count == 1 and index.data(CAMERA_ID_ROLE) is not None:
                menu.addAction(
                    self.tr("Edit camera…"), lambda: self.edit_requested.emit(cameras[0])
                )
            menu.addAction(self.tr("Add cameras…"), lambda: self.add_requested.emit(server))
        menu.popup(self.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def set_server_name(self, server: str, name: str) -> None:
        """Show ``server`` (``host:port``) by its name in a site, the address in its
        tooltip."""
        self.server_names[server] = name
        item = self._server_item(server)
        item.setToolTip(server)
        text = item.text()
        state = text.split(" — ", 1)[1] if " — " in text else ""
        item.setText(f"{name} — {state}" if state else name)

    def set_server_state(self, server: str, text: str, ok: bool) -> None:
        item = self._server_item(server)
        name = self.server_names.get(server, server)
        item.setText(f"{name} — {text}" if text else name)
        item.setIcon(_dot(_STATE_COLOR["online" if ok else "offline"]))
        if not ok:
            # Its cameras' last known state is not the truth any more: grey, "unknown",
            # until the server's list is read again (``set_cameras``).
            for row in range(item.rowCount()):
                child = item.child(row)
                if child.data(STATE_ROLE) != "unknown":
                    child.setData("unknown", STATE_ROLE)
                    child.setIcon(_dot(_STATE_COLOR["disabled"]))
                    child.setToolTip(
                        self.tr("{name}: state unknown ({server} {state})").format(
                            name=child.text(), server=name, state=text
                        )
                    )

    def _server_item(self, server: str) -> QStandardItem:
        item = self._servers.get(server)
        if item is None:
            item = QStandardItem(self.server_names.get(server, server))
            item.setData(server, SERVER_ROLE)
            item.setIcon(_dot(_STATE_COLOR["online"]))
            self._model.appendRow(item)
            self._servers[server] = item
            self.expand(item.index())
        return item

    def set_cameras(self, server: str, cameras: list[cameras_pb2.Camera]) -> None:
        """Show a server's cameras; rows are updated in place when the same cameras
        come back (a reload after a change), so selection and drags are not disturbed."""
        root = self._server_item(server)
        same = [root.child(row).data(CAMERA_ID_ROLE) for row in range(root.rowCount())] == [
            c.id for c in cameras
        ]
        if not same:
            root.removeRows(0, root.rowCount())
        self.server_cameras[server] = cameras
        for row, camera in enumerate(cameras):
            self.cameras[camera.id] = camera
            state = camera_state(camera)
            item = root.child(row) if same else QStandardItem()
            assert item is not None
            item.setText(camera.name)
            item.setData(camera.id, CAMERA_ID_ROLE)
            item.setData(server, SERVER_ROLE)
            if item.data(STATE_ROLE) != state:
                item.setData(state, STATE_ROLE)
                item.setIcon(_dot(_STATE_COLOR[state]))
            status = camera.status.main
            detail = self.tr("{name} (#{id}): {state}").format(
                name=camera.name, id=camera.id, state=self.tr(_STATE_WORDS[state])
            )
            if status.width:
                detail += f", {status.width}×{status.height} {status.fps:.0f} fps"
            if status.message:
                detail += f"\n{status.message}"
            item.setToolTip(detail)
            if not same:
                root.appendRow(item)
        self.expand(root.index())

    def camera_ids(self) -> list[int]:
        return sorted(self.cameras)

    def _on_click(self, index: QModelIndex) -> None:
        server = index.data(SERVER_ROLE)
        if server:
            self.server_selected.emit(str(server))

    def _on_double_click(self, index: QModelIndex) -> None:
        camera_id = index.data(CAMERA_ID_ROLE)
        if camera_id is not None:
            self.camera_activated.emit(int(camera_id), str(index.data(SERVER_ROLE) or ""))
