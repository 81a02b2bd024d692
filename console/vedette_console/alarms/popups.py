"""A rule's popup actions (ALARM-04, LIVE-04): a camera's live video in a small
window, or a message, for the rule's duration (0: until closed).

At most ``MAX_VIDEO`` video popups at once; a popup of a camera already shown
restarts that one's time instead of opening another (no flood), as a message of
the same text does. A video popup blacks out the camera's privacy masks as the live
tiles do (``rule_source``, CAM-10), as they are when it opens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from vedette_api.v1 import alarms_pb2
from vedette_console.video.decoder import wait_stopped
from vedette_console.video.sources import PacketSource
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.tile.privacy import PictureRule

#: Video popups open at once, at most.
MAX_VIDEO = 4
#: Messages open at once, at most.
MAX_MESSAGES = 3

SourceOf = Callable[[int, int], PacketSource]
RuleSource = Callable[[VideoTile], PictureRule]


class _Popup(QDialog):
    def __init__(self, parent: QWidget | None, seconds: float) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.close)
        self.restart(seconds)

    def restart(self, seconds: float) -> None:
        if seconds > 0:
            self.timer.start(int(seconds * 1000))
        else:
            self.timer.stop()


class VideoPopup(_Popup):
    """A camera's live video (sub stream) with a caption."""

    def __init__(
        self, parent: QWidget | None, camera_id: int, name: str, text: str, source_of: SourceOf,
        seconds: float, rule_source: RuleSource | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent, seconds)
        self.camera_id = camera_id
        self.setWindowTitle(self.tr("Alarm video: {camera}").format(camera=name))
        self.tile = VideoTile(0, self)
        self.tile.source_factory = lambda camera, stream, audio=False: source_of(camera, stream)
        self.tile.rule_source = rule_source
        self.tile.set_camera(camera_id, name)
        self.caption = QLabel(text)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tile, 1)
        layout.addWidget(self.caption)
        self.resize(480, 320)

    def done(self, result: int) -> None:
        thread = self.tile.shutdown()
        if thread is not None:  # joined: a decoder left running can outlive the window
            wait_stopped([thread], 1.0)
        super().done(result)


class MessagePopup(_Popup):
    def __init__(self, parent: QWidget | None, text: str, seconds: float) -> None:
        super().__init__(parent, seconds)
        self.text = text
        self.setWindowTitle(self.tr("Alarm message"))
        label = QLabel(text)
        label.setWordWrap(True)
        ok = QPushButton(self.tr("OK"))
        ok.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(360, 120)


class PopupManager(QObject):
    """Opens the feed's ``Popup`` items over ``window``."""

    def __init__(
        self,
        window: QWidget,
        source_of: SourceOf,
        camera_names: Callable[[], dict[int, str]] = dict,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.source_of = source_of
        self.camera_names = camera_names
        self.videos: dict[int, VideoPopup] = {}
        #: The privacy masks of a popup's camera (the live view's rules), when set.
        self.rule_source: RuleSource | None = None
        self.messages: dict[str, MessagePopup] = {}

    def show(self, popup: alarms_pb2.Popup) -> None:
        seconds = popup.duration.ToMicroseconds() / 1e6
        if popup.kind == alarms_pb2.POPUP_KIND_VIDEO and popup.camera_id:
            self._video(int(popup.camera_id), popup.text, seconds)
        elif popup.kind == alarms_pb2.POPUP_KIND_MESSAGE or popup.text:
            self._message(popup.text, seconds)

    def _video(self, camera_id: int, text: str, seconds: float) -> None:
        shown = self.videos.get(camera_id)
        if shown is not None:
            shown.caption.setText(text)
            shown.restart(seconds)
            shown.raise_()
            return
        if len(self.videos) >= MAX_VIDEO:
            oldest = next(iter(self.videos.values()))
            oldest.close()
        name = self.camera_names().get(camera_id, f"#{camera_id}")
        window = VideoPopup(
            self.window, camera_id, name, text, self.source_of, seconds, self.rule_source
        )
        window.destroyed.connect(lambda _=None, c=camera_id: self.videos.pop(c, None))
        self.videos[camera_id] = window
        window.show()

    def _message(self, text: str, seconds: float) -> None:
        shown = self.messages.get(text)
        if shown is not None:
            shown.restart(seconds)
            shown.raise_()
            return
        if len(self.messages) >= MAX_MESSAGES:
            next(iter(self.messages.values())).close()
        window = MessagePopup(self.window, text, seconds)
        window.destroyed.connect(lambda _=None, t=text: self.messages.pop(t, None))
        self.messages[text] = window
        window.show()

    def close_all(self) -> None:
        for window in [*self.videos.values(), *self.messages.values()]:
            window.close()
