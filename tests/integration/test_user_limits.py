"""Per-user limits (api/user_limits.py): one account cannot hold more live streams,
playback streams or unfinished export tasks than its bound, across all its sessions;
beyond it a call gets RESOURCE_EXHAUSTED and opens nothing, and a slot freed by
closing a stream serves the next call. The bounds are lowered for the test (the
production ones are generous: a 64-camera wall switching streams)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_server.api import user_limits


@pytest.fixture
def inproc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[InProcessServer]:
    monkeypatch.setattr(user_limits, "MAX_LIVE_STREAMS", 2)
    monkeypatch.setattr(user_limits, "MAX_PLAYBACK_STREAMS", 3)
    monkeypatch.setattr(user_limits, "MAX_UNFINISHED_EXPORTS", 2)
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def _client(inproc: InProcessServer) -> Client:
    return Client.connect(
        inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True
    )


def _usage(inproc: InProcessServer, what: Callable[[object], int]) -> int:
    sessions = inproc.server.sessions.sessions()
    return max((what(s.usage) for s in sessions), default=0)


def test_live_streams_are_bounded_per_user_across_sessions(inproc: InProcessServer) -> None:
    with _client(inproc) as first, _client(inproc) as second:
        camera = first.create_camera("Gate", "rtsp://127.0.0.1:9/none")  # never connects
        streams = [first.live(camera.id), second.live(camera.id, stream="main")]
        wait_for(lambda: _usage(inproc, lambda u: u.live) == 2, 30, "two live streams open")
        with pytest.raises(errors.ResourceExhausted, match="live streams"):
            next(iter(first.live(camera.id)))
        streams[0].close()
        wait_for(lambda: _usage(inproc, lambda u: u.live) == 1, 30, "a live stream closed")
        third = second.live(camera.id)
        wait_for(lambda: _usage(inproc, lambda u: u.live) == 2, 30, "the slot reused")
        for stream in (streams[1], third):
            stream.close()
        wait_for(lambda: _usage(inproc, lambda u: u.live) == 0, 30, "every stream closed")


def test_playback_streams_count_each_camera(inproc: InProcessServer) -> None:
    with _client(inproc) as client:
        ids = [client.create_camera(f"C{i}", f"rtsp://127.0.0.1:9/c{i}").id for i in range(3)]
        session = client.playback(ids[:2], ago_seconds=60, paused=True)
        next(iter(session))  # started
        with pytest.raises(errors.ResourceExhausted, match="camera streams"):
            next(iter(client.playback(ids[2:] + ids[:1], ago_seconds=60, paused=True)))
        one_more = client.playback(ids[2:], ago_seconds=60, paused=True)
        next(iter(one_more))  # 2 + 1 = 3: still within the bound
        session.close()
        one_more.close()
        wait_for(lambda: _usage(inproc, lambda u: u.playback) == 0, 30, "playback closed")


def test_unfinished_export_tasks_are_bounded_per_user(inproc: InProcessServer) -> None:
    inproc.server.export_tasks.max_running = 0  # every task stays queued
    with _client(inproc) as client:
        camera = client.create_camera("Gate", "rtsp://127.0.0.1:9/none")
        item = [(camera.id, 1_700_000_000_000_000, 1_700_000_060_000_000)]
        tasks = [client.create_export_task(items=item) for _ in range(2)]
        with pytest.raises(errors.ResourceExhausted, match="export tasks"):
            client.create_export_task(items=item)
        client.cancel_export_task(tasks[0].id)
        client.create_export_task(items=item)  # a cancelled task no longer counts
