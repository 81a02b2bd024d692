"""``PtzPanel``: the PTZ panel docked beside the live grid (PTZ-01..03, LIVE-04).

From the top: the camera's name and a close button; who holds the camera and
where the head points (polled while shown); a banner when a command was denied,
the camera taken over or the stream failed; the virtual joystick beside the eight
direction buttons (centre: stop); zoom, focus and iris (hold to move, release to
stop; focus and iris disabled for a device without them); the speed slider; the
presets and cruises tabs.

Every move goes through one ``ControlLink`` (rate bound, keepalive while held);
presets and cruises are plain calls (``operations.ptz``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import ptz_pb2
from vedette_console.failures import error_text
from vedette_console.operations import ptz as ptz_ops
from vedette_console.operations.ptz import PtzOverview, PtzSupport
from vedette_console.ptz.control import ControlLink, Velocity
from vedette_console.ptz.cruises import CruisesTab
from vedette_console.ptz.holder import denial_text, holder_text, reservation_text
from vedette_console.ptz.joystick import Joystick
from vedette_console.ptz.picture_zoom import PictureTarget, PictureZoom
from vedette_console.ptz.presets import PresetsTab
from vedette_console.ptz.reservation import ReserveButton
from vedette_console.session import Session

#: How often the holder and position are asked while the panel shows.
POLL_MS = 1500
#: Keys that move while held: pan, tilt, zoom.
KEYS = {
    Qt.Key.Key_Left: (-1, 0, 0),
    Qt.Key.Key_Right: (1, 0, 0),
    Qt.Key.Key_Up: (0, 1, 0),
    Qt.Key.Key_Down: (0, -1, 0),
    Qt.Key.Key_Plus: (0, 0, 1),
    Qt.Key.Key_PageUp: (0, 0, 1),
    Qt.Key.Key_Minus: (0, 0, -1),
    Qt.Key.Key_PageDown: (0, 0, -1),
}
#: The eight directions: (row, column) in the 3×3 pad, arrow, pan, tilt.
DIRECTIONS = [
    (0, 0, "↖", -1, 1), (0, 1, "↑", 0, 1), (0, 2, "↗", 1, 1),
    (1, 0, "←", -1, 0),                    (1, 2, "→", 1, 0),
    (2, 0, "↙", -1, -1), (2, 1, "↓", 0, -1), (2, 2, "↘", 1, -1),
]  # fmt: skip
_DIAGONAL = 0.7071

STYLE = """
QFrame#ptzPanel { background: #1a1d22; border-left: 1px solid #2b2f37; }
QLabel { color: #c9ced8; }
QLabel#muted { color: #8a93a3; }
QTreeWidget, QTableWidget { background: #1b1e24; alternate-background-color: #1f232a;
        color: #e6e9ef; border: 1px solid #2b2f37; selection-background-color: #2f5fa8; }
QHeaderView::section { background: #22262d; color: #aab3c2; border: none;
        border-right: 1px solid #2b2f37; padding: 3px 6px; }
QTabWidget::pane { border: 1px solid #2b2f37; top: -1px; }
QTabBar::tab { background: #1e2127; color: #aab3c2; padding: 5px 14px; border: 1px solid #2b2f37;
        border-bottom: none; }
QTabBar::tab:selected { background: #2a2e36; color: white; }
QPushButton { background: #2a2e36; color: #dfe3ea; border: 1px solid #363b45;
        border-radius: 4px; padding: 4px 8px; }
QPushButton:hover { background: #333844; }
QPushButton:disabled { color: #6b7280; }
QSlider::groove:horizontal { height: 4px; background: #2b2f37; border-radius: 2px; }
QSlider::sub-page:horizontal { background: #2f5fa8; border-radius: 2px; }
QSlider::handle:horizontal { background: #c9ced8; width: 12px; margin: -5px 0; border-radius: 6px; }
QLabel#ptzBanner[kind="info"] { background: #1c3050; color: #b8d4ff; border-color: #2f5fa8; }
QLabel#ptzTitle { font-size: 12pt; font-weight: bold; color: #e6e9ef; }
QLabel#ptzBanner { background: #4a3514; color: #ffd79a; border: 1px solid #7a5a22;
                   border-radius: 4px; padding: 6px; }
QLabel#ptzBanner[kind="error"] { background: #4a1c1c; color: #ffb4b4; border-color: #8a3030; }
QLabel#ptzHolder { color: #dfe3ea; }
QLabel#ptzHolder[held="other"] { color: #ffcf7a; }
QLabel#ptzHolder[held="me"] { color: #8fd6a0; }
QToolButton#ptzDir, QToolButton#ptzStop { background: #2a2e36; color: #dfe3ea;
        border: 1px solid #363b45; border-radius: 6px; font-size: 14pt; }
QToolButton#ptzDir:pressed { background: #2f5fa8; border-color: #4a7fd0; }
QToolButton#ptzStop { font-size: 11pt; color: #ff9d9d; }
QToolButton#ptzLens { background: #2a2e36; color: #dfe3ea; border: 1px solid #363b45;
        border-radius: 4px; padding: 3px 8px; min-width: 54px; }
QToolButton#ptzLens:pressed { background: #2f5fa8; }
QToolButton#ptzLens:disabled, QToolButton#ptzDir:disabled { color: #5b6270; }
QToolButton#ptzClose { border: none; color: #8a93a3; font-size: 12pt; padding: 2px 6px; }
QToolButton#ptzClose:hover { color: #e6e9ef; background: #2a2e36; }
"""


class PtzPanel(QFrame):
    """Signal: ``closed()`` (the operator closed the panel)."""

    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ptzPanel")
        self.setStyleSheet(STYLE)
        self.session = session
        self.camera_id: int | None = None
        self.camera_name = ""
        self.support = ptz_ops.NO_PTZ
        #: This console's holder name once the server granted a control (``user:<name>``).
        self.me = ""
        self.state: ptz_pb2.GetPtzStateResponse | None = None
        #: Overviews asked for, and the newest shown: an older answer arriving after a
        #: newer one (the pool runs them at once) must not put back an older list.
        self._overviews_asked = 0
        self._overview_shown = 0
        self.link = ControlLink(session, self)
        self.link.granted.connect(self._on_granted)
        self.link.denied.connect(self._on_denied)
        self.link.taken_over.connect(self._on_taken_over)
        self.link.cruise_stopped.connect(self._on_cruise_stopped)
        self.link.failed.connect(lambda text: self.show_banner(text, error=True))
        self.presets = PresetsTab(session)
        self.presets.changed.connect(self.reload)
        self.presets.called.connect(lambda _: self.poll())
        #: Click to centre, drag to zoom and hold-to-zoom on the picture of the tile
        #: the panel is open for.
        self.picture_zoom = PictureZoom(self.link, self.speed_fraction, self.aim_at, self)
        self.cruises = CruisesTab(session)
        self.cruises.changed.connect(self.reload)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._build()
        self._key: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.joystick.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMinimumWidth(330)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(360, 760)

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self.tr("PTZ"))
        self.title.setObjectName("ptzTitle")
        self.close_button = QToolButton()
        self.close_button.setObjectName("ptzClose")
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Close the PTZ panel"))
        self.close_button.clicked.connect(self.close_panel)
        #: An administrator's Reserve/Release toggle (hidden for others).
        self.reserve = ReserveButton(self.session)
        self.reserve.changed.connect(self.poll)
        self.reserve.failed.connect(lambda text: self.show_banner(text, error=True))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.reserve)
        header.addWidget(self.close_button)
        self.holder = QLabel()
        self.holder.setObjectName("ptzHolder")
        self.position = QLabel()
        self.position.setObjectName("muted")
        self.banner = QLabel()
        self.banner.setObjectName("ptzBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.joystick = Joystick()
        self.joystick.moved.connect(self._joystick_moved)
        self.joystick.released.connect(self.link.stop)
        pad = QGridLayout()
        pad.setSpacing(4)
        self.direction_buttons: dict[tuple[int, int], QToolButton] = {}
        for row, column, arrow, pan, tilt in DIRECTIONS:
            button = self._hold_button(arrow, self._direction_press(pan, tilt))
            button.setObjectName("ptzDir")
            button.setFixedSize(QSize(38, 38))
            button.setToolTip(self.tr("Hold to move the camera"))
            pad.addWidget(button, row, column)
            self.direction_buttons[(pan, tilt)] = button
        self.stop_button = QToolButton()
        self.stop_button.setObjectName("ptzStop")
        self.stop_button.setText("■")
        self.stop_button.setFixedSize(QSize(38, 38))
        self.stop_button.setToolTip(self.tr("Stop"))
        self.stop_button.clicked.connect(self.link.stop)
        pad.addWidget(self.stop_button, 1, 1)
        moves = QHBoxLayout()
        moves.addWidget(self.joystick, 1)
        moves.addSpacing(8)
        moves.addLayout(pad)

        lens = QGridLayout()
        lens.setHorizontalSpacing(6)
        lens.setVerticalSpacing(4)
        self.zoom_out = self._lens_button(self.tr("− Wide"), zoom=-1)
        self.zoom_in = self._lens_button(self.tr("+ Tele"), zoom=1)
        self.focus_near = self._lens_button(self.tr("Near"), focus=-1)
        self.focus_far = self._lens_button(self.tr("Far"), focus=1)
        self.iris_close = self._lens_button(self.tr("Close"), iris=-1)
        self.iris_open = self._lens_button(self.tr("Open"), iris=1)
        rows = [
            (self.tr("Zoom"), self.zoom_out, self.zoom_in),
            (self.tr("Focus"), self.focus_near, self.focus_far),
            (self.tr("Iris"), self.iris_close, self.iris_open),
        ]
        for index, (label, minus, plus) in enumerate(rows):
            lens.addWidget(QLabel(label), index, 0)
            lens.addWidget(minus, index, 1)
            lens.addWidget(plus, index, 2)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(5, 100)
        self.speed.setValue(50)
        self.speed.setToolTip(self.tr("Speed of the direction, zoom, focus and iris buttons"))
        self.speed_value = QLabel()
        self.speed_value.setMinimumWidth(40)
        self.speed.valueChanged.connect(self._speed_changed)
        speed_row = QHBoxLayout()
        speed_row.addWidget(QLabel(self.tr("Speed")))
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_value)
        self._speed_changed(self.speed.value())

        self.hint = QLabel(
            self.tr(
                "On the picture: click to centre there, drag a rectangle to zoom to it; "
                "hold the right button to zoom out, Ctrl + left to zoom in. "
                "Keys: arrows move, + and − zoom."
            )
        )
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.presets, self.tr("Presets"))
        self.tabs.addTab(self.cruises, self.tr("Cruises"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.holder)
        layout.addWidget(self.position)
        layout.addWidget(self.banner)
        layout.addSpacing(4)
        layout.addLayout(moves)
        layout.addLayout(lens)
        layout.addLayout(speed_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.tabs, 1)
        self._show_holder()

    def _hold_button(self, text: str, press: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.pressed.connect(press)
        button.released.connect(self.link.stop)
        return button

    def _lens_button(
        self, text: str, *, zoom: int = 0, focus: int = 0, iris: int = 0
    ) -> QToolButton:
        def press() -> None:
            s = self.speed_fraction()
            self.link.move(Velocity(zoom=zoom * s, focus=focus * s, iris=iris * s))

        button = self._hold_button(text, press)
        button.setObjectName("ptzLens")
        button.setToolTip(self.tr("Hold to move, release to stop"))
        return button

    # -- the camera --------------------------------------------------------------------------------

    def set_camera(self, camera_id: int | None, name: str, support: PtzSupport) -> None:
        """Show and drive ``camera_id`` (None: nothing); the previous camera stops."""
        client = self.session.client
        if client is not None:
            self.me = f"user:{client.username}"  # the server's holder name for this user
        if camera_id != self.camera_id:
            self.link.set_camera(camera_id)
            self.state = None
            self.presets.set_camera(camera_id)
            self.cruises.set_camera(camera_id)
            self.reserve.set_camera(camera_id)
            self.hide_banner()
        self.camera_id, self.camera_name, self.support = camera_id, name, support
        self.title.setText(
            self.tr("PTZ · {camera}").format(camera=name or f"#{camera_id}")
            if camera_id is not None
            else self.tr("PTZ")
        )
        self._offer_lens(support.focus, support.iris)
        self._show_holder()
        self.reload()
        if self.isVisible():
            self._poll.start()

    def _offer_lens(self, focus: bool, iris: bool) -> None:
        """Enable the focus and iris buttons the device drives (the support guessed
        from the camera, or the server's state: an ONVIF camera's imaging focus)."""
        held = self.tr("Hold to move, release to stop")
        for button in (self.focus_near, self.focus_far):
            button.setEnabled(focus)
            button.setToolTip(
                held if focus else self.tr("This camera's PTZ device has no focus control")
            )
        for button in (self.iris_close, self.iris_open):
            button.setEnabled(iris)
            button.setToolTip(
                held if iris else self.tr("This camera's PTZ device has no iris control")
            )

    def close_panel(self) -> None:
        self.picture_zoom.attach(None)
        self.link.close()
        self._poll.stop()
        self.hide()
        self.closed.emit()

    def shutdown(self) -> None:
        """Stop the camera if it moves and end the control stream (window closing)."""
        self.link.close()
        self._poll.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.camera_id is not None:
            self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (closed, another view shown, the window closing): the camera stops
        and the stream ends; the next command opens a new one."""
        super().hideEvent(event)
        self.link.close()
        self._poll.stop()

    # -- moving ------------------------------------------------------------------------------------

    def speed_fraction(self) -> float:
        return self.speed.value() / 100.0

    def _speed_changed(self, value: int) -> None:
        self.speed_value.setText(self.tr("{percent} %").format(percent=value))
        self.presets.speed = value / 100.0

    def aim_at(self, target: PictureTarget) -> None:
        """Centre the camera on a point of its picture, or zoom to a rectangle of it."""
        if self.camera_id is None:
            return
        camera_id = self.camera_id
        op = ptz_ops.point_at(
            parent=self,
            camera_id=camera_id,
            x=target.x,
            y=target.y,
            width=target.width,
            height=target.height,
            speed=self.speed_fraction(),
        )
        op.success(lambda _: self.poll() if camera_id == self.camera_id else None)
        op.failure(
            lambda error: (
                self.show_banner(error_text(error), error=True)
                if camera_id == self.camera_id
                else None
            )
        )
        op.run(self.session)

    def _direction_press(self, pan: int, tilt: int) -> Callable[[], None]:
        return lambda: self._direction(pan, tilt)

    def _direction(self, pan: int, tilt: int) -> None:
        s = self.speed_fraction() * (_DIAGONAL if pan and tilt else 1.0)
        self.link.move(Velocity(pan=pan * s, tilt=tilt * s))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys move and + / − (or Page Up / Page Down) zoom while held."""
        move = KEYS.get(Qt.Key(event.key()))
        if move is None or self.camera_id is None:
            super().keyPressEvent(event)
            return
        event.accept()
        if event.isAutoRepeat() or self._key is not None:
            return
        self._key = event.key()
        pan, tilt, zoom = move
        s = self.speed_fraction()
        self.link.move(Velocity(pan=pan * s, tilt=tilt * s, zoom=zoom * s))

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() != self._key:
            super().keyReleaseEvent(event)
            return
        event.accept()
        if not event.isAutoRepeat():
            self._key = None
            self.link.stop()

    def _joystick_moved(self, pan: float, tilt: float) -> None:
        self.link.move(Velocity(pan=pan, tilt=tilt))

    # -- the server's answers ----------------------------------------------------------------------

    def _on_granted(self, holder: str, priority: int) -> None:
        self.me = holder
        self.hide_banner()
        self._show_holder(holder)

    def _on_denied(self, holder: str, priority: int, remaining_s: float | None) -> None:
        self.show_banner(denial_text(holder, priority, remaining_s))
        self._show_holder(holder)

    def _on_taken_over(self, by: str, priority: int) -> None:
        if by.startswith("cruise:"):  # a cruise started (here or elsewhere) moves it now
            self.show_banner(
                self.tr("{cruise} now moves the camera; a move here stops it.").format(
                    cruise=holder_text(by).capitalize()
                ),
                kind="info",
            )
            self._show_holder(by)
            return
        self.show_banner(
            self.tr("{holder} took control of this camera (priority {priority}).").format(
                holder=holder_text(by), priority=priority
            )
        )
        self._show_holder(by)

    def _on_cruise_stopped(self, number: int) -> None:
        self.show_banner(self.tr("Your move stopped cruise {number}.").format(number=number))
        self.reload()

    def show_banner(self, text: str, *, error: bool = False, kind: str = "warning") -> None:
        """``text`` over the controls: a warning, an error or (``kind="info"``) a note."""
        self.banner.setProperty("kind", "error" if error else kind)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setText(text)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner.clear()

    @property
    def banner_text(self) -> str:
        return self.banner.text() if not self.banner.isHidden() else ""

    # -- state, presets, cruises -------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the state, presets and cruises again."""
        if self.camera_id is None:
            return
        camera_id = self.camera_id
        self._overviews_asked += 1
        asked = self._overviews_asked
        op = ptz_ops.load_overview(parent=self, camera_id=camera_id)
        op.success(lambda overview: self._on_overview(camera_id, overview, asked))
        op.failure(lambda error: self._on_poll_failed(camera_id, error))
        op.run(self.session)

    def poll(self) -> None:
        if self.camera_id is None:
            return
        camera_id = self.camera_id
        op = ptz_ops.ptz_state(parent=self, camera_id=camera_id).background()
        op.success(lambda state: self._on_state(camera_id, state))
        op.failure(lambda error: self._on_poll_failed(camera_id, error))
        op.run(self.session)

    def _on_overview(self, camera_id: int, overview: PtzOverview, asked: int = 0) -> None:
        if camera_id != self.camera_id or asked < self._overview_shown:
            return  # another camera's, or older than one shown (answers can cross)
        self._overview_shown = asked
        self._on_state(camera_id, overview.state)
        self.presets.set_presets(overview.presets, overview.max_presets)
        self.cruises.set_cruises(overview.cruises, overview.running_cruise, overview.presets)

    def _on_state(self, camera_id: int, state: ptz_pb2.GetPtzStateResponse) -> None:
        if camera_id != self.camera_id:
            return
        previous_cruise = 0 if self.state is None else self.state.cruise_number
        self.state = state
        self.reserve.show_state(state)
        self._offer_lens(self.support.focus or state.has_focus, self.support.iris or state.has_iris)
        self._show_holder(state.holder)
        if state.HasField("position"):
            p = state.position
            text = self.tr("Pan {pan:.1f}°  Tilt {tilt:.1f}°").format(
                pan=p.pan_degrees, tilt=p.tilt_degrees
            )
            if p.HasField("zoom_fraction"):
                text += "  " + self.tr("Zoom {zoom:.0f} %").format(zoom=p.zoom_fraction * 100)
            if state.HasField("moving") and state.moving:
                text += "  " + self.tr("· moving")
            self.position.setText(text)
        else:
            self.position.setText(self.tr("The device does not report its position"))
        if state.cruise_number != previous_cruise and state.cruise_number != self.cruises.running:
            self.cruises.set_cruises(
                self.cruises.cruises, state.cruise_number, self.presets.presets
            )

    def _on_poll_failed(self, camera_id: int, error: Exception) -> None:
        if camera_id == self.camera_id:
            self.position.setText(error_text(error))

    def _show_holder(self, holder: str | None = None) -> None:
        if holder is None:
            holder = "" if self.state is None else self.state.holder
        if not holder:
            self.holder.setText(self.tr("Nobody controls this camera"))
            held = "none"
        elif self._reserved(holder):
            remaining = self.state.holder_remaining if self.state is not None else None
            seconds = None if remaining is None else remaining.ToNanoseconds() / 1e9
            self.holder.setText(reservation_text(holder, self.me, seconds))
            held = "me" if holder == self.me else "other"
        elif self.me and holder == self.me:
            self.holder.setText(self.tr("You control this camera"))
            held = "me"
        else:
            self.holder.setText(
                self.tr("Held by {holder}").format(holder=holder_text(holder, self.me))
            )
            held = "other"
        self.holder.setProperty("held", held)
        self.holder.style().unpolish(self.holder)
        self.holder.style().polish(self.holder)

    def _reserved(self, holder: str) -> bool:
        """Whether the polled state says ``holder`` reserved the camera (ReservePtz)."""
        state = self.state
        return (
            state is not None
            and state.holder == holder
            and state.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED
        )
