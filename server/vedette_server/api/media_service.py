"""MediaService: live (``LiveCalls``, api/live_calls.py) and recorded playback.

The servicer only gathers the mixins and their dependencies; every dependency is a
keyword argument, so each mixin's can be added without disturbing the others'.
"""

from __future__ import annotations

from vedette_api.v1 import media_pb2_grpc
from vedette_server.api.live_calls import LiveCalls
from vedette_server.catalog_thread import CatalogThread
from vedette_server.live.hub import LiveHubs
from vedette_server.recording.cameras import CameraRegistry


class MediaServicer(LiveCalls, media_pb2_grpc.MediaServiceServicer):
    def __init__(
        self,
        *,
        thread: CatalogThread,
        cameras: CameraRegistry,
        live_hubs: LiveHubs,
    ) -> None:
        self.thread = thread
        self.cameras = cameras
        self.live_hubs = live_hubs
