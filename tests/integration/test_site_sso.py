"""Single sign-on in a site (issue 19): a user signs in once at the directory and
opens sessions on two member servers with a site token; the rights come from the
user's role at the directory and a change there reaches both servers (ending the
user's sessions); the token still works with the directory gone; a password login
as a site account, a disabled user and a server in no site are refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess, init_data_dir, wait_for
from tests.support.site_directory import ADMIN_PASSWORD, DirectoryProcess, join_server
from vedette_api.client import Client
from vedette_api.errors import (
    FailedPrecondition,
    PermissionDenied,
    Unauthenticated,
    VedetteError,
)
from vedette_api.v1 import site_pb2

SYNC_TIMEOUT_S = 60.0
ALICE_PASSWORD = "Night-Shift-2026!"


def at_directory(directory: DirectoryProcess, tmp_path: Path, user: str, password: str) -> Client:
    return Client.connect(
        directory.address,
        username=user,
        password=password,
        known_servers_path=tmp_path / "known-directory.json",
    )


def exchange(server: ServerProcess, token: str) -> Client:
    return Client.connect_with_site_token(
        server.address, token, known_servers_path=server.known_servers
    )


def member(
    name: str, directory: DirectoryProcess, tmp_path: Path, factory: Callable[..., ServerProcess]
) -> ServerProcess:
    data = tmp_path / name
    assert init_data_dir(data, default_volume=False).returncode == 0
    joined = join_server(data, directory, name)
    assert joined.returncode == 0, joined.stderr
    return factory(data=data)


def exchanged_or_none(server: ServerProcess, token: str) -> Client | None:
    try:
        return exchange(server, token)
    except Unauthenticated as refused:
        assert refused.reason == "SITE_USER_UNKNOWN", refused.message
        return None


def is_refused(client: Client) -> bool:
    try:
        client.list_cameras()
    except Unauthenticated:
        return True
    return False


def test_one_sign_in_at_the_directory_opens_sessions_on_every_member_server(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    servers = [member(name, directory, tmp_path, server_factory) for name in ("rs1", "rs2")]
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        created = admin.put_site_user("alice", site_pb2.SITE_ROLE_VIEWER, password=ALICE_PASSWORD)
        assert created.created

    alice_site = at_directory(directory, tmp_path, "alice", ALICE_PASSWORD)
    token = alice_site.issue_site_token().site_token
    sessions = [
        wait_for(lambda s=s: exchanged_or_none(s, token), SYNC_TIMEOUT_S, f"{s.address} knows")
        for s in servers
    ]
    for session in sessions:
        assert session.username == "alice@site"
        session.list_cameras()  # a viewer sees
        with pytest.raises(PermissionDenied):
            session.list_users()  # and does not manage accounts

    # The directory makes her an administrator: both servers apply it and end her
    # sessions there; a new exchange has the new rights.
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        admin.put_site_user("alice", site_pb2.SITE_ROLE_ADMINISTRATOR)
    for session in sessions:
        wait_for(lambda c=session: is_refused(c), SYNC_TIMEOUT_S, "alice's old session ended")
    alice_site = at_directory(directory, tmp_path, "alice", ALICE_PASSWORD)
    token = alice_site.issue_site_token().site_token
    for server in servers:
        with exchange(server, token) as session:
            assert any(u.name == "alice@site" for u in session.list_users())

    # A site account has no password on the servers: only the directory signs it in.
    with pytest.raises(Unauthenticated):
        servers[0].client(ALICE_PASSWORD)
    with pytest.raises(Unauthenticated):
        Client.connect(
            servers[0].address,
            username="alice@site",
            password=ALICE_PASSWORD,
            known_servers_path=servers[0].known_servers,
        )

    # With the directory gone, a token it issued still opens a session: the servers
    # check it offline.
    directory.kill()
    with exchange(servers[1], token) as session:
        session.list_cameras()


def test_signing_out_at_the_directory_ends_the_sessions_its_token_opened(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    server = member("rs", directory, tmp_path, server_factory)
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        admin.put_site_user("carol", site_pb2.SITE_ROLE_VIEWER, password=ALICE_PASSWORD)
    first = at_directory(directory, tmp_path, "carol", ALICE_PASSWORD)
    second = at_directory(directory, tmp_path, "carol", ALICE_PASSWORD)
    from_first = first.issue_site_token().site_token
    from_second = second.issue_site_token().site_token
    one = wait_for(lambda: exchanged_or_none(server, from_first), SYNC_TIMEOUT_S, "carol known")
    other = exchange(server, from_second)
    first.close()  # signs out at the directory
    wait_for(lambda: is_refused(one), SYNC_TIMEOUT_S, "the session of the first sign-in ended")
    other.list_cameras()  # the other sign-in's session goes on
    second.close()
    wait_for(lambda: is_refused(other), SYNC_TIMEOUT_S, "the second one ended too")


def test_a_disabled_site_user_is_refused_everywhere(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    server = member("rs", directory, tmp_path, server_factory)
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        admin.put_site_user("bob", site_pb2.SITE_ROLE_OPERATOR, password=ALICE_PASSWORD)
    bob = at_directory(directory, tmp_path, "bob", ALICE_PASSWORD)
    token = bob.issue_site_token().site_token
    session = wait_for(lambda: exchanged_or_none(server, token), SYNC_TIMEOUT_S, "bob known")
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        admin.put_site_user("bob", site_pb2.SITE_ROLE_OPERATOR, enabled=False)
    # His directory session ended with the change, and the server ends his session.
    with pytest.raises(Unauthenticated):
        bob.issue_site_token()
    wait_for(lambda: is_refused(session), SYNC_TIMEOUT_S, "bob's session on the server ended")
    with pytest.raises(Unauthenticated) as refused:
        exchange(server, token)
    assert refused.value.reason == "SITE_USER_UNKNOWN"
    with pytest.raises(Unauthenticated):
        at_directory(directory, tmp_path, "bob", ALICE_PASSWORD)


def test_a_server_in_no_site_refuses_site_tokens(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    server = server_factory(volume=False)
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        token = admin.issue_site_token().site_token
    with pytest.raises(FailedPrecondition) as refused:
        exchange(server, token)
    assert "in no site" in refused.value.message
    with pytest.raises(VedetteError):
        exchange(server, "not a token")


def password_login(server: ServerProcess, user: str, password: str) -> Client:
    return Client.connect(
        server.address, username=user, password=password, known_servers_path=server.known_servers
    )


def test_offline_sign_in_is_off_by_default_and_when_on_works_only_with_the_directory_down(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    server = member("rs", directory, tmp_path, server_factory)
    site_dir = tmp_path / "rs" / "site"
    with at_directory(directory, tmp_path, "admin", ADMIN_PASSWORD) as admin:
        admin.put_site_user("erin", site_pb2.SITE_ROLE_VIEWER, password=ALICE_PASSWORD)
        assert not admin.get_site_settings().offline_login  # off by default
        # Known to the server, but no hash kept: no password sign-in on the server.
        token = at_directory(directory, tmp_path, "erin", ALICE_PASSWORD).issue_site_token()
        wait_for(lambda: exchanged_or_none(server, token.site_token), SYNC_TIMEOUT_S, "erin")
        assert not (site_dir / "offline-sign-in.json").exists()
        admin.update_site_settings(offline_login=True)
    wait_for(lambda: (site_dir / "offline-sign-in.json").exists(), SYNC_TIMEOUT_S, "hashes kept")
    assert (site_dir / "offline-sign-in.json").stat().st_mode & 0o777 == 0o600
    # While the directory answers, site users sign in there, not on the server.
    with pytest.raises(Unauthenticated):
        password_login(server, "erin@site", ALICE_PASSWORD)

    directory.kill()
    wait_for(
        lambda: any("does not answer" in line for line in server.lines),
        SYNC_TIMEOUT_S,
        "the server noticing its directory is gone",
    )
    with pytest.raises(Unauthenticated):
        password_login(server, "erin@site", "Wrong-Password-2026!")
    with password_login(server, "erin@site", ALICE_PASSWORD) as erin:
        erin.list_cameras()
    with server.client() as admin_here:
        entries = list(admin_here.search_logs(text="offline sign-in"))
    assert [e.action for e in entries] == ["login.offline"]
    assert entries[0].username == "erin@site"
