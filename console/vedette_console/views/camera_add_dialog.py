"""The "Add cameras" dialog (CAM-01, CAM-02): find ONVIF cameras by WS-Discovery on
an address range (or type one camera's address), tick them, Test, Add selected or
Add all, each row saying what happened; or add one camera by its RTSP URLs.

Every call runs off the UI thread through the session; at most ``PARALLEL`` tests or
adds are in flight at once, so adding 64 cameras does not starve the other calls.
A camera already added from an address is listed greyed, not ticked, not addable.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session

#: Tests or adds in flight at once.
PARALLEL = 3
COL_NAME, COL_ADDRESS, COL_HARDWARE, COL_RESULT = range(4)
_OK = QColor(95, 200, 115)
_BAD = QColor(235, 100, 90)
_GREY = QColor(120, 126, 138)


@dataclass
class FoundCamera:
    """One row: a camera found by a search or typed in."""

    address: str
    port: int
    hardware: str = ""
    already_added: bool = False
    camera_id: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.address, self.port)


class _Relay(QObject):
    """Carries a search's answers from the worker to the UI thread (queued)."""

    found = Signal(object)


class OnvifTab(QWidget):
    """Search, tick, test and add ONVIF cameras. Signal: ``added(Camera)``."""

    added = Signal(object)

    def __init__(self, session: Session, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        #: Camera names already used on the server (case-folded).
        self.taken = taken
        self.rows: dict[tuple[str, int], FoundCamera] = {}
        self._queue: deque[Callable[[], None]] = deque()
        self._in_flight = 0
        self._searching = False
        self._batch_total = self._batch_done = self._batch_ok = 0
        self._verb = ""
        self._relay = _Relay(self)
        self._relay.found.connect(self._on_found)

        self.targets = QLineEdit()
        self.targets.setPlaceholderText(self.tr("192.168.1.2-192.168.1.254, or one address"))
        self.targets.setToolTip(
            self.tr(
                "Addresses or ranges to ask, separated by commas; add :PORT when the "
                "cameras answer discovery on another port than 3702"
            )
        )
        self.targets.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.manual_button = QPushButton(self.tr("Add address to list"))
        self.manual_button.setToolTip(
            self.tr("A camera that does not answer discovery: its address[:port], then Test")
        )
        self.manual_button.clicked.connect(self.add_typed_address)
        self.multicast = QCheckBox(self.tr("Also search the local network (multicast)"))

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Address"), self.tr("Hardware"), self.tr("Result")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_NAME, 190)
        self.table.setColumnWidth(COL_ADDRESS, 150)
        self.table.setColumnWidth(COL_HARDWARE, 110)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())

        self.user = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("the cameras' password"))

        self.test_button = QPushButton(self.tr("Test selected"))
        self.test_button.clicked.connect(self.test_selected)
        self.add_button = QPushButton(self.tr("Add selected"))
        self.add_button.clicked.connect(self.add_selected)
        self.add_all_button = QPushButton(self.tr("Add all"))
        self.add_all_button.clicked.connect(self.add_all)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(160)
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)

        search_row = QHBoxLayout()
        search_row.addWidget(QLabel(self.tr("Addresses")))
        search_row.addWidget(self.targets, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.manual_button)
        credentials = QHBoxLayout()
        credentials.addWidget(QLabel(self.tr("Camera user")))
        credentials.addWidget(self.user)
        credentials.addWidget(QLabel(self.tr("Password")))
        credentials.addWidget(self.password)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.progress)
        actions.addWidget(self.test_button)
        actions.addWidget(self.add_button)
        actions.addWidget(self.add_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.multicast)
        layout.addWidget(self.table, 1)
        layout.addLayout(credentials)
        layout.addLayout(actions)
        self._update_buttons()

    # -- rows ------------------------------------------------------------------------

    def _item(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        assert item is not None  # every cell is set when its row is made
        return item

    def _row_of(self, key: tuple[str, int]) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_ADDRESS)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                return row
        return -1

    def _put_row(self, found: FoundCamera, name: str) -> None:
        self.table.blockSignals(True)
        row = self._row_of(found.key)
        if row < 0:
            row = self.table.rowCount()
            self.table.insertRow(row)
            name_item = QTableWidgetItem(ops.unique_name(name, self.taken, found.address))
            self.table.setItem(row, COL_NAME, name_item)
            address = QTableWidgetItem(f"{found.address}:{found.port}")
            address.setData(Qt.ItemDataRole.UserRole, found.key)
            self.table.setItem(row, COL_ADDRESS, address)
            self.table.setItem(row, COL_HARDWARE, QTableWidgetItem(found.hardware))
            self.table.setItem(row, COL_RESULT, QTableWidgetItem(""))
            for col in (COL_ADDRESS, COL_HARDWARE, COL_RESULT):
                item = self._item(row, col)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.rows[found.key] = found
        name_item = self._item(row, COL_NAME)
        if found.already_added:
            name_item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            )  # not ticked, not editable
            name_item.setData(Qt.ItemDataRole.CheckStateRole, None)
            for col in range(4):
                self._item(row, col).setForeground(QBrush(_GREY))
            self._item(row, COL_RESULT).setText(
                self.tr("Already added (camera #{id})").format(id=found.camera_id)
                if found.camera_id
                else self.tr("Already added")
            )
        else:
            name_item.setFlags(name_item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            if name_item.data(Qt.ItemDataRole.CheckStateRole) is None:
                name_item.setCheckState(Qt.CheckState.Checked)
        self.table.blockSignals(False)
        self._update_buttons()

    def _set_result(self, key: tuple[str, int], text: str, ok: bool | None) -> None:
        row = self._row_of(key)
        if row < 0:
            return
        item = self._item(row, COL_RESULT)
        item.setText(text)
        item.setToolTip(text)
        if ok is not None:
            item.setForeground(QBrush(_OK if ok else _BAD))

    def ticked(self) -> list[FoundCamera]:
        """The ticked cameras not added yet, in table order."""
        found = []
        for row in range(self.table.rowCount()):
            name = self._item(row, COL_NAME)
            key = self._item(row, COL_ADDRESS).data(Qt.ItemDataRole.UserRole)
            camera = self.rows[tuple(key)]
            if not camera.already_added and name.checkState() == Qt.CheckState.Checked:
                found.append(camera)
        return found

    def _name(self, key: tuple[str, int]) -> str:
        row = self._row_of(key)
        return self._item(row, COL_NAME).text().strip() if row >= 0 else ""

    def result_text(self, key: tuple[str, int]) -> str:
        row = self._row_of(key)
        return self._item(row, COL_RESULT).text() if row >= 0 else ""

    # -- search ----------------------------------------------------------------------

    def search(self) -> None:
        try:
            targets = ops.parse_targets(self.targets.text())
        except ValueError as exc:
            self._say(str(exc), ok=False)
            return
        self._searching = True
        before = len(self.rows)
        self._say(self.tr("Searching…"))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._update_buttons()
        op = ops.discover_op(
            targets, self._relay.found.emit, parent=self, multicast=self.multicast.isChecked()
        )
        op.success(lambda _count: self._search_done(len(self.rows) - before))
        op.failure(self._search_failed)
        op.run(self.session)

    def _on_found(self, camera: cameras_pb2.DiscoveredCamera) -> None:
        known = self.rows.get((camera.address, camera.port))
        found = FoundCamera(
            camera.address,
            camera.port,
            camera.hardware,
            camera.already_added or bool(known and known.already_added),
            camera.camera_id or (known.camera_id if known else 0),
        )
        self._put_row(found, camera.name or camera.hardware)

    def _search_done(self, new: int) -> None:
        self._searching = False
        self.progress.setVisible(False)
        added = sum(1 for c in self.rows.values() if c.already_added)
        self._say(
            self.tr(
                "{count} cameras listed, {new} new in this search, {added} already added"
            ).format(count=len(self.rows), new=new, added=added)
            if self.rows
            else self.tr("No camera answered. Check the range, or add an address to the list.")
        )
        self._update_buttons()

    def _search_failed(self, error: Exception) -> None:
        self._searching = False
        self.progress.setVisible(False)
        self._say(self.tr("Search failed: {error}").format(error=error_text(error)), ok=False)
        self._update_buttons()

    def add_typed_address(self) -> None:
        try:
            host, port = ops.parse_host_port(self.targets.text())
        except ValueError as exc:
            self._say(str(exc), ok=False)
            return
        self._put_row(FoundCamera(host, port), host)
        self._say(
            self.tr("{host}:{port} listed: Test it, then add it").format(host=host, port=port)
        )

    # -- test and add ----------------------------------------------------------------

    def _credentials(self) -> ops.Credentials:
        return ops.Credentials(self.user.text().strip(), self.password.text())

    def test_selected(self) -> None:
        cameras = self.ticked()
        credentials = self._credentials()
        self._start_batch(len(cameras), self.tr("Testing"))
        for camera in cameras:
            self._set_result(camera.key, self.tr("Testing…"), None)
            self._queue.append(partial(self._test, camera, credentials))
        self._pump()

    def _test(self, camera: FoundCamera, credentials: ops.Credentials) -> None:
        op = ops.test_op(camera.address, camera.port, credentials, parent=self)
        op.success(lambda result: self._tested(camera, result))
        op.failure(lambda error: self._finished(camera, error_text(error), False))
        op.run(self.session)

    def _tested(self, camera: FoundCamera, result: cameras_pb2.TestCameraResponse) -> None:
        if result.error != cameras_pb2.ONVIF_ERROR_UNSPECIFIED:
            self._finished(camera, ops.onvif_error_text(result.error, result.error_message), False)
            return
        if not camera.hardware:
            camera.hardware = result.model
            row = self._row_of(camera.key)
            self._item(row, COL_HARDWARE).setText(result.model)
        self._finished(camera, ops.profile_summary(result), True)

    def add_selected(self) -> None:
        cameras = self.ticked()
        credentials = self._credentials()
        self._start_batch(len(cameras), self.tr("Adding"))
        for camera in cameras:
            name = ops.unique_name(self._name(camera.key), self.taken, camera.address)
            self.taken.add(name.casefold())
            self._set_result(camera.key, self.tr("Adding…"), None)
            self._queue.append(partial(self._add, camera, name, credentials))
        self._pump()

    def add_all(self) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self._item(row, COL_NAME)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked)
        self.table.blockSignals(False)
        self.add_selected()

    def _add(self, camera: FoundCamera, name: str, credentials: ops.Credentials) -> None:
        op = ops.add_onvif_op(name, camera.address, camera.port, credentials, parent=self)
        op.success(lambda added: self._added(camera, added))
        op.failure(lambda error: self._add_failed(camera, name, error))
        op.run(self.session)

    def _added(self, camera: FoundCamera, added: cameras_pb2.Camera) -> None:
        camera.already_added, camera.camera_id = True, added.id
        row = self._row_of(camera.key)
        self._item(row, COL_NAME).setText(added.name)
        self._put_row(camera, added.name)
        self._finished(
            camera,
            self.tr("Added as “{name}” (camera #{id})").format(name=added.name, id=added.id),
            True,
        )
        self.added.emit(added)

    def _add_failed(self, camera: FoundCamera, name: str, error: Exception) -> None:
        self.taken.discard(name.casefold())
        self._finished(camera, error_text(error), False)

    # -- the batch -------------------------------------------------------------------

    def _start_batch(self, count: int, verb: str) -> None:
        if not count:
            self._say(self.tr("Tick the cameras first"), ok=False)
            return
        self._batch_total, self._batch_done, self._batch_ok = count, 0, 0
        self._verb = verb
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._say(self.tr("{verb} {count} cameras…").format(verb=verb, count=count))

    def _pump(self) -> None:
        while self._queue and self._in_flight < PARALLEL:
            self._in_flight += 1
            self._queue.popleft()()
        self._update_buttons()

    def _finished(self, camera: FoundCamera, text: str, ok: bool) -> None:
        self._in_flight -= 1
        self._batch_done += 1
        self._batch_ok += int(ok)
        self._set_result(camera.key, text, ok)
        self.progress.setValue(self._batch_done)
        if self._batch_done >= self._batch_total:
            self.progress.setVisible(False)
            failed = self._batch_total - self._batch_ok
            self._say(
                self.tr("{verb}: {ok} succeeded, {failed} failed").format(
                    verb=self._verb, ok=self._batch_ok, failed=failed
                ),
                ok=failed == 0,
            )
        self._pump()

    def busy(self) -> bool:
        return self._searching or self._in_flight > 0 or bool(self._queue)

    def _update_buttons(self) -> None:
        busy = self.busy()
        ticked = bool(self.ticked()) if self.rows else False
        addable = any(not c.already_added for c in self.rows.values())
        self.search_button.setEnabled(not busy)
        self.manual_button.setEnabled(not busy)
        self.test_button.setEnabled(ticked and not busy)
        self.add_button.setEnabled(ticked and not busy)
        self.add_all_button.setEnabled(addable and not busy)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")


