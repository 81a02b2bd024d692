"""CameraService: list, get, create, update and delete cameras, with live status;
discover, test and add ONVIF cameras (the translation is in ``onvif_calls``); read
and change an ONVIF camera's picture settings and text overlays (``picture_calls``)
and its stream settings, one camera or several at once (``stream_calls``); move
cameras to new network settings and change their passwords (``network_calls``);
upgrade a camera's firmware (``firmware_calls``).

Credentials are write-only: accepted in Create/Update, never returned
(``has_credentials`` says whether some are set).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace

import grpc

from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc, media_pb2
from vedette_server.accounts.authorization import sees_camera
from vedette_server.api import (
    call_context,
    firmware_calls,
    network_calls,
    onvif_calls,
    picture_calls,
    stream_calls,
)
from vedette_server.api.convert import timestamp
from vedette_server.api.paging import page
from vedette_server.api.status import streaming, unary
from vedette_server.catalog.models import SiteCameraRow
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif import (
    default_credentials,
    discovery,
    imaging,
    network,
    osd,
    streams,
    users,
)
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.device_report import DeviceReport, read_device
from vedette_server.onvif.errors import OnvifError
from vedette_server.onvif.event_watch import EventsReport, EventsState
from vedette_server.onvif.mask_push import CameraMasks, MasksReport, MasksState
from vedette_server.recording.cameras import (
    CameraRecord,
    CameraRegistry,
    CameraSpec,
    check_rtsp_url,
)
from vedette_server.recording.onvif_sources import OnvifSource, OnvifSources
from vedette_server.recording.privacy import PrivacyMask, Watermark
from vedette_server.recording.status import StatusBoard, StreamHealth, not_recording_reason
from vedette_server.security.secretbox import CameraCredentials
from vedette_server.site.cameras import site_camera_id_of, site_camera_ids

_STATES = {
    "connecting": cameras_pb2.STREAM_STATE_CONNECTING,
    "online": cameras_pb2.STREAM_STATE_ONLINE,
    "offline": cameras_pb2.STREAM_STATE_OFFLINE,
    "disabled": cameras_pb2.STREAM_STATE_DISABLED,
}
_REASONS = {
    "auth_failed": cameras_pb2.OFFLINE_REASON_AUTH_FAILED,
    "timeout": cameras_pb2.OFFLINE_REASON_TIMEOUT,
    "refused": cameras_pb2.OFFLINE_REASON_REFUSED,
    "unsupported_codec": cameras_pb2.OFFLINE_REASON_UNSUPPORTED_CODEC,
    "stream_ended": cameras_pb2.OFFLINE_REASON_STREAM_ENDED,
    "no_writable_volume": cameras_pb2.OFFLINE_REASON_NO_WRITABLE_VOLUME,
    "error": cameras_pb2.OFFLINE_REASON_ERROR,
}
_CODECS = {
    "h264": media_pb2.CODEC_H264,
    "h265": media_pb2.CODEC_H265,
    "hevc": media_pb2.CODEC_H265,
}
_UPDATABLE = {
    "name",
    "main_url",
    "sub_url",
    "camera_user",
    "camera_password",
    "disk_group",
    "enabled",
    "expiry_days",
    "record_audio",
    "privacy_masks",
    "watermark",
    "masks_on_camera",
}


def stream_status(health: StreamHealth | None, enabled: bool) -> cameras_pb2.StreamStatus:
    if not enabled:
        return cameras_pb2.StreamStatus(state=cameras_pb2.STREAM_STATE_DISABLED)
    if health is None:
        return cameras_pb2.StreamStatus(state=cameras_pb2.STREAM_STATE_CONNECTING)
    return cameras_pb2.StreamStatus(
        state=_STATES.get(health.state, cameras_pb2.STREAM_STATE_UNSPECIFIED),
        offline_reason=_REASONS.get(health.reason, cameras_pb2.OFFLINE_REASON_UNSPECIFIED),
        message=health.message,
        codec=_CODECS.get(health.codec, media_pb2.CODEC_UNSPECIFIED),
        width=health.width,
        height=health.height,
        fps=health.fps,
        bitrate_kbps=health.bitrate_kbps,
        last_packet_time=timestamp(health.last_packet_us),
        bytes_written=health.bytes_written,
        segment_count=health.segments_written,
    )


_EVENTS_STATES = {
    EventsState.OFF: cameras_pb2.ONVIF_EVENTS_STATE_OFF,
    EventsState.NOT_SUPPORTED: cameras_pb2.ONVIF_EVENTS_STATE_NOT_SUPPORTED,
    EventsState.CONNECTING: cameras_pb2.ONVIF_EVENTS_STATE_CONNECTING,
    EventsState.SUBSCRIBED: cameras_pb2.ONVIF_EVENTS_STATE_SUBSCRIBED,
    EventsState.RETRYING: cameras_pb2.ONVIF_EVENTS_STATE_RETRYING,
}
#: What the servicer asks the ONVIF event watch: (camera id, offers events, enabled).
EventsReporter = Callable[[int, bool, bool], EventsReport]


def events_status(report: EventsReport) -> cameras_pb2.OnvifEventsStatus:
    return cameras_pb2.OnvifEventsStatus(
        state=_EVENTS_STATES[report.state],
        detail=report.detail,
        since=timestamp(report.since_us) if report.since_us is not None else None,
        subscriptions=report.subscriptions,
    )


_MASKS_STATES = {
    MasksState.BY_VEDETTE: cameras_pb2.PRIVACY_MASKS_STATE_BY_VEDETTE,
    MasksState.PUSHING: cameras_pb2.PRIVACY_MASKS_STATE_PUSHING,
    MasksState.ON_CAMERA: cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA,
    MasksState.FAILED: cameras_pb2.PRIVACY_MASKS_STATE_FAILED,
}


def masks_status(report: MasksReport | None) -> cameras_pb2.PrivacyMasksStatus:
    """Where the masks are applied; by Vedette when no push was ever asked for."""
    if report is None:
        return cameras_pb2.PrivacyMasksStatus(state=cameras_pb2.PRIVACY_MASKS_STATE_BY_VEDETTE)
    return cameras_pb2.PrivacyMasksStatus(
        state=_MASKS_STATES[report.state],
        detail=report.detail,
        since=timestamp(report.since_us) if report.since_us is not None else None,
        camera_masks=report.camera_masks,
    )


def camera_status(
    status: StatusBoard,
    record: CameraRecord,
    events: EventsReport | None = None,
    masks: MasksReport | None = None,
) -> cameras_pb2.CameraStatus:
    """The status of a camera's streams, as the ingest workers last reported it;
    ``recording`` when a segment of either stream is being written now, and why not
    otherwise; ``events``: its ONVIF event subscription (cameras added over ONVIF)."""
    main = status.get(record.id, "main")
    sub = status.get(record.id, "sub")
    recording = any(h is not None and h.is_recording() for h in (main, sub))
    return cameras_pb2.CameraStatus(
        main=stream_status(main, record.enabled),
        sub=stream_status(sub, record.enabled) if record.sub_url else None,
        recording=recording and record.enabled,
        not_recording_reason=not_recording_reason(
            main,
            sub,
            enabled=record.enabled,
            disk_group=record.disk_group,
            modes=status.modes(record.id),
        ),
        onvif_events=events_status(events) if events is not None else None,
        privacy_masks=masks_status(masks),
    )


def _spec(camera: cameras_pb2.Camera, fields: set[str]) -> CameraSpec:
    def chosen(name: str) -> bool:
        return name in fields

    credentials = None
    clear = False
    if chosen("camera_user") or chosen("camera_password"):
        if camera.camera_user:
            credentials = CameraCredentials(camera.camera_user, camera.camera_password)
        else:
            clear = True
    return CameraSpec(
        name=camera.name if chosen("name") else None,
        main_url=camera.main_url if chosen("main_url") else None,
        sub_url=camera.sub_url if chosen("sub_url") else None,
        credentials=credentials,
        clear_credentials=clear,
        disk_group=camera.disk_group if chosen("disk_group") else None,
        enabled=camera.enabled if chosen("enabled") else None,
        expiry_days=camera.expiry_days if chosen("expiry_days") else None,
        record_audio=camera.record_audio if chosen("record_audio") else None,
        privacy_masks=tuple(PrivacyMask(m.x, m.y, m.width, m.height) for m in camera.privacy_masks)
        if chosen("privacy_masks")
        else None,
        watermark=Watermark(camera.watermark.enabled, camera.watermark.text)
        if chosen("watermark")
        else None,
    )


class CameraServicer(cameras_pb2_grpc.CameraServiceServicer):
    def __init__(
        self,
        registry: CameraRegistry,
        catalog_thread: CatalogThread,
        status: StatusBoard,
        on_change: Callable[[], Awaitable[None]],
        delete_camera: Callable[[int], Awaitable[None]],
        onvif_sources: OnvifSources,
        events: EventsReporter | None = None,
        masks: CameraMasks | None = None,
    ) -> None:
        self.events = events
        self.masks = masks
        self.registry = registry
        self.onvif_sources = onvif_sources
        self.thread = catalog_thread
        self.status = status
        self.on_change = on_change
        self.delete_camera = delete_camera
        self.firmware_upgrades = firmware_calls.FirmwareUpgrades()

    def _message(
        self, record: CameraRecord, onvif: OnvifSource | None = None
    ) -> cameras_pb2.Camera:
        return cameras_pb2.Camera(
            id=record.id,
            name=record.name,
            main_url=record.main_url,
            sub_url=record.sub_url or "",
            has_credentials=record.has_credentials,
            disk_group=record.disk_group,
            enabled=record.enabled,
            expiry_days=record.expiry_days or 0,
            record_audio=record.record_audio,
            privacy_masks=[
                cameras_pb2.PrivacyMask(x=m.x, y=m.y, width=m.width, height=m.height)
                for m in record.privacy_masks
            ],
            watermark=cameras_pb2.Watermark(
                enabled=record.watermark.enabled, text=record.watermark.text
            ),
            create_time=timestamp(record.created_us),
            update_time=timestamp(record.updated_us),
            masks_on_camera=self.masks is not None and self.masks.on_camera(record.id),
            status=camera_status(
                self.status,
                record,
                self._events(record, onvif),
                self.masks.report(record.id) if self.masks is not None else None,
            ),
            onvif=onvif_calls.source_message(onvif) if onvif is not None else None,
        )

    def _events(self, record: CameraRecord, onvif: OnvifSource | None) -> EventsReport | None:
        if onvif is None or self.events is None:
            return None
        return self.events(record.id, onvif.capabilities.events, record.enabled)

    @unary
    async def ListCameras(
        self, request: cameras_pb2.ListCamerasRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.ListCamerasResponse:
        who = call_context.principal()
        records = [
            r for r in await self.thread.call(self.registry.list_all) if sees_camera(who, r.id)
        ]
        items, token = page(records, request.page_size, request.page_token)
        sources = await self.thread.call(self.onvif_sources.all)
        site_ids = await self.thread.call(site_camera_ids)
        cameras = []
        for r in items:
            camera = self._message(r, sources.get(r.id))
            camera.site_camera_id = site_ids.get(r.id, "")
            cameras.append(camera)
        return cameras_pb2.ListCamerasResponse(cameras=cameras, next_page_token=token)

    @unary
    async def GetCamera(
        self, request: cameras_pb2.GetCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetCameraResponse:
        record = await self.thread.call(self.registry.get, request.camera_id)
        source = await self.thread.call(self.onvif_sources.get, record.id)
        camera = self._message(record, source)
        site_id = await self.thread.call(site_camera_id_of, record.id)
        camera.site_camera_id = site_id or ""
        return cameras_pb2.GetCameraResponse(camera=camera)

    @unary
    async def CreateCamera(
        self, request: cameras_pb2.CreateCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.CreateCameraResponse:
        camera = request.camera
        if camera.recording_server or camera.site_camera_id:
            raise InvalidArgument(
                "camera.recording_server",
                "a site's cameras are added at its directory (docs/sites.md), not on a"
                " recording server",
            )
        fields = _creation_fields(camera)
        _refuse_masks_on_camera(camera)
        record = await self.thread.call(self.registry.create, _spec(camera, fields))
        call_context.note(
            message=f"{call_context.principal().username} added camera {record.name}",
            camera_id=record.id,
            after=_detail(record),
        )
        await self.on_change()
        return cameras_pb2.CreateCameraResponse(camera=self._message(record))

    @streaming
    async def Discover(
        self, request: cameras_pb2.DiscoverRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[cameras_pb2.DiscoverResponse]:
        targets = discovery.parse_targets(list(request.targets))
        if not targets and not request.multicast:
            raise InvalidArgument("targets", "give addresses to probe, or ask for multicast")
        timeout_s = onvif_calls.discover_timeout_s(request)
        sources = await self.thread.call(self.onvif_sources.all)
        added = {(s.host, s.port): camera_id for camera_id, s in sources.items()}
        found = 0
        async for device in discovery.probe(targets, timeout_s, multicast=request.multicast):
            found += 1
            yield onvif_calls.discovered_message(device, added)
        call_context.note(
            message=f"{call_context.principal().username} probed {len(targets)} address(es)"
            f"{' and the multicast group' if request.multicast else ''}: {found} found",
        )

    @unary
    async def TestCamera(
        self, request: cameras_pb2.TestCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.TestCameraResponse:
        target = onvif_calls.target_of(request.target)
        try:
            report, target = await self._read_trying_defaults(target)
        except OnvifError as error:
            return onvif_calls.error_message(error)
        response = onvif_calls.report_message(report)
        response.credentials_label = target.label
        return response

    @unary
    async def AddOnvifCamera(
        self, request: cameras_pb2.AddOnvifCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.AddOnvifCameraResponse:
        target = onvif_calls.target_of(request.target)
        camera = cameras_pb2.Camera()
        camera.CopyFrom(request.camera)
        _refuse_masks_on_camera(camera)
        report, target = await self._read_trying_defaults(target)
        if report.streams is None:
            raise FailedPrecondition(
                f"camera {target.host}:{target.port} has no profile with video to record"
            )
        camera.main_url = _camera_url(report, report.streams.main.stream_uri)
        sub = report.streams.sub
        camera.sub_url = _camera_url(report, sub.stream_uri) if sub is not None else ""
        camera.camera_user = target.user
        camera.camera_password = target.password
        fields = _creation_fields(camera) | {"sub_url", "camera_user", "camera_password"}
        record, source = await self.thread.call(
            self.onvif_sources.create_camera,
            _spec(camera, fields),
            target.host,
            target.port,
            report.capabilities,
        )
        call_context.note(
            message=f"{call_context.principal().username} added camera {record.name}"
            f" from ONVIF {target.host}:{target.port}"
            + (f" with default credentials {target.label!r}" if target.label else ""),
            camera_id=record.id,
            after=_detail(record),
        )
        await self.on_change()
        return cameras_pb2.AddOnvifCameraResponse(
            camera=self._message(record, source), credentials_label=target.label
        )

    async def _read_trying_defaults(
        self, target: onvif_calls.Target
    ) -> tuple[DeviceReport, onvif_calls.Target]:
        """The camera's report, and the target with the credentials that worked: the
        given ones, or, when none are given, none or the first default credentials the
        camera accepts (CAM-03; the target's ``label`` names them)."""
        if target.user or target.password:
            return await self._read(target), target
        entries = await self.thread.call(self._defaults().load)

        async def read(user: str, password: str) -> DeviceReport:
            return await self._read(replace(target, user=user, password=password))

        report, entry = await default_credentials.find_working(
            read, lambda r: r.information.manufacturer, entries
        )
        if entry is None:
            return report, target
        return report, replace(target, user=entry.user, password=entry.password, label=entry.label)

    def _defaults(self) -> default_credentials.DefaultCredentials:
        return default_credentials.DefaultCredentials(self.registry.catalog, self.registry.secrets)

    @unary
    async def GetDefaultCredentials(
        self, request: cameras_pb2.GetDefaultCredentialsRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetDefaultCredentialsResponse:
        entries = await self.thread.call(self._defaults().load)
        return cameras_pb2.GetDefaultCredentialsResponse(
            credentials=[_default_message(e) for e in entries]
        )

    @unary
    async def SetDefaultCredentials(
        self, request: cameras_pb2.SetDefaultCredentialsRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetDefaultCredentialsResponse:
        given = [
            default_credentials.DefaultCredential(m.label, m.manufacturer, m.user, m.password)
            for m in request.credentials
        ]
        stored = await self.thread.call(self._defaults().replace, given)
        call_context.note(
            message=f"{call_context.principal().username} set {len(stored)} default camera"
            " credentials",
            after={e.label: {"manufacturer": e.manufacturer, "user": e.user} for e in stored},
        )
        return cameras_pb2.SetDefaultCredentialsResponse(
            credentials=[_default_message(e) for e in stored]
        )

    async def _read(self, target: onvif_calls.Target) -> DeviceReport:
        return await read_device(
            target.host,
            target.port,
            target.user,
            target.password,
            timeout_s=onvif_calls.CAMERA_TIMEOUT_S,
            total_s=onvif_calls.CAMERA_TOTAL_S,
        )

    @asynccontextmanager
    async def _device(self, camera_id: int) -> AsyncIterator[tuple[CameraRecord, OnvifDevice]]:
        """The camera (NOT_FOUND when unknown) and its connected ONVIF device."""
        record = await self.thread.call(self.registry.get, camera_id)
        source = await self.thread.call(self.onvif_sources.get, camera_id)
        credentials = await self.thread.call(self.registry.credentials, camera_id)
        async with picture_calls.camera_device(record.name, source, credentials) as device:
            yield record, device

    @unary
    async def GetImaging(
        self, request: cameras_pb2.GetImagingRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetImagingResponse:
        async with self._device(request.camera_id) as (_, device):
            found = await imaging.read_imaging(device)
        return cameras_pb2.GetImagingResponse(
            settings=picture_calls.settings_message(found.settings),
            options=picture_calls.options_message(found.bounds),
        )

    @unary
    async def SetImaging(
        self, request: cameras_pb2.SetImagingRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetImagingResponse:
        change = picture_calls.settings_of(request.settings)
        if not change.given():
            raise InvalidArgument("settings", "names no control to change")
        async with self._device(request.camera_id) as (record, device):
            before = await imaging.read_imaging(device)
            after = await imaging.apply_change(device, change)
        names = sorted(change.given())
        call_context.note(
            message=f"{call_context.principal().username} changed the picture of camera"
            f" {record.name}: {', '.join(names)}",
            camera_id=record.id,
            before={n: v for n, v in before.settings.given().items() if n in names},
            after={n: v for n, v in after.settings.given().items() if n in names},
        )
        return cameras_pb2.SetImagingResponse(
            settings=picture_calls.settings_message(after.settings),
            options=picture_calls.options_message(after.bounds),
        )

    @unary
    async def GetOsd(
        self, request: cameras_pb2.GetOsdRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetOsdResponse:
        async with self._device(request.camera_id) as (_, device):
            return picture_calls.osd_response(await osd.read_osd(device))

    @unary
    async def SetOsd(
        self, request: cameras_pb2.SetOsdRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetOsdResponse:
        message = request.overlay
        async with self._device(request.camera_id) as (record, device):
            if message.token:
                current = await osd.read_osd(device)
                known = {o.token: o for o in current.overlays}
                if message.token not in known:
                    raise InvalidArgument(
                        "overlay.token", f"camera {record.name} has no overlay {message.token!r}"
                    )
                overlay = picture_calls.changed_overlay(
                    known[message.token], message, list(request.update_mask.paths)
                )
                what = f"changed overlay {message.token}"
            else:
                overlay = picture_calls.new_overlay(message)
                what = "added an overlay"
            token = await osd.save_overlay(device, overlay)
            after = await osd.read_osd(device)
        call_context.note(
            message=f"{call_context.principal().username} {what} on camera {record.name}",
            camera_id=record.id,
            after={"token": token, "position": overlay.position, "text": overlay.text},
        )
        return cameras_pb2.SetOsdResponse(
            token=token, overlays=picture_calls.osd_response(after).overlays
        )

    @unary
    async def DeleteOsd(
        self, request: cameras_pb2.DeleteOsdRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.DeleteOsdResponse:
        if not request.token:
            raise InvalidArgument("token", "is required")
        async with self._device(request.camera_id) as (record, device):
            await osd.delete_overlay(device, request.token)
        call_context.note(
            message=f"{call_context.principal().username} deleted overlay {request.token}"
            f" of camera {record.name}",
            camera_id=record.id,
        )
        return cameras_pb2.DeleteOsdResponse()

    async def _change_streams(
        self, camera_id: int, change: streams.StreamChange
    ) -> tuple[CameraRecord, dict[str, object], dict[str, object], list[streams.StreamSettings]]:
        """Send ``change`` to one camera (checked against its options): the camera, the
        changed fields before and after (for the audit) and every stream after."""
        async with self._device(camera_id) as (record, device):
            before = await streams.read_streams(device, record.main_url, record.sub_url or "")
            after = await streams.apply_change(
                device, change, record.main_url, record.sub_url or ""
            )
        return (
            record,
            stream_calls.changed_fields(change, before),
            stream_calls.changed_fields(change, after),
            after,
        )

    @unary
    async def GetStreamSettings(
        self, request: cameras_pb2.GetStreamSettingsRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.GetStreamSettingsResponse:
        async with self._device(request.camera_id) as (record, device):
            found = await streams.read_streams(device, record.main_url, record.sub_url or "")
        return cameras_pb2.GetStreamSettingsResponse(streams=stream_calls.stream_messages(found))

    @unary
    async def SetStreamSettings(
        self, request: cameras_pb2.SetStreamSettingsRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetStreamSettingsResponse:
        change = stream_calls.change_of(request.change)
        record, before, after_fields, after = await self._change_streams(request.camera_id, change)
        call_context.note(
            message=f"{call_context.principal().username} changed the stream settings of"
            f" camera {record.name}: {stream_calls.describe(change)}",
            camera_id=record.id,
            before=before,
            after=after_fields,
        )
        return cameras_pb2.SetStreamSettingsResponse(streams=stream_calls.stream_messages(after))

    @unary
    async def ApplyStreamSettings(
        self, request: cameras_pb2.ApplyStreamSettingsRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.ApplyStreamSettingsResponse:
        change = stream_calls.change_of(request.change)
        if not request.camera_ids:
            raise InvalidArgument("camera_ids", "names no camera")
        if len(request.camera_ids) > stream_calls.MAX_APPLY_CAMERAS:
            raise InvalidArgument(
                "camera_ids", f"at most {stream_calls.MAX_APPLY_CAMERAS} cameras per request"
            )
        results = []
        changed: dict[str, object] = {}
        for camera_id in dict.fromkeys(request.camera_ids):
            try:
                record, before, after_fields, after = await self._change_streams(camera_id, change)
            except Exception as error:  # one camera failing does not stop the others
                results.append(stream_calls.failure(camera_id, error))
                continue
            changed[record.name] = {"before": before, "after": after_fields}
            results.append(
                cameras_pb2.StreamSettingsResult(
                    camera_id=camera_id, streams=stream_calls.stream_messages(after)
                )
            )
        failed = [r.camera_id for r in results if r.error_code]
        call_context.note(
            message=f"{call_context.principal().username} applied stream settings"
            f" {stream_calls.describe(change)} to {len(changed)} of {len(results)} cameras",
            cameras=changed,
            failed_camera_ids=failed,
        )
        return cameras_pb2.ApplyStreamSettingsResponse(results=results)

    @unary
    async def SetCameraNetwork(
        self, request: cameras_pb2.SetCameraNetworkRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetCameraNetworkResponse:
        ids = network_calls.camera_ids(list(request.camera_ids))
        plan = network.plan_addresses(
            request.address,
            len(ids),
            request.prefix_length or network_calls.DEFAULT_PREFIX,
            request.gateway,
        )
        results = []
        moved: dict[str, object] = {}
        for camera_id, settings in zip(ids, plan, strict=True):
            try:
                name, old_host = await self._move_camera(camera_id, settings)
            except Exception as error:  # one camera failing does not stop the others
                results.append(network_calls.failure(camera_id, error, settings.address))
                continue
            moved[name] = {"before": old_host, "after": settings.address}
            results.append(
                cameras_pb2.CameraChangeResult(camera_id=camera_id, address=settings.address)
            )
        if moved:
            await self.on_change()
        call_context.note(
            message=f"{call_context.principal().username} moved {len(moved)} of"
            f" {len(results)} cameras to new network settings"
            f" (from {plan[0].address}/{plan[0].prefix_length})",
            cameras=moved,
            gateway=plan[0].gateway,
            failed_camera_ids=[r.camera_id for r in results if r.error_code],
        )
        return cameras_pb2.SetCameraNetworkResponse(results=results)

    async def _move_camera(
        self, camera_id: int, settings: network.NetworkSettings
    ) -> tuple[str, str]:
        """Move one camera and store where it went: its name and old host."""
        source = await self.thread.call(self.onvif_sources.get, camera_id)
        async with self._device(camera_id) as (record, device):
            await network.move(device, settings)
        assert source is not None  # _device refused a camera without one
        spec = CameraSpec(
            main_url=network_calls.moved_url(record.main_url, source.host, settings.address),
            sub_url=network_calls.moved_url(record.sub_url or "", source.host, settings.address)
            if record.sub_url
            else None,
        )
        await self.thread.call(self.onvif_sources.move_camera, camera_id, settings.address, spec)
        return record.name, source.host

    @unary
    async def SetCameraPassword(
        self, request: cameras_pb2.SetCameraPasswordRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.SetCameraPasswordResponse:
        ids = network_calls.camera_ids(list(request.camera_ids))
        password = users.check_password(request.new_password)
        results = []
        changed: list[str] = []
        for camera_id in ids:
            try:
                changed.append(await self._change_password(camera_id, password))
            except Exception as error:  # one camera failing does not stop the others
                results.append(network_calls.failure(camera_id, error))
                continue
            results.append(cameras_pb2.CameraChangeResult(camera_id=camera_id))
        if changed:
            await self.on_change()
        call_context.note(
            message=f"{call_context.principal().username} changed the ONVIF password of"
            f" {len(changed)} of {len(results)} cameras",
            cameras=changed,
            failed_camera_ids=[r.camera_id for r in results if r.error_code],
        )
        return cameras_pb2.SetCameraPasswordResponse(results=results)

    async def _change_password(self, camera_id: int, password: str) -> str:
        """Change one camera's password, then the stored one: the camera's name."""
        credentials = await self.thread.call(self.registry.credentials, camera_id)
        async with self._device(camera_id) as (record, device):
            if credentials is None or not credentials.user:
                raise FailedPrecondition(
                    f"camera {record.name} has no stored user: Vedette does not know whose"
                    " password to change"
                )
            await users.set_password(device, credentials.user, password)
        spec = CameraSpec(credentials=CameraCredentials(credentials.user, password))
        await self.thread.call(self.registry.update, camera_id, spec)
        return record.name

    @streaming
    async def UpgradeCameraFirmware(
        self,
        request_iterator: AsyncIterator[cameras_pb2.UpgradeCameraFirmwareRequest],
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[cameras_pb2.UpgradeCameraFirmwareResponse]:
        announced = await firmware_calls.first_message(request_iterator)
        record = await self.thread.call(self.registry.get, announced.camera_id)
        target = firmware_calls.CameraTarget(
            record.id,
            record.name,
            await self.thread.call(self.onvif_sources.get, record.id),
            await self.thread.call(self.registry.credentials, record.id),
        )
        directory = firmware_calls.upload_directory(self.registry.catalog.path)
        with self.firmware_upgrades.hold(target):
            async for response in firmware_calls.upgrade(
                target, announced, request_iterator, directory
            ):
                yield response

    @unary
    async def UpdateCamera(
        self, request: cameras_pb2.UpdateCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.UpdateCameraResponse:
        fields = set(request.update_mask.paths)
        unknown = fields - _UPDATABLE
        if unknown:
            raise InvalidArgument("update_mask", f"cannot update {', '.join(sorted(unknown))}")
        if not fields:
            raise InvalidArgument("update_mask", "names no field to update")
        before = await self.thread.call(self.registry.get, request.camera.id)
        owned = fields & SITE_OWNED_FIELDS
        site_camera = bool(owned) and await self.thread.call(_assigned_site_camera, before.id)
        if site_camera:
            raise FailedPrecondition(
                f"camera {before.name} is a camera of the site: its"
                f" {', '.join(sorted(owned))} are changed at the site directory",
                error_reason="SITE_CAMERA",
            )
        was_on = self.masks is not None and self.masks.on_camera(before.id)
        on = await self._check_masks_on_camera(before, request.camera, fields)
        record = before
        if fields - {"masks_on_camera"}:
            record = await self.thread.call(
                self.registry.update, request.camera.id, _spec(request.camera, fields)
            )
        call_context.note(
            message=f"{call_context.principal().username} changed camera {record.name}:"
            f" {', '.join(sorted(fields))}",
            camera_id=record.id,
            before=_detail(before, fields) | _masks_detail(was_on, fields),
            after=_detail(record, fields) | _masks_detail(on, fields),
        )
        if self.masks is not None and "masks_on_camera" in fields:
            await self.masks.choose(record.id, on)
        elif self.masks is not None and on and "privacy_masks" in fields:
            self.masks.request(record.id)
        await self.on_change()
        source = await self.thread.call(self.onvif_sources.get, record.id)
        return cameras_pb2.UpdateCameraResponse(camera=self._message(record, source))

    async def _check_masks_on_camera(
        self, before: CameraRecord, camera: cameras_pb2.Camera, fields: set[str]
    ) -> bool:
        """Whether the camera applies its masks after this update; turning it on asks
        the camera whether it can hold them (FAILED_PRECONDITION naming why not)."""
        was_on = self.masks is not None and self.masks.on_camera(before.id)
        if "masks_on_camera" not in fields:
            return was_on
        if camera.masks_on_camera and not was_on:
            if self.masks is None:
                raise FailedPrecondition("this server cannot set privacy masks on cameras")
            count = (
                len(camera.privacy_masks)
                if "privacy_masks" in fields
                else len(before.privacy_masks)
            )
            await self.masks.check(before.id, count)
        return camera.masks_on_camera

    @unary
    async def DeleteCamera(
        self, request: cameras_pb2.DeleteCameraRequest, context: grpc.aio.ServicerContext
    ) -> cameras_pb2.DeleteCameraResponse:
        before = await self.thread.call(self.registry.get, request.camera_id)
        if await self.thread.call(_assigned_site_camera, before.id):
            raise FailedPrecondition(
                f"camera {before.name} is a camera of the site: it is removed at the site"
                " directory (this server then keeps it, disabled, with its recordings)",
                error_reason="SITE_CAMERA",
            )
        leaving = await self.masks.leaving(request.camera_id) if self.masks else None
        await self.delete_camera(request.camera_id)
        self.status.forget(request.camera_id)
        if self.masks is not None:
            await self.masks.forget(request.camera_id, leaving)
        call_context.note(
            message=f"{call_context.principal().username} deleted camera {before.name}"
            " and its recordings",
            camera_id=before.id,
            before=_detail(before),
        )
        return cameras_pb2.DeleteCameraResponse()


def _default_message(entry: default_credentials.DefaultCredential) -> cameras_pb2.DefaultCredential:
    return cameras_pb2.DefaultCredential(
        label=entry.label,
        manufacturer=entry.manufacturer,
        user=entry.user,
        has_password=bool(entry.password),
    )


def _masks_detail(on: bool, fields: set[str]) -> dict[str, object]:
    return {"masks_on_camera": on} if "masks_on_camera" in fields else {}


def _refuse_masks_on_camera(camera: cameras_pb2.Camera) -> None:
    if camera.masks_on_camera:
        raise InvalidArgument(
            "masks_on_camera",
            "is set with UpdateCamera once the camera is added: the camera is asked then"
            " whether it can hold the masks",
        )


#: What the site directory sets on a camera of the site (site/cameras.py).
SITE_OWNED_FIELDS = frozenset(
    {"name", "main_url", "sub_url", "camera_user", "camera_password", "enabled", "record_audio"}
)


def _assigned_site_camera(camera_id: int) -> bool:
    """Whether the site directory gives this camera to this server now. Blocking."""
    row = SiteCameraRow.get_or_none(SiteCameraRow.camera == camera_id)
    return row is not None and bool(row.assigned)


def _creation_fields(camera: cameras_pb2.Camera) -> set[str]:
    """The fields a new camera takes from ``camera``, with CreateCamera's defaults set
    in it (enabled and recording audio unless said otherwise)."""
    fields = {f.name for f, _ in camera.ListFields()} | {"name", "main_url"}
    if not camera.HasField("status") and "enabled" not in fields:
        camera.enabled = True
        fields.add("enabled")
    if "record_audio" not in fields:
        camera.record_audio = True
        fields.add("record_audio")
    return fields


def _camera_url(report: DeviceReport, url: str) -> str:
    """A stream URL the camera gave, if Vedette can record it."""
    try:
        return check_rtsp_url("main_url", url)
    except InvalidArgument as error:
        raise FailedPrecondition(
            f"camera {report.host}:{report.port} gave a stream URL Vedette cannot record:"
            f" {error.reason}"
        ) from None


def _detail(record: CameraRecord, fields: set[str] | None = None) -> dict[str, object]:
    """A camera's settings for the audit log (credentials only as "set" or not)."""
    values: dict[str, object] = {
        "name": record.name,
        "main_url": record.main_url,
        "sub_url": record.sub_url or "",
        "credentials": "set" if record.has_credentials else "none",
        "disk_group": record.disk_group,
        "enabled": record.enabled,
        "expiry_days": record.expiry_days or 0,
        "record_audio": record.record_audio,
        "privacy_masks": [[m.x, m.y, m.width, m.height] for m in record.privacy_masks],
        "watermark": {"enabled": record.watermark.enabled, "text": record.watermark.text},
    }
    if fields is None:
        return values
    shown = {"credentials" if f in ("camera_user", "camera_password") else f for f in fields}
    return {k: v for k, v in values.items() if k in shown or k == "name"}
