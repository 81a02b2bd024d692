"""What one console knows of a server's alarms and I/O, from its feed alone (no
polling): the open alarms, the I/O points' and devices' states.

``AlarmBook`` follows a ``ChangeFeed``: the open alarms come as a snapshot after
each subscription (and each resync), then each change; the book keeps the newest
version of each alarm (a change arriving late never undoes a newer one; repeats
folding in keep the version and raise the count) and forgets closed ones. Toasts,
the sound, tile badges and the status page are views of it, so every console
shows the same thing: an acknowledge anywhere reaches them all through the feed.

Signals: ``changed(Alarm)`` for each alarm applied (also one just closed),
``fresh(Alarm)`` for a new alarm that deserves a toast and a sound (the server's
``fresh``), ``reset()`` when everything was forgotten (a new subscription, a
resync), ``io_changed()`` (any I/O state), ``outputs_changed()`` (an output's or a
device's state: what the status page lists, not the inputs).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from vedette_api.v1 import alarms_pb2
from vedette_console.change_feed import ChangeFeed

Alarm = alarms_pb2.Alarm


def newer(candidate: Alarm, known: Alarm | None) -> bool:
    """Whether ``candidate`` is at least as new as ``known`` (operations raise the
    version; a repeat folding in keeps it and raises the count)."""
    if known is None:
        return True
    if candidate.version != known.version:
        return candidate.version > known.version
    return candidate.count >= known.count


class AlarmBook(QObject):
    changed = Signal(object)
    fresh = Signal(object)
    reset = Signal()
    io_changed = Signal()
    outputs_changed = Signal()

    def __init__(self, feed: ChangeFeed | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The open alarms by id.
        self.open: dict[int, Alarm] = {}
        #: I/O states by (kind, point id or device id).
        self.io: dict[tuple[int, int], alarms_pb2.IoState] = {}
        #: Whether the snapshot after the last subscription is complete.
        self.loaded = False
        #: Closed alarms' versions (a late change must not reopen them here).
        self._closed: dict[int, int] = {}
        if feed is not None:
            feed.subscribed.connect(self.clear)
            feed.resync.connect(lambda _reason: self.clear())
            feed.alarm.connect(self.apply)
            feed.io.connect(self.apply_io)
            feed.snapshot_done.connect(self._snapshot_done)

    def clear(self) -> None:
        """Forget everything: the snapshot that follows tells what is open."""
        self.loaded = False
        self.open.clear()
        self.io.clear()
        self._closed.clear()
        self.reset.emit()
        self.io_changed.emit()
        self.outputs_changed.emit()

    def _snapshot_done(self) -> None:
        self.loaded = True

    def apply(self, alarm: Alarm) -> None:
        """One alarm from the feed (or from an answer of the server)."""
        if self._closed.get(alarm.id, -1) >= alarm.version:
            return
        if not newer(alarm, self.open.get(alarm.id)):
            return
        if alarm.state == alarms_pb2.ALARM_STATE_CLOSED:
            self.open.pop(alarm.id, None)
            self._closed[alarm.id] = alarm.version
        else:
            self.open[alarm.id] = alarm
        self.changed.emit(alarm)
        if alarm.fresh and not alarm.snapshot and alarm.state == alarms_pb2.ALARM_STATE_NEW:
            self.fresh.emit(alarm)

    def apply_io(self, state: alarms_pb2.IoState) -> None:
        ident = state.device_id if state.kind == alarms_pb2.IO_KIND_DEVICE else state.point_id
        self.io[(int(state.kind), int(ident))] = state
        self.io_changed.emit()
        if state.kind != alarms_pb2.IO_KIND_INPUT:
            self.outputs_changed.emit()

    def new_alarms(self) -> list[Alarm]:
        """The New alarms, the latest trigger first."""
        found = [a for a in self.open.values() if a.state == alarms_pb2.ALARM_STATE_NEW]
        found.sort(key=lambda a: (a.last_time.ToMicroseconds(), a.id), reverse=True)
        return found

    def cameras_with_open_alarms(self) -> set[int]:
        return {int(a.camera_id) for a in self.open.values() if a.camera_id}

    def outputs(self) -> list[alarms_pb2.IoState]:
        """Outputs, then devices, by name."""
        order = {alarms_pb2.IO_KIND_OUTPUT: 0, alarms_pb2.IO_KIND_INPUT: 1}
        states = list(self.io.values())
        states.sort(key=lambda s: (order.get(s.kind, 2), s.name))
        return states
