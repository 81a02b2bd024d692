"""ONVIF events of one camera over a PullPoint subscription, as typed camera events.

``topic_kind`` maps the standard topics to what the server knows (motion, digital
input, tamper, line crossing, intrusion, object left/removed); ``parse_notification``
reads one ``tt:Message`` (source tokens and state from its SimpleItems).
``CameraEventPuller.run`` keeps one subscription alive for as long as it runs:

  connect → CreatePullPointSubscription → SetSynchronizationPoint → PullMessages
  (long poll) … Renew before the termination time … and, on any failure (a fault,
  the subscription gone after a reboot, the camera unreachable), start again after
  a backoff delay.

Invariants:
- Every change of the subscription's state is reported (``on_status``) with the
  reason when it failed; a failing camera is never silent.
- A subscription is renewed at ``RENEW_FRACTION`` of the lifetime the camera granted
  (its TerminationTime minus its CurrentTime), so the camera's clock offset does
  not matter; a camera granting less than asked is renewed sooner.
- One pull waits at most ``pull_s`` (the camera may answer sooner); the whole call
  is bounded by that plus the device's call bound.
- Leaving (cancelled) unsubscribes best effort, bounded, and closes the device.
- An event is dated on the server's clock by its age on the camera's (its reply's
  CurrentTime minus its UtcTime, kept in [0, MAX_EVENT_AGE_S]) subtracted from the
  reply's arrival (``CameraEvent.server_time_us``): when it happened, not when the
  server noticed, whatever the camera's clock offset.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from lxml import etree

from vedette_api.timestamps import US_PER_S, now_us
from vedette_server.ingest.backoff import SLOW_CAP_S, Backoff
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import NotAuthorised, NotOnvifDevice, OnvifError

log = logging.getLogger(__name__)

TT: Final = "http://www.onvif.org/ver10/schema"
LIFETIME_S: Final = 600.0  # as Home Assistant: 10 min, renewed well before
RENEW_FRACTION: Final = 0.8
PULL_S: Final = 20.0
MESSAGE_LIMIT: Final = 100
UNSUBSCRIBE_TIMEOUT_S: Final = 3.0
MIN_LIFETIME_S: Final = 2.0
#: The oldest an event is dated by its camera's time, relative to its reply: well
#: within the keeper's look-back (recording/keeper.py LOOKBACK_US, 120 s).
MAX_EVENT_AGE_S: Final = 60


class EventKind(enum.Enum):
    MOTION = "motion"
    DIGITAL_INPUT = "digital_input"
    TAMPER = "tamper"
    LINE_CROSSING = "line_crossing"
    INTRUSION = "intrusion"
    OBJECT_LEFT = "object_left"
    OBJECT_REMOVED = "object_removed"


#: Topic (without its prefix) → kind; the longest matching prefix wins.
TOPIC_KINDS: Final = {
    "VideoSource/MotionAlarm": EventKind.MOTION,
    "RuleEngine/CellMotionDetector/Motion": EventKind.MOTION,
    "RuleEngine/MotionRegionDetector/Motion": EventKind.MOTION,
    "Device/Trigger/DigitalInput": EventKind.DIGITAL_INPUT,
    "Device/IO/DigitalInput": EventKind.DIGITAL_INPUT,
    "VideoSource/GlobalSceneChange": EventKind.TAMPER,
    "VideoSource/ImageTooBlurry": EventKind.TAMPER,
    "VideoSource/ImageTooDark": EventKind.TAMPER,
    "VideoSource/ImageTooBright": EventKind.TAMPER,
    "RuleEngine/TamperDetector": EventKind.TAMPER,
    "RuleEngine/LineDetector/Crossed": EventKind.LINE_CROSSING,
    "RuleEngine/FieldDetector/ObjectsInside": EventKind.INTRUSION,
    "RuleEngine/ObjectAbandoned": EventKind.OBJECT_LEFT,
    "RuleEngine/ObjectLeft": EventKind.OBJECT_LEFT,
    "RuleEngine/ObjectRemoved": EventKind.OBJECT_REMOVED,
    "RuleEngine/ObjectMissing": EventKind.OBJECT_REMOVED,
}
#: Data items that carry a boolean state, by name.
STATE_ITEMS: Final = (
    "State",
    "IsMotion",
    "LogicalState",
    "IsInside",
    "IsTamper",
    "IsTooBlurry",
    "IsTooDark",
    "IsTooBright",
    "IsGlobalSceneChange",
)
#: Source items naming what raised the event, most specific first.
SOURCE_ITEMS: Final = (
    "InputToken",
    "Source",
    "VideoSourceToken",
    "VideoSourceConfigurationToken",
)


def bare_topic(topic: str) -> str:
    """``tns1:VideoSource/MotionAlarm`` → ``VideoSource/MotionAlarm`` (each segment's
    prefix dropped: cameras use tns1, ns0 or vendor prefixes)."""
    return "/".join(part.rpartition(":")[2] for part in topic.strip().split("/") if part)


def topic_kind(topic: str) -> EventKind | None:
    """The kind of a topic, or None for one the server does not know."""
    bare = bare_topic(topic)
    best: tuple[int, EventKind] | None = None
    for prefix, kind in TOPIC_KINDS.items():
        if (bare == prefix or bare.startswith(prefix + "/")) and (
            best is None or len(prefix) > best[0]
        ):
            best = (len(prefix), kind)
    return None if best is None else best[1]


@dataclass(frozen=True)
class CameraEvent:
    """One ONVIF notification of a known kind."""

    kind: EventKind
    topic: str  # as the camera wrote it
    source: str  # the input token, video source or rule; "" when the camera named none
    state: bool | None  # None: an instant event (a line crossing)
    initial: bool  # PropertyOperation Initialized: a state at (re)subscription, not a change
    time_us: int  # the camera's UtcTime (µs), or when it arrived if unreadable
    items: dict[str, str] = field(default_factory=dict)  # every Source and Data item
    #: When it happened on the server's clock (µs): the reply's arrival minus the
    #: event's age on the camera's clock (the reply's CurrentTime − UtcTime), so a
    #: camera clock that is off does not matter. None when the camera gave no readable
    #: time (the event log then uses its arrival).
    server_time_us: int | None = None


@dataclass(frozen=True)
class ReplyClock:
    """A PullMessages reply's CurrentTime (camera clock) and when it arrived (server
    clock), both µs: what dates the reply's events on the server's clock."""

    camera_now_us: int
    received_us: int

    def server_time_us(self, camera_us: int) -> int:
        """``camera_us`` (camera clock) on the server's clock; the age is kept in
        [0, MAX_EVENT_AGE_S] (a camera cannot report the future, and an event is never
        dated before the keeper would look for it)."""
        age_us = min(max(0, self.camera_now_us - camera_us), MAX_EVENT_AGE_S * US_PER_S)
        return self.received_us - age_us


@dataclass(frozen=True)
class _Fields:
    source: dict[str, str]
    data: dict[str, str]
    operation: str
    utc: Any  # a datetime, an xs:dateTime text or None


def _element_items(message: etree._Element, part: str) -> dict[str, str]:
    found: dict[str, str] = {}
    holder = message.find(f"{{{TT}}}{part}")
    if holder is None:
        return found
    for item in holder.iter(f"{{{TT}}}SimpleItem"):
        name, value = item.get("Name"), item.get("Value")
        if name and value is not None:
            found[name] = value
    return found


def _object_items(message: Any, part: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in getattr(getattr(message, part, None), "SimpleItem", None) or []:
        name, value = getattr(item, "Name", None), getattr(item, "Value", None)
        if isinstance(name, str) and name and value is not None:
            found[name] = str(value)
    return found


def _fields(message: Any) -> _Fields | None:
    """A ``tt:Message`` as an lxml element (a camera's own schema) or as the zeep
    object onvif-zeep-async makes of it (the ONVIF schema knows ``tt:Message``)."""
    if isinstance(message, etree._Element):
        if message.tag != f"{{{TT}}}Message":
            inner = message.find(f".//{{{TT}}}Message")
            if inner is None:
                return None
            message = inner
        return _Fields(
            _element_items(message, "Source"),
            _element_items(message, "Data"),
            message.get("PropertyOperation") or "",
            message.get("UtcTime"),
        )
    if message is None or not hasattr(message, "Data"):
        return None
    return _Fields(
        _object_items(message, "Source"),
        _object_items(message, "Data"),
        str(getattr(message, "PropertyOperation", None) or ""),
        getattr(message, "UtcTime", None),
    )


def _state(data: dict[str, str]) -> bool | None:
    for name in STATE_ITEMS:
        if name in data:
            value = data[name].strip().lower()
            if value in ("true", "1", "active", "on"):
                return True
            if value in ("false", "0", "inactive", "off"):
                return False
    return None


def camera_time_us(value: Any) -> int | None:
    """An xs:dateTime (a datetime or its text; UTC when it names no zone) in µs;
    None when it is missing or unreadable."""
    when = value if isinstance(value, dt.datetime) else None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    with contextlib.suppress(OverflowError, OSError, ValueError):
        return round(when.timestamp() * US_PER_S)
    return None


def parse_notification(
    topic: str, message: Any, clock: ReplyClock | None = None
) -> CameraEvent | None:
    """A ``tt:Message`` (lxml element or zeep object) under ``topic`` as a
    CameraEvent, dated on the server's clock by ``clock`` (its reply's) when the
    message and the reply both have a time; None when the topic is not one the
    server knows or the message is not a ``tt:Message``."""
    kind = topic_kind(topic)
    fields = _fields(message) if kind is not None else None
    if kind is None or fields is None:
        return None
    source = next((fields.source[n] for n in SOURCE_ITEMS if n in fields.source), "")
    rule = fields.source.get("Rule")
    if rule:
        source = f"{source}/{rule}" if source else rule
    camera_us = camera_time_us(fields.utc)
    return CameraEvent(
        kind=kind,
        topic=topic.strip(),
        source=source,
        state=_state(fields.data),
        initial=fields.operation == "Initialized",
        time_us=now_us() if camera_us is None else camera_us,
        items={**fields.source, **fields.data},
        server_time_us=(
            None if camera_us is None or clock is None else clock.server_time_us(camera_us)
        ),
    )


def notifications(reply: Any) -> Iterable[tuple[str, Any]]:
    """(topic text, message element) of each NotificationMessage of a PullMessages
    reply as onvif-zeep-async parses it (Topic and Message hold ``_value_1``)."""
    for holder in getattr(reply, "NotificationMessage", None) or []:
        topic = getattr(getattr(holder, "Topic", None), "_value_1", None)
        message = getattr(getattr(holder, "Message", None), "_value_1", None)
        if isinstance(topic, str):
            yield topic, message


class SubscriptionState(enum.Enum):
    CONNECTING = "connecting"
    SUBSCRIBED = "subscribed"
    FAILED = "failed"


@dataclass(frozen=True)
class SubscriptionStatus:
    state: SubscriptionState
    detail: str = ""  # why it failed, or where it is subscribed
    since_us: int = field(default_factory=now_us)
    subscriptions: int = 0  # how many subscriptions were made so far (1 + re-subscriptions)


def granted_lifetime_s(reply: Any, asked_s: float) -> float:
    """The lifetime the camera granted: its TerminationTime minus its CurrentTime."""
    current = getattr(reply, "CurrentTime", None)
    termination = getattr(reply, "TerminationTime", None)
    if isinstance(current, dt.datetime) and isinstance(termination, dt.datetime):
        with contextlib.suppress(TypeError):
            return max(MIN_LIFETIME_S, (termination - current).total_seconds())
    return asked_s


class SubscriptionLost(Exception):
    """The camera's reply says the subscription cannot go on."""


