"""``ControlLink``: the panel's control stream of one camera (``PtzService.Control``).

The stream is opened on the first command and kept while the panel shows the
camera. Commands are sent from the UI thread (queuing a request never blocks);
the server's answers are read on a thread of their own and come back as signals.

Invariants:
- At most ``MAX_RATE_HZ`` moves a second reach the stream: a move asked sooner than
  that after the last one waits, and a newer one replaces it (newest wins). A stop
  is sent at once, and only when a move was sent or held since the last stop.
- While a non-zero move is held, the stream is never silent for ``PING_S``: the
  server stops a camera whose stream says nothing for 1 s (the dead-man), so a
  joystick held still pings. After a stop, or a denial, nothing is sent.
- Answers of a stream that was replaced (the camera changed, the stream failed and
  was opened again) are dropped, never shown for the new one.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from vedette_api.client.ptz import PtzControl
from vedette_api.errors import VedetteError
from vedette_api.v1 import ptz_pb2
from vedette_console.failures import error_text
from vedette_console.session import Session

#: Moves sent at most this often (the server's own bound is 10 a second).
MAX_RATE_HZ = 10.0
#: A held move pings this often: four times within the server's 1 s silence bound,
#: so a UI thread late by half a second (a busy repaint) does not stop the camera.
PING_S = 0.25
#: How long a closed stream gets to end by itself before it is cancelled.
CLOSE_GRACE_MS = 3000


@dataclass(frozen=True)
class Velocity:
    """Each axis a fraction of its fastest speed, within -1..1 (ptz.proto's signs)."""

    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0
    focus: float = 0.0
    iris: float = 0.0

    def clamped(self) -> Velocity:
        def c(value: float) -> float:
            return max(-1.0, min(1.0, value))

        return Velocity(c(self.pan), c(self.tilt), c(self.zoom), c(self.focus), c(self.iris))

    @property
    def is_zero(self) -> bool:
        return self.pan == self.tilt == self.zoom == self.focus == self.iris == 0.0


class _Bridge(QObject):
    """Carries one stream's answers from its reader thread (queued to the UI)."""

    answer = Signal(int, object)
    failed = Signal(int, str)
    ended = Signal(int)


def _read(control: PtzControl, generation: int, bridge: _Bridge) -> None:
    try:
        for answer in control:
            bridge.answer.emit(generation, answer)
    except VedetteError as error:
        bridge.failed.emit(generation, error_text(error))
    except Exception as error:  # a reader thread must never die silently
        bridge.failed.emit(generation, error_text(error))
    finally:
        bridge.ended.emit(generation)


class ControlLink(QObject):
    """Signals: ``granted(holder, priority)``, ``denied(holder, priority,
    remaining_s or None)``, ``taken_over(by, priority)``, ``cruise_stopped(number)``,
    ``failed(text)`` (the stream ended with an error; the next command opens a
    new one) and ``sent(Velocity)`` for every move or stop put on the stream."""

    granted = Signal(str, int)
    denied = Signal(str, int, object)
    taken_over = Signal(str, int)
    cruise_stopped = Signal(int)
    failed = Signal(str)
    sent = Signal(object)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id: int | None = None
        self._control: PtzControl | None = None
        self._generation = 0
        self._bridge = _Bridge()
        self._bridge.answer.connect(self._on_answer)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.ended.connect(self._on_ended)
        self._held = Velocity()
        self._pending: Velocity | None = None
        self._last_send = 0.0
        #: The last command put on the stream was a move (not a stop).
        self._moving_sent = False
        self._threads: list[threading.Thread] = []
        self._rate = QTimer(self)
        self._rate.setTimerType(Qt.TimerType.PreciseTimer)  # never before the bound
        self._rate.setSingleShot(True)
        self._rate.timeout.connect(self._flush)
        self._ping = QTimer(self)
        self._ping.setInterval(int(PING_S * 1000))
        self._ping.timeout.connect(self._keep_alive)

    # -- the camera ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._control is not None

    @property
    def holding(self) -> bool:
        """Whether a non-zero move is held (and kept alive by pings)."""
        return not self._held.is_zero

    def set_camera(self, camera_id: int | None) -> None:
        """Control ``camera_id`` from now on; the previous camera's stream stops it
        and ends."""
        if camera_id == self.camera_id:
            return
        self.close()
        self.camera_id = camera_id

    def close(self) -> None:
        """Stop the camera if moving and end the stream (it ends by itself once the
        server has answered; cancelled after ``CLOSE_GRACE_MS`` if it does not)."""
        self._rate.stop()
        self._ping.stop()
        self._pending = None
        control, self._control = self._control, None
        self._generation += 1
        moving, self._moving_sent = self._moving_sent, False
        if control is None:
            return
        if moving or not self._held.is_zero:
            self._put(control, Velocity())
        self._held = Velocity()
        with contextlib.suppress(VedetteError):
            control.end_requests()
        QTimer.singleShot(CLOSE_GRACE_MS, control.close)

    # -- commands --------------------------------------------------------------------------

    def move(self, velocity: Velocity) -> None:
        """Move at ``velocity`` until the next move or ``stop`` (all zero stops)."""
        velocity = velocity.clamped()
        if velocity.is_zero:
            self.stop()
            return
        self._held = velocity
        if not self._ping.isActive():
            self._ping.start()
        self._pending = velocity
        if not self._rate.isActive():
            self._flush()

    def _flush(self) -> None:
        """Send the newest move waiting if the rate bound allows, else wait for it."""
        pending = self._pending
        if pending is None:
            return
        wait_s = self._last_send + 1.0 / MAX_RATE_HZ - time.monotonic()
        if wait_s > 0:
            self._rate.start(max(1, math.ceil(wait_s * 1000)))
            return
        self._pending = None
        self._send(pending)

    def stop(self) -> None:
        """Stop every axis now (a stop is never delayed by the rate bound)."""
        self._rate.stop()
        self._ping.stop()
        self._pending = None
        was_held = not self._held.is_zero
        self._held = Velocity()
        if was_held or self._moving_sent:
            self._send(Velocity())

    def _keep_alive(self) -> None:
        control = self._control
        if control is None or self._held.is_zero:
            self._ping.stop()
            return
        try:
            control.ping()
        except VedetteError:
            self._ping.stop()

    def _send(self, velocity: Velocity) -> None:
        control = self._open()
        if control is None:
            return
        self._moving_sent = not velocity.is_zero
        self._put(control, velocity)
        if not velocity.is_zero:
            # Stamped once the move is on the stream, so two moves are the bound apart
            # however long a put takes (a put slowed by a loaded machine made the next
            # one follow it by 98 ms).
            self._last_send = time.monotonic()
        self.sent.emit(velocity)

    def _put(self, control: PtzControl, velocity: Velocity) -> None:
        try:
            if velocity.is_zero:
                control.stop()
            else:
                v = velocity
                control.move(pan=v.pan, tilt=v.tilt, zoom=v.zoom, focus=v.focus, iris=v.iris)
        except VedetteError as error:  # the stream closed under us: the next one reopens
            self._control = None
            self._moving_sent = False
            self.failed.emit(error_text(error))

    def _open(self) -> PtzControl | None:
        if self._control is not None:
            return self._control
        client = self.session.client
        if client is None or self.camera_id is None:
            self.failed.emit(self.tr("Not signed in"))
            return None
        self._generation += 1
        control = client.ptz_control(self.camera_id)
        self._control = control
        thread = threading.Thread(
            target=_read,
            args=(control, self._generation, self._bridge),
            name=f"ptz-control-{self.camera_id}",
            daemon=True,
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return control

    def join(self, timeout_s: float) -> bool:
        """Wait for the reader threads of closed streams (shutdown, tests)."""
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)

    # -- the server's answers --------------------------------------------------------------

    def _on_answer(self, generation: int, answer: ptz_pb2.ControlResponse) -> None:
        if generation != self._generation:
            return
        kind = answer.WhichOneof("event")
        if kind == "granted":
            self.granted.emit(answer.granted.holder, answer.granted.priority)
        elif kind == "denied":
            denied = answer.denied
            remaining = (
                denied.remaining.ToNanoseconds() / 1e9 if denied.HasField("remaining") else None
            )
            # The command was not sent: holding on would only ping a refused stream.
            self._held = Velocity()
            self._ping.stop()
            self.denied.emit(denied.holder, denied.priority, remaining)
        elif kind == "taken_over":
            self._held = Velocity()
            self._ping.stop()
            self.taken_over.emit(answer.taken_over.by, answer.taken_over.priority)
        elif kind == "cruise_stopped":
            self.cruise_stopped.emit(answer.cruise_stopped.cruise_number)

    def _on_failed(self, generation: int, text: str) -> None:
        if generation == self._generation:
            self._control = None
            self._moving_sent = False
            self._moving_sent = False  # the server stopped the camera with the stream
            self._held = Velocity()
            self._ping.stop()
            self.failed.emit(text)

    def _on_ended(self, generation: int) -> None:
        if generation == self._generation:
            self._control = None
            self._moving_sent = False
