"""The ONVIF event service (ver10, ``tev:``) of one simulated camera: PullPoint only.

``/onvif/events_service`` answers GetServiceCapabilities, GetEventProperties and
CreatePullPointSubscription; each subscription has its own address
(``/onvif/subscription/N``) answering PullMessages, SetSynchronizationPoint (``tev:``),
Renew and Unsubscribe (``wsnt:``). What happens comes from the camera's event faults
(``--fault cam1:motion@10s+5s``, ``input``, ``tamper``, ``intrusion``, ``line``), checked
every ``TICK_S``, and from DeviceIO's relay (``tns1:Device/Trigger/Relay``, ``set_relay``).

Invariants:
- A property (motion, input, tamper, intrusion) is sent as ``Initialized`` to a new
  subscription and after SetSynchronizationPoint, then as ``Changed`` on each change;
  a line crossing is an instant event (no property).
- A subscription past its termination time (camera clock) is dropped: its address
  answers a fault, and it no longer takes a slot. With ``subscriptions=N`` a
  CreatePullPointSubscription beyond N live subscriptions is refused with
  ``env:Receiver / ter:CapabilityViolated / ter:MaxPullPoints``.
- A subscription's queue is bounded (``MAX_QUEUED``): the oldest messages go first.
- PullMessages waits at most its Timeout (capped at ``MAX_PULL_TIMEOUT_S``) and returns
  at once when a message is queued; at most MessageLimit messages per answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from vedette_api.timestamps import US_PER_S
from vedette_server.camsim.faults import Fault, FaultKind
from vedette_server.camsim.onvif.media import VIDEO_SOURCE_CONFIGURATION_TOKEN, VIDEO_SOURCE_TOKEN
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TT, SoapFault, SoapRequest, invalid_arg_val

log = logging.getLogger("vedette.camsim.onvif")

TEV = "http://www.onvif.org/ver10/events/wsdl"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
WSTOP = "http://docs.oasis-open.org/wsn/t-1"
TNS1 = "http://www.onvif.org/ver10/topics"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
WSN_CONCRETE = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete"
XPATH_DIALECT = "http://www.w3.org/TR/1999/REC-xpath-19991116"
MESSAGE_SCHEMA = "http://www.w3.org/2001/XMLSchema"
ANALYTICS_TOKEN = "analytics"
INPUT_TOKEN = "DI_0"
#: The relay output DeviceIO drives (camsim/onvif/deviceio.py).
RELAY_TOKEN = "RO_0"

TICK_S = 0.1
MAX_QUEUED = 1000
MAX_PULL_TIMEOUT_S = 300.0
MAX_MESSAGE_LIMIT = 1024
DEFAULT_TERMINATION_S = 60.0
MAX_TERMINATION_S = 24 * 3600.0

_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


@dataclass(frozen=True)
class Topic:
    """One topic camsim can raise: its items as ``(name, xsd type)``."""

    path: str  # under tns1:, e.g. "VideoSource/MotionAlarm"
    source: tuple[tuple[str, str], ...]
    data: tuple[tuple[str, str], ...]
    is_property: bool
    source_values: tuple[str, ...]
    #: How a property's state is written: (off, on).
    values: tuple[str, str] = ("false", "true")

    @property
    def expression(self) -> str:
        return f"tns1:{self.path}"

    def value(self, state: bool) -> str:
        return self.values[state]


_ANALYTICS_SOURCE = (
    ("VideoSourceConfigurationToken", "tt:ReferenceToken"),
    ("VideoAnalyticsConfigurationToken", "tt:ReferenceToken"),
    ("Rule", "xs:string"),
)
_ANALYTICS_VALUES = (VIDEO_SOURCE_CONFIGURATION_TOKEN, ANALYTICS_TOKEN)

MOTION = Topic(
    "VideoSource/MotionAlarm",
    (("Source", "tt:ReferenceToken"),),
    (("State", "xs:boolean"),),
    True,
    (VIDEO_SOURCE_TOKEN,),
)
CELL_MOTION = Topic(
    "RuleEngine/CellMotionDetector/Motion",
    _ANALYTICS_SOURCE,
    (("IsMotion", "xs:boolean"),),
    True,
    (*_ANALYTICS_VALUES, "MotionDetectorRule"),
)
DIGITAL_INPUT = Topic(
    "Device/Trigger/DigitalInput",
    (("InputToken", "tt:ReferenceToken"),),
    (("LogicalState", "xs:boolean"),),
    True,
    (INPUT_TOKEN,),
)
TAMPER = Topic(
    "VideoSource/GlobalSceneChange/ImagingService",
    (("Source", "tt:ReferenceToken"),),
    (("State", "xs:boolean"),),
    True,
    (VIDEO_SOURCE_TOKEN,),
)
LINE_CROSSED = Topic(
    "RuleEngine/LineDetector/Crossed",
    _ANALYTICS_SOURCE,
    (("ObjectId", "xs:integer"),),
    False,
    (*_ANALYTICS_VALUES, "LineCrossingRule"),
)
OBJECTS_INSIDE = Topic(
    "RuleEngine/FieldDetector/ObjectsInside",
    _ANALYTICS_SOURCE,
    (("IsInside", "xs:boolean"),),
    True,
    (*_ANALYTICS_VALUES, "FieldDetectorRule"),
)
#: A relay output's state, set by DeviceIO's SetRelayOutputState (not by a fault).
RELAY = Topic(
    "Device/Trigger/Relay",
    (("RelayToken", "tt:ReferenceToken"),),
    (("LogicalState", "tt:RelayLogicalState"),),
    True,
    (RELAY_TOKEN,),
    ("inactive", "active"),
)
TOPICS = (MOTION, CELL_MOTION, DIGITAL_INPUT, TAMPER, LINE_CROSSED, OBJECTS_INSIDE, RELAY)
#: Which topic each event fault raises.
FAULT_TOPICS = {
    FaultKind.MOTION: MOTION,
    FaultKind.INPUT: DIGITAL_INPUT,
    FaultKind.TAMPER: TAMPER,
    FaultKind.INTRUSION: OBJECTS_INSIDE,
    FaultKind.LINE: LINE_CROSSED,
}
#: The properties the fault schedule sets (the others are set by requests: RELAY).
SCHEDULED = tuple(t for t in FAULT_TOPICS.values() if t.is_property)


@dataclass(frozen=True)
class EventMessage:
    """One notification: a topic's value at an instant (camera clock, µs)."""

    topic: Topic
    time_us: int
    operation: str  # "Initialized", "Changed" (properties), "" (an instant event)
    value: str  # the Data item's value: "true"/"false", or an object id


