"""RTSP Basic and Digest authentication, checked against RFC 2617's formulas computed here.

The Authorization headers are written the way each client writes them: GStreamer and
live555 without qop (RFC 2069 form), ffmpeg with quoted qop/algorithm, nc and cnonce.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_server.rtsp.auth import AuthResult, RtspAuthenticator, StaticCredentials, md5_ha1

REALM = "vedette"
USER = "operator"
PASSWORD = "s3cret-pässword"
URI = "rtsp://127.0.0.1:8554/cam1"


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def make(
    clock: FakeClock | None = None,
    *,
    schemes: tuple[str, ...] = ("digest", "basic"),
    nonce_ttl_s: float = 300.0,
    secret: bytes | None = None,
) -> RtspAuthenticator:
    return RtspAuthenticator.for_user(
        USER,
        PASSWORD,
        REALM,
        schemes=schemes,
        nonce_ttl_s=nonce_ttl_s,
        clock=clock or FakeClock(),
        secret=secret,
    )


def nonce_of(authenticator: RtspAuthenticator) -> str:
    match = re.search(r'nonce="([^"]+)"', authenticator.challenge()[0])
    assert match is not None
    return match[1]


def digest_header(
    nonce: str,
    *,
    method: str = "DESCRIBE",
    uri: str = URI,
    user: str = USER,
    password: str = PASSWORD,
    realm: str = REALM,
    qop: bool = False,
) -> str:
    """An Authorization value computed with RFC 2617 §3.2.2.1's formulas."""
    ha1 = md5(f"{user}:{realm}:{password}")
    ha2 = md5(f"{method}:{uri}")
    head = f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}"'
    if not qop:  # GStreamer's and live555's form
        return f'{head}, response="{md5(f"{ha1}:{nonce}:{ha2}")}"'
    nc, cnonce = "00000001", "0a4f113b8c2d9e71"
    response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
    # ffmpeg's form: algorithm and qop quoted, nc last.
    return f'{head}, response="{response}", algorithm="MD5", qop="auth", cnonce="{cnonce}", nc={nc}'


