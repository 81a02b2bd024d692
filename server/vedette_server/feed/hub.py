"""``ChangeFeed``: where the server's parts say what changed, and where each
``WatchEvents`` call reads what its caller may see of it.

Publishers (all on the event loop): the gate after an accepted audited call
(``feed/audited.py``), the status board on a camera's state or recording
transition, housekeeping on a volume's state change, export tasks when one starts
or finishes. Changes travel on the ``EventBus``, so publishing never blocks and
never fails because of a subscriber.

Invariants of a ``FeedSubscription``:
- its memory is bounded by the bus queue (``EventBus`` queue size): a subscriber
  that falls behind loses events, and then gets what it had queued replaced by one
  reload per kind it watches (never a backlog, never a publisher waiting);
- it yields only what its caller may see (``feed/audience.py``), judged with the
  caller's rights as they were before the change: a deleted camera is still told
  to those who saw it. Those rights are read again at each account change, and a
  change of them sends a reload of every watched kind (the lists to show changed);
- once ended (``end``: the session ended, the server stops) it yields nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from vedette_api.timestamps import now_us
from vedette_server.accounts.authorization import Principal, sees_camera
from vedette_server.events import EventBus, EventQueue, ServerEvent
from vedette_server.feed.audience import may_watch, visible_part
from vedette_server.feed.changes import (
    ChangeAction,
    ResourceChange,
    ResourceKind,
    change_event,
    change_of,
    reload,
)
from vedette_server.feed.keyboard import KeyboardSignal, keyboard_event, keyboard_of
from vedette_server.feed.motion import MotionSignal, motion_of

SESSION_ENDED = "the session ended; log in again"
SERVER_STOPPING = "the server is stopping"
#: Changes after which a subscriber's rights are read again.
_ACCOUNT_KINDS = frozenset({ResourceKind.USERS, ResourceKind.GROUPS})
_WAKE = ServerEvent("feed.wake")


class FeedEnded(Exception):
    """The subscription ended: its session ended, or the server is stopping."""

    def __init__(self, reason: str, *, session_ended: bool) -> None:
        super().__init__(reason)
        self.session_ended = session_ended


@dataclass(frozen=True)
class FeedItem:
    """A change (or a control keyboard's signal, ``feed.keyboard``, or a camera's
    motion starting or ending, ``feed.motion``) as one subscriber may see it, and when
    it happened (µs UTC)."""

    time_us: int
    change: ResourceChange | KeyboardSignal | MotionSignal


class FeedSubscription:
    """One subscriber's view of the feed (see the module's invariants)."""

    def __init__(
        self,
        queue: EventQueue,
        kinds: Collection[ResourceKind],
        principal: Callable[[], Principal | None],
        motion_now: Callable[[], Iterable[MotionSignal]] = tuple,
    ) -> None:
        """``kinds``: what the caller asked for (empty: every kind); ``principal``:
        the caller's rights now (None once the account is disabled or deleted);
        ``motion_now``: the cameras whose motion is on now (told first, and again
        after the reloads that follow falling behind)."""
        self._queue = queue
        self._kinds = frozenset(kinds) or frozenset(ResourceKind)
        self._principal_now = principal
        self._principal = principal()
        self._motion_now = motion_now
        self._pending: deque[ResourceChange | MotionSignal] = deque()
        self._ended: FeedEnded | None = None
        #: How many times the subscriber fell behind and was sent reloads.
        self.overflows = 0
        if self._principal is None:
            self.end(SESSION_ENDED, session_ended=True)
        else:
            self._tell_motion_now()

    def _tell_motion_now(self) -> None:
        principal = self._principal
        assert principal is not None
        self._pending.extend(
            s for s in self._motion_now() if s.active and sees_camera(principal, s.camera_id)
        )

    def end(self, reason: str, *, session_ended: bool) -> None:
        """End the subscription: ``next`` raises ``FeedEnded`` from now on."""
        if self._ended is None:
            self._ended = FeedEnded(reason, session_ended=session_ended)
        with contextlib.suppress(asyncio.QueueFull):  # a full queue wakes it anyway
            self._queue.put_nowait(_WAKE)

    def _reload_all(self) -> None:
        principal = self._principal
        assert principal is not None
        self._pending.clear()
        self._pending.extend(
            reload(kind)
            for kind in ResourceKind
            if kind in self._kinds and may_watch(principal, kind)
        )
        self._tell_motion_now()  # after the reloads: motion on now, whatever was lost

    def _catch_up(self) -> None:
        """Drop what is queued (it was before what was lost) for reloads."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.lost = 0
        self.overflows += 1
        self._reload_all()

    def _rights_changed(self, *, deleted_cameras: tuple[int, ...] = ()) -> bool:
        """Read the caller's rights again; when they changed (beyond losing
        ``deleted_cameras``), queue a reload of every watched kind and say so."""
        principal = self._principal_now()
        if principal is None:
            self.end(SESSION_ENDED, session_ended=True)
            return True
        expected = self._principal
        assert expected is not None
        for camera_id in deleted_cameras:
            expected = replace(expected, rights=expected.rights.without_camera(camera_id))
        self._principal = principal
        if not _same_rights(principal, expected):
            self._reload_all()
            return True
        return False

    async def next(self) -> FeedItem:
        """The next change the caller may see; raises ``FeedEnded`` once ended."""
        while True:
            if self._ended is not None:
                raise self._ended
            if self._pending:
                return FeedItem(now_us(), self._pending.popleft())
            if self._queue.lost:
                self._catch_up()
                continue
            event = await self._queue.get()
            signal = keyboard_of(event)
            if signal is not None and self._sees_keyboard(signal):
                return FeedItem(event.time_us, signal)
            motion = motion_of(event)
            if motion is not None:
                assert self._principal is not None
                if sees_camera(self._principal, motion.camera_id):
                    return FeedItem(event.time_us, motion)
                continue
            change = change_of(event)
            if change is None:
                continue
            if (change.kind in _ACCOUNT_KINDS or change.is_reload) and self._rights_changed():
                continue  # the reloads sent instead cover this change
            assert self._principal is not None
            visible = visible_part(self._principal, change)
            # A deleted camera is told with the rights from before; then it is forgotten
            # (its id may be given to a new camera).
            deleted = change.kind is ResourceKind.CAMERAS and change.action is ChangeAction.DELETED
            if deleted and self._rights_changed(deleted_cameras=change.ids):
                continue
            if visible is not None and visible.kind in self._kinds:
                return FeedItem(event.time_us, visible)

    def _sees_keyboard(self, signal: KeyboardSignal) -> bool:
        """A camera selected goes to those who see the camera, a key to everyone."""
        principal = self._principal
        assert principal is not None
        return signal.camera_id is None or sees_camera(principal, signal.camera_id)


