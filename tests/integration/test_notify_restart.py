"""Nothing lost across a restart of the real server: alarm mail queued while the SMTP
server is down waits in the outbox, the server process stops and starts again on the
same data directory, and the mail arrives once the SMTP server is back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.server_process import init_data_dir, start_server, wait_for
from tests.support.smtp_inbox import (
    BOUND_S,
    PASSWORD,
    SENDER,
    USER,
    Inbox,
    make_tls,
    smtp_in_thread,
)
from vedette_api.client import Client
from vedette_api.v1 import notify_pb2


def pending_attempted(client: Client, count: int) -> list[notify_pb2.Delivery] | None:
    rows = list(client.deliveries(["pending"]))
    tried = [d for d in rows if d.attempts >= 1 and "unreachable" in d.last_error]
    return rows if len(rows) == count and len(tried) == count else None


def test_mail_queued_while_smtp_is_down_arrives_after_a_server_restart(tmp_path: Path) -> None:
    data, known = tmp_path / "data", tmp_path / "known.json"
    assert init_data_dir(data).returncode == 0
    tls = make_tls(tmp_path / "tls")
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=tls.server) as port:
        pass  # its port is known, and now nobody listens there
    server = start_server(data, known)
    try:
        with server.client() as client:
            client.set_smtp(
                "127.0.0.1", port, SENDER, security="starttls", user=USER, password=PASSWORD,
                timeout_s=BOUND_S / 4, tls_ca_pem=tls.cert.read_text(),
            )  # fmt: skip
            recipient = client.add_recipient("duty@example.test")
            definition = {
                "events": {"manual": []},
                "actions": [{"kind": "email", "recipient_ids": [recipient.id]}],
                "alarm": {"priority": 1, "merge_window_s": 0},
            }
            client.put_rule("Duty officer", json.dumps(definition))
            for name in ("Door forced", "Window broken"):
                client.trigger_alarm(name, priority=1)
            waiting = wait_for(
                lambda: pending_attempted(client, 2), BOUND_S, "two mails tried and waiting"
            )
    finally:
        server.stop()
    with smtp_in_thread(inbox, starttls=tls.server, port=port):
        server = start_server(data, known)
        try:
            with server.client() as client:
                wait_for(lambda: len(inbox.mails) >= 2, BOUND_S * 2, "both mails after restart")

                def all_sent() -> list[notify_pb2.Delivery] | None:
                    rows = [d for d in client.deliveries() if d.target_id == recipient.id]
                    sent = all(d.state == notify_pb2.DELIVERY_STATE_SENT for d in rows)
                    return rows if sent else None

                delivered = wait_for(all_sent, BOUND_S, "both deliveries recorded as sent")
        finally:
            server.stop()
    assert {d.id for d in delivered} == {d.id for d in waiting}
    assert len(inbox.mails) == 2  # each once
    assert all(m.rcpt_tos == ["duty@example.test"] for m in inbox.mails)
    subjects = sorted(str(inbox.parsed(i)["Subject"]) for i in range(2))
    assert all(s.startswith("[Vedette] P1 ") for s in subjects)
