"""The server's settings the console acts on (SYS-02, SYS-03): the display zone and
formats, the language, the idle logout. ``GetSettings`` shows the general and
date/time sections to every session."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import system_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.time_display import TimeDisplay, machine_display


@dataclass(frozen=True)
class ConsoleSettings:
    """What of the server's settings the console uses."""

    display: TimeDisplay = field(default_factory=machine_display)
    language: int = system_pb2.LANGUAGE_ENGLISH
    #: The server's idle logout (``general.auto_logout``); 0: never.
    auto_logout_s: int = 0
    device_name: str = ""


def console_settings(settings: system_pb2.Settings) -> ConsoleSettings:
    general = settings.general
    return ConsoleSettings(
        display=TimeDisplay.from_settings(settings.date_time),
        language=general.language or system_pb2.LANGUAGE_ENGLISH,
        auto_logout_s=int(general.auto_logout.ToSeconds()),
        device_name=general.device_name,
    )


def fetch_console_settings(client: Client) -> ConsoleSettings:
    return console_settings(client.get_settings())


def load_console_settings(*, parent: QObject | None) -> ServerOp[ConsoleSettings]:
    return ServerOp(parent, fetch_console_settings)
