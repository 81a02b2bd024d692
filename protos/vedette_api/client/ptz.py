"""PTZ in ``vedette_api.Client`` (``PtzService``): control streams, presets, cruises,
state and a camera's PTZ device. Every method blocks.

A ``PtzControl`` is the client side of the bidirectional ``Control`` stream of one
camera: it acquires the camera when opened; ``move``, ``stop`` and ``ping`` send at
any time, from any thread; iterate it (or ``next_event``) for ``ControlResponse``
messages (granted, denied, taken over, cruise stopped). The server stops the camera
when the stream ends or stays silent for more than 1 s, so a joystick held still
sends ``ping`` about every 0.5 s (``hold`` does it for a fixed time).

    with client.ptz_control(camera_id) as control:
        first = control.next_event()          # granted or denied
        control.move(pan=0.5)
        control.hold(2.0)                     # pings for 2 s
        control.stop()
        control.finish()                      # half-close: the server stops and ends
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from google.protobuf.duration_pb2 import Duration

from vedette_api.client.bidi_stream import BidiStream
from vedette_api.client.calls import ServiceCalls
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import ptz_pb2, ptz_pb2_grpc

#: How often ``hold`` pings: twice within the server's 1 s silence bound.
PING_INTERVAL_S = 0.4
PROTOCOLS = {"pelco-d": ptz_pb2.PTZ_PROTOCOL_PELCO_D, "pelco-p": ptz_pb2.PTZ_PROTOCOL_PELCO_P}
P_VARIANTS = {
    "standard": ptz_pb2.PELCO_P_VARIANT_STANDARD,
    "d-style": ptz_pb2.PELCO_P_VARIANT_D_STYLE,
}


class PtzControl(BidiStream[ptz_pb2.ControlRequest, ptz_pb2.ControlResponse]):
    """An open control stream of one camera. Built by ``Client.ptz_control``."""

    closed_message = "the PTZ control stream is closed"

    def __init__(
        self,
        stub: ptz_pb2_grpc.PtzServiceStub,
        metadata: tuple[tuple[str, str], ...],
        camera_id: int,
        *,
        server: str,
        timeout_s: float | None = None,
    ) -> None:
        self.camera_id = camera_id
        super().__init__(
            lambda requests: stub.Control(requests, metadata=metadata, timeout=timeout_s),
            ptz_pb2.ControlRequest(acquire=ptz_pb2.PtzAcquire(camera_id=camera_id)),
            server=server,
        )

    def next_event(self) -> ptz_pb2.ControlResponse | None:
        """The next message from the server; None when the stream ended."""
        return next(self, None)

    def _send(self, request: ptz_pb2.ControlRequest) -> None:
        with self._lock:
            self._enqueue_locked(request)

    def move(
        self,
        pan: float = 0.0,
        tilt: float = 0.0,
        zoom: float = 0.0,
        focus: float = 0.0,
        iris: float = 0.0,
    ) -> None:
        """Move at these speeds (each within -1..1; pan +1 right, tilt +1 up, zoom +1
        tele) until the next move or stop."""
        velocity = ptz_pb2.PtzVelocity(pan=pan, tilt=tilt, zoom=zoom, focus=focus, iris=iris)
        self._send(ptz_pb2.ControlRequest(move=ptz_pb2.PtzMove(velocity=velocity)))

    def stop(self) -> None:
        self._send(ptz_pb2.ControlRequest(stop=ptz_pb2.PtzStop()))

    def ping(self) -> None:
        self._send(ptz_pb2.ControlRequest(ping=ptz_pb2.PtzPing()))

    def hold(self, seconds: float) -> None:
        """Keep the session alive for ``seconds`` (a ping every ``PING_INTERVAL_S``)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(PING_INTERVAL_S, left))
            if time.monotonic() < end:
                self.ping()

    def end_requests(self) -> None:
        """Close the request side without reading (idempotent): for a caller whose
        own thread iterates the answers, which then end once the server has stopped
        the camera (if this stream held it) and closed the stream."""
        self._half_close()

    def finish(self) -> list[ptz_pb2.ControlResponse]:
        """Close the request side and read the server's last messages until it ends
        the stream (having stopped the camera if this stream held it)."""
        self._half_close()
        return list(self)


