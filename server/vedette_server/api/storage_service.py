"""StorageService: volumes (add, initialise, move, remove) and disk groups."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import grpc

from vedette_api.v1 import storage_pb2, storage_pb2_grpc
from vedette_hw.smart import Health
from vedette_server.api.convert import timestamp
from vedette_server.api.paging import page
from vedette_server.api.status import unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument
from vedette_server.names import check_name, check_path
from vedette_server.recording.disk_health import DiskHealthWatch, VolumeHealth
from vedette_server.recording.volumes import DiskGroupInfo, VolumeInfo, VolumeManager

_STATES = {
    "none": storage_pb2.VOLUME_STATE_NONE,
    "unavailable": storage_pb2.VOLUME_STATE_UNAVAILABLE,
    "read_write": storage_pb2.VOLUME_STATE_READ_WRITE,
    "full": storage_pb2.VOLUME_STATE_FULL,
    "foreign": storage_pb2.VOLUME_STATE_FOREIGN,
}
_HEALTH = {
    Health.PASSED: storage_pb2.DISK_HEALTH_STATUS_PASSED,
    Health.FAILING: storage_pb2.DISK_HEALTH_STATUS_FAILING,
    Health.UNAVAILABLE: storage_pb2.DISK_HEALTH_STATUS_UNAVAILABLE,
}


def health_message(health: VolumeHealth) -> storage_pb2.DiskHealth:
    reading = health.reading
    return storage_pb2.DiskHealth(
        status=_HEALTH[reading.health],
        device=reading.device,
        model=reading.model,
        temperature_celsius=reading.temperature_celsius,
        reallocated_sectors=reading.reallocated_sectors,
        pending_sectors=reading.pending_sectors,
        power_on_hours=reading.power_on_hours,
        message=reading.message,
        check_time=timestamp(health.check_us),
    )


def volume_message(info: VolumeInfo, health: VolumeHealth | None = None) -> storage_pb2.Volume:
    return storage_pb2.Volume(
        id=info.id,
        path=info.path,
        disk_group=info.disk_group,
        state=_STATES.get(info.state, storage_pb2.VOLUME_STATE_UNSPECIFIED),
        capacity_bytes=info.capacity_bytes,
        free_bytes=info.free_bytes,
        serial=info.serial or "",
        oldest_recording_time=timestamp(info.oldest_us),
        newest_recording_time=timestamp(info.newest_us),
        error=info.error or "",
        health=None if health is None else health_message(health),
    )


def group_message(info: DiskGroupInfo) -> storage_pb2.DiskGroup:
    return storage_pb2.DiskGroup(
        id=info.id,
        name=info.name,
        overwrite=info.overwrite,
        reserve_bytes=info.reserve_bytes,
        volume_ids=list(info.volume_ids),
        camera_ids=list(info.camera_ids),
    )


class StorageServicer(storage_pb2_grpc.StorageServiceServicer):
    def __init__(
        self,
        volumes: VolumeManager,
        thread: CatalogThread,
        on_change: Callable[[], Awaitable[None]],
        disk_health: DiskHealthWatch,
    ) -> None:
        self.volumes = volumes
        self.thread = thread
        self.on_change = on_change
        self.disk_health = disk_health

    @unary
    async def ListVolumes(
        self, request: storage_pb2.ListVolumesRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.ListVolumesResponse:
        infos = await self.thread.call(self.volumes.list_all)
        items, token = page(infos, request.page_size, request.page_token)
        return storage_pb2.ListVolumesResponse(
            volumes=[volume_message(i, self.disk_health.health(i.id)) for i in items],
            next_page_token=token,
        )

    @unary
    async def AddVolume(
        self, request: storage_pb2.AddVolumeRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.AddVolumeResponse:
        path = check_path(request.path, "path")
        info = await self.thread.call(self.volumes.add, path, request.disk_group or 1)
        await self.on_change()
        self.disk_health.check_soon()
        return storage_pb2.AddVolumeResponse(volume=volume_message(info))

    @unary
    async def InitializeVolume(
        self, request: storage_pb2.InitializeVolumeRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.InitializeVolumeResponse:
        info = await self.thread.call(
            self.volumes.initialize, request.volume_id, force=request.force
        )
        await self.on_change()
        return storage_pb2.InitializeVolumeResponse(volume=volume_message(info))

    @unary
    async def UpdateVolume(
        self, request: storage_pb2.UpdateVolumeRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.UpdateVolumeResponse:
        paths = set(request.update_mask.paths)
        if paths != {"disk_group"}:
            raise InvalidArgument("update_mask", "only disk_group can be updated on a volume")
        info = await self.thread.call(
            self.volumes.set_group, request.volume.id, request.volume.disk_group
        )
        await self.on_change()
        return storage_pb2.UpdateVolumeResponse(volume=volume_message(info))

    @unary
    async def RemoveVolume(
        self, request: storage_pb2.RemoveVolumeRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.RemoveVolumeResponse:
        await self.thread.call(self.volumes.remove, request.volume_id)
        await self.on_change()
        return storage_pb2.RemoveVolumeResponse()

    @unary
    async def ListDiskGroups(
        self, request: storage_pb2.ListDiskGroupsRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.ListDiskGroupsResponse:
        groups: list[DiskGroupInfo] = await self.thread.call(self.volumes.groups)
        items, token = page(groups, request.page_size, request.page_token)
        return storage_pb2.ListDiskGroupsResponse(
            disk_groups=[group_message(g) for g in items], next_page_token=token
        )

    @unary
    async def UpdateDiskGroup(
        self, request: storage_pb2.UpdateDiskGroupRequest, context: grpc.aio.ServicerContext
    ) -> storage_pb2.UpdateDiskGroupResponse:
        paths = set(request.update_mask.paths)
        unknown = paths - {"name", "overwrite", "reserve_bytes"}
        if unknown or not paths:
            raise InvalidArgument(
                "update_mask", f"name, overwrite or reserve_bytes, not {sorted(unknown)}"
            )
        group = request.disk_group
        info = await self.thread.call(
            self.volumes.update_group,
            group.id,
            name=check_name(group.name, "disk_group.name", 64) if "name" in paths else None,
            overwrite=group.overwrite if "overwrite" in paths else None,
            reserve_bytes=group.reserve_bytes if "reserve_bytes" in paths else None,
        )
        await self.on_change()
        return storage_pb2.UpdateDiskGroupResponse(disk_group=group_message(info))
