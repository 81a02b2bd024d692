"""Alarm statistics (issue 15 §4, ALARM-05; the manual's 9.7 "statistiques"): for a
period of days, the alarms raised per day as stacked bars by priority or by
category (``widgets/stacked_bars.py``: Qt Charts is GPL-3.0 only), the times to
acknowledge and to close (median, 90th percentile) overall, per priority and per
operator, a CSV export of both, and the report of one alarm as a PDF or on a printer.

Days are the server's days (its time zone, from the session's settings).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import alarms_pb2
from vedette_console.alarm_admin.page import AdminPage, tr
from vedette_console.alarm_admin.report import report_document, save_alarm_report
from vedette_console.alarm_admin.tables import make_item, make_table
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import alarm_stats as ops
from vedette_console.operations.alarm_stats import PeriodStats
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.widgets.stacked_bars import StackedBars

_PRIORITY_NAMES = {
    "1": QT_TRANSLATE_NOOP("alarm_admin", "Priority 1 (high)"),
    "2": QT_TRANSLATE_NOOP("alarm_admin", "Priority 2 (medium)"),
    "3": QT_TRANSLATE_NOOP("alarm_admin", "Priority 3 (low)"),
}
_PRIORITY_COLORS = {"1": "#d9534f", "2": "#f0ad4e", "3": "#5bc0de"}


def _day(date: QDate) -> tuple[int, int, int]:
    return date.year(), date.month(), date.day()


class StatsPage(AdminPage):
    def __init__(
        self,
        session: Session,
        display: TimeDisplay,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.display = display
        self.stats: PeriodStats | None = None
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-6))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.week_button = QPushButton(tr("Last 7 days"))
        self.week_button.clicked.connect(lambda: self.last_days(7))
        self.month_button = QPushButton(tr("Last 30 days"))
        self.month_button.clicked.connect(lambda: self.last_days(30))
        self.show_button = QPushButton(tr("Show"))
        self.show_button.clicked.connect(self.load)
        self.by = QComboBox()
        self.by.addItem(tr("per day by priority"), "priority")
        self.by.addItem(tr("per day by category"), "category")
        self.by.currentIndexChanged.connect(lambda _: self._draw_chart())
        self.chart = StackedBars()
        self.chart.setMinimumHeight(260)
        self.chart.placeholder = tr("No alarms in this period")
        self.times = make_table(
            [
                tr("Group"),
                tr("Alarms"),
                tr("Acknowledge: median"),
                tr("Acknowledge: 90 %"),
                tr("Close: median"),
                tr("Close: 90 %"),
            ]
        )
        self.csv_button = QPushButton(tr("Export CSV…"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.alarm_id = QSpinBox()
        self.alarm_id.setRange(1, 2_000_000_000)
        self.alarm_id.setPrefix(tr("alarm "))
        self.pdf_button = QPushButton(tr("Report as PDF…"))
        self.pdf_button.clicked.connect(lambda: self.report_pdf())
        self.print_button = QPushButton(tr("Print report…"))
        self.print_button.clicked.connect(self.print_report)

        period = QHBoxLayout()
        period.addWidget(QLabel(tr("From")))
        period.addWidget(self.since)
        period.addWidget(QLabel(tr("to")))
        period.addWidget(self.until)
        period.addWidget(self.show_button)
        period.addWidget(self.week_button)
        period.addWidget(self.month_button)
        period.addStretch(1)
        period.addWidget(QLabel(tr("Chart")))
        period.addWidget(self.by)
        bottom = QHBoxLayout()
        bottom.addWidget(self.csv_button)
        bottom.addStretch(1)
        bottom.addWidget(QLabel(tr("Alarm report:")))
        bottom.addWidget(self.alarm_id)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.print_button)
        times_title = QLabel(tr("Time to acknowledge and to close"))
        times_title.setObjectName("section")
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.chart, 3)
        layout.addWidget(times_title)
        layout.addWidget(self.times, 2)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        self.controls = [
            self.show_button,
            self.week_button,
            self.month_button,
            self.csv_button,
            self.pdf_button,
            self.print_button,
        ]
        self.update_controls()

    # -- the period --------------------------------------------------------------------

    def last_days(self, days: int) -> None:
        today = QDate.currentDate()
        self.since.setDate(today.addDays(-(days - 1)))
        self.until.setDate(today)
        self.load()

    def period_us(self) -> tuple[int, int]:
        """[first day's midnight, the midnight after the last day) in the server's zone."""
        since = self.display.day_start_us(*_day(self.since.date()))
        after = self.until.date().addDays(1)
        return since, self.display.day_start_us(*_day(after))

    def load(self) -> None:
        since_us, until_us = self.period_us()
        if until_us <= since_us:
            self.say(tr("The period ends before it starts."))
            return
        self.run(
            ops.load_period_stats(parent=self, since_us=since_us, until_us=until_us),
            self._loaded,
            working=tr("Reading the statistics…"),
        )

    def _loaded(self, stats: PeriodStats) -> None:
        self.stats = stats
        self._draw_chart()
        self._fill_times(stats.statistics)
        text = tr("{count} alarms raised in the period").format(count=len(stats.alarms))
        if stats.truncated:
            text = tr("{text} (the newest {count} counted per day)").format(
                text=text, count=ops.MAX_ALARMS
            )
        self.say(text)
        self.update_controls()

    def update_controls(self) -> None:
        if not self.busy:
            self.csv_button.setEnabled(self.stats is not None)

    # -- chart and table ---------------------------------------------------------------

    def _draw_chart(self) -> None:
        if self.stats is None:
            self.chart.set_data([], [])
            return
        by = str(self.by.currentData())
        days = ops.days_between(self.stats.since_us, self.stats.until_us, self.display)
        counts = ops.per_day(self.stats.alarms, self.display, by)
        keys = sorted({key for _, key in counts})
        series: list[tuple[str, list[int]]] = []
        colors: list[str | None] = []
        for key in keys:
            label = tr(_PRIORITY_NAMES.get(key, key)) if by == "priority" else key
            series.append((label, [counts.get((day, key), 0) for day in days]))
            colors.append(_PRIORITY_COLORS.get(key) if by == "priority" else None)
        self.chart.title = (
            tr("Alarms per day by priority")
            if by == "priority"
            else tr("Alarms per day by category")
        )
        self.chart.set_data([day[5:] for day in days], series, colors)  # MM-DD

    def _fill_times(self, statistics: alarms_pb2.GetAlarmStatisticsResponse) -> None:
        groups: list[tuple[str, alarms_pb2.AlarmGroupStatistics]] = [
            (tr("All alarms"), statistics.overall)
        ]
        groups += [
            (tr(_PRIORITY_NAMES.get(str(g.priority), str(g.priority))), g)
            for g in statistics.per_priority
        ]
        groups += [
            (tr("Operator {name}").format(name=g.operator or tr("(none)")), g)
            for g in statistics.per_operator
        ]
        self.times.setRowCount(len(groups))
        for row, (name, group) in enumerate(groups):
            ack, close = group.time_to_acknowledge, group.time_to_close
            count = str(group.count)
            if group.operator:
                count = tr("{ack} acknowledged, {closed} closed").format(
                    ack=group.acknowledged, closed=group.closed
                )
            values = [
                name,
                count,
                _duration(ops.seconds(ack, "median")),
                _duration(ops.seconds(ack, "p90")),
                _duration(ops.seconds(close, "median")),
                _duration(ops.seconds(close, "p90")),
            ]
            for column, value in enumerate(values):
                self.times.setItem(row, column, make_item(value))

    # -- exports -----------------------------------------------------------------------

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Write the statistics shown as CSV (asks where when ``path`` is None)."""
        if self.stats is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("Export alarm statistics"), "alarm-statistics.csv", "CSV (*.csv)"
            )
            if not chosen:
                return None
            path = chosen
        try:
            written = ops.write_csv(self.stats, self.display, path)
        except OSError as error:
            self.say(tr("Could not write {path}: {error}").format(path=path, error=error))
            return None
        self.say(tr("Written to {path}").format(path=written))
        return written

    def report_pdf(self, path: str | Path | None = None) -> None:
        """The report of the alarm chosen as a PDF (asks where when ``path`` is None)."""
        alarm_id = self.alarm_id.value()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("Alarm report"), f"alarm-{alarm_id}.pdf", "PDF (*.pdf)"
            )
            if not chosen:
                return
            path = chosen
        self.set_busy(True)
        self.say(tr("Writing the report of alarm {id}…").format(id=alarm_id))

        def done(written: Path) -> None:
            self.set_busy(False)
            self.say(tr("Report written to {path}").format(path=written))

        def failed(error: Exception) -> None:
            self.set_busy(False)
            self.say(tr("No report: {error}").format(error=error))

        save_alarm_report(self.session, self, alarm_id, path, done, failed)

    def print_report(self) -> None:
        alarm_id = self.alarm_id.value()

        def fetched(report: ops.AlarmReport) -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                report_document(report, self.display).print_(printer)
                self.say(tr("Report of alarm {id} printed").format(id=alarm_id))
            else:
                self.say("")

        self.run(ops.load_alarm_report(parent=self, alarm_id=alarm_id), fetched)


def _duration(seconds: str) -> str:
    if not seconds:
        return "—"
    value = float(seconds)
    return str(dt.timedelta(seconds=round(value))) if value >= 60 else f"{value:.1f} s"
