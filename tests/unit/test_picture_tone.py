"""camsim's brightness/contrast table for live-rendered pictures (``camsim.picture_tone``)."""

from __future__ import annotations

import numpy as np

from vedette_server.camsim.picture_tone import PictureTone, tone_table


def test_at_fifty_fifty_nothing_is_applied_and_a_change_gets_a_new_version() -> None:
    tone = PictureTone()
    assert tone.current() == (0, None)
    tone.set(50.0, 50.0)
    assert tone.current() == (0, None)
    tone.set(70.0, 50.0)
    version, table = tone.current()
    assert version == 1 and table is not None
    tone.set(70.0, 50.0)
    assert tone.current()[0] == 1
    tone.set(50.0, 50.0)
    assert tone.current() == (2, None)


def test_the_table_is_identity_at_the_middle_and_moves_the_way_the_controls_say() -> None:
    levels = np.arange(256)
    assert np.array_equal(tone_table(50, 50), levels)
    brighter, darker = tone_table(80, 50), tone_table(20, 50)
    assert np.all(brighter >= levels) and np.all(darker <= levels)
    assert brighter[100] > 150 and darker[100] < 50
    assert np.all(np.diff(tone_table(50, 90).astype(int)) >= 0)  # still monotonic
    assert set(tone_table(50, 0).tolist()) == {128}  # no contrast: flat mid-grey
    assert tone_table(100, 100)[255] == 255 and tone_table(0, 100)[0] == 0  # clipped
