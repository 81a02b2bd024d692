"""Notifications (ALARM-07, ALARM-10, NET-03): how the alarm engine tells people and
systems outside Vedette.

- ``addresses``: e-mail address checks (no header or SMTP command injection).
- ``mail``: SMTP settings, the alarm mail builder and ``send_mail`` (aiosmtplib).
- ``webhook``: Standard Webhooks signing and verifying, and ``deliver`` (aiohttp).
- ``targets``: e-mail recipients and webhook endpoints (secrets sealed at rest).
- ``messages``: what a notice says as a mail, a digest and a webhook body.
- ``planning``: which deliveries a notice makes (schedules, threading ids, bodies).
- ``outbox``: the durable ``delivery`` table: pending, sent, failed, suppressed, digested.
- ``attempts``: one attempt at one delivery, and which errors are retried.
- ``notifier``: the ``NotifyPort``: queues, and the delivery loop with backoff,
  budgets and digests, schedules, snapshots and threading.
- ``pictures``: snapshots for mails, through the server's ``Snapshots``.
- ``trial``: a test mail and a test webhook now, outside the outbox.
"""
