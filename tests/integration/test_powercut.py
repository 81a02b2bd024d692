"""Power cuts while cameras record (issue 18 §1, CI-sized; bench/powercut.py is the long run).

The server's whole data directory (catalog and its recordings volume) lives on the
power-cut file system (tests/support/powercut_fs.py): what was not fsynced is lost
at each cut. Each cycle: record, kill -9 the server and its ingest workers together,
cut the power, check the catalog (SQLite's integrity check) before anything repairs
it, restart (the server's recovery), and read from the catalog what each stream kept. At
the end ``vedette-server fsck`` checks every row against its file and the reverse.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.powercut_checks import first_starts, integrity, kill_tree, losses_at_cut, max_id
from tests.support.powercut_fs import PowerCutMount, powercut_mount_or_skip
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client

CAMERAS = 2
S = 1_000_000
CUTS = 10
FSYNC_SECONDS = 1.5  # the server's default
#: What a cut may lose per stream: the issue's target, 2 s: the fsync interval (the
#: server's promise) plus 0.5 s for the frames the camera had sent that were not yet
#: written (a frame interval at 25 fps and the ingest's latency on a loaded machine).
LOSS_BOUND_S = 2.0
SERVER_ARGS = ("--segment-seconds", "3", "--fsync-seconds", str(FSYNC_SECONDS))


@pytest.fixture
def fs(tmp_path: Path) -> Iterator[PowerCutMount]:
    with powercut_mount_or_skip(tmp_path) as mount:
        yield mount


def all_recording(client: Client, camera_ids: list[int]) -> bool:
    """Every stream wrote a segment since this server started."""
    statuses = [client.get_camera(camera_id).status for camera_id in camera_ids]
    return all(s.main.bytes_written > 0 and s.sub.bytes_written > 0 for s in statuses)


def test_power_cuts_while_recording_lose_at_most_the_fsync_interval(
    fs: PowerCutMount, tmp_path: Path
) -> None:
    camsim: CamsimProcess = start_camsim(
        "--main", "320x180", "--sub", "160x90", "--main-kbps", "200", "--sub-kbps", "100",
        cameras=CAMERAS,
    )  # fmt: skip
    data, known = fs.mountpoint / "data", tmp_path / "known_servers.json"
    rng = random.Random(18)
    server: ServerProcess | None = None
    try:
        assert init_data_dir(data).returncode == 0
        server = start_server(data, known, *SERVER_ARGS)
        with server.client() as client:
            camera_ids = [
                client.create_camera(
                    f"cam{i}", camsim.url(f"cam{i}", "main"), sub_url=camsim.url(f"cam{i}", "sub")
                ).id
                for i in range(1, CAMERAS + 1)
            ]
        catalog = data / "catalog.sqlite3"
        losses: dict[str, list[float]] = {}
        id_at_ready = 0
        for _cut in range(CUTS):
            with server.client() as client:
                wait_for(
                    lambda c=client: all_recording(c, camera_ids), 60, "every stream recording"
                )
            time.sleep(rng.uniform(0.2, 2.5))
            starts = first_starts(catalog, id_at_ready)
            killed_us = kill_tree(server)
            fs.cut()
            assert integrity(catalog) == ["ok"]
            server = start_server(data, known, *SERVER_ARGS)
            id_at_ready = max_id(catalog)
            for stream, loss in losses_at_cut(catalog, starts, killed_us).items():
                losses.setdefault(stream, []).append(loss)
        assert server.stop() == 0
        worst = {stream: round(max(values), 3) for stream, values in losses.items()}
        print(f"{fs.cuts} cuts; worst loss per stream (s): {worst}")
        assert fs.cuts == CUTS
        assert max(worst.values()) <= LOSS_BOUND_S, worst
        assert integrity(catalog) == ["ok"]
        fsck = subprocess.run(
            [sys.executable, "-m", "vedette_server.cli", "fsck", "--data", str(data)],
            capture_output=True, text=True, timeout=300, env=environment(),
        )  # fmt: skip
        assert fsck.returncode == 0, fsck.stdout[-3000:]
        assert " 0 problem(s)" in fsck.stdout
    finally:
        if server is not None:
            server.stop()
        camsim.stop()


def test_an_export_task_done_before_a_cut_is_whole_after_it(
    fs: PowerCutMount, tmp_path: Path
) -> None:
    """A task says done only once its files, signatures and manifest are durable: cut
    right after "done", every file is there and the signed manifest verifies."""
    from tests.integration.test_export_tasks import done, record
    from vedette_api.evidence import verify
    from vedette_api.v1 import export_pb2

    camsim = start_camsim("--main", "320x180", "--sub", "160x90", cameras=1)
    data, known = fs.mountpoint / "data", tmp_path / "known_servers.json"
    server: ServerProcess | None = None
    try:
        assert init_data_dir(data).returncode == 0
        server = start_server(data, known, *SERVER_ARGS)
        tasks = {}
        with server.client() as client:
            camera, start, _ = record(client, camsim, 5)
            key = client.get_server_info().signing_key_fingerprint
            for fmt in ("mp4", "native"):
                task = client.create_export_task(
                    items=[(camera, start, start + 4 * S)], export_format=fmt
                )
                tasks[fmt] = done(client, task).id
        kill_tree(server)
        fs.cut()
        server = start_server(data, known, *SERVER_ARGS)
        with server.client() as client:
            for fmt, task_id in tasks.items():
                after = client.get_export_task(task_id)
                assert after.state == export_pb2.EXPORT_TASK_STATE_DONE, (fmt, after.error)
                folder = tmp_path / fmt
                client.download_export(after, folder)
                verdict = verify(folder, expected_key=key)
                assert verdict.authentic, (fmt, verdict.lines())
        assert server.stop() == 0
    finally:
        if server is not None:
            server.stop()
        camsim.stop()
