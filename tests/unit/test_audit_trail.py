"""The audit trail: summaries that never fail and stay small, and a writer queue that
drops (and counts) only refused operations, never an accepted change."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vedette_api.v1 import accounts_pb2, export_pb2, system_pb2
from vedette_server.api import audit as audit_module
from vedette_server.api import gate as gate_module
from vedette_server.api.audit import MAX_QUEUED_ENTRIES, AuditTrail, request_summary
from vedette_server.api.call_context import AuditNote
from vedette_server.api.gate import Admission, CallGate
from vedette_server.api.peer import parse_peer
from vedette_server.api.policy import Rule, RuleKind
from vedette_server.catalog import open_catalog
from vedette_server.events import EventBus
from vedette_server.system_log import LogType, SystemLog


class HeldThread:
    """A catalog thread that runs nothing until the test says so (a catalog behind)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        self.jobs.append((fn, args))

    def run_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for fn, args in jobs:
            fn(*args)


def test_the_summary_of_a_request_with_out_of_range_values_never_fails() -> None:
    user = accounts_pb2.User(name="intruder", password="Secret-1234", group_id=1)
    user.create_time.seconds = -(2**62)
    summary = request_summary(accounts_pb2.CreateUserRequest(user=user))
    assert summary["user"]["name"] == "intruder" and summary["user"]["password"] == "***"
    assert summary["user"]["create_time"] == {"seconds": -(2**62)}
    mask = request_summary(accounts_pb2.UpdateUserRequest(update_mask={"paths": ["Bad_"]}))
    assert mask["update_mask"] == {"paths": ["Bad_"]}


def test_the_summary_of_a_huge_request_is_small() -> None:
    request = export_pb2.DownloadExportFileRequest(task_id=7, name="n" * 7_500_000)
    summary = request_summary(request)
    assert summary["task_id"] == 7 and len(json.dumps(summary)) < 1200
    logs = system_pb2.SearchLogsRequest(types=[system_pb2.LOG_TYPE_ALARM] * 100_000)
    assert len(request_summary(logs)["types"]) == 33  # 32 and how many more


def test_refused_operations_beyond_the_queue_are_counted_and_accepted_changes_never_dropped(
    tmp_path: Path,
) -> None:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        thread = HeldThread()
        audit = AuditTrail(thread, SystemLog(catalog), EventBus())  # type: ignore[arg-type]
        for index in range(5 * MAX_QUEUED_ENTRIES):
            audit.record(
                LogType.OPERATION,
                "export.download",
                f"nobody: export download (refused: NOT_FOUND) {index}",
                outcome="NOT_FOUND",
                detail={"request": {"name": "n" * 100_000}},
            )
            if index % 1000 == 999:
                audit.record(LogType.OPERATION, "user.create", f"admin added user{index}")
        # Memory waits for the catalog only up to the bound, plus the changes.
        assert len(thread.jobs) <= MAX_QUEUED_ENTRIES + 5
        thread.run_all()
        entries = SystemLog(catalog).search(limit=10 * MAX_QUEUED_ENTRIES)
    created = [e.message for e in entries if e.action == "user.create"]
    assert created == [f"admin added user{i}" for i in (4999, 3999, 2999, 1999, 999)]
    refused = [e for e in entries if e.action == "export.download"]
    (dropped,) = [e for e in entries if e.action == "audit.dropped"]
    assert dropped.detail is not None
    assert len(refused) + dropped.detail["dropped"]["export.download"] == 5 * MAX_QUEUED_ENTRIES
    assert refused[-1].message.endswith(" 0")  # the first ones were kept, in order
    assert all(len(json.dumps(e.detail)) < 1500 for e in refused)


def test_an_accepted_change_is_audited_even_when_its_request_cannot_be_summarised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(message: Any) -> dict[str, Any]:
        raise ValueError("a request no summary can show")

    monkeypatch.setattr(gate_module, "request_summary", broken)
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        thread = HeldThread()
        audit = AuditTrail(thread, SystemLog(catalog), EventBus())  # type: ignore[arg-type]
        gate = CallGate(None, None, None, None, audit)  # type: ignore[arg-type]
        admission = Admission(
            "/vedette.v1.AccountService/CreateUser",
            Rule(RuleKind.SESSION, audit="user.create"),
            parse_peer("ipv4:192.0.2.7:50000"),
            None,
            None,
            AuditNote(),
        )
        gate.finish(admission, "OK", accounts_pb2.CreateUserRequest())
        thread.run_all()
        (entry,) = SystemLog(catalog).search()
    assert (entry.action, entry.outcome, entry.peer) == (
        "user.create",
        "ok",
        "ipv4:192.0.2.7:50000",
    )


def test_on_the_event_loop_the_drop_count_is_written_a_period_after_the_first_drop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_module, "DROPPED_REPORT_S", 0.05)
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        thread = HeldThread()
        audit = AuditTrail(thread, SystemLog(catalog), EventBus())  # type: ignore[arg-type]

        async def flood() -> None:
            for _ in range(MAX_QUEUED_ENTRIES + 7):
                audit.record(LogType.OPERATION, "view.update", "refused", outcome="NOT_FOUND")
            thread.run_all()  # the queue drains; the count waits for its period
            assert not SystemLog(catalog).search(text="audit.dropped")
            await asyncio.sleep(0.5)

        asyncio.run(flood())
        thread.run_all()
        (dropped,) = SystemLog(catalog).search(text="audit.dropped")
    assert dropped.detail == {"count": 7, "dropped": {"view.update": 7}}
    assert dropped.type is LogType.EXCEPTION
