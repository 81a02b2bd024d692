"""The sd_notify client and what the server tells systemd, on a real AF_UNIX datagram
socket (tests/support/notify_socket.py) in place of systemd's."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.notify_socket import NotifySocket

from vedette_server.ops.systemd import (
    EXTEND_BY_S,
    SdNotify,
    Systemd,
    recording_status,
    status_line,
    watchdog_interval_s,
)

WAIT_S = 30.0


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[NotifySocket]:
    with NotifySocket(tmp_path / "notify") as socket_:
        yield socket_


def test_sends_one_datagram_to_a_socket_path(receiver: NotifySocket) -> None:
    assert SdNotify.from_environ({"NOTIFY_SOCKET": receiver.address}).send("READY=1", "STATUS=up")

    notification = receiver.notifications[receiver.wait_for("READY=1", WAIT_S)]
    assert notification.fields == ("READY=1", "STATUS=up")
    assert notification.pid == os.getpid()


def test_sends_to_the_abstract_namespace() -> None:
    with NotifySocket() as receiver:
        assert receiver.address.startswith("@")
        assert SdNotify(receiver.address).send("STOPPING=1")
        receiver.wait_for("STOPPING=1", WAIT_S)


def test_without_notify_socket_nothing_is_sent_and_nothing_fails() -> None:
    notify = SdNotify.from_environ({})
    assert not notify.enabled
    assert notify.send("READY=1") is False


def test_a_socket_nobody_reads_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert SdNotify(str(tmp_path / "gone")).send("READY=1") is False
    assert "cannot notify systemd" in caplog.text


def test_a_notify_socket_that_is_not_a_path_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        notify = SdNotify("relative/socket")
    assert not notify.enabled
    assert "not a socket path" in caplog.text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"WATCHDOG_USEC": "2000000"}, 1.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}, 15.0),
        ({"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"}, None),  # another process's
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "me"}, None),
    ],
)
def test_watchdog_interval_is_half_of_watchdog_usec_for_this_process(
    environ: dict[str, str], expected: float | None
) -> None:
    assert watchdog_interval_s(environ, 4242) == expected


def test_a_status_stays_on_one_line() -> None:
    assert status_line("volume 2:\nread-only") == "STATUS=volume 2: read-only"


class _Recorder:
    def __init__(self, cameras: set[int]) -> None:
        self.cameras = cameras

    def recorded_camera_ids(self) -> set[int]:
        return self.cameras


def test_recording_status_counts_cameras() -> None:
    assert recording_status(_Recorder({1})) == "recording 1 camera"
    assert recording_status(_Recorder({1, 2, 3})) == "recording 3 cameras"


def test_watchdog_pings_and_status_changes_come_from_the_loop(receiver: NotifySocket) -> None:
    cameras = _Recorder(set())

    async def scenario() -> None:
        systemd = Systemd(SdNotify(receiver.address), watchdog_s=0.2)
        await systemd.start()
        systemd.ready(lambda: recording_status(cameras))
        ready = await asyncio.to_thread(receiver.wait_for, "READY=1", WAIT_S)
        assert receiver.notifications[ready].value("STATUS") == "recording 0 cameras"
        await asyncio.to_thread(receiver.wait_for, "WATCHDOG=1", WAIT_S, after=ready + 1)
        cameras.cameras = {7, 8}
        await asyncio.to_thread(receiver.wait_for, "STATUS=recording 2 cameras", WAIT_S)
        await systemd.aclose()

    asyncio.run(scenario())
    # The status is sent when it changes, not with every ping.
    assert receiver.count("STATUS=recording 2 cameras") == 1
    assert receiver.count("WATCHDOG=1") >= 2


def test_a_stalled_loop_sends_no_pings(receiver: NotifySocket) -> None:
    """The point of pinging from the loop: while it is blocked, systemd hears nothing."""

    async def scenario() -> int:
        systemd = Systemd(SdNotify(receiver.address), watchdog_s=0.05)
        await systemd.start()
        await asyncio.to_thread(receiver.wait_for, "WATCHDOG=1", WAIT_S)
        clock = asyncio.get_running_loop().time
        settled, stalled_until = clock() + 1.0, clock() + 3.0
        while clock() < settled:  # blocks the loop; what was sent before arrives
            pass
        before = len(receiver.notifications)
        while clock() < stalled_until:  # two more seconds: 40 intervals
            pass
        after = len(receiver.notifications)
        await systemd.aclose()
        return after - before

    # A ping from a thread would keep coming; from the loop, none while it is blocked.
    assert asyncio.run(scenario()) == 0


def test_without_a_watchdog_no_pings_are_sent(receiver: NotifySocket) -> None:
    async def scenario() -> None:
        systemd = Systemd(SdNotify(receiver.address), watchdog_s=None)
        await systemd.start()
        systemd.ready(lambda: "recording 0 cameras")
        await asyncio.to_thread(receiver.wait_for, "READY=1", WAIT_S)
        await asyncio.sleep(0.3)
        await systemd.aclose()

    asyncio.run(scenario())
    assert receiver.count("WATCHDOG=1") == 0


def test_recovery_says_so_and_extends_the_start_timeout(receiver: NotifySocket) -> None:
    async def scenario() -> None:
        systemd = Systemd(SdNotify(receiver.address), watchdog_s=None)
        async with systemd.recovering(3):
            await asyncio.to_thread(receiver.wait_for, "STATUS=recovering 3 segments", WAIT_S)
            await asyncio.to_thread(
                receiver.wait_for, f"EXTEND_TIMEOUT_USEC={int(EXTEND_BY_S * 1e6)}", WAIT_S
            )

    asyncio.run(scenario())


def test_stop_is_stopping_and_restart_is_reloading(receiver: NotifySocket) -> None:
    systemd = Systemd(SdNotify(receiver.address), watchdog_s=None)
    systemd.stopping(restart=True)
    reloading = receiver.notifications[receiver.wait_for("RELOADING=1", WAIT_S)]
    monotonic_us = reloading.value("MONOTONIC_USEC")
    assert monotonic_us is not None and int(monotonic_us) > 0
    assert not reloading.has("STOPPING=1")

    systemd.stopping(restart=False)
    receiver.wait_for("STOPPING=1", WAIT_S)


def test_off_tells_nobody(receiver: NotifySocket) -> None:
    async def scenario() -> None:
        systemd = Systemd.off()
        await systemd.start()
        systemd.ready(lambda: "up")
        systemd.stopping(restart=False)
        await systemd.aclose()

    asyncio.run(scenario())
    assert receiver.notifications == []
