"""Time slices that know about motion (SEARCH-01 "skip empty slices", issue 14) end to
end on loopback: camsim's still scene with a scripted box, recorded by a real server
with motion detection on for one camera and off for another; ``GetThumbnails`` with
slices marks the slices with motion, skips the others on request and shows each at
its first motion.

The truth is the detector's own events (stamped with frame times) and the motion
index as ``SearchMotion`` reads it: a slice has motion exactly when a second of it is
in a run, every such second lies in an event, and every event's first second is one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from tests.integration.test_cli import vedette
from tests.integration.test_motion_search import BESIDE, BODY, PATH, motion_events
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api import errors
from vedette_api.cli.format import rfc3339_from_us
from vedette_api.client.motion import cells_in_box
from vedette_api.timestamps import now_us, timestamp_from_us, us_from_timestamp
from vedette_api.v1 import images_pb2

pytestmark = pytest.mark.interop

#: The box crosses the picture in loop seconds 3..6 of camsim's 10 s loop.
SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
S = 1_000_000
MINUTE = 60 * S
GOP_US = 2 * S  # camsim's default GOP
WAIT_S = 360.0  # generous: a loaded 2-core machine; a minute is indexed after it ends


def by_start(thumbs: list[images_pb2.Thumbnail]) -> dict[int, images_pb2.Thumbnail]:
    return {us_from_timestamp(t.time): t for t in thumbs}


def test_slices_mark_skip_and_show_motion(
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    tmp_path: Path,
) -> None:
    camsim = camsim_factory("--fps", "15", "--scene", "still", "--motion", SCRIPT)
    server = server_factory("--segment-seconds", "2")
    with server.client() as admin:
        created_us = now_us()
        camera = admin.create_camera("moving", camsim.url("cam1", "sub"), record_audio=False)
        other = admin.create_camera("unwatched", camsim.url("cam1", "sub"), record_audio=False)
        admin.set_motion_config(
            camera.id, enabled=True, sensitivity=6, hold_seconds=2.0, areas=[("body", BODY)]
        )
        enabled_us = now_us()
        # A whole minute a loop after detection began (the background was learnt),
        # written to the index (minutes are written 2 s after they end).
        minute = (enabled_us + 11 * S) // MINUTE * MINUTE + MINUTE
        wait_for(lambda: now_us() > minute + MINUTE + 10 * S, WAIT_S, "the minute to be indexed")
        events = [
            e for e in motion_events(admin, camera.id) if e[1] > minute and e[0] < minute + MINUTE
        ]
        assert events, "the detector saw the box in the minute"
        runs = admin.search_motion([camera.id], minute, minute + MINUTE)
        indexed = {t for r in runs for t in range(us_from_timestamp(r.start_time),
                                                 us_from_timestamp(r.end_time), S)}  # fmt: skip
        indexed = {t for t in indexed if minute <= t < minute + MINUTE}

        # The minute's 60 one-second slices: motion exactly in the index's seconds.
        seconds = list(admin.time_slices([camera.id], "minute", minute, time_zone="UTC"))
        assert [us_from_timestamp(t.time) for t in seconds] == [minute + k * S for k in range(60)]
        moving = {us_from_timestamp(t.time) for t in seconds if t.has_motion}
        assert moving == indexed and moving
        assert len(moving) < 60  # and seconds without: the box rests 7 s of every 10
        for thumb in seconds:
            start = us_from_timestamp(thumb.time)
            assert thumb.motion_known, start  # detection on since before the minute
            assert thumb.motion_seconds == (1 if thumb.has_motion else 0)
            if thumb.has_motion:
                assert us_from_timestamp(thumb.motion_time) == start
                # Each second with motion is in a detector event (which starts with
                # its make frames and ends its hold after the last motion).
                assert any(a // S * S - 2 * S <= start < b for a, b in events), (start, events)
            else:
                assert not thumb.HasField("motion_time")
        for a, _ in events:
            if minute + S <= a < minute + MINUTE - S:
                assert {a // S * S - S, a // S * S} & moving, (a, sorted(moving))

        # motion_only: exactly those slices, decoded, in order.
        only = list(
            admin.time_slices([camera.id], "minute", minute, time_zone="UTC", motion_only=True)
        )
        assert [us_from_timestamp(t.time) for t in only] == sorted(moving)
        assert all(t.has_motion and t.motion_known and t.jpeg for t in only)

        # The hour's minute slices: the minute has all its motion seconds; minutes
        # before the camera existed were not watched; the same for a range.
        hour = list(admin.time_slices([camera.id], "hour", minute, time_zone="UTC"))
        slices = by_start(hour)
        assert slices[minute].has_motion and slices[minute].motion_known
        assert slices[minute].motion_seconds == len(moving)
        for start, thumb in slices.items():
            if start + MINUTE <= created_us:
                assert not thumb.motion_known and not thumb.has_motion
                assert thumb.no_recording
            if thumb.has_motion:
                assert thumb.motion_known
        spread = list(admin.thumbnails_between([camera.id], minute, minute + MINUTE, 2))
        assert [t.motion_seconds for t in spread] == [
            len({t for t in moving if t < minute + 30 * S}),
            len({t for t in moving if t >= minute + 30 * S}),
        ]

        # motion_instant: the minute's thumbnail is the first keyframe after its first
        # motion second, within one GOP; the slice stays the minute.
        first = min(moving)
        at_motion = by_start(
            list(admin.time_slices([camera.id], "hour", minute, time_zone="UTC",
                                   motion_only=True, motion_instant=True))
        )  # fmt: skip
        assert minute in at_motion and all(t.has_motion for t in at_motion.values())
        shown = at_motion[minute]
        assert us_from_timestamp(shown.motion_time) == first
        assert us_from_timestamp(shown.slice_end_time) == minute + MINUTE
        keyframe = us_from_timestamp(shown.keyframe_time)
        assert first <= keyframe <= first + GOP_US + S // 2, (first, keyframe)
        plain_keyframe = us_from_timestamp(slices[minute].keyframe_time)
        assert abs(plain_keyframe - minute) <= GOP_US

        # A region beside the box's path: watched, no motion; the path: the same.
        beside = by_start(
            list(admin.time_slices([camera.id], "minute", minute, time_zone="UTC",
                                   motion_cells=cells_in_box(*BESIDE)))
        )  # fmt: skip
        assert all(t.motion_known and not t.has_motion for t in beside.values())
        path = list(admin.time_slices([camera.id], "minute", minute, time_zone="UTC",
                                      motion_cells=cells_in_box(*PATH)))  # fmt: skip
        assert {us_from_timestamp(t.time) for t in path if t.has_motion} == moving

        # Detection off: recorded, but motion unknown, never "no motion"; motion_only
        # returns nothing.
        unwatched = list(admin.time_slices([other.id], "minute", minute, time_zone="UTC"))
        assert len(unwatched) == 60 and any(not t.no_recording for t in unwatched)
        assert not any(t.motion_known or t.has_motion for t in unwatched)
        assert (
            list(admin.time_slices([other.id], "minute", minute, time_zone="UTC", motion_only=True))
            == []
        )

        # Bad options: clear INVALID_ARGUMENT naming the field.
        for cells, reason in ((b"\xff" * 55, "56 bytes"), (bytes(56), "no cell")):
            with pytest.raises(errors.InvalidArgument, match="motion_cells") as bad:
                list(admin.time_slices([camera.id], "minute", minute, motion_only=True,
                                       motion_cells=cells))  # fmt: skip
            assert reason in str(bad.value)
        request = images_pb2.GetThumbnailsRequest(camera_ids=[camera.id], motion_only=True)
        request.times.times.append(timestamp_from_us(minute))
        with pytest.raises(grpc.RpcError) as raised:
            list(admin._images.GetThumbnails(request, metadata=admin._metadata, timeout=60))
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "range or slices" in (raised.value.details() or "")

    # The CLI: --motion-only writes the slices with motion only.
    out = tmp_path / "thumbs"
    result = vedette(
        server, tmp_path, "thumbnails", "moving", "--slices", "minute",
        "--at", rfc3339_from_us(minute), "--zone", "UTC", "--motion-only", "--motion-instant",
        "--out", str(out),
    )  # fmt: skip
    assert len(list(out.glob("*.jpg"))) == len(moving)
    assert f"{len(moving)} with motion, 0 not watched" in result.stdout

    # vedette motion set --make-frames: changes that only, and refuses 0 or 51.
    result = vedette(server, tmp_path, "motion", "set", "unwatched", "--make-frames", "4", "--json")
    shown_config = json.loads(result.stdout)
    assert shown_config["make_frames"] == 4 and shown_config["enabled"] is False
    for bad_value in ("0", "51"):
        refused = vedette(
            server, tmp_path, "motion", "set", "unwatched", "--make-frames", bad_value, check=False
        )
        assert refused.returncode != 0 and "make-frames" in refused.stderr
    with server.client() as admin:
        assert admin.get_motion_config(other.id).config.make_frames == 4