@dataclass
class Subscription:
    id: int
    termination_us: int
    queue: deque[EventMessage] = field(default_factory=lambda: deque(maxlen=MAX_QUEUED))
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def put(self, message: EventMessage) -> None:
        self.queue.append(message)
        self.arrived.set()


def parse_xs_duration(text: str) -> float:
    """Seconds of an xs:duration without years or months (``PT60S``, ``PT10M``, ``P1D``)."""
    match = _DURATION.match(text.strip())
    if not match or text.strip() in ("P", "PT"):
        raise ValueError(f"{text!r} is not a duration such as PT60S")
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None}
    return (
        parts.get("d", 0.0) * 86400
        + parts.get("h", 0.0) * 3600
        + parts.get("m", 0.0) * 60
        + parts.get("s", 0.0)
    )


def _parse_datetime_us(text: str) -> int:
    when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return round(when.timestamp() * US_PER_S)


def xs_datetime(instant_us: int) -> str:
    when = datetime.fromtimestamp(instant_us / US_PER_S, UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _datetime(instant_us: int) -> datetime:
    return datetime.fromtimestamp(instant_us / US_PER_S, UTC)


class CameraEvents:
    """The camera's event state: property values from the fault schedule, and its
    subscriptions. ``tick`` (every ``TICK_S``) applies the schedule."""

    def __init__(self, camera: OnvifCameraModel, faults: tuple[Fault, ...]) -> None:
        self.camera = camera
        self.schedule = [f for f in faults if f.kind in FAULT_TOPICS]
        slots = [f for f in faults if f.kind is FaultKind.SUBSCRIPTIONS]
        self.max_subscriptions: int | None = int(slots[-1].value) if slots else None
        self.states: dict[Topic, bool] = {t: False for t in TOPICS if t.is_property}
        self.subscriptions: dict[int, Subscription] = {}
        self._crossed: set[Fault] = set()
        self._ids = itertools.count(1)
        self._objects = itertools.count(1)

    def now_us(self) -> int:
        return self.camera.clock.now_us()

    def tick(self) -> None:
        elapsed_s = self.camera.clock.elapsed_s()
        now = self.now_us()
        wanted = dict.fromkeys(SCHEDULED, False)
        for fault in self.schedule:
            topic = FAULT_TOPICS[fault.kind]
            if topic.is_property:
                wanted[topic] = wanted[topic] or fault.active(elapsed_s)
            elif elapsed_s >= fault.start_s and fault not in self._crossed:
                self._crossed.add(fault)
                self._send(EventMessage(topic, now, "", str(next(self._objects))))
        for topic, state in wanted.items():
            if self.change(topic, state):
                log.info("%s: event %s = %s", self.camera.name, topic.expression, state)
        self.drop_expired(now)

    def change(self, topic: Topic, state: bool) -> bool:
        """Set the property ``topic`` (a ``Changed`` message to every subscription when
        it changes); whether it changed."""
        if state == self.states[topic]:
            return False
        self.states[topic] = state
        self._send(EventMessage(topic, self.now_us(), "Changed", topic.value(state)))
        return True

    def set_relay(self, token: str, active: bool) -> None:
        """The relay output ``token`` is now ``active`` or not (DeviceIO calls this)."""
        if token == RELAY_TOKEN:
            self.change(RELAY, active)

    def _send(self, message: EventMessage) -> None:
        for subscription in self.subscriptions.values():
            subscription.put(message)

    def drop_expired(self, now_us: int) -> None:
        for key, subscription in list(self.subscriptions.items()):
            if subscription.termination_us <= now_us:
                del self.subscriptions[key]
                subscription.arrived.set()  # a pull waiting on it ends
                log.info("%s: subscription %d expired", self.camera.name, key)

    def forget_subscriptions(self) -> None:
        """Every subscription is gone (the camera rebooted); a pull waiting returns."""
        for subscription in self.subscriptions.values():
            subscription.arrived.set()
        self.subscriptions.clear()

    def initial_messages(self) -> list[EventMessage]:
        now = self.now_us()
        return [EventMessage(t, now, "Initialized", t.value(s)) for t, s in self.states.items()]

    def subscribe(self, termination_us: int) -> Subscription:
        self.drop_expired(self.now_us())
        limit = self.max_subscriptions
        if limit is not None and len(self.subscriptions) >= limit:
            raise SoapFault(
                "Receiver",
                ("CapabilityViolated", "MaxPullPoints"),
                f"no pull point left: {len(self.subscriptions)} of {limit} subscriptions in use",
            )
        subscription = Subscription(next(self._ids), termination_us)
        for message in self.initial_messages():
            subscription.put(message)
        self.subscriptions[subscription.id] = subscription
        return subscription

    def find(self, subscription_id: int | None) -> Subscription:
        self.drop_expired(self.now_us())
        found = self.subscriptions.get(subscription_id) if subscription_id is not None else None
        if found is None:
            raise SoapFault(
                "Sender",
                ("InvalidArgVal", "ResourceUnknown"),
                f"no subscription {subscription_id}: it expired, was unsubscribed or never was",
            )
        return found


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _termination_us(text: str | None, now_us: int, default_s: float) -> int:
    """An AbsoluteOrRelativeTimeType (``PT60S`` or a dateTime) as camera µs."""
    if text is None or not text.strip():
        return now_us + round(default_s * US_PER_S)
    text = text.strip()
    try:
        if text.startswith(("P", "-P")):
            seconds = parse_xs_duration(text)
            return now_us + round(min(seconds, MAX_TERMINATION_S) * US_PER_S)
        return min(_parse_datetime_us(text), now_us + round(MAX_TERMINATION_S * US_PER_S))
    except ValueError as error:
        raise invalid_arg_val(
            "InvalidTerminationTime", f"termination time {text!r}: {error}"
        ) from None
    except OverflowError:
        raise invalid_arg_val(
            "InvalidTerminationTime", f"termination time {text!r} is out of range"
        ) from None


def _subscription_id(request: SoapRequest) -> int | None:
    tail = request.path.rstrip("/").rpartition("/")[2]
    return int(tail) if tail.isdigit() else None


class EventsService:
    """``/onvif/events_service``: capabilities, topics, new PullPoint subscriptions."""

    namespace = TEV

    def __init__(self, events: CameraEvents, schema: OnvifSchema) -> None:
        self.events = events
        self.schema = schema
        self.operations: dict[str, Callable[[SoapRequest], etree._Element]] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetEventProperties": self.get_event_properties,
            "CreatePullPointSubscription": self.create_pull_point_subscription,
        }
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.events.forget_subscriptions()

    async def _run(self) -> None:
        while True:
            try:
                self.events.tick()
            except Exception:  # a bug here must not stop the schedule
                log.exception("%s: event schedule failed", self.events.camera.name)
            await asyncio.sleep(TICK_S)

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        return self.schema.render(
            TEV, "GetServiceCapabilitiesResponse", Capabilities=capabilities()
        )

    def get_event_properties(self, request: SoapRequest) -> etree._Element:
        response = self.schema.render(
            TEV,
            "GetEventPropertiesResponse",
            TopicNamespaceLocation=["http://www.onvif.org/onvif/ver10/topics/topicns.xml"],
            FixedTopicSet=True,
            TopicSet={},
            TopicExpressionDialect=[CONCRETE_SET, WSN_CONCRETE],
            MessageContentFilterDialect=[XPATH_DIALECT],
            MessageContentSchemaLocation=["http://www.onvif.org/onvif/ver10/schema/onvif.xsd"],
        )
        topic_set = response.find(f"{{{WSTOP}}}TopicSet")
        assert topic_set is not None  # rendered just above
        for topic in TOPICS:
            _add_topic(topic_set, topic)
        return response

    def create_pull_point_subscription(self, request: SoapRequest) -> etree._Element:
        now = self.events.now_us()
        text = request.find_text("InitialTerminationTime", TEV)
        termination = _termination_us(text, now, DEFAULT_TERMINATION_S)
        subscription = self.events.subscribe(termination)
        address = self.events.camera.subscription_url(subscription.id)
        log.info("%s: subscription %d created", self.events.camera.name, subscription.id)
        return self.schema.render(
            TEV,
            "CreatePullPointSubscriptionResponse",
            SubscriptionReference={"Address": {"_value_1": address}},
            CurrentTime=_datetime(now),
            TerminationTime=_datetime(subscription.termination_us),
        )


