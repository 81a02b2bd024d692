"""The on-screen keyboard (LIVE-10): typing with a mouse alone on the appliance.

``Keyboard.install(app)`` watches the application's focus. When a text field gets
it (a ``QLineEdit``, a spin box, a ``QPlainTextEdit``/``QTextEdit``, an editable
``QComboBox``, none read-only) a ``KeyboardPanel`` opens docked at the bottom of
that field's window (the screen's bottom in kiosk, where the window is full screen):
the window keeps its content above the panel (its bottom contents margin) and, when
it is not maximised, grows by the panel's height. A digit-only field
(``ImhDigitsOnly``/``ImhFormattedNumbersOnly``, a spin box, a date/time edit) gets
the numeric pad; the others the letters in QWERTY or AZERTY (French), with shift,
an accent row, and a page of digits and symbols. The panel closes when the focus
goes to anything that is not a text field.

A key types by sending key press and release events to the focused widget, so the
field does what a real keyboard would make it do (validators, spin box limits, Enter
for the default button, Tab to the next field). No key, and not the panel, takes
the focus. The panel is a child of the window it serves and dies with it.

Why an own widget and not Qt Virtual Keyboard (GPLv3 only): ``docs/licensing.md``.
"""

from __future__ import annotations

import os
from typing import ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMargins,
    QObject,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import system_pb2
from vedette_console.widgets import keyboard_layouts as kl

#: The environment variable that turns the keyboard on outside kiosk mode.
ENV_VARIABLE = "VEDETTE_ONSCREEN_KEYBOARD"
#: The panel's object name (one per window).
PANEL_NAME = "onscreenKeyboard"
#: Height of one row of keys, logical pixels (a comfortable mouse or finger target).
KEY_HEIGHT = 42
#: The narrowest window the letters are shown in (a smaller one is widened).
MIN_WIDTH = 640
#: Width of one key unit on the numeric pad.
PAD_KEY_WIDTH = 84
_NUMERIC_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhFormattedNumbersOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
)
_KEY_CODES: dict[str, Qt.Key] = {
    kl.BACKSPACE: Qt.Key.Key_Backspace,
    kl.ENTER: Qt.Key.Key_Return,
    kl.TAB: Qt.Key.Key_Tab,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keyboard", text)


def _label(key: str) -> str:
    labels = {
        kl.BACKSPACE: _tr("⌫ Erase"),
        kl.ENTER: _tr("Enter ↵"),
        kl.TAB: _tr("Tab ⇥"),
        kl.SHIFT: _tr("⇧ Shift"),
        kl.SPACE: _tr("Space"),
        kl.SYMBOLS: _tr("?123"),
        kl.LETTERS: _tr("ABC"),
        kl.HIDE: _tr("Hide"),
    }
    return labels.get(key, key)


def text_field(widget: QWidget | None) -> QWidget | None:
    """``widget`` when it takes typed text (and is not read-only), else None."""
    if isinstance(widget, QLineEdit):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, QComboBox):
        return widget if widget.isEditable() else None
    return None


def wants_numbers(field: QWidget) -> bool:
    """Whether ``field`` takes digits only (the numeric pad)."""
    if isinstance(field, QAbstractSpinBox):
        return True  # QSpinBox, QDoubleSpinBox, QDateTimeEdit and its kin
    hints = field.inputMethodHints()
    return bool(hints & _NUMERIC_HINTS)


def layout_for_language(language: int) -> str:
    """AZERTY for French, QWERTY otherwise."""
    return kl.AZERTY if language == system_pb2.LANGUAGE_FRENCH else kl.QWERTY


def type_key(key: str, *, upper: bool = False) -> None:
    """Send ``key`` (a character or a named key) to the focused text field (nothing
    when the focus is not on one: a key never presses a button)."""
    target = text_field(QApplication.focusWidget())
    if target is None:
        return
    if key in _KEY_CODES:
        code, text = _KEY_CODES[key], {kl.ENTER: "\r", kl.TAB: "\t"}.get(key, "")
    else:
        text = " " if key == kl.SPACE else (key.upper() if upper else key)
        point = ord(text.upper()) if len(text.upper()) == 1 else 0
        code = Qt.Key(point) if 0x20 <= point < 0xFF else Qt.Key.Key_unknown
    modifiers = Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, text))


