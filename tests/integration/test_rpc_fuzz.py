"""Hypothesis-generated requests for every RPC: only defined status codes come back,
never an internal error, and the server keeps serving.

Requests are built from each method's input descriptor (every field, nested messages,
repeated fields, enums out of range, odd strings and bytes). A few fields are steered
so that a fuzzed call cannot harm the test machine: volume paths stay under a
scratch directory, camera URLs and ONVIF targets point at a closed loopback port,
discovery never multicasts and waits at most 0.2 s, and a restart or shutdown is
always far enough ahead to be cancelled right after.

UNAUTHENTICATED is an allowed answer, which once hid a fuzzed ResetPassword that locked
the fuzzer's admin out. So: a method answers it only about credentials in its request
(``CREDENTIAL_CHECKS``, and the fuzzer's session is still valid then) or because a
fuzzed call of a method that may end the caller's session ended it
(``SESSION_ENDERS``: the fuzzer logs in again); any other UNAUTHENTICATED means a
fuzzed call ended the fuzzer's session, and fails. After each method, the admin still
signs in with its password.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, init_data_dir, start_server
from vedette_api.services import all_methods, method_path
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

#: Requests per RPC: 100 in ``make test`` (171 RPCs; 200 took 11 of the suite's worker
#: minutes), more on demand: ``VEDETTE_RPC_FUZZ_EXAMPLES=1000 make test PYTEST_ARGS=...``.
#: The parsers of outside bytes are fuzzed at scale by bench/fuzz.py.
EXAMPLES = int(os.environ.get("VEDETTE_RPC_FUZZ_EXAMPLES", "100"))
#: Streams that only end when the client cancels them (a call that reaches a real
#: camera, the live feed): cut after ``ENDLESS_TIMEOUT_S``, they count as served.
ENDLESS = {"MediaService/Live", "AlarmService/WatchEvents"}
ENDLESS_TIMEOUT_S = 0.3
ALLOWED = {
    grpc.StatusCode.OK,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.ALREADY_EXISTS,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.PERMISSION_DENIED,
    grpc.StatusCode.UNAUTHENTICATED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.OUT_OF_RANGE,
    grpc.StatusCode.DATA_LOSS,
    # optimistic concurrency: a stale expected_version (UpdateAlarm, PutRule)
    grpc.StatusCode.ABORTED,
}
#: Methods that check credentials in the request (a password, recovery answers) or may
#: only be called from the appliance: UNAUTHENTICATED is about them, not the session.
CREDENTIAL_CHECKS = {
    "AuthService/Login",
    "AuthService/RecoverPassword",
    "AuthService/SetUpAdmin",
    "AuthService/AutoLogin",
    "AuthService/OpenLiveDisplay",
    "AccountService/ChangeMyPassword",
    "AccountService/SetMyRecoveryQuestions",
}
#: Methods that may end the caller's own session (its token, or every session of the
#: user named).
SESSION_ENDERS = {"AuthService/Logout", "AccountService/EndSession"}
#: Methods whose failed password checks throttle the address (FactoryReset asks for the
#: admin's password again): they run last, in this order, and after them the admin's
#: sign-in is not tried (it would be refused for the throttle, not the password).
THROTTLING = ["SystemService/FactoryReset", "AccountService/ChangeMyPassword", "AuthService/Login"]
#: A password every policy accepts, so that fuzzed password changes (ResetPassword,
#: CreateUser...) are also made, not only refused.
STRONG_PASSWORD = "Fuzzed-Night-Owl-2026!"
INT32 = st.one_of(st.integers(-5, 10), st.integers(-(2**31), 2**31 - 1))
INT64 = st.one_of(st.integers(-5, 10), st.integers(-(2**63), 2**63 - 1))
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "admin", "/", "..", "../../etc", "a" * 300, "\x00", "rtsp://x/y", STRONG_PASSWORD]
    ),
)


def _scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    kinds: dict[int, st.SearchStrategy[Any]] = {
        FieldDescriptor.TYPE_BOOL: st.booleans(),
        FieldDescriptor.TYPE_INT32: INT32,
        FieldDescriptor.TYPE_SINT32: INT32,
        FieldDescriptor.TYPE_INT64: INT64,
        FieldDescriptor.TYPE_SINT64: INT64,
        FieldDescriptor.TYPE_UINT32: st.integers(0, 2**32 - 1),
        FieldDescriptor.TYPE_UINT64: st.integers(0, 2**64 - 1),
        FieldDescriptor.TYPE_DOUBLE: st.floats(allow_nan=True),
        FieldDescriptor.TYPE_FLOAT: st.floats(width=32, allow_nan=True),
        FieldDescriptor.TYPE_STRING: TEXT,
        FieldDescriptor.TYPE_BYTES: st.binary(max_size=200),
        FieldDescriptor.TYPE_ENUM: st.integers(-2, 12),
    }
    return kinds[field.type]


def messages(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[Any]:
    """Arbitrary messages of ``descriptor``'s type (three levels deep at most)."""
    cls = message_factory.GetMessageClass(descriptor)
    if descriptor.full_name == "google.protobuf.Timestamp":
        return st.builds(
            lambda s, n: cls(seconds=s, nanos=n),
            st.integers(-(10**11), 10**11),
            st.integers(0, 999_999_999),
        )
    if descriptor.full_name == "google.protobuf.Duration":
        return st.builds(lambda s: cls(seconds=s), st.integers(-(10**9), 10**9))
    if descriptor.full_name == "google.protobuf.FieldMask":
        paths = st.lists(
            st.one_of(
                TEXT,
                st.sampled_from(
                    ["name", "enabled", "note", "general", "general.device_name", "security",
                     "access_filter", "disk_group", "local_rights", "main_url", "date_time"]
                ),
            ),
            max_size=3,
        )  # fmt: skip
        return st.builds(lambda p: cls(paths=p), paths)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if depth >= 3:
                continue
            inner = messages(field.message_type, depth + 1)
        else:
            inner = _scalar(field)
        fields[field.name] = st.lists(inner, max_size=3) if field.is_repeated else inner

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        message = cls()
        for name, strategy in fields.items():
            if not draw(st.booleans()):
                continue
            value = draw(strategy)
            field = descriptor.fields_by_name[name]
            if field.is_repeated:
                getattr(message, name).extend(value)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                getattr(message, name).CopyFrom(value)
            else:
                setattr(message, name, value)
        return message

    return build()


