"""Whether a rule's arming schedule covers an instant: the ``schedule`` table's weeks
in the server's time zone (``recording/schedules.py``). Blocking: catalog thread.

A schedule's week is read again when its row changed (``updated_us``), so an edited
schedule applies to the next event. A schedule that no longer exists arms nothing
(the rule book refuses deleting a schedule a rule names; this is the last guard).
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable

from vedette_server.catalog.database import Catalog
from vedette_server.recording.schedules import Week, covers_instant, week_from_json

log = logging.getLogger(__name__)


class ScheduleArming:
    def __init__(self, catalog: Catalog, zone: Callable[[], zoneinfo.ZoneInfo]) -> None:
        self.catalog = catalog
        self.zone = zone
        self._weeks: dict[int, tuple[int, Week]] = {}

    def __call__(self, schedule_id: int, t_us: int) -> bool:
        row = self.catalog.database.execute_sql(
            "SELECT week, updated_us FROM schedule WHERE id = ?", (schedule_id,)
        ).fetchone()
        if row is None:
            log.warning("arming schedule %d does not exist: the rule is not armed", schedule_id)
            return False
        text, updated_us = row
        cached = self._weeks.get(schedule_id)
        if cached is None or cached[0] != updated_us:
            cached = (updated_us, week_from_json(text))
            self._weeks[schedule_id] = cached
        return covers_instant(cached[1], self.zone(), t_us)
