"""The alarm settings' statistics page and the alarm report against a real server
(issue 15 §4, ALARM-05): alarms triggered through the SDK (manual alarms of each
priority, one acknowledged and closed by the admin) are counted per day by
priority and category in the CSV export, with the times per priority and per
operator; the chart is drawn; the report of one alarm is a PDF holding its title
and its history (read back with Qt's PDF reader, PDFium).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.settings_helpers import alarm_page
from tests.console.test_alarm_admin_io import SHOTS, grab
from tests.support.camsim_process import start_camsim
from tests.support.recorded import record_runs
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.client.alarms import alarm_filter
from vedette_api.v1 import alarms_pb2
from vedette_console.alarm_admin.report import export_alarm_report_pdf
from vedette_console.alarm_admin.stats_page import StatsPage
from vedette_console.operations.alarm_stats import CSV_HEADER, day_of, fetch_alarm_report
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmStatsPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
_OPEN: list[QWidget] = []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-admin-stats")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    _OPEN.clear()


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def stats_page(qtbot: QtBot, session: Session) -> StatsPage:
    page = alarm_page(qtbot, session, AlarmStatsPage, _OPEN, (1100, 720))
    assert isinstance(page, StatsPage)
    qtbot.waitUntil(lambda: not page.busy and page.stats is not None, timeout=WAIT_MS)
    return page


def pdf_text(path: Path, shot: str = "") -> str:
    """The PDF's text as PDFium reads it, white space made single spaces (and its first
    page as a picture in the screenshots when ``shot`` names one)."""
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    if shot:
        os.makedirs(SHOTS, exist_ok=True)
        assert document.render(0, QSize(827, 1169)).save(f"{SHOTS}/{shot}")
    text = " ".join(document.getAllText(page).text() for page in range(document.pageCount()))
    return " ".join(text.split())  # lines wrap where the page ends them


def test_statistics_csv_counts_the_alarms_triggered_and_the_report_is_a_pdf(
    qtbot: QtBot, session: Session, client: Client, tmp_path: Path
) -> None:
    raised = [
        client.trigger_alarm("Stats high", priority=1),
        client.trigger_alarm("Stats medium A", priority=2),
        client.trigger_alarm("Stats medium B", priority=2, text="Check the back door"),
        client.trigger_alarm("Stats low", priority=3),
    ]
    handled = raised[2]
    client.acknowledge_alarm(handled.id)
    client.comment_alarm(handled.id, "Guard sent to the back door")
    client.close_alarm(handled.id, "false_alarm", "A cat")

    page = stats_page(qtbot, session)
    page.load()  # the alarms raised just now
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.stats is not None
    assert {a.id for a in raised} <= {a.id for a in page.stats.alarms}
    # The chart: one bar per day of the period, a series per priority, the first at
    # the bottom, and the bars add up to the server's statistics.
    days = page.chart.categories()
    assert len(days) == 7 and days[-1] == day_of(raised[0], page.display)[5:]
    series = page.chart.series()
    assert [name for name, _ in series] == [
        "Priority 1 (high)",
        "Priority 2 (medium)",
        "Priority 3 (low)",
    ]
    assert all(len(values) == len(days) for _, values in series)
    assert sum(page.chart.totals()) == len(page.stats.alarms) == page.stats.statistics.total
    assert page.chart.title == "Alarms per day by priority"
    page.by.setCurrentIndex(1)  # by category: the same alarms, counted again
    assert page.chart.title == "Alarms per day by category"
    assert sum(page.chart.totals()) == page.stats.statistics.total
    page.by.setCurrentIndex(0)
    grab(page.window(), "alarm_statistics.png")

    written = page.export_csv(tmp_path / "stats.csv")
    assert written == tmp_path / "stats.csv"
    with written.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == CSV_HEADER
    table = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    day = day_of(raised[0], page.display)
    per_priority = {
        r["priority"]: int(r["alarms"])
        for r in table
        if r["section"] == "day_priority" and r["day"] == day
    }
    total = len(page.stats.alarms)
    assert sum(per_priority.values()) == total
    # What was raised here is in the counts (the server's own alarms may add to them).
    assert per_priority["1"] >= 1 and per_priority["2"] >= 2 and per_priority["3"] >= 1
    per_category = [r for r in table if r["section"] == "day_category" and r["day"] == day]
    assert sum(int(r["alarms"]) for r in per_category) == total
    (overall,) = [r for r in table if r["section"] == "overall"]
    assert int(overall["alarms"]) == page.stats.statistics.total == total
    admin = [r for r in table if r["section"] == "operator" and r["operator"] == "admin"]
    assert admin and int(admin[0]["acknowledged"]) >= 1 and int(admin[0]["closed"]) >= 1
    assert admin[0]["acknowledge_median_s"] != "" and admin[0]["close_median_s"] != ""
    assert {r["priority"] for r in table if r["section"] == "priority"} >= {"1", "2", "3"}

    # The report of the handled alarm, from the page and from the function E calls.
    report = tmp_path / "report.pdf"
    page.alarm_id.setValue(handled.id)
    page.report_pdf(report)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text().startswith("Report written"), page.status.text()
    assert report.read_bytes().startswith(b"%PDF")
    text = pdf_text(report, "alarm_report_pdf.png")
    assert f"Alarm {handled.id}: {handled.title}" in text
    assert "Guard sent to the back door" in text and "A cat" in text
    direct = export_alarm_report_pdf(client, raised[0].id, tmp_path / "direct.pdf")
    assert direct.read_bytes().startswith(b"%PDF")
    assert f"Alarm {raised[0].id}: {raised[0].title}" in pdf_text(direct)

    # An alarm that does not exist: said in words, no file.
    page.alarm_id.setValue(999_999)
    page.report_pdf(tmp_path / "missing.pdf")
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text().startswith("No report:")
    assert not (tmp_path / "missing.pdf").exists()


def test_the_report_of_an_alarm_with_a_snapshot_shows_the_picture(
    qtbot: QtBot, client: Client, tmp_path: Path
) -> None:
    camsim = start_camsim(*SMALL, cameras=1)
    try:
        camera = client.create_camera(
            "Back door", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
        )
        wait_for(lambda: bool(record_runs(client, camera.id)), 60, "a recording")
        rule = client.put_rule(
            "Back door snapshot",
            json.dumps(
                {
                    "events": {"manual": []},
                    "sources": {"cameras": [camera.id]},
                    "actions": [{"kind": "snapshot", "camera_ids": [camera.id]}],
                    "alarm": {"priority": 1, "category": "intrusion"},
                }
            ),
        ).rule
        client.trigger_alarm("Back door opened", camera_id=camera.id)

        def rule_alarm() -> alarms_pb2.Alarm | None:
            found = list(client.list_alarms(alarm_filter(rule_id=rule.id)))
            return found[0] if found else None

        alarm = wait_for(rule_alarm, 60, "the rule's alarm")
        assert alarm is not None

        def snapshot() -> bool:
            return bool(fetch_alarm_report(client, alarm.id).jpeg)

        wait_for(snapshot, 60, "the alarm's snapshot")
        path = export_alarm_report_pdf(client, alarm.id, tmp_path / "snapshot.pdf")
        text = pdf_text(path, "alarm_report_snapshot_pdf.png")
        assert f"Alarm {alarm.id}: {alarm.title}" in text and "Back door" in text
        # The picture is in the file (an image object; the screenshot shows it).
        assert b"/Subtype /Image" in path.read_bytes()
    finally:
        camsim.stop()
