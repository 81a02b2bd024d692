"""The site's alarm feed (issue 19): a member's alarms reach the directory; while the
directory is down they wait in the member's outbox and arrive, each exactly once,
when it returns; a replay of what the directory already holds changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from tests.support.postgres import PostgresCluster
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from tests.support.site_directory import (
    ADMIN_PASSWORD,
    DirectoryProcess,
    join_server,
    start_directory,
)
from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.v1 import site_pb2, site_pb2_grpc
from vedette_server.directory.keys import DIRECTORY_NAME

TIMEOUT_S = 60.0


def feed(directory: DirectoryProcess, tmp_path: Path) -> list[site_pb2.SiteAlarm]:
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "known-directory.json",
    ) as site:  # fmt: skip
        return site.list_site_alarms()


def push(site_folder: Path, site_port: int, items: list[site_pb2.SiteAlarmItem]) -> int:
    credentials = grpc.ssl_channel_credentials(
        (site_folder / "ca.crt").read_bytes(),
        (site_folder / "client.key").read_bytes(),
        (site_folder / "client.crt").read_bytes(),
    )
    options = [("grpc.ssl_target_name_override", DIRECTORY_NAME)]
    with grpc.secure_channel(f"127.0.0.1:{site_port}", credentials, options=options) as channel:
        request = site_pb2.PushAlarmsRequest(items=items)
        return int(
            site_pb2_grpc.SiteSyncServiceStub(channel).PushAlarms(request, timeout=30).acknowledged
        )


def test_alarms_reach_the_site_feed_once_even_across_a_directory_outage(
    directory: DirectoryProcess, tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    data = tmp_path / "rs1"
    assert init_data_dir(data, default_volume=False).returncode == 0
    assert join_server(data, directory, "rs1").returncode == 0
    server = server_factory(data=data)
    with server.client() as client:
        first = client.trigger_alarm("door forced", text="north door")
        wait_for(
            lambda: (
                [(a.server, a.alarm_id) for a in feed(directory, tmp_path)] == [("rs1", first.id)]
            ),
            TIMEOUT_S,
            "the first alarm in the site's feed",
        )

        # The directory goes away; the server goes on raising and handling alarms.
        port, site_port = directory.port, directory.site_port
        directory.kill()
        second = client.trigger_alarm("glass break", text="lobby")
        client.acknowledge_alarm(first.id)
        directory = start_directory(directory.data, port=port, site_port=site_port)
        try:
            wait_for(
                lambda: (
                    {a.alarm_id: a.state for a in feed(directory, tmp_path)}
                    == {first.id: "in_progress", second.id: "new"}
                ),
                TIMEOUT_S,
                "both alarms, the first acknowledged, after the directory returned",
            )
            alarms = feed(directory, tmp_path)
            assert len(alarms) == 2  # each exactly once
            assert {a.title for a in alarms} == {first.title, second.title}

            # The server sending again what the directory holds (an answer lost) is
            # harmless: the same numbers are ignored, and an older version of an
            # alarm never overwrites a newer one.
            stale = site_pb2.SiteAlarm(
                alarm_id=first.id, version=1, title="stale", priority=1, state="new"
            )
            held = push(data / "site", site_port, [site_pb2.SiteAlarmItem(sequence=1, alarm=stale)])
            assert held >= 2
            newer = site_pb2.SiteAlarm(
                alarm_id=first.id, version=1, title="stale", priority=1, state="new"
            )
            push(data / "site", site_port, [site_pb2.SiteAlarmItem(sequence=held + 1, alarm=newer)])
            again = {a.alarm_id: (a.state, a.title) for a in feed(directory, tmp_path)}
            assert again[first.id] == ("in_progress", first.title)
            assert len(again) == 2
        finally:
            directory.stop()


LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def directory_alarms(directory: DirectoryProcess, tmp_path: Path) -> list[tuple[str, str]]:
    """The directory's own alarms, their titles without the measured offset (a loaded
    machine delays a heartbeat's handling: +1.9 s is as right as +2.0 s here)."""
    return [
        (re.sub(r"[+-]\d+\.\d s", "N s", a.title), a.state)
        for a in feed(directory, tmp_path)
        if a.server == "directory"
    ]