def basic_header(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --------------------------------------------------------------------------- challenge


def test_challenge_offers_digest_first_in_the_order_live555_scans_then_basic() -> None:
    digest, basic = make().challenge()

    assert re.fullmatch(
        r'Digest realm="vedette", nonce="[0-9a-f]{64}", algorithm=MD5, qop="auth"', digest
    )
    assert basic == 'Basic realm="vedette"'


def test_stale_challenge_puts_stale_true_right_after_the_nonce() -> None:
    [digest, _] = make().challenge(stale=True)

    assert re.match(r'Digest realm="vedette", nonce="[0-9a-f]{64}", stale=TRUE, ', digest)


def test_each_challenge_has_a_fresh_nonce() -> None:
    authenticator = make()

    assert nonce_of(authenticator) != nonce_of(authenticator)


def test_schemes_limit_the_challenge_and_what_is_accepted() -> None:
    digest_only = make(schemes=("digest",))

    assert [v.split()[0] for v in digest_only.challenge()] == ["Digest"]
    result = digest_only.authenticate("DESCRIBE", basic_header(USER, PASSWORD))
    assert result.user is None
    assert "scheme 'basic' is not accepted" in result.reason


# ------------------------------------------------------------------------------ digest


@pytest.mark.parametrize("qop", [False, True], ids=["rfc2069-gstreamer-live555", "qop-ffmpeg"])
def test_digest_round_trip_authenticates_the_user(qop: bool) -> None:
    authenticator = make()
    header = digest_header(nonce_of(authenticator), qop=qop)

    assert authenticator.authenticate("DESCRIBE", header) == AuthResult(USER)


def test_digest_hashes_the_uri_parameter_and_the_method_of_the_request() -> None:
    authenticator = make()
    nonce = nonce_of(authenticator)
    track = digest_header(nonce, method="SETUP", uri=f"{URI}/trackID=0")

    assert authenticator.authenticate("SETUP", track).user == USER
    assert authenticator.authenticate("PLAY", track).user is None


def test_digest_with_a_wrong_password_fails_without_leaking_secrets() -> None:
    authenticator = make()
    result = authenticator.authenticate(
        "DESCRIBE", digest_header(nonce_of(authenticator), password="guess")
    )

    assert result == AuthResult(None, False, "wrong Digest response for user 'operator'")
    assert PASSWORD not in result.reason
    assert md5_ha1(USER, REALM, PASSWORD) not in result.reason


def test_digest_with_an_unknown_user_fails() -> None:
    authenticator = make()
    result = authenticator.authenticate(
        "DESCRIBE", digest_header(nonce_of(authenticator), user="intruder")
    )

    assert result.user is None
    assert "unknown user 'intruder'" in result.reason


def test_digest_for_another_realm_fails() -> None:
    authenticator = make()
    header = digest_header(nonce_of(authenticator), realm="other")

    assert authenticator.authenticate("DESCRIBE", header).user is None


def test_nonce_is_accepted_until_the_ttl_and_stale_after_it() -> None:
    clock = FakeClock()
    authenticator = make(clock, nonce_ttl_s=300.0)
    header = digest_header(nonce_of(authenticator))

    clock.now += 299.9
    assert authenticator.authenticate("DESCRIBE", header) == AuthResult(USER)
    clock.now += 0.2
    result = authenticator.authenticate("DESCRIBE", header)
    assert (result.user, result.stale) == (None, True)


def test_stale_is_only_reported_when_the_digest_is_otherwise_right() -> None:
    clock = FakeClock()
    authenticator = make(clock)
    header = digest_header(nonce_of(authenticator), password="guess")

    clock.now += 301
    assert authenticator.authenticate("DESCRIBE", header).stale is False


def test_nonce_from_another_secret_is_refused_as_forged() -> None:
    mine = make(secret=b"k" * 32)
    theirs = make(secret=b"x" * 32)
    header = digest_header(nonce_of(theirs))

    result = mine.authenticate("DESCRIBE", header)
    assert (result.user, result.stale) == (None, False)
    assert result.reason == "nonce was not issued by this server"


@pytest.mark.parametrize("forge", ["timestamp", "salt", "mac", "shape"])
def test_tampered_nonce_is_refused_even_with_a_matching_response(forge: str) -> None:
    authenticator = make()
    nonce = nonce_of(authenticator)
    offset = {"timestamp": 0, "salt": 16, "mac": 40, "shape": 0}[forge]
    flipped = "0" if nonce[offset] != "0" else "1"
    tampered = nonce[:offset] + flipped + nonce[offset + 1 :]
    if forge == "shape":
        tampered = nonce[:-2]

    result = authenticator.authenticate("DESCRIBE", digest_header(tampered))
    assert result == AuthResult(None, False, "nonce was not issued by this server")


def test_a_nonce_survives_only_as_long_as_the_secret() -> None:
    secret = b"s" * 32
    header = digest_header(nonce_of(make(secret=secret)))

    assert make(secret=secret).authenticate("DESCRIBE", header).user == USER


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ((", algorithm=MD5", ", algorithm=MD5-sess"), "algorithm 'MD5-sess' refused"),
        ((', qop="auth"', ', qop="auth-int"'), "qop 'auth-int' is not supported"),
        ((", nc=00000001", ", nc=1"), "qop=auth without a valid nc and cnonce"),
        ((', response="', ', response="zz'), "not 32 hexadecimal digits"),
        ((', uri="', ', url="'), "Digest parameter uri is missing"),
        (('realm="vedette", ', ""), "Digest parameter realm is missing"),
        (("username=", "username=="), "malformed Digest parameters"),
        ((", nc=00000001", ', nc=00000001, cnonce="again"'), "malformed Digest parameters"),
        ((", nc=00000001", ', opaque="unterminated'), "malformed Digest parameters"),
    ],
)
def test_malformed_digest_headers_fail_with_a_reason(change: tuple[str, str], reason: str) -> None:
    authenticator = make()
    header = digest_header(nonce_of(authenticator), qop=True)
    header = header.replace('algorithm="MD5"', "algorithm=MD5")
    assert change[0] in header

    result = authenticator.authenticate("DESCRIBE", header.replace(*change))
    assert result.user is None
    assert reason in result.reason


def test_digest_parameters_accept_any_order_spacing_case_and_escapes() -> None:
    authenticator = make()
    nonce = nonce_of(authenticator)
    response = re.search(r'response="([0-9a-f]+)"', digest_header(nonce))
    assert response is not None
    header = (
        f'DIGEST Response={response[1].upper()} ,URI="{URI}",\tNonce="{nonce}",'
        f'realm="ved\\ette",username="{USER}"'
    )

    assert authenticator.authenticate("DESCRIBE", header).user == USER


# ------------------------------------------------------------------------------- basic


