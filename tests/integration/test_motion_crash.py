"""A motion event open when the server is killed (kill -9) ends at the next start, at
the last instant the server can prove (``motion.open_events``): never running for ever
on the timeline or in event search, never past the restart, never before its start."""

from __future__ import annotations

from collections.abc import Callable

from tests.integration.test_motion_service import BODY, FPS, SCRIPT, WAIT_S, motion_events
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, start_server, wait_for
from vedette_api.timestamps import now_us
from vedette_server.motion.open_events import proven_end

S = 1_000_000


def test_proven_end_is_the_earliest_evidence_within_start_and_restart() -> None:
    assert proven_end(10 * S, 100 * S, [40 * S, 30 * S]) == 30 * S
    assert proven_end(10 * S, 100 * S, [None, 50 * S]) == 50 * S
    assert proven_end(10 * S, 100 * S, [None, None]) == 10 * S  # nothing proven
    assert proven_end(10 * S, 100 * S, [5 * S]) == 10 * S  # no video since the start
    assert proven_end(10 * S, 100 * S, [200 * S]) == 100 * S
    assert proven_end(10 * S, 5 * S, []) == 10 * S  # a clock set back: never before start


def test_an_event_open_at_a_kill_ends_by_the_restart_and_a_new_one_opens(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--fps", str(FPS), "--scene", "still", "--motion", SCRIPT)
    server = server_factory("--segment-seconds", "2")
    with server.client() as admin:
        camera = admin.create_camera("Yard", camsim.url("cam1", "main", auth=False)).id
        # A hold of 10 minutes: the event stays open as long as the server runs.
        admin.set_motion_config(
            camera, enabled=True, sensitivity=6, hold_seconds=600, areas=[("body", BODY)]
        )
        opened = wait_for(
            lambda: [e for e in motion_events(admin, camera) if e[1] is None],
            WAIT_S,
            "a motion event to open",
        )
    assert len(opened) == 1
    start_us = opened[0][0]
    server.kill()
    again = start_server(server.data, server.known_servers, "--segment-seconds", "2")
    restarted_us = now_us()  # the new server is up: it ended what was open before this
    try:
        with again.client() as admin:
            events = dict(motion_events(admin, camera))
            end_us = events[start_us]
            assert end_us is not None, "the event left open was not ended"
            # Event times are frames' times (the camera's clock mapped to the wall
            # clock), which may lead the server's clock by a fraction of a second: an
            # event that began "after" the restart ends where it began.
            assert start_us <= end_us <= max(start_us, restarted_us)
            # Detection goes on after the restart: a new event opens, after the old one.
            wait_for(
                lambda: any(s > end_us for s, _ in motion_events(admin, camera)),
                WAIT_S,
                "a motion event after the restart",
            )
    finally:
        again.stop()
