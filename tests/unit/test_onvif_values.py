"""What the ONVIF client makes of a camera's answers, and what the API checks before
it reaches a camera: stream choice, URLs without credentials, capabilities, error
messages, targets."""

from __future__ import annotations

import pytest
from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import cameras_pb2
from vedette_server.api import onvif_calls
from vedette_server.errors import InvalidArgument
from vedette_server.onvif.capabilities import (
    DEVICEIO_NS,
    EVENTS_NS,
    PTZ_NS,
    Capabilities,
    capabilities_from,
    io_counts,
)
from vedette_server.onvif.client import AuthMode, OnvifDevice
from vedette_server.onvif.errors import (
    CameraUnreachable,
    ClockSkew,
    DigestRequired,
    NotAuthorised,
    NotOnvifDevice,
    OnvifError,
    describe_offset,
)
from vedette_server.onvif.media import MediaProfile, choose_streams, strip_credentials


def profile(token: str, width: int, height: int, uri: str = "rtsp://cam/x") -> MediaProfile:
    return MediaProfile(token=token, name=token, width=width, height=height, stream_uri=uri)


def test_main_is_the_most_pixels_and_sub_the_fewest() -> None:
    choice = choose_streams(
        [profile("mid", 1280, 720), profile("big", 1920, 1080), profile("small", 640, 360)]
    )
    assert choice is not None
    assert choice.main.token == "big"
    assert choice.sub is not None and choice.sub.token == "small"


def test_one_video_profile_has_no_sub_and_none_has_no_choice() -> None:
    only = choose_streams([profile("main", 1920, 1080), profile("audio", 0, 0, uri="")])
    assert only is not None and only.main.token == "main" and only.sub is None
    assert choose_streams([profile("audio", 0, 0, uri="")]) is None
    assert choose_streams([profile("nouri", 640, 360, uri="")]) is None


def test_stream_urls_lose_their_credentials() -> None:
    assert strip_credentials("rtsp://admin:secret@192.0.2.1:554/s0") == "rtsp://192.0.2.1:554/s0"
    assert strip_credentials("rtsp://admin@192.0.2.1/s0") == "rtsp://192.0.2.1/s0"
    assert strip_credentials("rtsp://192.0.2.1/s0?a=b") == "rtsp://192.0.2.1/s0?a=b"


def test_capabilities_come_from_the_listed_services_profiles_and_io_counts() -> None:
    audio = MediaProfile(token="a", name="a", width=1, height=1, has_audio=True)
    found = capabilities_from({PTZ_NS, EVENTS_NS}, [audio], (2, None))
    assert found == Capabilities(
        ptz=True, events=True, audio=True, device_io=True, input_count=2, output_count=None
    )
    assert capabilities_from({DEVICEIO_NS}, [], (None, None)).device_io
    assert Capabilities.from_dict({**found.as_dict(), "future": 1}) == found


def test_io_counts_are_read_where_the_camera_says_them() -> None:
    assert io_counts({"Device": {"IO": {"InputConnectors": 2, "RelayOutputs": 1}}}) == (2, 1)
    assert io_counts({"Device": {"IO": None}}) == (None, None)
    assert io_counts(None) == (None, None)
    assert io_counts({"Device": {"IO": {"InputConnectors": -1}}}) == (None, None)


def test_errors_name_the_camera_and_what_to_do_never_a_password() -> None:
    refused = NotAuthorised("192.0.2.1", 80, "admin")
    assert "192.0.2.1:80" in str(refused) and "'admin'" in str(refused)
    skew = ClockSkew("192.0.2.1", 80, 6 * 3600 + 5)
    assert "6 h 0 min ahead of" in str(skew) and "NTP" in str(skew)
    assert "unreachable (timed out)" in str(CameraUnreachable("h", 1, "timed out"))
    assert "not answer as an ONVIF device (HTTP 404)" in str(NotOnvifDevice("h", 1, "HTTP 404"))
    assert describe_offset(-90) == "90 s behind"
    assert describe_offset(600) == "10 min ahead of"


def test_a_test_response_carries_the_error_kind_and_words() -> None:
    response = onvif_calls.error_message(NotAuthorised("192.0.2.1", 80, "admin"))
    assert response.error == cameras_pb2.ONVIF_ERROR_NOT_AUTHORIZED
    assert "refused the credentials" in response.error_message
    skew = onvif_calls.error_message(ClockSkew("192.0.2.1", 80, 7200))
    assert skew.error == cameras_pb2.ONVIF_ERROR_CLOCK_SKEW