def _same_rights(a: Principal, b: Principal) -> bool:
    """Whether two principals may do and see the same (their rights compared as
    stored: an explicit camera list emptied is no list)."""
    return (a.user_id, a.username, a.scope, a.is_admin, a.rights.to_json()) == (
        b.user_id,
        b.username,
        b.scope,
        b.is_admin,
        b.rights.to_json(),
    )


class ChangeFeed:
    """The live feed's publishers and subscriptions (see the module docstring)."""

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._subscriptions: set[FeedSubscription] = set()
        self._volume_states: dict[int, str] | None = None
        self._closing = False
        #: The cameras whose motion is on now (the motion runner's, once it exists):
        #: told to each new subscription.
        self.motion_now: Callable[[], Iterable[MotionSignal]] = tuple

    # -- publishers (event loop) ---------------------------------------------------

    def publish(self, change: ResourceChange) -> None:
        self._bus.publish(change_event(change))

    def keyboard(self, signal: KeyboardSignal) -> None:
        """The control keyboard selected a camera or pressed a server key."""
        self._bus.publish(keyboard_event(signal))

    def camera_status_changed(self, camera_id: int) -> None:
        """A camera stream went online/offline/connecting, or started or stopped
        recording."""
        self.publish(ResourceChange(ResourceKind.CAMERA_STATUS, ChangeAction.UPDATED, (camera_id,)))

    def export_task_changed(self, task_id: int, owner: str) -> None:
        """An export task started or finished (its creator's user name)."""
        self.publish(
            ResourceChange(
                ResourceKind.EXPORT_TASKS,
                ChangeAction.UPDATED,
                (task_id,),
                owners=frozenset({owner}),
            )
        )

    def volume_states(self, states: Mapping[int, str]) -> None:
        """The volumes' states now (volume id → state), from housekeeping: publishes
        the volumes whose state differs from the last call's. Volumes added or
        removed through the API are published by the gate."""
        previous, self._volume_states = self._volume_states, dict(states)
        if previous is None:
            return
        changed = tuple(
            sorted(i for i, state in states.items() if i in previous and previous[i] != state)
        )
        if changed:
            self.publish(ResourceChange(ResourceKind.VOLUMES, ChangeAction.UPDATED, changed))

    # -- subscribers ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def subscribe(
        self,
        kinds: Collection[ResourceKind],
        principal: Callable[[], Principal | None],
    ) -> AsyncIterator[FeedSubscription]:
        """A subscription that receives every change published while the block runs."""
        async with self._bus.subscribe() as queue:
            subscription = FeedSubscription(queue, kinds, principal, self.motion_now)
            if self._closing:
                subscription.end(SERVER_STOPPING, session_ended=False)
            self._subscriptions.add(subscription)
            try:
                yield subscription
            finally:
                self._subscriptions.discard(subscription)

    async def aclose(self) -> None:
        """End every subscription (the server is stopping): their calls end UNAVAILABLE."""
        self._closing = True
        for subscription in tuple(self._subscriptions):
            subscription.end(SERVER_STOPPING, session_ended=False)
