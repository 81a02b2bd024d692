"""The server's lifecycle and maintenance, each part alone with an injected clock:
parts start in order and close in reverse; retention applies the locks first; volume
and camera state changes reach the system log once per change, with no storm when a
camera flaps or the server restarts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.lifecycle import LifecycleStack, Step
from vedette_server.periodic import Periodic
from vedette_server.recording.camera_state_log import CameraStateLog, CameraStateTimings
from vedette_server.recording.housekeeping import Housekeeper
from vedette_server.recording.status import StatusBoard, StreamHealth
from vedette_server.recording.volume_reprobe import REPROBE_MAX_S
from vedette_server.recording.volume_watch import VolumeWatch
from vedette_server.recording.volumes import VolumeManager
from vedette_server.system_log import LogType

# -- lifecycle ------------------------------------------------------------------------


@dataclass
class Part:
    name: str
    journal: list[str]
    fail_start: bool = False
    fail_close: bool = False

    async def start(self) -> None:
        if self.fail_start:
            raise OSError(f"{self.name} cannot start")
        self.journal.append(f"start {self.name}")

    async def aclose(self) -> None:
        self.journal.append(f"close {self.name}")
        if self.fail_close:
            raise RuntimeError(f"{self.name} cannot close")


def test_parts_start_in_order_and_close_in_reverse_each_once() -> None:
    journal: list[str] = []
    stack = LifecycleStack([(n, Part(n, journal)) for n in ("catalog", "api", "recorder")])

    async def run() -> None:
        await stack.start()
        assert stack.started == ("catalog", "api", "recorder")
        await stack.aclose()
        await stack.aclose()  # a second close closes nothing twice

    asyncio.run(run())
    assert journal == [
        "start catalog", "start api", "start recorder",
        "close recorder", "close api", "close catalog",
    ]  # fmt: skip


def test_a_part_that_fails_to_start_closes_those_started_before_it() -> None:
    journal: list[str] = []
    parts = [Part("catalog", journal), Part("api", journal, fail_start=True), Part("x", journal)]
    stack = LifecycleStack([(p.name, p) for p in parts])
    with pytest.raises(OSError, match="api cannot start"):
        asyncio.run(stack.start())
    assert journal == ["start catalog", "close catalog"]


def test_a_part_that_fails_to_close_does_not_keep_the_others_open(
    caplog: pytest.LogCaptureFixture,
) -> None:
    journal: list[str] = []
    parts = [Part("catalog", journal), Part("api", journal, fail_close=True), Part("x", journal)]
    stack = LifecycleStack([(p.name, p) for p in parts])

    async def run() -> None:
        await stack.start()
        await stack.aclose()

    asyncio.run(run())
    assert journal[-3:] == ["close x", "close api", "close catalog"]
    assert "api failed to close" in caplog.text


def test_a_step_runs_plain_functions_sync_or_async() -> None:
    journal: list[str] = []

    async def started() -> None:
        journal.append("started")

    async def run() -> None:
        await Step(on_start=started, on_close=lambda: journal.append("closed")).start()
        await Step(on_close=lambda: journal.append("closed")).aclose()

    asyncio.run(run())
    assert journal == ["started", "closed"]


# -- periodic jobs --------------------------------------------------------------------


class Ticks:
    """An injected sleep: each call lets the test's loop turn instead of waiting."""

    def __init__(self, stop_after: int) -> None:
        self.calls = 0
        self.stop_after = stop_after
        self.done = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.calls > self.stop_after:
            self.done.set()
            await asyncio.Event().wait()  # until cancelled
        await asyncio.sleep(0)