def _name(method: MethodDescriptor) -> str:
    return method_path(method).removeprefix("/vedette.v1.")


def aimed_at_self(descriptor: Descriptor, user_id: int) -> Any | None:
    """For a request with a ``user_id``: one naming the caller's own account, every
    password field a valid one (the call that once locked the fuzzer's admin out, too
    rare among random requests to be drawn at 100 examples); None for the others."""
    if "user_id" not in descriptor.fields_by_name:
        return None
    request = message_factory.GetMessageClass(descriptor)(user_id=user_id)
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_STRING and "password" in field.name:
            setattr(request, field.name, STRONG_PASSWORD)
    return request


def _steer(name: str, request: Any, scratch: Path) -> None:
    """Keep a fuzzed call from touching the machine outside the test."""
    if name == "StorageService/AddVolume":
        request.path = str(scratch / request.path.replace("/", "_").replace("\x00", "_")[:80])
    if name in ("CameraService/CreateCamera", "CameraService/UpdateCamera"):
        for field in ("main_url", "sub_url"):
            if getattr(request.camera, field):
                setattr(request.camera, field, "rtsp://127.0.0.1:9/fuzz")
    # (An empty address is refused before any connection.)
    onvif_call = name in ("CameraService/TestCamera", "CameraService/AddOnvifCamera")
    if onvif_call and request.target.address:
        request.target.address, request.target.port = "127.0.0.1", 9
    if name == "CameraService/Discover":
        request.multicast = False
        if request.targets:
            request.targets[:] = ["127.0.0.1:9"]
        request.timeout.seconds, request.timeout.nanos = 0, 200_000_000
    if name == "PtzService/SetPtzDevice" and request.device.serial_port:
        request.device.serial_port = str(scratch / "no-such-serial-port")
    if name in ("SystemService/Restart", "SystemService/Shutdown") and request.delay.seconds < 600:
        request.delay.seconds = 600 + abs(request.delay.seconds) % 3000


