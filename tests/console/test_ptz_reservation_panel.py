"""The PTZ panel's Reserve/Release toggle and holder label against a real server and
the simulated Pelco dome (the fixtures of ``test_ptz_panel``), and its lens buttons
following what the server says the device drives.

An administrator reserves the dome from the panel and sees it as theirs; an operator
(no accounts right) sees no toggle and the label names who reserved it; releasing
from the panel frees the camera on the server. Every wait is bounded.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.console.test_ptz_panel import (  # noqa: F401 (site: a fixture)
    OPERATOR,
    WAIT_MS,
    Site,
    close_window,
    open_panel,
    open_window,
    site,
)
from vedette_api.v1 import ptz_pb2
from vedette_console.operations.ptz import PtzKind, PtzSupport
from vedette_console.ptz.panel import PtzPanel
from vedette_console.session import Session

pytestmark = pytest.mark.interop


def test_an_administrator_reserves_and_releases_from_the_panel(
    qtbot: QtBot,
    site: Site,  # noqa: F811
) -> None:
    window, session = open_window(qtbot, site)
    panel = open_panel(qtbot, window, site)
    reserve = panel.reserve
    qtbot.waitUntil(reserve.isVisible, timeout=WAIT_MS)
    assert reserve.text() == "Reserve" and not reserve.isChecked()
    qtbot.mouseClick(reserve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: panel.holder.text().startswith("You reserved this camera ("), timeout=WAIT_MS
    )
    assert reserve.isChecked() and reserve.text() == "Release"
    with site.client() as admin:
        state = admin.ptz_state(site.dome_camera)
        assert state.holder == "user:admin"
        assert state.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED

    op_window, op_session = open_window(qtbot, site, OPERATOR)
    op_panel = open_panel(qtbot, op_window, site)
    qtbot.waitUntil(
        lambda: op_panel.holder.text().startswith("Reserved by admin ("), timeout=WAIT_MS
    )
    assert op_panel.holder.text().endswith(" min left)")
    assert not op_panel.reserve.isVisible()  # only administrators reserve
    close_window(op_window, op_session)

    qtbot.mouseClick(reserve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.holder.text() == "Nobody controls this camera", timeout=WAIT_MS)
    assert not reserve.isChecked() and reserve.text() == "Reserve"
    with site.client() as admin:
        assert admin.ptz_state(site.dome_camera).holder == ""
    close_window(window, session)


def test_an_onvif_cameras_focus_is_offered_once_the_server_says_it_drives_it(
    qtbot: QtBot,
) -> None:
    """An ONVIF camera's focus is its imaging service's: the panel guesses none from
    the camera and follows GetPtzState's has_focus / has_iris (no server needed)."""
    session = Session()
    panel = PtzPanel(session)
    qtbot.addWidget(panel)
    panel.set_camera(7, "Mast", PtzSupport(PtzKind.ONVIF))
    assert not panel.focus_far.isEnabled() and not panel.iris_open.isEnabled()
    panel._on_state(7, ptz_pb2.GetPtzStateResponse(has_focus=True))
    assert panel.focus_near.isEnabled() and panel.focus_far.isEnabled()
    assert not panel.iris_open.isEnabled()
    assert "no iris control" in panel.iris_open.toolTip()
    panel._on_state(8, ptz_pb2.GetPtzStateResponse(has_iris=True))  # another camera's
    assert not panel.iris_open.isEnabled()
    panel.shutdown()
    session.close()
