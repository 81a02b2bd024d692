"""The ``SystemService`` part of ``vedette_api.Client``: system information, settings,
logs, configuration backup, factory reset, restart and shutdown. Every method blocks.
"""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf import field_mask_pb2

from vedette_api.client.upgrade import UpgradeCalls
from vedette_api.timestamps import duration_from_us, timestamp_from_us, us_from_timestamp
from vedette_api.v1 import system_pb2, system_pb2_grpc

LOG_TYPES: dict[str, int] = {
    "operation": system_pb2.LOG_TYPE_OPERATION,
    "alarm": system_pb2.LOG_TYPE_ALARM,
    "exception": system_pb2.LOG_TYPE_EXCEPTION,
    "information": system_pb2.LOG_TYPE_INFORMATION,
}


#: The least deadline of a factory reset (see ``factory_reset``).
FACTORY_RESET_TIMEOUT_S = 120.0


class SystemCalls(UpgradeCalls):
    _system: system_pb2_grpc.SystemServiceStub

    def get_server_info(self) -> system_pb2.GetServerInfoResponse:
        """The server's id, version, clock and export-signing key."""
        return self._call(self._system.GetServerInfo, system_pb2.GetServerInfoRequest())

    def get_system_info(self) -> system_pb2.GetSystemInfoResponse:
        """Version, uptime, cameras, recording, disks and network (SYS-10)."""
        return self._call(self._system.GetSystemInfo, system_pb2.GetSystemInfoRequest())

    def get_settings(self) -> system_pb2.Settings:
        return self._call(self._system.GetSettings, system_pb2.GetSettingsRequest()).settings

    def update_settings(
        self, settings: system_pb2.Settings, paths: list[str]
    ) -> system_pb2.UpdateSettingsResponse:
        """Change the settings named by ``paths`` (``general.device_name``, ``security``…)."""
        request = system_pb2.UpdateSettingsRequest(
            settings=settings, update_mask=field_mask_pb2.FieldMask(paths=paths)
        )
        return self._call(self._system.UpdateSettings, request)

    def set_system_time(self, time_us: int) -> None:
        request = system_pb2.SetSystemTimeRequest(time=timestamp_from_us(time_us))
        self._call(self._system.SetSystemTime, request)

    def search_logs(
        self,
        *,
        types: list[str] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
        text: str = "",
        camera_id: int = 0,
        limit: int = 1000,
    ) -> Iterator[system_pb2.LogEntry]:
        """Log entries matching the filters, newest first, at most ``limit``."""
        request = system_pb2.SearchLogsRequest(
            types=[LOG_TYPES[t] for t in types or ()],  # type: ignore[misc]
            text=text,
            camera_id=camera_id,
        )
        if start_us is not None:
            request.start_time.CopyFrom(timestamp_from_us(start_us))
        if end_us is not None:
            request.end_time.CopyFrom(timestamp_from_us(end_us))
        return self._paginate(self._system.SearchLogs, request, "entries", limit=limit)

    def export_config(self, passphrase: str) -> system_pb2.ExportConfigResponse:
        """The configuration file, encrypted under ``passphrase`` and signed."""
        request = system_pb2.ExportConfigRequest(passphrase=passphrase)
        return self._call(self._system.ExportConfig, request)

    def preview_config_import(
        self, data: bytes, passphrase: str
    ) -> system_pb2.PreviewConfigImportResponse:
        """What importing ``data`` would change; refuses a bad file with the reason."""
        request = system_pb2.PreviewConfigImportRequest(data=data, passphrase=passphrase)
        return self._call(self._system.PreviewConfigImport, request)

    def import_config(self, data: bytes, passphrase: str) -> list[system_pb2.ConfigChange]:
        request = system_pb2.ImportConfigRequest(data=data, passphrase=passphrase)
        return list(self._call(self._system.ImportConfig, request).changes)

    def factory_reset(
        self, admin_password: str, *, erase_cameras_and_recordings: bool = False
    ) -> None:
        request = system_pb2.FactoryResetRequest(
            admin_password=admin_password,
            erase_cameras_and_recordings=erase_cameras_and_recordings,
        )
        # A reset hashes the admin password (Argon2id) and rewrites the configuration
        # in one transaction: on a busy machine more than the default 10 s (a CI run
        # under load saw DEADLINE_EXCEEDED while the reset went on).
        self._call(self._system.FactoryReset, request, min_timeout_s=FACTORY_RESET_TIMEOUT_S)

    def restart(self, delay_us: int = 0, *, host: bool = False) -> int:
        """Restart the server after ``delay_us`` (and its machine, with ``host``);
        returns when (µs since the epoch)."""
        request = system_pb2.RestartRequest(delay=duration_from_us(delay_us), host=host)
        response = self._call(self._system.Restart, request)
        return us_from_timestamp(response.scheduled_time)

    def shutdown(self, delay_us: int = 0, *, host: bool = False) -> int:
        """Stop the server after ``delay_us`` (and power off its machine, with
        ``host``); returns when (µs since the epoch)."""
        request = system_pb2.ShutdownRequest(delay=duration_from_us(delay_us), host=host)
        response = self._call(self._system.Shutdown, request)
        return us_from_timestamp(response.scheduled_time)

    def cancel_power_action(self) -> None:
        self._call(self._system.CancelPowerAction, system_pb2.CancelPowerActionRequest())

    def get_host_network(self) -> list[system_pb2.HostInterface]:
        """The host's Ethernet interfaces (a server with ``--host-control systemd``)."""
        request = system_pb2.GetHostNetworkRequest()
        return list(self._call(self._system.GetHostNetwork, request).interfaces)

    def update_host_network(self, interface: system_pb2.HostInterface) -> system_pb2.HostInterface:
        """Apply one interface's settings; the interface as reported once active."""
        request = system_pb2.UpdateHostNetworkRequest(interface=interface)
        return self._call(self._system.UpdateHostNetwork, request).interface
