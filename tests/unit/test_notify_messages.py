"""What a notice says: stored and read back unchanged, the mail subject and text in the
server's zone, the digest and the webhook body."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from vedette_server.alarms.ports import AlarmNotice, NoticeChange
from vedette_server.notify import messages

PARIS = ZoneInfo("Europe/Paris")
#: 2026-12-01 09:15:03 UTC, 10:15:03 in Paris.
T_US = 1_796_116_503_000_000


def notice(**more: object) -> AlarmNotice:
    values: dict[str, object] = {
        "change": NoticeChange.RAISED,
        "rule_id": 4,
        "rule_name": "Door",
        "title": "Motion",
        "priority": 1,
        "category": "intrusion",
        "time_us": T_US,
        "alarm_id": 12,
        "camera_id": 3,
        "camera_name": "Front door",
        "snapshot_camera_ids": (3, 4),
    }
    values.update(more)
    return AlarmNotice(**values)  # type: ignore[arg-type]


def test_a_notice_survives_the_outbox_unchanged() -> None:
    original = notice(count=3, text="Back door\r\nBcc: x@y", state="new")
    stored = json.loads(json.dumps(messages.notice_to_json(original)))
    assert messages.notice_from_json(stored) == original


def test_the_subject_is_in_the_server_zone_with_the_count() -> None:
    assert messages.mail_subject(notice(count=3), PARIS) == (
        "[Vedette] P1 Motion · Front door · 2026-12-01 10:15:03 CET (×3)"
    )
    closed = messages.mail_subject(notice(change=NoticeChange.CLOSED), PARIS)
    assert closed.startswith("Closed: [Vedette] P1 Motion")


def test_the_text_names_rule_camera_time_and_what_could_not_be_attached() -> None:
    text = messages.mail_text(notice(), PARIS, ["No picture of camera 4: offline"])
    assert "Rule:      Door" in text and "Camera:    Front door" in text
    assert "Time:      2026-12-01 10:15:03 CET" in text and "Alarm:     #12" in text
    assert text.endswith("No picture of camera 4: offline\n")


def test_a_digest_lists_the_first_twenty_and_counts_the_rest() -> None:
    notices = [notice(alarm_id=n, title=f"Alarm {n}") for n in range(25)]
    text = messages.digest_text(notices, PARIS, budget=10)
    assert text.startswith("25 alarm notices were not mailed one by one")
    assert "at most 10 an hour" in text
    assert "Alarm 19" in text and "Alarm 20" not in text and "… and 5 more" in text
    assert messages.digest_subject(25) == "[Vedette] Digest: 25 more alarm notices"


def test_the_webhook_body_says_what_changed() -> None:
    body = json.loads(messages.webhook_body(notice(), "srv", T_US))
    assert body["type"] == "alarm.created" and body["server_id"] == "srv"
    assert body["timestamp"] == "2026-12-01T09:15:03Z" and body["data"]["alarm_id"] == 12
    event = json.loads(messages.webhook_body(notice(alarm_id=0), "srv", T_US))
    assert event["type"] == "event.started"
    closed = json.loads(messages.webhook_body(notice(change=NoticeChange.CLOSED), "srv", T_US))
    assert closed["type"] == "alarm.closed"
