"""Motion search (``MotionService.SearchMotion``, issue 14) end to end on loopback:
camsim's still scene with a scripted box, recorded by a real server with motion
detection turned on through the API; the server's own motion index answers.

Each pass of the box is an event in the event log (the detector's, stamped with frame
times); the search must find one run per pass in a region covering the box's path,
and none in a region beside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from tests.integration.test_cli import vedette
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api import errors
from vedette_api.cli.format import rfc3339_from_us
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.motion import cells_in_box
from vedette_api.timestamps import now_us, timestamp_from_us, us_from_timestamp
from vedette_api.v1 import motion_pb2

pytestmark = pytest.mark.interop

#: The box crosses x 0.1..0.5, y 0.4..0.7 in loop seconds 3..6: columns 2..10, rows 7..12.
SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
S = 1_000_000
MINUTE = 60 * S
HOLD_S = 2.0
WAIT_S = 300.0  # generous: a loaded 2-core machine, and minutes are written when done
#: Rows 3..15: the picture without the clock text and strip (camsim.scene).
BODY = cells_in_box(0, 3, 21, 15)
#: A cell of margin around the box's path.
PATH = (1, 6, 11, 13)
#: Right of the path, inside the body: disjoint from it.
BESIDE = (14, 3, 21, 15)
PASSWORD = "Quiet-Corridor-2026!"


def motion_events(client: Client, camera_id: int) -> list[tuple[int, int]]:
    found = client.search_events(types=["motion"], camera_ids=[camera_id])
    return sorted(
        (e.start_time.ToMicroseconds(), e.end_time.ToMicroseconds())
        for e in found
        if e.source == "vedette motion" and e.HasField("end_time")
    )


def spans(runs: list[motion_pb2.MotionRun]) -> list[tuple[int, int]]:
    return [(us_from_timestamp(r.start_time), us_from_timestamp(r.end_time)) for r in runs]


@pytest.fixture
def scene(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> tuple[ServerProcess, CamsimProcess]:
    camsim = camsim_factory("--fps", "15", "--scene", "still", "--motion", SCRIPT)
    server = server_factory("--segment-seconds", "2")
    return server, camsim


def test_search_motion_finds_each_pass_in_its_region_and_none_beside(
    scene: tuple[ServerProcess, CamsimProcess], tmp_path: Path
) -> None:
    server, camsim = scene
    with server.client() as admin:
        camera = admin.create_camera("moving", camsim.url("cam1", "sub"), record_audio=False)
        hidden = admin.create_camera("hidden", camsim.url("cam1", "sub"), record_audio=False)
        enabled_us = now_us()
        admin.set_motion_config(
            camera.id, enabled=True, sensitivity=6, hold_seconds=HOLD_S, areas=[("body", BODY)]
        )
        # Passes that began a loop after detection was on (the background was learnt).
        begin_us = enabled_us + 11 * S

        def written() -> tuple[int, list[tuple[int, int]]] | None:
            # Minutes are written 2 s after they end (flushed every second): the ones
            # that ended 10 s ago are in the index.
            cutoff = (now_us() - 10 * S) // MINUTE * MINUTE
            events = [
                e for e in motion_events(admin, camera.id) if begin_us < e[0] and e[1] < cutoff
            ]
            return (cutoff, events) if len(events) >= 2 else None

        cutoff, events = wait_for(written, WAIT_S, "two motion events in written minutes")
        progress: list[float] = []
        found = spans(
            admin.search_motion(
                [camera.id],
                begin_us,
                cutoff,
                cells=cells_in_box(*PATH),
                merge_gap_us=S,
                on_progress=progress.append,
            )
        )
        assert progress == [1.0]
        # Each pass is one run: it starts in the second the event started, or the one
        # before (the event needs its make frames), and ends before the event (hold).
        for start, end in events:
            matching = [(a, b) for a, b in found if a <= start + S and b > start - 2 * S]
            assert len(matching) == 1, (start, end, found)
            a, b = matching[0]
            assert start - 2 * S <= a <= start and a < b <= end + S, ((a, b), (start, end))
        # And every run well inside the range is a pass.
        for a, b in found:
            if a > begin_us + 2 * S and b < cutoff - 5 * S:
                assert any(start - 2 * S <= a <= start for start, _ in events), ((a, b), events)
        # Beside the path: nothing, over everything recorded.
        assert (
            admin.search_motion([camera.id], enabled_us, now_us(), cells=cells_in_box(*BESIDE))
            == []
        )
        # A minimum duration longer than a pass (3 s) leaves none.
        assert (
            admin.search_motion(
                [camera.id], begin_us, cutoff, cells=cells_in_box(*PATH), min_duration_us=30 * S
            )
            == []
        )

        # The CLI: the same runs, in µs and RFC 3339.
        result = vedette(
            server,
            tmp_path,
            "motion",
            "search",
            "moving",
            "--from",
            rfc3339_from_us(begin_us),
            "--to",
            rfc3339_from_us(cutoff),
            "--cells",
            ",".join(map(str, PATH)),
            "--merge-gap",
            "1",
            "--json",
        )
        cli = json.loads(result.stdout)
        assert cli["camera_id"] == camera.id
        assert [(r["start_us"], r["end_us"]) for r in cli["runs"]] == found
        for run in cli["runs"]:
            assert run["start_time"] == rfc3339_from_us(run["start_us"])
            assert run["end_time"] == rfc3339_from_us(run["end_us"])
        span = ("--from", rfc3339_from_us(begin_us), "--to", rfc3339_from_us(cutoff))
        bad = vedette(
            server,
            tmp_path,
            "motion",
            "search",
            "moving",
            *span,
            "--cells",
            "0,0,22,3",
            check=False,
        )
        assert bad.returncode != 0 and "22" in bad.stderr

        # A user who may play back only the moving camera.
        rights = make_rights([], {"playback": [camera.id]})
        group = admin.create_group("searchers", local_rights=rights, remote_rights=rights)
        admin.create_user("searcher", PASSWORD, group_id=group.id)

    with Client.connect(
        server.address, username="searcher", password=PASSWORD,
        known_servers_path=server.known_servers,
    ) as searcher:  # fmt: skip
        assert (
            spans(
                searcher.search_motion(
                    [camera.id], begin_us, cutoff, cells=cells_in_box(*PATH), merge_gap_us=S
                )
            )
            == found
        )
        with pytest.raises(errors.PermissionDenied):
            searcher.search_motion([hidden.id], begin_us, cutoff)
        with pytest.raises(errors.PermissionDenied):
            searcher.search_motion([camera.id, hidden.id], begin_us, cutoff)
        # No camera named: the ones the user may play back.
        assert (
            spans(
                searcher.search_motion(
                    [], begin_us, cutoff, cells=cells_in_box(*PATH), merge_gap_us=S
                )
            )
            == found
        )


def test_search_motion_refuses_bad_input(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory()
    now = now_us()
    with server.client() as admin:
        camera = admin.create_camera("idle", "rtsp://127.0.0.1:9/none", record_audio=False).id
        assert admin.search_motion([camera], now - MINUTE, now) == []
        with pytest.raises(errors.InvalidArgument, match="end_time"):
            admin.search_motion([camera], now, now - S)
        with pytest.raises(errors.InvalidArgument, match="end_time"):
            admin.search_motion([camera], now, now)
        with pytest.raises(errors.InvalidArgument, match="cells"):
            admin.search_motion([camera], now - S, now, cells=b"\xff" * 55)
        with pytest.raises(errors.InvalidArgument, match="cells"):
            admin.search_motion([camera], now - S, now, cells=b"\xff" * 56)  # padding bits
        with pytest.raises(errors.InvalidArgument, match="cells: has no cell"):
            admin.search_motion([camera], now - S, now, cells=bytes(56))
        with pytest.raises(errors.InvalidArgument, match="merge_gap"):
            admin.search_motion([camera], now - S, now, merge_gap_us=-S)
        with pytest.raises(errors.NotFound):
            admin.search_motion([camera + 1000], now - S, now)
        stub = admin._motion  # the raw stub: a rect outside the grid, or with cells
        metadata = admin._metadata
        base = dict(
            camera_ids=[camera],
            start_time=timestamp_from_us(now - S),
            end_time=timestamp_from_us(now),
        )
        for request, field in (
            (
                motion_pb2.SearchMotionRequest(
                    **base, rect=motion_pb2.CellRect(x0=0, y0=0, x1=22, y1=3)
                ),
                "rect",
            ),
            (
                motion_pb2.SearchMotionRequest(
                    **base, rect=motion_pb2.CellRect(x0=5, y0=0, x1=4, y1=3)
                ),
                "rect",
            ),
            (
                motion_pb2.SearchMotionRequest(
                    **base, cells=cells_in_box(0, 0, 1, 1), rect=motion_pb2.CellRect(x1=1, y1=1)
                ),
                "rect",
            ),
            (motion_pb2.SearchMotionRequest(camera_ids=[camera]), "start_time"),
        ):
            with pytest.raises(grpc.RpcError) as raised:
                list(stub.SearchMotion(request, metadata=metadata, timeout=60))
            error: grpc.Call = raised.value
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error
            assert field in (error.details() or ""), error
        ok = motion_pb2.SearchMotionRequest(
            **base, rect=motion_pb2.CellRect(x0=0, y0=0, x1=21, y1=17)
        )
        replies = list(stub.SearchMotion(ok, metadata=metadata, timeout=60))
        assert [(len(r.runs), r.progress, r.done) for r in replies] == [(0, 1.0, True)]
