"""``ChangeFeed``: where the server's parts say what changed, and where each
``WatchEvents`` call reads what its caller may see of it.

Publishers (all on the event loop): the gate after an accepted audited call
(``feed/audited.py``), the status board on a camera's state or recording
transition, housekeeping on a volume's state change, export tasks when one starts
or finishes, the motion detector, the control keyboard, the alarm engine and the
I/O hub (``feed/items.py``). They publish on the ``EventBus``; the feed listens to
the bus synchronously, numbers each item it carries (``feed/journal.py``: ``seq``
in the server run ``run_id``, the last 10 000 kept for resuming) and hands it to
every subscription's own bounded queue, so publishing never blocks and never fails
because of a subscriber.

Invariants of a ``FeedSubscription``:
- its memory is bounded by its queue (the bus's queue size): a subscriber that
  falls behind loses items, and then gets what it had queued replaced by a resync
  (``Resync``), one reload per resource kind it watches, the motion on now and the
  snapshot of open alarms and I/O states (never a backlog, never a publisher
  waiting);
- it yields items in ``seq`` order, each at most once, and only what its caller
  may see (``feed/audience.py``, ``feed/items.py``), judged with the caller's rights
  as they were before the change: a deleted camera is still told to those who saw
  it. Those rights are read again at each account change, and a change of them
  sends a reload of every watched kind (the lists to show changed);
- a subscription that resumes after a ``seq`` the ring still keeps gets exactly the
  items published since (no snapshot); otherwise a resync and the snapshot;
- ``position`` is the ``seq`` up to which it has told its caller everything it may
  see: heartbeats carry it, so resuming after a heartbeat's ``seq`` misses nothing;
- once ended (``end``: the session ended, the server stops) it yields nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from vedette_api.timestamps import now_us
from vedette_server.accounts.authorization import Principal, sees_camera
from vedette_server.events import EventBus, ServerEvent
from vedette_server.feed.audience import may_watch, visible_part
from vedette_server.feed.changes import (
    ChangeAction,
    ResourceChange,
    ResourceKind,
    change_event,
    change_of,
    reload,
)
from vedette_server.feed.items import (
    LEGACY_KINDS,
    BusItem,
    ItemFilter,
    WatchKind,
    item_of,
    sees_item,
    watched_items,
)
from vedette_server.feed.journal import Journal, Published, ResyncReason
from vedette_server.feed.keyboard import KeyboardSignal, keyboard_event, keyboard_of
from vedette_server.feed.motion import MotionSignal, motion_of

SESSION_ENDED = "the session ended; log in again"
SERVER_STOPPING = "the server is stopping"
#: Changes after which a subscriber's rights are read again.
_ACCOUNT_KINDS = frozenset({ResourceKind.USERS, ResourceKind.GROUPS})
_WAKE = Published(0, ServerEvent("feed.wake"))


class FeedEnded(Exception):
    """The subscription ended: its session ended, or the server is stopping."""

    def __init__(self, reason: str, *, session_ended: bool) -> None:
        super().__init__(reason)
        self.session_ended = session_ended


@dataclass(frozen=True)
class Resync:
    """Items were lost for this subscriber: it must reload everything."""

    reason: ResyncReason
    oldest_seq: int


@dataclass(frozen=True)
class SnapshotDone:
    """The snapshot that followed the first heartbeat or a resync is complete."""


#: What a published item carries (``carried_change``).
Carried = ResourceChange | KeyboardSignal | MotionSignal | BusItem
Change = Carried | Resync | SnapshotDone
_CARRIED = "feed.carried"


@dataclass(frozen=True)
class FeedItem:
    """A change (or a control keyboard's signal, ``feed.keyboard``, a camera's motion
    starting or ending, ``feed.motion``, an alarm-side item, ``feed.items``, or a
    resync) as one subscriber may see it, when it happened (µs UTC) and its ``seq``
    (for a reload, resync or snapshot item: the subscription's position then).

    ``shared``: the published item when ``change`` is what it carries as it is, the
    same for every subscriber who sees it (not narrowed to a caller's rights), so
    what is made of it may be made once (``Published.memo``); None otherwise."""

    time_us: int
    change: Change
    seq: int = 0
    shared: Published | None = None


#: The open alarms and I/O states now, for a snapshot (given the caller's rights).
Snapshot = Callable[[Principal], Awaitable[Iterable[BusItem]]]


async def _no_snapshot(principal: Principal) -> Iterable[BusItem]:
    return ()


class _SnapshotMarker:
    """In a subscription's pending items: load the snapshot here."""


_SNAPSHOT = _SnapshotMarker()


class FeedQueue(asyncio.Queue[Published]):
    """A subscription's queue; ``lost`` counts the items it missed while full."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize)
        self.lost = 0


@dataclass(frozen=True)
class Watch:
    """What a subscriber asked for: resource kinds (empty: every kind), item kinds
    (``items.watched_items``), the filter of alarm-side items, and whether it gets
    the snapshot of open alarms and I/O states (it named alarms or I/O: clients
    that name no item kinds get the items live, without a snapshot they do not
    expect)."""

    kinds: frozenset[ResourceKind] = frozenset()
    items: frozenset[WatchKind] = frozenset(WatchKind)
    item_filter: ItemFilter = field(default_factory=ItemFilter)
    wants_snapshot: bool = False

    @staticmethod
    def of(
        kinds: Collection[ResourceKind],
        items: Collection[WatchKind] = (),
        item_filter: ItemFilter | None = None,
    ) -> Watch:
        watched = watched_items(items, bool(kinds))
        base = item_filter or ItemFilter()
        snapshot = bool(set(items) & {WatchKind.ALARMS, WatchKind.IO})
        return Watch(frozenset(kinds), watched, replace(base, kinds=watched), snapshot)


class FeedSubscription:
    """One subscriber's view of the feed (see the module's invariants)."""

    def __init__(
        self,
        queue: FeedQueue,
        kinds: Collection[ResourceKind] | Watch,
        principal: Callable[[], Principal | None],
        motion_now: Callable[[], Iterable[MotionSignal]] = tuple,
        *,
        journal: Journal | None = None,
        snapshot: Snapshot = _no_snapshot,
        resume: list[Published] | ResyncReason | None = None,
    ) -> None:
        """``kinds``: what the caller asked for (resource kinds only: what older
        clients got); ``principal``: the caller's rights now (None once the account
        is disabled or deleted); ``motion_now``: the cameras whose motion is on now;
        ``snapshot``: the open alarms and I/O states now; ``resume``: the items
        missed since the caller's last ``seq``, or why they cannot be given (None:
        a new subscription)."""
        self._queue = queue
        watch = kinds if isinstance(kinds, Watch) else Watch.of(kinds)
        self._watch = watch
        self._kinds = watch.kinds or frozenset(ResourceKind)
        if WatchKind.RESOURCES not in watch.items:
            self._kinds = frozenset()
        self._principal_now = principal
        self._principal = principal()
        self._motion_now = motion_now
        self._journal = journal or Journal()
        self._snapshot = snapshot
        self._pending: deque[Change | Published | _SnapshotMarker] = deque()
        self._ended: FeedEnded | None = None
        #: How many times the subscriber fell behind and was sent a resync.
        self.overflows = 0
        #: Everything up to this ``seq`` has been told (or was not for the caller).
        self.position = self._journal.last_seq
        if self._principal is None:
            self.end(SESSION_ENDED, session_ended=True)
        elif isinstance(resume, list):
            self.position = resume[0].seq - 1 if resume else self._journal.last_seq
            self._pending.extend(resume)
        elif isinstance(resume, ResyncReason):
            self._resync(resume)
        else:
            self._tell_motion_now()
            if watch.wants_snapshot:
                self._pending.append(_SNAPSHOT)

    def _tell_motion_now(self) -> None:
        principal = self._principal
        assert principal is not None
        if WatchKind.MOTION not in self._watch.items:
            return
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
        if self._watch.wants_snapshot:
            self._pending.append(_SNAPSHOT)

    def _resync(self, reason: ResyncReason) -> None:
        """Tell the caller to reload everything: a resync (to clients that watch
        items), the reloads, the motion on now and the snapshot. Items lost or not
        (a rights change: what is queued is still told, with the new rights)."""
        if reason is not ResyncReason.RIGHTS:
            self.position = self._journal.last_seq
        self._reload_all()
        if self._watch.items != LEGACY_KINDS:  # older clients know reloads only
            self._pending.appendleft(Resync(reason, self._journal.oldest_seq))

    def _catch_up(self) -> None:
        """Drop what is queued (it was before what was lost) for a resync."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.lost = 0
        self.overflows += 1
        self._resync(ResyncReason.OVERFLOW)

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
            self._resync(ResyncReason.RIGHTS)
            return True
        return False

    async def next(self) -> FeedItem:
        """The next item the caller may see; raises ``FeedEnded`` once ended."""
        while True:
            taken = self._take()
            if isinstance(taken, FeedItem):
                return taken
            if isinstance(taken, _SnapshotMarker):
                await self._load_snapshot()
                continue
            published = await self._queue.get()
            if published.seq == 0:
                continue  # a wake-up
            item = self._told(published)
            if item is not None:
                return item

    def ready(self) -> FeedItem | None:
        """The next item the caller may see if it is there without waiting (None:
        nothing is, or the snapshot must be loaded first: ``next``); raises
        ``FeedEnded`` once ended. For sending what is queued together."""
        taken = self._take()
        if isinstance(taken, _SnapshotMarker):
            self._pending.appendleft(taken)
            return None
        return taken

    def _take(self) -> FeedItem | _SnapshotMarker | None:
        """The next item ready without waiting, ``_SNAPSHOT`` when the snapshot is
        to be loaded here, or None when the queue is empty."""
        while True:
            if self._ended is not None:
                raise self._ended
            if self._queue.lost:
                self._catch_up()
                continue
            if self._pending:
                entry = self._pending.popleft()
                if isinstance(entry, _SnapshotMarker):
                    return entry
                if isinstance(entry, Published):
                    item = self._told(entry)
                    if item is not None:
                        return item
                    continue
                return FeedItem(now_us(), entry, self.position)
            try:
                published = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                return None
            if published.seq == 0:
                continue  # a wake-up
            item = self._told(published)
            if item is not None:
                return item

    async def _load_snapshot(self) -> None:
        principal = self._principal
        assert principal is not None
        wanted = self._watch.item_filter
        try:
            found = await self._snapshot(principal)
        except asyncio.CancelledError:  # a heartbeat's timeout: load it at the next call
            self._pending.appendleft(_SNAPSHOT)
            raise
        items = [
            replace(i, snapshot=True) for i in found if wanted.wants(i) and sees_item(principal, i)
        ]
        self._pending.extendleft([SnapshotDone(), *reversed(items)])

    def _told(self, published: Published) -> FeedItem | None:
        """What the caller may see of a published item (None: nothing)."""
        self.position = max(self.position, published.seq)
        carried = carried_change(published)
        change = None if carried is None else self._visible(carried)
        if change is None:
            return None
        shared = published if change is carried else None
        return FeedItem(published.event.time_us, change, published.seq, shared)

    def _visible(self, carried: Carried) -> Change | None:
        principal = self._principal
        assert principal is not None
        items = self._watch.items
        if isinstance(carried, KeyboardSignal):
            if WatchKind.KEYBOARD in items and self._sees_keyboard(carried):
                return carried
            return None
        if isinstance(carried, MotionSignal):
            if WatchKind.MOTION in items and sees_camera(principal, carried.camera_id):
                return carried
            return None
        if isinstance(carried, BusItem):
            wanted = self._watch.item_filter.wants(carried)
            return carried if wanted and sees_item(principal, carried) else None
        change = carried
        if (change.kind in _ACCOUNT_KINDS or change.is_reload) and self._rights_changed():
            return None  # the reloads sent instead cover this change
        assert self._principal is not None
        visible = visible_part(self._principal, change)
        # A deleted camera is told with the rights from before; then it is forgotten
        # (its id may be given to a new camera).
        deleted = change.kind is ResourceKind.CAMERAS and change.action is ChangeAction.DELETED
        if deleted and self._rights_changed(deleted_cameras=change.ids):
            return None
        if visible is not None and visible.kind in self._kinds:
            return visible
        return None

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

    def __init__(
        self, bus: EventBus, *, queue_size: int | None = None, journal: Journal | None = None
    ) -> None:
        self._bus = bus
        self._queue_size = queue_size or bus.queue_size
        self.journal = journal or Journal()
        self._subscriptions: dict[FeedSubscription, FeedQueue] = {}
        self._volume_states: dict[int, str] | None = None
        self._closing = False
        #: Items a subscription lost because its queue was full.
        self.dropped = 0
        #: The cameras whose motion is on now (the motion runner's, once it exists):
        #: told to each new subscription.
        self.motion_now: Callable[[], Iterable[MotionSignal]] = tuple
        #: The open alarms and I/O states now (the alarm desk's and the I/O hub's):
        #: each new subscription's snapshot.
        self.snapshot: Snapshot = _no_snapshot
        self._stop_listening = bus.listen(self._on_event)

    def _on_event(self, event: ServerEvent) -> None:
        """Number an item the feed carries and queue it for every subscription."""
        carried = _parse(event)
        if carried is None:
            return
        published = self.journal.append(event)
        published.memo[_CARRIED] = carried  # parsed once, for every subscriber
        past = self.journal.published(published.seq - self._queue_size)
        if past is not None:  # in no queue now: its messages go (a replay makes them again)
            _forget_made(past)
        for queue in self._subscriptions.values():
            try:
                queue.put_nowait(published)
            except asyncio.QueueFull:
                queue.lost += 1
                self.dropped += 1

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
        kinds: Collection[ResourceKind] | Watch,
        principal: Callable[[], Principal | None],
        *,
        resume: tuple[int, str] | None = None,
    ) -> AsyncIterator[FeedSubscription]:
        """A subscription that receives every item published while the block runs
        (and, with ``resume`` = (seq, run_id), those published after that seq)."""
        queue = FeedQueue(self._queue_size)
        replay = None if resume is None else self.journal.resume(*resume)
        subscription = FeedSubscription(
            queue,
            kinds,
            principal,
            self.motion_now,
            journal=self.journal,
            snapshot=self.snapshot,
            resume=replay,
        )
        if self._closing:
            subscription.end(SERVER_STOPPING, session_ended=False)
        self._subscriptions[subscription] = queue
        try:
            yield subscription
        finally:
            self._subscriptions.pop(subscription, None)

    async def aclose(self) -> None:
        """End every subscription (the server is stopping): their calls end UNAVAILABLE."""
        self._closing = True
        for subscription in tuple(self._subscriptions):
            subscription.end(SERVER_STOPPING, session_ended=False)


def _parse(event: ServerEvent) -> Carried | None:
    """What the feed carries of a bus event (None: the feed does not carry it)."""
    return keyboard_of(event) or motion_of(event) or item_of(event) or change_of(event)


def _forget_made(published: Published) -> None:
    """Drop what was made of an item for its subscribers, keeping the parsed change."""
    memo = published.memo
    if len(memo) > 1:
        carried = memo.get(_CARRIED)
        memo.clear()
        memo[_CARRIED] = carried


def carried_change(published: Published) -> Carried | None:
    """What a published item carries, as every subscriber gets it before their
    rights and filter are applied: parsed once per item (``Published.memo``)."""
    memo = published.memo
    if _CARRIED not in memo:  # a ring filled without the feed (tests)
        memo[_CARRIED] = _parse(published.event)
    carried: Carried | None = memo[_CARRIED]
    return carried
