"""SystemService: identity, system information, settings, time, logs, configuration
backup, factory reset, restart and shutdown (SYS-02..11, NET-01, NET-04, USER-05).

Thin: settings go through ``vedette_server.settings`` (validated once), the host's
clock through ``vedette_hw.host_time``, configuration files through ``ConfigCalls``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import platform
import socket
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TypeVar

import grpc
from google.protobuf.duration_pb2 import Duration

from vedette_api import timestamps
from vedette_api.v1 import cameras_pb2, system_pb2, system_pb2_grpc
from vedette_hw.host_network import NetworkInterface, NetworkMonitor
from vedette_hw.host_network_settings import (
    HostNetworkSettings,
    HostNetworkUnavailable,
    InterfaceSettings,
    InterfaceState,
    Method,
    UnmanagedHostNetworkSettings,
)
from vedette_hw.host_power import HostPowerUnavailable
from vedette_hw.host_time import HostControlError, HostControlUnavailable, HostTime
from vedette_server.accounts.authorization import Principal, may, require, sees_camera
from vedette_server.accounts.rights import Area
from vedette_server.api import call_context, upgrade_calls
from vedette_server.api.camera_service import camera_status
from vedette_server.api.config_calls import ConfigCalls
from vedette_server.api.convert import duration_us, timestamp, to_us
from vedette_server.api.port_check import check_ports
from vedette_server.api.settings_convert import apply_mask, sections_of, settings_message
from vedette_server.api.status import unary
from vedette_server.api.storage_service import volume_message
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.power import MAX_DELAY_S, PowerAction, PowerControl, host_action
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volumes import VolumeManager
from vedette_server.saved_views import SavedViews
from vedette_server.settings.model import DisplaySettings, Settings
from vedette_server.settings.store import SettingsStore
from vedette_server.system_log import LogType, SystemLog
from vedette_server.upgrade.intake import UpgradeIntake

#: Which area right changes which settings section.
SECTION_AREAS = {
    "general": Area.SYSTEM,
    "date_time": Area.SYSTEM,
    "network": Area.NETWORK,
    "security": Area.ACCOUNTS,
    "access_filter": Area.ACCOUNTS,
    "alarm_notifications": Area.ALARMS,
    "display": Area.SYSTEM,
    "maintenance": Area.SYSTEM,
}
#: Sections every logged-in user may read (the others: the area right above); a
#: spot monitor's live-only user reads which view it shows.
PUBLIC_SECTIONS = frozenset({"general", "date_time", "display"})
_LOG_TYPES = {
    system_pb2.LOG_TYPE_OPERATION: LogType.OPERATION,
    system_pb2.LOG_TYPE_ALARM: LogType.ALARM,
    system_pb2.LOG_TYPE_EXCEPTION: LogType.EXCEPTION,
    system_pb2.LOG_TYPE_INFORMATION: LogType.INFORMATION,
}
_LOG_TYPE_NUMBERS = {kind: number for number, kind in _LOG_TYPES.items()}
MAX_LOG_PAGE = 1000
T = TypeVar("T")


@functools.cache
def vedette_version() -> str:
    """The installed package's version (read once: metadata parsing is slow)."""
    try:
        return version("vedette")
    except PackageNotFoundError:
        return "0+unknown"


