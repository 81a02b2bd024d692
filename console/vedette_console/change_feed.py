"""The server's change feed (``AlarmService.WatchEvents``) read on one thread and
re-emitted on the UI thread: what lets views reload what changed instead of polling.

One ``ChangeFeed`` per session. Its reader thread iterates ``client.watch_events()``
(the SDK's ``EventStream``; the call is not the operator's activity on the server)
and hands each message to the UI thread through queued signals:

- ``changed(kind, ids)``: resources of ``kind`` (``alarms_pb2.ResourceKind``)
  changed; ``ids`` empty means "reload every one of that kind";
- ``subscribed()``: the first heartbeat of a subscription: from then on no change is
  missed, so whoever shows data loads it now (the protocol in ``alarms.proto``);
- ``server_time(seconds)``: the server's clock in the last message (for the
  session's renewal schedule);
- ``keyboard(number, camera_id, dvr_key)``: the RS-485 control keyboard selected
  keyboard camera ``number`` (driving ``camera_id``), or pressed the server's key
  ``dvr_key`` (the others 0);
- ``motion(camera_id, active, source)``: a camera's motion started or ended (the
  server's detector, source ``vedette motion``, or the camera's own events); the
  cameras with motion on are told again after each subscription (LIVE-03);
- ``alarm(Alarm)``: an alarm was raised or changed, or (``snapshot`` set) is open
  now: after each subscription (and each resync) the open alarms come, then
  ``snapshot_done()``;
- ``event_logged(EventItem)``, ``io(IoState)``, ``popup(Popup)``, ``buzzer(Buzzer)``:
  an event logged, an I/O point or device changed, a rule's popup, the buzzer;
- ``resync(reason)``: the server dropped items for this console (it fell behind, or
  resumed from what the server no longer keeps): forget the alarm-side state, the
  snapshot follows (``alarms_pb2.ResyncReason``);
- ``lost(error)``: the stream ended (``Unavailable``: the server stopped or the
  network failed; ``Unauthenticated``: the session ended; ``Unimplemented``: a
  server without the feed).

Invariants:
- After a loss the feed subscribes again by itself with backoff (1 s doubling to
  30 s), except after ``Unauthenticated``: it waits for ``restart(client)`` with a
  signed-in client, as the session decides whether to sign in again.
- A subscription that says nothing for twice its heartbeat interval is taken as
  dead, closed and reopened (a NAT that dropped the connection silently).
- A server without the feed (``Unimplemented``) gets a reload of every kind once a
  minute instead: degraded, but never stale for long.
- ``stop`` never blocks: it closes the stream (which ends the blocked read) and
  wakes the backoff wait; the thread is a daemon and touches no widget.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from vedette_api.client import Client
from vedette_api.errors import Unauthenticated, Unavailable, Unimplemented, VedetteError
from vedette_api.v1 import alarms_pb2

log = logging.getLogger("vedette.console")

#: Every kind a console shows; the feed is asked for these only.
WATCHED_KINDS: tuple[alarms_pb2.ResourceKind, ...] = (
    alarms_pb2.RESOURCE_KIND_CAMERAS,
    alarms_pb2.RESOURCE_KIND_CAMERA_STATUS,
    alarms_pb2.RESOURCE_KIND_VIEWS,
    alarms_pb2.RESOURCE_KIND_SETTINGS,
    alarms_pb2.RESOURCE_KIND_VOLUMES,  # the Settings window's storage pages
    alarms_pb2.RESOURCE_KIND_EXPORT_TASKS,
    alarms_pb2.RESOURCE_KIND_TAGS,
)
#: The item kinds a console shows: resources, motion and the keyboard as before, and
#: the alarm side (the server sends those only to users with the alarm-view right).
WATCHED_ITEMS: tuple[alarms_pb2.WatchKind, ...] = (
    alarms_pb2.WATCH_KIND_RESOURCES,
    alarms_pb2.WATCH_KIND_MOTION,
    alarms_pb2.WATCH_KIND_KEYBOARD,
    alarms_pb2.WATCH_KIND_EVENTS,
    alarms_pb2.WATCH_KIND_ALARMS,
    alarms_pb2.WATCH_KIND_IO,
    alarms_pb2.WATCH_KIND_POPUPS,
    alarms_pb2.WATCH_KIND_BUZZER,
)
#: Feed cases handed over as the message itself, by signal name.
_ITEM_CASES: dict[str, str] = {
    "alarm": "alarm",
    "event_item": "event_logged",
    "io": "io",
    "popup": "popup",
    "buzzer": "buzzer",
}
#: Waits before subscribing again after a loss: 1 s, doubling, at most 30 s.
RETRY_S: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
#: A server without the feed: reload everything this often.
NO_FEED_RELOAD_S = 60.0
#: The heartbeat interval assumed until the server says its own.
DEFAULT_HEARTBEAT_S = 30.0


class _Bridge(QObject):
    """Queued hand-over from the reader thread (it never touches the UI)."""

    changed = Signal(int, object)
    subscribed = Signal()
    server_time = Signal(float)
    lost = Signal(object)
    keyboard = Signal(int, object, int)
    motion = Signal(object, bool, str)
    alarm = Signal(object)
    event_logged = Signal(object)
    io = Signal(object)
    popup = Signal(object)
    buzzer = Signal(object)
    resync = Signal(int)
    snapshot_done = Signal()


class ChangeFeed(QObject):
    """Signals: ``changed(kind, ids)``, ``subscribed()``, ``server_time(seconds)``,
    ``lost(error)``, ``keyboard(number, camera_id, dvr_key)``, ``motion(camera_id,
    active, source)``, ``alarm(Alarm)``, ``event_logged(EventItem)``, ``io(IoState)``,
    ``popup(Popup)``, ``buzzer(Buzzer)``, ``resync(reason)``, ``snapshot_done()``
    (see the module's docstring); all on the UI thread."""

    changed = Signal(int, object)
    subscribed = Signal()
    server_time = Signal(float)
    lost = Signal(object)
    keyboard = Signal(int, object, int)
    motion = Signal(object, bool, str)
    alarm = Signal(object)
    event_logged = Signal(object)
    io = Signal(object)
    popup = Signal(object)
    buzzer = Signal(object)
    resync = Signal(int)
    snapshot_done = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        kinds: Sequence[alarms_pb2.ResourceKind] = WATCHED_KINDS,
        items: Sequence[alarms_pb2.WatchKind] = WATCHED_ITEMS,
        retry_s: Sequence[float] = RETRY_S,
        watchdog_ms: int = 5000,
    ) -> None:
        super().__init__(parent)
        self.kinds = tuple(kinds)
        self.items = tuple(items)
        self.retry_s = tuple(retry_s)
        self._bridge = _Bridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.changed.connect(self.changed, queued)
        self._bridge.subscribed.connect(self._on_subscribed, queued)
        self._bridge.server_time.connect(self.server_time, queued)
        self._bridge.lost.connect(self._on_lost, queued)
        self._bridge.keyboard.connect(self.keyboard, queued)
        self._bridge.motion.connect(self.motion, queued)
        for name in (*_ITEM_CASES.values(), "resync", "snapshot_done"):
            getattr(self._bridge, name).connect(getattr(self, name), queued)
        self._lock = threading.Lock()
        self._stream: object | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_message = time.monotonic()
        self._heartbeat_s = DEFAULT_HEARTBEAT_S
        #: Whether a subscription is in place (its first heartbeat came).
        self.live = False
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(watchdog_ms)
        self._watchdog.timeout.connect(self._check_alive)

    # -- control (UI thread) -------------------------------------------------------------

    def restart(self, client: Client) -> None:
        """Read the feed of ``client`` (a new sign-in), dropping any previous one."""
        self.stop()
        stop = threading.Event()
        self._stop = stop
        self._last_message = time.monotonic()
        thread = threading.Thread(
            target=self._read, args=(client, stop), name="vedette-feed", daemon=True
        )
        self._thread = thread
        thread.start()
        self._watchdog.start()

    def stop(self) -> None:
        """Stop reading; returns at once (the thread ends on its own)."""
        self._stop.set()
        self._watchdog.stop()
        self.live = False
        self._close_stream()

    def _close_stream(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()  # type: ignore[attr-defined]

    def _on_subscribed(self) -> None:
        self.live = True
        self.subscribed.emit()

    def _on_lost(self, error: Exception) -> None:
        self.live = False
        self.lost.emit(error)

    def _check_alive(self) -> None:
        """Twice the heartbeat interval without a word: the stream is dead."""
        if time.monotonic() - self._last_message > 2 * self._heartbeat_s:
            log.info("change feed silent for %.0f s: reopening", 2 * self._heartbeat_s)
            self._last_message = time.monotonic()
            self._close_stream()

    # -- the reader thread ------------------------------------------------------------------

    def _read(self, client: Client, stop: threading.Event) -> None:
        try:
            self._read_until_stopped(client, stop)
        except RuntimeError:  # the feed's QObject is gone (the window closed): done
            stop.set()

    def _read_until_stopped(self, client: Client, stop: threading.Event) -> None:
        attempt = 0
        while not stop.is_set():
            subscribed = threading.Event()
            try:
                self._read_once(client, stop, subscribed)
                error: VedetteError = Unavailable("the change feed ended")
            except VedetteError as exc:
                error = exc
            except RuntimeError:
                raise
            except Exception as exc:  # never lose the thread to a surprise
                log.exception("change feed")
                error = VedetteError(str(exc))
            if stop.is_set():
                return
            if subscribed.is_set():
                attempt = 0  # it worked for a while: start the backoff again
            self._bridge.lost.emit(error)
            if isinstance(error, Unauthenticated):
                return  # the session decides: sign in again, or sign out
            if isinstance(error, Unimplemented):
                wait = NO_FEED_RELOAD_S
                for kind in self.kinds:
                    self._bridge.changed.emit(kind, ())
            else:
                wait = self.retry_s[min(attempt, len(self.retry_s) - 1)]
                attempt += 1
            if stop.wait(wait):
                return

    def _read_once(
        self, client: Client, stop: threading.Event, subscribed: threading.Event
    ) -> None:
        """One subscription until it ends; sets ``subscribed`` at its first heartbeat."""
        stream = client.watch_events(kinds=self.kinds, items=self.items)
        with self._lock:
            if stop.is_set():
                stream.close()
                return
            self._stream = stream
        try:
            for response in stream:
                if stop.is_set():
                    break
                self._last_message = time.monotonic()
                if response.HasField("time"):
                    self._bridge.server_time.emit(response.time.ToMicroseconds() / 1e6)
                which = response.WhichOneof("event")
                if which == "heartbeat":
                    interval = response.heartbeat.interval.ToMicroseconds() / 1e6
                    if interval > 0:
                        self._heartbeat_s = interval
                    if not subscribed.is_set():
                        subscribed.set()
                        self._bridge.subscribed.emit()
                    if response.heartbeat.snapshot_done:
                        self._bridge.snapshot_done.emit()
                elif which == "changed":
                    change = response.changed
                    self._bridge.changed.emit(int(change.kind), tuple(int(i) for i in change.ids))
                elif which == "keyboard":
                    key = response.keyboard
                    self._bridge.keyboard.emit(key.number, int(key.camera_id), key.dvr_key)
                elif which == "motion":
                    state = response.motion
                    self._bridge.motion.emit(int(state.camera_id), state.active, state.source)
                elif which == "resync":
                    self._bridge.resync.emit(int(response.resync.reason))
                elif which in _ITEM_CASES:
                    getattr(self._bridge, _ITEM_CASES[which]).emit(getattr(response, which))
                # Cases this console does not know yet are ignored (alarms.proto).
        finally:
            with self._lock:
                if self._stream is stream:
                    self._stream = None
            with contextlib.suppress(Exception):
                stream.close()
