"""Server-wide settings (SYS-02, SYS-03, NET-01, security, USER-05): typed, validated
once where they enter, stored as JSON in the catalog's ``setting`` table."""

from vedette_server.settings.model import (
    DateTimeSettings,
    GeneralSettings,
    NetworkSettings,
    SecuritySettings,
    Settings,
    SettingsError,
)
from vedette_server.settings.store import SettingsStore

__all__ = [
    "DateTimeSettings",
    "GeneralSettings",
    "NetworkSettings",
    "SecuritySettings",
    "Settings",
    "SettingsError",
    "SettingsStore",
]
