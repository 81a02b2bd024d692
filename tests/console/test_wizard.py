"""The start-up wizard (SYS-01) from a fresh appliance to a recording camera, driven
only by mouse clicks: on the wizard's buttons and on the on-screen keyboard's keys
for every character entered (password, answers, addresses, paths).

The server is initialised as an appliance image (``init --no-admin``, no volume) and
reached on its local socket; a camsim ONVIF camera answers discovery on loopback."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from vedette_api.client import Client
from vedette_api.v1 import auth_pb2, storage_pb2, system_pb2
from vedette_console.i18n import Translators, count_text, ts_tool
from vedette_console.widgets import keyboard_layouts as kl
from vedette_console.widgets.keyboard import Keyboard, KeyboardPanel
from vedette_console.wizard import StartupWizard, setup_calls
from vedette_console.wizard.account import AdminStep, LanguageStep
from vedette_console.wizard.cameras import CamerasStep
from vedette_console.wizard.clock import TimeStep
from vedette_console.wizard.disks import DisksStep
from vedette_console.wizard.network import NetworkStep
from vedette_console.wizard.recording import RecordingStep
from vedette_console.wizard.step import WizardStep, tr
from vedette_console.wizard.summary import SummaryStep

PASSWORD = "Vigie-Nuit-2026!"
#: Generous: a loaded 2-core VM, tests in parallel.
WAIT_MS = 60_000
SHOTS = Path("/tmp/shots16/wizard")


@contextmanager
def local_server(tmp_path: Path, *, no_admin: bool) -> Iterator[tuple[ServerProcess, str, Path]]:
    """A fresh server without a volume, on a short local socket path (``unix:…``),
    and a short folder for a disk."""
    short = Path(tempfile.mkdtemp(prefix="vw-", dir="/tmp"))  # Unix socket paths are short
    data = tmp_path / "data"
    result = init_data_dir(data, default_volume=False, no_admin=no_admin)
    assert result.returncode == 0, result.stderr
    socket = short / "s"
    server = start_server(data, tmp_path / "known.json", "--local-socket", str(socket))
    try:
        yield server, f"unix:{socket}", short
    finally:
        server.stop()
        shutil.rmtree(short, ignore_errors=True)


@pytest.fixture
def appliance(tmp_path: Path) -> Iterator[tuple[ServerProcess, str, Path, CamsimProcess]]:
    """A fresh appliance (``init --no-admin``), a camsim ONVIF camera, and an empty
    folder for a disk."""
    camsim = start_onvif_camsim(*SMALL, cameras=1)
    try:
        with local_server(tmp_path, no_admin=True) as (server, address, short):
            disk = short / "disk1"
            disk.mkdir()
            yield server, address, disk, camsim
    finally:
        camsim.stop()


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Choosing Français shows the wizard in French at once: English again after."""
    yield
    Translators.current().install(system_pb2.LANGUAGE_ENGLISH)


@pytest.fixture
def keyboard() -> Iterator[Keyboard]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield Keyboard.install(app, language=system_pb2.LANGUAGE_ENGLISH)
    Keyboard.uninstall()


# -- the mouse -------------------------------------------------------------------------


def click(qtbot: QtBot, widget: QWidget, at: QPoint | None = None) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    keys = widget.window().findChild(KeyboardPanel)
    if keys is not None and not keys.isAncestorOf(widget):

        def uncovered() -> bool:
            box = widget.rect().translated(widget.mapTo(widget.window(), QPoint(0, 0)))
            return not (keys.isVisible() and box.intersects(keys.geometry()))

        # What the operator can click is never under the keyboard (once the window
        # has laid itself out: the keyboard fits it in the same event-loop turn).
        qtbot.waitUntil(uncovered, timeout=5_000)
    if at is None and isinstance(widget, QRadioButton | QCheckBox):
        at = QPoint(8, widget.height() // 2)  # on the indicator: the row is wider than it
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at or widget.rect().center())


def panel(wizard: QWizard) -> KeyboardPanel:
    found = wizard.findChild(KeyboardPanel)
    assert found is not None and found.isVisible(), "the on-screen keyboard is not open"
    return found


def press(qtbot: QtBot, keys: KeyboardPanel, key: str) -> None:
    click(qtbot, keys.key(key))
    assert not isinstance(QApplication.focusWidget(), QAbstractButton)  # no key took focus


