"""The edit dialog's "Streams" tab (CAM-12): the camera's main and sub stream
settings over ONVIF, each control bounded by what the camera offers, with the
recommended bitrate range. Apply sends only what changed in that stream; the camera
restarts the stream (the server reconnects by itself).

Audio is shown as the camera's profile reports it (codec, bitrate, sample rate), read
only. Codec and rate control (CBR/VBR) are choosers only when the camera offers a choice
(ONVIF Media2 cameras); otherwise they are shown as the camera reports them, and a
rate control the camera does not report says so. The H.264 profile chooser is only
for a stream that stays H.264.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session

_ROLE_WORDS = {
    cameras_pb2.STREAM_ROLE_MAIN: QT_TRANSLATE_NOOP("StreamsTab", "Main stream"),
    cameras_pb2.STREAM_ROLE_SUB: QT_TRANSLATE_NOOP("StreamsTab", "Sub stream"),
}
_ROLE_NAMES = {cameras_pb2.STREAM_ROLE_MAIN: "main", cameras_pb2.STREAM_ROLE_SUB: "sub"}


class StreamBox(QGroupBox):
    """One stream's controls; ``changes()`` is what differs from the camera's."""

    def __init__(self, stream: cameras_pb2.StreamSettings) -> None:
        super().__init__()
        self.setTitle(self.tr(_ROLE_WORDS.get(stream.role, "?")))
        self.role = _ROLE_NAMES.get(stream.role, "main")
        self.stream = stream
        options = stream.options
        form = QFormLayout(self)
        self.codec = self._chooser(options.codecs, stream.codec)
        if self.codec is not None:
            form.addRow(self.tr("Codec"), self.codec)
        else:
            form.addRow(self.tr("Codec"), QLabel(stream.codec or self.tr("unknown")))
        self.rate_control = self._chooser(options.rate_controls, stream.rate_control)
        if self.rate_control is not None:
            self.rate_control.setToolTip(
                self.tr("CBR: constant bitrate; VBR: variable, capped at the bitrate")
            )
            form.addRow(self.tr("Rate control"), self.rate_control)
        else:
            form.addRow(
                self.tr("Rate control"),
                QLabel(stream.rate_control or self.tr("not reported by the camera")),
            )
        audio = QLabel(self._audio_words(stream))
        audio.setToolTip(self.tr("As the camera reports it; set on the camera itself"))
        form.addRow(self.tr("Audio"), audio)
        self.resolution: QComboBox | None = None
        sizes = [(r.width, r.height) for r in options.resolutions]
        if sizes:
            self.resolution = QComboBox()
            if (stream.width, stream.height) not in sizes:
                sizes.insert(0, (stream.width, stream.height))
            for width, height in sizes:
                self.resolution.addItem(f"{width}×{height}", (width, height))
            self.resolution.setCurrentIndex(sizes.index((stream.width, stream.height)))
            form.addRow(self.tr("Resolution"), self.resolution)
        self.fps = self._spin(options.fps_min, options.fps_max, stream.fps, self.tr(" fps"))
        if self.fps is not None:
            form.addRow(self.tr("Frame rate"), self.fps)
        self.bitrate = self._spin(
            options.bitrate_min_kbps, options.bitrate_max_kbps, stream.bitrate_kbps, " kbit/s"
        )
        if self.bitrate is not None:
            self.bitrate.setSingleStep(64)
            form.addRow(self.tr("Bitrate"), self.bitrate)
            if stream.recommended_max_kbps:
                hint = QLabel(
                    self.tr("Recommended for this size and rate: {low}–{high} kbit/s").format(
                        low=stream.recommended_min_kbps, high=stream.recommended_max_kbps
                    )
                )
                hint.setObjectName("muted")
                form.addRow("", hint)
        self.gop = self._spin(options.gop_min, options.gop_max, stream.gop, self.tr(" frames"))
        if self.gop is not None:
            form.addRow(self.tr("Key frame interval"), self.gop)
        self.profile: QComboBox | None = None
        # An H.265 stream has no H.264 profile: the chooser starts at the first offered,
        # for a switch back to H.264.
        h264 = stream.codec == "H264"
        start = stream.h264_profile or ("" if h264 else next(iter(options.h264_profiles), ""))
        if options.h264_profiles and start:
            self.profile = QComboBox()
            for name in options.h264_profiles:
                self.profile.addItem(name, name)
            if self.profile.findData(start) < 0:
                self.profile.insertItem(0, start, start)
            self.profile.setCurrentIndex(self.profile.findData(start))
            form.addRow(self.tr("H.264 profile"), self.profile)
        self._profile_start = start
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_all_button = QPushButton(self.tr("Apply to all ONVIF cameras"))
        self.apply_all_button.setVisible(False)  # when the server has other ONVIF cameras
        self.apply_all_button.setToolTip(
            self.tr("The changed settings, on this stream of every ONVIF camera of the server")
        )
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.apply_all_button)
        row.addWidget(self.apply_button)
        form.addRow(row)
        for combo in (self.resolution, self.profile, self.codec, self.rate_control):
            if combo is not None:
                combo.currentIndexChanged.connect(self._update)
        for spin in (self.fps, self.bitrate, self.gop):
            if spin is not None:
                spin.valueChanged.connect(self._update)
        self._busy = False
        self._update()

    def _audio_words(self, stream: cameras_pb2.StreamSettings) -> str:
        if not stream.audio_codec:
            return self.tr("none")
        parts = [stream.audio_codec]
        if stream.audio_bitrate_kbps:
            parts.append(self.tr("{kbps} kbit/s").format(kbps=stream.audio_bitrate_kbps))
        if stream.audio_sample_rate_hz:
            parts.append(self.tr("{khz:g} kHz").format(khz=stream.audio_sample_rate_hz / 1000))
        return ", ".join(parts)

    @staticmethod
    def _chooser(offered: Sequence[str], current: str) -> QComboBox | None:
        """A combo box of ``offered`` set to ``current``; None without a choice."""
        if not current or not offered or (len(offered) < 2 and current in offered):
            return None
        combo = QComboBox()
        for name in offered:
            combo.addItem(name, name)
        if combo.findData(current) < 0:
            combo.insertItem(0, current, current)
        combo.setCurrentIndex(combo.findData(current))
        return combo

    @staticmethod
    def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox | None:
        if high <= 0 or high < low:
            return None
        spin = QSpinBox()
        spin.setRange(min(low, value), max(high, value))
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setToolTip(f"{low}–{high}")
        return spin

    def changes(self) -> dict[str, int | str]:
        changed: dict[str, int | str] = {}
        stream = self.stream
        if self.resolution is not None:
            width, height = self.resolution.currentData()
            if (width, height) != (stream.width, stream.height):
                changed.update(width=int(width), height=int(height))
        for name, spin, old in (
            ("fps", self.fps, stream.fps),
            ("bitrate_kbps", self.bitrate, stream.bitrate_kbps),
            ("gop", self.gop, stream.gop),
        ):
            if spin is not None and spin.value() != old:
                changed[name] = spin.value()
        codec = stream.codec
        if self.codec is not None and self.codec.currentData() != stream.codec:
            codec = changed["codec"] = str(self.codec.currentData())
        if self.rate_control is not None and self.rate_control.currentData() != (
            stream.rate_control
        ):
            changed["rate_control"] = str(self.rate_control.currentData())
        profile = self.profile
        if profile is not None and codec == "H264":
            switched = stream.codec != "H264"  # back to H.264: say which profile
            if switched or profile.currentData() != self._profile_start:
                changed["h264_profile"] = str(profile.currentData())
        return changed

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update()

    def _update(self) -> None:
        if self.profile is not None:  # an H.264 profile for an H.264 stream only
            codec = self.codec.currentData() if self.codec is not None else self.stream.codec
            self.profile.setEnabled(codec == "H264")
        ready = not self._busy and bool(self.changes())
        self.apply_button.setEnabled(ready)
        self.apply_all_button.setEnabled(ready)

    def say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")


class StreamsTab(QWidget):
    """``others``: the server's other ONVIF cameras (id → name), for "apply to all"."""

    def __init__(
        self,
        session: Session,
        camera_id: int,
        others: dict[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id = camera_id
        self.others = dict(others or {})
        #: The streams shown, by role word (main, sub).
        self.boxes: dict[str, StreamBox] = {}
        self.status = QLabel(self.tr("Reading the camera's stream settings…"))
        self.status.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Read again"))
        self.reload_button.setVisible(False)  # after a failed read only
        self.reload_button.clicked.connect(self.load)
        self.host = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.host)
        layout.addStretch(1)
        layout.addLayout(row)

    def load(self) -> None:
        self.reload_button.setVisible(False)
        op = ops.get_streams_op(self.camera_id, parent=self)
        op.success(lambda answer: self._show(list(answer.streams), ""))
        op.failure(self._load_failed)
        op.run(self.session)

    def _load_failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)
        self.reload_button.setVisible(True)

    def _show(self, streams: list[cameras_pb2.StreamSettings], say: str, role: str = "") -> None:
        for box in self.boxes.values():
            self.host.removeWidget(box)
            box.deleteLater()
        self.boxes.clear()
        for stream in streams:
            box = StreamBox(stream)
            box.apply_button.clicked.connect(partial(self.apply, box.role))
            box.apply_all_button.clicked.connect(partial(self.apply_to_all, box.role))
            box.apply_all_button.setVisible(bool(self.others))
            self.boxes[box.role] = box
            self.host.addWidget(box)
        if say and role in self.boxes:
            self.boxes[role].say(say, ok=True)
        self._say(
            "" if streams else self.tr("The camera reports no stream settings."),
        )

    def apply(self, role: str) -> None:
        box = self.boxes[role]
        changes = box.changes()
        if not changes:
            return
        box.set_busy(True)
        box.say(self.tr("Applying… the camera restarts this stream"))
        op = ops.set_streams_op(self.camera_id, role, changes, parent=self)
        op.success(lambda answer: self._show(list(answer.streams), self.tr("Applied"), role))
        op.failure(lambda error: self._failed(box, error))
        op.run(self.session)

    def apply_to_all(self, role: str) -> None:
        box = self.boxes[role]
        changes = box.changes()
        if not changes:
            return
        ids = [self.camera_id, *self.others]
        box.set_busy(True)
        box.say(self.tr("Applying to {count} cameras…").format(count=len(ids)))
        op = ops.apply_streams_op(ids, role, changes, parent=self)
        op.success(lambda answer: self._applied_to_all(role, answer))
        op.failure(lambda error: self._failed(box, error))
        op.run(self.session)

    def _applied_to_all(self, role: str, answer: cameras_pb2.ApplyStreamSettingsResponse) -> None:
        mine = next((r for r in answer.results if r.camera_id == self.camera_id), None)
        failed = [r for r in answer.results if r.error_code]
        if mine is not None and not mine.error_code:
            self._show(list(mine.streams), "", role)
        box = self.boxes.get(role)
        if box is None:
            return
        box.set_busy(False)
        text = self.tr("Applied to {ok} of {count} cameras").format(
            ok=len(answer.results) - len(failed), count=len(answer.results)
        )
        if failed:
            names = [
                f"{self.others.get(r.camera_id, '#' + str(r.camera_id))}: {r.error}"
                for r in failed
                if r.camera_id != self.camera_id
            ]
            if mine is not None and mine.error_code:
                names.insert(0, self.tr("this camera: {error}").format(error=mine.error))
            text += self.tr("; failed: {list}").format(list="; ".join(names))
        box.say(text, ok=not failed)

    def _failed(self, box: StreamBox, error: Exception) -> None:
        box.set_busy(False)
        box.say(error_text(error), ok=False)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
