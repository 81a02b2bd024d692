"""Settings › Accounts › My account on the appliance's own console (USER-03 recovery):
signed in on the local socket of a server that runs its host (``--host-control``),
the page offers the three recovery questions; a question given twice and a wrong
current password are shown beside their field with nothing stored, and the
questions saved are those the appliance then asks (GetRecoveryQuestions)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from pytestqt.qtbot import QtBot

from tests.console.test_settings_accounts import grab, settle, shown_page
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import auth_pb2, auth_pb2_grpc
from vedette_console.session import Session
from vedette_console.settings.my_account import MyAccountPage
from vedette_console.settings.page import fetch_settings_rights

pytestmark = pytest.mark.slow

QUESTIONS = [
    ("Name of the first dog?", "Biscuit"),
    ("Street of the first school?", "Rue des Lilas"),
    ("Town where the parents met?", "Quimper"),
]


@pytest.fixture(scope="module")
def socket_dir() -> Iterator[Path]:
    # A short path: a Unix socket path has at most 108 bytes.
    path = Path(tempfile.mkdtemp(prefix="vacc-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def appliance(
    tmp_path_factory: pytest.TempPathFactory, socket_dir: Path
) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("settings-accounts-recovery")
    extra = [
        *("--local-socket", str(socket_dir / "local.sock")),
        *("--host-control", f"record:{directory / 'host.json'}"),
    ]
    with running_server(directory, *extra) as process:
        yield process


def asked_questions(socket: Path) -> list[str]:
    """What the appliance asks a forgotten admin password for (no token)."""
    with grpc.insecure_channel(f"unix:{socket}") as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        try:
            reply = stub.GetRecoveryQuestions(
                auth_pb2.GetRecoveryQuestionsRequest(username="admin"), timeout=60
            )
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.NOT_FOUND
            return []
    return list(reply.questions)


def test_recovery_questions_on_the_appliance(
    qtbot: QtBot, appliance: ServerProcess, socket_dir: Path
) -> None:
    socket = socket_dir / "local.sock"
    local = Client.connect(f"unix:{socket}", username="admin", password=ADMIN_PASSWORD)
    session = Session()
    session.adopt(local)
    rights = fetch_settings_rights(local)
    assert rights.local
    page = shown_page(qtbot, MyAccountPage, session, rights)
    assert isinstance(page, MyAccountPage)
    assert page.recovery_box is not None
    assert page.who.text() == "Signed in as admin from this appliance."
    assert asked_questions(socket) == []

    for (question, answer), (q_field, a_field) in zip(QUESTIONS, page.questions, strict=True):
        q_field.setText(question)
        a_field.setText(answer)
    page.questions[1][0].setText(QUESTIONS[0][0])  # the same question twice
    page.recovery_current.setText(ADMIN_PASSWORD)
    page.recovery_button.click()
    settle(qtbot, page)
    assert list(page.recovery_errors.shown()) == ["questions[1]"]
    grab(page, "my_account_recovery.png")

    page.questions[1][0].setText(QUESTIONS[1][0])
    page.recovery_current.setText("not the password")
    page.recovery_button.click()
    settle(qtbot, page)
    assert list(page.recovery_errors.shown()) == ["current_password"]
    assert asked_questions(socket) == []

    page.recovery_current.setText(ADMIN_PASSWORD)
    page.recovery_button.click()
    assert settle(qtbot, page) == "Your recovery questions are saved"
    assert page.recovery_errors.shown() == {}
    assert asked_questions(socket) == [q for q, _ in QUESTIONS]
    # The answers are not kept on the screen.
    assert all(not answer.text() for _, answer in page.questions)