class KeyButton(QPushButton):
    """One key: never takes the focus; ``key`` is what it types or does."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(_label(key), parent)
        self.key = key
        self.setObjectName(f"key:{key}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoDefault(False)
        self.setMinimumHeight(KEY_HEIGHT - 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        if key == kl.BACKSPACE:
            self.setAutoRepeat(True)
            self.setToolTip(_tr("Erase the character before the cursor"))


class _Page(QWidget):
    """One page of keys on a grid of half-key columns (keys of 1.5 or 2 widths)."""

    def __init__(
        self, rows: kl.Page, pressed: SignalInstance, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys: dict[str, list[KeyButton]] = {}
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(0, 0, 0, 0)
        columns = max(sum(round(kl.WIDTHS.get(k, 1) * 2) for k in row) for row in rows)
        for r, row in enumerate(rows):
            span = sum(round(kl.WIDTHS.get(k, 1) * 2) for k in row)
            column = (columns - span) // 2
            for key in row:
                width = round(kl.WIDTHS.get(key, 1) * 2)
                button = KeyButton(key, self)
                button.clicked.connect(lambda _=False, k=key: pressed.emit(k))
                grid.addWidget(button, r, column, 1, width)
                self.keys.setdefault(key, []).append(button)
                column += width
        for column in range(columns):
            grid.setColumnStretch(column, 1)


class KeyboardPanel(QWidget):
    """The keys, docked at the bottom of the window it is a child of.

    Signal: ``pressed(key)`` for every key clicked (after it acted)."""

    pressed = Signal(str)
    _key = Signal(str)

    def __init__(self, host: QWidget, layout: str) -> None:
        super().__init__(host)
        self.setObjectName(PANEL_NAME)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#onscreenKeyboard { background: #1d2129; border-top: 1px solid #3a4050; }"
            "#onscreenKeyboard QPushButton { font-size: 15px; padding: 2px; }"
        )
        self.host = host
        self.layout_name = layout
        self.shift = False
        self.numeric = False
        self._reserved = 0
        self._base_height = 0
        self._base_width = 0
        self._shrunk: list[tuple[QWidget, int]] = []
        self._margins = QMargins()
        self.letters = {name: _Page(rows, self._key) for name, rows in kl.LETTER_PAGES.items()}
        self.symbols = _Page(kl.SYMBOL_PAGE, self._key)
        self.pad = _Page(kl.NUMERIC_PAGE, self._key)
        self.pages = QStackedWidget(self)
        self.pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for page in (*self.letters.values(), self.symbols, self.pad):
            self.pages.addWidget(page)
        self._show_letters()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.addWidget(self.pages)
        self._key.connect(self._on_key)
        host.installEventFilter(self)
        self.hide()

    # -- showing ---------------------------------------------------------------------

    def page_height(self) -> int:
        rows = len(kl.NUMERIC_PAGE) if self.numeric else len(kl.LETTER_PAGES[kl.QWERTY])
        return rows * KEY_HEIGHT + 12

    def open(self, *, numeric: bool) -> None:
        """Show the numeric pad or the letters, docked, with room made for it."""
        self.numeric = numeric
        if numeric:
            self.pages.setCurrentWidget(self.pad)
        elif self.pages.currentWidget() is self.pad:
            self._show_letters()
        self._reserve(self.page_height())
        self.show()
        self.raise_()
        QTimer.singleShot(0, self, self._dock)  # after the window's own layout pass

    def close_panel(self) -> None:
        self.hide()
        self._reserve(0)

    def _reserve(self, height: int) -> None:
        """Make the window keep ``height`` pixels free at its bottom (growing it when
        it is not maximised or full screen); 0 gives them back."""
        host = self.host
        if not _alive(host):
            return
        if height == self._reserved:
            self._dock()
            return
        if not self._reserved:
            self._margins = host.contentsMargins()
            self._base_height = host.height()
            self._base_width = host.width()
        if not height:
            self._unfit_children()
        margins = QMargins(self._margins)
        margins.setBottom(self._margins.bottom() + height)
        host.setContentsMargins(margins)  # may grow it to its new minimum at once
        if not (host.isMaximized() or host.isFullScreen()):
            # A small dialog is widened so the letters stay a comfortable size.
            width = max(self._base_width, MIN_WIDTH) if height else self._base_width
            host.resize(width, max(host.minimumHeight(), self._base_height + height))
        self._reserved = height
        self._dock()

    def _dock(self) -> None:
        if not _alive(self.host):
            return
        height = self._reserved or self.page_height()
        width = self.host.width()
        if self.numeric:
            pad = min(width, PAD_KEY_WIDTH * 3 + 16)
            self.setGeometry((width - pad) // 2, self.host.height() - height, pad, height)
        else:
            self.setGeometry(0, self.host.height() - height, width, height)
        if self._reserved:
            self._fit_children()

    def _fit_children(self) -> None:
        """Keep above the keyboard what the window places by hand rather than by its
        layout (a ``QWizard``'s pages and buttons fill it whatever its margins)."""
        limit = self.host.height() - self._reserved
        children = self.host.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        for child in children:
            if child is self or child.isWindow() or not child.isVisible():
                continue
            box = child.geometry()
            if box.top() < limit <= box.bottom():
                if all(kept is not child for kept, _ in self._shrunk):
                    self._shrunk.append((child, self.host.height() - box.bottom() - 1))
                    child.installEventFilter(self)  # the window may lay it out again
                child.resize(box.width(), limit - box.top())

    def _unfit_children(self) -> None:
        for child, gap in self._shrunk:
            if _alive(child):
                child.removeEventFilter(self)
                child.resize(child.width(), self.host.height() - gap - child.y())
        self._shrunk.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Resize or not self.isVisible():
            return False
        if watched is self.host:
            self._dock()
        # The window lays its hand-placed children out after this filter, and again
        # when it changes pages: keep them above the keys once it is done.
        QTimer.singleShot(0, self, self._dock)
        return False

    # -- keys ------------------------------------------------------------------------

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def key(self, key: str) -> KeyButton:
        """The button of ``key`` on the page shown (tests click it)."""
        page = self.current_page()
        assert isinstance(page, _Page)
        return page.keys[key][0]

    def set_layout(self, layout: str) -> None:
        self.layout_name = layout
        if self.pages.currentWidget() in self.letters.values():
            self._show_letters()

    def _show_letters(self) -> None:
        self.pages.setCurrentWidget(self.letters[self.layout_name])
        self._set_shift(self.shift)

    def _set_shift(self, on: bool) -> None:
        self.shift = on
        for page in self.letters.values():
            for key, buttons in page.keys.items():
                for button in buttons:
                    if key == kl.SWITCH:  # names the layout it switches to
                        button.setText(kl.OTHER[self.layout_name].upper())
                    elif key == kl.SHIFT:
                        button.setCheckable(True)
                        button.setChecked(on)
                    elif key not in kl.SPECIAL:
                        button.setText(key.upper() if on else key)

    def _on_key(self, key: str) -> None:
        if key == kl.SHIFT:
            self._set_shift(not self.shift)
        elif key == kl.SYMBOLS:
            self.pages.setCurrentWidget(self.symbols)
        elif key == kl.LETTERS:
            self._show_letters()
        elif key == kl.SWITCH:
            self.set_layout(kl.OTHER[self.layout_name])
        elif key == kl.HIDE:
            self.close_panel()
        else:
            type_key(key, upper=self.shift)
            if not _alive(self):
                return  # Enter accepted a dialog that deleted itself
            if self.shift and key not in kl.SPECIAL:
                self._set_shift(False)  # one capital, as a phone keyboard does
        self.pressed.emit(key)


class Keyboard(QObject):
    """Opens a window's ``KeyboardPanel`` when one of its text fields has the focus."""

    _installed: ClassVar[Keyboard | None] = None

    def __init__(self, app: QApplication, layout: str) -> None:
        super().__init__(app)
        self.layout_name = layout
        self.panel: KeyboardPanel | None = None
        app.focusChanged.connect(self._focus_changed)

    @classmethod
    def install(cls, app: QApplication, *, language: int | None = None) -> Keyboard:
        """Turn the keyboard on for ``app`` (once; later calls return the same one).
        Its letters follow ``language`` (default: the console's language)."""
        if cls._installed is None:
            if language is None:
                from vedette_console.i18n import remembered_language

                language = remembered_language()
            cls._installed = Keyboard(app, layout_for_language(language))
            cls._installed._focus_changed(None, app.focusWidget())
        elif language is not None:
            cls._installed.set_language(language)
        return cls._installed

    @classmethod
    def installed(cls) -> Keyboard | None:
        return cls._installed

    @classmethod
    def uninstall(cls) -> None:
        keyboard = cls._installed
        if keyboard is None:
            return
        cls._installed = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(keyboard._focus_changed)
        keyboard._close()
        keyboard.deleteLater()

    @staticmethod
    def wanted(*, kiosk: bool) -> bool:
        """Whether to install it: kiosk mode, or ``VEDETTE_ONSCREEN_KEYBOARD=1``."""
        return kiosk or os.environ.get(ENV_VARIABLE, "") == "1"

    def set_language(self, language: int) -> None:
        """AZERTY for French, QWERTY otherwise, from now on."""
        self.layout_name = layout_for_language(language)
        if self.panel is not None and _alive(self.panel):
            self.panel.set_layout(self.layout_name)

    def _panel_for(self, host: QWidget) -> KeyboardPanel:
        panel = host.findChild(KeyboardPanel, PANEL_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
        if panel is None:
            panel = KeyboardPanel(host, self.layout_name)
        elif panel.layout_name != self.layout_name:
            panel.set_layout(self.layout_name)
        return panel

    def _close(self) -> None:
        if self.panel is not None and _alive(self.panel):
            self.panel.close_panel()
        self.panel = None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        field = text_field(new)
        if field is None:
            self._close()
            return
        panel = self._panel_for(field.window())
        if self.panel is not panel:
            self._close()
            self.panel = panel
        panel.open(numeric=wants_numbers(field))


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
