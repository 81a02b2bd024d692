"""The ``SiteService`` part of ``vedette_api.Client``: a site directory's member
servers and join tokens (docs/sites.md). A client signed in to a recording server
that is no site directory gets ``Unimplemented`` from these. Every method blocks.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls
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
