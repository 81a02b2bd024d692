"""MediaService.Playback: one bidirectional stream per playback session (PLAY-01..04).

A mixin of ``MediaServicer`` (``api/media_service.py``). It checks the playback
right (and the audio right for audio) on every camera of the ``open`` message,
writes "playback.start" to the audit log, counts the stream in the caller's login
session (ListSessions), and translates between protobuf and the engine
(``vedette_server.playback.session``), which knows nothing of gRPC.

The client's first message must be ``open``; later ones are controls, applied in
order. The session ends when the client closes its side of the stream (or cancels),
when its login session ends, or on a bad control (INVALID_ARGUMENT, naming the
field).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncGenerator, AsyncIterator
from concurrent.futures import Executor
from datetime import UTC, datetime

import grpc

from vedette_api.media.proto_convert import codec_parameters_to_proto, packet_to_proto
from vedette_api.timestamps import now_us
from vedette_api.v1 import media_pb2
from vedette_server.accounts.authorization import require
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.api.audit import AuditTrail
from vedette_server.api.convert import to_us
from vedette_server.api.search_service import stream_number
from vedette_server.api.sessions import LoginSession
from vedette_server.api.status import status_for, streaming
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument, Unauthenticated, VedetteError
from vedette_server.playback.clock import MAX_SPEED, MIN_SPEED, ClockState, valid_speed
from vedette_server.playback.messages import (
    CameraTracks,
    Control,
    GapOut,
    Output,
    PacketOut,
    Pause,
    Play,
    PlaybackOptions,
    Seek,
    Started,
    Step,
    UnreadableOut,
)
from vedette_server.playback.recordings import Recordings
from vedette_server.playback.session import MAX_STEP_FRAMES, PlaybackSession
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.system_log import LogType

MAX_CAMERAS = 64
MAX_AGO_S = 10 * 366 * 86400.0
MAX_OFFSET_US = 10 * 366 * 86400 * 1_000_000


def clock_message(clock: ClockState) -> media_pb2.PlaybackClock:
    return media_pb2.PlaybackClock(
        position_us=clock.position_us,
        speed=clock.speed,
        reverse=clock.reverse,
        paused=clock.paused,
        applied=clock.applied,
    )


def _tracks(tracks: CameraTracks) -> media_pb2.PlaybackTrack:
    video, audio = tracks.video, tracks.audio
    return media_pb2.PlaybackTrack(
        camera_id=tracks.camera_id,
        video=None if video is None else codec_parameters_to_proto(video),
        audio=None if audio is None else codec_parameters_to_proto(audio),
    )


def response_message(
    output: Output,
) -> media_pb2.PlaybackResponse:
    if isinstance(output, PacketOut):
        return media_pb2.PlaybackResponse(
            packet=media_pb2.PlaybackPacket(
                camera_id=output.camera_id,
                packet=packet_to_proto(output.packet),
                reverse_gop=output.reverse_gop,
                keyframes_only=output.keyframes_only,
                decode_only=output.decode_only,
                gop_end=output.gop_end,
            )
        )
    if isinstance(output, ClockState):
        return media_pb2.PlaybackResponse(clock=clock_message(output))
    if isinstance(output, GapOut):
        return media_pb2.PlaybackResponse(
            gap=media_pb2.PlaybackGap(
                camera_id=output.camera_id, from_us=output.from_us, to_us=output.to_us
            )
        )
    if isinstance(output, UnreadableOut):
        return media_pb2.PlaybackResponse(
            unreadable=media_pb2.PlaybackUnreadable(
                camera_id=output.camera_id,
                from_us=output.from_us,
                to_us=output.to_us,
                reason=output.reason,
            )
        )
    if isinstance(output, Started):
        return media_pb2.PlaybackResponse(
            started=media_pb2.PlaybackStarted(
                tracks=[_tracks(t) for t in output.tracks], clock=clock_message(output.clock)
            )
        )
    return media_pb2.PlaybackResponse(codec_changed=_tracks(output))


def _speed(value: float, field: str) -> float:
    speed = 1.0 if value == 0 else value
    if not valid_speed(speed):
        raise InvalidArgument(field, f"{value} is outside {MIN_SPEED:g} to {MAX_SPEED:g}")
    return speed


def control_from(request: media_pb2.PlaybackRequest) -> Control:
    """The engine's control for a message after ``open``; INVALID_ARGUMENT if bad."""
    action = request.WhichOneof("action")
    if action == "play":
        return Play(_speed(request.play.speed, "play.speed"), request.play.reverse)
    if action == "pause":
        return Pause()
    if action == "step":
        frames = request.step.frames
        if frames == 0 or abs(frames) > MAX_STEP_FRAMES:
            raise InvalidArgument("step.frames", f"{frames}: give ±1 to ±{MAX_STEP_FRAMES}")
        return Step(frames)
    if action == "seek":
        target = request.seek.WhichOneof("target")
        if target == "time":
            return Seek(time_us=to_us(request.seek.time, "seek.time"))
        if target == "offset_us":
            offset = request.seek.offset_us
            if abs(offset) > MAX_OFFSET_US:
                raise InvalidArgument("seek.offset_us", f"{offset}: at most 10 years either way")
            return Seek(offset_us=offset)
        raise InvalidArgument("seek", "give a time or an offset_us")
    if action == "open":
        raise InvalidArgument("open", "the session is already open; open another stream")
    raise InvalidArgument("action", "the message has no action")


