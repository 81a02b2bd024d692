"""Recording policies: the REC-02 presets, the limits, ``plan_at`` per stream and
trigger, and the catalog rows behind them (``policy_store``) on a real catalog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from peewee import IntegrityError

from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.recording import plan
from vedette_server.recording.policy import (
    MODES,
    PolicyError,
    RecordingPolicy,
    from_mode,
    mode_of,
    plan_at,
)
from vedette_server.recording.policy_store import (
    ALWAYS_SCHEDULE_ID,
    PolicyStore,
    load_policy_book,
)
from vedette_server.recording.schedules import ALWAYS, EMPTY, WEEKDAYS, WEEKEND, week

UTC_ZONE = ZoneInfo("UTC")
#: Monday 2026-12-07 10:00 UTC and Saturday 2026-12-12 10:00 UTC.
MONDAY_US = int(datetime(2026, 12, 7, 10, tzinfo=UTC).timestamp()) * 1_000_000
SATURDAY_US = int(datetime(2026, 12, 12, 10, tzinfo=UTC).timestamp()) * 1_000_000
WEEKS = {1: ALWAYS, 2: WEEKDAYS, 3: WEEKEND, 9: EMPTY}


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def add_camera(catalog: Catalog, name: str) -> int:
    query = Camera.insert(
        name=name, main_url="rtsp://cam/main", enabled=True, created_us=1, updated_us=1
    )
    return int(query.execute(catalog.database))


def test_each_mode_preset_fills_its_schedules_and_is_recognised() -> None:
    assert set(MODES) == {
        "always", "motion", "sensor", "motion+sensor", "always+motion", "always+sensor",
        "always+motion+sensor", "analytics", "always+analytics", "none",
    }  # fmt: skip
    for mode, kinds in MODES.items():
        policy = from_mode(mode, 1)
        assert {k for k, v in policy.schedule_ids().items() if v == 1} == kinds
        assert {k for k, v in policy.schedule_ids().items() if v is None} == (
            {"normal", "motion", "sensor", "analytics"} - kinds
        )
        assert mode_of(policy, 1) == mode
    assert mode_of(RecordingPolicy(motion_schedule=2), 1) == "custom"
    with pytest.raises(PolicyError, match="mode: 'sometimes' is not one of"):
        from_mode("sometimes", 1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pre_s": 601}, "pre_s: 601 s is not in 0..600 s"),
        ({"pre_s": -1}, "pre_s: -1 s is not in 0..600 s"),
        ({"post_s": 4}, "post_s: 4 s is not in 5..600 s"),
        ({"post_s": 601}, "post_s: 601 s is not in 5..600 s"),
        ({"event_stream": "third"}, "event_stream: 'third' is not one of main, sub, both"),
    ],
)
def test_limits(fields: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        RecordingPolicy(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message
    RecordingPolicy(pre_s=0, post_s=5)
    RecordingPolicy(pre_s=600, post_s=600)


def test_always_records_both_streams_continuously() -> None:
    got = plan_at(from_mode("always", 1), WEEKS, UTC_ZONE, MONDAY_US)
    assert (got.main, got.sub, got.armed) == ("continuous", "continuous", frozenset())


def test_motion_only_writes_the_event_streams_tentatively() -> None:
    policy = from_mode("motion", 1, event_stream="main", pre_s=10, post_s=5)
    got = plan_at(policy, WEEKS, UTC_ZONE, MONDAY_US)
    assert (got.main, got.sub) == ("tentative", "off")
    assert got.armed == frozenset({"motion"})
    assert got.event_streams == frozenset({"main"})
    assert (got.pre_us, got.post_us) == (10_000_000, 5_000_000)


def test_normal_sub_with_event_main_is_motion_plus_lo_res() -> None:
    policy = from_mode("always+motion", 1, normal_stream="sub", event_stream="main")
    got = plan_at(policy, WEEKS, UTC_ZONE, MONDAY_US)
    assert (got.main, got.sub) == ("tentative", "continuous")


def test_schedules_decide_per_instant() -> None:
    # Normal on weekdays, sensor at weekends, motion never (an empty schedule).
    policy = RecordingPolicy(normal_schedule=2, sensor_schedule=3, motion_schedule=9)
    weekday = plan_at(policy, WEEKS, UTC_ZONE, MONDAY_US)
    assert (weekday.main, weekday.sub, weekday.armed) == ("continuous", "continuous", frozenset())
    weekend = plan_at(policy, WEEKS, UTC_ZONE, SATURDAY_US)
    assert (weekend.main, weekend.sub, weekend.armed) == (
        "tentative",
        "tentative",
        frozenset({"sensor"}),
    )
    nothing = plan_at(from_mode("none", 1), WEEKS, UTC_ZONE, MONDAY_US)
    assert (nothing.main, nothing.sub, nothing.armed) == ("off", "off", frozenset())


def test_a_time_zone_change_applies_at_the_next_evaluation() -> None:
    # Weekdays 09:00-17:00 local; Monday 10:00 UTC is 19:00 in Tokyo.
    office = {5: week({d: [[540, 1020]] for d in ("mon", "tue", "wed", "thu", "fri")})}
    policy = RecordingPolicy(normal_schedule=5)
    assert plan_at(policy, office, UTC_ZONE, MONDAY_US).main == "continuous"
    assert plan_at(policy, office, ZoneInfo("Asia/Tokyo"), MONDAY_US).main == "off"
    assert plan_at(policy, office, ZoneInfo("America/New_York"), MONDAY_US).main == "off"


def test_a_new_catalog_has_the_built_in_schedules(catalog: Catalog) -> None:
    store = PolicyStore(catalog.database)
    found = store.list_schedules()
    assert [(s.id, s.name, s.week, s.builtin, s.read_only) for s in found] == [
        (ALWAYS_SCHEDULE_ID, "24x7", ALWAYS, True, True),
        (2, "24x5", WEEKDAYS, True, False),
        (3, "24x2", WEEKEND, True, False),
    ]


def test_cameras_without_a_policy_record_always(catalog: Catalog) -> None:
    camera = add_camera(catalog, "a")
    book = load_policy_book(catalog)
    assert book.plan(camera, MONDAY_US, UTC_ZONE) is plan.ALWAYS
    [record] = PolicyStore(catalog.database).records([camera])
    assert record.is_default and record.mode == "always"


def test_schedules_and_policies_in_the_catalog(catalog: Catalog) -> None:
    store = PolicyStore(catalog.database)
    a, b = add_camera(catalog, "a"), add_camera(catalog, "b")
    nights, created = store.put_schedule(0, "Nights", week({"mon": [[0, 360]]}))
    assert created and nights.id > 3
    again, created = store.put_schedule(0, "Nights", week({"tue": [[0, 360]]}))
    assert not created and again.id == nights.id and again.week.day("mon") == ()
    store.set_policy([a, b], RecordingPolicy(motion_schedule=nights.id, post_s=30))
    assert store.find_schedule(name="Nights").used_by == (a, b)
    book = load_policy_book(catalog)
    tuesday_3am = MONDAY_US + 17 * 3600 * 1_000_000
    assert book.plan(a, tuesday_3am, UTC_ZONE).armed == frozenset({"motion"})
    assert book.plan(b, MONDAY_US, UTC_ZONE).main == "off"
    with pytest.raises(FailedPrecondition, match=rf"camera\(s\) {a}, {b}"):
        store.delete_schedule(nights.id)
    # A deleted camera takes its policy with it; the schedule stays in use by b.
    Camera.delete().where(Camera.id == a).execute(catalog.database)
    assert set(store.policies()) == {b}
    store.set_policy([b], from_mode("always", ALWAYS_SCHEDULE_ID))
    assert store.delete_schedule(name="Nights").id == nights.id
    with pytest.raises(NotFound):
        store.find_schedule(nights.id)


def test_refusals_change_nothing(catalog: Catalog) -> None:
    store = PolicyStore(catalog.database)
    a = add_camera(catalog, "a")
    store.set_policy([a], from_mode("motion", ALWAYS_SCHEDULE_ID))
    before = (store.list_schedules(), store.policies())
    with pytest.raises(FailedPrecondition, match="'24x7' is built in and cannot be changed"):
        store.put_schedule(ALWAYS_SCHEDULE_ID, "24x7", EMPTY)
    with pytest.raises(FailedPrecondition, match="'24x7' is built in and cannot be changed"):
        store.put_schedule(0, "24x7", EMPTY)
    with pytest.raises(FailedPrecondition, match="cannot be renamed"):
        store.put_schedule(2, "Workdays", WEEKDAYS)
    with pytest.raises(FailedPrecondition, match="'24x5' is built in"):
        store.delete_schedule(2)
    with pytest.raises(InvalidArgument, match=r"schedule\.name"):
        store.put_schedule(0, " ", EMPTY)
    with pytest.raises(NotFound, match="motion schedule 99"):
        store.set_policy([a], RecordingPolicy(motion_schedule=99))
    with pytest.raises(NotFound, match="camera 77"):
        store.set_policy([a, 77], RecordingPolicy())  # a is not changed either
    store.put_schedule(0, "Other", EMPTY)
    with pytest.raises(FailedPrecondition, match="another schedule"):
        store.put_schedule(store.find_schedule(name="Other").id, "24x5", EMPTY)
    assert (store.list_schedules()[:3], store.policies()) == (before[0], before[1])
    # The schema refuses what the model refuses, whoever writes.
    with pytest.raises(IntegrityError):
        catalog.database.execute_sql("UPDATE recording_policy SET post_s = 4")
    with pytest.raises(IntegrityError):
        catalog.database.execute_sql("DELETE FROM schedule WHERE id = 1")


def test_a_factory_reset_restores_the_presets_and_forgets_policies(catalog: Catalog) -> None:
    store = PolicyStore(catalog.database)
    a = add_camera(catalog, "a")
    shipped = store.list_schedules()
    nights, _ = store.put_schedule(0, "Nights", week({"mon": [[0, 360]]}))
    store.put_schedule(2, "24x5", EMPTY)
    store.set_policy([a], RecordingPolicy(motion_schedule=nights.id))
    store.reset()
    assert store.list_schedules() == shipped
    assert store.policies() == {}
    assert load_policy_book(catalog).plan(a, MONDAY_US, UTC_ZONE) is plan.ALWAYS
