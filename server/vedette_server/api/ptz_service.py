"""``PtzService`` (ptz.proto): translates between protobuf and ``ptz.service``.

Access: every unary RPC names its camera and needs the PTZ right on it (the rules of
``policy.py``; SetPtzDevice needs the cameras area right); ``Control`` checks the
PTZ right on the camera of its first message here. The caller's arbiter claimant is
``user:<name>`` at the priority of their group (``ptz.priority``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import grpc
from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import ptz_pb2, ptz_pb2_grpc
from vedette_hw.pelco import Protocol, PVariant
from vedette_server.accounts.authorization import require
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context, ptz_keyboard_calls
from vedette_server.api.audit import AuditTrail
from vedette_server.api.status import streaming, unary
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.ptz.arbiter import Change, Claimant, ControlEvent, Denied, SessionKind
from vedette_server.ptz.control_session import (
    ControlSession,
    Report,
    SessionGranted,
    SessionTakenOver,
)
from vedette_server.ptz.cruise import CruiseEnded, CruiseEndReason
from vedette_server.ptz.keyboard_bridge import KeyboardBridge
from vedette_server.ptz.model import MAX_PRESET, Cruise, CruiseStep, Preset, Velocity
from vedette_server.ptz.priority import holder_name, ptz_priority
from vedette_server.ptz.serial_device import SerialPtzDevice
from vedette_server.ptz.service import PtzService
from vedette_server.ptz.view_move import view_target
from vedette_server.system_log import LogType

_PROTOCOLS = {
    ptz_pb2.PTZ_PROTOCOL_PELCO_D: Protocol.D,
    ptz_pb2.PTZ_PROTOCOL_PELCO_P: Protocol.P,
}
_VARIANTS = {
    ptz_pb2.PELCO_P_VARIANT_UNSPECIFIED: PVariant.STANDARD,
    ptz_pb2.PELCO_P_VARIANT_STANDARD: PVariant.STANDARD,
    ptz_pb2.PELCO_P_VARIANT_D_STYLE: PVariant.D_STYLE,
}
SESSION_KINDS = {
    SessionKind.MANUAL: ptz_pb2.PTZ_SESSION_KIND_MANUAL,
    SessionKind.RESERVED: ptz_pb2.PTZ_SESSION_KIND_RESERVED,
    SessionKind.CRUISE: ptz_pb2.PTZ_SESSION_KIND_CRUISE,
    SessionKind.RULE: ptz_pb2.PTZ_SESSION_KIND_RULE,
    SessionKind.KEYBOARD: ptz_pb2.PTZ_SESSION_KIND_KEYBOARD,
}
#: A request may name at most this many reserved presets (every preset number).
_MAX_RESERVED = MAX_PRESET


def _claimant() -> Claimant:
    who = call_context.principal()
    return Claimant(holder_name(who), SessionKind.MANUAL, ptz_priority(who))


def _duration(seconds: float) -> Duration:
    message = Duration()
    message.FromNanoseconds(round(seconds * 1e9))
    return message


def device_from(message: ptz_pb2.PtzDevice) -> SerialPtzDevice:
    protocol = _PROTOCOLS.get(message.protocol)
    if protocol is None:
        raise InvalidArgument(
            "device.protocol", f"must be PELCO_D or PELCO_P, got {message.protocol}"
        )
    variant = _VARIANTS.get(message.p_variant)
    if variant is None:
        raise InvalidArgument("device.p_variant", f"unknown variant {message.p_variant}")
    if len(message.reserved_presets) > _MAX_RESERVED:
        raise InvalidArgument(
            "device.reserved_presets",
            f"at most {_MAX_RESERVED} numbers, got {len(message.reserved_presets)}",
        )
    return SerialPtzDevice(
        protocol=protocol,
        serial_port=message.serial_port,
        address=message.address,
        baud_rate=message.baud_rate,
        variant=variant,
        reserved_presets=frozenset(message.reserved_presets),
    )


def device_message(device: SerialPtzDevice) -> ptz_pb2.PtzDevice:
    protocol = next(k for k, v in _PROTOCOLS.items() if v is device.protocol)
    variant = (
        ptz_pb2.PELCO_P_VARIANT_D_STYLE
        if device.variant is PVariant.D_STYLE
        else ptz_pb2.PELCO_P_VARIANT_STANDARD
    )
    return ptz_pb2.PtzDevice(
        protocol=protocol,
        p_variant=variant,
        serial_port=device.serial_port,
        baud_rate=device.baud_rate,
        address=device.address,
        reserved_presets=sorted(device.reserved_presets),
    )


def preset_message(preset: Preset) -> ptz_pb2.PtzPreset:
    return ptz_pb2.PtzPreset(number=preset.number, name=preset.name)


def cruise_from(message: ptz_pb2.PtzCruise) -> Cruise:
    steps = tuple(
        CruiseStep(step.preset, step.dwell.ToNanoseconds() / 1e9, step.speed or 1.0)
        for step in message.steps
    )
    return Cruise(message.number, message.name or f"Cruise {message.number}", steps)


def cruise_message(cruise: Cruise) -> ptz_pb2.PtzCruise:
    return ptz_pb2.PtzCruise(
        number=cruise.number,
        name=cruise.name,
        steps=[
            ptz_pb2.PtzCruiseStep(preset=s.preset, dwell=_duration(s.dwell_s), speed=s.speed)
            for s in cruise.steps
        ],
    )


def report_message(report: Report) -> ptz_pb2.ControlResponse:
    if isinstance(report, SessionGranted):
        granted = ptz_pb2.PtzGranted(
            holder=report.claimant.holder, priority=report.claimant.priority
        )
        return ptz_pb2.ControlResponse(granted=granted)
    if isinstance(report, Denied):
        denied = ptz_pb2.PtzDenied(holder=report.holder.holder, priority=report.priority)
        if report.remaining_s is not None:
            denied.remaining.CopyFrom(_duration(report.remaining_s))
        return ptz_pb2.ControlResponse(denied=denied)
    if isinstance(report, SessionTakenOver):
        taken = ptz_pb2.PtzTakenOver(by=report.by.holder, priority=report.by.priority)
        return ptz_pb2.ControlResponse(taken_over=taken)
    stopped = ptz_pb2.PtzCruiseStopped(cruise_number=report.cruise_number)
    return ptz_pb2.ControlResponse(cruise_stopped=stopped)


def _velocity(message: ptz_pb2.PtzVelocity) -> Velocity:
    return Velocity(message.pan, message.tilt, message.zoom, message.focus, message.iris)


_END = object()


class PtzServicer(ptz_pb2_grpc.PtzServiceServicer):
    def __init__(self, service: PtzService, keyboard: KeyboardBridge | None = None) -> None:
        self._service = service
        self._keyboard = keyboard

    @streaming
    async def Control(
        self,
        request_iterator: AsyncIterator[ptz_pb2.ControlRequest],
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[ptz_pb2.ControlResponse]:
        requests = aiter(request_iterator)
        try:
            first = await anext(requests)
        except StopAsyncIteration:
            raise InvalidArgument("acquire", "the first message must be acquire") from None
        if first.WhichOneof("action") != "acquire":
            raise InvalidArgument("acquire", "the first message must be acquire")
        camera_id = first.acquire.camera_id
        require(call_context.principal(), CameraRight.PTZ, camera_id)
        call_context.note(camera_id=camera_id)
        outbox: asyncio.Queue[object] = asyncio.Queue()
        session = ControlSession(self._service, _claimant(), outbox.put_nowait, outbox.put_nowait)
        reader: asyncio.Task[None] | None = None
        try:
            await session.acquire(camera_id)
            reader = asyncio.get_running_loop().create_task(_read_commands(requests, session))
            reader.add_done_callback(lambda task: outbox.put_nowait(_END))
            while True:
                item = await outbox.get()
                if item is _END:
                    assert reader is not None
                    reader.result()  # a bad command: its error ends the stream
                    return
                if isinstance(item, Exception):
                    raise item
                yield report_message(item)  # type: ignore[arg-type]
        finally:
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
            # Shielded: a cancelled call (the client gone) must still stop the camera.
            closing = asyncio.ensure_future(session.aclose())
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(closing)

    @unary
    async def GetPtzState(
        self, request: ptz_pb2.GetPtzStateRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.GetPtzStateResponse:
        state = await self._service.state(request.camera_id)
        response = ptz_pb2.GetPtzStateResponse(max_presets=state.max_presets)
        if state.holder is not None:
            response.holder = state.holder.holder
            response.holder_priority = state.holder.priority
        response.cruise_number = state.cruise or 0
        position = state.status.position
        if position is not None:
            response.position.pan_degrees = position.pan_deg
            response.position.tilt_degrees = position.tilt_deg
            if position.zoom_fraction is not None:
                response.position.zoom_fraction = position.zoom_fraction
        if state.status.moving is not None:
            response.moving = state.status.moving
        if state.holder is not None:
            response.holder_kind = SESSION_KINDS[state.holder.kind]
        if state.holder_remaining_s is not None:
            response.holder_remaining.CopyFrom(_duration(state.holder_remaining_s))
        response.has_focus, response.has_iris = state.has_focus, state.has_iris
        return response

    @unary
    async def ListPresets(
        self, request: ptz_pb2.ListPresetsRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.ListPresetsResponse:
        presets, cap = await self._service.presets(request.camera_id)
        return ptz_pb2.ListPresetsResponse(
            presets=[preset_message(p) for p in presets], max_presets=cap or MAX_PRESET
        )

    @unary
    async def SetPreset(
        self, request: ptz_pb2.SetPresetRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.SetPresetResponse:
        preset = await self._service.set_preset(
            request.camera_id, request.preset.number, request.preset.name
        )
        return ptz_pb2.SetPresetResponse(preset=preset_message(preset))

    @unary
    async def GotoPreset(
        self, request: ptz_pb2.GotoPresetRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.GotoPresetResponse:
        await self._service.goto_preset(
            request.camera_id, request.number, request.speed or 1.0, _claimant()
        )
        return ptz_pb2.GotoPresetResponse()

    @unary
    async def PointAt(
        self, request: ptz_pb2.PointAtRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.PointAtResponse:
        target = view_target(request.x, request.y, request.width, request.height)
        factor = await self._service.point_at(
            request.camera_id, target, request.speed or 1.0, _claimant()
        )
        return ptz_pb2.PointAtResponse(zoom_factor=factor)

    @unary
    async def RenamePreset(
        self, request: ptz_pb2.RenamePresetRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.RenamePresetResponse:
        preset = await self._service.rename_preset(request.camera_id, request.number, request.name)
        return ptz_pb2.RenamePresetResponse(preset=preset_message(preset))

    @unary
    async def DeletePreset(
        self, request: ptz_pb2.DeletePresetRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.DeletePresetResponse:
        await self._service.delete_preset(request.camera_id, request.number)
        return ptz_pb2.DeletePresetResponse()

    @unary
    async def ListCruises(
        self, request: ptz_pb2.ListCruisesRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.ListCruisesResponse:
        cruises, running = await self._service.cruises(request.camera_id)
        return ptz_pb2.ListCruisesResponse(
            cruises=[cruise_message(c) for c in cruises], running_cruise_number=running or 0
        )

    @unary
    async def PutCruise(
        self, request: ptz_pb2.PutCruiseRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.PutCruiseResponse:
        cruise = cruise_from(request.cruise)
        await self._service.put_cruise(request.camera_id, cruise)
        return ptz_pb2.PutCruiseResponse(cruise=cruise_message(cruise))

    @unary
    async def DeleteCruise(
        self, request: ptz_pb2.DeleteCruiseRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.DeleteCruiseResponse:
        await self._service.delete_cruise(request.camera_id, request.number, _claimant())
        return ptz_pb2.DeleteCruiseResponse()

    @unary
    async def StartCruise(
        self, request: ptz_pb2.StartCruiseRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.StartCruiseResponse:
        await self._service.start_cruise(request.camera_id, request.number, _claimant())
        return ptz_pb2.StartCruiseResponse()

    @unary
    async def StopCruise(
        self, request: ptz_pb2.StopCruiseRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.StopCruiseResponse:
        stopped = await self._service.stop_cruise(request.camera_id, _claimant())
        return ptz_pb2.StopCruiseResponse(stopped_cruise_number=stopped or 0)

    def _keyboard_bridge(self) -> KeyboardBridge:
        if self._keyboard is None:
            raise FailedPrecondition("this server runs no control keyboard")
        return self._keyboard

    @unary
    async def GetPtzKeyboard(
        self, request: ptz_pb2.GetPtzKeyboardRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.GetPtzKeyboardResponse:
        return ptz_keyboard_calls.get_keyboard(self._keyboard_bridge())

    @unary
    async def SetPtzKeyboard(
        self, request: ptz_pb2.SetPtzKeyboardRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.SetPtzKeyboardResponse:
        return await ptz_keyboard_calls.set_keyboard(self._keyboard_bridge(), request)

    @unary
    async def GetPtzDevice(
        self, request: ptz_pb2.GetPtzDeviceRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.GetPtzDeviceResponse:
        device = await self._service.device(request.camera_id)
        return ptz_pb2.GetPtzDeviceResponse(device=device_message(device))

    @unary
    async def SetPtzDevice(
        self, request: ptz_pb2.SetPtzDeviceRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.SetPtzDeviceResponse:
        device = device_from(request.device)
        await self._service.set_device(request.camera_id, device)
        return ptz_pb2.SetPtzDeviceResponse(device=device_message(device))

    # -- reservation: administrators only (policy.py) -------------------------------------

    @unary
    async def ReservePtz(
        self, request: ptz_pb2.ReservePtzRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.ReservePtzResponse:
        call_context.note(camera_id=request.camera_id)
        duration_s = (
            request.duration.ToNanoseconds() / 1e9 if request.HasField("duration") else None
        )
        who = call_context.principal()
        claimant = Claimant(holder_name(who), SessionKind.RESERVED, ptz_priority(who))
        reserved, remaining_s = await self._service.reserve(request.camera_id, claimant, duration_s)
        call_context.note(
            message=f"{who.username} reserved the PTZ of camera {request.camera_id}"
            f" for {remaining_s:.0f} s",
            duration_s=round(remaining_s, 3),
        )
        return ptz_pb2.ReservePtzResponse(
            holder=reserved.holder, priority=reserved.priority, remaining=_duration(remaining_s)
        )

    @unary
    async def ReleasePtz(
        self, request: ptz_pb2.ReleasePtzRequest, context: grpc.aio.ServicerContext
    ) -> ptz_pb2.ReleasePtzResponse:
        call_context.note(camera_id=request.camera_id)
        released = await self._service.unreserve(request.camera_id)
        holder = "" if released is None else released.holder
        who = call_context.principal().username
        call_context.note(
            message=f"{who} released the PTZ reservation of camera {request.camera_id}"
            + (f" held by {holder}" if holder else " (it had none)"),
            released=holder or None,
        )
        return ptz_pb2.ReleasePtzResponse(released_holder=holder)


async def _read_commands(
    requests: AsyncIterator[ptz_pb2.ControlRequest], session: ControlSession
) -> None:
    """Hand the operator's commands to the session until the client closes its side."""
    async for request in requests:
        action = request.WhichOneof("action")
        if action == "move":
            await session.move(_velocity(request.move.velocity))
        elif action == "stop":
            await session.stop()
        elif action == "ping":
            session.ping()
        elif action == "acquire":
            raise InvalidArgument("acquire", "a control stream acquires its camera once")
        else:
            raise InvalidArgument("action", "empty control message")


