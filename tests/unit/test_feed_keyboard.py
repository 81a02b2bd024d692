"""The control keyboard on the live feed (PTZ-05): a camera selected reaches those who
see that camera, whatever kinds they watch; a server key reaches everyone."""

from __future__ import annotations

import asyncio

from tests.unit.test_feed import _next, principal

from vedette_server.accounts.rights import CameraRight
from vedette_server.events import EventBus
from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind
from vedette_server.feed.hub import ChangeFeed
from vedette_server.feed.keyboard import KeyboardSignal


def test_a_selection_goes_to_who_sees_the_camera_and_a_key_to_everyone() -> None:
    async def scenario() -> None:
        feed = ChangeFeed(EventBus())
        sees_1 = principal("a", cameras={CameraRight.LIVE: frozenset({1})})
        sees_2 = principal("b", cameras={CameraRight.LIVE: frozenset({2})})
        async with (
            feed.subscribe([ResourceKind.VOLUMES], lambda: sees_1) as first,
            feed.subscribe([ResourceKind.CAMERAS], lambda: sees_2) as second,
        ):
            feed.keyboard(KeyboardSignal(number=3, camera_id=1))
            feed.keyboard(KeyboardSignal(dvr_key=7))
            feed.keyboard(KeyboardSignal(number=9))  # a number that drives no camera
            feed.publish(ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (2,)))
            assert [(await _next(first)).change for _ in range(3)] == [
                KeyboardSignal(number=3, camera_id=1),
                KeyboardSignal(dvr_key=7),
                KeyboardSignal(number=9),
            ]
            assert [(await _next(second)).change for _ in range(3)] == [
                KeyboardSignal(dvr_key=7),
                KeyboardSignal(number=9),
                ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (2,)),
            ]

    asyncio.run(scenario())
