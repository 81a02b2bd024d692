"""Why a camera records nothing, in the words ``status`` shows (issue 12)."""

from __future__ import annotations

from vedette_server.recording.status import STALE_AFTER_S, StreamHealth, not_recording_reason

NOW_S = 1000.0


def health(state: str = "online", *, recording: bool = False, **kw: object) -> StreamHealth:
    return StreamHealth(state=state, recording=recording, updated_s=NOW_S - 1, **kw)  # type: ignore[arg-type]


def reason(main: StreamHealth | None, sub: StreamHealth | None = None, enabled: bool = True) -> str:
    return not_recording_reason(main, sub, enabled=enabled, disk_group=3, now_s=NOW_S)


def test_a_camera_that_records_has_no_reason_and_one_that_cannot_says_which_group() -> None:
    assert reason(health(recording=True)) == ""
    assert reason(health(), health(recording=True)) == ""  # the sub stream records
    full = health(reason="no_writable_volume", message="no writable volume")
    assert reason(full, full) == "no writable volume in disk group 3"


def test_disabled_connecting_offline_and_a_silent_worker_are_told_apart() -> None:
    assert reason(health(recording=True), enabled=False) == "camera disabled"
    assert reason(None) == reason(health("connecting")) == "connecting to the camera"
    down = health("offline", reason="timeout", message="no packet for 10 s")
    assert reason(down) == "camera offline (timeout): no packet for 10 s"
    stale = StreamHealth(state="online", recording=True, updated_s=NOW_S - STALE_AFTER_S - 5)
    assert reason(stale) == f"its ingest worker has not reported for {STALE_AFTER_S + 5:.0f} s"
    assert reason(health()) == "no segment open yet (waiting for a keyframe)"