def test_basic_with_the_right_password_authenticates_the_user() -> None:
    assert make().authenticate("PLAY", basic_header(USER, PASSWORD)) == AuthResult(USER)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (basic_header(USER, "guess"), "Basic credentials refused for user 'operator'"),
        (basic_header("intruder", PASSWORD), "Basic credentials refused for user 'intruder'"),
        ("Basic !!!not-base64", "Basic credentials are not base64"),
        ("Basic " + base64.b64encode(b"no-colon").decode(), "Basic credentials have no ':'"),
        ("Basic", "Basic credentials have no ':'"),
        ("Bearer abc", "scheme 'bearer' is not accepted"),
        ("", "no Authorization header"),
    ],
)
def test_basic_failures_have_a_reason_without_the_password(header: str, reason: str) -> None:
    result = make().authenticate("PLAY", header)

    assert result == AuthResult(None, False, reason)
    assert PASSWORD not in result.reason


def test_missing_authorization_header_fails() -> None:
    result = make().authenticate("DESCRIBE", None)

    assert result == AuthResult(None, False, "no Authorization header")


# -------------------------------------------------------------------------------- fuzz

DIGEST_PARAMS = ["username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce"]
_printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=200)


@settings(max_examples=500)
@given(
    method=st.text(max_size=20),
    header=st.text(max_size=300)
    | st.builds("Digest {}".format, _printable)
    | st.builds("Basic {}".format, _printable)
    | st.builds("Basic {}".format, st.binary(max_size=60).map(base64.b64encode).map(bytes.decode)),
)
def test_any_authorization_value_fails_without_raising(method: str, header: str) -> None:
    result = make().authenticate(method, header)

    assert result.user is None
    assert result.reason


@settings(max_examples=300)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(DIGEST_PARAMS),
            st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=70),
        ),
        max_size=10,
    )
)
def test_digest_headers_built_from_arbitrary_fields_fail_without_raising(
    params: list[tuple[str, str]],
) -> None:
    header = "Digest " + ", ".join(f'{name}="{value}"' for name, value in params)

    assert make().authenticate("DESCRIBE", header).user is None


# ------------------------------------------------------------------- static credentials


def test_static_credentials_check_and_hide_the_password() -> None:
    credentials = StaticCredentials(USER, PASSWORD)

    assert credentials.check_password(USER, PASSWORD)
    assert not credentials.check_password(USER, "guess")
    assert not credentials.check_password("intruder", PASSWORD)
    assert credentials.ha1(USER, REALM) == md5(f"{USER}:{REALM}:{PASSWORD}")
    assert credentials.digest_ha1(REALM)("intruder") is None
    assert PASSWORD not in repr(credentials)
    assert PASSWORD not in repr(make())


def test_an_authenticator_can_be_built_from_any_password_check_and_ha1_lookup() -> None:
    users = {"alice": "wonder", "bob": "builder"}
    authenticator = RtspAuthenticator(
        "site-a",
        check_password=lambda user, password: users.get(user) == password,
        digest_ha1=lambda user: md5_ha1(user, "site-a", users[user]) if user in users else None,
        clock=FakeClock(),
    )
    nonce = nonce_of(authenticator)

    header = digest_header(nonce, user="bob", password="builder", realm="site-a")
    assert authenticator.authenticate("DESCRIBE", header).user == "bob"
    assert authenticator.authenticate("PLAY", basic_header("alice", "wonder")).user == "alice"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"realm": 'a"b'}, "realm"),
        ({"realm": ""}, "realm"),
        ({"schemes": ("digest", "ntlm")}, "schemes"),
        ({"schemes": ()}, "schemes"),
        ({"digest_ha1": None}, "digest scheme needs digest_ha1"),
        ({"nonce_ttl_s": 0}, "nonce_ttl_s"),
        ({"secret": b"short"}, "secret"),
    ],
)
def test_authenticator_configuration_is_validated(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "realm": REALM,
        "check_password": lambda user, password: False,
        "digest_ha1": lambda user: None,
    }
    arguments.update(kwargs)
    realm = arguments.pop("realm")
    with pytest.raises(ValueError, match=message):
        RtspAuthenticator(realm, **arguments)  # type: ignore[arg-type]


def test_basic_only_authenticator_needs_no_ha1() -> None:
    authenticator = RtspAuthenticator(
        REALM, check_password=lambda user, password: password == "pw", schemes=("basic",)
    )

    assert authenticator.challenge() == ['Basic realm="vedette"']
    assert authenticator.authenticate("OPTIONS", basic_header("x", "pw")).user == "x"
