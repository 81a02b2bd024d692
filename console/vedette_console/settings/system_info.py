"""System → System information (SYS-10), for every signed-in user: the version, the
server's id, host and platform, how long it has run, its clock, the cameras online
and recording, the volumes and the open sessions. What describes the host is left
out by the server for those who do not administer it; the page then says "—"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2, storage_pb2, system_pb2
from vedette_console.i18n import count_text
from vedette_console.operations import system as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.system_form import narrow
from vedette_console.time_display import TimeDisplay

_GB = 1_000_000_000
_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


def uptime_text(seconds: int) -> str:
    """``3 days 04:05`` or ``04:05:06``."""
    days, rest = divmod(max(seconds, 0), 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return count_text("settings", days, "{count} day", "{count} days") + (
            f" {hours:02d}:{minutes:02d}"
        )
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def volumes_text(volumes: list[storage_pb2.Volume]) -> str:
    if not volumes:
        return "—"
    capacity = sum(v.capacity_bytes for v in volumes)
    free = sum(v.free_bytes for v in volumes)
    return tr("{volumes}: {free:.1f} GB free of {capacity:.1f} GB").format(
        volumes=count_text("settings", len(volumes), "{count} volume", "{count} volumes"),
        free=free / _GB,
        capacity=capacity / _GB,
    )


class SystemInfoPage(SettingsPage):
    group = "System"
    title = "System information"
    areas = ()

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (
            ("device", tr("Device")),
            ("version", tr("Version")),
            ("server_id", tr("Server id")),
            ("host", tr("Host")),
            ("platform", tr("Platform")),
            ("uptime", tr("Running for")),
            ("clock", tr("Server clock")),
            ("cameras", tr("Cameras")),
            ("volumes", tr("Volumes")),
            ("sessions", tr("Open sessions")),
        ):
            value = QLabel("—")
            value.setWordWrap(True)
            value.setTextInteractionFlags(value.textInteractionFlags() | _SELECTABLE)
            self.values[key] = value
            form.addRow(label, value)
        self.refresh = QPushButton(tr("Refresh"))
        self.refresh.clicked.connect(self.load)
        form.addRow("", self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(narrow(form))
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.refresh]

    def load(self) -> None:
        op = ops.system_info_and_display(parent=self)
        self.run(op, lambda read: self.show_info(*read), working=tr("Reading…"))

    def show_info(self, info: system_pb2.GetSystemInfoResponse, display: TimeDisplay) -> None:
        cameras = count_text("settings", len(info.cameras), "{count} camera", "{count} cameras")
        shown = {
            "device": tr("{name} (number {number})").format(
                name=info.device_name, number=info.device_number
            ),
            "version": info.version,
            "server_id": info.server_id,
            "host": info.host_name or "—",
            "platform": info.platform or "—",
            "uptime": uptime_text(info.uptime.seconds),
            "clock": f"{display.date_time(us_from_timestamp(info.server_time))} "
            f"({display.describe_zone()})",
            "cameras": tr("{cameras}: {online} online, {recording} recording").format(
                cameras=cameras, online=info.cameras_online, recording=info.cameras_recording
            ),
            "volumes": volumes_text(list(info.volumes)),
            "sessions": str(info.sessions)
            if self.rights.has(accounts_pb2.AREA_SYSTEM, accounts_pb2.AREA_ACCOUNTS)
            else "—",
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self.say("")
