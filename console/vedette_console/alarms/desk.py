"""The operator's alarm desk on the main window (issue 15 §4): one server's alarms
as the feed tells them (``AlarmBook``), shown as toasts, the sound, tile badges,
popups, the alarm list and the status page, with the user's rights deciding which
buttons show.

``AlarmDesk`` builds and wires those parts for a session; the main window places
the list and the status page in its "Alarms" view and the toasts over itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms.book import AlarmBook
from vedette_console.alarms.detail import playback_of
from vedette_console.alarms.list_view import AlarmListView
from vedette_console.alarms.marks import AlarmMarks
from vedette_console.alarms.popups import PopupManager, SourceOf
from vedette_console.alarms.sound import AlarmSound
from vedette_console.alarms.status_page import AlarmStatusPage
from vedette_console.alarms.toasts import ToastStack
from vedette_console.operations import alarms as alarm_ops
from vedette_console.operations.alarms import AlarmRights
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile


class AlarmDesk(QObject):
    """Signals: ``show_requested()`` (a toast's Show or "+N more": open the list),
    ``play(camera_ids, start_us, end_us)``, ``notice(text)`` (for the status bar),
    ``rights_changed(AlarmRights)`` (the user's rights, once read)."""

    show_requested = Signal()
    play = Signal(list, object, object)
    notice = Signal(str)
    rights_changed = Signal(object)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        *,
        grid: LiveGrid,
        own_tile: Callable[[VideoTile], bool],
        source_of: SourceOf,
        camera_names: Callable[[], dict[int, str]],
        display: Callable[[], TimeDisplay],
    ) -> None:
        super().__init__(window)
        self.session = session
        self.rights = AlarmRights()
        self.book = AlarmBook(session.feed, self)
        self.sound = AlarmSound(self.book, parent=self)
        session.feed.buzzer.connect(self.sound.on_buzzer)
        self.toasts = ToastStack(self.book, window, camera_names=camera_names, display=display)
        self.list_view = AlarmListView(
            session, self.book, camera_names=camera_names, display=display
        )
        self.status_page = AlarmStatusPage(
            self.book, self.sound, camera_names=camera_names, display=display
        )
        self.popups = PopupManager(window, source_of, camera_names)
        session.feed.popup.connect(self.popups.show)
        self.marks = AlarmMarks(self.book, grid, own_tile, self)
        #: The "Alarms" view: the list, then the status page.
        self.view = QTabWidget()
        self.view.addTab(self.list_view, self.tr("Alarm list"))
        self.view.addTab(self.status_page, self.tr("Alarm status"))
        self.toasts.acknowledge.connect(self.acknowledge)
        self.toasts.show_alarm.connect(self.show_alarm)
        self.toasts.show_all.connect(self._show_all)
        self.status_page.clear_buzzer.connect(self.clear_buzzer)
        self.status_page.open_alarm.connect(self.show_alarm)
        self.status_page.play_alarm.connect(self.play_alarm)
        self.list_view.play.connect(self.play)

    def signed_in(self) -> None:
        """Read what the user may do; the list loads when the feed subscribes."""
        op = alarm_ops.alarm_rights(parent=self).background()
        op.success(self.set_rights).failure(lambda _error: self.set_rights(AlarmRights()))
        op.run(self.session)

    def set_rights(self, rights: AlarmRights) -> None:
        self.rights = rights
        self.toasts.may_handle = rights.handle
        self.toasts.refresh()
        self.list_view.set_rights(rights)
        self.status_page.set_may_clear(rights.io_control)
        self.rights_changed.emit(rights)

    def acknowledge(self, alarm: alarms_pb2.Alarm) -> None:
        self.list_view.run(alarm_ops.acknowledge(), [alarm])

    def show_alarm(self, alarm: alarms_pb2.Alarm) -> None:
        self.view.setCurrentWidget(self.list_view)
        self.show_requested.emit()
        self.list_view.select_alarm(alarm)

    def _show_all(self) -> None:
        self.view.setCurrentWidget(self.list_view)
        self.show_requested.emit()
        self.list_view.state_filter.setCurrentIndex(1)  # New

    def play_alarm(self, alarm: alarms_pb2.Alarm) -> None:
        """The alarm's recording: its cameras over its playback range."""

        def found(response: alarms_pb2.GetAlarmResponse) -> None:
            played = playback_of(response)
            if played is None:
                self.notice.emit(self.tr("This alarm has no recording to play"))
            else:
                self.play.emit(*played)

        alarm_ops.get_alarm(parent=self, alarm_id=alarm.id).success(found).run(self.session)

    def clear_buzzer(self) -> None:
        """``SilenceBuzzer``: every console goes quiet (the feed's Buzzer off)."""
        op = alarm_ops.silence_buzzer(parent=self)
        op.success(lambda _none: self.sound.on_buzzer(alarms_pb2.Buzzer(on=False)))
        op.failure(lambda error: self.notice.emit(str(error)))
        op.run(self.session)
