"""Views follow the server's change feed instead of polling: what another client
changes (a camera's name, a saved view, a tag, an export task) appears in this
console, and a console left alone asks the server nothing."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded, S
from vedette_api.client import Client
from vedette_api.v1 import alarms_pb2
from vedette_console.main_window import MainWindow
from vedette_console.operations import cameras as camera_ops
from vedette_console.session import Session

pytestmark = pytest.mark.interop

#: The feed's kinds that make the console read its camera list again.
CAMERA_KINDS = (alarms_pb2.RESOURCE_KIND_CAMERAS, alarms_pb2.RESOURCE_KIND_CAMERA_STATUS)
#: Longer than the 5 s camera refresh the console used to poll with.
QUIET_S = 7.0


@pytest.fixture
def window(qtbot: QtBot, recorded: Recorded) -> Iterator[MainWindow]:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    qtbot.waitUntil(lambda: len(window.tree.cameras) == 2 and session.feed.live, timeout=20_000)
    yield window
    window.close()
    session.close()


def _counting_camera_fetches(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Each time the console fetches the camera list: its time (monotonic)."""
    fetches: list[float] = []
    fetch = camera_ops.fetch_cameras

    def counted(client: Client) -> camera_ops.CameraList:
        fetches.append(time.monotonic())
        return fetch(client)

    monkeypatch.setattr(camera_ops, "fetch_cameras", counted)
    return fetches


def test_a_camera_renamed_elsewhere_appears_and_nothing_is_polled_meanwhile(
    qtbot: QtBot, recorded: Recorded, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    session: Session = window.session
    fetches = _counting_camera_fetches(monkeypatch)
    gate = recorded.camera_id
    # Left alone, the console polls nothing (the old console polled every 5 s): each
    # read of the list has a cause, a camera change the feed announced (on a loaded
    # machine a camera's recording status may change) or a feed that had to subscribe
    # again (its heartbeat came late, and a console that lost its feed reads again).
    resubscribed: list[float] = []
    announced: list[int] = []
    session.feed.subscribed.connect(lambda: resubscribed.append(time.monotonic()))
    session.changed.connect(lambda kind, ids: announced.append(kind))
    qtbot.wait(int(QUIET_S * 1000))
    causes = sum(kind in CAMERA_KINDS for kind in announced) + len(resubscribed)
    assert len(fetches) <= causes, (
        f"{len(fetches)} camera list fetch(es) for {causes} announced change(s) or"
        " resubscription(s)"
    )
    with recorded.client() as other:
        try:
            before = len(fetches)
            announced.clear()
            resubscribed.clear()
            other.update_camera(gate, name="Gate north")
            qtbot.waitUntil(lambda: window.tree.cameras[gate].name == "Gate north", timeout=10_000)
            # The change, reloaded: the rename is read, and every read since has a cause
            # too (coalesced, never more reads than announcements and resubscriptions;
            # one more for a read an announcement just before the count began caused).
            fetched = len(fetches) - before
            causes = sum(kind in CAMERA_KINDS for kind in announced) + len(resubscribed)
            assert 1 <= fetched <= causes + 1, f"{fetched} fetch(es) for {causes} cause(s)"
            assert session.feed.live
        finally:
            other.update_camera(gate, name="Gate")
    qtbot.waitUntil(lambda: window.tree.cameras[gate].name == "Gate", timeout=10_000)


def test_views_tags_and_backups_made_elsewhere_appear(
    qtbot: QtBot, recorded: Recorded, window: MainWindow
) -> None:
    live, tags, backup = window.live, window.search.tags, window.backup
    window.show_view("Search")
    window.search.tabs.setCurrentWidget(tags)
    qtbot.waitUntil(lambda: tags.loaded, timeout=5000)
    with recorded.client() as other:
        view = other.save_view("Made elsewhere", 4, [(0, recorded.camera_id)])
        tag = other.create_tag(recorded.camera_id, recorded.start_us + 2 * S, "elsewhere")
        task = other.create_export_task(
            items=[(recorded.camera_id, recorded.start_us, recorded.start_us + 2 * S)],
            export_format="mp4",
        )
        try:
            qtbot.waitUntil(lambda: any(v.id == view.id for v in live.saved.views), timeout=10_000)
            qtbot.waitUntil(lambda: any(t.id == tag.id for t in tags.tags), timeout=10_000)
            qtbot.waitUntil(lambda: task.id in backup.tasks, timeout=10_000)
            other.delete_view(view.id)
            other.delete_tag(tag.id)
            qtbot.waitUntil(lambda: all(v.id != view.id for v in live.saved.views), timeout=10_000)
            qtbot.waitUntil(lambda: all(t.id != tag.id for t in tags.tags), timeout=10_000)
        finally:
            other.wait_for_export_task(task.id, timeout_s=60)
            other.delete_export_task(task.id)
    qtbot.waitUntil(lambda: task.id not in backup.tasks, timeout=10_000)
