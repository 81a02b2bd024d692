"""MediaService: live video (``LiveCalls``) and recorded playback (``PlaybackCalls``).

The servicer only gathers the mixins and their dependencies; every dependency is a
keyword argument, so each mixin's can be added without disturbing the others'.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor

from vedette_api.v1 import media_pb2_grpc
from vedette_server.api.audit import AuditTrail
from vedette_server.api.live_calls import LiveCalls
from vedette_server.api.playback_calls import PlaybackCalls
from vedette_server.catalog.database import Catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.live.hub import LiveHubs
from vedette_server.playback.recordings import CatalogRecordings
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.volumes import VolumeManager

#: Threads reading segment files for every playback session of the server.
PLAYBACK_THREADS = 4


class MediaServicer(LiveCalls, PlaybackCalls, media_pb2_grpc.MediaServiceServicer):
    def __init__(
        self,
        *,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        audit: AuditTrail,
        live_hubs: LiveHubs,
        playback_executor: Executor | None = None,
    ) -> None:
        self.thread = thread
        self.cameras = cameras
        self.live_hubs = live_hubs
        self.playback_executor = playback_executor or ThreadPoolExecutor(
            max_workers=PLAYBACK_THREADS, thread_name_prefix="playback"
        )
        self.init_playback(
            recordings=CatalogRecordings(catalog, thread, volumes),
            cameras=cameras,
            thread=thread,
            audit=audit,
            executor=self.playback_executor,
        )
