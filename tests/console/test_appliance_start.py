"""The appliance console's start flow against a real appliance (issue 16 §2): it
signs in as the auto-login user (again by itself after a server restart), says why
when that user is disabled, goes back to the logged-out screen when the server ends
a signed-in session; ``--kiosk`` keeps its
screens full and refuses to close for a user without the system right, and signs
in again by itself after the server restarts; "Forgot password?" in the sign-in
dialog recovers a password with the recovery questions."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.console.appliance_server import USER_PASSWORD, Appliance, running_appliance
from tests.console.conftest import MemoryKeyring
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, start_server
from vedette_console.app import Console, parse_args
from vedette_console.appliance.recovery_dialog import RecoveryDialog
from vedette_console.signin import SignInDialog

WAIT_MS = 60_000
SHOTS = Path(os.environ.get("VEDETTE_SHOTS", "/tmp/shots16/appliance"))
NEW_PASSWORD = "Harbour-Fog-Lifts-88#"
#: Starts a console on the appliance with these extra arguments.
ConsoleFactory = Callable[..., Console]


@pytest.fixture(scope="module")
def appliance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Appliance]:
    with running_appliance(tmp_path_factory.mktemp("appliance-start")) as running:
        yield running


@pytest.fixture
def console_for(
    qtbot: QtBot, appliance: Appliance, memory_keyring: MemoryKeyring
) -> Iterator[ConsoleFactory]:
    made: list[Console] = []

    def make(*extra: str) -> Console:
        console = Console(parse_args(["--server", appliance.address, *extra]))
        qtbot.addWidget(console.window)
        made.append(console)
        console.start()
        return console

    yield make
    for console in made:
        console.quit()
    appliance.set_display([], auto_login_user="")


def _signed_in_as(console: Console, user: str) -> bool:
    client = console.session.client
    return client is not None and client.username == user and console.window.isVisible()


def _logged_out(console: Console) -> bool:
    flow = console.appliance
    return flow is not None and flow.screen.isVisible() and not console.window.isVisible()


def _sign_in(qtbot: QtBot, console: Console, user: str, password: str) -> None:
    flow = console.appliance
    assert flow is not None
    qtbot.waitUntil(lambda: _logged_out(console), timeout=WAIT_MS)
    flow.open_sign_in()
    dialog = flow.dialog
    assert isinstance(dialog, SignInDialog)
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.submit()
    qtbot.waitUntil(lambda: _signed_in_as(console, user), timeout=WAIT_MS)


def test_auto_login_signs_in_the_configured_user(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    appliance.set_display([], auto_login_user="wall")
    console = console_for()
    qtbot.waitUntil(lambda: _signed_in_as(console, "wall"), timeout=WAIT_MS)
    assert console.appliance is not None and not console.appliance.screen.isVisible()


def test_back_to_the_logged_out_screen_when_the_server_ends_the_session(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    gate, _ = appliance.cameras
    appliance.set_display([gate])
    console = console_for()
    _sign_in(qtbot, console, "wall", USER_PASSWORD)
    with appliance.admin() as admin:
        ended = [s.id for s in admin.list_sessions() if s.username == "wall"]
        assert ended
        for session_id in ended:
            admin.end_session(session_id)
    qtbot.waitUntil(lambda: _logged_out(console), timeout=WAIT_MS)
    flow = console.appliance
    assert flow is not None
    assert "ended" in flow.screen.reason.text()
    qtbot.waitUntil(lambda: flow.screen.cameras == [gate], timeout=WAIT_MS)


def test_the_auto_login_signs_in_again_by_itself_after_a_server_restart(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    appliance.set_display([], auto_login_user="wall")
    console = console_for("--kiosk")
    qtbot.waitUntil(lambda: _signed_in_as(console, "wall"), timeout=WAIT_MS)
    before = console.session.client
    appliance.restart()
    qtbot.waitUntil(
        lambda: console.session.client not in (None, before) and _signed_in_as(console, "wall"),
        timeout=WAIT_MS * 3,
    )
    assert console.window.isFullScreen()


def test_a_disabled_auto_login_user_is_refused_with_the_reason(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    appliance.set_display([], auto_login_user="wall")
    with appliance.admin() as admin:
        wall = next(u for u in admin.list_users() if u.name == "wall")
        admin.update_user(wall.id, enabled=False)
    try:
        console = console_for()
        qtbot.waitUntil(lambda: _logged_out(console), timeout=WAIT_MS)
        flow = console.appliance
        assert flow is not None
        qtbot.waitUntil(lambda: "disabled" in flow.screen.reason.text(), timeout=WAIT_MS)
        assert "wall" in flow.screen.reason.text()
        assert console.session.client is None
    finally:
        with appliance.admin() as admin:
            admin.update_user(wall.id, enabled=True)


def test_kiosk_keeps_the_screen_without_the_system_right_and_signs_in_again_after_a_restart(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    console = console_for("--kiosk")
    flow, kiosk = console.appliance, console.kiosk
    assert flow is not None and kiosk is not None
    qtbot.waitUntil(lambda: _logged_out(console), timeout=WAIT_MS)
    assert flow.screen.isFullScreen()
    flow.screen.close()
    assert flow.screen.isVisible() and kiosk.refused == 1  # nobody signed in: it stays
    assert "system right" in flow.screen.reason.text()
    _sign_in(qtbot, console, "wall", USER_PASSWORD)
    assert console.window.isFullScreen() and not flow.screen.isVisible()
    qtbot.waitUntil(lambda: kiosk.rights.username == "wall", timeout=WAIT_MS)
    console.window.close()
    assert console.window.isVisible() and kiosk.refused == 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert console.window.grab().save(str(SHOTS / "kiosk_signed_in.png"), "PNG")
    # The server restarts: the console signs in again by itself, still full screen.
    before = console.session.client
    appliance.restart()
    qtbot.waitUntil(
        lambda: console.session.client not in (None, before) and _signed_in_as(console, "wall"),
        timeout=WAIT_MS * 3,
    )
    assert console.window.isFullScreen()


def test_kiosk_lets_a_user_with_the_system_right_close_it(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    console = console_for("--kiosk")
    flow, kiosk = console.appliance, console.kiosk
    assert flow is not None and kiosk is not None
    _sign_in(qtbot, console, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: kiosk.may_leave, timeout=WAIT_MS)
    console.window.close()
    assert not console.window.isVisible() and kiosk.refused == 0


def test_forgot_password_recovers_it_with_the_questions_on_the_local_socket(
    qtbot: QtBot, appliance: Appliance, console_for: ConsoleFactory
) -> None:
    with appliance.admin() as admin:
        group = next(g for g in admin.list_groups() if g.name == "Wall")
        admin.create_user("guard", USER_PASSWORD, group_id=group.id)
    from vedette_api.client import Client

    with Client.connect(appliance.address, username="guard", password=USER_PASSWORD) as guard:
        guard.set_my_recovery_questions(
            USER_PASSWORD, [("Ship?", "Belem"), ("Cape?", "Horn"), ("Port?", "Saint-Malo")]
        )
    console = console_for()
    flow = console.appliance
    assert flow is not None
    qtbot.waitUntil(lambda: _logged_out(console), timeout=WAIT_MS)
    flow.open_sign_in()
    dialog = flow.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.forgot.isVisible()
    dialog.username.setText("guard")
    dialog.forgot.click()
    recovery = dialog.recovery
    assert isinstance(recovery, RecoveryDialog)
    assert recovery.username.text() == "guard"
    recovery.ask.click()
    qtbot.waitUntil(lambda: len(recovery.answers) == 3, timeout=WAIT_MS)
    assert [q.text() for q in recovery.questions] == ["Ship?", "Cape?", "Port?"]
    fields: list[QLineEdit] = recovery.answers
    for field, answer in zip(fields, ["belem", "horn", "Brest"], strict=True):
        field.setText(answer)
    recovery.password.setText(NEW_PASSWORD)
    recovery.again.setText(NEW_PASSWORD)
    recovery.submit()
    qtbot.waitUntil(lambda: bool(recovery.answers_error.text()), timeout=WAIT_MS)
    assert "wrong" in recovery.answers_error.text()
    fields[2].setText("  saint-malo ")
    recovery.password.setText("weak")
    recovery.again.setText("weak")
    recovery.submit()
    qtbot.waitUntil(lambda: bool(recovery.password_error.text()), timeout=WAIT_MS)
    assert recovery.isVisible() and not recovery.answers_error.text()
    assert recovery.grab().save(str(SHOTS / "recovery_dialog.png"), "PNG")
    recovery.password.setText(NEW_PASSWORD)
    recovery.again.setText(NEW_PASSWORD)
    recovery.submit()
    qtbot.waitUntil(lambda: not recovery.isVisible(), timeout=WAIT_MS)
    assert "Password changed" in dialog.status.text()
    dialog.password.setText(NEW_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: _signed_in_as(console, "guard"), timeout=WAIT_MS)


def test_a_server_without_an_admin_password_opens_the_start_up_wizard(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from vedette_console.wizard import StartupWizard

    data, short = tmp_path / "data", Path(tempfile.mkdtemp(prefix="vw-", dir="/tmp"))
    assert init_data_dir(data, no_admin=True, default_volume=False).returncode == 0
    server = start_server(data, tmp_path / "known.json", "--local-socket", str(short / "s"))
    console = Console(parse_args(["--server", f"unix:{short / 's'}", "--kiosk"]))
    qtbot.addWidget(console.window)
    try:
        console.start()
        qtbot.waitUntil(
            lambda: any(isinstance(w, StartupWizard) and w.isVisible() for w in _top_levels()),
            timeout=WAIT_MS,
        )
        wizard = next(w for w in _top_levels() if isinstance(w, StartupWizard))
        assert wizard.isFullScreen() and not console.window.isVisible()
        assert console.appliance is not None and console.appliance.state is not None
        assert not console.appliance.state.admin_password_set
    finally:
        console.quit()
        server.stop()
        shutil.rmtree(short, ignore_errors=True)


def _top_levels() -> list[QWidget]:
    return list(QApplication.topLevelWidgets())


def test_only_an_idle_session_counts_as_the_automatic_logout() -> None:
    from dataclasses import replace

    from vedette_console.appliance.flow import idle_out
    from vedette_console.session import Session

    now = [1000.0]
    session = Session(clock=lambda: now[0])
    try:
        session.last_activity_s = 1000.0
        session.settings = replace(session.settings, auto_logout_s=600)
        now[0] = 1000.0 + 120  # active two minutes ago: a restart or an administrator
        assert not idle_out(session)
        now[0] = 1000.0 + 600
        assert idle_out(session)
        session.settings = replace(session.settings, auto_logout_s=0)  # never idles out
        assert not idle_out(session)
    finally:
        session.close()


def test_the_wizard_option_needs_the_local_socket(capsys: pytest.CaptureFixture[str]) -> None:
    from vedette_console.app import main

    assert main(["--wizard", "--server", "127.0.0.1:6036"]) == 2
    assert "unix:PATH" in capsys.readouterr().err
