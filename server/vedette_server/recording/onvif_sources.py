"""Cameras added over ONVIF: where each answers ONVIF and what it can do
(``onvif_device`` rows, catalog version 7).

Every function blocks (catalog I/O) and runs on the catalog thread.

Invariants:
- A camera and its ONVIF row are created in one transaction: there is never an
  ONVIF camera without its row, nor a row without its camera (deleted with it).
- Hosts are stored as given to the client (an address or a name), lower-cased, so
  discovery compares like with like.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import OnvifDeviceRow
from vedette_server.onvif.capabilities import Capabilities
from vedette_server.recording.cameras import CameraRecord, CameraRegistry, CameraSpec


@dataclass(frozen=True)
class OnvifSource:
    camera_id: int
    host: str
    port: int
    capabilities: Capabilities


@dataclass(frozen=True)
class OnvifPlace:
    """Where a camera answers ONVIF and what it offered (a configuration backup's)."""

    host: str
    port: int
    capabilities: Capabilities


def _source(row: OnvifDeviceRow) -> OnvifSource:
    return OnvifSource(
        camera_id=row.camera_id,
        host=row.host,
        port=row.port,
        capabilities=Capabilities.from_dict(json.loads(row.capabilities)),
    )


class OnvifSources:
    def __init__(self, catalog: Catalog, cameras: CameraRegistry) -> None:
        self.catalog = catalog
        self.cameras = cameras

    def create_camera(
        self, spec: CameraSpec, host: str, port: int, capabilities: Capabilities
    ) -> tuple[CameraRecord, OnvifSource]:
        """Add the camera and its ONVIF row together."""
        with self.catalog.atomic():
            record = self.cameras.create(spec)
            row = OnvifDeviceRow.create(
                camera=record.id,
                host=host.lower(),
                port=port,
                capabilities=json.dumps(capabilities.as_dict(), sort_keys=True),
                updated_us=now_us(),
            )
        return record, _source(row)

    def move_camera(self, camera_id: int, host: str, spec: CameraSpec) -> OnvifSource:
        """The camera now answers ONVIF at ``host`` (SetCameraNetwork): store it, with
        ``spec`` (its stream URLs on the new host), in one transaction."""
        with self.catalog.atomic():
            row = OnvifDeviceRow.get(OnvifDeviceRow.camera == camera_id)
            row.host = host.lower()
            row.updated_us = now_us()
            row.save()
            self.cameras.update(camera_id, spec)
        return _source(row)

    def replace(self, camera_id: int, place: OnvifPlace | None) -> None:
        """The camera answers ONVIF at ``place`` now (None: it is a URL camera), as a
        restored configuration says; the caller holds the transaction."""
        if place is None:
            OnvifDeviceRow.delete().where(OnvifDeviceRow.camera == camera_id).execute()
            return
        values = {
            "host": place.host.lower(),
            "port": place.port,
            "capabilities": json.dumps(place.capabilities.as_dict(), sort_keys=True),
            "updated_us": now_us(),
        }
        updated = (
            OnvifDeviceRow.update(**values).where(OnvifDeviceRow.camera == camera_id).execute()
        )
        if not updated:
            OnvifDeviceRow.create(camera=camera_id, **values)

    def get(self, camera_id: int) -> OnvifSource | None:
        row = OnvifDeviceRow.get_or_none(OnvifDeviceRow.camera == camera_id)
        return None if row is None else _source(row)

    def all(self) -> dict[int, OnvifSource]:
        return {row.camera_id: _source(row) for row in OnvifDeviceRow.select()}

    def camera_at(self, host: str, port: int) -> int | None:
        """The id of the camera added from this ONVIF address, or None."""
        row = OnvifDeviceRow.get_or_none(
            (OnvifDeviceRow.host == host.lower()) & (OnvifDeviceRow.port == port)
        )
        return None if row is None else row.camera_id
