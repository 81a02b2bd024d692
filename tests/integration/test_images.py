"""Thumbnails, time slices and snapshots of a real camsim camera recorded by a real
server: the pictures show camsim's burned-in clock of their instant."""

from __future__ import annotations

import hashlib
import io
import itertools
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import av
import pytest

from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.recorded_packets import recorded_packets
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.evidence import verify
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
S = 1_000_000
LOOP_MS = 10_000  # camsim's --loop-seconds
GOP_US = 2 * S  # camsim: a keyframe every 2 s
#: A picture is the right one when it shows the clock that the recording's own
#: picture at its stamp shows (``recorded_clock_ms``), within a quarter of a GOP: the
#: pictures here are keyframes 2 s apart. Comparing with camsim's clock instead would
#: also measure the recording's anchoring error (how late the first packets arrived),
#: which a loaded machine made 1.3 s once; test_ingest_recording bounds that.
RIGHT_PICTURE_MS = GOP_US / 4 / 1000
PASSWORD = "Images-Test-2026!"


def decode_jpeg(data: bytes) -> av.VideoFrame:
    with av.open(io.BytesIO(data), format="image2pipe") as container:
        return next(container.decode(video=0))


def shown_clock_ms(data: bytes) -> int | None:
    return clockcode.read(decode_jpeg(data).to_ndarray(format="gray"))


def loop_distance_ms(a: float, b: float) -> float:
    return abs((a - b + LOOP_MS / 2) % LOOP_MS - LOOP_MS / 2)


def recorded_clock_ms(server: ServerProcess, camera_id: int, stream: str, time_us: int) -> float:
    """The burned-in clock of the recorded picture stamped ``time_us``: read from the
    nearest keyframe in the segment files (extrapolated by the time between them)."""
    video, packets = recorded_packets(server.data / "recordings", camera_id, stream, limit=5000)
    keyframes = [p for p in packets if p.keyframe]
    assert keyframes, f"no recorded {stream} keyframe"
    nearest = min(keyframes, key=lambda p: abs(p.timestamp_us - time_us))
    codec = av.CodecContext.create("h264", "r")
    codec.extradata = video.extradata
    frames = [*codec.decode(av.Packet(nearest.data)), *codec.decode(None)]  # type: ignore[attr-defined]
    assert frames, "the recorded keyframe does not decode"
    shown = clockcode.read(frames[0].to_ndarray(format="gray"))
    assert shown is not None, "burned-in clock unreadable in the recording"
    return (shown + (time_us - nearest.timestamp_us) / 1000) % LOOP_MS


@dataclass
class Recorded:
    server: ServerProcess
    camera_id: int
    start_us: int
    end_us: int

    def client(self) -> Client:
        return self.server.client()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    """One 1080p camsim camera (sub 640x360) with 3 s segments, ~9 s recorded; the
    last segment is still being written (its keyframes are not in the catalog)."""
    tmp = tmp_path_factory.mktemp("images")
    camsim: CamsimProcess = start_camsim(cameras=1)
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, tmp / "known.json", "--segment-seconds", "3")
    try:
        with server.client() as client:
            camera = client.create_camera(
                "Gate", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
            )

            def span() -> tuple[int, int] | None:
                (line,) = client.get_timeline([camera.id], 0, now_us() + 60 * S)
                if line.runs:
                    first = line.runs[0].start_time.ToMicroseconds()
                    last = line.runs[-1].end_time.ToMicroseconds()
                    if last - first > 9 * S:
                        return first, last
                return None

            start, end = wait_for(span, 60, "9 s of recording")
        yield Recorded(server, camera.id, start, end)
    finally:
        server.stop()
        camsim.stop()


def test_thumbnails_show_the_camsim_clock_of_their_instant(recorded: Recorded) -> None:
    instants = [recorded.start_us + 1_300_000, recorded.start_us + 5_100_000, now_us() - 1 * S]
    with recorded.client() as client:
        thumbs = list(client.thumbnails_at([recorded.camera_id], instants, max_width=640))
    assert [t.time.ToMicroseconds() for t in thumbs] == instants
    for thumb in thumbs:
        assert not thumb.no_recording and not thumb.error
        assert thumb.stream == common_pb2.STREAM_SUB  # sub preferred, at its own size
        assert (thumb.width, thumb.height) == (640, 360)
        keyframe_us = thumb.keyframe_time.ToMicroseconds()
        assert abs(keyframe_us - thumb.time.ToMicroseconds()) <= GOP_US / 2 + 100_000
        shown = shown_clock_ms(thumb.jpeg)
        assert shown is not None, "burned-in clock unreadable"
        truth = recorded_clock_ms(recorded.server, recorded.camera_id, "sub", keyframe_us)
        assert loop_distance_ms(truth, shown) < RIGHT_PICTURE_MS


