"""OnvifEventWatch: ONVIF events of every camera that offers them, for the server.

One ``CameraEventPuller`` task per camera added over ONVIF whose capabilities say
events and that is enabled; the set follows camera changes (the change feed's
camera changes, and a rescan every ``RESCAN_S`` as a safety net): a new camera gets
a subscription, a deleted or disabled one loses it, an edited address or password
starts it again.

Each event is:
- logged at INFO (camera, kind, source, state; a state reported again at
  (re)subscription at DEBUG);
- published on the event bus as ``camera.event`` (facts: camera_id, kind, source,
  state, initial, topic, camera_time_us, and ``event``, the typed CameraEvent) for
  the alarm engine and event streams;
- kept in the event log (``SearchEvents``): a state that turns on begins an event
  (motion → MOTION, digital input → SENSOR, the analytics kinds → ANALYTICS), the
  same source turning off ends it, an instant event (a line crossing) begins and
  ends at once. A state reported again at (re)subscription (Initialized) ends an
  event that ended while the camera was unreachable and opens none twice. Times are
  when it happened by the camera (``CameraEvent.server_time_us``: its UtcTime, on the
  server's clock), or its arrival when the camera gave none; an event never ends
  before it began.

Status is the truth: ``status(camera_id)`` says whether the camera is subscribed or
why not, and ``report`` says it for the API (off, not supported, connecting,
subscribed since, retrying after an error); each failure is logged with the camera's
reason, and a change between subscribed and failed goes into the system log
(``SearchLogs``) and on the bus as ``camera.events_status``.

Invariants: the cameras' passwords go only to the ONVIF client, never into a log
line, status or event; ``aclose`` cancels every task and ends the events still open.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from vedette_api.timestamps import now_us
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.feed.changes import ResourceKind, change_of
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.events import (
    CameraEvent,
    CameraEventPuller,
    EventKind,
    SubscriptionState,
    SubscriptionStatus,
)
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.onvif_sources import OnvifSources
from vedette_server.search.events import EventLog, EventType
from vedette_server.security.secretbox import CredentialsUnreadable
from vedette_server.system_log import LogType

log = logging.getLogger(__name__)

RESCAN_S: Final = 30.0
CAMERA_EVENT: Final = "camera.event"
EVENTS_STATUS: Final = "camera.events_status"

EVENT_TYPES: Final = {
    EventKind.MOTION: EventType.MOTION,
    EventKind.DIGITAL_INPUT: EventType.SENSOR,
}


@dataclass(frozen=True)
class EventTarget:
    """Where one camera's events come from. The password is compared, never shown."""

    camera_id: int
    name: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    unreadable: str = ""  # why the stored credentials cannot be used, if they cannot


class SystemLogWriter(Protocol):
    """What is used of ``AuditTrail``: queue one system log entry."""

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        username: str = "",
        peer: str = "",
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None: ...


class EventsState(enum.Enum):
    """A camera's event subscription as the API reports it (``CameraStatus.onvif_events``)."""

    OFF = "off"  # disabled, or no readable credentials: not tried
    NOT_SUPPORTED = "not_supported"  # the camera listed no event service
    CONNECTING = "connecting"
    SUBSCRIBED = "subscribed"
    RETRYING = "retrying"  # the last attempt failed; tried again after a backoff delay


@dataclass(frozen=True)
class EventsReport:
    state: EventsState
    detail: str = ""
    since_us: int | None = None
    subscriptions: int = 0


_REPORTED: Final = {
    SubscriptionState.CONNECTING: EventsState.CONNECTING,
    SubscriptionState.SUBSCRIBED: EventsState.SUBSCRIBED,
    SubscriptionState.FAILED: EventsState.RETRYING,
}


PullerFactory = Callable[[EventTarget, "OnvifEventWatch"], CameraEventPuller]


def _default_puller(target: EventTarget, watch: OnvifEventWatch) -> CameraEventPuller:
    async def open_device() -> OnvifDevice:
        device = OnvifDevice(target.host, target.port, target.user, target.password)
        try:
            await device.connect()
        except BaseException:
            await device.close()
            raise
        return device

    return CameraEventPuller(
        f"camera {target.camera_id} ({target.name}) at ONVIF {target.host}:{target.port}",
        open_device,
        lambda event: watch.camera_event(target, event),
        lambda status: watch.status_changed(target, status),
    )


