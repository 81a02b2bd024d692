"""The ``SiteService`` part of ``vedette_api.Client``: a site directory's member
servers and join tokens (docs/sites.md). A client signed in to a recording server
that is no site directory gets ``Unimplemented`` from these. Every method blocks.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls
from vedette_api.timestamps import timestamp_from_us
from vedette_api.v1 import site_pb2, site_pb2_grpc


class SiteCalls(ServiceCalls):
    _site: site_pb2_grpc.SiteServiceStub

    def list_site_servers(self) -> site_pb2.ListServersResponse:
        """The site's id and name and its member servers (those that left included),
        by name, each online (heard from within 5 s), offline or left."""
        return self._call(self._site.ListServers, site_pb2.ListServersRequest())

    def create_join_token(self, valid_seconds: int = 0) -> site_pb2.CreateJoinTokenResponse:
        """A one-time join token and the site CA hash (administrators); 0: one hour."""
        request = site_pb2.CreateJoinTokenRequest(valid_seconds=valid_seconds)
        return self._call(self._site.CreateJoinToken, request)

    def issue_site_token(self) -> site_pb2.IssueSiteTokenResponse:
        """A site token for this session's user (at a site directory): what
        ``Client.connect_with_site_token`` opens a session with on each member server.
        Valid 10 minutes; ask again for a server opened later."""
        return self._call(self._site.IssueSiteToken, site_pb2.IssueSiteTokenRequest())

    def list_site_users(self) -> site_pb2.ListSiteUsersResponse:
        """The site's users, their roles and the list's version (administrators)."""
        return self._call(self._site.ListSiteUsers, site_pb2.ListSiteUsersRequest())

    def put_site_user(
        self, name: str, role: site_pb2.SiteRole, *, enabled: bool = True, password: str = ""
    ) -> site_pb2.PutSiteUserResponse:
        """Create a site user (``password`` required) or change one (an empty password
        keeps theirs); ``role`` is a ``site_pb2.SITE_ROLE_*`` value."""
        user = site_pb2.SiteUser(name=name, role=role, enabled=enabled)
        request = site_pb2.PutSiteUserRequest(user=user, password=password)
        return self._call(self._site.PutSiteUser, request)

    def delete_site_user(self, name: str) -> None:
        self._call(self._site.DeleteSiteUser, site_pb2.DeleteSiteUserRequest(name=name))

    def move_cameras(self, camera_ids: list[int], server: str) -> int:
        """Give cameras (their ids at the directory) to the member ``server`` for good;
        returns how many changed server (administrators)."""
        request = site_pb2.MoveCamerasRequest(camera_ids=camera_ids, server=server)
        return int(self._call(self._site.MoveCameras, request).moved)

    def failback(self, server: str) -> int:
        """Give every camera whose home is ``server`` back to it (after a failover);
        returns how many moved (administrators)."""
        request = site_pb2.MoveCamerasRequest(server=server, failback=True)
        return int(self._call(self._site.MoveCameras, request).moved)

    def get_custody(
        self, camera: int | str, start_us: int | None = None, end_us: int | None = None
    ) -> site_pb2.GetCustodyResponse:
        """Which member server recorded a camera when, intervals overlapping
        [start_us, end_us), oldest first. The camera by its id at the directory (an
        int) or its id across the site (a str: ``Camera.site_camera_id``, what a
        member server's camera shows)."""
        request = (
            site_pb2.GetCustodyRequest(site_camera_id=camera)
            if isinstance(camera, str)
            else site_pb2.GetCustodyRequest(camera_id=camera)
        )
        if start_us is not None:
            request.start_time.CopyFrom(timestamp_from_us(start_us))
        if end_us is not None:
            request.end_time.CopyFrom(timestamp_from_us(end_us))
        return self._call(self._site.GetCustody, request)

    def list_site_alarms(
        self, *, limit: int = 0, open_only: bool = False
    ) -> list[site_pb2.SiteAlarm]:
        """The site's alarm feed: every member server's alarms as they last sent them,
        newest first (at most ``limit``; 0: 100)."""
        request = site_pb2.ListSiteAlarmsRequest(limit=limit, open_only=open_only)
        return list(self._call(self._site.ListSiteAlarms, request).alarms)

    def get_site_settings(self) -> site_pb2.SiteSettings:
        return self._call(self._site.GetSiteSettings, site_pb2.GetSiteSettingsRequest()).settings

    def update_site_settings(self, *, offline_login: bool) -> site_pb2.SiteSettings:
        """Change the site's settings (administrators)."""
        settings = site_pb2.SiteSettings(offline_login=offline_login)
        request = site_pb2.UpdateSiteSettingsRequest(settings=settings)
        return self._call(self._site.UpdateSiteSettings, request).settings