class SubscriptionService:
    """``/onvif/subscription/N``: one subscription's pulls, renewals and end."""

    namespace = TEV

    def __init__(self, events: CameraEvents, schema: OnvifSchema) -> None:
        self.events = events
        self.schema = schema
        self.operations: dict[str, Callable[[SoapRequest], etree._Element]] = {
            "SetSynchronizationPoint": self.set_synchronization_point,
        }
        #: Operations answered after a wait (the endpoint awaits them).
        self.async_operations: dict[str, Callable[[SoapRequest], Awaitable[etree._Element]]] = {
            "PullMessages": self.pull_messages,
        }
        #: Operations of the base notification namespace (``wsnt:``).
        self.other_operations: dict[tuple[str, str], Callable[[SoapRequest], etree._Element]] = {
            (WSNT, "Renew"): self.renew,
            (WSNT, "Unsubscribe"): self.unsubscribe,
        }

    async def pull_messages(self, request: SoapRequest) -> etree._Element:
        subscription = self.events.find(_subscription_id(request))
        timeout_text = request.find_text("Timeout", TEV)
        limit_text = request.find_text("MessageLimit", TEV)
        try:
            timeout_s = parse_xs_duration(timeout_text or "PT0S")
            limit = int(limit_text or "1")
        except ValueError as error:
            raise invalid_arg_val("InvalidArgs", f"PullMessages: {error}") from None
        if limit < 1:
            raise invalid_arg_val("InvalidArgs", f"PullMessages: MessageLimit {limit} must be ≥ 1")
        limit = min(limit, MAX_MESSAGE_LIMIT)
        timeout_s = min(timeout_s, MAX_PULL_TIMEOUT_S)
        if not subscription.queue and timeout_s > 0:
            subscription.arrived.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout_s):
                    await subscription.arrived.wait()
        count = min(limit, len(subscription.queue))
        messages = [subscription.queue.popleft() for _ in range(count)]
        if not subscription.queue:
            subscription.arrived.clear()
        now = self.events.now_us()
        response = self.schema.render(
            TEV,
            "PullMessagesResponse",
            CurrentTime=_datetime(now),
            TerminationTime=_datetime(subscription.termination_us),
        )
        for message in messages:
            response.append(notification(message))
        return response

    def set_synchronization_point(self, request: SoapRequest) -> etree._Element:
        subscription = self.events.find(_subscription_id(request))
        for message in self.events.initial_messages():
            subscription.put(message)
        return self.schema.render(TEV, "SetSynchronizationPointResponse")

    def renew(self, request: SoapRequest) -> etree._Element:
        subscription = self.events.find(_subscription_id(request))
        now = self.events.now_us()
        text = request.find_text("TerminationTime", WSNT)
        subscription.termination_us = _termination_us(text, now, DEFAULT_TERMINATION_S)
        return self.schema.render(
            WSNT,
            "RenewResponse",
            TerminationTime=_datetime(subscription.termination_us),
            CurrentTime=_datetime(now),
        )

    def unsubscribe(self, request: SoapRequest) -> etree._Element:
        subscription = self.events.find(_subscription_id(request))
        del self.events.subscriptions[subscription.id]
        subscription.arrived.set()
        log.info("%s: subscription %d ended", self.events.camera.name, subscription.id)
        return self.schema.render(WSNT, "UnsubscribeResponse")


