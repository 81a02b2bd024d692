"""The console in French against a real server (issue 16 §3): the main window (live,
playback, search, backup, alarms), the sign-in dialog and the Settings window (every
page) show no English source string left untranslated and no English sentence that
never went through ``tr()``. Every visible widget is read: labels, buttons, actions,
tab titles, table and tree headers and items, group boxes, combo box items,
placeholders, tooltips and window titles. Screenshots in French go to
/tmp/shots16/i18n/ for review when ``VEDETTE_SHOTS=1``.

Allowed as they are: the server's data (camera names, user names, numbers, paths),
the product name, and the strings whose French is the English (``OK``, ``PTZ``)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from tests.console.conftest import recorded_server
from tests.console.helpers import review_shot, shown_window, signed_in_session
from tests.console.test_wizard import local_server
from tests.support.recorded import Recorded
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from vedette_api.v1 import system_pb2
from vedette_console.alarm_admin.rules_page import RulesPage
from vedette_console.i18n import Translators, ts_tool
from vedette_console.main_window import MainWindow
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmRulesPage
from vedette_console.settings.page import SettingsPage
from vedette_console.signin import SignInDialog
from vedette_console.widgets.tile import CameraRef
from vedette_console.wizard import StartupWizard, setup_calls
from vedette_console.wizard.account import AdminStep
from vedette_console.wizard.step import WizardStep
from vedette_console.wizard.summary import SummaryStep

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
SHOTS = Path("/tmp/shots16/i18n")
#: The server's data and names that are the same in both languages.
ALLOWED = {"Vedette", "Gate", "Lobby", "admin", "OK", "PTZ", "OSD", "AVI", "MKV", "RTSP"}
#: Words that mark an English sentence (whole words, lower case or capitalised, so
#: that French units such as "To" do not count), in text the scan did not find.
_WORDS = [
    "the",
    "and",
    "with",
    "of",
    "is",
    "are",
    "not",
    "this",
    "your",
    "you",
    "from",
    "to",
    "no",
    "none",
    "camera",
    "cameras",
    "server",
    "settings",
    "recording",
    "save",
    "delete",
    "add",
    "search",
    "live",
    "playback",
    "name",
    "password",
    "user",
    "users",
    "sign",
    "signed",
    "disk",
    "alarm",
    "alarms",
    "started",
    "stopped",
]
_ENGLISH = re.compile(r"\b(" + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in _WORDS) + r")\b")
#: Codes and acronyms (LIVE-07, RTSP, PTZ): not words of a language.
_NAMES = re.compile(r"\d[\d.,]*\s?To\b|\b[A-Z0-9][A-Z0-9-]+\b")  # and "1.00 To" (téraoctets)


Strings = tuple[set[str], list[tuple[re.Pattern[str], list[re.Pattern[str]]]]]


def _pattern(text: str) -> re.Pattern[str]:
    """``text`` with each placeholder matching anything."""
    parts = [_plain(p) if p.strip() else p for p in ts_tool.PLACEHOLDER.split(text)[::2]]
    return re.compile(".+".join(re.escape(p) for p in parts))


@pytest.fixture(scope="module")
def english_strings() -> Strings:
    """The source strings whose French differs: exact ones, and patterns for those
    with placeholders (with the French ones, as a text matching both is French)."""
    exact: set[str] = set()
    patterns: list[tuple[re.Pattern[str], list[re.Pattern[str]]]] = []
    for (_context, source), entry in ts_tool.read_ts(ts_tool.ts_path("fr")).items():
        if entry.finished and all(form == source for form in entry.forms):
            continue
        french = [_pattern(form) for form in entry.forms if form]
        for text in (source, entry.message.singular):
            if not text:
                continue
            if ts_tool.placeholders(text):
                literal = ts_tool.PLACEHOLDER.sub("", text)
                if len(re.findall(r"[A-Za-z]", literal)) >= 6:
                    patterns.append((_pattern(text), french))
            elif text == text.strip() and _plain(text) and _plain(text) not in ALLOWED:
                exact.add(_plain(text))  # (not a spin box's suffix such as " GB")
    return exact, patterns


@pytest.fixture
def french(qapp: QApplication) -> Iterator[Translators]:
    """French for the test, English again after it."""
    ts_tool.release("fr")
    translators = Translators(qapp)
    assert translators.install(system_pb2.LANGUAGE_FRENCH)
    try:
        yield translators
    finally:
        translators.install(system_pb2.LANGUAGE_ENGLISH)


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything ``root`` shows now."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        kind = type(widget).__name__
        if widget.toolTip():
            found.append((f"{kind} tooltip", widget.toolTip()))
        for action in widget.actions():
            if action.isVisible():
                found.append(("action", action.text()))
                found.append(("action tooltip", action.toolTip()))
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{kind} placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found += [(kind, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [("tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            horizontal = Qt.Orientation.Horizontal
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model's columnCount is private
                columns = 1
            for column in range(columns):
                found.append(("header", str(model.headerData(column, horizontal) or "")))
            for row in range(min(model.rowCount(QModelIndex()), 50)):
                for column in range(columns):
                    index = model.index(row, column)
                    found.append(("item", str(model.data(index) or "")))
                    for child in range(min(model.rowCount(index), 50)):
                        child_index = model.index(child, column, index)
                        found.append(("item", str(model.data(child_index) or "")))
        if isinstance(widget, QTreeWidget) and widget.headerItem() is not None:
            header = widget.headerItem()
            found += [("header", header.text(i)) for i in range(header.columnCount())]
    return [(where, _plain(text)) for where, text in found if _plain(text)]


def _untranslated(text: str, strings: Strings) -> bool:
    exact, patterns = strings
    return text in exact or any(
        english.fullmatch(text) and not any(f.fullmatch(text) for f in french)
        for english, french in patterns
    )


def english_left(root: QWidget, strings: Strings, allowed: set[str]) -> list[str]:
    """What ``root`` shows in English: source strings left untranslated, and
    sentences with English words (not single tokens such as paths or versions)."""
    left = []
    for where, text in visible_texts(root):
        if text in ALLOWED or text in allowed or re.fullmatch(r"[\d\W]*", text):
            continue
        if _untranslated(text, strings):
            left.append(f"{where}: untranslated {text!r}")
        elif (
            " " in text
            and _ENGLISH.search(_NAMES.sub("", text))
            and not any(w in text for w in allowed)
        ):
            left.append(f"{where}: English? {text!r}")
    return sorted(set(left))


def _idle(page: SettingsPage) -> bool:
    return not page.busy


def shot(widget: QWidget, name: str) -> None:
    """A screenshot for review (with ``VEDETTE_SHOTS`` set)."""
    QApplication.processEvents()
    review_shot(widget, name, str(SHOTS))


def test_the_main_window_in_french(
    qtbot: QtBot,
    french: Translators,
    recorded: Recorded,
    english_strings: Strings,
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras="all")
    qtbot.waitUntil(lambda: len(window.tree.camera_ids()) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.alarm_desk.book.loaded, timeout=WAIT_MS)
    assert window.view_buttons["Playback"].text() == "Lecture"
    allowed = {recorded.server.address}
    left: list[str] = []
    for view in MainWindow.VIEWS:
        if not window.view_buttons[view].isVisible():
            continue
        window.show_view(view)
        if view == "Playback":  # the recording's manual event beside the timeline
            qtbot.waitUntil(lambda: bool(window.playback.markers), timeout=WAIT_MS)
        # The events' own text is the server's (English).
        allowed |= {marker.text for marker in window.playback.markers}
        QApplication.processEvents()
        left += [f"{view}: {line}" for line in english_left(window, english_strings, allowed)]
        shot(window, f"main_{view.lower()}.png")
    assert not left, "\n".join(left)


def test_the_sign_in_dialog_in_french(
    qtbot: QtBot, french: Translators, english_strings: Strings
) -> None:
    dialog = SignInDialog(Session(), address="127.0.0.1:7443", username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Vedette — connexion"
    assert dialog.ok_button.text() == "Se connecter"
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert cancel.text() == "Annuler"  # Qt's own translation, from the PySide6 wheel
    left = english_left(dialog, english_strings, {"127.0.0.1:7443"})
    shot(dialog, "signin.png")
    assert not left, "\n".join(left)


def test_the_settings_window_in_french(
    qtbot: QtBot,
    french: Translators,
    recorded: Recorded,
    english_strings: Strings,
) -> None:
    window_module = pytest.importorskip("vedette_console.settings.window")
    session = signed_in_session(qtbot, recorded)
    window = window_module.SettingsWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.rights is not None, timeout=WAIT_MS)
    allowed = {recorded.server.address, str(recorded.server.data)}
    left: list[str] = []
    for page_class in window.listed():
        page: SettingsPage | None = window.open_page(page_class.group, page_class.title)
        assert page is not None
        qtbot.waitUntil(functools.partial(_idle, page), timeout=WAIT_MS)
        QApplication.processEvents()
        left += [
            f"{page_class.__name__}: {line}"
            for line in english_left(window, english_strings, allowed)
        ]
        shot(window, f"settings_{page_class.__name__}.png")
    assert not left, "\n".join(left)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    """The recorded cameras on a server of this file's own: the shared one holds
    whatever alarms and log entries the worker's other test files left, which the
    server words in English (its rule names, its log sentences)."""
    with recorded_server(tmp_path_factory.mktemp("french-recorded")) as own:
        yield own


@pytest.fixture(scope="module")
def alarm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of its own: an alarm raised here reaches no other test's console."""
    with running_server(tmp_path_factory.mktemp("french-alarms")) as process:
        yield process