class Fuzzer:
    def __init__(self, server: ServerProcess, scratch: Path) -> None:
        self.server = server
        self.scratch = scratch
        self.channel = grpc.insecure_channel(server.address)
        self.token = self.login()
        self.user_id = int(self.account().user.id)

    def account(self) -> accounts_pb2.GetMyAccountResponse:
        return accounts_pb2_grpc.AccountServiceStub(self.channel).GetMyAccount(
            accounts_pb2.GetMyAccountRequest(),
            metadata=(("authorization", f"Bearer {self.token}"),),
            timeout=30,
        )

    def login(self) -> str:
        stub = auth_pb2_grpc.AuthServiceStub(self.channel)
        reply = stub.Login(
            auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD), timeout=30
        )
        return str(reply.token)

    def call(self, method: MethodDescriptor, request: Any) -> grpc.StatusCode:
        response_class = message_factory.GetMessageClass(method.output_type)
        serialize, parse = type(request).SerializeToString, response_class.FromString
        metadata = (("authorization", f"Bearer {self.token}"),)
        name = method_path(method).removeprefix("/vedette.v1.")
        endless = name in ENDLESS
        try:
            if method.client_streaming:  # Playback: the message opens, then the client closes
                bidi = self.channel.stream_stream(method_path(method), serialize, parse)
                for _ in bidi(iter([request]), metadata=metadata, timeout=60):
                    pass
            elif method.server_streaming:
                call = self.channel.unary_stream(method_path(method), serialize, parse)
                timeout = ENDLESS_TIMEOUT_S if endless else 60
                responses = call(request, metadata=metadata, timeout=timeout)
                for _ in responses:
                    if endless:  # answered: accepted (no need to wait for the deadline)
                        responses.cancel()
                        break
            else:
                self.channel.unary_unary(method_path(method), serialize, parse)(
                    request, metadata=metadata, timeout=60
                )
        except grpc.RpcError as error:
            if endless and error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:
                return grpc.StatusCode.OK
            return error.code()
        return grpc.StatusCode.OK

    def session_valid(self) -> bool:
        """Whether the fuzzer's token still opens a session (GetMyAccount needs only that)."""
        try:
            self.account()
        except grpc.RpcError as error:
            if error.code() is grpc.StatusCode.UNAUTHENTICATED:
                return False
            raise
        return True

    def check_session(self, name: str, code: grpc.StatusCode) -> None:
        """UNAUTHENTICATED only about the request's credentials (the session lives on)
        or from a method that may end the caller's session (then log in again)."""
        if name in SESSION_ENDERS:
            if not self.session_valid():
                self.token = self.login()
            return
        if code is not grpc.StatusCode.UNAUTHENTICATED:
            return
        assert name in CREDENTIAL_CHECKS, (
            f"{name} answered UNAUTHENTICATED: a fuzzed call ended the fuzzer's own session"
        )
        assert self.session_valid(), f"a fuzzed {name} ended the fuzzer's own session"

    def after(self, name: str) -> None:
        if name in ("SystemService/Restart", "SystemService/Shutdown"):
            with contextlib.suppress(grpc.RpcError):  # NOT_FOUND when the call was refused
                system_pb2_grpc.SystemServiceStub(self.channel).CancelPowerAction(
                    system_pb2.CancelPowerActionRequest(),
                    metadata=(("authorization", f"Bearer {self.token}"),),
                )
        # (ChangeMyPassword keeps the caller's session, and a fuzzed current password
        # is never the right one: no new login after it. Its failures lock the
        # address out like failed logins, so it runs last.)
        if name == "AuthService/Logout":
            self.token = self.login()


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzer]:
    tmp = tmp_path_factory.mktemp("fuzz")
    assert init_data_dir(tmp / "data").returncode == 0
    server = start_server(tmp / "data", tmp / "known.json", "--insecure")
    scratch = Path(tempfile.mkdtemp(prefix="vedette-fuzz-"))
    try:
        yield Fuzzer(server, scratch)
    finally:
        assert server.process.poll() is None, "the server died during the fuzzing"
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


# Password checks last (``THROTTLING``, in its order): their failures throttle the address
# the fuzzer logs in from.
METHODS = sorted(
    all_methods(),
    key=lambda m: (
        THROTTLING.index(name) if (name := _name(m)) in THROTTLING else -1,
        method_path(m),
    ),
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "method", METHODS, ids=lambda m: method_path(m).removeprefix("/vedette.v1.")
)
def test_fuzzed_requests_get_only_defined_status_codes(
    fuzzer: Fuzzer, method: MethodDescriptor
) -> None:
    name = method_path(method).removeprefix("/vedette.v1.")
    seen: dict[grpc.StatusCode, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )
    @given(messages(method.input_type))
    def check(request: Any) -> None:
        _steer(name, request, fuzzer.scratch)
        code = fuzzer.call(method, request)
        fuzzer.after(name)
        seen[code] = seen.get(code, 0) + 1
        assert code in ALLOWED, f"{name} answered {code.name} to {request!r}"[:2000]
        fuzzer.check_session(name, code)

    own = aimed_at_self(method.input_type, fuzzer.user_id)
    (check if own is None else example(own)(check))()
    if name not in THROTTLING:  # a fuzzed call must not lock the admin out
        try:
            fuzzer.login()
        except grpc.RpcError as error:
            pytest.fail(f"after fuzzing {name}, the admin cannot sign in: {error.code().name}")
    # A request with no fields has one example only; hypothesis stops there.
    assert sum(seen.values()) >= (EXAMPLES if method.input_type.fields else 1)
    assert fuzzer.server.process.poll() is None