def test_thumbnails_are_scaled_cached_and_marked_where_nothing_was_recorded(
    recorded: Recorded,
) -> None:
    before = recorded.start_us - 3600 * S
    with recorded.client() as client:
        missing, small = client.thumbnails_at([recorded.camera_id], [before, recorded.end_us - S])
        assert missing.no_recording and not missing.jpeg and not missing.HasField("keyframe_time")
        assert (small.width, small.height) == (320, 180)  # default box: 320 wide
        assert decode_jpeg(small.jpeg).width == 320
        again = list(client.thumbnails_at([recorded.camera_id], [recorded.end_us - S]))
        assert again[0].jpeg == small.jpeg  # the same picture, from the cache
        (main,) = client.thumbnails_at(
            [recorded.camera_id], [recorded.end_us - S], max_width=3840,
            stream=common_pb2.STREAM_MAIN,
        )  # fmt: skip
        assert main.stream == common_pb2.STREAM_MAIN and (main.width, main.height) == (1920, 1080)
        with pytest.raises(errors.InvalidArgument, match=r"range\.count"):
            list(client.thumbnails_between([recorded.camera_id], before, recorded.end_us, 0))
        with pytest.raises(errors.NotFound):
            list(client.thumbnails_at([999], [recorded.end_us]))


def test_the_minute_view_of_an_hour_has_sixty_slices(recorded: Recorded) -> None:
    with recorded.client() as client:
        minutes = client.minute_view(recorded.camera_id, recorded.start_us)
        spread = list(
            client.thumbnails_between(
                [recorded.camera_id], recorded.start_us, recorded.start_us + 8 * S, 4
            )
        )
    assert len(minutes) == 60
    starts = [m.time.ToMicroseconds() for m in minutes]
    assert all(b - a == 60 * S for a, b in itertools.pairwise(starts))
    ends = [m.slice_end_time.ToMicroseconds() for m in minutes]
    assert ends == [*starts[1:], starts[-1] + 60 * S]
    assert starts[0] <= recorded.start_us < starts[-1] + 60 * S
    pictures = [m for m in minutes if not m.no_recording]
    # The minute(s) holding the recording show its first keyframe; the rest are empty.
    assert 1 <= len(pictures) <= 2
    for m in pictures:
        assert m.time.ToMicroseconds() <= m.keyframe_time.ToMicroseconds()
        assert m.keyframe_time.ToMicroseconds() < m.slice_end_time.ToMicroseconds()
    assert len(spread) == 4 and all(not t.no_recording for t in spread)
    keyframes = [t.keyframe_time.ToMicroseconds() for t in spread]
    assert keyframes == sorted(keyframes)


def test_snapshots_round_trip_at_full_resolution(recorded: Recorded) -> None:
    with recorded.client() as client:
        at = recorded.start_us + 4 * S
        recorded_shot = client.take_snapshot(recorded.camera_id, at)
        assert not recorded_shot.live
        assert (recorded_shot.width, recorded_shot.height) == (1920, 1080)
        assert abs(recorded_shot.time.ToMicroseconds() - at) <= GOP_US / 2 + 100_000
        live = client.take_snapshot(recorded.camera_id)
        assert live.live and now_us() - live.time.ToMicroseconds() < 8 * S
        listed = client.list_snapshots([recorded.camera_id])
        assert [s.id for s in listed] == [live.id, recorded_shot.id]  # newest first
        snapshot, jpeg = client.get_snapshot(recorded_shot.id)
        assert hashlib.sha256(jpeg).hexdigest() == snapshot.sha256 == recorded_shot.sha256
        picture = decode_jpeg(jpeg)
        assert (picture.width, picture.height) == (1920, 1080)
        shown = clockcode.read(picture.to_ndarray(format="gray"))
        assert shown is not None
        truth = recorded_clock_ms(
            recorded.server, recorded.camera_id, "main", snapshot.time.ToMicroseconds()
        )
        assert loop_distance_ms(truth, shown) < RIGHT_PICTURE_MS

        exported = client.export_snapshots([recorded_shot.id, live.id], subdir="case-9")
        folder = Path(exported.folder)
        assert folder.parent == recorded.server.data / "exports" / "case-9"
        key = client.get_server_info().signing_key_fingerprint
        assert verify(folder, expected_key=key).authentic
        assert len(list(folder.glob("*.jpg"))) == 2
        with pytest.raises(errors.InvalidArgument, match="subdir"):
            client.export_snapshots([live.id], subdir="../../etc")

        client.delete_snapshot(live.id)
        with pytest.raises(errors.NotFound):
            client.get_snapshot(live.id)
        assert [s.id for s in client.list_snapshots([recorded.camera_id])] == [recorded_shot.id]
        with pytest.raises(errors.NotFound):
            client.take_snapshot(recorded.camera_id, recorded.start_us - 3600 * S)
        logged = {e.action for e in client.search_logs(text="snapshot", limit=50)}
        assert {"snapshot.take", "snapshot.delete", "snapshot.export"} <= logged