def test_the_alarm_desk_in_french(
    qtbot: QtBot, french: Translators, alarm_server: ServerProcess, english_strings: Strings
) -> None:
    session = Session()
    session.adopt(alarm_server.client())
    window = shown_window(qtbot, session, cameras=[])
    desk = window.alarm_desk
    qtbot.waitUntil(lambda: session.feed.live and desk.book.loaded, timeout=WAIT_MS)
    with alarm_server.client() as other:
        raised = other.trigger_alarm("Porte forcée", priority=2, text="Quai 3")
    qtbot.waitUntil(lambda: raised.id in desk.book.open, timeout=WAIT_MS)
    window.show_view("Alarms")
    table = desk.list_view.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=WAIT_MS)
    table.selectRow(0)
    # What the operator named (the alarm, its note) stays; what the server names
    # (its built-in rules, the log's sentences about the alarm) is French.
    allowed = {alarm_server.address, str(alarm_server.data), "Porte forcée", "Quai 3"}
    left: list[str] = []
    for tab in range(desk.view.count()):
        desk.view.setCurrentIndex(tab)
        QApplication.processEvents()
        left += [f"tab {tab}: {line}" for line in english_left(window, english_strings, allowed)]
        shot(window, f"alarms_tab{tab}.png")
    assert desk.view.tabText(0) == "Liste des alarmes"
    assert desk.list_view.table.model().index(0, 7).data() == "Alarme manuelle"
    left += _settings_english(qtbot, session, english_strings, allowed)
    assert not left, "\n".join(left)


