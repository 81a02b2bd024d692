"""Webhook delivery against a real HTTP receiver: an aiohttp server on 127.0.0.1
(port 0) that verifies every request's signature with ``verify`` and answers from a
script of statuses."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from vedette_server.errors import InvalidArgument
from vedette_server.notify.webhook import (
    HEADER_ID,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    LOOPBACK_HOSTS,
    RetryBackoff,
    WebhookVerificationError,
    deliver,
    new_message_id,
    new_secret,
    verify,
)

BOUND_S = 60.0
#: Short waits between attempts: the rule (same id, retry, give up) is under test here,
#: not the production delays (unit-tested in test_webhook_signature).
FAST = RetryBackoff(first_s=0.01, factor=2.0, max_s=0.2, jitter=0.2)
PAYLOAD = json.dumps(
    {"type": "alarm.created", "seq": 42, "data": {"alarm_id": 7, "camera": "Front door"}},
    separators=(",", ":"),
).encode()


@dataclass
class Request:
    headers: dict[str, str]
    body: bytes
    verified_id: str | None
    error: str | None


@dataclass
class Receiver:
    """Answers each POST with the next status of ``script`` (then the last one),
    after checking its signature with ``verify``."""

    secret: str
    script: Sequence[int]
    requests: list[Request] = field(default_factory=list)
    extra_headers: dict[str, str] = field(default_factory=dict)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            verified: str | None = verify(self.secret, request.headers, body)
            error = None
        except WebhookVerificationError as refused:
            verified, error = None, str(refused)
        self.requests.append(Request(dict(request.headers), body, verified, error))
        status = self.script[min(len(self.requests), len(self.script)) - 1]
        return web.Response(status=status, text="ok", headers=self.extra_headers)


@contextlib.asynccontextmanager
async def receiving(receiver: Receiver) -> AsyncIterator[str]:
    """The receiver on 127.0.0.1, port 0; yields its URL."""
    app = web.Application()
    app.router.add_post("/hooks/vedette", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/hooks/vedette"
    finally:
        await runner.cleanup()


def run(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, BOUND_S))


async def deliver_to(receiver: Receiver, msg_id: str, **options: Any) -> Any:
    async with receiving(receiver) as url:
        return await deliver(
            url,
            PAYLOAD,
            receiver.secret,
            msg_id,
            backoff=FAST,
            timeout_s=BOUND_S / 4,
            allowed_hosts=LOOPBACK_HOSTS,
            rng=random.Random(1),
            **options,
        )


def test_three_500s_then_200_take_four_signed_attempts_with_one_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    receiver = Receiver(new_secret(), [500, 500, 500, 200])
    msg_id = new_message_id()
    caplog.set_level(logging.DEBUG)
    result = run(deliver_to(receiver, msg_id, attempts=6))
    assert result.delivered and not result.gave_up
    assert result.attempts == 4 and result.last_status == 200
    assert len(receiver.requests) == 4
    for request in receiver.requests:
        assert request.error is None and request.verified_id == msg_id
        assert request.headers[HEADER_ID] == msg_id
        assert request.headers["Content-Type"] == "application/json"
        assert request.body == PAYLOAD
    # Timestamps may differ between attempts (each is signed afresh), never go back.
    stamps = [int(r.headers[HEADER_TIMESTAMP]) for r in receiver.requests]
    assert stamps == sorted(stamps)
    assert receiver.secret not in caplog.text
    assert receiver.secret.removeprefix("whsec_") not in caplog.text


def test_a_400_is_given_up_after_one_attempt() -> None:
    receiver = Receiver(new_secret(), [400, 200])
    result = run(deliver_to(receiver, new_message_id(), attempts=5))
    assert not result.delivered and result.gave_up
    assert result.attempts == 1 and result.last_status == 400
    assert len(receiver.requests) == 1 and receiver.requests[0].error is None


def test_408_and_429_are_retried_like_5xx() -> None:
    receiver = Receiver(new_secret(), [408, 429, 503, 204])
    result = run(deliver_to(receiver, new_message_id(), attempts=4))
    assert result.delivered and result.attempts == 4 and result.last_status == 204


def test_waits_follow_the_backoff_and_retry_after_within_the_cap() -> None:
    waits: list[float] = []

    async def recorded_sleep(seconds: float) -> None:
        waits.append(seconds)

    plain = Receiver(new_secret(), [500, 500, 500, 200])
    run(deliver_to(plain, new_message_id(), attempts=4, sleep=recorded_sleep))
    assert len(waits) == 3
    for retry, wait in enumerate(waits):
        base = min(FAST.max_s, FAST.first_s * FAST.factor**retry)
        assert base * (1 - FAST.jitter) <= wait <= min(FAST.max_s, base * (1 + FAST.jitter))
    waits.clear()
    # Retry-After asks for an hour: honoured up to the cap, never beyond.
    later = Receiver(new_secret(), [429, 200], extra_headers={"Retry-After": "3600"})
    run(deliver_to(later, new_message_id(), attempts=2, sleep=recorded_sleep))
    assert waits == [FAST.max_s]


def test_attempts_run_out_on_a_receiver_that_keeps_failing() -> None:
    receiver = Receiver(new_secret(), [502])
    result = run(deliver_to(receiver, new_message_id(), attempts=3))
    assert not result.delivered and not result.gave_up
    assert result.attempts == 3 == len(receiver.requests)
    assert result.last_status == 502


def test_a_receiver_with_another_secret_sees_invalid_signatures() -> None:
    receiver = Receiver(new_secret(), [401])

    async def scenario() -> Any:
        async with receiving(receiver) as url:
            return await deliver(url, PAYLOAD, new_secret(), "msg_x", backoff=FAST)

    result = run(scenario())
    assert result.gave_up and result.last_status == 401
    assert receiver.requests[0].verified_id is None
    assert receiver.requests[0].error == "no signature matches the body"


def test_a_tampered_body_fails_verify() -> None:
    receiver = Receiver(new_secret(), [200])
    run(deliver_to(receiver, "msg_tamper"))
    received = receiver.requests[0]
    assert verify(receiver.secret, received.headers, received.body) == "msg_tamper"
    tampered = received.body.replace(b'"seq":42', b'"seq":43')
    assert tampered != received.body
    with pytest.raises(WebhookVerificationError):
        verify(receiver.secret, received.headers, tampered)
    assert received.headers[HEADER_SIGNATURE].startswith("v1,")


def test_nobody_listening_is_retried_then_reported() -> None:
    async def scenario() -> Any:
        receiver = Receiver(new_secret(), [200])
        async with receiving(receiver) as url:
            pass  # closed again: nothing listens on that port now
        return await deliver(
            url, PAYLOAD, receiver.secret, "msg_down", attempts=2, backoff=FAST,
            allowed_hosts=LOOPBACK_HOSTS,
        )  # fmt: skip

    result = run(scenario())
    assert not result.delivered and not result.gave_up
    assert result.attempts == 2 and result.last_status is None
    assert result.last_error


def test_a_receiver_that_never_answers_times_out_and_is_retried() -> None:
    connections: list[bytes] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(await reader.readuntil(b"\r\n\r\n"))
        await reader.read()  # until the client gives up and closes
        writer.close()

    async def scenario() -> Any:
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            return await deliver(
                f"http://127.0.0.1:{port}/hook", PAYLOAD, new_secret(), "msg_silent",
                attempts=2, backoff=FAST, timeout_s=1.0, allowed_hosts=LOOPBACK_HOSTS,
            )  # fmt: skip
        finally:
            server.close()
            await server.wait_closed()

    result = run(scenario())
    assert not result.delivered and not result.gave_up
    assert result.attempts == 2 and result.last_status is None
    assert result.last_error == "no answer within 1 s"
    assert len(connections) == 2
    assert all(b"webhook-id: msg_silent" in c.lower() for c in connections)


@pytest.mark.parametrize(
    "url", ["http://192.0.2.1/hook", "https://hooks.example.com/vedette", "http://10.0.0.1:80/"]
)
def test_a_non_loopback_url_is_refused_before_any_connection(url: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        run(deliver(url, PAYLOAD, new_secret(), "msg_1", allowed_hosts=LOOPBACK_HOSTS))
    assert refused.value.field == "url" and "not allowed" in refused.value.reason


def test_bad_arguments_are_refused_before_any_request() -> None:
    receiver = Receiver(new_secret(), [200])

    async def scenario() -> list[str]:
        fields = []
        async with receiving(receiver) as url:
            for secret, msg_id, attempts in (
                ("whsec_short", "msg_1", 1),
                (receiver.secret, "msg 1\r\n", 1),
                (receiver.secret, "msg_1", 0),
            ):
                with pytest.raises(InvalidArgument) as refused:
                    await deliver(url, PAYLOAD, secret, msg_id, attempts=attempts)
                fields.append(refused.value.field)
        return fields

    assert run(scenario()) == ["secret", "msg_id", "attempts"]
    assert receiver.requests == []