def test_a_live_snapshot_while_the_camera_is_watched_is_the_live_hubs_keyframe(
    recorded: Recorded,
) -> None:
    with recorded.client() as client, client.live(recorded.camera_id) as live:
        keyframes = []
        for message in live:
            if message.HasField("packet") and message.packet.keyframe:
                keyframes.append(message.packet.timestamp_us)
                if len(keyframes) == 2:
                    break
        shot = client.take_snapshot(recorded.camera_id)
        for message in live:  # a keyframe may have come in meanwhile
            if message.HasField("packet") and message.packet.keyframe:
                keyframes.append(message.packet.timestamp_us)
                break
        assert shot.live and (shot.width, shot.height) == (1920, 1080)
        assert shot.time.ToMicroseconds() in keyframes[1:]  # the hub's current one
        _, jpeg = client.get_snapshot(shot.id)
        shown = clockcode.read(decode_jpeg(jpeg).to_ndarray(format="gray"))
        assert shown is not None
        truth = recorded_clock_ms(
            recorded.server, recorded.camera_id, "main", shot.time.ToMicroseconds()
        )
        assert loop_distance_ms(truth, shown) < RIGHT_PICTURE_MS


def test_rights_decide_who_gets_which_picture(recorded: Recorded) -> None:
    camera = recorded.camera_id
    with recorded.client() as admin:
        shot = admin.take_snapshot(camera, recorded.start_us + 2 * S)
        for name, rights in (
            ("watcher", {"live": [camera]}),
            ("reviewer", {"playback": [camera]}),
        ):
            group = admin.create_group(name, remote_rights=make_rights((), rights))
            admin.create_user(name, PASSWORD, group_id=group.id)
    address, known = recorded.server.address, recorded.server.known_servers
    with Client.connect(
        address, username="watcher", password=PASSWORD, known_servers_path=known
    ) as watcher:
        assert watcher.take_snapshot(camera).live  # live right: a live snapshot
        with pytest.raises(errors.PermissionDenied):
            watcher.take_snapshot(camera, recorded.start_us + 2 * S)
        with pytest.raises(errors.PermissionDenied):
            list(watcher.thumbnails_at([camera], [recorded.start_us + 2 * S]))
        with pytest.raises(errors.NotFound):  # not their camera's recording to see
            watcher.get_snapshot(shot.id)
    with Client.connect(
        address, username="reviewer", password=PASSWORD, known_servers_path=known
    ) as reviewer:
        (thumb,) = reviewer.thumbnails_at([], [recorded.start_us + 2 * S])  # their cameras
        assert thumb.camera_id == camera and thumb.jpeg
        with pytest.raises(errors.PermissionDenied):
            reviewer.take_snapshot(camera)
        assert reviewer.get_snapshot(shot.id)[1]
        with pytest.raises(errors.PermissionDenied):
            reviewer.export_snapshots([shot.id])


def test_a_broken_snapshot_folder_is_reported(recorded: Recorded) -> None:
    with recorded.client() as client:
        shot = client.take_snapshot(recorded.camera_id, recorded.start_us + 3 * S)
        folder = recorded.server.data / "snapshots"
        scratch = Path(tempfile.mkdtemp())
        shutil.move(str(folder), scratch / "moved")
        try:
            with pytest.raises(errors.NotFound, match="snapshot file"):
                client.get_snapshot(shot.id)
        finally:
            shutil.move(str(scratch / "moved"), folder)
        assert client.get_snapshot(shot.id)[1]


def test_the_cli_writes_thumbnails_named_by_instant_and_handles_snapshots(
    recorded: Recorded, tmp_path: Path
) -> None:
    from tests.integration.test_cli import vedette

    home, out = tmp_path / "home", tmp_path / "thumbs"
    start = datetime.fromtimestamp(recorded.start_us / S + 1, UTC).isoformat()
    end = datetime.fromtimestamp(recorded.start_us / S + 7, UTC).isoformat()
    shown = vedette(recorded.server, home, "thumbnails", "Gate", "--from", start, "--to", end,
                    "--count", "3", "--out", str(out)).stdout  # fmt: skip
    assert "wrote 3 thumbnail(s)" in shown
    names = sorted(p.name for p in out.glob("*.jpg"))
    first = datetime.fromtimestamp(recorded.start_us // S + 1, UTC).strftime("%Y%m%dT%H%M%S")
    assert len(names) == 3 and names[0].startswith(first)
    assert decode_jpeg((out / names[0]).read_bytes()).width == 320
    taken = vedette(recorded.server, home, "snapshot", "take", "Gate", "--at", start).stdout
    snapshot_id = int(taken.split()[1])
    listed = vedette(recorded.server, home, "snapshot", "list", "--camera", "Gate").stdout
    assert str(snapshot_id) in listed and "1920x1080" in listed
    picture = tmp_path / "shot.jpg"
    vedette(recorded.server, home, "snapshot", "get", str(snapshot_id), "--out", str(picture))
    assert decode_jpeg(picture.read_bytes()).height == 1080
    vedette(recorded.server, home, "snapshot", "rm", str(snapshot_id))
    missing = vedette(recorded.server, home, "snapshot", "get", str(snapshot_id), "--out",
                      str(picture), check=False)  # fmt: skip
    assert missing.returncode == 1 and "not found" in missing.stderr
