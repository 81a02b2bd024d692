"""Every domain error has a stable reason (google.rpc.ErrorInfo) that docs/api.md
lists, and the status details the server sends are the ones the SDK reads back."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import grpc
import pytest

import vedette_server
from vedette_api import errors as sdk_errors
from vedette_server import errors
from vedette_server.api import status

REPO = Path(__file__).resolve().parents[2]
REASON = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
#: Reasons given at a raise or an abort in the server's sources.
_GIVEN = re.compile(r'error_reason\s*=\s*"([A-Z_0-9]+)"|abort\([^)]*?"([A-Z][A-Z_0-9]+)"', re.S)


def all_error_classes() -> list[type[errors.VedetteError]]:
    for module in pkgutil.walk_packages(vedette_server.__path__, "vedette_server."):
        try:
            importlib.import_module(module.name)
        except Exception:  # a module needing what this machine lacks defines no error
            continue
    found: list[type[errors.VedetteError]] = []
    pending = [errors.VedetteError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def given_reasons() -> set[str]:
    found = set()
    for path in (REPO / "server" / "vedette_server").rglob("*.py"):
        for match in _GIVEN.finditer(path.read_text()):
            found.add(match.group(1) or match.group(2))
    return found


def documented_reasons() -> set[str]:
    text = (REPO / "docs" / "api.md").read_text()
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_0-9]+)`", section, re.M))


def test_every_error_class_has_a_documented_upper_snake_reason() -> None:
    classes = all_error_classes()
    assert len(classes) > 30  # the walk found the subclasses across the server
    documented = documented_reasons()
    for cls in classes:
        assert REASON.match(cls.error_reason), cls
        assert cls.error_reason in documented, f"{cls.__qualname__}: {cls.error_reason}"


def test_every_reason_given_at_a_raise_is_documented() -> None:
    given = given_reasons()
    assert {"PASSWORD_TOO_WEAK", "PORT_IN_USE", "ACCESS_FILTER_LOCKOUT"} <= given
    assert all(REASON.match(reason) for reason in given)
    assert given - documented_reasons() == set()


def test_the_core_errors_carry_their_facts_as_short_strings() -> None:
    assert errors.NotFound("camera", 7).metadata == {"resource": "camera", "id": "7"}
    invalid = errors.InvalidArgument("name", "is empty")
    assert (invalid.error_reason, invalid.metadata) == (
        "INVALID_FIELD",
        {"field": "name", "detail": "is empty"},
    )
    weak = errors.InvalidArgument("password", "short", error_reason="X_Y", min_length=8)
    assert (weak.error_reason, weak.metadata["min_length"]) == ("X_Y", "8")
    assert errors.InvalidArgument("a", "b").error_reason == "INVALID_FIELD"  # class kept
    taken = errors.AlreadyExists("user", "guard")
    assert taken.metadata == {"resource": "user", "name": "guard"}
    refused = errors.FailedPrecondition("no", error_reason="Z", flag=True, none=None)
    assert refused.metadata == {"flag": "true"}  # None left out
    url = "rtsp://user:secret@cam/" + "x" * 500
    shown = errors.NotFound("stream", url).metadata["id"]
    assert "secret" not in shown and len(shown) <= errors.MAX_METADATA_CHARS + 10


class _Failed(grpc.RpcError, grpc.Call):
    """A failed call as the SDK's channel hands it over, with the server's trailer."""

    def __init__(self, code: grpc.StatusCode, message: str, trailer: tuple) -> None:
        self._code, self._message, self._trailer = code, message, trailer

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._message

    def trailing_metadata(self) -> tuple:
        return self._trailer

    def initial_metadata(self) -> tuple:
        return ()

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> None:
        return None

    def cancel(self) -> bool:
        return False

    def add_callback(self, callback: object) -> bool:
        return False


@pytest.mark.parametrize(
    "error",
    [
        errors.NotFound("camera", 3),
        errors.InvalidArgument("network.rtsp_port", "taken", error_reason="PORT_IN_USE", port=80),
        errors.PermissionDenied("no", area="accounts"),
        ValueError("a bug"),
    ],
)
def test_the_status_details_round_trip_to_the_sdk(error: Exception) -> None:
    code = status.status_for(error)
    reason, metadata = status.error_info(error)
    trailer = status.details_trailer(code, "msg", reason, metadata)
    failed = sdk_errors.error_from_rpc(_Failed(code, "msg", trailer), server="s")
    assert (failed.reason, failed.metadata, failed.message) == (reason, metadata, "msg")
    assert failed.grpc_code == code.name or code is grpc.StatusCode.INTERNAL


def test_a_call_without_details_has_no_reason() -> None:
    failed = sdk_errors.error_from_rpc(
        _Failed(grpc.StatusCode.NOT_FOUND, "gone", (("other", "x"),)), server="s"
    )
    assert (failed.reason, failed.metadata) == ("", {})
    garbled = _Failed(grpc.StatusCode.NOT_FOUND, "gone", ((status.DETAILS_KEY, b"\xff"),))
    assert sdk_errors.error_info(garbled) == ("", {})