class OnvifEventWatch:
    def __init__(
        self,
        thread: CatalogThread,
        sources: OnvifSources,
        cameras: CameraRegistry,
        events_log: EventLog,
        bus: EventBus,
        audit: SystemLogWriter,
        *,
        rescan_s: float = RESCAN_S,
        make_puller: PullerFactory = _default_puller,
    ) -> None:
        self.thread = thread
        self.sources = sources
        self.cameras = cameras
        self.events_log = events_log
        self.bus = bus
        self.audit = audit
        self.rescan_s = rescan_s
        self._make_puller = make_puller
        self._targets: dict[int, EventTarget] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._status: dict[int, SubscriptionStatus] = {}
        self._follow: asyncio.Task[None] | None = None
        self._writes: asyncio.Queue[tuple[int, CameraEvent, int] | None] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        #: (camera, kind, source) → the id and start of its event still open. Catalog
        #: thread only.
        self._open: dict[tuple[int, EventKind, str], tuple[int, int]] = {}

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._writer = loop.create_task(self._write_events(), name="onvif events log")
        self._follow = loop.create_task(self._follow_cameras(), name="onvif events watch")

    async def aclose(self) -> None:
        follow, self._follow = self._follow, None
        tasks = [t for t in (follow, *self._tasks.values()) if t is not None]
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        writer, self._writer = self._writer, None
        if writer is not None:
            self._writes.put_nowait(None)
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            await self.thread.call(self.end_all, now_us())

    def status(self, camera_id: int) -> SubscriptionStatus | None:
        """The camera's subscription state; None when it is not watched."""
        return self._status.get(camera_id) if camera_id in self._tasks else None

    def report(self, camera_id: int, *, offers_events: bool, enabled: bool) -> EventsReport:
        """The camera's event subscription for the API: ``offers_events`` and ``enabled``
        as the catalog has them now (the watch follows the catalog within ``rescan_s``,
        or at once on a camera change; until then a new camera is connecting)."""
        if not offers_events:
            return EventsReport(
                EventsState.NOT_SUPPORTED, "the camera listed no ONVIF event service"
            )
        if not enabled:
            return EventsReport(EventsState.OFF, "camera disabled")
        target = self._targets.get(camera_id)
        if target is not None and target.unreadable:
            return EventsReport(EventsState.OFF, target.unreadable)
        status = self.status(camera_id)
        if status is None:
            return EventsReport(EventsState.CONNECTING, "subscription starting")
        return EventsReport(
            _REPORTED[status.state], status.detail, status.since_us, status.subscriptions
        )

    def watched(self) -> dict[int, SubscriptionStatus]:
        return {i: self._status[i] for i in self._tasks if i in self._status}

    # -- following the cameras ----------------------------------------------------------

    async def _follow_cameras(self) -> None:
        async with self.bus.subscribe() as queue:
            while True:
                try:
                    await self.reconcile()
                except Exception:  # the next change or rescan tries again
                    log.exception("ONVIF events: could not read the cameras")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.rescan_s):
                        while True:
                            change = change_of(await queue.get())
                            if change is not None and change.kind is ResourceKind.CAMERAS:
                                break

    async def reconcile(self) -> None:
        """Start and stop subscriptions so that they match the catalog."""
        wanted = await self.thread.call(self._wanted)
        for camera_id in list(self._tasks):
            if wanted.get(camera_id) != self._targets.get(camera_id):
                self._tasks.pop(camera_id).cancel()
                self._targets.pop(camera_id, None)
                self._status.pop(camera_id, None)
                log.info("camera %d: ONVIF event subscription stopped", camera_id)
        for camera_id, target in wanted.items():
            if camera_id in self._tasks:
                continue
            self._targets[camera_id] = target
            self._status[camera_id] = SubscriptionStatus(SubscriptionState.CONNECTING)
            if target.unreadable:
                self._tasks[camera_id] = asyncio.get_running_loop().create_task(
                    _forever(), name=f"onvif events {camera_id} (no credentials)"
                )
                self.status_changed(
                    target, SubscriptionStatus(SubscriptionState.FAILED, target.unreadable)
                )
                continue
            puller = self._make_puller(target, self)
            self._tasks[camera_id] = asyncio.get_running_loop().create_task(
                puller.run(), name=f"onvif events {camera_id}"
            )
            log.info(
                "camera %d (%s): ONVIF event subscription to %s:%d starting",
                camera_id,
                target.name,
                target.host,
                target.port,
            )

    def _wanted(self) -> dict[int, EventTarget]:
        """Catalog thread: the enabled ONVIF cameras that offer events."""
        wanted = {}
        for camera_id, source in self.sources.all().items():
            if not source.capabilities.events:
                continue
            try:
                record = self.cameras.get(camera_id)
            except Exception:  # deleted meanwhile
                continue
            if not record.enabled:
                continue
            user = password = unreadable = ""
            try:
                credentials = self.cameras.credentials(camera_id)
            except CredentialsUnreadable as error:
                credentials = None
                unreadable = f"its stored credentials cannot be read ({error})"
            if credentials is not None:
                user, password = credentials.user, credentials.password
            wanted[camera_id] = EventTarget(
                camera_id, record.name, source.host, source.port, user, password, unreadable
            )
        return wanted

    # -- what the pullers report --------------------------------------------------------

    def camera_event(self, target: EventTarget, event: CameraEvent) -> None:
        state = "" if event.state is None else ("on" if event.state else "off")
        # States sent again at each (re)subscription are not news: kept out of the INFO
        # log, whose repeat limiter would otherwise drop the changes that follow them.
        log.log(
            logging.DEBUG if event.initial else logging.INFO,
            "camera %d (%s): ONVIF event %s %s%s (%s)",
            target.camera_id,
            target.name,
            event.kind.value,
            state or "now",
            f" from {event.source}" if event.source else "",
            event.topic,
        )
        self.bus.publish(
            ServerEvent(
                CAMERA_EVENT,
                {
                    "camera_id": target.camera_id,
                    "kind": event.kind.value,
                    "source": event.source,
                    "state": event.state,
                    "initial": event.initial,
                    "topic": event.topic,
                    "camera_time_us": event.time_us,
                    "event": event,  # the typed CameraEvent, for the alarm engine
                },
            )
        )
        self._writes.put_nowait((target.camera_id, event, now_us()))

    def status_changed(self, target: EventTarget, status: SubscriptionStatus) -> None:
        before = self._status.get(target.camera_id)
        self._status[target.camera_id] = status
        who = f"camera {target.camera_id} ({target.name})"
        if status.state is SubscriptionState.FAILED:
            log.warning(
                "%s: ONVIF event subscription at %s:%d failed: %s",
                who,
                target.host,
                target.port,
                status.detail,
            )
        else:
            log.info("%s: ONVIF events %s (%s)", who, status.state.value, status.detail)
        self.bus.publish(
            ServerEvent(
                EVENTS_STATUS,
                {
                    "camera_id": target.camera_id,
                    "state": status.state.value,
                    "detail": status.detail,
                    "subscriptions": status.subscriptions,
                },
            )
        )
        was = before.state if before is not None else None
        if status.state is SubscriptionState.FAILED and was is not SubscriptionState.FAILED:
            self.audit.record(
                LogType.EXCEPTION,
                "camera.events_failed",
                f"{who}: ONVIF events unavailable: {status.detail}",
                camera_id=target.camera_id,
                outcome="FAILED",
            )
        elif status.state is SubscriptionState.SUBSCRIBED and was is SubscriptionState.FAILED:
            self.audit.record(
                LogType.INFORMATION,
                "camera.events_subscribed",
                f"{who}: ONVIF events subscribed again",
                camera_id=target.camera_id,
            )

    # -- the event log --------------------------------------------------------------------

    async def _write_events(self) -> None:
        while (item := await self._writes.get()) is not None:
            camera_id, event, arrived_us = item
            try:
                await self.thread.call(self.record_event, camera_id, event, arrived_us)
            except Exception:
                log.exception("camera %d: could not log an ONVIF event", camera_id)

    def record_event(self, camera_id: int, event: CameraEvent, arrived_us: int) -> None:
        """Catalog thread: begin, end or log at once (see the module docstring)."""
        key = (camera_id, event.kind, event.source)
        at_us = arrived_us if event.server_time_us is None else event.server_time_us
        if event.state is False:
            opened = self._open.pop(key, None)
            if opened is not None:
                event_id, start_us = opened
                self.events_log.end(event_id, max(at_us, start_us))
            return
        if event.state is True and key in self._open:
            return
        what = event.kind.value.replace("_", " ")
        event_id = self.events_log.begin(
            EVENT_TYPES.get(event.kind, EventType.ANALYTICS),
            camera_id,
            at_us,
            source=event.source,
            message=f"{what} (ONVIF {event.topic})",
            detail={"kind": event.kind.value, "topic": event.topic, "items": event.items},
        )
        if event.state is None:
            self.events_log.end(event_id, at_us)
        else:
            self._open[key] = (event_id, at_us)

    def end_all(self, end_us: int) -> None:
        """Catalog thread: end every event still open (the server stops)."""
        for event_id, start_us in self._open.values():
            self.events_log.end(event_id, max(end_us, start_us))
        self._open.clear()


async def _forever() -> None:
    await asyncio.Event().wait()
