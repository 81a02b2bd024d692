"""Standard Webhooks signing and verifying, URL checks and the retry delays."""

from __future__ import annotations

import random

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.notify.webhook import (
    HEADER_ID,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    LOOPBACK_HOSTS,
    AttemptOutcome,
    RetryBackoff,
    WebhookVerificationError,
    check_url,
    new_message_id,
    new_secret,
    secret_key,
    sign,
    verify,
)

# The test vector the Standard Webhooks reference libraries share: a receiver's
# library accepts what we send only if we reproduce it exactly.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_sign_reproduces_the_spec_test_vector() -> None:
    headers = sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    assert headers == {
        HEADER_ID: SPEC_ID,
        HEADER_TIMESTAMP: str(SPEC_TIMESTAMP),
        HEADER_SIGNATURE: SPEC_SIGNATURE,
    }
    # The prefix is optional, as in the reference libraries.
    bare = sign(SPEC_SECRET.removeprefix("whsec_"), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    assert bare[HEADER_SIGNATURE] == SPEC_SIGNATURE


def test_verify_accepts_the_spec_vector_and_refuses_a_tampered_body() -> None:
    headers = sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    assert verify(SPEC_SECRET, headers, SPEC_BODY, now_s=SPEC_TIMESTAMP + 10) == SPEC_ID
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verify(SPEC_SECRET, headers, b'{"test": 2432232315}', now_s=SPEC_TIMESTAMP)
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verify(new_secret(), headers, SPEC_BODY, now_s=SPEC_TIMESTAMP)
    forged = {**headers, HEADER_ID: "msg_other"}  # the id is signed too
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verify(SPEC_SECRET, forged, SPEC_BODY, now_s=SPEC_TIMESTAMP)


def test_verify_refuses_stale_or_future_timestamps_and_missing_headers() -> None:
    headers = sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    for now in (SPEC_TIMESTAMP + 301, SPEC_TIMESTAMP - 301):
        with pytest.raises(WebhookVerificationError, match="beyond 300 s"):
            verify(SPEC_SECRET, headers, SPEC_BODY, now_s=now)
    for name in (HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE):
        partial = {k: v for k, v in headers.items() if k != name}
        with pytest.raises(WebhookVerificationError, match=f"missing header '{name}'"):
            verify(SPEC_SECRET, partial, SPEC_BODY, now_s=SPEC_TIMESTAMP)
    shouting = {k.upper(): v for k, v in headers.items()}  # HTTP names are case-blind
    assert verify(SPEC_SECRET, shouting, SPEC_BODY, now_s=SPEC_TIMESTAMP) == SPEC_ID


def test_two_secrets_during_rotation_give_two_signatures_each_verifiable() -> None:
    old, new = new_secret(), new_secret()
    headers = sign([new, old], "msg_1", 1000, b"{}")
    assert len(headers[HEADER_SIGNATURE].split(" ")) == 2
    assert verify(old, headers, b"{}", now_s=1000) == "msg_1"
    assert verify(new, headers, b"{}", now_s=1000) == "msg_1"


@pytest.mark.parametrize(
    "secret", ["", "whsec_", "whsec_not base64!", "whsec_c2hvcnQ=", "whsec_" + "QUFB" * 30]
)
def test_bad_secrets_are_refused_without_showing_them(secret: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        secret_key(secret)
    assert refused.value.field == "secret"
    if len(secret) > len("whsec_"):
        assert secret.removeprefix("whsec_") not in str(refused.value)


def test_new_secrets_and_ids_are_valid_and_distinct() -> None:
    assert len(secret_key(new_secret())) == 32
    assert new_secret() != new_secret()
    assert new_message_id() != new_message_id()
    sign(new_secret(), new_message_id(), 0, b"")


@pytest.mark.parametrize("msg_id", ["", "msg id", "msg\r\nx", "x" * 129])
def test_bad_message_ids_are_refused(msg_id: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        sign(SPEC_SECRET, msg_id, 0, b"")
    assert refused.value.field == "msg_id"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "https://127.9.9.9/x?a=1",
        "http://[::1]:9/",
        "http://localhost/",
    ],
)
def test_loopback_urls_pass_the_loopback_allow_list(url: str) -> None:
    assert check_url(url, LOOPBACK_HOSTS).host


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://192.0.2.10/hook", "not allowed"),
        ("https://hooks.example.com/x", "not allowed"),
        ("http://127.0.0.1.example.com/", "not allowed"),
        ("ftp://127.0.0.1/x", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pw@127.0.0.1/x", "user or password"),
        ("http://127.0.0.1/a b", "white space"),
        ("http://127.0.0.1/\r\nX-Evil: 1", "control character"),
        ("http:///path", "no host"),
        ("", "empty"),
    ],
)
def test_bad_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_url(url, LOOPBACK_HOSTS)
    assert refused.value.field == "url"
    assert reason in refused.value.reason
    assert "pw" not in str(refused.value)


def test_without_an_allow_list_any_host_is_allowed() -> None:
    assert check_url("https://hooks.example.com/x").host == "hooks.example.com"


def test_backoff_grows_and_stays_within_its_jitter_and_cap() -> None:
    backoff = RetryBackoff(first_s=5, factor=4, max_s=3600, jitter=0.2)
    rng = random.Random(7)
    for retry in range(12):
        base = min(3600.0, 5 * 4**retry)
        for _ in range(50):
            delay = backoff.delay_s(retry, rng)
            assert 0.8 * base <= delay <= min(3600.0, 1.2 * base)
    assert backoff.delay_s(10_000, rng) <= 3600.0


@pytest.mark.parametrize(
    "values", [{"first_s": 0}, {"first_s": 10, "max_s": 5}, {"factor": 0.5}, {"jitter": 1.0}]
)
def test_bad_backoff_is_refused(values: dict[str, float]) -> None:
    with pytest.raises(InvalidArgument):
        RetryBackoff(**values)


@pytest.mark.parametrize(
    ("status", "delivered", "retryable"),
    [
        (200, True, False),
        (204, True, False),
        (301, False, False),
        (400, False, False),
        (404, False, False),
        (410, False, False),
        (408, False, True),
        (429, False, True),
        (500, False, True),
        (503, False, True),
        (None, False, True),
    ],
)
def test_which_answers_are_retried(status: int | None, delivered: bool, retryable: bool) -> None:
    outcome = AttemptOutcome(status)
    assert (outcome.delivered, outcome.retryable) == (delivered, retryable)
