"""The notifier (ALARM-07, ALARM-10): the alarm engine's ``NotifyPort``. ``send`` queues
one ``delivery`` row per target in the durable outbox and returns at once; a delivery
loop on the event loop (catalog work on the catalog thread) sends what is due.

Decisions, and why:
- **At queue time** (``planning.py``): a recipient whose schedule (in the server's
  time zone) does not cover the notice's time gets a ``suppressed`` row that says so;
  a disabled one named explicitly too. The decision is about when the alarm happened,
  not when the mail server came back.
- **Snapshots are taken when queued**, once per notice, and stored as snapshots
  (SEARCH-06): the mail shows the moment of the alarm, not the moment the SMTP server
  came back, and a mail waiting across a restart keeps its picture. A row that wants
  one waits for it at most ``planning.SNAPSHOT_HOLD_US``; a picture that cannot be
  taken is named in the mail's text instead.
- **Budgets at send time**: a notice mail to a recipient that has already had
  ``max_per_hour`` notice mails in the current clock hour is marked ``digested``; when
  the hour has rolled over, one digest mail lists them all. Digests and test mails do
  not count.
- **Retries** follow ``webhook.RetryBackoff`` (exponential, jittered, capped) per row,
  until ``give_up_after_us`` after the row was queued; errors that a retry cannot
  change fail at once (``attempts.py``). A webhook endpoint answering 410 Gone is
  disabled with the reason. One attempt at a time per target keeps order.
- **Threading**: an alarm's first mail carries ``messages.alarm_message_id``; later
  ones about the same alarm set ``In-Reply-To`` to it.

Invariants: ``send`` never blocks and never raises for a delivery that fails later;
nothing pending is dropped by a failure of the other side, by ``aclose`` or by a
restart (a row interrupted mid-attempt is attempted again: webhooks carry the same
``webhook-id``, so receivers deduplicate); secrets never reach a log line or a row.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email.utils
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from vedette_api import timestamps
from vedette_server.alarms.ports import AlarmNotice, NotifyChannel
from vedette_server.catalog.database import Catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound
from vedette_server.notify import messages
from vedette_server.notify.attempts import (
    Digested,
    Failed,
    MailContent,
    Outcome,
    Retry,
    Sent,
    SnapshotSource,
    mail_attempt,
    webhook_attempt,
)
from vedette_server.notify.mail import MAX_ATTACHMENTS, JpegAttachment
from vedette_server.notify.outbox import (
    Delivery,
    DeliveryKind,
    DeliveryState,
    NewDelivery,
    Outbox,
)
from vedette_server.notify.planning import DeliveryPlanner, picture_cameras
from vedette_server.notify.targets import NotifyTargets
from vedette_server.notify.webhook import DEFAULT_TIMEOUT_S, RetryBackoff
from vedette_server.settings.smtp import SmtpStore
from vedette_server.system_log import LogType, SystemLog

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

HOUR_US: Final = 3_600_000_000
SNAPSHOT_TIMEOUT_S: Final = 20.0
GIVE_UP_AFTER_US: Final = 24 * HOUR_US
MAX_IN_FLIGHT: Final = 4
#: After a failed pass, the loop tries again this soon.
POLL_S: Final = 1.0
#: The loop looks at the outbox at least this often, even with nothing due (digests
#: when an hour rolls over; a clock that moved). ``send``, ``retry`` and ``wake`` wake
#: it at once.
MAX_WAIT_S: Final = 30.0
PURGE_EVERY_US: Final = HOUR_US


@dataclass(frozen=True)
class NotifierOptions:
    backoff: RetryBackoff = dataclasses.field(default_factory=RetryBackoff)
    give_up_after_us: int = GIVE_UP_AFTER_US
    webhook_timeout_s: float = DEFAULT_TIMEOUT_S
    #: Where webhooks may go (tests: ``webhook.LOOPBACK_HOSTS``); None: anywhere.
    allowed_hosts: tuple[str, ...] | None = None


class Notifier:
    """``NotifyPort`` over the outbox; ``start()`` the loop, ``aclose()`` it."""

    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        targets: NotifyTargets,
        smtp: SmtpStore,
        *,
        server_id: str,
        zone: Callable[[], ZoneInfo],
        snapshots: SnapshotSource | None = None,
        system_log: SystemLog | None = None,
        options: NotifierOptions = NotifierOptions(),
        clock: Callable[[], int] = timestamps.now_us,
    ) -> None:
        self.catalog = catalog
        #: Where an endpoint disabled by a 410 and a delivery given up are reported.
        self.system_log = system_log
        self.thread = thread
        self.targets = targets
        self.smtp = smtp
        self.outbox = Outbox(catalog)
        self.planner = DeliveryPlanner(
            catalog, targets, server_id=server_id, zone=zone, pictures=snapshots is not None
        )
        self.server_id = server_id
        self.zone = zone
        self.snapshots = snapshots
        self.options = options
        self.clock = clock
        self._wake = asyncio.Event()
        self._queueing: set[asyncio.Task[None]] = set()
        self._in_flight: dict[tuple[str, int], asyncio.Task[None]] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._last_purge_us = 0
        self._rng = random.Random()

    # -- NotifyPort -----------------------------------------------------------------------

    def send(
        self, notice: AlarmNotice, channel: NotifyChannel, target_ids: Sequence[int] = ()
    ) -> None:
        """Queue ``notice`` for ``target_ids`` (empty: every enabled target); returns at
        once. The rows are written on the catalog thread before anything else it does
        next; snapshots follow."""
        task = asyncio.get_running_loop().create_task(
            self._queue(notice, NotifyChannel(channel), tuple(target_ids))
        )
        self._queueing.add(task)
        task.add_done_callback(self._queueing.discard)

    async def _queue(
        self, notice: AlarmNotice, channel: NotifyChannel, target_ids: tuple[int, ...]
    ) -> None:
        try:
            waiting = await self.thread.call(self._plan, notice, channel, target_ids, self.clock())
            self._wake.set()
            if waiting:
                await self._take_snapshots(notice, waiting)
                self._wake.set()
        except Exception:  # a notice must not take the engine down; say so loudly
            log.exception("notice %r could not be queued", notice.title[:80])

    def _plan(
        self,
        notice: AlarmNotice,
        channel: NotifyChannel,
        target_ids: tuple[int, ...],
        now_us: int,
    ) -> list[int]:
        """Blocking: the rows for ``notice``; the ids of those waiting for a snapshot."""
        rows = self.planner.plan(notice, channel, target_ids, now_us)
        ids = self.outbox.add([row for row, _ in rows], now_us)
        return [i for i, (_, waits) in zip(ids, rows, strict=True) if waits]

    async def _take_snapshots(self, notice: AlarmNotice, waiting: list[int]) -> None:
        """The notice's pictures, taken together (so at most ``SNAPSHOT_TIMEOUT_S`` in
        all, well within the rows' hold), then attached to the rows waiting for them."""
        cameras = picture_cameras(notice)[:MAX_ATTACHMENTS]
        taken = await asyncio.gather(*(self._take_one(c) for c in cameras))
        facts = {
            "snapshot_ids": [i for i, _ in taken if i is not None],
            "snapshot_notes": [note for _, note in taken if note],
        }
        await self.thread.call(self.outbox.attach, waiting, facts, self.clock())

    async def _take_one(self, camera_id: int) -> tuple[int | None, str]:
        """A snapshot's id, or why there is none."""
        assert self.snapshots is not None
        try:
            return await asyncio.wait_for(self.snapshots.take(camera_id), SNAPSHOT_TIMEOUT_S), ""
        except TimeoutError:
            return None, f"No picture of camera {camera_id}: none within {SNAPSHOT_TIMEOUT_S:g} s."
        except Exception as error:  # the mail goes without it, and says why
            return None, f"No picture of camera {camera_id}: {error}"

    # -- direct calls (the API's tests) ------------------------------------------------------

    def wake(self) -> None:
        """Look at the outbox now (after a retry, or when a test moved its clock)."""
        self._wake.set()

    async def settings_changed(self, channel: str, target_id: int | None = None) -> None:
        """New SMTP settings, or a changed endpoint: what waited for them is tried now
        rather than after its backoff."""
        await self.thread.call(self.outbox.hurry, channel, self.clock(), target_id)
        self._wake.set()

    async def retry(self, delivery_id: int) -> Delivery:
        record = await self.thread.call(self.outbox.retry, delivery_id, self.clock())
        self._wake.set()
        return record

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        await self.thread.call(self.smtp.load)
        self._loop_task = asyncio.get_running_loop().create_task(self._run())

    def _session(self) -> aiohttp.ClientSession:
        """The webhooks' HTTP session, made for the first webhook: importing aiohttp
        costs 0.15 CPU-s, a start most servers make without a webhook to send."""
        if self._http is None:
            import aiohttp

            self._http = aiohttp.ClientSession(trust_env=False)
        return self._http

    async def aclose(self) -> None:
        """Stop the loop; notices being queued are written first. Rows in flight stay
        pending and are attempted again after the next start."""
        if self._queueing:
            await asyncio.wait(set(self._queueing), timeout=SNAPSHOT_TIMEOUT_S + 10)
        tasks = [t for t in (self._loop_task, *self._in_flight.values()) if t is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        if self._http is not None:
            await self._http.close()
            self._http = None

    # -- the delivery loop ------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            try:
                wait_s = await self._pass()
            except asyncio.CancelledError:
                raise
            except Exception:  # the catalog hiccuped: try again shortly, never stop
                log.exception("notification delivery pass failed")
                wait_s = POLL_S
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait_s)

    async def _pass(self) -> float:
        now = self.clock()
        await self.thread.call(self._housekeep, now)
        free = MAX_IN_FLIGHT - len(self._in_flight)
        if free > 0:
            due = await self.thread.call(self.outbox.due, now, set(self._in_flight), free)
            for delivery in due:
                key = (delivery.channel, delivery.target_id)
                task = asyncio.get_running_loop().create_task(self._attempt(delivery))
                self._in_flight[key] = task
        next_us = await self.thread.call(self.outbox.next_due_us)
        if next_us is None:
            return MAX_WAIT_S
        return min(MAX_WAIT_S, max(0.0, (next_us - self.clock()) / 1e6))

    def _housekeep(self, now_us: int) -> None:
        """Blocking: digests for the hours that rolled over, and retention."""
        hour_start = now_us - now_us % HOUR_US
        for recipient_id, rows in self.outbox.undigested(hour_start).items():
            try:
                budget = self.targets.recipient(recipient_id).max_per_hour
            except NotFound:
                budget = 0
            digest = NewDelivery(
                "email",
                recipient_id,
                DeliveryKind.DIGEST,
                email.utils.make_msgid("vedette", domain="vedette.invalid"),
                {"notices": [r.payload["notice"] for r in rows], "budget": budget},
            )
            self.outbox.add_digest(digest, [r.id for r in rows], now_us)
        if now_us - self._last_purge_us >= PURGE_EVERY_US:
            gone = self.outbox.purge(now_us)
            self._last_purge_us = now_us
            if gone:
                log.info("notification log: %d old deliveries removed", gone)

    async def _attempt(self, delivery: Delivery) -> None:
        key = (delivery.channel, delivery.target_id)
        try:
            try:
                outcome = await self._try(delivery)
            except Exception as error:  # recorded on the row, retried
                log.exception("delivery %d: unexpected error", delivery.id)
                outcome = Retry(None, f"internal error: {type(error).__name__}")
            await self._record(delivery, outcome)
        finally:
            self._in_flight.pop(key, None)
            self._wake.set()

    async def _try(self, delivery: Delivery) -> Outcome:
        if delivery.channel == "webhook":
            return await self._webhook(delivery)
        return await self._mail(delivery)

    async def _record(self, delivery: Delivery, outcome: Outcome) -> None:
        now = self.clock()
        outbox = self.outbox
        if isinstance(outcome, Sent):
            await self.thread.call(
                outbox.finish, delivery.id, DeliveryState.SENT, now,
                status=outcome.status, error=outcome.detail,
            )  # fmt: skip
        elif isinstance(outcome, Digested):
            await self.thread.call(
                outbox.finish, delivery.id, DeliveryState.DIGESTED, now,
                attempted=False, error="over the recipient's hourly budget: in the next digest",
            )  # fmt: skip
        elif isinstance(outcome, Failed):
            if outcome.gone:
                reason = f"the receiver answered 410 Gone (delivery {delivery.id})"
                await self.thread.call(self.targets.disable_endpoint, delivery.target_id, reason)
                log.warning("webhook endpoint %d disabled: %s", delivery.target_id, reason)
                await self._report(
                    "notify.webhook.disabled",
                    f"webhook endpoint {delivery.target_id} disabled: {reason}",
                    delivery,
                )
            await self.thread.call(
                outbox.finish, delivery.id, DeliveryState.FAILED, now,
                status=outcome.status, error=outcome.error,
            )  # fmt: skip
        elif now - delivery.created_us >= self.options.give_up_after_us:
            hours = self.options.give_up_after_us / HOUR_US
            error = f"{outcome.error} (given up after {hours:g} h)"
            await self.thread.call(
                outbox.finish, delivery.id, DeliveryState.FAILED, now,
                attempted=outcome.attempted, status=outcome.status, error=error,
            )  # fmt: skip
            await self._report(
                "notify.delivery.failed",
                f"{delivery.channel} delivery {delivery.id} to {delivery.target_id}: {error}",
                delivery,
            )
        else:
            backoff = self.options.backoff
            delay_s = backoff.delay_s(delivery.attempts, self._rng)
            if outcome.after_s is not None:  # Retry-After, within the cap
                delay_s = min(backoff.max_s, max(delay_s, outcome.after_s))
            await self.thread.call(
                outbox.retry_later, delivery.id, now + int(delay_s * 1e6),
                status=outcome.status, error=outcome.error, attempted=outcome.attempted,
            )  # fmt: skip
            log.info(
                "delivery %d (%s) not done: %s; again in %.1f s",
                delivery.id, delivery.channel, outcome.error, delay_s,
            )  # fmt: skip

    async def _report(self, action: str, message: str, delivery: Delivery) -> None:
        """An exception entry in the system log (what an administrator must act on)."""
        if self.system_log is None:
            return
        detail: dict[str, Any] = {
            "delivery_id": delivery.id,
            "channel": delivery.channel,
            "target_id": delivery.target_id,
        }
        await self.thread.call(
            self.system_log.write, LogType.EXCEPTION, action, message[:500], detail=detail
        )

    # -- e-mail ----------------------------------------------------------------------------------

    async def _mail(self, delivery: Delivery) -> Outcome:
        try:
            recipient = await self.thread.call(self.targets.recipient, delivery.target_id)
        except NotFound:
            return Failed(None, "the e-mail recipient was removed")
        if delivery.kind is DeliveryKind.NOTICE:
            if not recipient.enabled:
                return Failed(None, "the recipient is disabled")
            now = self.clock()
            sent = await self.thread.call(
                self.outbox.mails_sent_since, recipient.id, now - now % HOUR_US
            )
            if sent >= recipient.max_per_hour:
                return Digested()
        content = await self._content(delivery, recipient.max_per_hour)
        return await mail_attempt(self.smtp.current, recipient.address, content)

    async def _content(self, delivery: Delivery, budget: int) -> MailContent:
        zone = self.zone()
        payload = delivery.payload
        if delivery.kind is DeliveryKind.DIGEST:
            notices = [messages.notice_from_json(n) for n in payload["notices"]]
            return MailContent(
                messages.digest_subject(len(notices)),
                messages.digest_text(notices, zone, int(payload.get("budget", budget))),
                delivery.message_id,
            )
        notice = messages.notice_from_json(payload["notice"])
        notes = list(payload.get("snapshot_notes", ()))
        if payload.get("snapshot_wanted") and "snapshot_ids" not in payload:
            notes.append("No picture: it was not taken in time (the server restarted?).")
        attachments: list[JpegAttachment] = []
        for snapshot_id in payload.get("snapshot_ids", ()):
            try:
                assert self.snapshots is not None
                data = await self.snapshots.read(int(snapshot_id))
            except Exception as error:  # the mail goes without it
                notes.append(f"Picture {snapshot_id} is unreadable: {error}")
                continue
            attachments.append(JpegAttachment(f"snapshot-{snapshot_id}.jpg", data))
        return MailContent(
            messages.mail_subject(notice, zone),
            messages.mail_text(notice, zone, notes),
            delivery.message_id,
            payload.get("in_reply_to"),
            tuple(attachments),
        )

    # -- webhooks -------------------------------------------------------------------------------

    async def _webhook(self, delivery: Delivery) -> Outcome:
        try:
            endpoint = await self.thread.call(self.targets.endpoint, delivery.target_id)
            secret = await self.thread.call(self.targets.webhook_secret, delivery.target_id)
        except NotFound:
            return Failed(None, "the webhook endpoint was removed")
        if not endpoint.enabled:
            return Failed(
                None, f"the endpoint is disabled ({endpoint.disabled_reason or 'by hand'})"
            )
        return await webhook_attempt(
            self._session(),
            endpoint.url,
            str(delivery.payload["body"]).encode(),
            secret,
            delivery.message_id,
            timeout_s=self.options.webhook_timeout_s,
            allowed_hosts=self.options.allowed_hosts,
        )
