"""The calls the start-up wizard makes before anyone is signed in (``AuthService``):
the set-up state, the first admin password with its recovery questions, and a plain
sign-in when the password is set already. Each blocks (run them off the UI thread)
and raises a ``VedetteError`` saying why it failed.

The appliance's console reaches its server on the local socket (``unix:PATH``),
which the server requires for ``SetUpAdmin``; a ``host:port`` address is reached
over TLS with its certificate pinned, as every sign-in is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import grpc

from vedette_api.client import Client
from vedette_api.client.address import parse_address, server_key
from vedette_api.client.channel import open_channel, open_local_channel
from vedette_api.errors import error_from_rpc
from vedette_api.v1 import auth_pb2, auth_pb2_grpc

#: How long one of these calls may take.
TIMEOUT_S = 15.0
T = TypeVar("T")


def _channel(address: str, known_servers: Path | None) -> tuple[grpc.Channel, str, str | None]:
    if address.startswith("unix:"):
        return open_local_channel(address[5:]), address, None
    host, port = parse_address(address)
    channel, fingerprint = open_channel(
        host, port, known_servers_path=known_servers, timeout_s=TIMEOUT_S
    )
    return channel, server_key(host, port), fingerprint


def _ask(
    address: str,
    known_servers: Path | None,
    call: Callable[[auth_pb2_grpc.AuthServiceStub], T],
    *,
    keep: Callable[[grpc.Channel, str, str | None, T], Client] | None = None,
) -> T | Client:
    channel, server, fingerprint = _channel(address, known_servers)
    try:
        answer = call(auth_pb2_grpc.AuthServiceStub(channel))
    except grpc.RpcError as exc:
        channel.close()
        raise error_from_rpc(exc, server=server) from exc
    except BaseException:
        channel.close()
        raise
    if keep is None:
        channel.close()
        return answer
    return keep(channel, server, fingerprint, answer)


def _client(
    channel: grpc.Channel, server: str, fingerprint: str | None, login: auth_pb2.LoginResponse
) -> Client:
    return Client(
        channel,
        server=server,
        login=login,
        timeout_s=TIMEOUT_S,
        certificate_fingerprint=fingerprint,
    )


def get_setup_state(address: str, known_servers: Path | None) -> auth_pb2.GetSetupStateResponse:
    """Whether the admin has a password, whether the wizard should open, the language."""
    answer = _ask(
        address,
        known_servers,
        lambda stub: stub.GetSetupState(auth_pb2.GetSetupStateRequest(), timeout=TIMEOUT_S),
    )
    assert isinstance(answer, auth_pb2.GetSetupStateResponse)
    return answer


def set_up_admin(
    address: str,
    password: str,
    questions: Sequence[tuple[str, str]],
    known_servers: Path | None,
) -> Client:
    """Give the admin its first password and recovery questions; signed in as admin."""
    request = auth_pb2.SetUpAdminRequest(
        password=password,
        questions=[auth_pb2.RecoveryQuestion(question=q, answer=a) for q, a in questions],
    )
    answer = _ask(
        address,
        known_servers,
        lambda stub: stub.SetUpAdmin(request, timeout=TIMEOUT_S),
        keep=_client,
    )
    assert isinstance(answer, Client)
    return answer


def sign_in(address: str, username: str, password: str, known_servers: Path | None) -> Client:
    """An ordinary sign-in (the admin password is set already)."""
    return Client.connect(
        address,
        username=username,
        password=password,
        known_servers_path=known_servers,
        timeout_s=TIMEOUT_S,
    )
