"""``ReserveButton``: an administrator's Reserve/Release toggle in the PTZ panel
(PtzService.ReservePtz/ReleasePtz, Milestone's reserved PTZ session).

Shown only to users with the accounts area right (the server's rule for both calls),
asked with GetMyAccount when the panel gets a camera. Checked while the camera is
reserved (by this user or another administrator: either may release it), as the
panel's state poll says; a click reserves for the server's default hour or
releases, then the panel polls again. A refusal (another administrator's
reservation, no PTZ device) is reported through ``failed`` with the server's reason.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from vedette_api.client import Client
from vedette_api.errors import NotFound, PermissionDenied, Unimplemented
from vedette_api.v1 import accounts_pb2, ptz_pb2
from vedette_console.failures import error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session


def _may_reserve(client: Client) -> bool:
    try:
        account = client.get_my_account()
    except (PermissionDenied, Unimplemented, NotFound):
        return False
    return accounts_pb2.AREA_ACCOUNTS in account.rights.areas


def may_reserve_op(*, parent: QObject | None) -> ServerOp[bool]:
    return ServerOp(parent, _may_reserve)


class ReserveButton(QToolButton):
    """Signals: ``changed()`` after a reserve or release, ``failed(str)``."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id: int | None = None
        self.setObjectName("ptzLens")
        self.setCheckable(True)
        self.hide()
        self._show(reserved=False)
        self.clicked.connect(self._clicked)

    def set_camera(self, camera_id: int | None) -> None:
        """Follow ``camera_id``; shown once the server says this user may reserve."""
        self.camera_id = camera_id
        self.hide()
        if camera_id is None:
            return
        op = may_reserve_op(parent=self)
        op.success(lambda allowed: self.setVisible(allowed and self.camera_id == camera_id))
        op.failure(lambda _: self.hide())
        op.run(self.session)

    def show_state(self, state: ptz_pb2.GetPtzStateResponse) -> None:
        self._show(reserved=state.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED)

    def _show(self, *, reserved: bool) -> None:
        self.setChecked(reserved)
        self.setText(self.tr("Release") if reserved else self.tr("Reserve"))
        self.setToolTip(
            self.tr("End the reservation of this camera")
            if reserved
            else self.tr("Reserve this camera for an hour: only you move it until you release it")
        )

    def _clicked(self) -> None:
        camera_id = self.camera_id
        if camera_id is None:
            return
        release = not self.isChecked()  # the click toggled it already

        def call(client: Client) -> object:
            if release:
                return client.release_ptz(camera_id)
            return client.reserve_ptz(camera_id)

        op: ServerOp[object] = ServerOp(self, call)
        op.success(lambda _: self._done(reserved=not release))
        op.failure(lambda error: self._refused(error, reserved=release))
        op.run(self.session)

    def _done(self, *, reserved: bool) -> None:
        self._show(reserved=reserved)
        self.changed.emit()

    def _refused(self, error: Exception, *, reserved: bool) -> None:
        self._show(reserved=reserved)
        self.failed.emit(error_text(error))