class RtspTab(QWidget):
    """Add one camera by its RTSP URLs. Signal: ``added(Camera)``."""

    added = Signal(object)

    def __init__(self, session: Session, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.taken = taken
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Front door"))
        self.main_url = QLineEdit()
        self.main_url.setPlaceholderText("rtsp://192.168.1.64:554/stream1")
        self.sub_url = QLineEdit()
        self.sub_url.setPlaceholderText(self.tr("optional: the low-resolution stream"))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add camera"))
        self.add_button.clicked.connect(self.add)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Main stream URL"), self.main_url)
        form.addRow(self.tr("Sub stream URL"), self.sub_url)
        form.addRow(self.tr("Camera user"), self.user)
        form.addRow(self.tr("Password"), self.password)
        hint = QLabel(self.tr("Give the user name and password here, not inside the URLs."))
        hint.setObjectName("muted")
        form.addRow(hint)
        form.addRow("", self.add_button)
        form.addRow(self.status)

    def add(self) -> None:
        name = self.name.text().strip()
        main, sub = self.main_url.text().strip(), self.sub_url.text().strip()
        problem = ""
        if not name:
            problem = self.tr("Give the camera a name")
        elif name.casefold() in self.taken:
            problem = self.tr("A camera is already called “{name}”").format(name=name)
        elif not main.lower().startswith(("rtsp://", "rtsps://")):
            problem = self.tr("The main stream URL must start with rtsp:// or rtsps://")
        elif sub and not sub.lower().startswith(("rtsp://", "rtsps://")):
            problem = self.tr("The sub stream URL must start with rtsp:// or rtsps://")
        if problem:
            self._say(problem, ok=False)
            return
        credentials = ops.Credentials(self.user.text().strip(), self.password.text())
        self.add_button.setEnabled(False)
        self._say(self.tr("Adding…"), ok=None)
        op = ops.add_rtsp_op(name, main, sub, credentials, parent=self)
        op.success(self._added)
        op.failure(self._failed)
        op.run(self.session)

    def _added(self, camera: cameras_pb2.Camera) -> None:
        self.taken.add(camera.name.casefold())
        self.add_button.setEnabled(True)
        self._say(
            self.tr("Added “{name}” (camera #{id})").format(name=camera.name, id=camera.id), ok=True
        )
        self.name.clear()
        self.password.clear()
        self.added.emit(camera)

    def _failed(self, error: Exception) -> None:
        self.add_button.setEnabled(True)
        self._say(error_text(error), ok=False)

    def _say(self, text: str, *, ok: bool | None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")


class CameraAddDialog(QDialog):
    """Signal: ``camera_added(Camera)`` for every camera added."""

    camera_added = Signal(object)

    def __init__(
        self, session: Session, camera_names: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add cameras — {server}").format(server=session.server))
        self.resize(860, 560)
        taken = {name.casefold() for name in camera_names}
        self.onvif = OnvifTab(session, taken)
        self.rtsp = RtspTab(session, taken)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.onvif, self.tr("Find ONVIF cameras"))
        self.tabs.addTab(self.rtsp, self.tr("RTSP URL"))
        self.onvif.added.connect(self.camera_added)
        self.rtsp.added.connect(self.camera_added)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
