"""The ``StorageService`` part of ``vedette_api.Client``: volumes (the directories
recordings are written to) and disk groups. Every method blocks.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls, apply_changes
from vedette_api.v1 import storage_pb2, storage_pb2_grpc


class StorageCalls(ServiceCalls):
    _storage: storage_pb2_grpc.StorageServiceStub

    def list_volumes(self) -> list[storage_pb2.Volume]:
        """Every volume, ordered by id."""
        request = storage_pb2.ListVolumesRequest()
        return list(self._paginate(self._storage.ListVolumes, request, "volumes"))

    def add_volume(self, path: str, *, disk_group: int = 1) -> storage_pb2.Volume:
        """Register a directory on the server as a volume (not yet initialised)."""
        request = storage_pb2.AddVolumeRequest(path=path, disk_group=disk_group)
        return self._call(self._storage.AddVolume, request).volume

    def initialize_volume(self, volume_id: int, *, force: bool = False) -> storage_pb2.Volume:
        """Initialise a volume; ``force`` takes over one initialised by another server."""
        request = storage_pb2.InitializeVolumeRequest(volume_id=volume_id, force=force)
        return self._call(self._storage.InitializeVolume, request).volume

    def set_volume_disk_group(self, volume_id: int, disk_group: int) -> storage_pb2.Volume:
        """Move a volume to another disk group."""
        volume = storage_pb2.Volume(id=volume_id)
        mask = apply_changes(volume, {"disk_group": disk_group}, method="set_volume_disk_group")
        request = storage_pb2.UpdateVolumeRequest(volume=volume, update_mask=mask)
        return self._call(self._storage.UpdateVolume, request).volume

    def remove_volume(self, volume_id: int) -> None:
        """Forget a volume (its files are left on disk)."""
        request = storage_pb2.RemoveVolumeRequest(volume_id=volume_id)
        self._call(self._storage.RemoveVolume, request)

    def list_disk_groups(self) -> list[storage_pb2.DiskGroup]:
        """Every disk group, ordered by id."""
        request = storage_pb2.ListDiskGroupsRequest()
        return list(self._paginate(self._storage.ListDiskGroups, request, "disk_groups"))

    def update_disk_group(
        self,
        disk_group_id: int,
        *,
        name: str | None = None,
        overwrite: bool | None = None,
        reserve_bytes: int | None = None,
    ) -> storage_pb2.DiskGroup:
        """Change the fields given (not ``None``) of a disk group."""
        group = storage_pb2.DiskGroup(id=disk_group_id)
        changes = {"name": name, "overwrite": overwrite, "reserve_bytes": reserve_bytes}
        mask = apply_changes(group, changes, method="update_disk_group")
        request = storage_pb2.UpdateDiskGroupRequest(disk_group=group, update_mask=mask)
        return self._call(self._storage.UpdateDiskGroup, request).disk_group
