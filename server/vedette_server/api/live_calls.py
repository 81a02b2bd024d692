"""``MediaService.Live``: a camera stream's live packets from the live hub (LIVE-11).

A mixin of ``MediaServicer`` (api/media_service.py), which provides ``thread``,
``cameras`` and ``live_hubs``. The access rule (policy.py) has already checked the
live right on ``camera_id``; this checks the rest:

- unknown camera → NOT_FOUND; a disabled camera, or the sub stream of a camera
  without one → FAILED_PRECONDITION (no packets would ever come);
- ``audio`` without the audio right on the camera → PERMISSION_DENIED (the client
  asked for something it may not have, so it is told rather than silently served
  video only);
- the stream counts in the session's ``live`` counter (ListSessions) while open, and
  ends with UNAUTHENTICATED when the session ends (logout, expiry, an administrator),
  with UNAVAILABLE when the server stops.

Invariant: nothing here blocks the loop; packets are converted as they are sent, and a
slow client only ever waits on its own bounded queue (the hub skips it forward).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator

import grpc

from vedette_api.media.packet import MediaPacket
from vedette_api.media.proto_convert import codec_parameters_to_proto, packet_to_proto
from vedette_api.v1 import common_pb2, media_pb2
from vedette_server.accounts.authorization import require
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.api.sessions import LoginSession
from vedette_server.api.status import abort, streaming
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.ingest.config import StreamName
from vedette_server.live.hub import LiveHubs, LiveSkip, LiveStart, SubscriptionClosed
from vedette_server.recording.cameras import CameraRegistry

_SESSION_ENDED = "the session ended"


def live_stream_name(stream: int) -> StreamName:
    """``STREAM_MAIN`` (or unspecified) → "main", ``STREAM_SUB`` → "sub"."""
    if stream in (common_pb2.STREAM_UNSPECIFIED, common_pb2.STREAM_MAIN):
        return "main"
    if stream == common_pb2.STREAM_SUB:
        return "sub"
    raise InvalidArgument("stream", f"unknown stream {stream}")


def start_message(start: LiveStart, audio: bool) -> media_pb2.LiveResponse:
    stream = common_pb2.STREAM_MAIN if start.stream == "main" else common_pb2.STREAM_SUB
    message = media_pb2.LiveStart(
        camera_id=start.camera_id, stream=stream, video=codec_parameters_to_proto(start.video)
    )
    if audio and start.audio is not None:
        message.audio.CopyFrom(codec_parameters_to_proto(start.audio))
    return media_pb2.LiveResponse(start=message)


class LiveCalls:
    thread: CatalogThread
    cameras: CameraRegistry
    live_hubs: LiveHubs

    @streaming
    async def Live(
        self, request: media_pb2.LiveRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[media_pb2.LiveResponse]:
        stream = live_stream_name(request.stream)
        camera_id = request.camera_id
        camera = await self.thread.call(self.cameras.get, camera_id)
        if not camera.enabled:
            raise FailedPrecondition(
                f"camera {camera_id} is disabled: it has no live stream",
                error_reason="CAMERA_DISABLED",
                camera_id=camera_id,
            )
        if stream == "sub" and not camera.sub_url:
            raise FailedPrecondition(
                f"camera {camera_id} has no sub stream",
                error_reason="NO_SUB_STREAM",
                camera_id=camera_id,
            )
        if request.audio:
            require(call_context.principal(), CameraRight.AUDIO, camera_id)
        session = call_context.session()
        session.usage.admit_live(session.user)
        items = self._live_items(session, camera_id, stream, request, context)
        try:
            # aclosing: the inner generator's clean-up runs now, not when it is collected.
            async with contextlib.aclosing(items):
                async for item in items:
                    yield item
        finally:
            session.usage.live -= 1

    async def _live_items(
        self,
        session: LoginSession,
        camera_id: int,
        stream: StreamName,
        request: media_pb2.LiveRequest,
        context: grpc.aio.ServicerContext,
    ) -> AsyncGenerator[media_pb2.LiveResponse, None]:
        async with self.live_hubs.subscribe(camera_id, stream, audio=request.audio) as live:

            def end() -> None:
                live.close(_SESSION_ENDED)

            session.live[camera_id] += 1
            session.on_end.append(end)
            try:
                while True:
                    try:
                        item = await live.get()
                    except SubscriptionClosed as closed:
                        if closed.reason == _SESSION_ENDED:
                            await abort(
                                context,
                                grpc.StatusCode.UNAUTHENTICATED,
                                closed.reason,
                                "SESSION_ENDED",
                            )
                        await abort(
                            context, grpc.StatusCode.UNAVAILABLE, closed.reason, "STREAM_CLOSED"
                        )
                        return
                    if isinstance(item, MediaPacket):
                        yield media_pb2.LiveResponse(packet=packet_to_proto(item))
                    elif isinstance(item, LiveStart):
                        yield start_message(item, request.audio)
                    elif isinstance(item, LiveSkip):
                        yield media_pb2.LiveResponse(
                            skipped=media_pb2.LiveSkip(
                                dropped_packets=item.dropped_packets,
                                resumed_at_us=item.resumed_at_us,
                            )
                        )
            finally:
                if end in session.on_end:
                    session.on_end.remove(end)
                session.live[camera_id] -= 1
                if session.live[camera_id] <= 0:
                    del session.live[camera_id]
