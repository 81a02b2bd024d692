"""The notifier driven through ``NotifyPort.send`` on a real catalog: mail to aiosmtpd on
loopback (STARTTLS and AUTH), webhooks to a stdlib HTTP receiver that verifies every
signature, budgets and digests, schedules, and nothing lost while the other side is
down, across a restart of the notifier and its catalog too."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet

from tests.support.smtp_inbox import (
    BOUND_S,
    PASSWORD,
    SENDER,
    USER,
    Inbox,
    Tls,
    make_tls,
    smtp_server,
)
from tests.support.webhook_receiver import WebhookReceiver, receiving
from vedette_server.alarms.ports import AlarmNotice, NoticeChange, NotifyChannel
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument
from vedette_server.notify.mail import Security, SmtpSettings
from vedette_server.notify.notifier import HOUR_US, Notifier, NotifierOptions
from vedette_server.notify.outbox import Delivery, DeliveryState
from vedette_server.notify.targets import NotifyTargets
from vedette_server.notify.webhook import LOOPBACK_HOSTS, RetryBackoff, new_secret
from vedette_server.security.secretbox import SecretBox
from vedette_server.settings.smtp import SmtpStore
from vedette_server.system_log import LogType, SystemLog

T = TypeVar("T")
RCPT = "guard@example.test"
FAST = RetryBackoff(first_s=0.05, factor=2.0, max_s=0.5, jitter=0.2)
#: A Monday, 10:00 UTC (2026-12-07).
MONDAY_10H_US = int(dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC).timestamp() * 1e6)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("smtp-tls"))


@dataclass
class Clock:
    """Microseconds that move only when the test says so (budgets count clock hours)."""

    now_us: int

    def __call__(self) -> int:
        return self.now_us


@dataclass
class Rig:
    """A notifier on a real catalog file, as the server builds it."""

    path: Path
    key: bytes
    clock: Callable[[], int] | None = None
    backoff: RetryBackoff = FAST
    catalog: Catalog = field(init=False)
    thread: CatalogThread = field(init=False)
    targets: NotifyTargets = field(init=False)
    smtp: SmtpStore = field(init=False)
    system_log: SystemLog = field(init=False)
    notifier: Notifier = field(init=False)

    async def open(self) -> None:
        self.thread = CatalogThread()
        self.catalog = await self.thread.call(open_catalog, self.path)
        secrets = SecretBox(self.key)
        self.targets = NotifyTargets(self.catalog, secrets, allowed_hosts=LOOPBACK_HOSTS)
        self.smtp = SmtpStore(self.catalog, secrets)
        await self.thread.call(self.smtp.load)
        extra: dict[str, Any] = {} if self.clock is None else {"clock": self.clock}
        self.system_log = SystemLog(self.catalog)
        self.notifier = Notifier(
            self.catalog,
            self.thread,
            self.targets,
            self.smtp,
            server_id="test-server",
            zone=lambda: ZoneInfo("UTC"),
            system_log=self.system_log,
            options=NotifierOptions(
                backoff=self.backoff, webhook_timeout_s=10, allowed_hosts=LOOPBACK_HOSTS
            ),
            **extra,
        )
        await self.notifier.start()

    async def close(self) -> None:
        await self.notifier.aclose()
        await self.thread.call(self.catalog.close)
        self.thread.shutdown()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self.thread.call(fn, *args, **kwargs)

    async def deliveries(self) -> list[Delivery]:
        rows, _ = await self.call(self.notifier.outbox.page, (), 0, 1000)
        return sorted(rows, key=lambda d: d.id)


@contextlib.asynccontextmanager
async def rig(
    tmp_path: Path, clock: Callable[[], int] | None = None, backoff: RetryBackoff = FAST
) -> AsyncIterator[Rig]:
    made = Rig(tmp_path / "catalog.sqlite3", Fernet.generate_key(), clock, backoff)
    await made.open()
    try:
        yield made
    finally:
        await made.close()


def smtp(port: int, tls: Tls) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        security=Security.STARTTLS,
        sender=SENDER,
        user=USER,
        password=PASSWORD,
        timeout_s=BOUND_S / 4,
        tls_ca_pem=tls.cert.read_text(),
    )


def notice(alarm_id: int, change: NoticeChange = NoticeChange.RAISED, **more: Any) -> AlarmNotice:
    values: dict[str, Any] = {
        "change": change,
        "rule_id": 1,
        "rule_name": "Front door motion",
        "title": "Motion",
        "priority": 1,
        "category": "intrusion",
        "time_us": MONDAY_10H_US,
        "alarm_id": alarm_id,
        "camera_id": 3,
        "camera_name": "Front door",
    }
    values.update(more)
    return AlarmNotice(**values)


async def until(what: str, check: Callable[[], Awaitable[T | None]]) -> T:
    """Poll ``check`` until it gives something, within ``BOUND_S``."""
    deadline = asyncio.get_running_loop().time() + BOUND_S
    while True:
        found = await check()
        if found is not None:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {BOUND_S:g} s: {what}")
        await asyncio.sleep(0.05)


def states(rows: list[Delivery]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row.state.value] = out.get(row.state.value, 0) + 1
    return out


def run(coroutine: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, BOUND_S * 4)

    return asyncio.run(bounded())


# -- e-mail ------------------------------------------------------------------------------


def test_alarm_mails_arrive_over_starttls_and_auth_threaded_by_alarm(
    tmp_path: Path, tls: Tls
) -> None:
    inbox = Inbox()

    async def scenario() -> list[Delivery]:
        async with smtp_server(inbox, starttls=tls.server) as port, rig(tmp_path) as r:
            await r.call(r.smtp.save, smtp(port, tls))
            await r.call(r.targets.add_recipient, RCPT)
            r.notifier.send(notice(7), NotifyChannel.EMAIL)
            await until("the first mail", lambda: _at_least(inbox, 1))
            r.notifier.send(notice(7, NoticeChange.CLOSED, state="closed"), NotifyChannel.EMAIL)
            await until("the second mail", lambda: _at_least(inbox, 2))
            return await until("both recorded as sent", lambda: _all_sent(r, 2))

    rows = run(scenario())
    assert [d.state for d in rows] == [DeliveryState.SENT, DeliveryState.SENT]
    assert inbox.logins and inbox.logins[0][1] == USER
    first, second = inbox.parsed(0), inbox.parsed(1)
    assert first["To"] == RCPT and inbox.mails[0].rcpt_tos == [RCPT]
    assert "P1 Motion · Front door · 2026-12-07 10:00:00 UTC" in first["Subject"]
    assert first["Message-ID"] == "<alarm-7.test-server@vedette.invalid>"
    assert second["Subject"].startswith("Closed: ")
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["Message-ID"] != first["Message-ID"]
    text = first.get_body(("plain",))
    assert text is not None and "Front door motion" in text.get_content()


async def _at_least(inbox: Inbox, count: int) -> bool | None:
    return True if len(inbox.mails) >= count else None


def test_a_burst_of_50_to_a_budget_of_10_gives_10_mails_then_one_digest(
    tmp_path: Path, tls: Tls
) -> None:
    inbox = Inbox()
    clock = Clock(MONDAY_10H_US + 60_000_000)

    async def scenario() -> tuple[list[Delivery], list[Delivery]]:
        async with smtp_server(inbox, starttls=tls.server) as port, rig(tmp_path, clock) as r:
            await r.call(r.smtp.save, smtp(port, tls))
            await r.call(r.targets.add_recipient, RCPT, max_per_hour=10)
            for alarm_id in range(1, 51):
                r.notifier.send(notice(alarm_id), NotifyChannel.EMAIL)

            async def settled() -> list[Delivery] | None:
                rows = await r.deliveries()
                done = len(rows) == 50 and all(d.state is not DeliveryState.PENDING for d in rows)
                return rows if done else None

            before = await until("every notice sent or digested", settled)
            assert len(inbox.mails) == 10
            clock.now_us += HOUR_US  # the hour rolls over
            r.notifier.wake()
            await until("the digest", lambda: _at_least(inbox, 11))
            after = await until("the digest row sent", lambda: _digest_sent(r))
            return before, after

    before, after = run(scenario())
    assert states(before) == {"sent": 10, "digested": 40}
    assert len(inbox.mails) == 11
    digest = inbox.parsed(10)
    assert digest["Subject"] == "[Vedette] Digest: 40 more alarm notices"
    body = digest.get_body(("plain",))
    assert body is not None and "at most 10 an hour" in body.get_content()
    (digest_row,) = [d for d in after if d.kind.value == "digest"]
    assert {d.digest_id for d in after if d.state is DeliveryState.DIGESTED} == {digest_row.id}


async def _digest_sent(r: Rig) -> list[Delivery] | None:
    rows = await r.deliveries()
    sent = [d for d in rows if d.kind.value == "digest" and d.state is DeliveryState.SENT]
    return rows if sent else None


def test_mails_queued_while_smtp_is_down_arrive_when_it_is_back_even_after_a_restart(
    tmp_path: Path, tls: Tls
) -> None:
    inbox = Inbox()
    key = Fernet.generate_key()
    path = tmp_path / "catalog.sqlite3"

    async def scenario() -> tuple[list[Delivery], list[Delivery]]:
        async with smtp_server(inbox, starttls=tls.server) as port:
            pass  # the port is known, and nobody listens on it now
        first = Rig(path, key)
        await first.open()
        try:
            await first.call(first.smtp.save, smtp(port, tls))
            await first.call(first.targets.add_recipient, RCPT)
            for alarm_id in (1, 2, 3):
                first.notifier.send(notice(alarm_id), NotifyChannel.EMAIL)

            async def tried() -> list[Delivery] | None:
                rows = await first.deliveries()
                return rows if len(rows) == 3 and all(d.attempts >= 1 for d in rows) else None

            waiting = await until("three attempts against the closed port", tried)
        finally:
            await first.close()  # the server stops with the mails undelivered
        second = Rig(path, key)
        async with smtp_server(inbox, starttls=tls.server, port=port):
            await second.open()
            try:
                await until("three mails after the restart", lambda: _at_least(inbox, 3))
                delivered = await until("three sent rows", lambda: _all_sent(second, 3))
            finally:
                await second.close()
        return waiting, delivered

    waiting, delivered = run(scenario())
    assert all(d.state is DeliveryState.PENDING for d in waiting)
    assert all("unreachable" in d.last_error for d in waiting)
    assert [d.state for d in delivered] == [DeliveryState.SENT] * 3
    assert sorted(str(inbox.parsed(i)["Message-ID"]) for i in range(3)) == [
        f"<alarm-{i}.test-server@vedette.invalid>" for i in (1, 2, 3)
    ]
    assert len(inbox.mails) == 3  # each once


async def _all_sent(r: Rig, count: int) -> list[Delivery] | None:
    rows = await r.deliveries()
    ok = len(rows) == count and all(d.state is DeliveryState.SENT for d in rows)
    return rows if ok else None


def test_outside_its_schedule_a_recipient_is_suppressed_and_that_is_recorded(
    tmp_path: Path, tls: Tls
) -> None:
    inbox = Inbox()

    async def scenario() -> list[Delivery]:
        async with smtp_server(inbox, starttls=tls.server) as port, rig(tmp_path) as r:
            await r.call(r.smtp.save, smtp(port, tls))
            weekend = await r.call(r.targets.add_recipient, RCPT, schedule_name="24x2")
            always = await r.call(r.targets.add_recipient, "boss@example.test")
            assert weekend.schedule_name == "24x2" and always.schedule_id is None
            r.notifier.send(notice(1), NotifyChannel.EMAIL)  # on a Monday
            await until("the mail to the other recipient", lambda: _at_least(inbox, 1))
            return await r.deliveries()

    rows = run(scenario())
    by_target = {d.target_id: d for d in rows}
    assert len(rows) == 2
    suppressed = [d for d in rows if d.state is DeliveryState.SUPPRESSED]
    assert len(suppressed) == 1 and "schedule '24x2'" in suppressed[0].last_error
    assert inbox.mails[0].rcpt_tos == ["boss@example.test"]
    assert by_target[suppressed[0].target_id].attempts == 0


def test_an_address_with_cr_lf_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    async def scenario() -> list[str]:
        async with rig(tmp_path) as r:
            errors = []
            for bad in ("guard@example.test\r\nBcc: spy@example.test", "a@b.test\n"):
                with pytest.raises(InvalidArgument) as caught:
                    await r.call(r.targets.add_recipient, bad)
                errors.append(str(caught.value))
            assert await r.call(r.targets.recipients) == []
            return errors

    for error in run(scenario()):
        assert error.startswith("address: ") and "line break (CR/LF)" in error


# -- webhooks ----------------------------------------------------------------------------


def test_a_webhook_answered_500_three_times_then_200_takes_four_attempts_with_one_id(
    tmp_path: Path,
) -> None:
    secret = new_secret()
    receiver = WebhookReceiver(secret, (500, 500, 500, 200))

    async def scenario() -> list[Delivery]:
        with receiving(receiver) as url:
            async with rig(tmp_path) as r:
                await r.call(r.targets.add_endpoint, url, secret)
                r.notifier.send(notice(5), NotifyChannel.WEBHOOK)
                return await until("the webhook delivered", lambda: _all_sent(r, 1))

    (row,) = run(scenario())
    assert receiver.count() == 4
    assert {r.msg_id for r in receiver.received} == {row.message_id}
    assert all(r.error is None for r in receiver.received), receiver.received
    assert row.attempts == 4 and row.last_status == 200
    body = json.loads(receiver.received[-1].body)
    assert body["type"] == "alarm.created" and body["data"]["alarm_id"] == 5
    assert body["server_id"] == "test-server" and secret not in receiver.received[-1].body.decode()


def test_a_410_gone_fails_the_delivery_and_disables_the_endpoint(tmp_path: Path) -> None:
    secret = new_secret()
    receiver = WebhookReceiver(secret, (410,))

    async def scenario() -> tuple[list[Delivery], Any, list[Any]]:
        with receiving(receiver) as url:
            async with rig(tmp_path) as r:
                endpoint = await r.call(r.targets.add_endpoint, url, secret)
                r.notifier.send(notice(5), NotifyChannel.WEBHOOK, [endpoint.id])

                async def failed() -> list[Delivery] | None:
                    rows = await r.deliveries()
                    return rows if rows and rows[0].state is DeliveryState.FAILED else None

                await until("the delivery failed", failed)
                r.notifier.send(notice(6), NotifyChannel.WEBHOOK, [endpoint.id])
                rows = await until("the second notice recorded", lambda: _count(r, 2))
                logged = await r.call(r.system_log.search, types=[LogType.EXCEPTION])
                return rows, await r.call(r.targets.endpoint, endpoint.id), logged

    rows, endpoint, logged = run(scenario())
    (entry,) = logged
    assert entry.action == "notify.webhook.disabled" and "410 Gone" in entry.message
    assert receiver.count() == 1
    assert rows[0].attempts == 1 and rows[0].last_status == 410
    assert "410 Gone" in rows[0].last_error
    assert not endpoint.enabled and "410 Gone" in endpoint.disabled_reason
    assert rows[1].state is DeliveryState.SUPPRESSED and "disabled" in rows[1].last_error


async def _count(r: Rig, count: int) -> list[Delivery] | None:
    rows = await r.deliveries()
    return rows if len(rows) >= count else None


@pytest.mark.parametrize(
    "url", ["http://example.com/hook", "https://10.0.0.1/hook", "http://192.168.1.10:8080/"]
)
def test_a_webhook_url_to_a_non_loopback_host_is_refused(tmp_path: Path, url: str) -> None:
    async def scenario() -> str:
        async with rig(tmp_path) as r:
            with pytest.raises(InvalidArgument) as caught:
                await r.call(r.targets.add_endpoint, url, new_secret())
            assert await r.call(r.targets.endpoints) == []
            return str(caught.value)

    error = run(scenario())
    assert error.startswith("url: host ") and "is not allowed here (127.0.0.0/8" in error


def test_a_webhook_secret_is_sealed_at_rest_and_never_listed(tmp_path: Path) -> None:
    secret = new_secret()

    async def scenario() -> tuple[Any, bytes, str]:
        async with rig(tmp_path) as r:
            endpoint = await r.call(r.targets.add_endpoint, "http://127.0.0.1:9/x", secret)
            stored = await r.call(
                lambda: r.catalog.database.execute_sql(
                    "SELECT secret FROM webhook_endpoint"
                ).fetchone()[0]
            )
            return endpoint, bytes(stored), await r.call(r.targets.webhook_secret, endpoint.id)

    endpoint, stored, opened = run(scenario())
    assert secret.encode() not in stored and opened == secret
    assert secret not in repr(endpoint)


def test_removing_a_recipient_fails_its_waiting_mail_and_its_id_is_never_reused(
    tmp_path: Path,
) -> None:
    async def scenario() -> tuple[list[Delivery], int, int]:
        async with rig(tmp_path) as r:  # no SMTP settings: mail waits
            first = await r.call(r.targets.add_recipient, RCPT)
            r.notifier.send(notice(1), NotifyChannel.EMAIL)
            waiting = await until("the notice queued", lambda: _count(r, 1))
            assert waiting[0].state is DeliveryState.PENDING
            assert (
                "SMTP is not configured"
                in (await until("an attempt noted", lambda: _noted(r)))[0].last_error
            )
            await r.call(r.targets.remove_recipient, first.id)
            second = await r.call(r.targets.add_recipient, RCPT)
            return await r.deliveries(), first.id, second.id

    rows, first_id, second_id = run(scenario())
    assert second_id != first_id
    assert [(d.state, d.last_error) for d in rows] == [
        (DeliveryState.FAILED, "the e-mail recipient was removed")
    ]


async def _noted(r: Rig) -> list[Delivery] | None:
    rows = await r.deliveries()
    return rows if rows and rows[0].last_error else None


def test_new_smtp_settings_send_waiting_mail_at_once_not_after_its_backoff(
    tmp_path: Path, tls: Tls
) -> None:
    """The backoff here is 10 minutes: only ``settings_changed`` can make the mail
    arrive within the test's bound."""
    inbox = Inbox()
    slow = RetryBackoff(first_s=600.0, factor=1.0, max_s=600.0, jitter=0.0)

    async def scenario() -> list[Delivery]:
        async with smtp_server(inbox, starttls=tls.server) as port:
            pass
        async with rig(tmp_path, backoff=slow) as r:
            await r.call(r.smtp.save, smtp(port, tls))
            await r.call(r.targets.add_recipient, RCPT)
            r.notifier.send(notice(1), NotifyChannel.EMAIL)
            await until("an attempt against the closed port", lambda: _noted(r))
            async with smtp_server(inbox, starttls=tls.server, port=port):
                await r.notifier.settings_changed("email")
                await until("the mail", lambda: _at_least(inbox, 1))
                return await until("recorded as sent", lambda: _all_sent(r, 1))

    (row,) = run(scenario())
    assert row.attempts == 2 and len(inbox.mails) == 1