def _dwell(seconds: float) -> Duration:
    duration = Duration()
    duration.FromNanoseconds(round(seconds * 1e9))
    return duration


class PtzCalls(ServiceCalls):
    _ptz: ptz_pb2_grpc.PtzServiceStub

    def ptz_control(self, camera_id: int, *, timeout_s: float | None = None) -> PtzControl:
        """Open a control stream of ``camera_id``; its first message answers the acquire.
        ``timeout_s`` bounds the whole stream (None: open until closed)."""
        return PtzControl(
            self._ptz, self._metadata, camera_id, server=self.server, timeout_s=timeout_s
        )

    def ptz_state(self, camera_id: int) -> ptz_pb2.GetPtzStateResponse:
        """Holder, running cruise, position and motion (asks the device)."""
        request = ptz_pb2.GetPtzStateRequest(camera_id=camera_id)
        return self._call(self._ptz.GetPtzState, request)

    def list_presets(self, camera_id: int) -> list[ptz_pb2.PtzPreset]:
        request = ptz_pb2.ListPresetsRequest(camera_id=camera_id)
        return list(self._call(self._ptz.ListPresets, request).presets)

    def set_preset(self, camera_id: int, number: int, name: str = "") -> ptz_pb2.PtzPreset:
        """Save the current position as preset ``number`` (empty name: "Preset N")."""
        preset = ptz_pb2.PtzPreset(number=number, name=name)
        request = ptz_pb2.SetPresetRequest(camera_id=camera_id, preset=preset)
        return self._call(self._ptz.SetPreset, request).preset

    def goto_preset(self, camera_id: int, number: int, speed: float = 1.0) -> None:
        request = ptz_pb2.GotoPresetRequest(camera_id=camera_id, number=number, speed=speed)
        self._call(self._ptz.GotoPreset, request)

    def point_at(
        self,
        camera_id: int,
        x: float,
        y: float,
        width: float = 0.0,
        height: float = 0.0,
        speed: float = 1.0,
    ) -> float:
        """Centre on the picture's point (``x``, ``y``) ∈ [0, 1] (origin top left); with
        ``width`` × ``height`` (fractions of the picture) also zoom until that area
        around it fills the picture. Returns the zoom factor asked of the camera."""
        request = ptz_pb2.PointAtRequest(
            camera_id=camera_id, x=x, y=y, width=width, height=height, speed=speed
        )
        return float(self._call(self._ptz.PointAt, request).zoom_factor)

    def rename_preset(self, camera_id: int, number: int, name: str) -> ptz_pb2.PtzPreset:
        request = ptz_pb2.RenamePresetRequest(camera_id=camera_id, number=number, name=name)
        return self._call(self._ptz.RenamePreset, request).preset

    def delete_preset(self, camera_id: int, number: int) -> None:
        request = ptz_pb2.DeletePresetRequest(camera_id=camera_id, number=number)
        self._call(self._ptz.DeletePreset, request)

    def list_cruises(self, camera_id: int) -> ptz_pb2.ListCruisesResponse:
        """The cruises and the running one's number (0: none)."""
        return self._call(self._ptz.ListCruises, ptz_pb2.ListCruisesRequest(camera_id=camera_id))

    def put_cruise(
        self,
        camera_id: int,
        number: int,
        steps: Sequence[tuple[int, float, float]],
        name: str = "",
    ) -> ptz_pb2.PtzCruise:
        """Create or replace cruise ``number`` of ``(preset, dwell_seconds, speed)`` steps."""
        cruise = ptz_pb2.PtzCruise(number=number, name=name)
        for preset, dwell_s, speed in steps:
            cruise.steps.add(preset=preset, dwell=_dwell(dwell_s), speed=speed)
        request = ptz_pb2.PutCruiseRequest(camera_id=camera_id, cruise=cruise)
        return self._call(self._ptz.PutCruise, request).cruise

    def delete_cruise(self, camera_id: int, number: int) -> None:
        request = ptz_pb2.DeleteCruiseRequest(camera_id=camera_id, number=number)
        self._call(self._ptz.DeleteCruise, request)

    def start_cruise(self, camera_id: int, number: int) -> None:
        request = ptz_pb2.StartCruiseRequest(camera_id=camera_id, number=number)
        self._call(self._ptz.StartCruise, request)

    def stop_cruise(self, camera_id: int) -> int:
        """Stop the running cruise; its number, 0 when none ran."""
        request = ptz_pb2.StopCruiseRequest(camera_id=camera_id)
        return int(self._call(self._ptz.StopCruise, request).stopped_cruise_number)

    # -- the control keyboard (the cameras area right) -----------------------------------

    def get_ptz_keyboard(self) -> ptz_pb2.GetPtzKeyboardResponse:
        """The RS-485 control keyboard's settings (``configured``) and status."""
        return self._call(self._ptz.GetPtzKeyboard, ptz_pb2.GetPtzKeyboardRequest())

    def set_ptz_keyboard(self, keyboard: ptz_pb2.PtzKeyboard) -> ptz_pb2.PtzKeyboard:
        """Set (create or replace) the control keyboard; returns it as stored."""
        request = ptz_pb2.SetPtzKeyboardRequest(keyboard=keyboard)
        return self._call(self._ptz.SetPtzKeyboard, request).keyboard

    def get_ptz_device(self, camera_id: int) -> ptz_pb2.PtzDevice:
        request = ptz_pb2.GetPtzDeviceRequest(camera_id=camera_id)
        return self._call(self._ptz.GetPtzDevice, request).device

    def set_ptz_device(
        self,
        camera_id: int,
        *,
        protocol: str,
        serial_port: str,
        address: int,
        baud_rate: int = 0,
        p_variant: str = "standard",
        reserved_presets: Sequence[int] = (),
    ) -> ptz_pb2.PtzDevice:
        """Set a camera's serial dome: ``protocol`` "pelco-d" or "pelco-p", ``p_variant``
        "standard" or "d-style", ``baud_rate`` 0 for the protocol's usual."""
        if protocol not in PROTOCOLS:
            raise InvalidArgument(
                f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}"
            )
        if p_variant not in P_VARIANTS:
            raise InvalidArgument(
                f"p_variant must be one of {', '.join(P_VARIANTS)}, got {p_variant!r}"
            )
        device = ptz_pb2.PtzDevice(
            protocol=PROTOCOLS[protocol],
            p_variant=P_VARIANTS[p_variant],
            serial_port=serial_port,
            baud_rate=baud_rate,
            address=address,
            reserved_presets=list(reserved_presets),
        )
        request = ptz_pb2.SetPtzDeviceRequest(camera_id=camera_id, device=device)
        return self._call(self._ptz.SetPtzDevice, request).device

    # -- reservation (administrators) ------------------------------------------------------

    def reserve_ptz(
        self, camera_id: int, seconds: float | None = None
    ) -> ptz_pb2.ReservePtzResponse:
        """Reserve the camera for ``seconds`` (None: the server's default, 1 h)."""
        request = ptz_pb2.ReservePtzRequest(camera_id=camera_id)
        if seconds is not None:
            request.duration.CopyFrom(_dwell(seconds))
        return self._call(self._ptz.ReservePtz, request)

    def release_ptz(self, camera_id: int) -> str:
        """End the camera's reservation; who had made it ("" when nobody had)."""
        request = ptz_pb2.ReleasePtzRequest(camera_id=camera_id)
        return str(self._call(self._ptz.ReleasePtz, request).released_holder)
