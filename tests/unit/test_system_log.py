"""The system log: written with secrets masked, searched by type, time, text, camera."""

from __future__ import annotations

from pathlib import Path

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
        assert log.trim() == 15
        assert [e.message for e in log.search(limit=100)][-1] == "tick 15"