class PtzAuditJournal:
    """Writes to the system log what no PTZ RPC's own entry says: a camera taken over
    from its holder, and a cruise that ended by itself (taken over, device failure)."""

    def __init__(self, audit: AuditTrail) -> None:
        self._audit = audit

    def control_changed(self, event: ControlEvent) -> None:
        if event.change is Change.EXPIRED and event.before is not None:
            self._reservation_expired(event.camera, event.before)
        if event.change is not Change.TAKEN_OVER or event.before is None or event.after is None:
            return
        before, after = event.before, event.after
        self._audit.record(
            LogType.OPERATION,
            "ptz.takeover",
            f"camera {event.camera}: {after.holder} (priority {after.priority}) took control"
            f" from {before.holder} ({before.kind.value}, priority {before.priority})",
            username=after.holder.removeprefix("user:"),
            camera_id=event.camera,
            detail={
                "from": before.holder,
                "from_priority": before.priority,
                "by": after.holder,
                "by_priority": after.priority,
            },
        )

    def _reservation_expired(self, camera: int, before: Claimant) -> None:
        if before.kind is not SessionKind.RESERVED:
            return
        self._audit.record(
            LogType.OPERATION,
            "ptz.reservation.expired",
            f"camera {camera}: the PTZ reservation of {before.holder} expired",
            username=before.holder.removeprefix("user:"),
            camera_id=camera,
            detail={"holder": before.holder, "priority": before.priority},
        )

    def cruise_ended(self, end: CruiseEnded) -> None:
        if end.reason is CruiseEndReason.STOPPED:
            return  # StopCruise, DeleteCruise, SetPtzDevice: their own entries say so
        self._audit.record(
            LogType.OPERATION if end.reason is CruiseEndReason.TAKEN_OVER else LogType.EXCEPTION,
            "ptz.cruise.end",
            str(end),
            camera_id=end.camera,
            outcome="ok" if end.reason is CruiseEndReason.TAKEN_OVER else "FAILED_PRECONDITION",
            detail={"cruise": end.cruise, "reason": end.reason.value},
        )
