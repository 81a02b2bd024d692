"""Export tasks on a real recording server: every format, signed and verified, ten at
once, paused, resumed, cancelled, surviving a restart, confined to export roots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import vedette
from tests.support.server_process import wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.evidence import verify
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2, export_pb2

pytestmark = pytest.mark.interop
S = 1_000_000


def record(client: Client, camsim, seconds: float) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """A camera recording until ``seconds`` are on record: (id, start µs, end µs)."""
    camera = client.create_camera(
        "Yard", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
    )

    def span() -> tuple[int, int] | None:
        (line,) = client.get_timeline([camera.id], 0, now_us())
        if (
            line.runs
            and line.runs[-1].end_time.ToMicroseconds() - line.runs[0].start_time.ToMicroseconds()
            > seconds * S
        ):
            return line.runs[0].start_time.ToMicroseconds(), line.runs[-1].end_time.ToMicroseconds()
        return None

    start, end = wait_for(span, seconds + 40, f"{seconds} s of recording")
    return camera.id, start, end


def ffprobe_duration(path: Path) -> float:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return float(probe.stdout)


def done(client: Client, task: export_pb2.ExportTaskInfo) -> export_pb2.ExportTaskInfo:
    finished = client.wait_for_export_task(task.id, timeout_s=120)
    assert finished.state == export_pb2.EXPORT_TASK_STATE_DONE, finished.error
    return finished


def test_every_format_is_exported_signed_and_verifies(
    server_factory, camsim_factory, tmp_path
) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera, start, _ = record(client, camsim, 8)
        key = client.get_server_info().signing_key_fingerprint
        for fmt in ("mp4", "mkv", "avi", "native"):
            task = client.create_export_task(
                items=[(camera, start, start + 6 * S)], export_format=fmt
            )
            finished = done(client, task)
            folder = tmp_path / fmt
            client.download_export(finished, folder)
            verdict = verify(folder, expected_key=key)
            assert verdict.authentic, verdict.lines()
            if fmt == "native":
                index = next(folder.rglob("index.json"))
                segments = json.loads(index.read_text())["segments"]
                assert segments and all((index.parent / s["file"]).is_file() for s in segments)
            else:
                (video,) = folder.glob(f"*.{fmt}")
                assert abs(ffprobe_duration(video) - 6.0) < 2.5  # starts at the keyframe before
                assert verify(video, expected_key=key).authentic
            client.delete_export_task(task.id)
        with pytest.raises(errors.NotFound):
            client.get_export_task(task.id)


def test_a_native_export_carries_main_sub_and_audio_and_the_offline_player_plays_it(
    server_factory, camsim_factory, tmp_path
) -> None:
    """What the console's label promises ("Native (every stream, offline player)"):
    the main and sub streams, the audio in the main stream's segments, whatever
    stream the task names; the offline player reads both tracks and their video, and
    the folder verifies."""
    from vedette_api.media.records import RecordKind
    from vedette_api.media.segment_reader import SegmentReader
    from vedette_console.video.native import NativeFileSource, load_export

    camsim = camsim_factory("--audio")
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera, start, _ = record(client, camsim, 6)

        def sub_span() -> tuple[int, int] | None:  # the sub stream may start later
            (line,) = client.get_timeline([camera], 0, now_us(), stream=common_pb2.STREAM_SUB)
            if not line.runs:
                return None
            first = line.runs[0].start_time.ToMicroseconds()
            last = line.runs[-1].end_time.ToMicroseconds()
            return (first, last) if last - first > 6 * S else None

        start = max(start, wait_for(sub_span, 60, "6 s of the sub stream")[0])
        key = client.get_server_info().signing_key_fingerprint
        task = client.create_export_task(
            items=[(camera, start, start + 4 * S)], export_format="native"
        )  # stream unset: the main stream, which native exports go beyond
        folder = tmp_path / "native"
        client.download_export(done(client, task), folder)
    assert verify(folder, expected_key=key).authentic
    indexes = {json.loads(p.read_text())["stream"]: p for p in folder.rglob("index.json")}
    assert set(indexes) == {"main", "sub"}
    kinds: dict[str, set[int]] = {"main": set(), "sub": set()}
    for stream, index in indexes.items():
        for segment in json.loads(index.read_text())["segments"]:
            reader = SegmentReader.open(index.parent / segment["file"])
            with reader:
                kinds[stream] |= {record.kind for _, record in reader.records()}
    assert {RecordKind.VIDEO, RecordKind.AUDIO} <= kinds["main"]
    assert RecordKind.VIDEO in kinds["sub"]
    tracks = load_export(folder)
    assert sorted(t.stream for t in tracks) == ["main", "sub"]
    for track in tracks:
        source = NativeFileSource(track, track.start_us, pace=False)
        video = [item for item in source if getattr(item, "keyframe", None) is not None]
        assert video and video[0].keyframe, f"the {track.stream} track plays from a keyframe"


def test_ten_tasks_at_once_and_tasks_surviving_a_restart(server_factory, camsim_factory) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera, start, _ = record(client, camsim, 6)
        tasks = [
            client.create_export_task(
                items=[(camera, start, start + (2 + i % 3) * S)], export_format="mkv"
            )
            for i in range(10)
        ]
        for task in tasks:
            assert done(client, task).files
        # Six tasks at once, then the server stops and starts again: none is lost
        # (tests/unit/test_export_task_queue.py holds the queue still to check the order).
        waiting = [
            client.create_export_task(
                items=[(camera, start, start + 4 * S)], export_format="native"
            )
            for _ in range(6)
        ]
    server.stop()
    again = server_factory("--segment-seconds", "2", data=server.data)
    with again.client() as client:
        for task in waiting:
            assert done(client, task).files
        assert len(client.list_export_tasks()) == 16
        logged = {e.action for e in client.search_logs(text="export.task", limit=100)}
        assert "export.task.create" in logged


def test_destinations_stay_inside_export_roots(server_factory, camsim_factory, tmp_path) -> None:
    camsim = camsim_factory()
    usb = tmp_path / "usb"
    usb.mkdir()
    server = server_factory("--segment-seconds", "2", "--export-root", f"usb={usb}")
    home = tmp_path / "home"
    with server.client() as client:
        camera, start, end = record(client, camsim, 4)
        assert {r.name for r in client.list_export_roots()} == {"exports", "usb"}
        for subdir in ("../../etc", "a/../../b", "/abs/olute", "~root"):
            with pytest.raises(errors.InvalidArgument, match="subdir"):
                client.create_export_task(items=[(camera, start, end)], root="usb", subdir=subdir)
        with pytest.raises(errors.NotFound):
            client.create_export_task(items=[(camera, start, end)], root="nowhere")
        task = client.create_export_task(
            items=[(camera, start, end)], root="usb", subdir="case-17/day 1"
        )
        finished = done(client, task)
        folder = Path(finished.folder)
        assert folder.is_relative_to(usb / "case-17" / "day 1")
        key = client.get_server_info().signing_key_fingerprint
        assert verify(folder, expected_key=key).authentic
        tag = client.create_tag(camera, start + 2 * S, "van")
        by_tag = done(client, client.create_export_task(tag_id=tag.id, margin_us=S))
        assert by_tag.items[0].start_time.ToMicroseconds() == start + S
        # Someone with write access to the USB disk swaps a finished file for a link to
        # a file of the server's: the download refuses it rather than serve that file.
        secret = tmp_path / "server-secret.txt"
        secret.write_text("not for download")
        (exported,) = [f for f in folder.iterdir() if f.suffix == ".mp4"]
        exported.unlink()
        exported.symlink_to(secret)
        with pytest.raises(errors.FailedPrecondition, match="symbolic link"):
            client.download_export(finished, tmp_path / "downloaded")
    out = tmp_path / "cli-export"
    shown = vedette(server, home, "export", "Yard", "--from", "-30s", "--to", "now",
                    "--format", "mp4", "--download", str(out)).stdout  # fmt: skip
    assert "downloaded" in shown
    # The CLI learnt the server's signing key when it logged in to download.
    as_that_user = dict(os.environ, XDG_CONFIG_HOME=str(home))
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), "verify", str(out)],
        capture_output=True, text=True, timeout=60, env=as_that_user,
    )  # fmt: skip
    assert checked.returncode == 0 and checked.stdout.startswith("authentic"), checked.stdout
    (video,) = out.glob("*.mp4")
    data = bytearray(video.read_bytes())
    data[len(data) // 3] ^= 0xFF
    video.write_bytes(bytes(data))
    tampered = subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), "verify", str(out)],
        capture_output=True, text=True, timeout=60, env=as_that_user,
    )  # fmt: skip
    assert tampered.returncode == 1 and f"changed: {video.name}" in tampered.stdout
