"""The API against the attacks NVRs are known for: stolen or stale tokens, password
guessing, unwanted clients, downgraded TLS, leaked secrets.

Timings use a server in this process with an injected clock (no sleeps); TLS and the
access filter use real server processes, with a TCP relay per loopback alias so the
server sees distinct client addresses.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from tests.support.bytecode import environment
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess
from tests.support.tcp_relay import TcpRelay
from vedette_api import errors
from vedette_api.client import Client, ClientCertificate
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)
from vedette_hw.host_network import StaticNeighbourTable

OPERATOR_PASSWORD = "Operat0r-Pass!"


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(
        tmp_path, neighbours=StaticNeighbourTable({"127.0.0.2": "aa:bb:cc:dd:ee:02"})
    )
    yield server
    server.stop()


def _code(call, *args, **kwargs) -> grpc.StatusCode:  # type: ignore[no-untyped-def]
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


def _info(channel: grpc.Channel, token: str) -> grpc.StatusCode:
    stub = system_pb2_grpc.SystemServiceStub(channel)
    metadata = (("authorization", f"Bearer {token}"),)
    return _code(
        stub.GetServerInfo, system_pb2.GetServerInfoRequest(), metadata=metadata, timeout=10
    )


def _login(address: str, user: str, password: str) -> grpc.StatusCode:
    with grpc.insecure_channel(address) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        request = auth_pb2.LoginRequest(username=user, password=password)
        return _code(stub.Login, request, timeout=30)


def test_a_session_idles_out_and_ends_at_its_lifetime_whatever_its_activity(
    inproc: InProcessServer,
) -> None:
    with inproc.channel() as channel:
        token = inproc.login()
        inproc.clock.advance(1799)
        assert _info(channel, token) is grpc.StatusCode.OK
        inproc.clock.advance(1801)  # auto-logout: idle for more than 30 minutes
        assert _info(channel, token) is grpc.StatusCode.UNAUTHENTICATED
        token = inproc.login()
        for _ in range(28):  # active every 1000 s: never idle, but 8 h is the limit
            inproc.clock.advance(1000)
            assert _info(channel, token) is grpc.StatusCode.OK
        inproc.clock.advance(1000)
        assert _info(channel, token) is grpc.StatusCode.UNAUTHENTICATED


def test_forged_and_logged_out_tokens_are_refused(inproc: InProcessServer) -> None:
    with inproc.channel() as channel:
        token = inproc.login()
        assert _info(channel, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is (
            grpc.StatusCode.UNAUTHENTICATED
        )
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        stub.Logout(auth_pb2.LogoutRequest(), metadata=(("authorization", f"Bearer {token}"),))
        assert _info(channel, token) is grpc.StatusCode.UNAUTHENTICATED


def _add_operator(inproc: InProcessServer, **extra: object) -> int:
    with inproc.channel() as channel:
        token = inproc.login()
        stub = accounts_pb2_grpc.AccountServiceStub(channel)
        user = accounts_pb2.User(
            name="operator", password=OPERATOR_PASSWORD, group_id=3, enabled=True, **extra
        )
        reply = stub.CreateUser(
            accounts_pb2.CreateUserRequest(user=user),
            metadata=(("authorization", f"Bearer {token}"),),
            timeout=30,
        )
    return int(reply.user.id)


def test_password_guessing_throttles_the_account_and_the_address_and_raises_illegal_access(
    inproc: InProcessServer,
) -> None:
    _add_operator(inproc)
    for _ in range(5):
        assert _login(inproc.address, "operator", "guess-1234") is grpc.StatusCode.UNAUTHENTICATED
    # Now even the right password is refused, from this address and from another one.
    assert _login(inproc.address, "operator", OPERATOR_PASSWORD) is (
        grpc.StatusCode.RESOURCE_EXHAUSTED
    )
    with TcpRelay("127.0.0.1", inproc.server.port, "127.0.0.2") as other:
        assert _login(other.address, "operator", OPERATOR_PASSWORD) is (
            grpc.StatusCode.RESOURCE_EXHAUSTED
        )
        assert _login(other.address, "admin", ADMIN_PASSWORD) is grpc.StatusCode.OK
        assert _login(inproc.address, "admin", ADMIN_PASSWORD) is (
            grpc.StatusCode.RESOURCE_EXHAUSTED  # the guessing address is locked too
        )
        inproc.clock.advance(301)  # five minutes: never a permanent lock
        assert _login(inproc.address, "operator", OPERATOR_PASSWORD) is grpc.StatusCode.OK
    kinds = [e for e in inproc.events if e.kind == "illegal_access"]
    assert {e.facts["locked"] for e in kinds} == {"account", "address"}
    with inproc.channel() as channel:
        stub = system_pb2_grpc.SystemServiceStub(channel)
        logs = stub.SearchLogs(
            system_pb2.SearchLogsRequest(types=[system_pb2.LOG_TYPE_EXCEPTION]),
            metadata=(("authorization", f"Bearer {inproc.login()}"),),
        )
    assert any(e.action == "illegal_access" and "throttled" in e.message for e in logs.entries)
    assert all("guess-1234" not in e.detail_json + e.message for e in logs.entries)


def test_a_disabled_users_sessions_end_and_a_mac_bound_user_logs_in_only_from_it(
    inproc: InProcessServer,
) -> None:
    user_id = _add_operator(inproc, mac_binding="AA:BB:CC:DD:EE:02")
    assert _login(inproc.address, "operator", OPERATOR_PASSWORD) is grpc.StatusCode.UNAUTHENTICATED
    with (
        TcpRelay("127.0.0.1", inproc.server.port, "127.0.0.2") as lan,
        grpc.insecure_channel(lan.address) as channel,
    ):
        reply = auth_pb2_grpc.AuthServiceStub(channel).Login(
            auth_pb2.LoginRequest(username="operator", password=OPERATOR_PASSWORD)
        )
        assert _info(channel, reply.token) is grpc.StatusCode.OK
        with inproc.channel() as admin_channel:
            accounts_pb2_grpc.AccountServiceStub(admin_channel).UpdateUser(
                accounts_pb2.UpdateUserRequest(
                    user=accounts_pb2.User(id=user_id, enabled=False),
                    update_mask={"paths": ["enabled"]},
                ),
                metadata=(("authorization", f"Bearer {inproc.login()}"),),
            )
        assert _info(channel, reply.token) is grpc.StatusCode.UNAUTHENTICATED


# -- real server processes --------------------------------------------------------------------


def _tls_handshake(port: int, version: ssl.TLSVersion) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("ALL:@SECLEVEL=0")
    context.minimum_version = version
    context.maximum_version = version
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        try:
            with context.wrap_socket(raw) as tls:
                return str(tls.version())
        except ssl.SSLError as error:
            return f"refused: {error.reason}"


def _old_tls_server(tmp_path: Path) -> tuple[socket.socket, ssl.SSLContext]:
    """A plain TLS 1.1 server, to show this client can speak TLS 1.1 at all."""
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=old"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_ciphers("ALL:@SECLEVEL=0")
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    return listener, context


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
def test_tls_below_1_2_is_refused_by_the_server(server_factory, tmp_path: Path) -> None:
    import threading

    listener, context = _old_tls_server(tmp_path)

    def serve_one() -> None:
        connection, _ = listener.accept()
        with contextlib.suppress(OSError), context.wrap_socket(connection, server_side=True):
            pass

    threading.Thread(target=serve_one, daemon=True).start()
    assert _tls_handshake(listener.getsockname()[1], ssl.TLSVersion.TLSv1_1) == "TLSv1.1"
    listener.close()
    server: ServerProcess = server_factory(volume=False)
    assert _tls_handshake(server.port, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"
    assert _tls_handshake(server.port, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
    for old in (ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1):
        outcome = _tls_handshake(server.port, old)
        # The server ends the handshake (an alert, or gRPC simply closes the connection).
        assert outcome.startswith("refused") and ("VERSION" in outcome or "EOF" in outcome)


def test_clients_without_a_certificate_are_refused_when_mutual_tls_is_required(
    server_factory, tmp_path: Path
) -> None:
    server: ServerProcess = server_factory(volume=False)
    issued = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "cert", "issue", "--data", str(server.data),
         "--name", "cms-1", "--out", str(tmp_path / "certs")],
        env=environment(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert (tmp_path / "certs" / "cms-1.key").stat().st_mode & 0o077 == 0
    with server.client() as client:
        settings = system_pb2.Settings(
            security=system_pb2.SecuritySettings(
                client_certificates=system_pb2.CLIENT_CERTIFICATES_REQUIRED
            )
        )
        assert client.update_settings(settings, ["security.client_certificates"]).restart_required
    server.stop()
    restarted = server_factory(volume=False, data=server.data)
    with pytest.raises(errors.VedetteError):
        restarted.client()
    certificate = ClientCertificate.from_files(
        tmp_path / "certs" / "cms-1.key", tmp_path / "certs" / "cms-1.crt"
    )
    with Client.connect(
        restarted.address,
        username="admin",
        password=ADMIN_PASSWORD,
        known_servers_path=restarted.known_servers,
        client_certificate=certificate,
    ) as client:
        assert client.get_server_info().server_id


def _set_filter(client: Client, mode: int, *entries: str) -> None:
    access = system_pb2.AccessFilter(
        enabled=True,
        mode=mode,
        entries=[system_pb2.FilterEntry(value=e, enabled=True) for e in entries],
    )
    client.update_settings(system_pb2.Settings(access_filter=access), ["access_filter"])


def test_the_allow_and_block_lists_apply_to_each_client_address_before_login(
    server_factory,
) -> None:
    server: ServerProcess = server_factory(volume=False)
    with (
        TcpRelay("127.0.0.1", server.port, "127.0.0.2") as two,
        TcpRelay("127.0.0.1", server.port, "127.0.0.3") as three,
        server.client() as admin,
    ):

        def login_from(relay: TcpRelay) -> str:
            try:
                with Client.connect(
                    relay.address, username="admin", password=ADMIN_PASSWORD,
                    known_servers_path=server.known_servers,
                ):  # fmt: skip
                    return "ok"
            except errors.VedetteError as error:
                return f"{error.grpc_code}: {error.message}"

        with pytest.raises(errors.FailedPrecondition, match=r"your own address 127\.0\.0\.1"):
            _set_filter(admin, system_pb2.FILTER_MODE_ALLOW, "127.0.0.2")
        _set_filter(admin, system_pb2.FILTER_MODE_ALLOW, "127.0.0.1", "127.0.0.2")
        assert login_from(two) == "ok"
        refused = login_from(three)
        assert refused.startswith("PERMISSION_DENIED") and "127.0.0.3" in refused
        _set_filter(admin, system_pb2.FILTER_MODE_BLOCK, "127.0.0.3/32")
        assert login_from(two) == "ok"
        assert login_from(three).startswith("PERMISSION_DENIED")
        _set_filter(admin, system_pb2.FILTER_MODE_BLOCK, "127.0.0.4-127.0.0.9")
        assert login_from(three) == "ok"


SECRETS = ("Cam-Secr3t-Pass", "New-User-Pass-9", "Config-Passphrase-77", "Guessed-Wrong-55")


def test_secrets_never_appear_in_responses_logs_or_the_catalog(server_factory) -> None:
    server: ServerProcess = server_factory(volume=False)
    with server.client() as client:
        camera = client.create_camera(
            "Door", "rtsp://127.0.0.1:9/door", camera_user="viewer", camera_password=SECRETS[0]
        )
        client.update_camera(camera.id, camera_password=SECRETS[0] + "x", camera_user="viewer")
        user = client.create_user("guard", SECRETS[1], group_id=3)
        exported = client.export_config(SECRETS[2])
        with pytest.raises(errors.Unauthenticated):
            Client.connect(server.address, username="guard", password=SECRETS[3],
                           known_servers_path=server.known_servers)  # fmt: skip
        responses = [
            client.list_cameras(),
            client.get_camera(camera.id),
            client.list_users(),
            client.get_user(user.id),
            client.list_groups(),
            client.list_sessions(),
            client.get_settings(),
            client.get_system_info(),
            list(client.search_logs(limit=1000)),
            client.preview_config_import(exported.data, SECRETS[2]),
        ]
    text = repr(responses)
    catalog_bytes = b"".join(
        p.read_bytes() for p in server.data.glob("catalog.sqlite3*") if p.is_file()
    )
    server.stop()
    log = "\n".join(server.lines) + server.process.stdout.read() if server.process.stdout else ""
    for secret in SECRETS:
        assert secret not in text, f"{secret} in a response"
        assert secret not in log, f"{secret} in the server's output"
        assert secret.encode() not in catalog_bytes, f"{secret} in the catalog"
        assert secret.encode() not in exported.data, f"{secret} in clear in the export"
    assert "camera.update" in text and "user.create" in text  # the changes were logged