def type_by_mouse(qtbot: QtBot, wizard: QWizard, field: QWidget, text: str) -> None:
    """Click into ``field`` (it opens the keyboard), erase what it holds, and click
    the keys of ``text``: shift for capitals, the symbols page when needed."""
    click(qtbot, field)
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() in (field, getattr(field, "lineEdit", lambda: None)())
    )
    keys = panel(wizard)
    held = field.currentText() if hasattr(field, "currentText") else field.text()  # type: ignore[attr-defined]
    for _ in range(len(held) + 2):
        press(qtbot, keys, kl.BACKSPACE)
    for char in text:
        letters = keys.letters[keys.layout_name]
        lower = char.lower()
        if lower in letters.keys or char == " ":
            if keys.current_page() is not letters:
                press(qtbot, keys, kl.LETTERS)
            if char != lower:
                press(qtbot, keys, kl.SHIFT)
            press(qtbot, keys, kl.SPACE if char == " " else lower)
        else:
            assert char in keys.symbols.keys, char
            if keys.current_page() is not keys.symbols:
                press(qtbot, keys, kl.SYMBOLS)
            press(qtbot, keys, char)


def next_step(qtbot: QtBot, wizard: QWizard, expect: type[WizardStep]) -> WizardStep:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), expect), timeout=WAIT_MS)
    step = wizard.currentPage()
    assert isinstance(step, WizardStep)
    qtbot.waitUntil(lambda: not step.busy, timeout=WAIT_MS)
    return step


def open_wizard(
    qtbot: QtBot, address: str, state: auth_pb2.GetSetupStateResponse
) -> tuple[StartupWizard, list[Client | None]]:
    """The wizard, shown and active, and the list ``finished_setup`` fills."""
    wizard = StartupWizard(address, state)
    qtbot.addWidget(wizard)
    handed: list[Client | None] = []
    wizard.finished_setup.connect(handed.append)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=WAIT_MS)
    return wizard, handed


def skip_step(qtbot: QtBot, wizard: QWizard, expect: type[WizardStep]) -> WizardStep:
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), expect), timeout=WAIT_MS)
    step = wizard.currentPage()
    assert isinstance(step, WizardStep)
    qtbot.waitUntil(lambda: not step.busy, timeout=WAIT_MS)
    return step


def refused() -> str:
    """How a refusal starts, in the language shown."""
    return tr("Refused: {reason}").format(reason="")


def line(step: str, outcome: str) -> str:
    """A line of the summary, in the language shown."""
    return tr("{step}: {outcome}").format(step=tr(step), outcome=outcome)


def counted(count: int, one: str, other: str) -> str:
    return count_text("StartupWizard", count, one, other)


def shot(wizard: QWizard, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(SHOTS / f"wizard_{name}.png"))


# -- the test --------------------------------------------------------------------------


