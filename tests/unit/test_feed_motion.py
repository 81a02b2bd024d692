"""Motion on the live feed (LIVE-03): a camera's motion starting and ending reaches
those who see the camera, whatever kinds they watch; a new subscription, and one that
fell behind, is told (after its reloads) which cameras have motion on now."""

from __future__ import annotations

import asyncio

from tests.unit.test_feed import _next, principal

from vedette_server.accounts.rights import CameraRight
from vedette_server.events import EventBus, ServerEvent
from vedette_server.feed.changes import ResourceKind, reload
from vedette_server.feed.hub import ChangeFeed
from vedette_server.feed.motion import MotionSignal, detector_motion, motion_of


def motion_event(camera_id: int, state: bool | None, kind: str = "motion") -> ServerEvent:
    """As the motion runner publishes it."""
    facts = {
        "camera_id": camera_id,
        "kind": kind,
        "source": "vedette motion",
        "state": state,
        "initial": False,
        "topic": "",
        "camera_time_us": 1_000,
        "areas": ["body"] if state else [],
    }
    return ServerEvent("camera.event", facts)


def test_motion_goes_to_who_sees_the_camera_and_other_camera_events_do_not() -> None:
    async def scenario() -> None:
        bus = EventBus()
        feed = ChangeFeed(bus)
        sees_1 = principal("a", cameras={CameraRight.LIVE: frozenset({1})})
        sees_2 = principal("b", cameras={CameraRight.LIVE: frozenset({2})})
        async with (
            feed.subscribe([ResourceKind.VOLUMES], lambda: sees_1) as first,
            feed.subscribe([ResourceKind.CAMERAS], lambda: sees_2) as second,
        ):
            bus.publish(motion_event(1, None))  # a pulse without a state: not motion on/off
            bus.publish(motion_event(1, True, kind="tampering"))
            bus.publish(motion_event(1, True))
            bus.publish(motion_event(2, True))
            bus.publish(motion_event(1, False))
            on = MotionSignal(1, True, "vedette motion", 1_000, ("body",))
            assert [(await _next(first)).change for _ in range(2)] == [
                on,
                MotionSignal(1, False, "vedette motion", 1_000, ()),
            ]
            assert (await _next(second)).change == MotionSignal(
                2, True, "vedette motion", 1_000, ("body",)
            )

    asyncio.run(scenario())


def test_a_new_or_overflowed_subscription_is_told_the_motion_on_now() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=2)
        feed = ChangeFeed(bus)
        feed.motion_now = detector_motion(lambda: [1, 3])
        sees_1 = principal("a", cameras={CameraRight.LIVE: frozenset({1})})
        async with feed.subscribe([ResourceKind.CAMERA_STATUS], lambda: sees_1) as sub:
            assert (await _next(sub)).change == MotionSignal(1, True, "vedette motion")
            for _ in range(5):  # more than its queue holds: it falls behind
                bus.publish(motion_event(1, False))
            assert [(await _next(sub)).change for _ in range(2)] == [
                reload(ResourceKind.CAMERA_STATUS),
                MotionSignal(1, True, "vedette motion"),
            ]

    asyncio.run(scenario())


def test_motion_of_reads_only_motion_with_a_state() -> None:
    assert motion_of(ServerEvent("camera.event", {"kind": "motion", "camera_id": "x"})) is None
    assert motion_of(ServerEvent("feed.wake")) is None
    assert motion_of(motion_event(4, True)) == MotionSignal(
        4, True, "vedette motion", 1_000, ("body",)
    )