def capabilities() -> dict[str, object]:
    return {
        "WSSubscriptionPolicySupport": False,
        "WSPullPointSupport": True,
        "WSPausableSubscriptionManagerInterfaceSupport": False,
        "MaxNotificationProducers": 0,
        "MaxPullPoints": 0,
        "PersistentNotificationStorage": False,
    }


def events_capabilities(schema: OnvifSchema) -> etree._Element:
    """The ``tev:Capabilities`` element GetServices shows with IncludeCapability."""
    return schema.render(TEV, "Capabilities", **capabilities())


def _add_topic(topic_set: etree._Element, topic: Topic) -> None:
    parent = topic_set
    segments = topic.path.split("/")
    for segment in segments:
        child = parent.find(f"{{{TNS1}}}{segment}")
        if child is None:
            child = etree.SubElement(parent, f"{{{TNS1}}}{segment}", nsmap={"tns1": TNS1})
        parent = child
    parent.set(f"{{{WSTOP}}}topic", "true")
    description = etree.SubElement(parent, f"{{{TT}}}MessageDescription")
    description.set("IsProperty", _bool(topic.is_property))
    for part, items in (("Source", topic.source), ("Data", topic.data)):
        holder = etree.SubElement(description, f"{{{TT}}}{part}")
        for name, kind in items:
            item = etree.SubElement(holder, f"{{{TT}}}SimpleItemDescription")
            item.set("Name", name)
            item.set("Type", kind)


