"""The alarm report (issue 15 §4 "print or PDF of an alarm report"): one alarm on
paper — what it is (title, rule, priority, category, state, owner, cameras, first and
last trigger, count, resolution, instructions), the first snapshot of its cameras
taken while it ran, and its history (every operator and system action, oldest
first) — as a PDF file or on a printer.

``export_alarm_report_pdf(client, alarm_id, path)`` does it all at once (blocking;
scripts, tests); the console fetches off the UI thread (``save_alarm_report``) and
renders on it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from google.protobuf.timestamp_pb2 import Timestamp
from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from vedette_api.client import Client
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations.alarm_stats import (
    AlarmReport,
    fetch_alarm_report,
    load_alarm_report,
)
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay, machine_display

_SNAPSHOT_URL = QUrl("vedette-report://snapshot.jpg")
#: Activities whose before/after are a field's values (others' are internal).
_CHANGES = frozenset({"assign", "priority", "category"})
_PRIORITIES = {
    1: QT_TRANSLATE_NOOP("alarm_report", "1 (high)"),
    2: QT_TRANSLATE_NOOP("alarm_report", "2 (medium)"),
    3: QT_TRANSLATE_NOOP("alarm_report", "3 (low)"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("alarm_report", text)


def _when(display: TimeDisplay, value: Timestamp) -> str:
    us = us_from_timestamp(value)
    return display.date_time(us) if us > 0 else ""


def report_title(alarm: alarms_pb2.Alarm) -> str:
    return tr("Alarm {id}: {title}").format(id=alarm.id, title=words.alarm_title(alarm))


def report_html(report: AlarmReport, display: TimeDisplay, *, snapshot: bool) -> str:
    """The report as HTML for a ``QTextDocument`` (every value escaped)."""
    alarm = report.alarm.alarm
    e = html.escape

    def camera(camera_id: int) -> str:
        return report.camera_names.get(camera_id, f"#{camera_id}")

    cameras = ", ".join(camera(c) for c in [alarm.camera_id, *alarm.related_camera_ids] if c)
    facts = [
        (tr("Rule"), words.rule_label(alarm.rule_name)),
        (tr("Priority"), tr(_PRIORITIES.get(alarm.priority, str(alarm.priority)))),
        (tr("Category"), alarm.category),
        (tr("State"), words.state_label(alarm.state)),
        (tr("Owner"), alarm.owner or tr("nobody")),
        (tr("Cameras"), cameras or tr("none (server-wide)")),
        (tr("First triggered"), _when(display, alarm.first_time)),
        (tr("Last triggered"), _when(display, alarm.last_time)),
        (tr("Times triggered"), str(alarm.count)),
        (tr("Acknowledged"), f"{_when(display, alarm.acknowledge_time)} {alarm.acknowledged_by}"),
        (tr("Closed"), f"{_when(display, alarm.close_time)} {alarm.closed_by}"),
        (tr("Resolution"), words.resolution_label(alarm.resolution)),
        (tr("Instructions"), alarm.instructions),
    ]
    rows = "".join(
        f"<tr><td><b>{e(name)}</b></td><td>{e(value.strip())}</td></tr>"
        for name, value in facts
        if value.strip()
    )
    history = "".join(
        "<tr>"
        f"<td>{e(_when(display, a.time))}</td><td>{e(words.actor_label(a.actor))}</td>"
        f"<td>{e(words.activity_label(a.kind))}</td>"
        f"<td>{e(_activity_text(a))}</td>"
        "</tr>"
        for a in report.alarm.activities
    )
    picture = ""
    if snapshot and report.snapshot is not None:
        shot = report.snapshot
        picture = (
            f"<h3>{e(tr('Snapshot'))}</h3>"
            f'<p><img src="{_SNAPSHOT_URL.toString()}" width="480"></p>'
            f"<p>{e(camera(shot.camera_id))}, {e(_when(display, shot.time))}</p>"
        )
    return (
        f"<h1>{e(report_title(alarm))}</h1>"
        f'<table cellspacing="0" cellpadding="3">{rows}</table>'
        f"{picture}"
        f"<h3>{e(tr('History'))}</h3>"
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        f"<tr><th>{e(tr('When'))}</th><th>{e(tr('Who'))}</th><th>{e(tr('What'))}</th>"
        f"<th>{e(tr('Details'))}</th></tr>{history}</table>"
        f"<p><small>{e(tr('Times in {zone}').format(zone=display.describe_zone()))}</small></p>"
    )


def _activity_text(activity: alarms_pb2.AlarmActivity) -> str:
    parts = []
    if activity.state_before != activity.state_after and activity.state_after:
        before = words.state_label(activity.state_before) if activity.state_before else ""
        after = words.state_label(activity.state_after)
        parts.append(f"{before} → {after}" if before else after)
    if activity.kind in _CHANGES and (activity.before or activity.after):
        parts.append(f"{activity.before or '—'} → {activity.after or '—'}")
    if activity.text:
        parts.append(activity.text)
    return "; ".join(parts)


def report_document(report: AlarmReport, display: TimeDisplay) -> QTextDocument:
    document = QTextDocument()
    image = QImage.fromData(report.jpeg) if report.jpeg else QImage()
    if not image.isNull():
        document.addResource(QTextDocument.ResourceType.ImageResource, _SNAPSHOT_URL, image)
    document.setHtml(report_html(report, display, snapshot=not image.isNull()))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, report_title(report.alarm.alarm)
    )
    return document


def pdf_printer(path: str | Path, title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(title)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def write_report_pdf(report: AlarmReport, path: str | Path, display: TimeDisplay) -> Path:
    """Render ``report`` into a PDF at ``path`` (on the UI thread)."""
    document = report_document(report, display)
    document.print_(pdf_printer(path, report_title(report.alarm.alarm)))
    return Path(path)


def export_alarm_report_pdf(
    client: Client, alarm_id: int, path: str | Path, display: TimeDisplay | None = None
) -> Path:
    """Blocking: fetch alarm ``alarm_id`` and write its report as a PDF at ``path``."""
    report = fetch_alarm_report(client, alarm_id)
    return write_report_pdf(report, path, display or machine_display())


def save_alarm_report(
    session: Session,
    parent: QWidget,
    alarm_id: int,
    path: str | Path,
    on_done: Callable[[Path], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Fetch off the UI thread, then write the PDF; ``on_done(path)`` or
    ``on_error``. The display is the session's (the server's zone and formats)."""

    def fetched(report: AlarmReport) -> None:
        try:
            written = write_report_pdf(report, path, session.settings.display)
        except OSError as error:
            on_error(error)
            return
        on_done(written)

    load_alarm_report(parent=parent, alarm_id=alarm_id).success(fetched).failure(on_error).run(
        session
    )
