"""AccountService on a real server: users, the admin account's protections, groups
("save as", in use), passwords and the policy, sessions (USER-01, 02, 03, 06)."""

from __future__ import annotations

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import accounts_pb2, system_pb2

GUARD_PASSWORD = "Night-Shift-41!"


def connect(server: ServerProcess, user: str, password: str) -> Client:
    return Client.connect(
        server.address, username=user, password=password, known_servers_path=server.known_servers
    )


def test_the_admin_account_cannot_be_deleted_disabled_demoted_or_restricted(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        admin = client.find_user("admin")
        assert admin.is_admin and not admin.permission_control
        with pytest.raises(errors.FailedPrecondition):
            client.update_user(admin.id, enabled=False)
        with pytest.raises(errors.FailedPrecondition):
            client.update_user(admin.id, group_id=3)
        with pytest.raises(errors.FailedPrecondition):
            client.update_user(admin.id, permission_control=True)
        with pytest.raises(errors.FailedPrecondition):
            client.delete_user(admin.id)  # also the caller's own account
        guard = client.create_user("guard", GUARD_PASSWORD, group_id=3)
        with pytest.raises(errors.InvalidArgument, match="update_mask"):
            client._call(  # a rename is refused: the RTSP Digest secret is bound to the name
                client._accounts.UpdateUser,
                accounts_pb2.UpdateUserRequest(
                    user=accounts_pb2.User(id=guard.id, name="watch"),
                    update_mask={"paths": ["name"]},
                ),
            )
        assert client.find_user("admin").enabled


def test_weak_passwords_are_refused_with_every_reason_and_the_policy_is_a_setting(
    server_factory,
) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        with pytest.raises(errors.InvalidArgument) as info:
            client.create_user("guard", "guard1", group_id=3)
        assert "shorter than 8" in info.value.message and "user name" in info.value.message
        with pytest.raises(errors.AlreadyExists):
            client.create_user("ADMIN", "Whatever-2026!", group_id=3)
        with pytest.raises(errors.NotFound):
            client.create_user("guard", GUARD_PASSWORD, group_id=77)
        settings = system_pb2.Settings(security=system_pb2.SecuritySettings(password_min_length=16))
        client.update_settings(settings, ["security.password_min_length"])
        with pytest.raises(errors.InvalidArgument, match="shorter than 16"):
            client.create_user("guard", GUARD_PASSWORD, group_id=3)
        assert client.create_user("guard", GUARD_PASSWORD + "-longer", group_id=3).name == "guard"


def test_groups_are_built_in_or_custom_copied_with_save_as_and_kept_while_in_use(
    server_factory,
) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        kinds = {g.name: g.kind for g in client.list_groups()}
        assert kinds == {
            "administrator": accounts_pb2.GROUP_KIND_ADMINISTRATOR,
            "advanced": accounts_pb2.GROUP_KIND_ADVANCED,
            "ordinary": accounts_pb2.GROUP_KIND_ORDINARY,
        }
        with pytest.raises(errors.FailedPrecondition, match="never changes"):
            client.update_group(1, name="root")
        for built_in in (1, 2, 3):
            with pytest.raises(errors.FailedPrecondition, match="built-in"):
                client.delete_group(built_in)
        ordinary = client.find_group("ordinary")
        copy = client.create_group("night shift", copy_from_group_id=ordinary.id)
        assert copy.kind == accounts_pb2.GROUP_KIND_CUSTOM
        assert copy.remote_rights == ordinary.remote_rights
        client.update_group(
            copy.id, remote_rights=make_rights(["logs"], {"live": "all"}), name="night"
        )
        guard = client.create_user("guard", GUARD_PASSWORD, group_id=copy.id)
        with pytest.raises(errors.FailedPrecondition, match="guard"):
            client.delete_group(copy.id)
        client.update_user(guard.id, group_id=ordinary.id)
        client.delete_group(copy.id)
        for index in range(8):
            client.create_group(f"custom {index}", copy_from_group_id=ordinary.id)
        assert len(client.list_groups()) >= 11  # at least 8 groups in all
        with pytest.raises(errors.AlreadyExists):
            client.create_group("CUSTOM 0")


def test_rights_changes_apply_to_open_sessions_at_their_next_call(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        group = admin.create_group("auditors", remote_rights=make_rights(["logs"]))
        admin.create_user("auditor", GUARD_PASSWORD, group_id=group.id)
        with connect(server, "auditor", GUARD_PASSWORD) as auditor:
            assert list(auditor.search_logs(limit=1))
            admin.update_group(group.id, remote_rights=make_rights([]))
            with pytest.raises(errors.PermissionDenied):
                list(auditor.search_logs(limit=1))
            admin.update_user(auditor.get_my_account().user.id, permission_control=False)
            assert list(auditor.search_logs(limit=1))  # permission control off: every right
            rights = auditor.get_my_account().rights
            assert len(rights.areas) == len(accounts_pb2.Area.values()) - 1  # all but unset


def test_passwords_change_and_reset_and_end_the_other_sessions(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        guard_id = admin.create_user("guard", GUARD_PASSWORD, group_id=3).id
        first = connect(server, "guard", GUARD_PASSWORD)
        second = connect(server, "guard", GUARD_PASSWORD)
        with pytest.raises(errors.InvalidArgument, match="current_password"):
            second.change_my_password("wrong one", "Brand-New-Pass-1")
        second.change_my_password(GUARD_PASSWORD, "Brand-New-Pass-1")
        with pytest.raises(errors.Unauthenticated):
            first.get_my_account()  # the other session ended
        assert second.get_my_account().user.name == "guard"
        admin.reset_password(guard_id, "Reset-By-Admin-2")
        with pytest.raises(errors.Unauthenticated):
            second.get_my_account()
        with pytest.raises(errors.Unauthenticated):
            connect(server, "guard", "Brand-New-Pass-1")
        connect(server, "guard", "Reset-By-Admin-2").close()

        # A session alone never sets its own account's password (ChangeMyPassword asks
        # for the current one), and nobody resets the admin's: both refused, nothing
        # changed (a fuzzed ResetPassword of the caller's own account once locked the
        # RPC fuzzer's admin out).
        admin_id = admin.get_my_account().user.id
        with pytest.raises(errors.FailedPrecondition, match="ChangeMyPassword"):
            admin.reset_password(admin_id, "Taken-Over-2027!")
        admin.update_user(guard_id, permission_control=False)  # every right
        with connect(server, "guard", "Reset-By-Admin-2") as everything:
            with pytest.raises(errors.FailedPrecondition, match="admin account"):
                everything.reset_password(admin_id, "Taken-Over-2027!")
            with pytest.raises(errors.FailedPrecondition, match="ChangeMyPassword"):
                everything.reset_password(guard_id, "Taken-Over-2027!")
        connect(server, "admin", ADMIN_PASSWORD).close()
        connect(server, "guard", "Reset-By-Admin-2").close()


def test_sessions_show_who_is_online_from_where_and_can_be_ended(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        admin.create_user("guard", GUARD_PASSWORD, group_id=3)
        guard = connect(server, "guard", GUARD_PASSWORD)
        sessions = admin.list_sessions()
        assert {s.username for s in sessions} == {"admin", "guard"}
        mine = next(s for s in sessions if s.current)
        theirs = next(s for s in sessions if s.username == "guard")
        assert mine.username == "admin" and theirs.peer.startswith("ipv4:127.0.0.1:")
        assert not theirs.local_session and theirs.live_streams == 0
        admin.end_session(theirs.id)
        with pytest.raises(errors.Unauthenticated):
            guard.get_my_account()
        with pytest.raises(errors.NotFound):
            admin.end_session(theirs.id)
        logged = [e.action for e in admin.search_logs(text="guard", limit=50)]
        assert "session.end" in logged and "login" in logged and "user.create" in logged


def test_a_deleted_user_is_logged_out_and_cannot_log_in(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        guard_id = admin.create_user("guard", GUARD_PASSWORD, group_id=3).id
        guard = connect(server, "guard", GUARD_PASSWORD)
        admin.delete_user(guard_id)
        with pytest.raises(errors.Unauthenticated):
            guard.get_my_account()
        with pytest.raises(errors.Unauthenticated):
            connect(server, "guard", GUARD_PASSWORD)
        with pytest.raises(errors.NotFound):
            admin.get_user(guard_id)
