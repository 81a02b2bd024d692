"""The maintenance restart's schedule over the API (SYS-08): ``Settings.maintenance``
read and changed through UpdateSettings on a real server, its ``next_restart_time``
the scheduler's own answer for this server's start, moving at once when the setting
changes; bad values refused naming the field, nothing changed; only the system right
sees or changes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import system_pb2
from vedette_server.maintenance_restart import next_restart_us
from vedette_server.settings.model import MaintenanceSettings

PASSWORD = "Other-Watch-2026!"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("maintenance")) as started:
        yield started


def schedule(every_days: int, hour: int) -> system_pb2.Settings:
    return system_pb2.Settings(
        maintenance=system_pb2.MaintenanceSettings(restart_every_days=every_days, restart_hour=hour)
    )


def test_the_schedule_round_trips_and_its_next_restart_moves_with_it(
    server: ServerProcess,
) -> None:
    with server.client() as admin:
        started_us = admin.get_server_info().start_time.ToMicroseconds()
        zone = admin.get_settings().date_time.time_zone
        first = admin.get_settings().maintenance
        assert (first.restart_every_days, first.restart_hour) == (0, 3)
        assert not first.HasField("next_restart_time")  # off: no restart is due

        changed = admin.update_settings(schedule(2, 4), ["maintenance"]).settings.maintenance
        assert (changed.restart_every_days, changed.restart_hour) == (2, 4)
        two_days = next_restart_us(started_us, MaintenanceSettings(2, 4), zone)
        assert changed.next_restart_time.ToMicroseconds() == two_days
        assert admin.get_settings().maintenance == changed  # stored

        # One field at a time; the next restart follows each change at once.
        admin.update_settings(schedule(5, 0), ["maintenance.restart_every_days"])
        later = admin.get_settings().maintenance
        assert (later.restart_every_days, later.restart_hour) == (5, 4)
        five_days = next_restart_us(started_us, MaintenanceSettings(5, 4), zone)
        assert later.next_restart_time.ToMicroseconds() == five_days
        assert five_days is not None and two_days is not None and five_days > two_days

        off = admin.update_settings(schedule(0, 4), ["maintenance.restart_every_days"])
        assert not off.settings.maintenance.HasField("next_restart_time")
        assert not off.restart_required


@pytest.mark.parametrize(
    ("every_days", "hour", "field"),
    [
        (31, 3, "maintenance.restart_every_days"),
        (-1, 3, "maintenance.restart_every_days"),
        (1, 24, "maintenance.restart_hour"),
        (1, -1, "maintenance.restart_hour"),
    ],
)
def test_a_value_outside_its_range_is_refused_naming_it_and_nothing_changes(
    server: ServerProcess, every_days: int, hour: int, field: str
) -> None:
    with server.client() as admin:
        before = admin.get_settings()
        with pytest.raises(errors.InvalidArgument, match=field.replace(".", r"\.")) as refused:
            admin.update_settings(schedule(every_days, hour), ["maintenance"])
        assert refused.value.metadata["field"] == field
        assert admin.get_settings() == before


def test_the_next_restart_time_is_output_only(server: ServerProcess) -> None:
    output_only = r"maintenance\.next_restart_time"
    with server.client() as admin, pytest.raises(errors.InvalidArgument, match=output_only):
        admin.update_settings(schedule(1, 3), ["maintenance.next_restart_time"])


def test_only_the_system_right_sees_or_changes_the_schedule(server: ServerProcess) -> None:
    with server.client() as admin:
        rights = make_rights(("logs", "network"))
        group = admin.create_group("no-system", local_rights=rights, remote_rights=rights)
        admin.create_user("operator", PASSWORD, group_id=group.id)
        before = admin.get_settings().maintenance
    with Client.connect(
        server.address,
        username="operator",
        password=PASSWORD,
        known_servers_path=server.known_servers,
    ) as operator:
        assert not operator.get_settings().HasField("maintenance")
        with pytest.raises(errors.PermissionDenied):
            operator.update_settings(schedule(1, 2), ["maintenance.restart_every_days"])
    with server.client(ADMIN_PASSWORD) as admin:
        assert admin.get_settings().maintenance == before
