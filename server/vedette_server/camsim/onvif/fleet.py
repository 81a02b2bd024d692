"""The ONVIF side of a camsim process: every camera's HTTP endpoint and discovery responder.

``OnvifFleet.start`` brings them all up or none (what started is closed again when one
camera cannot bind), and ``aclose`` stops them; the RTSP side is not touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vedette_server.camsim.faults import QUIRK_FAULT_KINDS, Fault, FaultKind
from vedette_server.camsim.onvif.auth import REALM, OnvifAuthenticator
from vedette_server.camsim.onvif.device import DeviceService
from vedette_server.camsim.onvif.deviceio import DEVICEIO_PATH, CameraIo, DeviceIoService
from vedette_server.camsim.onvif.discovery import WSD_PORT, DiscoveryResponder, MulticastResponder
from vedette_server.camsim.onvif.endpoint import (
    OnvifEndpoint,
    OnvifService,
    RequestLog,
    UnsupportedLog,
)
from vedette_server.camsim.onvif.events import CameraEvents, EventsService, SubscriptionService
from vedette_server.camsim.onvif.firmware import UPLOAD_PATH
from vedette_server.camsim.onvif.imaging import ImagingService
from vedette_server.camsim.onvif.media import MediaService
from vedette_server.camsim.onvif.media2 import MEDIA2_PATH, Media2Service
from vedette_server.camsim.onvif.model import (
    DEVICE_PATH,
    EVENTS_PATH,
    IMAGING_PATH,
    MEDIA_PATH,
    PTZ_PATH,
    SUBSCRIPTION_PATH,
    OnvifCameraModel,
)
from vedette_server.camsim.onvif.ptz import PtzService
from vedette_server.camsim.onvif.reboot import reboot as reboot_camera
from vedette_server.camsim.onvif.reboot import reboots, run_reboots
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.users import SharedAccount
from vedette_server.rtsp.auth import RtspAuthenticator

log = logging.getLogger("vedette.camsim.onvif")


class OnvifFleet:
    """ONVIF for ``cameras``; ``credentials`` (user, password) protect every camera;
    ``request_log`` (a file, or None: off) notes every request's arrival;
    ``event_faults`` (by camera name: its ONVIF faults) schedule what each camera's event
    service raises, its reboots and its quirks (``faults.QUIRK_FAULT_KINDS``)."""

    def __init__(
        self,
        cameras: list[OnvifCameraModel],
        credentials: tuple[str, str] | None,
        *,
        http_port: int,
        discovery_port: int = WSD_PORT,
        request_log: Path | None = None,
        event_faults: dict[str, tuple[Fault, ...]] | None = None,
        multicast_interface: str | None = None,
        account: SharedAccount | None = None,
    ) -> None:
        self.cameras = cameras
        self.credentials = credentials
        # The one account SetUser changes (shared with the RTSP server when given).
        if account is None and credentials is not None:
            account = SharedAccount(*credentials)
        self.account = account
        self.http_port = http_port
        self.discovery_port = discovery_port
        self.unsupported = UnsupportedLog()
        self.request_log = RequestLog(request_log) if request_log is not None else None
        self._endpoints: list[OnvifEndpoint] = []
        self._responders: list[DiscoveryResponder] = []
        self.event_faults = event_faults or {}
        self._event_services: list[EventsService] = []
        self._ios: list[CameraIo] = []
        self._reboots: list[asyncio.Task[None]] = []
        self._moves: set[asyncio.Task[None]] = set()
        # Opt-in WS-Discovery multicast on this interface (None: unicast only).
        self.multicast_interface = multicast_interface
        self._multicast: MulticastResponder | None = None
        #: By camera name: takes its RTSP streams down (True) or up (False) for a
        #: firmware upgrade's reboot (set by camsim's CLI, which has the RTSP server).
        self.rtsp_outages: dict[str, Callable[[bool], None]] = {}

    def _authenticator(self, camera: OnvifCameraModel) -> OnvifAuthenticator | None:
        if self.credentials is None:
            return None
        user, password = self.credentials
        digest = RtspAuthenticator.for_user(user, password, REALM, schemes=("digest",))
        return OnvifAuthenticator(
            user,
            password,
            camera.clock,
            digest,
            digest_only=lambda: camera.quirk(FaultKind.DIGEST_ONLY),
        )

    async def start(self) -> None:
        """Bind every camera's HTTP and discovery sockets; raises OSError (and binds
        nothing) when one cannot."""
        schema = await asyncio.get_running_loop().run_in_executor(None, OnvifSchema.load)
        try:
            if self.request_log is not None:
                self.request_log.open()
            for camera in self.cameras:
                faults = self.event_faults.get(camera.name, ())
                camera.quirks = tuple(f for f in faults if f.kind in QUIRK_FAULT_KINDS)
                device = DeviceService(camera, schema)
                services: dict[str, OnvifService] = {
                    DEVICE_PATH: device,
                    MEDIA_PATH: MediaService(camera, schema),
                    MEDIA2_PATH: Media2Service(camera, schema),
                    # Every camera answers PTZ requests; only PTZ cameras advertise it.
                    PTZ_PATH: PtzService(camera, schema),
                    IMAGING_PATH: ImagingService(camera, schema),
                }
                events = CameraEvents(camera, self.event_faults.get(camera.name, ()))
                events_service = EventsService(events, schema)
                services[EVENTS_PATH] = events_service
                services[SUBSCRIPTION_PATH] = SubscriptionService(events, schema)
                await events_service.start()
                self._event_services.append(events_service)
                # Inputs and relays: a relay's change is an event (tns1:Device/Trigger/Relay).
                services[DEVICEIO_PATH] = DeviceIoService(device.io, schema)
                device.io.on_relay = events.set_relay
                self._ios.append(device.io)
                authenticator = self._authenticator(camera)
                endpoint = OnvifEndpoint(
                    camera, services, authenticator, self.unsupported, self.request_log
                )
                if authenticator is not None and self.account is not None:
                    device.users.user = authenticator.user
                    device.users.set_password = self.account.set_password
                    self.account.listeners.append(authenticator.set_password)
                device.firmware.authenticator = authenticator
                endpoint.uploads[UPLOAD_PATH] = device.firmware.upload
                with _naming(camera.address, self.http_port, "ONVIF HTTP"):
                    await endpoint.start(self.http_port)
                self._endpoints.append(endpoint)
                responder = DiscoveryResponder(camera, self.discovery_port)
                with _naming(camera.address, self.discovery_port, "WS-Discovery UDP"):
                    await responder.start()
                self._responders.append(responder)
                device.network.taken = self._taken
                device.network.move = self._mover(endpoint, responder)
                device.firmware.reboot = self._rebooter(endpoint, events, responder)
                if schedule := reboots(faults):
                    reboot = run_reboots(endpoint, events, schedule, self._announcer(responder))
                    self._reboots.append(asyncio.get_running_loop().create_task(reboot))
            if self.multicast_interface is not None:
                self._multicast = MulticastResponder(self._responders, self.multicast_interface)
                await self._multicast.start()
        except BaseException:
            await self.aclose()
            raise

    def _taken(self, address: str) -> bool:
        return any(camera.address == address for camera in self.cameras)

    def _mover(
        self, endpoint: OnvifEndpoint, responder: DiscoveryResponder
    ) -> Callable[[str], None]:
        """Moves the camera of ``endpoint`` to a new address, after the current answer."""

        def move(address: str) -> None:
            task = asyncio.get_running_loop().create_task(_move(endpoint, responder, address))
            self._moves.add(task)
            task.add_done_callback(self._moves.discard)

        return move

    def _rebooter(
        self, endpoint: OnvifEndpoint, events: CameraEvents, responder: DiscoveryResponder
    ) -> Callable[[float, Callable[[], None]], None]:
        """Reboots the camera of ``endpoint`` (a firmware upgrade): ``reboot(offline_s,
        while_down)``."""

        def start(offline_s: float, while_down: Callable[[], None]) -> None:
            announce = self._announcer(responder)
            outage = self.rtsp_outages.get(endpoint.camera.name, lambda down: None)

            def down() -> None:
                outage(True)
                while_down()

            task = asyncio.get_running_loop().create_task(
                reboot_camera(
                    endpoint, events, offline_s, announce, down, back=lambda: outage(False)
                )
            )
            self._moves.add(task)
            task.add_done_callback(self._moves.discard)

        return start

    def _announcer(self, responder: DiscoveryResponder) -> Callable[[str], None]:
        """Says Hello or Bye for ``responder``'s camera on the multicast group, when
        camsim announces (``--discovery-multicast``); else does nothing."""

        def announce(kind: str) -> None:
            if self._multicast is not None:
                self._multicast.announce(responder, kind)

        return announce

    @property
    def responders(self) -> list[DiscoveryResponder]:
        """The discovery responders, in camera order (their bound ports once started)."""
        return list(self._responders)

    async def aclose(self) -> None:
        for task in [*self._reboots, *self._moves]:
            task.cancel()
        for task in [*self._moves]:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for task in self._reboots:
            task.cancel()
        for task in self._reboots:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._reboots.clear()
        if self._multicast is not None:
            await self._multicast.aclose()  # says Bye while the cameras' sockets are open
            self._multicast = None
        for io in self._ios:
            io.close()
        self._ios.clear()
        for events in self._event_services:
            await events.aclose()
        self._event_services.clear()
        for responder in self._responders:
            await responder.aclose()
        for endpoint in self._endpoints:
            await endpoint.aclose()
        self._responders.clear()
        self._endpoints.clear()
        if self.request_log is not None:
            self.request_log.close()


#: How long a moving camera lets its SetNetworkInterfaces answer leave before it closes.
MOVE_DELAY_S = 0.2


async def _move(endpoint: OnvifEndpoint, responder: DiscoveryResponder, address: str) -> None:
    """Listen on ``address`` (same ports) instead of the camera's address; back on the old
    one if the new one cannot be bound (logged)."""
    camera = endpoint.camera
    old = camera.moved_to
    before = camera.address
    await asyncio.sleep(MOVE_DELAY_S)
    await endpoint.aclose()
    await responder.aclose()
    responder.requested_port = responder.port  # keep the port it had
    camera.moved_to = address
    try:
        await endpoint.start(camera.port)
        await responder.start()
    except OSError as error:
        log.warning(
            "%s: cannot move to %s (%s): staying at %s", camera.name, address, error, before
        )
        await endpoint.aclose()
        await responder.aclose()
        camera.moved_to = old
        await endpoint.start(camera.port)
        await responder.start()
        return
    log.info("%s: moved from %s to %s (SetNetworkInterfaces)", camera.name, before, address)


@contextmanager
def _naming(address: str, port: int, what: str) -> Iterator[None]:
    """Says which socket could not be bound (asyncio's OSError does not)."""
    try:
        yield
    except OSError as error:
        raise OSError(error.errno, f"{what} {address}:{port}: {error.strerror}") from error