async def _asked(operation: str, call: Awaitable[Any]) -> Any:
    """``call``'s reply; a SOAP fault (the camera answered, and said no) becomes
    SubscriptionLost naming the operation and the camera's reason."""
    try:
        return await call
    except NotOnvifDevice as error:
        raise SubscriptionLost(f"{operation} refused by the camera: {error.why}") from error


class CameraEventPuller:
    """Keeps one PullPoint subscription on one camera; ``run`` until cancelled.

    ``open_device`` returns a connected OnvifDevice (it raises an OnvifError when it
    cannot); the puller closes it. ``on_event`` gets every known event, ``on_status``
    every change of state. Both are called on the event loop and must not block."""

    def __init__(
        self,
        name: str,
        open_device: Callable[[], Awaitable[OnvifDevice]],
        on_event: Callable[[CameraEvent], None],
        on_status: Callable[[SubscriptionStatus], None],
        *,
        lifetime_s: float = LIFETIME_S,
        pull_s: float = PULL_S,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = name
        self._open_device = open_device
        self._on_event = on_event
        self._on_status = on_status
        self.lifetime_s = lifetime_s
        self.pull_s = pull_s
        self._backoff = backoff or Backoff(base_s=1.0, cap_s=30.0, stable_s=60.0)
        self.subscriptions = 0
        self.status = SubscriptionStatus(SubscriptionState.CONNECTING)
        self._unknown_topics: set[str] = set()
        self._delay_s = 0.0

    def _set_status(self, state: SubscriptionState, detail: str = "") -> None:
        if (state, detail) == (self.status.state, self.status.detail):
            return
        self.status = SubscriptionStatus(state, detail, subscriptions=self.subscriptions)
        self._on_status(self.status)

    async def run(self) -> None:
        while True:
            try:
                await self._subscribe_and_pull()
            except asyncio.CancelledError:
                raise
            except OnvifError as error:
                cap = SLOW_CAP_S if isinstance(error, NotAuthorised) else None
                self._failed(str(error), cap)
            except SubscriptionLost as error:
                self._failed(str(error), None)
            except Exception as error:  # a library surprise: said, and tried again
                log.exception("%s: ONVIF event subscription failed", self.name)
                self._failed(f"{type(error).__name__}: {error}", None)
            await asyncio.sleep(self._delay_s)

    def _failed(self, detail: str, cap_s: float | None) -> None:
        self._delay_s = self._backoff.next_delay_s(time.monotonic(), cap_s=cap_s)
        self._set_status(SubscriptionState.FAILED, detail)

    async def _subscribe_and_pull(self) -> None:
        device = await self._open_device()
        address: str | None = None
        try:
            reply = await _asked(
                "CreatePullPointSubscription",
                device.call(
                    "events",
                    "CreatePullPointSubscription",
                    {"InitialTerminationTime": _duration(self.lifetime_s)},
                ),
            )
            address = _subscription_address(reply)
            if address is None:
                raise SubscriptionLost("CreatePullPointSubscription gave no subscription address")
            self.subscriptions += 1
            self._backoff.connected(time.monotonic())
            lifetime = granted_lifetime_s(reply, self.lifetime_s)
            self._set_status(SubscriptionState.SUBSCRIBED, f"subscription {address}")
            # The camera sends every property's state again (Initialized): nothing that
            # changed while the server was not subscribed is missed.
            await _asked(
                "SetSynchronizationPoint",
                device.call_subscription(address, "pullpoint", "SetSynchronizationPoint"),
            )
            await self._pull(device, address, lifetime)
        finally:
            if address is not None:
                with contextlib.suppress(Exception):
                    await device.call_subscription(
                        address, "subscription", "Unsubscribe", timeout_s=UNSUBSCRIBE_TIMEOUT_S
                    )
            await device.close()

    async def _pull(self, device: OnvifDevice, address: str, lifetime_s: float) -> None:
        loop = asyncio.get_running_loop()
        renew_at = loop.time() + lifetime_s * RENEW_FRACTION
        while True:
            # A pull lasts whole seconds: renew first when less than one is left.
            if loop.time() >= renew_at - 1.0:
                reply = await _asked(
                    "Renew",
                    device.call_subscription(
                        address,
                        "subscription",
                        "Renew",
                        {"TerminationTime": _duration(self.lifetime_s)},
                    ),
                )
                lifetime_s = granted_lifetime_s(reply, self.lifetime_s)
                renew_at = loop.time() + lifetime_s * RENEW_FRACTION
            wait_s = float(max(1, int(min(self.pull_s, renew_at - loop.time()))))
            reply = await _asked(
                "PullMessages",
                device.call_subscription(
                    address,
                    "pullpoint",
                    "PullMessages",
                    {
                        "Timeout": dt.timedelta(seconds=wait_s),
                        "MessageLimit": MESSAGE_LIMIT,
                    },
                    timeout_s=wait_s + device.timeout_s,
                ),
            )
            received_us = now_us()
            camera_now = camera_time_us(getattr(reply, "CurrentTime", None))
            clock = None if camera_now is None else ReplyClock(camera_now, received_us)
            for topic, message in notifications(reply):
                event = parse_notification(topic, message, clock)
                if event is not None:
                    self._on_event(event)
                elif topic not in self._unknown_topics:
                    self._unknown_topics.add(topic)
                    log.info(
                        "%s: ONVIF event topic %s is not one the server maps", self.name, topic
                    )


def _duration(seconds: float) -> str:
    return f"PT{max(1, round(seconds))}S"


def _subscription_address(reply: Any) -> str | None:
    reference = getattr(reply, "SubscriptionReference", None)
    address = getattr(reference, "Address", None)
    value = getattr(address, "_value_1", address)
    return value.strip() if isinstance(value, str) and value.strip() else None