def target(address: str, port: int = 0) -> cameras_pb2.OnvifTarget:
    return cameras_pb2.OnvifTarget(address=address, port=port, camera_user="u")


def test_a_target_is_an_address_or_a_host_name_with_port_80_by_default() -> None:
    assert onvif_calls.target_of(target("192.0.2.1")).port == 80
    assert onvif_calls.target_of(target("cam-3.example.org", 8080)).host == "cam-3.example.org"
    assert onvif_calls.target_of(target("2001:db8::1", 80)).host == "2001:db8::1"


@pytest.mark.parametrize(
    ("address", "port", "field"),
    [
        ("", 0, "target.address"),
        ("http://192.0.2.1/", 0, "target.address"),
        ("user:pw@192.0.2.1", 0, "target.address"),
        ("a b", 0, "target.address"),
        ("x" * 300, 0, "target.address"),
        ("192.0.2.1", 70_000, "target.port"),
        ("192.0.2.1", -1, "target.port"),
    ],
)
def test_a_bad_target_is_refused_before_any_connection(address: str, port: int, field: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        onvif_calls.target_of(target(address, port))
    assert refused.value.field == field


def test_the_discovery_timeout_is_3_s_by_default_and_at_most_30_s() -> None:
    assert onvif_calls.discover_timeout_s(cameras_pb2.DiscoverRequest()) == 3.0
    half = cameras_pb2.DiscoverRequest(timeout=Duration(nanos=500_000_000))
    assert onvif_calls.discover_timeout_s(half) == 0.5
    for seconds in (-1, 31):
        with pytest.raises(InvalidArgument):
            onvif_calls.discover_timeout_s(
                cameras_pb2.DiscoverRequest(timeout=Duration(seconds=seconds))
            )


def not_authorized() -> Exception:
    from lxml import etree
    from zeep.exceptions import Fault

    subcode = etree.QName("http://www.onvif.org/ver10/error", "NotAuthorized")
    return Fault("Sender not Authorized", code="env:Sender", subcodes=[subcode])


def classified(
    error: Exception,
    *,
    auth: AuthMode = AuthMode.AUTO,
    offset_s: float | None = 0.0,
    challenged: bool = False,
) -> OnvifError:
    device = OnvifDevice("192.0.2.1", 80, "admin", "pw", auth=auth)
    device.clock_offset_s = offset_s
    device._challenges.digest_challenge = challenged
    return device._classify(error)


def test_a_refusal_is_not_authorised_unless_clock_or_digest_explain_it() -> None:
    from zeep.exceptions import TransportError

    assert isinstance(classified(not_authorized()), NotAuthorised)
    assert isinstance(classified(not_authorized(), offset_s=None), NotAuthorised)
    assert isinstance(classified(TransportError(status_code=401)), NotAuthorised)
    skew = classified(not_authorized(), offset_s=7200.0)
    assert isinstance(skew, ClockSkew) and skew.offset_s == 7200.0
    # HTTP Digest does not depend on the clock: a refusal there is the credentials.
    assert isinstance(
        classified(not_authorized(), auth=AuthMode.DIGEST, offset_s=7200.0), NotAuthorised
    )
    assert isinstance(classified(not_authorized(), offset_s=7200.0, challenged=True), NotAuthorised)
    required = classified(not_authorized(), auth=AuthMode.WSSE, challenged=True)
    assert isinstance(required, DigestRequired)
    assert "HTTP Digest" in str(required)


def test_other_failures_are_unreachable_or_not_onvif() -> None:
    from zeep.exceptions import Fault, TransportError

    assert isinstance(classified(ConnectionRefusedError(111, "refused")), CameraUnreachable)
    wrapped = RuntimeError("post failed")
    wrapped.__cause__ = OSError("network unreachable")
    assert isinstance(classified(wrapped), CameraUnreachable)
    assert isinstance(classified(TransportError(status_code=404)), NotOnvifDevice)
    assert isinstance(classified(Fault("ActionNotSupported")), NotOnvifDevice)
    assert "pw" not in str(classified(not_authorized()))