def test_a_server_whose_clock_drifts_raises_a_site_alarm_until_it_agrees_again(
    directory: DirectoryProcess, tmp_path: Path
) -> None:
    if not LIBFAKETIME.exists():
        pytest.skip("libfaketime is not installed: make setup installs it (Debian's faketime)")
    data = tmp_path / "rs1"
    assert init_data_dir(data, default_volume=False).returncode == 0
    assert join_server(data, directory, "rs1").returncode == 0
    # The server's wall clock is libfaketime's, its offset read from a file at every
    # call: true while it starts, then 2 s ahead, then true again.
    offset = tmp_path / "faketime"
    offset.write_text("+0\n")
    env = {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_NO_CACHE": "1",
    }
    server = start_server(data, tmp_path / "known.json", env=env)
    try:
        wait_for(
            lambda: any(s.name == "rs1" and s.state == site_pb2.SITE_SERVER_STATE_ONLINE
                        for s in servers(directory, tmp_path)),
            TIMEOUT_S,
            "rs1 online",
        )  # fmt: skip
        assert directory_alarms(directory, tmp_path) == []
        offset.write_text("+2\n")
        wait_for(
            lambda: (
                directory_alarms(directory, tmp_path)
                == [("clock of rs1 is N s off the directory's", "new")]
            ),
            TIMEOUT_S,
            "the directory's alarm for rs1's clock",
        )
        listed = {s.name: s for s in servers(directory, tmp_path)}
        # The server's clock is ahead: the offset is positive and at most the 2 s it is
        # ahead (a heartbeat handled late on a busy machine only makes it look smaller).
        assert 0 < listed["rs1"].clock_offset_ms <= 2050
        offset.write_text("+0\n")
        wait_for(
            lambda: (
                directory_alarms(directory, tmp_path)
                == [("clock of rs1 is N s off the directory's", "closed")]
            ),
            TIMEOUT_S,
            "the alarm closed once the clocks agree",
        )
    except AssertionError:
        print("SERVER", "\n".join(server.lines[-30:]))
        print("DIRECTORY", "\n".join(directory.lines[-30:]))
        raise
    finally:
        server.stop()


def servers(directory: DirectoryProcess, tmp_path: Path) -> list[site_pb2.SiteServer]:
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "known-directory.json",
    ) as site:  # fmt: skip
        return list(site.list_site_servers().servers)


def test_postgresql_going_away_under_a_running_directory_loses_no_alarm(
    directory: DirectoryProcess,
    postgres: PostgresCluster,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
) -> None:
    data = tmp_path / "rs1"
    assert init_data_dir(data, default_volume=False).returncode == 0
    assert join_server(data, directory, "rs1").returncode == 0
    server = server_factory(data=data)
    with server.client() as client:
        first = client.trigger_alarm("door forced")
        wait_for(lambda: len(feed(directory, tmp_path)) == 1, TIMEOUT_S, "the first alarm")
        postgres.stop("immediate")  # the directory runs on, without its database
        try:
            second = client.trigger_alarm("glass break")
            wait_for(
                lambda: any("does not answer" in line for line in server.lines),
                TIMEOUT_S,
                "the server noticing the directory cannot answer",
            )
            with pytest.raises(VedetteError) as refused:
                feed(directory, tmp_path)
            assert "unavailable" in refused.value.message.lower()
        finally:
            postgres.start()
        wait_for(
            lambda: (
                sorted(a.alarm_id for a in feed(directory, tmp_path))
                == sorted([first.id, second.id])
            ),
            TIMEOUT_S,
            "both alarms, once each, after PostgreSQL returned",
        )