def test_a_retry_after_answer_is_waited_for_within_the_cap(tmp_path: Path) -> None:
    """A 503 asking for 120 s is tried again no sooner (the backoff alone would wait
    about 0.05 s), and goes when that time has come."""
    secret = new_secret()
    receiver = WebhookReceiver(secret, (503, 200), headers={"Retry-After": "120"})
    clock = Clock(MONDAY_10H_US)
    patient = RetryBackoff(first_s=0.05, factor=2.0, max_s=600.0, jitter=0.2)

    async def scenario() -> tuple[Delivery, list[Delivery]]:
        with receiving(receiver) as url:
            async with rig(tmp_path, clock, patient) as r:
                await r.call(r.targets.add_endpoint, url, secret)
                r.notifier.send(notice(5), NotifyChannel.WEBHOOK)
                (waiting,) = await until("the first attempt", lambda: _noted(r))
                clock.now_us += 119_000_000
                r.notifier.wake()
                await asyncio.sleep(0.5)  # a pass that must find nothing due
                assert receiver.count() == 1
                clock.now_us += 2_000_000
                r.notifier.wake()
                return waiting, await until("the second attempt", lambda: _all_sent(r, 1))

    waiting, (sent,) = run(scenario())
    assert waiting.state is DeliveryState.PENDING and waiting.last_status == 503
    assert waiting.next_attempt_us is not None
    assert waiting.next_attempt_us - MONDAY_10H_US >= 120_000_000
    assert sent.attempts == 2 and receiver.count() == 2