def test_a_failing_run_is_logged_and_the_next_one_comes(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 2:
            raise ValueError("the disk said no")

    async def run() -> None:
        ticks = Ticks(stop_after=4)
        periodic = Periodic("job", 5.0, job, sleep=ticks)
        await periodic.start()
        await asyncio.wait_for(ticks.done.wait(), 10)
        await periodic.aclose()

    asyncio.run(run())
    assert runs == [0, 1, 2, 3]
    assert "job failed" in caplog.text and "the disk said no" in caplog.text


# -- retention ------------------------------------------------------------------------


def test_the_housekeeper_locks_before_retention_at_the_clock_s_now() -> None:
    journal: list[tuple[str, int]] = []

    class Locks:
        def apply(self, now_us: int) -> int:
            journal.append(("locks", now_us))
            return 0

    class Retention:
        def run_once(self, now_us: int | None = None) -> str:
            journal.append(("retention", now_us or 0))
            return "report"

    async def run() -> object:
        thread = CatalogThread()
        try:
            keeper = Housekeeper(
                thread,
                Locks(),
                Retention(),
                interval_s=5,
                clock=lambda: 1_800_000_000.5,  # type: ignore[arg-type]
            )
            return await keeper.run_once()
        finally:
            thread.shutdown()

    assert asyncio.run(run()) == "report"
    assert journal == [("locks", 1_800_000_000_500_000), ("retention", 1_800_000_000_500_000)]


# -- what the watchers write ----------------------------------------------------------


@dataclass
class Entries:
    """The log and event writer, as AuditTrail is, remembered."""

    entries: list[tuple[LogType, str, str, dict[str, Any]]] = field(default_factory=list)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def record(self, type: LogType, action: str, message: str, **kwargs: Any) -> None:
        self.entries.append((type, action, message, kwargs))

    def publish(self, kind: str, **facts: Any) -> None:
        self.events.append((kind, facts))

    def actions(self) -> list[tuple[LogType, str]]:
        return [(e[0], e[1]) for e in self.entries]


# -- volume states --------------------------------------------------------------------


class Monotonic:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    catalog = open_catalog(tmp_path / "catalog.sqlite3")
    yield catalog
    catalog.close()


@pytest.fixture
def thread() -> Iterator[CatalogThread]:
    thread = CatalogThread()
    yield thread
    thread.shutdown()


def _watch(
    catalog: Catalog, thread: CatalogThread, clock: Monotonic, entries: Entries
) -> tuple[VolumeManager, VolumeWatch, list[int]]:
    volumes = VolumeManager(catalog, catalog.server_identity().server_id, monotonic=clock)
    changed: list[int] = []

    async def on_change() -> None:
        changed.append(1)

    watch = VolumeWatch(thread, volumes, entries, on_change, interval_s=5)  # type: ignore[arg-type]
    return volumes, watch, changed


def test_a_volume_that_goes_and_comes_back_is_logged_once_each_way(
    tmp_path: Path, catalog: Catalog, thread: CatalogThread
) -> None:
    clock, entries = Monotonic(), Entries()
    volumes, watch, changed = _watch(catalog, thread, clock, entries)
    root = tmp_path / "disk"
    root.mkdir()
    volume_id = volumes.initialize(volumes.add(str(root)).id).id

    async def passes(n: int) -> None:
        for _ in range(n):
            await watch.run_once()

    asyncio.run(passes(1))  # at start: a usable volume says nothing
    assert entries.entries == [] and changed == []
    root.rename(tmp_path / "away")
    volumes.mark_unavailable(volume_id, "cannot write: Input/output error")
    asyncio.run(passes(3))
    assert entries.actions() == [(LogType.EXCEPTION, "volume.unavailable")]
    assert "Input/output error" in entries.entries[0][2]
    assert entries.entries[0][3]["outcome"] == "UNAVAILABLE"
    assert entries.events[0][0] == "volume_unavailable"
    assert changed == [1]  # the workers were told once
    (tmp_path / "away").rename(root)
    clock.now_s += REPROBE_MAX_S + 1  # the re-probe is due
    asyncio.run(passes(3))
    assert entries.actions() == [
        (LogType.EXCEPTION, "volume.unavailable"),
        (LogType.INFORMATION, "volume.available"),
    ]
    assert changed == [1, 1]


def test_a_restart_says_once_that_a_volume_is_still_unavailable(
    tmp_path: Path, catalog: Catalog, thread: CatalogThread
) -> None:
    clock = Monotonic()
    volumes = VolumeManager(catalog, catalog.server_identity().server_id, monotonic=clock)
    root = tmp_path / "disk"
    root.mkdir()
    volume_id = volumes.initialize(volumes.add(str(root)).id).id
    volumes.mark_unavailable(volume_id, "not mounted")
    entries = Entries()
    _, watch, changed = _watch(catalog, thread, clock, entries)

    async def passes() -> None:
        for _ in range(3):
            await watch.run_once()

    asyncio.run(passes())
    assert entries.actions() == [(LogType.EXCEPTION, "volume.unavailable")]
    assert changed == []


# -- camera states --------------------------------------------------------------------


class Board:
    """The status board as the recorder fills it, driven by the test's clock."""

    def __init__(self, clock: Monotonic) -> None:
        self.status = StatusBoard()
        self.clock = clock
        self.recorded: set[int] = set()

    def report(self, camera_id: int, state: str, reason: str = "") -> None:
        for stream in ("main", "sub"):
            health = StreamHealth(state=state, reason=reason, updated_s=self.clock.now_s)
            self.status.update(camera_id, stream, health)


TIMINGS = CameraStateTimings(grace_s=30, offline_after_s=10, online_after_s=30)


def _camera_log(board: Board, entries: Entries) -> CameraStateLog:
    return CameraStateLog(
        board.status,
        lambda: board.recorded,
        None,  # type: ignore[arg-type]  # the catalog (names) is read only in run_once
        None,  # type: ignore[arg-type]
        entries,
        timings=TIMINGS,
        monotonic=board.clock,
    )


def _run(board: Board, log: CameraStateLog, seconds: float, state: str | None = None) -> list[str]:
    """Let ``seconds`` pass, one check a second, the cameras reporting ``state``."""
    said = []
    end = board.clock.now_s + seconds
    while board.clock.now_s < end:
        board.clock.now_s += 1
        if state is not None:
            for camera_id in board.recorded:
                board.report(camera_id, state, "timeout" if state == "offline" else "")
        said += [("online" if c.online else "offline") for c in log.changes(board.clock.now_s)]
    return said


def test_a_camera_that_works_at_start_is_adopted_without_a_word() -> None:
    board, entries = Board(Monotonic()), Entries()
    board.recorded = {1, 2}
    log = _camera_log(board, entries)
    assert _run(board, log, 5, "connecting") == []
    assert _run(board, log, 300, "online") == []


def test_a_camera_down_at_the_end_of_the_grace_is_said_offline_once() -> None:
    board, entries = Board(Monotonic()), Entries()
    board.recorded = {1}
    log = _camera_log(board, entries)
    assert _run(board, log, 29, "offline") == []  # the grace
    assert _run(board, log, 600, "offline") == ["offline"]


def test_a_camera_that_goes_offline_is_said_so_once_then_once_back() -> None:
    board, entries = Board(Monotonic()), Entries()
    board.recorded = {1}
    log = _camera_log(board, entries)
    assert _run(board, log, 60, "online") == []
    assert _run(board, log, 9, "offline") == []  # a reconnection is no outage
    assert _run(board, log, 5, "online") == []
    assert _run(board, log, 120, "offline") == ["offline"]
    assert _run(board, log, 29, "online") == []  # not back before 30 s up
    assert _run(board, log, 120, "online") == ["online"]


def test_a_flapping_camera_is_said_offline_once_and_back_once_it_holds() -> None:
    board, entries = Board(Monotonic()), Entries()
    board.recorded = {1}
    log = _camera_log(board, entries)
    _run(board, log, 60, "online")
    said = _run(board, log, 15, "offline")
    for _ in range(40):  # 20 minutes of dropping every few seconds
        said += _run(board, log, 20, "online")
        said += _run(board, log, 12, "offline")
        said += _run(board, log, 3, "connecting")
    said += _run(board, log, 60, "online")
    assert said == ["offline", "online"]


def test_a_silent_worker_counts_as_down_and_a_removed_camera_is_forgotten() -> None:
    board, entries = Board(Monotonic()), Entries()
    board.recorded = {1, 2}
    log = _camera_log(board, entries)
    _run(board, log, 60, "online")
    board.recorded = {1}  # camera 2 disabled: its reports stop, nothing is said
    board.report(1, "online")
    said = _run(board, log, 60)  # camera 1's worker stops reporting too
    assert said == ["offline"]


def test_a_restart_does_not_say_again_what_works() -> None:
    board = Board(Monotonic())
    board.recorded = {1, 2, 3}
    for _ in range(3):  # three restarts: a new log each time, cameras reconnecting
        entries = Entries()
        log = _camera_log(board, entries)
        assert _run(board, log, 4, "connecting") == []
        assert _run(board, log, 120, "online") == []


def test_entries_name_the_camera_and_why() -> None:
    class Cameras:
        def list_all(self) -> list[Any]:
            @dataclass
            class Camera:
                id: int
                name: str

            return [Camera(1, "gate")]

    clock = Monotonic()
    board, entries = Board(clock), Entries()
    board.recorded = {1}
    thread = CatalogThread()
    log = CameraStateLog(
        board.status, lambda: board.recorded, thread, Cameras(), entries,  # type: ignore[arg-type]
        timings=TIMINGS, monotonic=clock,
    )  # fmt: skip

    async def run() -> None:
        for state in ["online"] * 40 + ["offline"] * 15 + ["online"] * 35:
            clock.now_s += 1
            board.report(1, state, "refused" if state == "offline" else "")
            await log.run_once()

    try:
        asyncio.run(run())
    finally:
        thread.shutdown()
    assert entries.actions() == [
        (LogType.EXCEPTION, "camera.offline"),
        (LogType.INFORMATION, "camera.online"),
    ]
    offline, online = entries.entries
    assert offline[2].startswith("camera gate is offline (refused)")
    assert offline[3]["camera_id"] == 1 and offline[3]["outcome"] == "UNAVAILABLE"
    assert online[2] == "camera gate is online again"
    assert [kind for kind, _ in entries.events] == ["camera_offline", "camera_online"]