def _settings_english(
    qtbot: QtBot, session: Session, strings: Strings, allowed: set[str]
) -> list[str]:
    """What the alarm rules page and the system log (with the alarm's entries) show
    in English."""
    window_module = pytest.importorskip("vedette_console.settings.window")
    window = window_module.SettingsWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.rights is not None, timeout=WAIT_MS)
    rules = window.open_page("Alarms", "Alarm rules")
    assert isinstance(rules, AlarmRulesPage) and isinstance(rules.inner, RulesPage)
    table = rules.inner.table
    qtbot.waitUntil(lambda: not rules.loading and table.rowCount() > 0, timeout=WAIT_MS)
    left = [f"rules: {line}" for line in english_left(window, strings, allowed)]
    shot(window, "alarm_rules.png")
    log = window.open_page("System", "System log")
    assert log is not None

    def alarm_logged() -> bool:
        if not _idle(log):
            return False
        if any(e.action == "alarm.raised" for e in log.entries):
            return True
        log.search()  # the alarm log's entries are written behind the alarm
        return False

    qtbot.waitUntil(alarm_logged, timeout=WAIT_MS)
    QApplication.processEvents()
    left += [f"system log: {line}" for line in english_left(window, strings, allowed)]
    shot(window, "system_log_alarms.png")
    return left


