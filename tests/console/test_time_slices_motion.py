"""The time-slice view's motion (SEARCH-01 "skip empty slices", issue 14) against a real
server recording camsim's still scene with a scripted box, detection on: the slices
with motion carry the orange mark (and only they), "Only slices with motion" leaves
exactly those, "Thumbnail at first motion" plays from the first motion; both off, the
view is what it was. Screenshots in /tmp/shots."""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from tests.integration.test_motion_search import BODY
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.timestamps import now_us, us_from_timestamp
from vedette_console.session import Session
from vedette_console.views.search.thumbnails import ROLE_TIME, THUMB
from vedette_console.views.search.time_slices import MOTION_COLOUR, ROLE_PLAY, TimeSliceView

pytestmark = pytest.mark.interop

SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
S = 1_000_000
MINUTE = 60 * S
SHOTS = "/tmp/shots"


def has_mark(view: TimeSliceView, row: int) -> bool:
    """Whether the item's icon has the orange motion badge in its bottom-left corner."""
    image = view.grid.item(row).icon().pixmap(THUMB).toImage()
    corner = image.copy(4, THUMB.height() - 20, 16, 16).convertToFormat(image.Format.Format_RGB32)
    pixels = np.frombuffer(corner.constBits(), np.uint8).reshape(16, -1, 4)[:, :16, :3]
    # BGRA in memory: orange is strong red, middling green, little blue.
    want = np.array([MOTION_COLOUR.blue(), MOTION_COLOUR.green(), MOTION_COLOUR.red()])
    return bool((np.abs(pixels.astype(int) - want).sum(axis=2) < 30).mean() > 0.3)


def test_motion_marks_and_the_only_with_motion_toggle(
    qtbot: QtBot,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--fps", "15", "--scene", "still", "--motion", SCRIPT)
    server = server_factory("--segment-seconds", "2")
    session = Session()
    session.adopt(server.client())
    client = session.client
    assert client is not None
    camera = client.create_camera("Yard", camsim.url("cam1", "sub"), record_audio=False)
    client.set_motion_config(
        camera.id, enabled=True, sensitivity=6, hold_seconds=2.0, areas=[("body", BODY)]
    )
    minute = (now_us() + 11 * S) // MINUTE * MINUTE + MINUTE
    wait_for(lambda: now_us() > minute + MINUTE + 10 * S, 360, "the minute to be indexed")

    view = TimeSliceView(session, lambda _: None)
    qtbot.addWidget(view)
    view.resize(1500, 900)
    view.show()
    view.set_cameras(list(client.list_cameras()))
    view.camera.setCurrentIndex(view.camera.findData(camera.id))
    view.load("minute", minute)
    qtbot.waitUntil(lambda: view.grid.count() == 60 and len(view.thumbnails) == 60, timeout=60_000)
    moving = [row for row, t in enumerate(view.thumbnails) if t.has_motion]
    assert moving and len(moving) < 60
    assert all(t.motion_known for t in view.thumbnails)
    assert [row for row in range(60) if has_mark(view, row)] == moving
    assert "with motion" in view.title.text()
    assert "motion" in view.grid.item(moving[0]).toolTip()
    os.makedirs(SHOTS, exist_ok=True)
    view.grid.scrollToItem(view.grid.item(moving[0]))
    assert view.grab().save(f"{SHOTS}/time_slices_motion_marks.png")

    # Only slices with motion: exactly the marked ones, in order.
    view.motion_only.setChecked(True)
    qtbot.waitUntil(lambda: view.grid.count() == len(moving), timeout=60_000)
    starts = [minute + row * S for row in moving]
    assert [view.grid.item(r).data(ROLE_TIME) for r in range(len(moving))] == starts
    assert all(has_mark(view, r) for r in range(len(moving)))
    assert view.grab().save(f"{SHOTS}/time_slices_motion_only.png")

    # Back off: the 60 slices again, the same marks.
    view.motion_only.setChecked(False)
    qtbot.waitUntil(lambda: view.grid.count() == 60, timeout=60_000)
    assert [row for row in range(60) if has_mark(view, row)] == moving

    # The hour view at first motion: the minute plays from its first motion second.
    view.motion_instant.setChecked(True)
    view.load("hour", minute)

    def hour_shown() -> bool:
        thumbs = view.thumbnails
        return (
            len(thumbs) == 60
            and view.grid.count() == 60
            and all(
                us_from_timestamp(t.slice_end_time) - us_from_timestamp(t.time) == MINUTE
                for t in thumbs
            )
        )

    qtbot.waitUntil(hour_shown, timeout=60_000)
    row = next(r for r in range(60) if view.grid.item(r).data(ROLE_TIME) == minute)
    thumb = view.thumbnails[row]
    assert thumb.has_motion and view.grid.item(row).data(ROLE_PLAY) == starts[0]
    assert us_from_timestamp(thumb.motion_time) == starts[0]
    played: list[tuple[int, int]] = []
    view.open_playback.connect(lambda c, t: played.append((c, t)))
    view._drill(view.grid.item(row))
    assert played == [(camera.id, starts[0])]
    view.grid.scrollToItem(view.grid.item(row))
    assert view.grab().save(f"{SHOTS}/time_slices_motion_hour.png")
    assert view.grid.iconSize() == QSize(THUMB)
    view.close()
    session.close()
