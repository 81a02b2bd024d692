"""Every password check goes through one guard (USER-07): concurrent guesses over gRPC
are never verified beyond the lockout, RTSP guesses share the lockout and the audit of
``Login``, and Argon2 work runs on its own bounded pool so a flood cannot delay a
legitimate login without bound. Also: a user created without an explicit
``permission_control`` gets their group's rights, not every right."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

PASSWORD = "Night-Owl-Sees-2026!"
MAX_FAILURES = 5  # the default security.max_failed_logins


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path, local_socket=tmp_path / "local.sock")
    yield server
    server.stop()


def _bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def _create_user(inproc: InProcessServer, name: str, **fields: object) -> accounts_pb2.User:
    with inproc.channel() as channel:
        reply = accounts_pb2_grpc.AccountServiceStub(channel).CreateUser(
            accounts_pb2.CreateUserRequest(
                user=accounts_pb2.User(name=name, password=PASSWORD, enabled=True, **fields)
            ),
            metadata=_bearer(inproc.login()),
            timeout=30,
        )
    return reply.user


def _logins(address: str, attempts: list[tuple[str, str]]) -> list[grpc.StatusCode]:
    """Send every login at once (one channel, concurrent calls); their status codes."""
    with grpc.insecure_channel(address) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        futures = [
            stub.Login.future(auth_pb2.LoginRequest(username=u, password=p), timeout=120)
            for u, p in attempts
        ]
        codes = []
        for future in futures:
            try:
                future.result()
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                codes.append(error.code())
    return codes


def _log_entries(inproc: InProcessServer, action: str) -> list[system_pb2.LogEntry]:
    with inproc.channel() as channel:
        reply = system_pb2_grpc.SystemServiceStub(channel).SearchLogs(
            system_pb2.SearchLogsRequest(text=action, page_size=500),
            metadata=_bearer(inproc.login()),
            timeout=30,
        )
    return [e for e in reply.entries if e.action == action]


def test_concurrent_guesses_are_never_verified_beyond_the_lockout(
    inproc: InProcessServer,
) -> None:
    _create_user(inproc, "operator", group_id=3)
    codes = _logins(inproc.address, [("operator", f"guess-{i:04d}") for i in range(60)])
    verified = codes.count(grpc.StatusCode.UNAUTHENTICATED)
    assert 1 <= verified <= MAX_FAILURES, codes
    assert set(codes) == {grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED}
    # The failures that were verified locked the account: the right password waits.
    while verified < MAX_FAILURES:  # (when some guesses were refused as in flight)
        (code,) = _logins(inproc.address, [("operator", "one-more-guess")])
        assert code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED)
        verified += code == grpc.StatusCode.UNAUTHENTICATED
        if code == grpc.StatusCode.RESOURCE_EXHAUSTED and inproc.server.throttle.locked():
            break
    assert _logins(inproc.address, [("operator", PASSWORD)]) == [
        grpc.StatusCode.RESOURCE_EXHAUSTED
    ]
    inproc.clock.advance(301)
    failed = _log_entries(inproc, "login.failed")
    assert len(failed) == verified <= MAX_FAILURES
    assert _log_entries(inproc, "illegal_access")


def test_a_flood_of_guesses_leaves_the_argon2_pool_bounded_and_other_logins_served(
    inproc: InProcessServer,
) -> None:
    local = grpc.insecure_channel(f"unix:{inproc.server.config.local_socket}")
    with ThreadPoolExecutor(1) as background, local:
        flood = background.submit(
            _logins, inproc.address, [(f"name{i}", "guess-1234") for i in range(200)]
        )
        # The appliance console logs in through the local socket meanwhile: another
        # address, not locked, served after at most the pool's bound of checks.
        for _ in range(3):
            reply = auth_pb2_grpc.AuthServiceStub(local).Login(
                auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD), timeout=60
            )
            assert reply.token
        codes = flood.result(timeout=300)
    assert codes.count(grpc.StatusCode.UNAUTHENTICATED) <= MAX_FAILURES
    assert inproc.server.passwords.peak_pending <= inproc.server.passwords.max_pending
    assert inproc.server.passwords.peak_pending <= MAX_FAILURES + 3  # the flood's + ours


def test_a_user_created_without_permission_control_gets_their_groups_rights_only(
    inproc: InProcessServer,
) -> None:
    plain = _create_user(inproc, "ordinary", group_id=3)  # as a CMS would send it
    assert plain.permission_control
    with inproc.channel() as channel:
        token = inproc.login("ordinary", PASSWORD)
        stub = system_pb2_grpc.SystemServiceStub(channel)
        with pytest.raises(grpc.RpcError) as refused:
            stub.SetSystemTime(
                system_pb2.SetSystemTimeRequest(time={"seconds": 1_800_000_000}),
                metadata=_bearer(token),
                timeout=30,
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        mine = accounts_pb2_grpc.AccountServiceStub(channel).GetMyAccount(
            accounts_pb2.GetMyAccountRequest(), metadata=_bearer(token), timeout=30
        )
        group = accounts_pb2_grpc.AccountServiceStub(channel).GetGroup(
            accounts_pb2.GetGroupRequest(group_id=3), metadata=_bearer(inproc.login()), timeout=30
        )
        assert list(mine.rights.areas) == list(group.group.remote_rights.areas)
    # Every right only when asked for explicitly, and the audit log says so.
    powerful = _create_user(inproc, "superuser", group_id=3, permission_control=False)
    assert not powerful.permission_control
    (created,) = [e for e in _log_entries(inproc, "user.create") if "superuser" in e.message]
    assert "every right" in created.message


# -- RTSP against a real server process ----------------------------------------------------


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class _RtspConnection:
    """One keep-alive RTSP connection sending DESCRIBEs and reading whole responses."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buffer = b""
        self.cseq = 0

    def describe(self, path: str, authorization: str | None) -> tuple[int, dict[str, str]]:
        self.cseq += 1
        lines = [f"DESCRIBE rtsp://127.0.0.1:{self.port}/{path} RTSP/1.0", f"CSeq: {self.cseq}"]
        if authorization:
            lines.append(f"Authorization: {authorization}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            assert chunk, "the server closed the connection"
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self.buffer += self.sock.recv(65536)
        self.buffer = self.buffer[length:]
        return int(status_line.split()[1]), headers

    def close(self) -> None:
        self.sock.close()


def test_rtsp_password_guessing_shares_the_lockout_and_audit_of_login(server_factory) -> None:  # type: ignore[no-untyped-def]
    server: ServerProcess = server_factory(volume=False)
    assert server.rtsp_port is not None
    with server.client() as admin:
        admin.create_camera("Gate", "rtsp://127.0.0.1:9/none")
        group = admin.create_group("viewers", remote_rights=make_rights((), {"live": "all"}))
        admin.create_user("watcher", PASSWORD, group_id=group.id)
    rtsp = _RtspConnection(server.rtsp_port)
    try:
        statuses = [rtsp.describe("Gate/main", _basic("watcher", f"guess-{i}")) for i in range(50)]
        codes = [status for status, _ in statuses]
        assert codes[:MAX_FAILURES] == [401] * MAX_FAILURES
        assert set(codes[MAX_FAILURES:]) == {503}  # locked: refused before any check
        assert int(statuses[-1][1]["retry-after"]) > 0
        status, _ = rtsp.describe("Gate/main", _basic("watcher", PASSWORD))
        assert status == 503  # the right password does not get through a lockout
    finally:
        rtsp.close()
    # The same lockout as Login: the account and the address are throttled for gRPC too.
    with pytest.raises(errors.ResourceExhausted):
        Client.connect(
            server.address,
            username="watcher",
            password=PASSWORD,
            known_servers_path=server.known_servers,
        )
    with pytest.raises(errors.ResourceExhausted):
        server.client()  # admin, from the locked address


def test_rtsp_failures_and_the_lockout_are_in_the_system_log(server_factory) -> None:  # type: ignore[no-untyped-def]
    server: ServerProcess = server_factory(volume=False)
    assert server.rtsp_port is not None
    with server.client() as admin:
        admin.create_camera("Gate", "rtsp://127.0.0.1:9/none")
        group = admin.create_group("viewers", remote_rights=make_rights((), {"live": "all"}))
        admin.create_user("watcher", PASSWORD, group_id=group.id)
        rtsp = _RtspConnection(server.rtsp_port)
        try:
            for index in range(MAX_FAILURES - 1):  # under the lockout: the admin keeps in
                assert rtsp.describe("Gate/main", _basic("watcher", f"g{index}"))[0] == 401
            assert rtsp.describe("Gate/main", _basic("watcher", PASSWORD))[0] in (200, 503)
        finally:
            rtsp.close()
        found = list(admin.search_logs(text="login.failed"))
        failed = [e for e in found if e.action == "login.failed"]
        assert len(failed) == MAX_FAILURES - 1
        assert all("RTSP" in e.message and "watcher" in e.message for e in failed)
        assert all(f"g{i}" not in e.message + e.detail_json for e in found for i in range(5))


def test_the_factory_resets_admin_password_is_guessed_no_faster_than_a_login(
    inproc: InProcessServer,
) -> None:
    with inproc.channel() as channel:
        stub = system_pb2_grpc.SystemServiceStub(channel)
        token = inproc.login()
        codes = []
        for index in range(MAX_FAILURES + 3):
            try:
                stub.FactoryReset(
                    system_pb2.FactoryResetRequest(admin_password=f"guess-{index}"),
                    metadata=_bearer(token),
                    timeout=60,
                )
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                codes.append(error.code())
    assert codes == [grpc.StatusCode.INVALID_ARGUMENT] * MAX_FAILURES + [
        grpc.StatusCode.RESOURCE_EXHAUSTED
    ] * 3
    inproc.clock.advance(301)  # the address is locked too: let the test log in again
    failed = _log_entries(inproc, "login.failed")
    assert len(failed) == MAX_FAILURES and all("factory reset" in e.message for e in failed)
