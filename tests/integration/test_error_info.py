"""Every error a real server returns carries a google.rpc.ErrorInfo (domain
``vedette``, a stable reason, its metadata) beside the English message, and the SDK
reads it into ``VedetteError.reason`` / ``.metadata`` (issue 16 §3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.server_process import ServerProcess
from tests.support.tcp_relay import TcpRelay
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.v1 import auth_pb2, auth_pb2_grpc, rules_pb2, system_pb2

GUARD_PASSWORD = "Night-Shift-41!"


def failure(call: Callable[[], Any]) -> errors.VedetteError:
    with pytest.raises(errors.VedetteError) as info:
        call()
    return info.value


def settings_change(**sections: Any) -> tuple[system_pb2.Settings, list[str]]:
    paths = [f"{name}.{field}" for name, fields in sections.items() for field in fields]
    messages = {
        "security": system_pb2.SecuritySettings,
        "network": system_pb2.NetworkSettings,
    }
    settings = system_pb2.Settings(
        **{name: messages[name](**fields) for name, fields in sections.items()}
    )
    return settings, paths


def test_errors_carry_a_reason_and_metadata(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    server: ServerProcess = server_factory()
    with server.client() as client:
        admin = client.find_user("admin")

        error = failure(lambda: client.get_camera(987))
        assert isinstance(error, errors.NotFound)
        assert (error.reason, error.metadata) == ("NOT_FOUND", {"resource": "camera", "id": "987"})
        assert "987" in error.message  # the English sentence stays

        error = failure(lambda: client.create_user("guard", "guard1", group_id=3))
        assert isinstance(error, errors.InvalidArgument)
        assert error.reason == "PASSWORD_TOO_WEAK"
        assert error.metadata["field"] == "user.password"
        assert (error.metadata["min_length"], error.metadata["min_classes"]) == ("8", "3")
        assert "shorter than 8" in error.metadata["detail"]

        error = failure(lambda: client.create_group("  "))
        assert error.reason == "NAME_LENGTH"
        assert (error.metadata["field"], error.metadata["length"]) == ("name", "0")
        assert int(error.metadata["max"]) > 0
        error = failure(lambda: client.create_group("ops\u202egrp"))
        assert error.reason == "FORBIDDEN_CHARACTER"
        assert error.metadata["character"] == "U+202E RIGHT-TO-LEFT OVERRIDE"
        assert error.metadata["position"] == "3"

        error = failure(lambda: client.create_user("ADMIN", GUARD_PASSWORD, group_id=3))
        assert isinstance(error, errors.AlreadyExists)
        assert (error.reason, error.metadata) == (
            "ALREADY_EXISTS",
            {"resource": "user", "name": "ADMIN"},
        )

        error = failure(lambda: client.update_user(admin.id, enabled=False))
        assert (error.reason, error.grpc_code) == ("ADMIN_PROTECTED", "FAILED_PRECONDITION")

        error = failure(lambda: client.delete_user(admin.id))
        assert error.reason == "OWN_ACCOUNT"

        error = failure(lambda: client.update_group(1, name="root"))
        assert (error.reason, error.metadata) == ("GROUP_BUILT_IN", {"group": "administrator"})

        settings, paths = settings_change(security={"password_min_length": 3})
        error = failure(lambda: client.update_settings(settings, paths))
        assert error.reason == "OUT_OF_RANGE"
        assert error.metadata == {
            "field": "security.password_min_length",
            "detail": "3 is not within 8..128",
            "value": "3",
            "min": "8",
            "max": "128",
        }

        port = client.get_settings().network.server_port
        settings, paths = settings_change(network={"rtsp_port": port})
        error = failure(lambda: client.update_settings(settings, paths))
        assert error.reason == "PORT_IN_USE"
        assert error.metadata["port"] == str(port)
        assert error.metadata["field"] == "network.rtsp_port"

        (tmp_path / "gone").mkdir()
        volume = client.add_volume(str(tmp_path / "gone"))
        (tmp_path / "gone").rmdir()
        error = failure(lambda: client.initialize_volume(volume.id))
        assert (error.reason, error.metadata) == (
            "VOLUME_NOT_MOUNTED",
            {"path": str(tmp_path / "gone")},
        )

        rule = client.list_rules()[0]
        error = failure(
            lambda: client.put_rule(
                rule.name, rule.definition_json, rule_id=rule.id, expected_version=rule.version + 5
            )
        )
        assert isinstance(error, errors.Aborted)
        assert error.reason == "VERSION_CONFLICT"

        client.create_user("guard", GUARD_PASSWORD, group_id=3)

    error = failure(
        lambda: Client.connect(
            server.address,
            username="guard",
            password="not-the-password-1A",
            known_servers_path=server.known_servers,
        )
    )
    assert isinstance(error, errors.Unauthenticated)
    assert error.reason == "WRONG_CREDENTIALS"

    with Client.connect(
        server.address,
        username="guard",
        password=GUARD_PASSWORD,
        known_servers_path=server.known_servers,
    ) as guard:
        settings, paths = settings_change(security={"password_min_length": 12})
        error = failure(lambda: guard.update_settings(settings, paths))
        assert isinstance(error, errors.PermissionDenied)
        assert error.reason == "PERMISSION_DENIED"
        assert error.metadata["user"] == "guard"
        assert error.metadata["area"]


def test_calls_refused_before_a_servicer_carry_a_reason_too(
    server_factory: Callable[..., ServerProcess],
) -> None:
    """The gate (no session) and the request checks (bytes that are no message)."""
    server: ServerProcess = server_factory(volume=False)
    with server.client() as client:
        channel = client.channel  # the same TLS channel, without the session's token
        auth = auth_pb2_grpc.AuthServiceStub(channel)
        with pytest.raises(grpc.RpcError) as raw:
            auth.RenewSession(auth_pb2.RenewSessionRequest())
        reason, metadata = errors.error_info(raw.value)
        assert raw.value.code() is grpc.StatusCode.UNAUTHENTICATED
        assert reason == "NOT_LOGGED_IN" and metadata == {}

        garbage = channel.unary_unary(
            "/vedette.v1.RuleService/ListRules",
            request_serializer=lambda data: data,
            response_deserializer=rules_pb2.ListRulesResponse.FromString,
        )
        with pytest.raises(grpc.RpcError) as raw:
            garbage(b"\xff\xff\xff", metadata=client.metadata)
        assert raw.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert errors.error_info(raw.value)[0] == "MALFORMED_REQUEST"


def test_the_access_filter_says_whose_address_it_refuses(
    server_factory: Callable[..., ServerProcess],
) -> None:
    server: ServerProcess = server_factory(volume=False)
    with TcpRelay("127.0.0.1", server.port, "127.0.0.3") as three, server.client() as admin:

        def allow(*addresses: str) -> None:
            access = system_pb2.AccessFilter(
                enabled=True,
                mode=system_pb2.FILTER_MODE_ALLOW,
                entries=[system_pb2.FilterEntry(value=a, enabled=True) for a in addresses],
            )
            admin.update_settings(system_pb2.Settings(access_filter=access), ["access_filter"])

        error = failure(lambda: allow("127.0.0.2"))
        assert (error.reason, error.metadata) == ("ACCESS_FILTER_LOCKOUT", {"address": "127.0.0.1"})
        assert not admin.get_settings().access_filter.enabled  # nothing changed
        allow("127.0.0.1")
        error = failure(
            lambda: Client.connect(
                three.address,
                username="admin",
                password="whatever-it-is-1A",
                known_servers_path=server.known_servers,
            )
        )
        assert isinstance(error, errors.PermissionDenied)
        assert (error.reason, error.metadata) == (
            "CLIENT_ADDRESS_REFUSED",
            {"address": "127.0.0.3"},
        )