def test_wizard_takes_a_fresh_appliance_to_a_recording_camera_by_mouse_alone(
    qtbot: QtBot,
    appliance: tuple[ServerProcess, str, Path, CamsimProcess],
    keyboard: Keyboard,
) -> None:
    _server, address, disk, camsim = appliance
    state = setup_calls.get_setup_state(address, None)
    assert not state.admin_password_set and state.show_wizard

    wizard, handed = open_wizard(qtbot, address, state)

    # Language: French (the keyboard turns AZERTY, the wizard speaks French).
    assert isinstance(wizard.currentPage(), LanguageStep)
    click(qtbot, wizard.language.choices[system_pb2.LANGUAGE_FRENCH])
    shot(wizard, "1_language")
    admin = next_step(qtbot, wizard, AdminStep)
    assert isinstance(admin, AdminStep)
    assert keyboard.layout_name == kl.AZERTY

    # A weak password: the server's reason beside the field, nothing set.
    type_by_mouse(qtbot, wizard, admin.password, "abc")
    type_by_mouse(qtbot, wizard, admin.confirm, "abc")
    for field, answer in zip(admin.answers, ("Rex", "Lyon", "Clio 1998"), strict=True):
        type_by_mouse(qtbot, wizard, field, answer)
    shot(wizard, "2_admin_keyboard")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(admin.password_error.isVisible, timeout=WAIT_MS)
    assert admin.password_error.text().startswith(refused())
    assert wizard.currentPage() is admin
    assert not setup_calls.get_setup_state(address, None).admin_password_set

    type_by_mouse(qtbot, wizard, admin.password, PASSWORD)
    type_by_mouse(qtbot, wizard, admin.confirm, PASSWORD)
    assert admin.password.text() == PASSWORD and admin.confirm.text() == PASSWORD
    time_step = next_step(qtbot, wizard, TimeStep)
    assert isinstance(time_step, TimeStep)
    assert setup_calls.get_setup_state(address, None).admin_password_set

    type_by_mouse(qtbot, wizard, time_step.zone, "Europe/Paris")
    click(qtbot, time_step.ntp)
    type_by_mouse(qtbot, wizard, time_step.ntp_server, "ntp.example.org")
    shot(wizard, "3_time")
    network = next_step(qtbot, wizard, NetworkStep)
    assert network.status.text()  # the interfaces were listed (or the server said none)
    shot(wizard, "4_network")

    cameras = next_step(qtbot, wizard, CamerasStep)
    assert isinstance(cameras, CamerasStep)
    onvif = onvif_cameras(camsim)["cam1"]
    target = f"{onvif.discovery_address}:{onvif.discovery_port}"
    type_by_mouse(qtbot, wizard, cameras.onvif.targets, target)
    click(qtbot, cameras.onvif.search_button)
    qtbot.waitUntil(
        lambda: len(cameras.onvif.rows) == 1 and not cameras.onvif.busy(), timeout=WAIT_MS
    )
    click(qtbot, cameras.onvif.add_button)
    qtbot.waitUntil(lambda: len(cameras.added) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not cameras.onvif.busy(), timeout=WAIT_MS)
    shot(wizard, "5_cameras")

    disks = next_step(qtbot, wizard, DisksStep)
    assert isinstance(disks, DisksStep)
    assert disks.table.rowCount() == 0
    type_by_mouse(qtbot, wizard, disks.path, str(disk))
    click(qtbot, disks.add_button)
    qtbot.waitUntil(lambda: disks.table.rowCount() == 1 and not disks.busy, timeout=WAIT_MS)
    table: QTableWidget = disks.table
    item = table.item(0, 0)
    assert item is not None
    cell = table.visualItemRect(item)
    click(qtbot, table.viewport(), cell.center())
    click(qtbot, disks.init_button)
    qtbot.waitUntil(lambda: isinstance(disks.question, QMessageBox), timeout=WAIT_MS)
    box = disks.question
    assert isinstance(box, QMessageBox)
    assert str(disk) in box.text()
    shot(box, "6_disk_question")  # type: ignore[arg-type]
    yes = box.button(QMessageBox.StandardButton.Yes)
    click(qtbot, yes)
    qtbot.waitUntil(
        lambda: (
            disks.initialised == 1
            and not disks.busy
            and bool(disks.volumes)
            and disks.volumes[0].state == storage_pb2.VOLUME_STATE_READ_WRITE
        ),
        timeout=WAIT_MS,
    )
    shot(wizard, "6_disks")

    recording = next_step(qtbot, wizard, RecordingStep)
    assert isinstance(recording, RecordingStep)
    click(qtbot, recording.modes["always"])
    shot(wizard, "7_recording")
    summary = next_step(qtbot, wizard, SummaryStep)
    assert isinstance(summary, SummaryStep)
    text = summary.lines.text()
    set_up = tr("Password and security questions set; signed in as {user}")
    assert line("Administrator", set_up.format(user="admin")) in text
    saved = tr("{language}, saved on the server").format(language="Français")
    assert line("Language", saved) in text
    assert line("Cameras", counted(1, "{count} camera added", "{count} cameras added")) in text
    volumes = "; ".join(
        [
            counted(1, "{count} volume added", "{count} volumes added"),
            counted(1, "{count} volume initialised", "{count} volumes initialised"),
        ]
    )
    assert line("Disks", volumes) in text
    one_camera = counted(1, "{count} camera", "{count} cameras")
    mode = tr("{cameras}: {mode}").format(cameras=one_camera, mode=tr("continuous recording"))
    assert line("Recording", mode) in text
    assert not summary.show_again.isChecked()
    shot(wizard, "8_summary")
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: bool(handed), timeout=WAIT_MS)
    client = handed[0]
    assert isinstance(client, Client) and client.username == "admin"
    client.close()

    # Read back from the server with a new sign-in on the local socket.
    with Client.connect(address, username="admin", password=PASSWORD) as check:
        settings = check.get_settings()
        assert settings.general.language == system_pb2.LANGUAGE_FRENCH
        assert not settings.general.show_wizard
        assert settings.date_time.time_zone == "Europe/Paris"
        assert settings.date_time.time_sync == system_pb2.TIME_SYNC_NTP
        assert settings.date_time.ntp_server == "ntp.example.org"
        [volume] = check.list_volumes()
        assert volume.path == str(disk)
        [camera] = check.list_cameras()
        assert (camera.onvif.address, camera.onvif.port) == onvif.host_port
        [policy] = check.get_recording_policies([camera.id])
        assert policy.mode == "always" and not policy.is_default  # set by the wizard
        wait_for(
            lambda: [c for c in check.list_cameras() if c.status.recording],
            60,
            "the camera recording",
        )
    state = setup_calls.get_setup_state(address, None)
    assert state.admin_password_set and not state.show_wizard