class SystemServicer(system_pb2_grpc.SystemServiceServicer):
    def __init__(
        self,
        *,
        server_id: str,
        started_us: int,
        thread: CatalogThread,
        settings: SettingsStore,
        cameras: CameraRegistry,
        status: StatusBoard,
        volumes: VolumeManager,
        network: NetworkMonitor,
        host_time: HostTime,
        system_log: SystemLog,
        config: ConfigCalls,
        power: PowerControl,
        session_count: Callable[[], int],
        on_settings_changed: Callable[[Settings, Settings], Awaitable[None]],
        views: SavedViews,
        signing_key_fingerprint: str = "",
        check_settings: Callable[[Settings], None] = lambda settings: None,
        listen_hosts: tuple[str, str] = ("127.0.0.1", "127.0.0.1"),
        upgrades: UpgradeIntake,
        host_network: HostNetworkSettings | None = None,
        next_restart_us: Callable[[], int | None] = lambda: None,
    ) -> None:
        """``check_settings``: refuses (raises) new settings that name what does not
        exist (the auto-login user), before anything is changed. ``listen_hosts``:
        the API's and the RTSP re-stream's addresses, where a new port must be free.
        ``next_restart_us``: when the maintenance restart is due under the current
        settings (``MaintenanceRestart.next_restart_us``)."""
        self.host_network = host_network or UnmanagedHostNetworkSettings()
        self.next_restart_us = next_restart_us
        self.check_settings = check_settings
        self.listen_hosts = listen_hosts
        self.upgrades = upgrades
        self.views = views
        self.signing_key_fingerprint = signing_key_fingerprint
        self.server_id = server_id
        self.started_us = started_us
        self.thread = thread
        self.settings = settings
        self.cameras = cameras
        self.status = status
        self.volumes = volumes
        self.network = network
        self.host_time = host_time
        self.system_log = system_log
        self.config = config
        self.power = power
        self.session_count = session_count
        self.on_settings_changed = on_settings_changed

    @unary
    async def GetServerInfo(
        self, request: system_pb2.GetServerInfoRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetServerInfoResponse:
        return system_pb2.GetServerInfoResponse(
            server_id=self.server_id,
            version=vedette_version(),
            server_time=timestamp(timestamps.now_us()),
            start_time=timestamp(self.started_us),
            device_name=self.settings.current.general.device_name,
            signing_key_fingerprint=self.signing_key_fingerprint,
        )

    @unary
    async def GetSystemInfo(
        self, request: system_pb2.GetSystemInfoRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetSystemInfoResponse:
        who = call_context.principal()
        records = await self.thread.call(self.cameras.list_all)
        now_us = timestamps.now_us()
        general = self.settings.current.general
        response = system_pb2.GetSystemInfoResponse(
            server_id=self.server_id,
            version=vedette_version(),
            device_name=general.device_name,
            device_number=general.device_number,
            start_time=timestamp(self.started_us),
            uptime=Duration(seconds=(now_us - self.started_us) // 1_000_000),
            server_time=timestamp(now_us),
        )
        for record in records:
            if not sees_camera(who, record.id):
                continue
            status = camera_status(self.status, record)
            response.cameras.add(
                camera_id=record.id, name=record.name, enabled=record.enabled, status=status
            )
            response.cameras_online += int(status.main.state == cameras_pb2.STREAM_STATE_ONLINE)
            response.cameras_recording += int(status.recording)
        # What the host is and how it is reached is for those who administer it.
        if _may_any(who, Area.SYSTEM, Area.DISKS):
            volumes = await self.thread.call(self.volumes.list_all)
            response.volumes.extend(volume_message(v) for v in volumes)
        if _may_any(who, Area.SYSTEM, Area.ACCOUNTS):
            response.sessions = self.session_count()
        if _may_any(who, Area.SYSTEM, Area.NETWORK):
            response.host_name = socket.gethostname()
            response.platform = platform.platform(terse=True)
            loop = asyncio.get_running_loop()
            self._add_interfaces(response, await loop.run_in_executor(None, self.network.sample))
        return response

    @staticmethod
    def _add_interfaces(
        response: system_pb2.GetSystemInfoResponse, interfaces: Sequence[NetworkInterface]
    ) -> None:
        for nic in interfaces:
            entry = response.interfaces.add(
                name=nic.name,
                mac=nic.mac,
                up=nic.is_up,
                speed_mbps=nic.speed_mbps,
                rx_bytes=nic.rx_bytes,
                tx_bytes=nic.tx_bytes,
                rx_bps=nic.rx_bps,
                tx_bps=nic.tx_bps,
            )
            for address in nic.addresses:
                entry.addresses.add(
                    family=address.family,
                    address=address.address,
                    prefix_length=address.prefix_length,
                )

    def _settings_for_caller(self, settings: Settings) -> system_pb2.Settings:
        """The sections the caller may read: general and date/time for every session
        (consoles show times in the server's zone and format); the others for those
        with the area right that changes them, absent otherwise."""
        message = settings_message(
            settings, applied_to_host=self.host_time.managed, next_restart_us=self.next_restart_us()
        )
        who = call_context.principal()
        for section, area in SECTION_AREAS.items():
            if section not in PUBLIC_SECTIONS and not may(who, area):
                message.ClearField(section)
        return message

    @unary
    async def GetSettings(
        self, request: system_pb2.GetSettingsRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetSettingsResponse:
        return system_pb2.GetSettingsResponse(
            settings=self._settings_for_caller(self.settings.current)
        )

    def _apply_to_host(self, before: Settings, after: Settings) -> None:
        """Blocking: the host's time zone and NTP, when this server manages them."""
        old, new = before.date_time, after.date_time
        if not self.host_time.managed:
            return
        if new.time_zone != old.time_zone:
            self.host_time.set_time_zone(new.time_zone)
        if (new.time_sync, new.ntp_server) != (old.time_sync, old.ntp_server):
            self.host_time.set_ntp(new.ntp_server if new.time_sync == "ntp" else None)

    @unary
    async def UpdateSettings(
        self, request: system_pb2.UpdateSettingsRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.UpdateSettingsResponse:
        who = call_context.principal()
        paths = list(request.update_mask.paths)
        for section in sections_of(paths):
            if section in SECTION_AREAS:
                require(who, SECTION_AREAS[section])
        before = self.settings.current
        after = apply_mask(before, request.settings, paths)
        if after.general.auto_login_user != before.general.auto_login_user:
            self.check_settings(after)
        if "display" in sections_of(paths):
            await self.thread.call(self._check_display, before.display, after.display)
        if after.network != before.network:
            api_host, rtsp_host = self.listen_hosts
            await asyncio.get_running_loop().run_in_executor(
                None,
                functools.partial(check_ports, api_host=api_host, rtsp_host=rtsp_host),
                before.network,
                after.network,
            )
        peer = call_context.peer()
        if (
            peer is not None
            and peer.scope.value == "remote"
            and not after.access_filter.permits(peer.ip, None)
        ):
            raise FailedPrecondition(
                f"this access filter would refuse your own address {peer.ip}; add it first",
                error_reason="ACCESS_FILTER_LOCKOUT",
                address=peer.ip,
            )
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._apply_to_host, before, after)
        except HostControlError as error:
            raise FailedPrecondition(f"the host refused the date/time settings: {error}") from None
        await self.thread.call(self.settings.save, after)
        await self.on_settings_changed(before, after)
        changed = [s for s in Settings.SECTIONS if getattr(before, s) != getattr(after, s)]
        call_context.note(
            message=f"{who.username} changed the {', '.join(changed) or 'no'} settings",
            before={s: before.section_json(s) for s in changed},
            after={s: after.section_json(s) for s in changed},
        )
        restart = (before.network, before.security.client_certificates) != (
            after.network,
            after.security.client_certificates,
        )
        return system_pb2.UpdateSettingsResponse(
            settings=self._settings_for_caller(after), restart_required=restart
        )

    def _check_display(self, before: DisplaySettings, after: DisplaySettings) -> None:
        """The views and tours newly given to the displays are shared ones (catalog
        thread); one unshared since it was given does not block other changes."""
        for kind in ("view", "tour"):
            for name in (f"main_{kind}_id", f"spot_{kind}_id"):
                row_id = getattr(after, name)
                if row_id and row_id != getattr(before, name):
                    self.views.check_shared(kind, row_id, f"display.{name}")

    @unary
    async def SetSystemTime(
        self, request: system_pb2.SetSystemTimeRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.SetSystemTimeResponse:
        if not request.HasField("time"):
            raise InvalidArgument("time", "is required")
        if self.settings.current.date_time.time_sync != "manual":
            raise FailedPrecondition("the clock follows NTP; switch date_time.time_sync to manual")
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, self.host_time.set_time, to_us(request.time, "time")
            )
        except HostControlUnavailable as error:
            raise FailedPrecondition(str(error)) from None
        except (HostControlError, ValueError) as error:
            raise FailedPrecondition(f"the host refused the time: {error}") from None
        return system_pb2.SetSystemTimeResponse()

    @unary
    async def SearchLogs(
        self, request: system_pb2.SearchLogsRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.SearchLogsResponse:
        types = []
        for number in request.types:
            if number not in _LOG_TYPES:
                raise InvalidArgument("types", f"unknown log type {number}")
            types.append(_LOG_TYPES[number])
        if request.page_size < 0:
            raise InvalidArgument("page_size", f"{request.page_size} is negative")
        limit = min(request.page_size or 100, MAX_LOG_PAGE)
        before_id = None
        if request.page_token:
            token = request.page_token
            if not (token.isascii() and token.isdigit()) or len(token) > 19:
                raise InvalidArgument("page_token", "is not a token from this search")
            before_id = int(request.page_token)
        if len(request.text) > 200:
            raise InvalidArgument("text", "at most 200 characters")
        start_us = (
            to_us(request.start_time, "start_time") if request.HasField("start_time") else None
        )
        end_us = to_us(request.end_time, "end_time") if request.HasField("end_time") else None
        records = await self.thread.call(
            lambda: self.system_log.search(
                types=types,
                start_us=start_us,
                end_us=end_us,
                text=request.text,
                camera_id=request.camera_id or None,
                limit=limit + 1,
                before_id=before_id,
            )
        )
        response = system_pb2.SearchLogsResponse()
        for record in records[:limit]:
            response.entries.add(
                id=record.id,
                time=timestamp(record.time_us),
                type=_LOG_TYPE_NUMBERS[record.type],
                action=record.action,
                username=record.username,
                peer=record.peer,
                camera_id=record.camera_id or 0,
                outcome=record.outcome,
                message=record.message,
                detail_json="" if record.detail is None else json.dumps(record.detail),
            )
        if len(records) > limit:
            response.next_page_token = str(records[limit - 1].id)
        return response

    @unary
    async def ExportConfig(
        self, request: system_pb2.ExportConfigRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.ExportConfigResponse:
        return await self.config.export(request)

    @unary
    async def PreviewConfigImport(
        self, request: system_pb2.PreviewConfigImportRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.PreviewConfigImportResponse:
        return await self.config.preview(request)

    @unary
    async def ImportConfig(
        self, request: system_pb2.ImportConfigRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.ImportConfigResponse:
        return await self.config.import_(request)

    @unary
    async def FactoryReset(
        self, request: system_pb2.FactoryResetRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.FactoryResetResponse:
        await self.config.factory_reset(request)
        return system_pb2.FactoryResetResponse()

    async def _schedule(self, action: PowerAction, delay: Duration, host: bool) -> int:
        """Schedule ``action``; with ``host``, only when the host would do it now."""
        delay_s = duration_us(delay, "delay") / 1e6
        if not 0 <= delay_s <= MAX_DELAY_S:
            raise InvalidArgument("delay", f"{delay_s:g} s is not within 0..{MAX_DELAY_S:g} s")
        if host:
            check = functools.partial(self.power.host.check, host_action(action))
            try:
                await asyncio.get_running_loop().run_in_executor(None, check)
            except HostPowerUnavailable as error:
                raise FailedPrecondition(str(error), error_reason="HOST_CONTROL_OFF") from None
            except HostControlError as error:
                raise FailedPrecondition(str(error), error_reason="HOST_REFUSED") from None
        when_us = self.power.schedule(action, delay_s, host=host)
        what = f"{action} of the machine" if host else action
        call_context.note(message=f"{what} scheduled in {delay_s:g} s")
        return when_us

    @unary
    async def Restart(
        self, request: system_pb2.RestartRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.RestartResponse:
        when_us = await self._schedule("restart", request.delay, request.host)
        return system_pb2.RestartResponse(scheduled_time=timestamp(when_us))

    @unary
    async def Shutdown(
        self, request: system_pb2.ShutdownRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.ShutdownResponse:
        when_us = await self._schedule("shutdown", request.delay, request.host)
        return system_pb2.ShutdownResponse(scheduled_time=timestamp(when_us))

    @unary
    async def CancelPowerAction(
        self, request: system_pb2.CancelPowerActionRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.CancelPowerActionResponse:
        action = self.power.pending_action
        if not self.power.cancel():
            raise NotFound("pending restart or shutdown", "none")
        call_context.note(message=f"pending {action} cancelled")
        return system_pb2.CancelPowerActionResponse()

    @unary
    async def UploadUpgrade(
        self, request_iterator: upgrade_calls.Requests, context: grpc.aio.ServicerContext
    ) -> system_pb2.UploadUpgradeResponse:
        return await upgrade_calls.upload(self.upgrades, request_iterator, context)

    @unary
    async def GetUpgradeStatus(
        self, request: system_pb2.GetUpgradeStatusRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetUpgradeStatusResponse:
        return await upgrade_calls.status(self.upgrades)

    async def _on_host(self, call: Callable[[], T]) -> T:
        """Run a blocking host-network call off the event loop; the host's refusals
        as FAILED_PRECONDITION (HOST_CONTROL_OFF without host control, else
        HOST_REFUSED with NetworkManager's message), as for the host's power."""
        try:
            return await asyncio.get_running_loop().run_in_executor(None, call)
        except HostNetworkUnavailable as error:
            raise FailedPrecondition(str(error), error_reason="HOST_CONTROL_OFF") from None
        except HostControlError as error:
            raise FailedPrecondition(str(error), error_reason="HOST_REFUSED") from None

    @unary
    async def GetHostNetwork(
        self, request: system_pb2.GetHostNetworkRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetHostNetworkResponse:
        states = await self._on_host(self.host_network.interfaces)
        return system_pb2.GetHostNetworkResponse(
            interfaces=[host_interface_message(state) for state in states]
        )

    @unary
    async def UpdateHostNetwork(
        self, request: system_pb2.UpdateHostNetworkRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.UpdateHostNetworkResponse:
        wanted = interface_settings(request.interface)
        names = [state.interface for state in await self._on_host(self.host_network.interfaces)]
        if wanted.interface not in names:
            raise InvalidArgument(
                "interface.name",
                f"{wanted.interface!r} is not an Ethernet interface NetworkManager manages "
                f"here ({', '.join(names) or 'none'})",
            )
        call_context.note(
            message=f"network settings of {wanted.interface} set: {settings_text(wanted)}",
            interface=wanted.interface,
            method=wanted.method,
            address=wanted.address,
            gateway=wanted.gateway,
            dns=" ".join(wanted.dns),
        )
        await self._on_host(functools.partial(self.host_network.apply, wanted))
        states = await self._on_host(self.host_network.interfaces)
        [now] = [state for state in states if state.interface == wanted.interface]
        return system_pb2.UpdateHostNetworkResponse(interface=host_interface_message(now))


_HOST_METHODS: dict[system_pb2.HostAddressMethod, Method] = {
    system_pb2.HOST_ADDRESS_METHOD_DHCP: "dhcp",
    system_pb2.HOST_ADDRESS_METHOD_STATIC: "static",
}
_HOST_METHOD_NUMBERS = {method: number for number, method in _HOST_METHODS.items()}
#: The first word of ``InterfaceSettings``' complaint → the request field it concerns.
_HOST_FIELDS = {
    "interface": "interface.name",
    "method": "interface.method",
    "address": "interface.address",
    "gateway": "interface.gateway",
    "dns:": "interface.dns_servers",
}


def interface_settings(message: system_pb2.HostInterface) -> InterfaceSettings:
    """The settings a request asks for, validated once by ``InterfaceSettings``
    (INVALID_ARGUMENT naming the field, with its sentence)."""
    if message.method not in _HOST_METHODS:
        raise InvalidArgument("interface.method", "give DHCP or STATIC")
    try:
        return InterfaceSettings(
            message.name,
            _HOST_METHODS[message.method],
            message.address,
            message.gateway,
            tuple(message.dns_servers),
        )
    except ValueError as error:
        first_word = str(error).split(" ", 1)[0]
        raise InvalidArgument(_HOST_FIELDS.get(first_word, "interface"), str(error)) from None


def settings_text(settings: InterfaceSettings) -> str:
    """``static 192.0.2.10/24 via 192.0.2.1, DNS 192.0.2.53`` (the log's words)."""
    text = " ".join(filter(None, (settings.method, settings.address)))
    if settings.gateway:
        text += f" via {settings.gateway}"
    return text + (f", DNS {' '.join(settings.dns)}" if settings.dns else "")


def host_interface_message(state: InterfaceState) -> system_pb2.HostInterface:
    return system_pb2.HostInterface(
        name=state.interface,
        method=(
            system_pb2.HOST_ADDRESS_METHOD_UNSPECIFIED
            if state.method is None
            else _HOST_METHOD_NUMBERS[state.method]
        ),
        address=state.address,
        gateway=state.gateway,
        dns_servers=list(state.dns),
        mac_address=state.mac_address,
        link_up=state.link_up,
        configured_here=state.configured_here,
    )


def _may_any(who: Principal, *areas: Area) -> bool:
    return any(may(who, area) for area in areas)
