"""A member server's copy of the cameras its site directory gives it to record.

The directory owns a site's cameras (``directory/cameras.py``) and says which member
records each. The server keeps each as a camera of its own catalog, tied to the
directory's camera by ``site_camera`` (its UUID): recording, live, playback, export and
everything per camera work as for its own cameras. A camera the directory no longer
gives it (deleted there, or moved to another server) stays, **disabled**, with what
it recorded: recordings stay where they were made.

Invariants:
- One catalog transaction applies the whole list: the server's site cameras are the
  list's, all or none.
- A camera of the server's own that has the name of a site camera is left alone;
  that site camera is not recorded here, and the log says why.
- The camera's credentials arrive over the site port's mutual TLS and are sealed with
  the server's own key, like every camera's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import SiteCameraRow
from vedette_server.errors import AlreadyExists
from vedette_server.recording.cameras import CameraRegistry, CameraSpec
from vedette_server.security.secretbox import CameraCredentials

log = logging.getLogger("vedette.site")


@dataclass(frozen=True)
class SiteCamera:
    site_camera_id: str
    name: str
    main_url: str
    sub_url: str
    camera_user: str
    camera_password: str
    enabled: bool
    record_audio: bool

    def __repr__(self) -> str:  # never print a password by accident
        return f"SiteCamera({self.site_camera_id}, {self.name!r})"

    def spec(self) -> CameraSpec:
        has_credentials = bool(self.camera_user or self.camera_password)
        return CameraSpec(
            name=self.name,
            main_url=self.main_url,
            sub_url=self.sub_url,
            credentials=CameraCredentials(self.camera_user, self.camera_password)
            if has_credentials
            else None,
            clear_credentials=not has_credentials,
            enabled=self.enabled,
            record_audio=self.record_audio,
        )


@dataclass(frozen=True)
class AppliedCameras:
    created: int
    updated: int
    #: Cameras no longer given to this server: disabled, recordings kept.
    released: int
    #: Site cameras not recorded here because a camera of the server's own has the name.
    blocked: tuple[str, ...]


def site_camera_id_of(camera_id: int) -> str | None:
    """The site's id of one of this server's cameras (None: a camera of its own).
    Blocking: the catalog thread."""
    row = SiteCameraRow.get_or_none(SiteCameraRow.camera == camera_id)
    return None if row is None else str(row.site_camera_id)


def site_camera_ids() -> dict[int, str]:
    """Every site camera of this server: its camera id → the site's id. Blocking."""
    return {int(row.camera_id): str(row.site_camera_id) for row in SiteCameraRow.select()}


def apply_site_cameras(
    catalog: Catalog, registry: CameraRegistry, cameras: list[SiteCamera]
) -> AppliedCameras:
    """Make this server's site cameras those of ``cameras``. Blocking: the catalog
    thread."""
    created = updated = released = 0
    blocked: list[str] = []
    wanted = {c.site_camera_id: c for c in cameras}
    with catalog.atomic():
        mapped = {str(row.site_camera_id): row for row in SiteCameraRow.select()}
        for site_id, row in mapped.items():
            if site_id not in wanted and row.assigned:
                registry.update(int(row.camera_id), CameraSpec(enabled=False))
                SiteCameraRow.update(assigned=False).where(
                    SiteCameraRow.camera == row.camera_id
                ).execute(catalog.database)
                released += 1
        for site_id, camera in wanted.items():
            found = mapped.get(site_id)
            if found is None:
                try:
                    with catalog.atomic():
                        record = registry.create(camera.spec())
                        SiteCameraRow.insert(
                            camera=record.id, site_camera_id=site_id, assigned=True
                        ).execute(catalog.database)
                except AlreadyExists:
                    blocked.append(camera.name)
                    continue
                created += 1
            else:
                registry.update(int(found.camera_id), camera.spec())
                if not found.assigned:
                    SiteCameraRow.update(assigned=True).where(
                        SiteCameraRow.camera == found.camera_id
                    ).execute(catalog.database)
                updated += 1
    for name in blocked:
        log.warning(
            "site camera %r is not recorded here: a camera of this server's own has its name",
            name,
        )
    return AppliedCameras(created, updated, released, tuple(blocked))
