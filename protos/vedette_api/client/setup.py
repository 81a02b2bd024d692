"""Calls made before anyone is signed in (``AuthService``): an appliance's set-up
state, its first admin password with the recovery questions, password recovery,
auto-login and the logged-out live display.

The server answers them only on its local socket (``unix:PATH``: the appliance's own
console); a ``host:port`` address is reached over TLS with its certificate pinned as
every sign-in is, and refused by the server with its reason. Each call blocks and
raises a ``VedetteError`` saying why it failed; those that open a session return a
``Client`` that owns its channel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import grpc

from vedette_api.client.address import parse_address, server_key
from vedette_api.client.channel import open_channel, open_local_channel
from vedette_api.client.session import Client
from vedette_api.errors import error_from_rpc
from vedette_api.v1 import auth_pb2, auth_pb2_grpc

#: How long one of these calls may take.
TIMEOUT_S = 15.0
T = TypeVar("T")
_Call = Callable[[auth_pb2_grpc.AuthServiceStub], T]


def _channel(address: str, known_servers: Path | None) -> tuple[grpc.Channel, str, str | None]:
    """The channel, the server's name in errors and its certificate's fingerprint."""
    if address.startswith("unix:"):
        return open_local_channel(address[5:]), address, None
    host, port = parse_address(address)
    channel, fingerprint = open_channel(
        host, port, known_servers_path=known_servers, timeout_s=TIMEOUT_S
    )
    return channel, server_key(host, port), fingerprint


def _open(
    address: str, known_servers: Path | None, call: _Call[T]
) -> tuple[grpc.Channel, str, str | None, T]:
    channel, server, fingerprint = _channel(address, known_servers)
    try:
        return channel, server, fingerprint, call(auth_pb2_grpc.AuthServiceStub(channel))
    except grpc.RpcError as exc:
        channel.close()
        raise error_from_rpc(exc, server=server) from exc
    except BaseException:
        channel.close()
        raise


def _answer(address: str, known_servers: Path | None, call: _Call[T]) -> T:
    channel, _, _, answer = _open(address, known_servers, call)
    channel.close()
    return answer


#: The responses that open a session (``LoginResponse``'s fields, one type per RPC).
_SessionResponse = (
    auth_pb2.SetUpAdminResponse | auth_pb2.AutoLoginResponse | auth_pb2.OpenLiveDisplayResponse
)


def _session(address: str, known_servers: Path | None, call: _Call[_SessionResponse]) -> Client:
    channel, server, fingerprint, answer = _open(address, known_servers, call)
    login = auth_pb2.LoginResponse(
        token=answer.token, expire_time=answer.expire_time, username=answer.username
    )
    return Client(
        channel,
        server=server,
        login=login,
        timeout_s=TIMEOUT_S,
        certificate_fingerprint=fingerprint,
    )


def get_setup_state(
    address: str, known_servers: Path | None = None
) -> auth_pb2.GetSetupStateResponse:
    """Whether the admin has a password, whether the wizard should open, the language,
    auto-login and the logged-out live view."""
    request = auth_pb2.GetSetupStateRequest()
    return _answer(address, known_servers, lambda s: s.GetSetupState(request, timeout=TIMEOUT_S))


def set_up_admin(
    address: str,
    password: str,
    questions: Sequence[tuple[str, str]],
    known_servers: Path | None = None,
) -> Client:
    """Give the admin its first password and recovery questions; signed in as admin."""
    request = auth_pb2.SetUpAdminRequest(
        password=password,
        questions=[auth_pb2.RecoveryQuestion(question=q, answer=a) for q, a in questions],
    )
    return _session(address, known_servers, lambda s: s.SetUpAdmin(request, timeout=TIMEOUT_S))


def auto_login(address: str, known_servers: Path | None = None) -> Client:
    """Signed in as ``general.auto_login_user``."""
    request = auth_pb2.AutoLoginRequest()
    return _session(address, known_servers, lambda s: s.AutoLogin(request, timeout=TIMEOUT_S))


def open_live_display(address: str, known_servers: Path | None = None) -> Client:
    """A display session: it may list and watch the logged-out cameras only."""
    request = auth_pb2.OpenLiveDisplayRequest()
    return _session(address, known_servers, lambda s: s.OpenLiveDisplay(request, timeout=TIMEOUT_S))


def recovery_questions(address: str, username: str, known_servers: Path | None = None) -> list[str]:
    """The account's recovery questions, in the order the answers are expected."""
    request = auth_pb2.GetRecoveryQuestionsRequest(username=username)
    answer = _answer(
        address, known_servers, lambda s: s.GetRecoveryQuestions(request, timeout=TIMEOUT_S)
    )
    return list(answer.questions)


def recover_password(
    address: str,
    username: str,
    answers: Sequence[str],
    new_password: str,
    known_servers: Path | None = None,
) -> None:
    """A new password when every answer is right."""
    request = auth_pb2.RecoverPasswordRequest(
        username=username, answers=list(answers), new_password=new_password
    )
    _answer(address, known_servers, lambda s: s.RecoverPassword(request, timeout=TIMEOUT_S))
