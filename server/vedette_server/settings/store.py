"""Reading and writing the settings in the catalog's ``setting`` table.

Blocking (catalog I/O): the server calls it on its catalog thread. The current
``Settings`` is kept in memory (``current``), replaced as a whole on every save, so
readers on the event loop never touch the database.

Invariants:
- A section is written only as a whole, validated object; a row that fails to parse
  (written by hand, or by a broken release) is reported in the log and replaced by
  the defaults in memory, never half-applied.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Setting
from vedette_server.settings.model import Settings, SettingsError

log = logging.getLogger(__name__)


class SettingsStore:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.current = Settings()

    def load(self) -> Settings:
        """Read every section (defaults for missing or unreadable ones)."""
        rows = {
            str(row.key): str(row.value)
            for row in Setting.select()
            .where(Setting.key.in_(Settings.SECTIONS))
            .execute(self.catalog.database)
        }
        values: dict[str, Any] = {}
        for name in Settings.SECTIONS:
            if name not in rows:
                continue
            try:
                values[name] = Settings.section_from_json(name, json.loads(rows[name]))
            except (SettingsError, ValueError) as error:
                log.error("setting %r is unreadable (%s); using its defaults", name, error)
        self.current = Settings(**values)
        return self.current

    def save(self, settings: Settings) -> Settings:
        """Store every section of ``settings`` that differs from the current ones."""
        with self.catalog.atomic():
            for name in Settings.SECTIONS:
                if getattr(settings, name) != getattr(self.current, name):
                    text = json.dumps(settings.section_json(name), sort_keys=True)
                    Setting.insert(key=name, value=text).on_conflict_replace().execute(
                        self.catalog.database
                    )
        self.current = settings
        return settings

    def reset(self) -> Settings:
        """Factory reset: every section back to its defaults."""
        with self.catalog.atomic():
            Setting.delete().where(Setting.key.in_(Settings.SECTIONS)).execute(
                self.catalog.database
            )
        self.current = Settings()
        return self.current

    @staticmethod
    def replace(settings: Settings, section: str, **changes: Any) -> Settings:
        """``settings`` with fields of one section changed (validated)."""
        current = getattr(settings, section)
        return dataclasses.replace(settings, **{section: dataclasses.replace(current, **changes)})