def options_from(request: media_pb2.PlaybackOpen, now_us: int) -> PlaybackOptions:
    """Check an ``open`` message's values (rights are checked by the caller)."""
    speed = _speed(request.speed, "open.speed")
    if request.HasField("start_time"):
        start_us = to_us(request.start_time, "open.start_time")
    else:
        ago = request.ago_seconds
        if not math.isfinite(ago) or not 0 <= ago <= MAX_AGO_S:
            raise InvalidArgument("open.ago_seconds", f"{ago}: 0 to 10 years")
        start_us = now_us - round(ago * 1e6)
    if request.gaps not in (media_pb2.GAP_MODE_UNSPECIFIED, media_pb2.GAP_MODE_SKIP,
                            media_pb2.GAP_MODE_ANNOUNCE):  # fmt: skip
        raise InvalidArgument("open.gaps", f"unknown gap mode {request.gaps}")
    return PlaybackOptions(
        camera_ids=tuple(request.camera_ids),
        stream=stream_number(request.stream),
        start_us=start_us,
        speed=speed,
        reverse=request.reverse,
        paused=request.paused,
        audio=request.audio,
        skip_gaps=request.gaps != media_pb2.GAP_MODE_ANNOUNCE,
    )


def _iso(us: int) -> str:
    return datetime.fromtimestamp(us / 1e6, UTC).isoformat(timespec="milliseconds")


