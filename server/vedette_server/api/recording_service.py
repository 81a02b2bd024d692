"""RecordingService: manual recording (REC-06), what cameras record now, evidence
locks, and schedules and recording policies (REC-02..07). Thin: the work is in
``recording.manual``, ``recording.locks`` and ``recording.policy_store``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import grpc

from vedette_api.v1 import recording_pb2, recording_pb2_grpc
from vedette_server.accounts.authorization import may, sees_camera
from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.api import call_context
from vedette_server.api.convert import REASON_BITS, timestamp, to_us
from vedette_server.api.schedule_convert import (
    policy_from_request,
    policy_message,
    schedule_message,
    week_from_message,
)
from vedette_server.api.search_service import page_limit
from vedette_server.api.status import unary
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import RecordReason, Stream
from vedette_server.catalog.segments import open_segments
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument, NotFound, PermissionDenied
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.locks import (
    EvidenceLocks,
    LockRecord,
    beyond_export_right,
    iso_utc,
)
from vedette_server.recording.manual import ManualRecordings
from vedette_server.recording.policy_store import PolicyStore
from vedette_server.recording.status import StatusBoard, not_recording_reason


def lock_message(lock: LockRecord) -> recording_pb2.EvidenceLock:
    return recording_pb2.EvidenceLock(
        id=lock.id,
        camera_id=lock.camera_id,
        start_time=timestamp(lock.start_us),
        end_time=timestamp(lock.end_us),
        reason=lock.reason,
        expire_time=timestamp(lock.expires_us),
        created_by=lock.created_by,
        create_time=timestamp(lock.created_us),
        segment_count=lock.segment_count,
    )


class RecordingServicer(recording_pb2_grpc.RecordingServiceServicer):
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        status: StatusBoard,
        manual: ManualRecordings,
        locks: EvidenceLocks,
        on_change: Callable[[], Awaitable[None]],
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.status = status
        self.manual = manual
        self.locks = locks
        self.on_change = on_change
        self.policies = PolicyStore(catalog.database)

    @unary
    async def StartManualRecording(
        self, request: recording_pb2.StartManualRecordingRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.StartManualRecordingResponse:
        who = call_context.principal().username
        cameras = await self.thread.call(
            lambda: self.manual.start(list(request.camera_ids), started_by=who)
        )
        await self.on_change()
        call_context.note(message=f"{who} started manual recording", cameras=cameras)
        return recording_pb2.StartManualRecordingResponse(camera_ids=cameras)

    @unary
    async def StopManualRecording(
        self, request: recording_pb2.StopManualRecordingRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.StopManualRecordingResponse:
        stopped = await self.thread.call(self.manual.stop, list(request.camera_ids))
        await self.on_change()
        call_context.note(
            message=f"{call_context.principal().username} stopped manual recording",
            cameras=stopped,
        )
        return recording_pb2.StopManualRecordingResponse(camera_ids=stopped)

    async def _visible_cameras(self, camera_ids: list[int]) -> list[int]:
        """``camera_ids`` (NotFound for one the caller does not see), or every camera the
        caller sees when empty; in id order."""
        who = call_context.principal()
        known = {r.id for r in await self.thread.call(self.cameras.list_all)}
        for camera_id in camera_ids:
            if camera_id not in known or not sees_camera(who, camera_id):
                raise NotFound("camera", camera_id)
        return sorted(set(camera_ids) or {c for c in known if sees_camera(who, c)})

    @unary
    async def GetRecordingStatus(
        self, request: recording_pb2.GetRecordingStatusRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.GetRecordingStatusResponse:
        who = call_context.principal()
        records = await self.thread.call(self.cameras.list_all)
        known = {r.id for r in records}
        for camera_id in request.camera_ids:
            if camera_id not in known or not sees_camera(who, camera_id):
                raise NotFound("camera", camera_id)
        wanted = set(request.camera_ids) or {r.id for r in records if sees_camera(who, r.id)}
        manual = await self.thread.call(self.manual.active)
        open_main = {
            s.camera_id: s
            for s in await self.thread.call(open_segments, self.catalog)
            if s.stream is Stream.MAIN
        }
        response = recording_pb2.GetRecordingStatusResponse()
        for record in records:
            if record.id not in wanted:
                continue
            health = self.status.get(record.id, "main")
            recording = bool(record.enabled and health is not None and health.is_recording())
            segment = open_main.get(record.id)
            # What the open segment records for: its plan's and any event's claim.
            reasons = RecordReason.MANUAL if record.id in manual else RecordReason(0)
            if segment is not None:
                reasons |= segment.record_reasons
            state = manual.get(record.id)
            response.cameras.add(
                camera_id=record.id,
                recording=recording,
                record_reasons=[r for bit, r in REASON_BITS if recording and reasons & bit],
                manual_since_time=timestamp(state.started_us if state else None),
                manual_started_by=state.started_by if state else "",
                volume_id=segment.volume_id if segment is not None and recording else 0,
                not_recording_reason=not_recording_reason(
                    health,
                    None,
                    enabled=record.enabled,
                    disk_group=record.disk_group,
                    modes=self.status.modes(record.id),
                ),
            )
        return response

    @unary
    async def LockRange(
        self, request: recording_pb2.LockRangeRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.LockRangeResponse:
        spec = request.lock
        if not spec.HasField("start_time") or not spec.HasField("end_time"):
            raise InvalidArgument("lock.start_time", "start_time and end_time are required")
        start_us = to_us(spec.start_time, "lock.start_time")
        end_us = to_us(spec.end_time, "lock.end_time")
        expires_us = (
            to_us(spec.expire_time, "lock.expire_time") if spec.HasField("expire_time") else None
        )
        now_us = self.locks.now_us()
        self.locks.check_request(start_us, end_us, spec.reason, expires_us, now_us)
        principal = call_context.principal()
        beyond = beyond_export_right(start_us, end_us, expires_us, now_us)
        if beyond is not None and not may(principal, Area.RECORDING):
            field, why = beyond
            raise PermissionDenied(
                f"lock.{field}: {why}: that needs the 'recording' right besides 'export',"
                f" which user {principal.username!r} lacks ({principal.scope.value} sessions)"
            )
        who = principal.username
        lock = await self.thread.call(
            lambda: self.locks.lock(
                spec.camera_id, start_us, end_us, spec.reason, created_by=who,
                expires_us=expires_us,
            )
        )  # fmt: skip
        until = "no expiry" if lock.expires_us is None else f"expires {iso_utc(lock.expires_us)}"
        call_context.note(
            message=f"{who} locked camera {lock.camera_id} from {iso_utc(lock.start_us)} to"
            f" {iso_utc(lock.end_us)} as evidence ({until}): {lock.reason}",
            camera_id=lock.camera_id,
            lock_id=lock.id,
        )
        return recording_pb2.LockRangeResponse(lock=lock_message(lock))

    @unary
    async def ListLocks(
        self, request: recording_pb2.ListLocksRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.ListLocksResponse:
        limit, before = page_limit(request.page_size, request.page_token)
        every = [c.id for c in await self.thread.call(self.cameras.list_all)]
        cameras = list(request.camera_ids) or call_context.permitted_cameras(
            CameraRight.PLAYBACK, every
        )
        found = await self.thread.call(
            lambda: self.locks.list(cameras, limit=limit + 1, before_id=before)
        )
        response = recording_pb2.ListLocksResponse(locks=[lock_message(x) for x in found[:limit]])
        if len(found) > limit:
            response.next_page_token = str(found[limit - 1].id)
        return response

    @unary
    async def Unlock(
        self, request: recording_pb2.UnlockRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.UnlockResponse:
        lock = await self.thread.call(self.locks.get, request.lock_id)
        if not may(call_context.principal(), CameraRight.PLAYBACK, lock.camera_id):
            raise NotFound("evidence lock", request.lock_id)
        await self.thread.call(self.locks.unlock, request.lock_id)
        call_context.note(
            message=f"{call_context.principal().username} unlocked camera {lock.camera_id}"
            f" ({lock.reason})",
            camera_id=lock.camera_id,
        )
        return recording_pb2.UnlockResponse()

    @unary
    async def ListSchedules(
        self, request: recording_pb2.ListSchedulesRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.ListSchedulesResponse:
        found = await self.thread.call(self.policies.list_schedules)
        return recording_pb2.ListSchedulesResponse(schedules=[schedule_message(s) for s in found])

    @unary
    async def GetSchedule(
        self, request: recording_pb2.GetScheduleRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.GetScheduleResponse:
        found = await self.thread.call(
            self.policies.find_schedule, request.schedule_id, request.name
        )
        return recording_pb2.GetScheduleResponse(schedule=schedule_message(found))

    @unary
    async def PutSchedule(
        self, request: recording_pb2.PutScheduleRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.PutScheduleResponse:
        spec = request.schedule
        week = week_from_message(spec.week, "schedule.week")
        record, created = await self.thread.call(
            self.policies.put_schedule, spec.id, spec.name, week
        )
        await self.on_change()
        call_context.note(
            message=f"{call_context.principal().username}"
            f" {'created' if created else 'changed'} schedule {record.name!r}",
            schedule_id=record.id,
            cameras=list(record.used_by),
        )
        return recording_pb2.PutScheduleResponse(schedule=schedule_message(record), created=created)

    @unary
    async def DeleteSchedule(
        self, request: recording_pb2.DeleteScheduleRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.DeleteScheduleResponse:
        record = await self.thread.call(
            self.policies.delete_schedule, request.schedule_id, request.name
        )
        call_context.note(
            message=f"{call_context.principal().username} deleted schedule {record.name!r}",
            schedule_id=record.id,
        )
        return recording_pb2.DeleteScheduleResponse()

    @unary
    async def GetRecordingPolicy(
        self, request: recording_pb2.GetRecordingPolicyRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.GetRecordingPolicyResponse:
        cameras = await self._visible_cameras(list(request.camera_ids))
        records = await self.thread.call(self.policies.records, cameras)
        return recording_pb2.GetRecordingPolicyResponse(
            policies=[policy_message(r) for r in records]
        )

    @unary
    async def SetRecordingPolicy(
        self, request: recording_pb2.SetRecordingPolicyRequest, context: grpc.aio.ServicerContext
    ) -> recording_pb2.SetRecordingPolicyResponse:
        if not request.policy.camera_id:
            raise InvalidArgument("policy.camera_id", "required")
        policy = policy_from_request(request)
        copies = sorted(set(request.copy_to_camera_ids) - {request.policy.camera_id})
        cameras = [request.policy.camera_id, *copies]
        await self._visible_cameras(cameras)
        await self.thread.call(self.policies.set_policy, cameras, policy)
        await self.on_change()
        records = await self.thread.call(self.policies.records, cameras)
        call_context.note(
            message=f"{call_context.principal().username} set the recording policy of"
            f" camera(s) {', '.join(str(c) for c in cameras)} (mode {records[0].mode})",
            camera_id=request.policy.camera_id,
            cameras=cameras,
            mode=records[0].mode,
        )
        return recording_pb2.SetRecordingPolicyResponse(
            policies=[policy_message(r) for r in records], camera_ids=cameras
        )
