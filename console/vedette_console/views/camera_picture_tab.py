"""The edit dialog's "Picture" tab (CAM-08): the camera's ONVIF imaging settings,
each control bounded by the camera's own options, only the controls it offers.
Apply sends only what changed; the camera's answer is shown back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session

#: The controls in the order shown, with their labels (context ``PictureTab``).
CONTROL_LABELS: dict[str, str] = {
    "brightness": QT_TRANSLATE_NOOP("PictureTab", "Brightness"),
    "contrast": QT_TRANSLATE_NOOP("PictureTab", "Contrast"),
    "color_saturation": QT_TRANSLATE_NOOP("PictureTab", "Saturation"),
    "sharpness": QT_TRANSLATE_NOOP("PictureTab", "Sharpness"),
    "white_balance": QT_TRANSLATE_NOOP("PictureTab", "White balance"),
    "white_balance_cr_gain": QT_TRANSLATE_NOOP("PictureTab", "Red gain"),
    "white_balance_cb_gain": QT_TRANSLATE_NOOP("PictureTab", "Blue gain"),
    "wide_dynamic_range": QT_TRANSLATE_NOOP("PictureTab", "Wide dynamic range (WDR)"),
    "wide_dynamic_range_level": QT_TRANSLATE_NOOP("PictureTab", "WDR level"),
    "backlight_compensation": QT_TRANSLATE_NOOP("PictureTab", "Backlight compensation"),
    "backlight_compensation_level": QT_TRANSLATE_NOOP("PictureTab", "Backlight level"),
    "ir_cut_filter": QT_TRANSLATE_NOOP("PictureTab", "Day/night filter"),
    "focus": QT_TRANSLATE_NOOP("PictureTab", "Focus"),
}
_MODE_WORDS: dict[str, str] = {
    "ON": QT_TRANSLATE_NOOP("PictureTab", "On"),
    "OFF": QT_TRANSLATE_NOOP("PictureTab", "Off"),
    "AUTO": QT_TRANSLATE_NOOP("PictureTab", "Auto"),
    "MANUAL": QT_TRANSLATE_NOOP("PictureTab", "Manual"),
}
#: A level that only acts in one mode of another control: enabled then only.
DEPENDS_ON: dict[str, tuple[str, str]] = {
    "white_balance_cr_gain": ("white_balance", "MANUAL"),
    "white_balance_cb_gain": ("white_balance", "MANUAL"),
    "wide_dynamic_range_level": ("wide_dynamic_range", "ON"),
    "backlight_compensation_level": ("backlight_compensation", "ON"),
}
#: Slider positions for a range that is not a small whole-number one.
_FINE_STEPS = 1000


class NumberControl(QWidget):
    """A slider and a number box kept together, bounded by ``[low, high]``."""

    changed = Signal()

    def __init__(self, low: float, high: float, value: float) -> None:
        super().__init__()
        self.low, self.high = low, high
        whole = low.is_integer() and high.is_integer() and high - low <= _FINE_STEPS
        self._steps = max(1, int(high - low)) if whole else _FINE_STEPS
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self._steps)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(0 if whole else 2)
        self.spin.setRange(low, high)
        self.spin.setMinimumWidth(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)
        self.set_value(value)

    def value(self) -> float:
        return float(self.spin.value())

    def set_value(self, value: float) -> None:
        self.spin.setValue(min(self.high, max(self.low, value)))

    def _from_slider(self, position: int) -> None:
        value = self.low + position * (self.high - self.low) / self._steps
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.changed.emit()

    def _from_spin(self, value: float) -> None:
        span = self.high - self.low
        position = round((value - self.low) / span * self._steps) if span else 0
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self.changed.emit()


class PictureTab(QWidget):
    def __init__(self, session: Session, camera_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id = camera_id
        #: The controls shown, by ``ImagingSettings`` field name.
        self.numbers: dict[str, NumberControl] = {}
        self.modes: dict[str, QComboBox] = {}
        self._loaded: dict[str, float | str] = {}
        self.form_host = QWidget()
        # a level that does not act in the current mode reads as such
        self.form_host.setStyleSheet("QLabel:disabled, QDoubleSpinBox:disabled { color: #5c6370; }")
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        self.status = QLabel(self.tr("Reading the camera's picture settings…"))
        self.status.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Read again"))
        self.reload_button.setVisible(False)  # after a failed read only
        self.reload_button.clicked.connect(self.load)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._busy = True
        self._update_buttons()

    def load(self) -> None:
        self.reload_button.setVisible(False)
        self._busy = True
        self._update_buttons()
        op = ops.get_imaging_op(self.camera_id, parent=self)
        op.success(lambda answer: self._show(answer.settings, answer.options, ""))
        op.failure(self._load_failed)
        op.run(self.session)

    def _load_failed(self, error: Exception) -> None:
        self._failed(error)
        self.reload_button.setVisible(True)

    def _show(
        self, settings: cameras_pb2.ImagingSettings, options: cameras_pb2.ImagingOptions, say: str
    ) -> None:
        self._busy = False
        while self.form.rowCount():
            self.form.removeRow(0)
        self.numbers.clear()
        self.modes.clear()
        self._loaded.clear()
        for name, label in CONTROL_LABELS.items():
            if not settings.HasField(name):
                continue
            value = getattr(settings, name)
            bound = getattr(options, name)
            if isinstance(value, str):
                offered = list(bound)
                if not offered:
                    continue
                combo = QComboBox()
                for mode in offered if value in offered else [value, *offered]:
                    combo.addItem(self.tr(_MODE_WORDS.get(mode, mode)), mode)
                combo.setCurrentIndex(combo.findData(value))
                combo.currentIndexChanged.connect(self._update_buttons)
                self.modes[name] = combo
                self.form.addRow(self.tr(label), combo)
            else:
                if not options.HasField(name) or bound.max <= bound.min:
                    continue
                control = NumberControl(bound.min, bound.max, value)
                control.setToolTip(
                    self.tr("{low:g} to {high:g}").format(low=bound.min, high=bound.max)
                )
                control.changed.connect(self._update_buttons)
                self.numbers[name] = control
                self.form.addRow(self.tr(label), control)
            self._loaded[name] = value
        if not self._loaded:
            self.form.addRow(QLabel(self.tr("The camera offers no picture setting.")))
        self._say(say, ok=True if say else None)
        self._update_buttons()

    def changes(self) -> dict[str, float | str]:
        """The controls whose value differs from the camera's."""
        changed: dict[str, float | str] = {}
        for name, control in self.numbers.items():
            if abs(control.value() - float(self._loaded[name])) > 1e-6:
                changed[name] = control.value()
        for name, combo in self.modes.items():
            if combo.currentData() != self._loaded[name]:
                changed[name] = str(combo.currentData())
        return changed

    def apply(self) -> None:
        changes = self.changes()
        if not changes:
            return
        self._busy = True
        self._say(self.tr("Applying…"))
        self._update_buttons()
        op = ops.set_imaging_op(self.camera_id, changes, parent=self)
        op.success(lambda answer: self._show(answer.settings, answer.options, self.tr("Applied")))
        op.failure(self._failed)
        op.run(self.session)

    def _revert(self) -> None:
        for name, control in self.numbers.items():
            control.set_value(float(self._loaded[name]))
        for name, combo in self.modes.items():
            combo.setCurrentIndex(combo.findData(self._loaded[name]))

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._say(error_text(error), ok=False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        for name, (mode, value) in DEPENDS_ON.items():
            control, combo = self.numbers.get(name), self.modes.get(mode)
            if control is not None and combo is not None:
                active = combo.currentData() == value
                control.setEnabled(active)
                label = self.form.labelForField(control)
                if label is not None:
                    label.setEnabled(active)
        changed = not self._busy and bool(self.changes())
        self.apply_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
