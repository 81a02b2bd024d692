"""Alarm statistics and the alarm report (issue 15 §4, ALARM-05): what the statistics
page asks the server — ``GetAlarmStatistics`` (times to acknowledge and to close,
overall, per priority and per operator) and the alarms first raised in the period
(``ListAlarms``), counted per day by priority and by category here — and the CSV the
page exports; and one alarm with its history and a snapshot for the printed report.

Days are the display's days (the server's time zone from its settings), so a count
per day matches what the operator reads in the alarm list.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.client.alarms import alarm_filter
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import alarms_pb2, images_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.time_display import TimeDisplay

#: Alarms counted per day at most (the newest); beyond it the page says so.
MAX_ALARMS = 20_000
#: A snapshot for the report: taken from this long before the first trigger …
SNAPSHOT_BEFORE_US = 5_000_000
#: … to this long after the last.
SNAPSHOT_AFTER_US = 60_000_000


@dataclass(frozen=True)
class PeriodStats:
    """The statistics of ``[since_us, until_us)``."""

    since_us: int
    until_us: int
    statistics: alarms_pb2.GetAlarmStatisticsResponse
    alarms: list[alarms_pb2.Alarm] = field(default_factory=list)
    #: Whether more alarms than ``MAX_ALARMS`` were raised (the counts are the newest).
    truncated: bool = False


def fetch_period_stats(client: Client, since_us: int, until_us: int) -> PeriodStats:
    statistics = client.alarm_statistics(since_us, until_us)
    # ListAlarms' since/until select by last/first trigger: keep those first
    # raised in the period, as the statistics count them.
    found = client.list_alarms(
        alarm_filter(since_us=since_us, until_us=until_us), limit=MAX_ALARMS + 1
    )
    alarms = [a for a in found if since_us <= us_from_timestamp(a.first_time) < until_us]
    return PeriodStats(
        since_us, until_us, statistics, alarms[:MAX_ALARMS], len(alarms) > MAX_ALARMS
    )


def load_period_stats(
    *, parent: QObject | None, since_us: int, until_us: int
) -> ServerOp[PeriodStats]:
    return ServerOp(parent, lambda client: fetch_period_stats(client, since_us, until_us))


def day_of(alarm: alarms_pb2.Alarm, display: TimeDisplay) -> str:
    """The alarm's first trigger's day, ``YYYY-MM-DD`` in the display's zone."""
    year, month, day, *_ = display.fields(us_from_timestamp(alarm.first_time))
    return f"{year:04d}-{month:02d}-{day:02d}"


def days_between(since_us: int, until_us: int, display: TimeDisplay) -> list[str]:
    """Every day of the period, oldest first (``YYYY-MM-DD``)."""
    days: list[str] = []
    year, month, day = display.fields(since_us)[:3]
    start = display.day_start_us(year, month, day)
    while start < until_us:
        year, month, day = display.fields(start)[:3]
        days.append(f"{year:04d}-{month:02d}-{day:02d}")
        # The next day's start, whatever the length of this one (DST).
        year, month, day = display.fields(start + 26 * 3600 * 1_000_000)[:3]
        start = display.day_start_us(year, month, day)
    return days


def per_day(
    alarms: Iterable[alarms_pb2.Alarm], display: TimeDisplay, by: str
) -> Counter[tuple[str, str]]:
    """Counts per (day, priority) for ``by`` "priority", (day, category) for
    "category" (a category "" is "(none)")."""
    counts: Counter[tuple[str, str]] = Counter()
    for alarm in alarms:
        key = str(alarm.priority) if by == "priority" else (alarm.category or "(none)")
        counts[(day_of(alarm, display), key)] += 1
    return counts


def seconds(value: alarms_pb2.DurationStats, which: str) -> str:
    """A median or p90 in seconds with one decimal, "" when nothing was measured."""
    if not value.count:
        return ""
    duration = getattr(value, which)
    return f"{duration.seconds + duration.nanos / 1e9:.1f}"


CSV_HEADER = (
    "section",
    "day",
    "priority",
    "category",
    "operator",
    "alarms",
    "acknowledge_median_s",
    "acknowledge_p90_s",
    "close_median_s",
    "close_p90_s",
    "acknowledged",
    "closed",
    "activities",
)


def _group_row(section: str, group: alarms_pb2.AlarmGroupStatistics) -> list[str]:
    """A group's times; an operator's row has what they acknowledged, closed and did
    instead of an alarm count."""
    ack, close = group.time_to_acknowledge, group.time_to_close
    operator = section == "operator"
    return [
        section,
        "",
        str(group.priority) if group.priority else "",
        "",
        group.operator,
        "" if operator else str(group.count),
        seconds(ack, "median"),
        seconds(ack, "p90"),
        seconds(close, "median"),
        seconds(close, "p90"),
        *(
            (str(group.acknowledged), str(group.closed), str(group.activities))
            if operator
            else ("", "", "")
        ),
    ]


def csv_rows(stats: PeriodStats, display: TimeDisplay) -> list[list[str]]:
    """The CSV's rows after its header: alarms per day and priority
    (``day_priority``), per day and category (``day_category``), then the times
    overall, per priority and per operator (``overall``, ``priority``, ``operator``)."""
    rows: list[list[str]] = []
    empty = [""] * 7
    for (day, priority), count in sorted(per_day(stats.alarms, display, "priority").items()):
        rows.append(["day_priority", day, priority, "", "", str(count), *empty])
    for (day, category), count in sorted(per_day(stats.alarms, display, "category").items()):
        rows.append(["day_category", day, "", category, "", str(count), *empty])
    rows.append(_group_row("overall", stats.statistics.overall))
    rows.extend(_group_row("priority", g) for g in stats.statistics.per_priority)
    rows.extend(_group_row("operator", g) for g in stats.statistics.per_operator)
    return rows


def write_csv(stats: PeriodStats, display: TimeDisplay, path: str | Path) -> Path:
    target = Path(path)
    with target.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_rows(stats, display))
    return target


# -- the alarm report --------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmReport:
    """One alarm for the printed report."""

    alarm: alarms_pb2.GetAlarmResponse
    camera_names: dict[int, str]
    snapshot: images_pb2.Snapshot | None = None
    jpeg: bytes = b""


def fetch_alarm_report(client: Client, alarm_id: int) -> AlarmReport:
    """Blocking: the alarm with its history, its cameras' names and the first
    snapshot of its cameras taken while it ran (None when there is none)."""
    found = client.get_alarm(alarm_id)
    alarm = found.alarm
    cameras = [alarm.camera_id, *alarm.related_camera_ids]
    names = {c.id: c.name for c in client.list_cameras()}
    snapshot, jpeg = None, b""
    ids = [c for c in cameras if c]
    if ids:
        start = us_from_timestamp(alarm.first_time) - SNAPSHOT_BEFORE_US
        end = us_from_timestamp(alarm.last_time) + SNAPSHOT_AFTER_US
        taken = client.list_snapshots(ids, start_us=start, end_us=end, limit=50)
        if taken:
            first = min(taken, key=lambda s: us_from_timestamp(s.time))
            snapshot, jpeg = client.get_snapshot(first.id)
    return AlarmReport(found, names, snapshot, jpeg)


def load_alarm_report(*, parent: QObject | None, alarm_id: int) -> ServerOp[AlarmReport]:
    return ServerOp(parent, lambda client: fetch_alarm_report(client, alarm_id))