def test_mail_still_undelivered_after_24_hours_fails_and_is_reported(
    tmp_path: Path, tls: Tls
) -> None:
    inbox = Inbox()
    clock = Clock(MONDAY_10H_US)

    async def scenario() -> tuple[Delivery, list[Any]]:
        async with smtp_server(inbox, starttls=tls.server) as port:
            pass  # nobody listens there any more
        async with rig(tmp_path, clock) as r:
            await r.call(r.smtp.save, smtp(port, tls))
            await r.call(r.targets.add_recipient, RCPT)
            r.notifier.send(notice(1), NotifyChannel.EMAIL)
            (waiting,) = await until("a first attempt", lambda: _noted(r))
            assert waiting.state is DeliveryState.PENDING
            clock.now_us += 24 * HOUR_US + 1
            r.notifier.wake()

            async def failed() -> list[Delivery] | None:
                rows = await r.deliveries()
                return rows if rows[0].state is DeliveryState.FAILED else None

            (row,) = await until("the delivery given up", failed)
            return row, await r.call(r.system_log.search, types=[LogType.EXCEPTION])

    row, logged = run(scenario())
    assert row.last_error.endswith("(given up after 24 h)") and "unreachable" in row.last_error
    (entry,) = logged
    assert entry.action == "notify.delivery.failed" and f"delivery {row.id}" in entry.message
