"""The operations layer: operations are plain functions of a client (their logic runs
without Qt), and a failed one is shown one way: a warning over the window that
asked, or the status bar for what the console did by itself."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded, S
from vedette_console.background import Background
from vedette_console.failures import shown_failure
from vedette_console.operations import search as search_ops
from vedette_console.operations import tags as tag_ops

pytestmark = pytest.mark.interop


def test_the_events_and_tags_beside_the_timeline_are_merged_by_time(recorded: Recorded) -> None:
    start, end = recorded.start_us - 60 * S, recorded.manual[1] + 60 * S
    with recorded.client() as client:
        tag = client.create_tag(recorded.camera_id, recorded.start_us + 3 * S, "between")
        try:
            markers = search_ops.fetch_markers(client, [recorded.camera_id], start, end)
        finally:
            client.delete_tag(tag.id)
    assert [m.time_us for m in markers] == sorted(m.time_us for m in markers)
    assert {m.kind for m in markers} == {"event", "tag"}
    (tagged,) = [m for m in markers if m.kind == "tag"]
    assert (tagged.camera_id, tagged.text) == (recorded.camera_id, "between")
    assert any(m.event_type == "manual" for m in markers if m.kind == "event")


def test_a_failed_operation_warns_over_its_window_once_and_background_ones_do_not(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    notes: list[str] = []
    session.call_failed.connect(notes.append)
    tags = window.search.tags
    for _ in range(3):  # a tag that does not exist, three times: one box, counted
        tag_ops.rename_tag(parent=tags, tag_id=999_999, name="x").run(session)
    qtbot.waitUntil(lambda: "(failed 3 times)" in (shown_failure(window) or ""), timeout=10_000)
    assert (
        "999999" in (shown_failure(window) or "")
        or "not found" in (shown_failure(window) or "").lower()
    )
    # What the console does by itself fails quietly, in the status bar.
    tag_ops.rename_tag(parent=tags, tag_id=999_998, name="x").background().run(session)
    qtbot.waitUntil(lambda: bool(notes), timeout=10_000)
    assert "(failed 3 times)" in (shown_failure(window) or "")
    window.close()
    session.close()


def test_background_work_hands_results_back_and_drops_those_of_dead_owners(qtbot: QtBot) -> None:
    runner = Background()
    results: list[int] = []
    owner = QWidget()
    runner.run(lambda: 41 + 1, results.append, owner=owner)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    gone = QWidget()
    runner.run(lambda: time.sleep(0.3) or 7, results.append, owner=gone)
    gone.deleteLater()  # before the work is done
    qtbot.wait(50)
    assert runner.wait_for_tasks(5.0)
    qtbot.wait(100)
    assert results == [42]  # the destroyed owner's callback did not run
    runner.close()
