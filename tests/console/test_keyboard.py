"""The on-screen keyboard (LIVE-10): typing into the console's fields by mouse alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from vedette_api.v1 import system_pb2
from vedette_console.widgets import keyboard_layouts as kl
from vedette_console.widgets.keyboard import Keyboard, KeyboardPanel


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.other = QLineEdit()
        self.digits = QLineEdit()
        self.digits.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.readonly = QLineEdit("fixed")
        self.readonly.setReadOnly(True)
        self.number = QSpinBox()
        self.number.setRange(0, 999)
        self.notes = QPlainTextEdit()
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.button = QPushButton("OK")
        layout = QVBoxLayout(self)
        for widget in (
            self.name,
            self.other,
            self.digits,
            self.readonly,
            self.number,
            self.notes,
            self.combo,
            self.button,
        ):
            layout.addWidget(widget)


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[Form]:
    form = Form()
    qtbot.addWidget(form)
    form.resize(640, 420)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=10_000)
    yield form
    Keyboard.uninstall()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=10_000)


def panel_of(form: QWidget) -> KeyboardPanel:
    panel = form.findChild(KeyboardPanel)
    assert panel is not None, "no keyboard opened on the window"
    return panel


def click(qtbot: QtBot, panel: KeyboardPanel, *keys: str) -> None:
    for key in keys:
        button = panel.key(key)
        assert button.isVisible(), key
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_clicking_keys_types_into_the_focused_line_edit_without_taking_focus(
    qtbot: QtBot, form: Form
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    height = form.height()
    Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
    focus(qtbot, form.name)
    panel = panel_of(form)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    # Docked at the bottom of the window, the window grown to keep its fields above it.
    assert panel.geometry().bottom() == form.height() - 1
    assert form.height() == height + panel.height()
    assert form.button.geometry().bottom() <= panel.geometry().top()

    click(qtbot, panel, "c", "a", "m", "1", kl.SPACE, "g", "a", "t", "e", "x", kl.BACKSPACE)
    assert form.name.text() == "cam1 gate"
    assert QApplication.focusWidget() is form.name
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton)  # the panel's background
    assert QApplication.focusWidget() is form.name

    # Tab goes to the next field; the keyboard stays and types there.
    click(qtbot, panel, kl.TAB)
    qtbot.waitUntil(form.other.hasFocus, timeout=5_000)
    assert panel.isVisible()
    click(qtbot, panel, "o", "k")
    assert form.other.text() == "ok"
    assert form.name.text() == "cam1 gate"


def test_shift_gives_one_capital_and_accents_type_themselves(qtbot: QtBot, form: Form) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
    focus(qtbot, form.name)
    panel = panel_of(form)
    click(qtbot, panel, kl.SHIFT)
    assert panel.key("a").text() == "A"
    click(qtbot, panel, "a", "b")
    assert panel.key("a").text() == "a"
    click(qtbot, panel, "é", "t", "é", kl.SPACE, kl.SHIFT, "ç", "œ", "ü")
    assert form.name.text() == "Abété Çœü"
    click(qtbot, panel, kl.SYMBOLS, "#", "€", kl.LETTERS, "x")
    assert form.name.text() == "Abété Çœü#€x"


def _row_of(panel: KeyboardPanel, key: str) -> int:
    return panel.key(key).geometry().top()


def test_french_gives_azerty_and_english_qwerty(qtbot: QtBot, form: Form) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    keyboard = Keyboard.install(app, language=system_pb2.LANGUAGE_FRENCH)
    focus(qtbot, form.name)
    panel = panel_of(form)
    # AZERTY: a and z start the top letter row, q and m are on the row under it.
    a, z, q, m = (panel.key(k).geometry() for k in "azqm")
    assert a.top() == z.top() and a.left() < z.left()
    assert q.top() == m.top() > a.top() and q.left() < m.left()
    click(qtbot, panel, "a", "z", "e", "r")
    assert form.name.text() == "azer"

    keyboard.set_language(system_pb2.LANGUAGE_ENGLISH)
    q, w, a = (panel.key(k).geometry() for k in "qwa")
    assert q.top() == w.top() < a.top() and q.left() < w.left()
    assert panel.key(kl.SWITCH).text() == "AZERTY"
    click(qtbot, panel, kl.SWITCH)  # the operator may switch by hand
    assert _row_of(panel, "a") == _row_of(panel, "z")


def test_digit_fields_get_the_numeric_pad(qtbot: QtBot, form: Form) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
    focus(qtbot, form.number)
    panel = panel_of(form)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    assert panel.current_page() is panel.pad
    assert panel.width() < form.width()  # a pad, not the letters
    form.number.selectAll()
    click(qtbot, panel, "4", "2", kl.ENTER)
    assert form.number.value() == 42
    assert QApplication.focusWidget() is form.number

    focus(qtbot, form.digits)
    assert panel.current_page() is panel.pad
    click(qtbot, panel, "5", "5", "4")
    assert form.digits.text() == "554"
    focus(qtbot, form.name)
    assert panel.current_page() is panel.letters[kl.QWERTY]


def test_it_opens_for_text_editors_and_hides_when_focus_leaves_text_fields(
    qtbot: QtBot, form: Form
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    height = form.height()
    Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
    focus(qtbot, form.notes)
    panel = panel_of(form)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    click(qtbot, panel, "h", "i", kl.ENTER, "x")
    assert form.notes.toPlainText() == "hi\nx"

    focus(qtbot, form.button)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)
    assert form.height() == height  # the room it took is given back

    focus(qtbot, form.combo)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    click(qtbot, panel, "l", "a", "n")
    assert form.combo.currentText() == "lan"

    focus(qtbot, form.readonly)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)

    focus(qtbot, form.name)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    click(qtbot, panel, kl.HIDE)
    assert not panel.isVisible()
    assert form.height() == height
    assert QApplication.focusWidget() is form.name


def test_a_small_dialog_grows_to_show_the_keys_and_shrinks_back(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = QLineEdit()
    ok = QPushButton("OK")
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(ok)
    dialog.resize(320, 120)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10_000)
    size = dialog.size()
    try:
        Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
        focus(qtbot, field)
        panel = panel_of(dialog)
        qtbot.waitUntil(panel.isVisible, timeout=5_000)
        assert dialog.width() >= 640 and panel.width() == dialog.width()
        assert ok.geometry().bottom() < panel.geometry().top()
        click(qtbot, panel, "o", "k")
        assert field.text() == "ok"
        focus(qtbot, ok)
        qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)
        assert dialog.size() == size
    finally:
        Keyboard.uninstall()


def test_it_is_off_unless_installed(
    qtbot: QtBot, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VEDETTE_ONSCREEN_KEYBOARD", raising=False)
    assert not Keyboard.wanted(kiosk=False)
    assert Keyboard.wanted(kiosk=True)
    monkeypatch.setenv("VEDETTE_ONSCREEN_KEYBOARD", "1")
    assert Keyboard.wanted(kiosk=False)
    focus(qtbot, form.name)
    assert form.findChild(KeyboardPanel) is None

    # Installed again before the first one is deleted: uninstalling still turns it off.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    first = Keyboard.install(app)
    Keyboard.uninstall()
    second = Keyboard.install(app)
    assert second is not first
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5_000)
    assert Keyboard.installed() is second
    Keyboard.uninstall()
    focus(qtbot, form.other)
    focus(qtbot, form.name)
    panel = form.findChild(KeyboardPanel)
    assert panel is not None and not panel.isVisible()