def test_the_camera_dialogs_in_french(
    qtbot: QtBot, french: Translators, recorded: Recorded, english_strings: Strings
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    qtbot.waitUntil(lambda: window.add_cameras_action.isVisible(), timeout=WAIT_MS)
    allowed = {recorded.server.address, "Gate", "Lobby", recorded.camsim.url("cam1", "main")}
    left: list[str] = []
    window.add_cameras_action.trigger()
    add = window.camera_dialog
    assert add is not None and add.isVisible()
    left += _tabs(add, english_strings, allowed, "add")
    add.close()
    window.open_edit_camera(CameraRef("", recorded.camera_id))
    edit = window.camera_dialog
    assert edit is not None and edit.isVisible() and edit is not add
    qtbot.waitUntil(functools.partial(_settled, edit), timeout=WAIT_MS)
    left += _tabs(edit, english_strings, allowed, "edit")
    edit.close()
    assert not left, "\n".join(left)


def _settled(dialog: QWidget) -> bool:
    """No tab of the dialog still says it is reading."""
    return not any(
        label.isVisible() and label.text().startswith("Lecture")
        for label in dialog.findChildren(QLabel)
    )


def _tabs(dialog: QWidget, strings: Strings, allowed: set[str], name: str) -> list[str]:
    """What each tab of ``dialog``'s first tab widget shows in English."""
    (tabs, *_) = dialog.findChildren(QTabWidget)
    left: list[str] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        left += [f"{name} tab {index}: {line}" for line in english_left(dialog, strings, allowed)]
        shot(dialog, f"camera_{name}_tab{index}.png")
    return left


def test_the_start_up_wizard_in_french(
    qtbot: QtBot, french: Translators, tmp_path: Path, english_strings: Strings
) -> None:
    """Every step, signed in as the administrator and each skipped (nothing changes)."""
    with local_server(tmp_path, no_admin=False) as (_server, address, _short):
        state = setup_calls.get_setup_state(address, None)
        wizard = StartupWizard(address, state)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        allowed = {address, "admin", "Vedette"}
        left: list[str] = []
        skip = wizard.button(QWizard.WizardButton.CustomButton1)
        assert skip.text() == "Passer"
        for number in range(1, 20):
            step = wizard.currentPage()
            assert isinstance(step, WizardStep)
            qtbot.waitUntil(functools.partial(_step_idle, step), timeout=WAIT_MS)
            QApplication.processEvents()
            name = type(step).__name__
            left += [f"{name}: {line}" for line in english_left(wizard, english_strings, allowed)]
            shot(wizard, f"wizard_{number}_{name}.png")
            if isinstance(step, SummaryStep):
                break
            if isinstance(step, AdminStep):  # signed in, so the later steps show more
                step.password.setText(ADMIN_PASSWORD)
                wizard.next()
            else:
                skip.click()
            qtbot.waitUntil(functools.partial(_left_step, wizard, step), timeout=WAIT_MS)
        assert isinstance(wizard.currentPage(), SummaryStep)
        wizard.close()
    assert not left, "\n".join(left)


def _step_idle(step: WizardStep) -> bool:
    return not step.busy


def _left_step(wizard: QWizard, step: WizardStep) -> bool:
    return wizard.currentPage() is not step
