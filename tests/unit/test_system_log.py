"""The system log: written with secrets masked, searched by type, time, text, camera."""

from __future__ import annotations

from pathlib import Path

import pytest
from peewee import IntegrityError

from vedette_server.catalog import open_catalog
from vedette_server.system_log import LogType, SystemLog, mask_secrets


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_secrets_are_masked_at_any_depth_on_the_way_in(tmp_path: Path) -> None:
    detail = {"request": {"user": {"name": "op", "password": "Hunter-22"}}, "passphrase": "pp"}
    assert mask_secrets(detail) == {
        "request": {"user": {"name": "op", "password": "***"}},
        "passphrase": "***",
    }
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock())
        log.write(LogType.OPERATION, "user.create", "admin added op", detail=detail)
        (entry,) = log.search()
        assert "Hunter-22" not in str(entry.detail) and entry.detail is not None
        raw = catalog.database.execute_sql("SELECT detail FROM log_entry").fetchone()[0]
        assert "Hunter-22" not in raw and "pp" not in raw.replace("passphrase", "")


def test_notification_secrets_are_masked() -> None:
    detail = {
        "webhook": {"url": "https://example.net/hook", "secret": "whsec_abc"},
        "smtp": {"host": "mail.example.net", "smtp_password": "pw1", "password": "pw2"},
        "api_key": "k-123",
    }
    masked = mask_secrets(detail)
    assert masked["webhook"] == {"url": "https://example.net/hook", "secret": "***"}
    assert masked["smtp"] == {"host": "mail.example.net", "smtp_password": "***", "password": "***"}
    assert masked["api_key"] == "***"


def test_search_filters_by_type_time_text_and_camera_newest_first(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        clock = Clock()
        log = SystemLog(catalog, clock=clock)
        log.write(LogType.OPERATION, "login", "admin logged in", username="admin")
        log.write(LogType.EXCEPTION, "illegal_access", "5 failed logins 50%_off", peer="ipv4:1")
        log.write(LogType.OPERATION, "camera.update", "changed Door", camera_id=3)
        log.write(LogType.INFORMATION, "server.stop", "server stopped")
        everything = log.search()
        assert [e.action for e in everything] == [
            "server.stop",
            "camera.update",
            "illegal_access",
            "login",
        ]
        assert [e.action for e in log.search(types=[LogType.OPERATION])] == [
            "camera.update",
            "login",
        ]
        assert [e.action for e in log.search(camera_id=3)] == ["camera.update"]
        assert [e.action for e in log.search(text="ADMIN")] == ["login"]
        assert [e.action for e in log.search(text="50%_")] == ["illegal_access"]
        assert log.search(text="50%x") == []  # % and _ are literal
        second = everything[2].time_us
        assert [e.action for e in log.search(start_us=second, end_us=second + 1)] == [
            "illegal_access"
        ]
        page = log.search(limit=2)
        rest = log.search(limit=2, before_id=page[-1].id)
        assert [e.action for e in page + rest] == [e.action for e in everything]


def test_the_log_is_trimmed_to_its_newest_entries(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock(), max_entries=10)
        for index in range(25):
            log.write(LogType.INFORMATION, "tick", f"tick {index}")
        # Trimmed as it is written (the housekeeping trim then finds nothing to do).
        assert log.trim() == 0
        assert [e.message for e in log.search(limit=100)][-1] == "tick 15"
        assert log.usage().entries == 10
        log.max_entries = 4
        assert log.trim() == 6
        assert [e.message for e in log.search(limit=100)] == [f"tick {i}" for i in (24, 23, 22, 21)]


def test_url_credentials_are_masked_in_details_and_messages(tmp_path: Path) -> None:
    url = "rtsp://cam-admin:S3cret@Pass@10.0.0.9:554/live?channel=1&password=Other-Secret"
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock())
        log.write(
            LogType.OPERATION,
            "camera.create",
            f"admin: camera create (refused: {url})",
            outcome="INVALID_ARGUMENT",
            detail={"request": {"camera": {"main_url": url, "urls": [url]}}},
        )
        (entry,) = log.search()
        raw = catalog.database.execute_sql("SELECT message || detail FROM log_entry").fetchone()[0]
    for secret in ("S3cret", "Pass@", "Other-Secret", "cam-admin"):
        assert secret not in raw
    assert entry.detail == {
        "request": {
            "camera": {
                "main_url": "rtsp://***@10.0.0.9:554/live?channel=1&password=***",
                "urls": ["rtsp://***@10.0.0.9:554/live?channel=1&password=***"],
            }
        }
    }
    assert "rtsp://***@10.0.0.9:554/live" in entry.message


def test_what_an_entry_stores_is_bounded_whatever_it_is_given(tmp_path: Path) -> None:
    deep: dict[str, object] = {"leaf": "x"}
    for _ in range(50):
        deep = {"inner": deep}
    detail = {
        "name": "n" * 7_500_000,
        "ids": list(range(100_000)),
        "deep": deep,
        "keys": {f"k{i}": i for i in range(10_000)},
        "many": [{"name": "m" * 2000} for _ in range(1000)],
    }
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock())
        log.write(
            LogType.OPERATION,
            "export.download",
            "m" * 1_000_000,
            username="u" * 1_000_000,
            peer="p" * 1_000_000,
            outcome="NOT_FOUND",
            detail=detail,
        )
        row = catalog.database.execute_sql(
            "SELECT length(CAST(message AS BLOB)), length(CAST(detail AS BLOB)),"
            " length(CAST(username AS BLOB)), length(CAST(peer AS BLOB)) FROM log_entry"
        ).fetchone()
        (entry,) = log.search()
    message_bytes, detail_bytes, username_bytes, peer_bytes = row
    assert message_bytes <= 2100 and detail_bytes <= 16 * 1024
    assert username_bytes <= 300 and peer_bytes <= 300
    assert entry.detail is not None  # still JSON, saying what was cut
    assert "characters in all" in entry.message


def test_the_log_is_retained_by_bytes_as_well_as_entries(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock(), max_bytes=100_000)
        for index in range(400):
            log.write(LogType.OPERATION, "tick", f"tick {index}", detail={"blob": "b" * 900})
        usage = log.usage()
        counted = catalog.database.execute_sql(
            "SELECT count(*), sum(64 + length(CAST(type AS BLOB)) + length(CAST(action AS BLOB))"
            " + length(CAST(username AS BLOB)) + length(CAST(peer AS BLOB))"
            " + length(CAST(outcome AS BLOB)) + length(CAST(message AS BLOB))"
            " + coalesce(length(CAST(detail AS BLOB)), 0)) FROM log_entry"
        ).fetchone()
        newest = log.search(limit=1)
    assert (usage.entries, usage.size_bytes) == tuple(counted)
    assert 80_000 < usage.size_bytes <= 100_000
    assert newest[0].message == "tick 399"


def test_entries_are_never_changed(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        log = SystemLog(catalog, clock=Clock())
        log.write(LogType.OPERATION, "user.create", "admin added op")
        with pytest.raises(IntegrityError, match="never changed"):
            catalog.database.execute_sql("UPDATE log_entry SET message = 'nothing happened'")
