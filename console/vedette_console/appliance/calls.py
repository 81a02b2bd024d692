"""The appliance's calls before anyone is signed in (``AuthService``, local socket
only): the set-up state, auto-login, the logged-out live display, and password
recovery. Each blocks (run them off the UI thread) and raises a ``VedetteError``
saying why it failed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import grpc

from vedette_api.client import Client
from vedette_api.client.channel import open_local_channel
from vedette_api.errors import VedetteError, error_from_rpc
from vedette_api.v1 import auth_pb2, auth_pb2_grpc

#: How long one of these calls may take.
TIMEOUT_S = 15.0
T = TypeVar("T")


def is_local(address: str) -> bool:
    """Whether ``address`` is a server's local socket (the appliance's own console)."""
    return address.startswith("unix:")


def _call(
    address: str, call: Callable[[auth_pb2_grpc.AuthServiceStub], T]
) -> tuple[grpc.Channel, T]:
    if not is_local(address):
        raise VedetteError("only the appliance's own console (the local socket) can do this")
    channel = open_local_channel(address[5:])
    try:
        return channel, call(auth_pb2_grpc.AuthServiceStub(channel))
    except grpc.RpcError as exc:
        channel.close()
        raise error_from_rpc(exc, server=address) from exc
    except BaseException:
        channel.close()
        raise


def _answer(address: str, call: Callable[[auth_pb2_grpc.AuthServiceStub], T]) -> T:
    channel, answer = _call(address, call)
    channel.close()
    return answer


def _session(
    address: str, call: Callable[[auth_pb2_grpc.AuthServiceStub], auth_pb2.LoginResponse]
) -> Client:
    channel, login = _call(address, call)
    return Client(
        channel, server=address, login=login, timeout_s=TIMEOUT_S, certificate_fingerprint=None
    )


def setup_state(address: str) -> auth_pb2.GetSetupStateResponse:
    return _answer(
        address, lambda s: s.GetSetupState(auth_pb2.GetSetupStateRequest(), timeout=TIMEOUT_S)
    )


def auto_login(address: str) -> Client:
    """Signed in as ``general.auto_login_user``."""
    return _session(address, lambda s: s.AutoLogin(auth_pb2.AutoLoginRequest(), timeout=TIMEOUT_S))


def open_live_display(address: str) -> Client:
    """A display session: it may list and watch the logged-out cameras only."""
    return _session(
        address, lambda s: s.OpenLiveDisplay(auth_pb2.OpenLiveDisplayRequest(), timeout=TIMEOUT_S)
    )


def recovery_questions(address: str, username: str) -> list[str]:
    request = auth_pb2.GetRecoveryQuestionsRequest(username=username)
    answer = _answer(address, lambda s: s.GetRecoveryQuestions(request, timeout=TIMEOUT_S))
    return list(answer.questions)


def recover_password(
    address: str, username: str, answers: Sequence[str], new_password: str
) -> None:
    request = auth_pb2.RecoverPasswordRequest(
        username=username, answers=list(answers), new_password=new_password
    )
    _answer(address, lambda s: s.RecoverPassword(request, timeout=TIMEOUT_S))
