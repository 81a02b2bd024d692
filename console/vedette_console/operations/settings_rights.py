"""What the Settings window asks first: the signed-in user's area rights."""

from __future__ import annotations

from PySide6.QtCore import QObject

from vedette_console.operations.server_op import ServerOp
from vedette_console.settings.page import SettingsRights, fetch_settings_rights


def load_settings_rights(*, parent: QObject | None) -> ServerOp[SettingsRights]:
    return ServerOp(parent, fetch_settings_rights)
