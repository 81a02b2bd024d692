"""The appliance's first admin and password recovery (SYS-01, USER-03): an image
initialised with ``--no-admin`` lets nobody in until SetUpAdmin (local socket only,
once) sets the password and three recovery questions; RecoverPassword answers them
(throttled like a login, audited, ending the account's sessions);
SetMyRecoveryQuestions needs the current password and an appliance."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.bytecode import environment
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

PASSWORD = "Harbour-Lights-2026!"
NEW_PASSWORD = "Second-Tide-Rising-77#"
QUESTIONS = [
    ("First pet?", "Biscuit"),
    ("Street you grew up on?", "Rue des Lilas"),
    ("Favourite teacher?", "Mme Durand"),
]


def _questions(pairs: list[tuple[str, str]] = QUESTIONS) -> list[auth_pb2.RecoveryQuestion]:
    return [auth_pb2.RecoveryQuestion(question=q, answer=a) for q, a in pairs]


def _bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def _refused(call: Any, request: Any, **kw: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, timeout=60, **kw)
    return caught.value


@pytest.fixture
def appliance(tmp_path: Path) -> Iterator[InProcessServer]:
    """A server initialised as an appliance image: no admin password, host control."""
    server = start_inprocess_server(
        tmp_path,
        local_socket=tmp_path / "local.sock",
        no_admin=True,
        host_control=f"record:{tmp_path / 'host.json'}",
    )
    yield server
    server.stop()


def _local(server: InProcessServer) -> grpc.Channel:
    return grpc.insecure_channel(f"unix:{server.server.config.local_socket}")


def _set_up(server: InProcessServer) -> str:
    with _local(server) as channel:
        reply = auth_pb2_grpc.AuthServiceStub(channel).SetUpAdmin(
            auth_pb2.SetUpAdminRequest(password=PASSWORD, questions=_questions()), timeout=60
        )
    return str(reply.token)


def test_init_no_admin_says_nobody_can_sign_in_until_the_wizard_sets_the_password(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(tmp_path / "d"),
         "--no-admin", "--no-default-volume"],
        env=environment(), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no password yet" in result.stdout
    assert "wizard" in result.stdout
    both = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(tmp_path / "e"),
         "--no-admin", "--admin-password-file", str(tmp_path / "pw")],
        env=environment(), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert both.returncode == 2 and "--no-admin" in both.stderr
    assert not (tmp_path / "e").exists()


def test_set_up_admin_only_on_the_local_socket_and_only_once(appliance: InProcessServer) -> None:
    with appliance.channel() as tcp:
        auth = auth_pb2_grpc.AuthServiceStub(tcp)
        # Over TCP: not the set-up calls, and no password opens the admin.
        assert (
            _refused(auth.GetSetupState, auth_pb2.GetSetupStateRequest()).code()
            is grpc.StatusCode.PERMISSION_DENIED
        )
        assert (
            _refused(
                auth.SetUpAdmin,
                auth_pb2.SetUpAdminRequest(password=PASSWORD, questions=_questions()),
            ).code()
            is grpc.StatusCode.PERMISSION_DENIED
        )
        for guess in ("", "admin", PASSWORD):
            assert (
                _refused(auth.Login, auth_pb2.LoginRequest(username="admin", password=guess)).code()
                is grpc.StatusCode.UNAUTHENTICATED
            )
    with _local(appliance) as local:
        auth = auth_pb2_grpc.AuthServiceStub(local)
        state = auth.GetSetupState(auth_pb2.GetSetupStateRequest(), timeout=30)
        assert not state.admin_password_set and state.show_wizard
        assert not state.auto_login and not state.logged_out_live
        # Bad requests change nothing.
        two = _refused(
            auth.SetUpAdmin,
            auth_pb2.SetUpAdminRequest(password=PASSWORD, questions=_questions(QUESTIONS[:2])),
        )
        assert two.code() is grpc.StatusCode.INVALID_ARGUMENT and "3 questions" in two.details()
        same = _refused(
            auth.SetUpAdmin,
            auth_pb2.SetUpAdminRequest(password=PASSWORD, questions=_questions([QUESTIONS[0]] * 3)),
        )
        assert same.code() is grpc.StatusCode.INVALID_ARGUMENT and "same" in same.details()
        weak = _refused(
            auth.SetUpAdmin, auth_pb2.SetUpAdminRequest(password="short", questions=_questions())
        )
        assert weak.code() is grpc.StatusCode.INVALID_ARGUMENT and "password" in weak.details()
        assert not auth.GetSetupState(
            auth_pb2.GetSetupStateRequest(), timeout=30
        ).admin_password_set

        reply = auth.SetUpAdmin(
            auth_pb2.SetUpAdminRequest(password=PASSWORD, questions=_questions()), timeout=60
        )
        assert reply.username == "admin"
        me = accounts_pb2_grpc.AccountServiceStub(local).GetMyAccount(
            accounts_pb2.GetMyAccountRequest(), metadata=_bearer(reply.token), timeout=30
        )
        assert me.user.name == "admin"
        state = auth.GetSetupState(auth_pb2.GetSetupStateRequest(), timeout=30)
        assert state.admin_password_set and not state.show_wizard
        again = _refused(
            auth.SetUpAdmin,
            auth_pb2.SetUpAdminRequest(password=NEW_PASSWORD, questions=_questions()),
        )
        assert again.code() is grpc.StatusCode.FAILED_PRECONDITION
    # The password set is the admin's over TCP too; the second one was not.
    appliance.login("admin", PASSWORD)
    with appliance.channel() as tcp:
        assert (
            _refused(
                auth_pb2_grpc.AuthServiceStub(tcp).Login,
                auth_pb2.LoginRequest(username="admin", password=NEW_PASSWORD),
            ).code()
            is grpc.StatusCode.UNAUTHENTICATED
        )


def test_recovery_questions_reset_the_password_and_end_the_accounts_sessions(
    appliance: InProcessServer,
) -> None:
    token = _set_up(appliance)
    with _local(appliance) as local, appliance.channel() as tcp:
        auth = auth_pb2_grpc.AuthServiceStub(local)
        assert (
            _refused(
                auth_pb2_grpc.AuthServiceStub(tcp).GetRecoveryQuestions,
                auth_pb2.GetRecoveryQuestionsRequest(username="admin"),
            ).code()
            is grpc.StatusCode.PERMISSION_DENIED
        )
        asked = auth.GetRecoveryQuestions(
            auth_pb2.GetRecoveryQuestionsRequest(username="admin"), timeout=30
        )
        assert list(asked.questions) == [q for q, _ in QUESTIONS]
        assert (
            _refused(
                auth.GetRecoveryQuestions, auth_pb2.GetRecoveryQuestionsRequest(username="nobody")
            ).code()
            is grpc.StatusCode.NOT_FOUND
        )
        wrong = _refused(
            auth.RecoverPassword,
            auth_pb2.RecoverPasswordRequest(
                username="admin", answers=["Biscuit", "Rue des Lilas", "M. Martin"],
                new_password=NEW_PASSWORD,
            ),
        )  # fmt: skip
        assert wrong.code() is grpc.StatusCode.UNAUTHENTICATED
        appliance.login("admin", PASSWORD)  # unchanged
        auth.RecoverPassword(
            auth_pb2.RecoverPasswordRequest(
                username="admin", answers=["  biscuit", "RUE DES LILAS ", "mme durand"],
                new_password=NEW_PASSWORD,
            ),
            timeout=60,
        )  # fmt: skip
        # The wizard's session ended with the old password.
        ended = _refused(
            accounts_pb2_grpc.AccountServiceStub(local).GetMyAccount,
            accounts_pb2.GetMyAccountRequest(),
            metadata=_bearer(token),
        )
        assert ended.code() is grpc.StatusCode.UNAUTHENTICATED
    admin = appliance.login("admin", NEW_PASSWORD)
    with appliance.channel() as tcp:
        entries = (
            system_pb2_grpc.SystemServiceStub(tcp)
            .SearchLogs(
                system_pb2.SearchLogsRequest(page_size=500), metadata=_bearer(admin), timeout=30
            )
            .entries
        )
    actions = [e.action for e in entries]
    assert "user.recover_password" in actions
    assert "login.failed" in actions or any("recovery" in e.message for e in entries)


def test_recovery_answers_are_guessed_no_faster_than_a_login(appliance: InProcessServer) -> None:
    _set_up(appliance)
    codes = []
    with _local(appliance) as local:
        auth = auth_pb2_grpc.AuthServiceStub(local)
        for _ in range(6):
            try:
                auth.RecoverPassword(
                    auth_pb2.RecoverPasswordRequest(
                        username="admin", answers=["a", "b", "c"], new_password=NEW_PASSWORD
                    ),
                    timeout=60,
                )
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                codes.append(error.code())
        # Locked out: even the right answers are refused now.
        locked = _refused(
            auth.RecoverPassword,
            auth_pb2.RecoverPasswordRequest(
                username="admin", answers=[a for _, a in QUESTIONS], new_password=NEW_PASSWORD
            ),
        )
    assert codes[:5] == [grpc.StatusCode.UNAUTHENTICATED] * 5
    assert codes[5] is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert locked.code() is grpc.StatusCode.RESOURCE_EXHAUSTED


def test_set_my_recovery_questions_needs_the_current_password(appliance: InProcessServer) -> None:
    token = _set_up(appliance)
    new = [("Bakery?", "Paul"), ("Car?", "R5"), ("Song?", "La mer")]
    with _local(appliance) as local:
        accounts = accounts_pb2_grpc.AccountServiceStub(local)
        wrong = _refused(
            accounts.SetMyRecoveryQuestions,
            accounts_pb2.SetMyRecoveryQuestionsRequest(
                current_password="not it", questions=_questions(new)
            ),
            metadata=_bearer(token),
        )
        assert wrong.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert "current_password" in wrong.details()
        accounts.SetMyRecoveryQuestions(
            accounts_pb2.SetMyRecoveryQuestionsRequest(
                current_password=PASSWORD, questions=_questions(new)
            ),
            metadata=_bearer(token),
            timeout=60,
        )
        asked = auth_pb2_grpc.AuthServiceStub(local).GetRecoveryQuestions(
            auth_pb2.GetRecoveryQuestionsRequest(username="admin"), timeout=30
        )
    assert list(asked.questions) == [q for q, _ in new]


def test_recovery_questions_are_an_appliances(tmp_path: Path) -> None:
    server = start_inprocess_server(tmp_path, local_socket=tmp_path / "local.sock")
    try:
        with server.channel() as tcp:
            refused = _refused(
                accounts_pb2_grpc.AccountServiceStub(tcp).SetMyRecoveryQuestions,
                accounts_pb2.SetMyRecoveryQuestionsRequest(
                    current_password="whatever", questions=_questions()
                ),
                metadata=_bearer(server.login()),
            )
        assert refused.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert "appliance" in refused.details()
        with _local(server) as local:
            state = auth_pb2_grpc.AuthServiceStub(local).GetSetupState(
                auth_pb2.GetSetupStateRequest(), timeout=30
            )
        assert state.admin_password_set and not state.show_wizard
    finally:
        server.stop()
