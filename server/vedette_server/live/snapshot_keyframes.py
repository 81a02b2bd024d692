"""Where a live snapshot's picture comes from: the live hub first, the recording next.

When someone watches the camera's main stream, its hub holds the current GOP, whose
keyframe is at most a GOP old: the snapshot is that access unit, decoded in the
render pool like any other. Otherwise (nobody watching, so the workers send no live
packets) the newest keyframe of the segment being written stands in; it lags by up
to the recorder's flush interval plus a GOP (``RecordedLiveKeyframes``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from vedette_server.images.keyframe_render import SNAPSHOT_QUALITY, RenderJob
from vedette_server.images.snapshots import LIVE_MAX_AGE_US, LiveKeyframes
from vedette_server.live.hub import LiveHubs


class HubKeyframes:
    """``LiveKeyframes`` from the live hub, falling back to ``recorded``."""

    def __init__(
        self,
        hubs: LiveHubs,
        recorded: LiveKeyframes,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.hubs = hubs
        self.recorded = recorded
        self._clock = clock

    async def latest_keyframe(self, camera_id: int) -> RenderJob | None:
        hub = self.hubs.find(camera_id, "main")
        if hub is not None and hub.start is not None:
            gop = hub.gop
            now_us = int(self._clock() * 1e6)
            if gop and now_us - gop[0].timestamp_us <= LIVE_MAX_AGE_US:
                video = hub.start.video
                return RenderJob(
                    None,
                    quality=SNAPSHOT_QUALITY,
                    data=gop[0].data,
                    codec=video.codec.value,
                    extradata=video.extradata,
                    timestamp_us=gop[0].timestamp_us,
                )
        return await self.recorded.latest_keyframe(camera_id)