class PlaybackCalls:
    """The Playback RPC; ``MediaServicer`` calls ``init_playback`` from its constructor."""

    def init_playback(
        self,
        *,
        recordings: Recordings,
        cameras: CameraRegistry,
        thread: CatalogThread,
        audit: AuditTrail,
        executor: Executor,
    ) -> None:
        self._playback_recordings = recordings
        self._playback_cameras = cameras
        self._playback_thread = thread
        self._playback_audit = audit
        self._playback_executor = executor

    async def _check_open(self, request: media_pb2.PlaybackOpen) -> PlaybackOptions:
        ids = list(request.camera_ids)
        if not 1 <= len(ids) <= MAX_CAMERAS:
            raise InvalidArgument("open.camera_ids", f"{len(ids)} cameras: give 1 to {MAX_CAMERAS}")
        if len(set(ids)) != len(ids):
            raise InvalidArgument("open.camera_ids", "a camera is named twice")
        who = call_context.principal()
        for camera_id in ids:
            require(who, CameraRight.PLAYBACK, camera_id)
            if request.audio:
                require(who, CameraRight.AUDIO, camera_id)
        cameras = self._playback_cameras
        await self._playback_thread.call(lambda: [cameras.get(c) for c in ids])  # NotFound
        return options_from(request, now_us())

    def _audit_start(
        self, request: media_pb2.PlaybackOpen, start_us: int | None, outcome: str
    ) -> None:
        who = call_context.principal().username
        peer = call_context.peer()
        ids = list(request.camera_ids)
        when = "" if start_us is None else f" from {_iso(start_us)}"
        message = f"{who} started playback of camera{'s' if len(ids) != 1 else ''} " + (
            ", ".join(str(i) for i in ids[:16]) + when
        )
        if outcome != "ok":
            message += f" (refused: {outcome})"
        detail: dict[str, object] = {"camera_ids": ids[:MAX_CAMERAS]}
        if start_us is not None:
            detail["start_time"] = _iso(start_us)
        self._playback_audit.record(
            LogType.OPERATION,
            "playback.start",
            message,
            username=who,
            peer="" if peer is None else peer.text,
            camera_id=ids[0] if len(ids) == 1 else None,
            outcome=outcome,
            detail=detail,
        )

    @streaming
    async def Playback(
        self,
        request_iterator: AsyncIterator[media_pb2.PlaybackRequest],
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[media_pb2.PlaybackResponse]:
        requests = aiter(request_iterator)
        try:
            first = await anext(requests)
        except StopAsyncIteration:
            raise InvalidArgument("open", "the first message must be open") from None
        if first.WhichOneof("action") != "open":
            raise InvalidArgument("open", "the first message must be open")
        try:
            options = await self._check_open(first.open)
        except VedetteError as error:
            self._audit_start(first.open, None, status_for(error).name)
            raise
        login = call_context.session()
        try:
            login.usage.admit_playback(login.user, len(options.camera_ids))
        except VedetteError as error:
            self._audit_start(first.open, None, status_for(error).name)
            raise
        self._audit_start(first.open, options.start_us, "ok")
        try:
            # aclosing: the inner generator's clean-up runs now, not when it is collected.
            async with contextlib.aclosing(self._play(login, options, requests)) as items:
                async for item in items:
                    yield item
        finally:
            login.usage.playback -= len(options.camera_ids)

    async def _play(
        self,
        login: LoginSession,
        options: PlaybackOptions,
        requests: AsyncIterator[media_pb2.PlaybackRequest],
    ) -> AsyncGenerator[media_pb2.PlaybackResponse, None]:
        for camera_id in options.camera_ids:
            login.playback[camera_id] += 1
        ended = asyncio.Event()
        end_stream = ended.set  # the login session ended (logout, expiry): so does playback
        login.on_end.append(end_stream)
        session = PlaybackSession(options, self._playback_recordings, self._playback_executor)
        reader: asyncio.Task[None] | None = None
        ending: asyncio.Task[bool] | None = None
        try:
            yield response_message(await session.open())
            loop = asyncio.get_running_loop()
            reader = loop.create_task(_read_controls(requests, session))
            ending = loop.create_task(ended.wait())
            outputs = aiter(session.outputs())
            while True:
                following = asyncio.ensure_future(anext(outputs))
                done, _ = await asyncio.wait(
                    {following, reader, ending}, return_when=asyncio.FIRST_COMPLETED
                )
                if following in done:
                    yield response_message(following.result())
                    continue
                following.cancel()
                if ending in done:
                    raise Unauthenticated("the login session ended; log in again")
                reader.result()  # a bad control: INVALID_ARGUMENT
                return  # the client closed its side: the session ends
        finally:
            for task in (reader, ending):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
            await session.aclose()
            with contextlib.suppress(ValueError):
                login.on_end.remove(end_stream)
            for camera_id in options.camera_ids:
                login.playback[camera_id] -= 1
                if login.playback[camera_id] <= 0:
                    del login.playback[camera_id]


async def _read_controls(
    requests: AsyncIterator[media_pb2.PlaybackRequest], session: PlaybackSession
) -> None:
    """Hand the client's controls to the session until it closes its side."""
    async for request in requests:
        session.control(control_from(request))
