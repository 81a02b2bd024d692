"""Every page of the Settings window, in the manual's menu order, by dotted path
``module:Class``; resolved with importlib when the window opens, so a page module
that is not there yet (being written) is skipped with one log line instead of
breaking the window."""

from __future__ import annotations

import importlib
import logging

from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.settings.page import SettingsPage

log = logging.getLogger("vedette.console")

#: The groups of the navigation list, in order (translated in the "settings" context).
GROUPS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("settings", "Cameras"),
    QT_TRANSLATE_NOOP("settings", "Storage"),
    QT_TRANSLATE_NOOP("settings", "Accounts"),
    QT_TRANSLATE_NOOP("settings", "System"),
    QT_TRANSLATE_NOOP("settings", "Display"),
    QT_TRANSLATE_NOOP("settings", "Alarms"),
)

#: Every page, in the order listed within its group.
PAGES: tuple[str, ...] = (
    "vedette_console.settings.cameras:CamerasPage",
    "vedette_console.settings.storage:VolumesPage",
    "vedette_console.settings.storage:DiskGroupsPage",
    "vedette_console.settings.calculator:CalculatorPage",
    "vedette_console.settings.users:UsersPage",
    "vedette_console.settings.groups:GroupsPage",
    "vedette_console.settings.sessions:SessionsPage",
    "vedette_console.settings.access:AccessPage",
    "vedette_console.settings.my_account:MyAccountPage",
    "vedette_console.settings.general:GeneralPage",
    "vedette_console.settings.date_time:DateTimePage",
    "vedette_console.settings.network:NetworkPage",
    "vedette_console.settings.host_network:HostNetworkPage",
    "vedette_console.settings.system_info:SystemInfoPage",
    "vedette_console.settings.system_log:SystemLogPage",
    "vedette_console.settings.maintenance:MaintenancePage",
    "vedette_console.settings.upgrade:UpgradePage",
    "vedette_console.settings.display:DisplayPage",
    "vedette_console.settings.alarms:AlarmRulesPage",
    "vedette_console.settings.alarms:AlarmIoPage",
    "vedette_console.settings.alarms:AlarmNotifyPage",
    "vedette_console.settings.alarms:AlarmStatsPage",
)


def resolve_entry(entry: str) -> type[SettingsPage]:
    """The page class ``entry`` names; ``ImportError``/``TypeError`` when it is not one."""
    module_name, _, class_name = entry.partition(":")
    page = getattr(importlib.import_module(module_name), class_name, None)
    if not (isinstance(page, type) and issubclass(page, SettingsPage)):
        raise TypeError(f"{entry} is not a SettingsPage")
    if page.group not in GROUPS or not page.title:
        raise TypeError(f"{entry} has no known group or no title")
    return page


def available_pages(entries: tuple[str, ...] = PAGES) -> list[type[SettingsPage]]:
    """The pages whose module is there, in ``entries``' order: one log line for each
    missing one, and the error logged for one that fails to load (the window still
    opens with the others; tests/unit/test_settings_pages.py catches both)."""
    pages: list[type[SettingsPage]] = []
    for entry in entries:
        module_name = entry.partition(":")[0]
        try:
            pages.append(resolve_entry(entry))
        except ModuleNotFoundError as error:
            if error.name is not None and module_name.startswith(error.name):
                log.info("settings page %s skipped: its module is missing", entry)
            else:
                log.exception("settings page %s could not be loaded", entry)
        except (ImportError, TypeError):
            log.exception("settings page %s could not be loaded", entry)
    return pages
