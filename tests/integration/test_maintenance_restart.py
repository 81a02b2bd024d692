"""The scheduled maintenance restart (SYS-08).

The schedule is checked on exact instants, across Europe/Paris's DST changes; the
check's decisions (due, postponed while an export runs, off) on a real settings
store with an injected clock; and a real server, whose wall clock libfaketime sets
a minute and a half before midnight, restarts itself at midnight: the same process
(the command line executed again), the same server id, a new start time, and the
machine left alone.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.server_process import init_data_dir, start_server, wait_for
from vedette_server.catalog.database import open_catalog
from vedette_server.datadir import DataDir
from vedette_server.maintenance_restart import (
    MaintenanceRestart,
    next_restart_us,
    upgrade_under_way,
)
from vedette_server.power import StopRequest
from vedette_server.settings.model import MaintenanceSettings, SettingsError
from vedette_server.settings.store import SettingsStore
from vedette_server.upgrade.handoff import UpgradeDir
from vedette_server.upgrade.intake import UpgradeIntake

PARIS = "Europe/Paris"
LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def us(text: str) -> int:
    """An ISO 8601 instant with its offset, as µs since the epoch."""
    return int(datetime.fromisoformat(text).timestamp()) * 1_000_000


def due(started: str, every_days: int, hour: int, zone: str = PARIS) -> int | None:
    return next_restart_us(us(started), MaintenanceSettings(every_days, hour), zone)


def test_the_restart_is_at_the_hour_n_calendar_days_after_the_start_day() -> None:
    assert due("2026-06-01T03:00:05+02:00", 7, 3) == us("2026-06-08T03:00:00+02:00")
    assert due("2026-12-06T10:00:00+01:00", 1, 0) == us("2026-12-07T00:00:00+01:00")
    # Days are counted in the zone: 23:30 UTC is already the 7th in Paris.
    assert due("2026-12-06T23:30:00+00:00", 1, 4) == us("2026-12-08T04:00:00+01:00")
    assert due("2026-12-06T23:30:00+00:00", 1, 4, "UTC") == us("2026-12-07T04:00:00+00:00")
    assert due("2026-12-06T10:00:00+01:00", 0, 3) is None  # off


def test_an_hour_the_spring_change_skips_moves_to_just_after_the_gap() -> None:
    # 29 March 2026 in Paris: 02:00 CET becomes 03:00 CEST; 02:00 does not exist.
    assert due("2026-03-27T14:10:00+01:00", 2, 2) == us("2026-03-29T03:00:00+02:00")
    # 03:00 does, and comes 23 hours after the previous day's 03:00.
    assert due("2026-03-28T03:00:00+01:00", 1, 3) == us("2026-03-29T03:00:00+02:00")


def test_an_hour_the_autumn_change_repeats_happens_once_at_its_first_occurrence() -> None:
    # 25 October 2026 in Paris: 03:00 CEST becomes 02:00 CET; 02:00 comes twice.
    assert due("2026-10-24T10:00:00+02:00", 1, 2) == us("2026-10-25T02:00:00+02:00")
    # A server restarted at the first 02:00 waits for the next day, not the second 02:00.
    assert due("2026-10-25T02:00:03+02:00", 1, 2) == us("2026-10-26T02:00:00+01:00")


@pytest.mark.parametrize(
    ("every_days", "hour"), [(-1, 3), (31, 3), (1, 24), (1, -1), (True, 3), (1, 2.5)]
)
def test_settings_outside_their_ranges_are_refused_with_their_path(
    every_days: object, hour: object
) -> None:
    with pytest.raises(SettingsError, match=r"maintenance\.restart_"):
        MaintenanceSettings(every_days, hour)  # type: ignore[arg-type]


def test_a_due_restart_waits_while_an_export_runs_and_a_settings_change_acts(
    tmp_path: Path,
) -> None:
    started_us = us("2026-12-06T10:00:00+01:00")
    restart_us = us("2026-12-09T04:00:00+01:00")
    now_s = [started_us / 1e6]
    reason: list[str | None] = ["1 export(s) running"]
    entries: list[tuple[str, str]] = []

    async def exporting() -> str | None:
        return reason[0]

    async def scenario(store: SettingsStore) -> None:
        stop = StopRequest()
        maintenance = MaintenanceRestart(
            store,
            started_us,
            stop,
            lambda action, message: entries.append((action, message)),
            busy=(exporting,),
            clock=lambda: now_s[0],
        )
        await maintenance.check()
        assert maintenance.next_restart_us() is None and not stop.asked  # off by default
        settings = SettingsStore.replace(store.current, "date_time", time_zone=PARIS)
        store.save(SettingsStore.replace(settings, "maintenance", restart_every_days=3))
        store.save(SettingsStore.replace(store.current, "maintenance", restart_hour=4))
        assert maintenance.next_restart_us() == restart_us
        now_s[0] = restart_us / 1e6 - 0.001
        await maintenance.check()
        assert not stop.asked and entries == []
        now_s[0] = restart_us / 1e6
        for _ in range(3):
            await maintenance.check()
        assert not stop.asked
        assert entries == [
            ("maintenance.restart_postponed", "maintenance restart postponed: 1 export(s) running")
        ]
        reason[0] = None
        await maintenance.check()
        assert (stop.asked, stop.action, stop.host) == (True, "restart", False)
        assert entries[-1] == ("maintenance.restart", "maintenance restart (every 3 days)")

    with open_catalog(tmp_path / "catalog.sqlite3") as catalog:
        store = SettingsStore(catalog)
        store.load()
        asyncio.run(scenario(store))
        assert SettingsStore(catalog).load().maintenance == MaintenanceSettings(3, 4)


def test_an_upgrade_handed_to_the_host_postpones_the_restart(tmp_path: Path) -> None:
    directory = tmp_path / "upgrade"
    directory.mkdir()
    check = upgrade_under_way(UpgradeIntake(directory, tmp_path / "keys").status)

    async def busy() -> str | None:
        return await check()

    assert asyncio.run(busy()) is None
    UpgradeDir(directory).request.write_text("{}")  # what the server writes last
    assert asyncio.run(busy()) == "an upgrade is under way"


def test_a_real_server_restarts_itself_when_its_maintenance_time_comes(tmp_path: Path) -> None:
    if not LIBFAKETIME.exists():
        pytest.skip(
            "libfaketime is not installed: make setup installs it (Debian package faketime)"
        )
    data = tmp_path / "data"
    assert init_data_dir(data, default_volume=False).returncode == 0
    with open_catalog(DataDir(data).catalog) as catalog:
        store = SettingsStore(catalog)
        settings = SettingsStore.replace(store.load(), "date_time", time_zone=PARIS)
        store.save(
            SettingsStore.replace(settings, "maintenance", restart_every_days=1, restart_hour=0)
        )
    # The server's wall clock is libfaketime's, its offset read from a file at every
    # call (its monotonic clock stays true): none while it starts, however long that
    # takes on a loaded machine; then 15 s before the midnight its schedule falls on.
    offset = tmp_path / "faketime"
    offset.write_text("+0\n")
    env = {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_NO_CACHE": "1",
    }
    calls = tmp_path / "host.json"
    server = start_server(
        data, tmp_path / "known.json", "--host-control", f"record:{calls}",
        "--housekeeping-seconds", "1", env=env,
    )  # fmt: skip
    try:
        with server.client() as client:
            before = client.get_server_info()
        started_us = before.start_time.ToMicroseconds()
        # Every 1 day at 00:00: the midnight after the day it started, in Paris.
        paris = ZoneInfo(PARIS)
        started = datetime.fromtimestamp(started_us / 1_000_000, paris)
        midnight = datetime.combine(started.date() + timedelta(days=1), datetime.min.time(), paris)
        midnight_us = int(midnight.astimezone(UTC).timestamp()) * 1_000_000
        jump_s = int(midnight.timestamp() - time.time()) - 15
        offset.write_text(f"{jump_s:+d}\n")
        ready = wait_for(
            lambda: [x for x in server.lines if x.startswith("vedette-server ready on")][1:],
            240,
            "the server to restart itself at midnight",
        )
        assert server.process.poll() is None  # the same process, executed again
        port = int(ready[0].rsplit(":", 1)[1])
        again = type(server)(data, server.process, port, server.known_servers, server.lines)
        with again.client() as client:
            after = client.get_server_info()
            entries = [e for e in client.search_logs(limit=200) if e.action.startswith("maint")]
        assert after.server_id == before.server_id
        assert after.start_time.ToMicroseconds() >= midnight_us > started_us
        assert [e.action for e in entries] == ["maintenance.restart"]
        assert entries[0].time.ToMicroseconds() >= midnight_us
        assert not calls.exists()  # the server restarted, not the machine
    finally:
        server.stop()