def test_with_the_password_set_it_signs_in_and_skipped_steps_change_nothing(
    qtbot: QtBot, tmp_path: Path, keyboard: Keyboard
) -> None:
    ts_tool.release("fr")  # the French the language step turns to
    with local_server(tmp_path, no_admin=False) as (server, address, _short):
        state = setup_calls.get_setup_state(address, None)
        assert state.admin_password_set
        with server.client() as before_client:
            before = before_client.get_settings()
        wizard, handed = open_wizard(qtbot, address, state)
        admin = next_step(qtbot, wizard, AdminStep)
        assert isinstance(admin, AdminStep) and not admin.first_time
        assert admin.user.text() == "admin"

        type_by_mouse(qtbot, wizard, admin.password, "not-the-password")
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
        qtbot.waitUntil(admin.password_error.isVisible, timeout=WAIT_MS)
        assert admin.password_error.text().startswith("Refused: ")
        assert wizard.currentPage() is admin and wizard.session.client is None

        type_by_mouse(qtbot, wizard, admin.password, ADMIN_PASSWORD)
        next_step(qtbot, wizard, TimeStep)
        # Back to the language once signed in: changing it saves it at once.
        back = wizard.button(QWizard.WizardButton.BackButton)
        click(qtbot, back)
        qtbot.waitUntil(lambda: wizard.currentPage() is admin, timeout=WAIT_MS)
        click(qtbot, back)
        qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), LanguageStep), timeout=WAIT_MS)
        click(qtbot, wizard.language.choices[system_pb2.LANGUAGE_FRENCH])
        next_step(qtbot, wizard, AdminStep)
        assert keyboard.layout_name == kl.AZERTY
        next_step(qtbot, wizard, TimeStep)
        for following in (NetworkStep, CamerasStep, DisksStep, RecordingStep, SummaryStep):
            skip_step(qtbot, wizard, following)
        summary = wizard.currentPage()
        assert isinstance(summary, SummaryStep)
        skip = wizard.button(QWizard.WizardButton.CustomButton1)
        assert skip is not None and not skip.isVisible()  # the summary has Finish or Close
        lines = summary.lines.text().splitlines()
        # In French, chosen after signing in: every line says it in French.
        saved = tr("{language}, saved on the server").format(language="Français")
        assert lines[0] == line("Language", saved)
        assert lines[1] == line("Administrator", tr("Signed in as {user}").format(user="admin"))
        assert lines[2:] == [
            line(step, tr("nothing changed"))
            for step in ("Date and time", "Network", "Cameras", "Disks", "Recording")
        ]
        assert lines[1] != "Administrator: Signed in as admin"  # French
        click(qtbot, summary.show_again)
        assert summary.show_again.isChecked()
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
        qtbot.waitUntil(lambda: bool(handed), timeout=WAIT_MS)
        client = handed[0]
        assert isinstance(client, Client)
        client.close()

        with server.client() as check:
            after = check.get_settings()
            assert after.general.show_wizard
            assert after.general.language == system_pb2.LANGUAGE_FRENCH
            assert after.date_time == before.date_time  # skipped: unchanged
            assert check.list_cameras() == [] and check.list_volumes() == []


def test_skipping_the_administrator_leaves_the_appliance_unset(
    qtbot: QtBot, tmp_path: Path, keyboard: Keyboard
) -> None:
    with local_server(tmp_path, no_admin=True) as (_server, address, _short):
        state = setup_calls.get_setup_state(address, None)
        wizard, handed = open_wizard(qtbot, address, state)
        skip_step(qtbot, wizard, AdminStep)
        time_step = skip_step(qtbot, wizard, TimeStep)
        assert isinstance(time_step, TimeStep)
        assert not time_step.zone.isEnabled()
        assert time_step.status.text().startswith("Not signed in")
        for following in (NetworkStep, CamerasStep, DisksStep, RecordingStep, SummaryStep):
            next_step(qtbot, wizard, following)
        summary = wizard.currentPage()
        assert isinstance(summary, SummaryStep)
        assert not summary.show_again.isEnabled()
        assert all(line.endswith(": nothing changed") for line in summary.lines.text().splitlines())
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
        qtbot.waitUntil(lambda: bool(handed), timeout=WAIT_MS)
        assert handed == [None]
        state = setup_calls.get_setup_state(address, None)
        assert not state.admin_password_set and state.show_wizard
