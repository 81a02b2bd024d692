"""Playback on a real server recording real (simulated) cameras: order, speed against
camsim's burned-in clock and wall time, reverse GOPs, steps and seeks landing on the
right frame, control latency, 16 cameras on one clock, instant playback into the
segment being written, errors, audit and the session table."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import grpc
import pytest

from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import (
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.playback import PlaybackStream
from vedette_api.timestamps import now_us
from vedette_api.v1 import media_pb2, media_pb2_grpc
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
S = 1_000_000
LOOP_MS = 10_000  # camsim's default loop
FRAME_US = 40_000  # camsim's default 25 fps
SMALL = ("--main", "320x180", "--sub", "320x180", "--main-kbps", "300", "--sub-kbps", "300")
CAMERAS = 16


@dataclass
class Rig:
    server: ServerProcess
    camsim: CamsimProcess
    cameras: list[int]  # 16 cameras; the first one is the one tests look at
    start_us: int  # recording of every camera covers [start_us, ...)

    def client(self) -> Client:
        return self.server.client()


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    tmp = tmp_path_factory.mktemp("playback")
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    camsim = start_camsim(*SMALL, cameras=1)
    server = start_server(data, tmp / "known.json", "--segment-seconds", "4")
    try:
        with server.client() as client:
            if not client.list_volumes():
                volume = client.add_volume(str(data / "recordings"))
                client.initialize_volume(volume.id)
            url = camsim.url("cam1", "sub")  # one camsim stream, recorded as 16 cameras
            cameras = [client.create_camera(f"P{i}", url, sub_url=url).id for i in range(CAMERAS)]

            def covered() -> int | None:
                lines = client.get_timeline(cameras, 0, now_us() + 60 * S)
                if not all(line.runs for line in lines):
                    return None
                start = max(line.runs[0].start_time.ToMicroseconds() for line in lines)
                end = min(line.runs[-1].end_time.ToMicroseconds() for line in lines)
                return start if end - start > 12 * S else None

            start_us = wait_for(covered, 60, "12 s recorded on every camera")
        yield Rig(server, camsim, cameras, start_us)
    finally:
        server.stop()
        camsim.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# -- helpers ------------------------------------------------------------------------------


class Decoder:
    """Decodes one camera's playback packets and reads camsim's burned-in clock."""

    def __init__(self, params: media_pb2.CodecParameters) -> None:
        self.context = av.CodecContext.create("h264", "r")
        self.context.extradata = params.extradata

    def clocks_ms(self, data: bytes) -> list[int | None]:
        frames = list(self.context.decode(av.Packet(data)))
        return [clockcode.read(f.to_ndarray(format="gray")) for f in frames]

    def flush(self) -> list[int | None]:
        return [clockcode.read(f.to_ndarray(format="gray")) for f in self.context.decode(None)]


def loop_diff_ms(a: float, b: float) -> float:
    """a - b modulo the camsim loop, in -LOOP_MS/2 .. LOOP_MS/2."""
    return (a - b + LOOP_MS / 2) % LOOP_MS - LOOP_MS / 2


def collect(
    stream: PlaybackStream,
    until: Callable[[list[tuple[float, media_pb2.PlaybackResponse]]], bool],
    timeout_s: float = 60.0,
) -> list[tuple[float, media_pb2.PlaybackResponse]]:
    """(arrival monotonic s, response) until ``until`` holds."""
    got: list[tuple[float, media_pb2.PlaybackResponse]] = []
    deadline = time.monotonic() + timeout_s
    for response in stream:
        got.append((time.monotonic(), response))
        if until(got):
            return got
        assert time.monotonic() < deadline, "playback did not deliver in time"
    raise AssertionError("the playback stream ended")


def packets(got: list[tuple[float, media_pb2.PlaybackResponse]]) -> list[media_pb2.PlaybackPacket]:
    return [r.packet for _, r in got if r.HasField("packet")]


def applied(n: int) -> Callable[[list[tuple[float, media_pb2.PlaybackResponse]]], bool]:
    return lambda got: got[-1][1].HasField("clock") and got[-1][1].clock.applied >= n


def shown(got: list[tuple[float, media_pb2.PlaybackResponse]]) -> list[media_pb2.PlaybackPacket]:
    return [p for p in packets(got) if not p.decode_only]


# -- tests ---------------------------------------------------------------------------------


def test_forward_play_delivers_frames_in_order_at_the_requested_speed(rig: Rig) -> None:
    with rig.client() as client:
        for speed in (2.0, 0.5):
            with client.playback(
                rig.cameras[:1], start_us=rig.start_us + 3 * S, speed=speed
            ) as stream:
                # Shown frames, not packets: the pre-roll from the keyframe before the
                # start (up to a 2 s GOP, decode-only) must not eat the sample.
                got = collect(stream, lambda g, s=speed: len(shown(g)) >= 25 + 50 * s)
            decoder = Decoder(got[0][1].started.tracks[0].video)
            timed = [(at, r.packet) for at, r in got if r.HasField("packet")]
            times = [p.packet.timestamp_us for _, p in timed]
            assert times == sorted(times) and len(set(times)) == len(times)
            # Each shown frame: its arrival, its timestamp, camsim's clock burned into it.
            frames: list[tuple[float, int, int]] = []
            for at, packet in timed:
                clocks = decoder.clocks_ms(packet.packet.data)
                if not packet.decode_only and clocks and clocks[0] is not None:
                    frames.append((at, packet.packet.timestamp_us, clocks[0]))
            assert len(frames) > 0.9 * len([p for _, p in timed if not p.decode_only])
            # The frames show the camsim clock of their timestamps: the camera → server
            # latency is the same from frame to frame, within the ingest's jitter, and
            # moves only as the wall clock slews a late start-up anchor (at most 10 % of
            # each frame step, ARCHITECTURE.md "Time"; a loaded CI run played 3 s into
            # a recording whose stamps were still slewing 4 ms a frame from 734 ms).
            offsets = [loop_diff_ms(t_us / 1000, shown_ms) for _, t_us, shown_ms in frames]
            steps = [b - a for a, b in itertools.pairwise(offsets)]
            steady = sum(abs(step) <= 45 for step in steps) / len(steps)
            assert steady >= 0.9, offsets
            content_ms = (frames[-1][1] - frames[0][1]) / 1000
            assert abs(offsets[-1] - offsets[0]) <= 0.1 * content_ms + 90, offsets
            # ... and the burned-in clock advances at the requested speed in wall time.
            (t0, _, c0), (t1, _, c1) = frames[5], frames[-1]
            shown_s = (loop_diff_ms(c1, c0) % LOOP_MS) / 1000
            assert shown_s / (t1 - t0) == pytest.approx(speed, rel=0.15)


def test_the_sdk_session_iterates_from_asyncio_code_too(rig: Rig) -> None:
    async def first_two() -> list[str]:
        with (
            rig.client() as client,
            client.playback(rig.cameras[:1], start_us=rig.start_us + S, paused=True) as stream,
        ):
            kinds = []
            async for response in stream:
                kinds.append(str(response.WhichOneof("body")))
                if len(kinds) == 2:
                    break
            return kinds

    assert asyncio.run(first_two()) == ["started", "packet"]


def test_high_speed_sends_keyframes_only(rig: Rig) -> None:
    with (
        rig.client() as client,
        client.playback(rig.cameras[:1], start_us=rig.start_us, speed=8.0) as stream,
    ):
        got = collect(stream, lambda g: len(packets(g)) >= 4)
    sent = packets(got)
    assert all(p.keyframes_only and p.packet.keyframe for p in sent)
    times = [p.packet.timestamp_us for p in sent]
    assert times == sorted(times)


def test_reverse_play_sends_gops_backwards_and_frames_go_back_in_time(rig: Rig) -> None:
    with (
        rig.client() as client,
        client.playback(
            rig.cameras[:1], start_us=rig.start_us + 9 * S, speed=4.0, reverse=True
        ) as stream,
    ):
        got = collect(stream, lambda g: sum(p.gop_end for p in packets(g)) >= 3)
    decoder = Decoder(got[0][1].started.tracks[0].video)
    gops: list[list[media_pb2.PlaybackPacket]] = [[]]
    for packet in packets(got):
        assert packet.reverse_gop
        gops[-1].append(packet)
        if packet.gop_end:
            gops.append([])
    gops = [g for g in gops if g]
    shown_ms: list[int] = []
    for gop in gops:
        times = [p.packet.timestamp_us for p in gop]
        assert gop[0].packet.keyframe and times == sorted(times)  # decode order
        clocks: list[int | None] = []
        for packet in gop:
            clocks += decoder.clocks_ms(packet.packet.data)
        clocks += decoder.flush()
        decoder = Decoder(got[0][1].started.tracks[0].video)
        shown_ms += [c for c in reversed(clocks) if c is not None]  # shown backwards
    starts = [g[0].packet.timestamp_us for g in gops]
    assert starts == sorted(starts, reverse=True)  # GOPs in reverse order
    steps = [loop_diff_ms(b, a) for a, b in itertools.pairwise(shown_ms)]
    assert len(steps) > 60 and all(-120 < s < 0 for s in steps), steps  # time goes back


def test_step_and_seek_land_on_the_right_frame(rig: Rig) -> None:
    target = rig.start_us + 5 * S + 13_000
    with (
        rig.client() as client,
        client.playback(rig.cameras[:1], start_us=target, paused=True) as stream,
    ):
        got = collect(stream, lambda g: bool(shown(g)))
        frame = shown(got)[-1].packet
        assert frame.timestamp_us <= target < frame.timestamp_us + frame.duration_us
        assert packets(got)[0].packet.keyframe  # decodable from the pre-roll
        n = stream.step(1)
        got = collect(stream, applied(n))
        after = shown(got)[-1].packet
        assert after.timestamp_us > frame.timestamp_us
        assert after.timestamp_us - frame.timestamp_us == pytest.approx(FRAME_US, abs=15_000)
        n = stream.step(-3)
        got = collect(stream, applied(n))
        back = shown(got)[-1].packet
        assert after.timestamp_us - back.timestamp_us == pytest.approx(3 * FRAME_US, abs=30_000)
        assert packets(got)[0].packet.keyframe
        elsewhere = rig.start_us + 8 * S + 500_000
        n = stream.seek(elsewhere)
        got = collect(stream, applied(n))
        landed = shown(got)[-1].packet
        assert landed.timestamp_us <= elsewhere < landed.timestamp_us + landed.duration_us
        n = stream.seek(offset_us=-2 * S)
        got = collect(stream, applied(n))
        landed = shown(got)[-1].packet
        assert got[-1][1].clock.position_us == elsewhere - 2 * S
        assert landed.timestamp_us <= elsewhere - 2 * S < landed.timestamp_us + FRAME_US * 2


def test_pause_and_play_are_applied_in_order_and_nothing_plays_while_paused(rig: Rig) -> None:
    # How soon a control is applied is bench/playback.py's figure (control_ms), not
    # asserted here: a loaded CI machine once took 204 ms for one of six.
    with (
        rig.client() as client,
        client.playback(rig.cameras[:4], start_us=rig.start_us + 2 * S, stream="sub") as stream,
    ):
        collect(stream, lambda g: len(packets(g)) >= 20)
        paused_at = 0
        for i in range(6):
            pausing = i % 2 == 0
            n = stream.pause() if pausing else stream.play(1.0)
            got = collect(stream, applied(n))
            clock = got[-1][1].clock
            assert clock.paused is pausing
            if pausing:
                paused_at = clock.position_us
            else:
                # Between the pause being applied and the play, only frames the clock
                # had reached before it stopped (a read still in flight when the pause
                # came); none past it.
                late = [p for p in shown(got[:-1]) if p.packet.timestamp_us > paused_at]
                assert late == [], f"frames past the paused clock ({paused_at}) were sent"
                # Playing again: frames flow.
                collect(stream, lambda g: len(shown(g)) >= 5)


def test_sixteen_cameras_stay_within_one_frame_interval_of_the_shared_clock(rig: Rig) -> None:
    with (
        rig.client() as client,
        client.playback(rig.cameras, start_us=rig.start_us + 2 * S, stream="sub") as stream,
    ):
        got = collect(stream, lambda g: len(packets(g)) >= CAMERAS * 100, timeout_s=25)
    clocks = [(at, r.clock) for at, r in got if r.HasField("clock")]
    assert len(clocks) >= 2, "no periodic clock message"
    # The shared clock as the client sees it, from the least delayed clock message: any
    # delay on the way (this Python client falling behind 16 cameras, the server's
    # reads falling behind on a loaded machine) only makes a frame look later, so a
    # frame that arrives before the clock reaches it was sent early by the pacer.
    offset_us = max(c.position_us - at * S for at, c in clocks)
    start = got[0][0]
    # Lateness: the clock at a frame's arrival minus the frame's time. (A hole in one
    # camera's recording, e.g. frames lost on a loaded machine, does not count: the
    # next frame is still sent when the clock reaches it.)
    lateness_us: dict[int, list[float]] = {camera: [] for camera in rig.cameras}
    for at, response in got:
        if not response.HasField("packet"):
            continue
        packet = response.packet
        # The start-up burst: 16 cameras' first reads, up to a second on a loaded machine.
        if at < start + 1.0 or packet.decode_only:
            continue
        lateness_us[packet.camera_id].append(offset_us + at * S - packet.packet.timestamp_us)
    assert all(lateness_us.values()), "a camera sent nothing"
    medians = {camera: statistics.median(values) for camera, values in lateness_us.items()}
    # In sync: every camera is paced by the same clock, within a few frame intervals of
    # the others (13 ms apart on a CI run whose reads fell 760 ms behind the clock; 77 ms,
    # under two frames, on one beside a 16-camera soak and three fuzzers at load 20) ...
    assert max(medians.values()) - min(medians.values()) <= 3 * FRAME_US, medians
    # ... and frames are not sent before the clock reaches them: a pacer that bunches
    # frames (one wake-up per GOP, or reads sent as they come) sends most of them early
    # by far more than two frame intervals. The slack: a clock message is queued after
    # the frames due at the same wake-up, so it reaches this client a little later than
    # they do. How late frames come is the machine's load, not an invariant (75 ms to
    # 760 ms seen on loaded CI runs).
    every = sorted(value for values in lateness_us.values() for value in values)
    early = sum(value < -2 * FRAME_US for value in every) / len(every)
    assert early <= 0.02, (early, every[:5], medians)


def test_instant_playback_reaches_into_the_segment_being_written(rig: Rig) -> None:
    with rig.client() as client, client.playback(rig.cameras[:1], ago_seconds=2.0) as stream:
        opened = now_us()
        got = collect(stream, lambda g: bool(packets(g)) and packets(g)[-1].packet.timestamp_us
                      > opened + 1 * S, timeout_s=10)  # fmt: skip
    first = shown(got)[0].packet.timestamp_us
    assert abs(first - (opened - 2 * S)) < 1.5 * S
    times = [p.packet.timestamp_us for p in packets(got)]
    assert times == sorted(times)


def test_errors_audit_and_the_session_table(rig: Rig) -> None:
    with rig.client() as client:
        with pytest.raises(errors.NotFound):
            next(iter(client.playback([999_999], start_us=rig.start_us)))
        with pytest.raises(errors.InvalidArgument, match="camera_ids"):
            next(iter(client.playback(list(range(1, 70)), start_us=rig.start_us)))
        with pytest.raises(errors.InvalidArgument, match="speed"):
            next(iter(client.playback(rig.cameras[:1], start_us=rig.start_us, speed=64)))
        stub = media_pb2_grpc.MediaServiceStub(client.channel)
        with pytest.raises(grpc.RpcError) as raised:
            list(
                stub.Playback(
                    iter([media_pb2.PlaybackRequest(pause=media_pb2.PlaybackPause())]),
                    metadata=client.metadata,
                    timeout=10,
                )
            )
        assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        with client.playback(rig.cameras[:2], start_us=rig.start_us, paused=True) as stream:
            collect(stream, lambda g: bool(packets(g)))
            (mine,) = [s for s in client.list_sessions() if s.playback_streams]
            assert mine.playback_streams == 2
            assert list(mine.playback_camera_ids) == sorted(rig.cameras[:2])
            stream.play(100.0)
            with pytest.raises(errors.InvalidArgument, match=r"play\.speed"):
                collect(stream, lambda g: False)
        assert not [s for s in client.list_sessions() if s.playback_streams]
        logged = wait_for(
            lambda: client.search_logs(text="playback.start", limit=100), 10, "audit entries"
        )
        assert any(e.outcome == "ok" for e in logged)
        assert any(e.outcome == "NOT_FOUND" for e in logged)


def test_vedette_play_writes_a_file_ffprobe_reads(rig: Rig, tmp_path: Path) -> None:
    from tests.integration.test_cli import vedette

    out = tmp_path / "clip.h264"
    start = dt.datetime.fromtimestamp((rig.start_us + 2 * S) / S, dt.UTC).isoformat()
    result = vedette(
        rig.server, tmp_path / "home",
        "play", str(rig.cameras[0]), "--from", start, "--speed", "2", "--seconds", "1.5",
        "--out", str(out),
    )  # fmt: skip
    assert "wrote" in result.stdout
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=codec_name,width,nb_read_frames", "-of", "csv=p=0", str(out)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    codec, width, frames = probe.stdout.strip().split(",")
    assert (codec, width) == ("h264", "320")
    # 1.5 s at 2x of 25 fps is 75 frames, plus the pre-roll: the frames from the GOP's
    # keyframe to the start, up to a whole GOP (camsim's 2 s: 50 frames; a CI run wrote
    # 123), plus a frame or two read as the deadline passes.
    assert 40 <= int(frames) <= 75 + 50 + 5


def test_ending_the_login_session_ends_its_playback(rig: Rig) -> None:
    with rig.client() as viewer, rig.client() as admin:
        stream = viewer.playback(rig.cameras[:1], start_us=rig.start_us, paused=True)
        collect(stream, lambda g: bool(packets(g)))
        (session,) = [s for s in admin.list_sessions() if s.playback_streams]
        admin.end_session(session.id)
        outcome: list[BaseException] = []

        def read_on() -> None:  # in a thread: a stream that stays open must not hang the test
            try:
                collect(stream, lambda g: False, timeout_s=10)
            except BaseException as error:
                outcome.append(error)

        reader = threading.Thread(target=read_on, daemon=True)
        reader.start()
        reader.join(10)
        assert outcome and isinstance(outcome[0], errors.Unauthenticated), outcome
        assert not [s for s in admin.list_sessions() if s.playback_streams]
        stream.close()


def test_close_from_another_thread_ends_a_read_blocked_on_a_paused_session(rig: Rig) -> None:
    """What the console's playback reader thread relies on: a paused session sends
    nothing after its pre-roll, so a reader waits in the stream; ``close()`` from the
    UI thread ends that read as the end of the iteration, not as an error."""
    with rig.client() as client:
        stream = client.playback(rig.cameras[:1], start_us=rig.start_us, paused=True)
        collect(stream, lambda g: bool(packets(g)))
        outcome: list[object] = []

        def read_on() -> None:
            try:
                for _ in stream:
                    pass
                outcome.append("ended")
            except BaseException as error:
                outcome.append(error)

        reader = threading.Thread(target=read_on, daemon=True)
        reader.start()
        reader.join(1.0)
        assert reader.is_alive() and not outcome  # the session stays open while paused
        stream.close()
        reader.join(10)
        assert outcome == ["ended"]
        with pytest.raises(errors.InvalidArgument):
            stream.play()  # controls after close say so


def test_playback_needs_the_playback_right_on_every_camera_and_audio_the_audio_right(
    rig: Rig,
) -> None:
    from vedette_api.client.accounts import make_rights

    password = "Playback-Only-2026!"
    with rig.client() as admin:
        group = admin.create_group(
            "playback-one", remote_rights=make_rights((), {"playback": [rig.cameras[0]]})
        )
        admin.create_user("viewer1", password, group_id=group.id)
    with Client.connect(
        rig.server.address, username="viewer1", password=password,
        known_servers_path=rig.server.known_servers,
    ) as viewer:  # fmt: skip
        with pytest.raises(errors.PermissionDenied):
            next(iter(viewer.playback(rig.cameras[:2], start_us=rig.start_us)))
        with pytest.raises(errors.PermissionDenied):
            next(iter(viewer.playback(rig.cameras[:1], start_us=rig.start_us, audio=True)))
        with viewer.playback(rig.cameras[:1], start_us=rig.start_us, paused=True) as stream:
            assert next(stream).HasField("started")


def test_the_end_of_a_recording_is_a_gap_and_the_session_stays_open(rig: Rig) -> None:
    """Last in this module: it stops one of the rig's cameras."""
    camera = rig.cameras[-1]
    with rig.client() as client:
        client.update_camera(camera, enabled=False)
        wait_for(
            lambda: not client.get_recording_status([camera])[0].recording, 20, "recording stops"
        )
        (line,) = client.get_timeline([camera], 0, now_us() + 60 * S)
        end_us = line.runs[-1].end_time.ToMicroseconds()
        with client.playback([camera], start_us=end_us - 1 * S, speed=2.0) as stream:
            got = collect(stream, lambda g: g[-1][1].HasField("gap"))
            gap = got[-1][1].gap
            assert (gap.camera_id, gap.to_us) == (camera, 0)
            assert abs(gap.from_us - end_us) < 200_000  # the timeline's end, to a frame or so
            last = packets(got)[-1].packet
            # (The last frame's duration is 0 when the camera stopped before the next.)
            assert last.timestamp_us <= gap.from_us <= last.timestamp_us + last.duration_us
            got = collect(stream, lambda g: g[-1][1].HasField("clock"))
            assert got[-1][1].clock.paused  # every camera of the session has ended
            n = stream.seek(offset_us=-3 * S)
            got = collect(stream, applied(n))
            position = got[-1][1].clock.position_us
            frame = shown(got)[-1].packet
            assert frame.timestamp_us <= position < frame.timestamp_us + 2 * FRAME_US