def notification(message: EventMessage) -> etree._Element:
    """A ``wsnt:NotificationMessage`` holding a ``tt:Message``."""
    holder = etree.Element(f"{{{WSNT}}}NotificationMessage", nsmap={"wsnt": WSNT, "tns1": TNS1})
    topic = etree.SubElement(holder, f"{{{WSNT}}}Topic")
    topic.set("Dialect", CONCRETE_SET)
    topic.text = message.topic.expression
    body = etree.SubElement(holder, f"{{{WSNT}}}Message")
    tt_message = etree.SubElement(body, f"{{{TT}}}Message", nsmap={"tt": TT})
    tt_message.set("UtcTime", xs_datetime(message.time_us))
    if message.operation:
        tt_message.set("PropertyOperation", message.operation)
    source = etree.SubElement(tt_message, f"{{{TT}}}Source")
    for (name, _), value in zip(message.topic.source, message.topic.source_values, strict=True):
        item = etree.SubElement(source, f"{{{TT}}}SimpleItem")
        item.set("Name", name)
        item.set("Value", value)
    data = etree.SubElement(tt_message, f"{{{TT}}}Data")
    item = etree.SubElement(data, f"{{{TT}}}SimpleItem")
    item.set("Name", message.topic.data[0][0])
    item.set("Value", message.value)
    return holder
