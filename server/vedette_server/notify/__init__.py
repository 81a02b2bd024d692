"""Notification senders (ALARM-07, ALARM-10, NET-03): what the alarm engine calls to tell
people and systems outside Vedette.

- ``addresses``: e-mail address checks (no header or SMTP command injection).
- ``mail``: SMTP settings, the alarm mail builder and ``send_mail`` (aiosmtplib).
- ``webhook``: Standard Webhooks signing and verifying, and ``deliver`` (aiohttp).

Senders only: no schedule, budget, digest or durable outbox lives here; the alarm
engine owns those and calls these for each attempt.
"""
