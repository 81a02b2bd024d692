"""camsim's PTZ picture and ONVIF mapping without a process: the position strip, the
panorama view, the generic spaces and xs:duration Timeouts."""

from __future__ import annotations

import av
import numpy as np
import pytest

from vedette_hw.sim.ptz_model import PtzLimits, PtzPosition
from vedette_server.camsim import cli, clockcode, ptzcode
from vedette_server.camsim.content import StreamProfile
from vedette_server.camsim.live_ptz import capped_main
from vedette_server.camsim.onvif.ptz import parse_duration_s
from vedette_server.camsim.onvif.ptz_spaces import GenericSpaces
from vedette_server.camsim.panorama import Panorama, PanoramaGeometry


def test_the_position_strip_reads_back_beside_the_clock_after_scaling() -> None:
    rgb = np.full((360, 640, 3), 90, np.uint8)
    clockcode.draw(rgb, 4321)
    ptzcode.draw(rgb, 359.994, -87.25, 12.3456)
    for width, height in ((640, 360), (320, 180)):
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(width, height, "gray")
        luma = frame.to_ndarray()
        assert clockcode.read(luma) == 4321
        assert ptzcode.read(luma) == ptzcode.StripPosition(359.99, -87.25, 12.346)


def test_a_damaged_position_strip_reads_as_none_not_as_a_wrong_position() -> None:
    rgb = np.full((360, 640, 3), 90, np.uint8)
    ptzcode.draw(rgb, 10.0, 0.0, 1.0)
    x0, ys, cell_w, cell_h, _ = ptzcode.rows_geometry(640, 360)
    cell = x0 + 5 * cell_w  # a data bit of the tilt row, flipped
    rgb[ys[1] : ys[1] + cell_h, cell : cell + cell_w] = 255 - rgb[ys[1], cell + 1]
    assert ptzcode.read(rgb[..., 0]) is None


def _striped_panorama() -> Panorama:
    geometry = PanoramaGeometry(64, 36, -90.0, 10.0)
    width, height = geometry.size
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[..., 0] = (np.arange(width) * 255 // (width - 1)).astype(np.uint8)[None, :]
    return Panorama(geometry, pixels)


def test_a_view_across_zero_degrees_joins_the_right_and_left_edges() -> None:
    panorama = _striped_panorama()
    view = panorama.view(PtzPosition(0.0, 0.0, 1.0))
    assert view.shape == (36, 64, 3)
    assert view[0, 0, 0] > 200 and view[0, -1, 0] < 50  # right edge left, left edge right


def test_zoom_crops_the_view_and_scales_it_up() -> None:
    panorama = _striped_panorama()
    wide = panorama.view(PtzPosition(180.0, -40.0, 1.0))[0, :, 0].astype(int)
    tele = panorama.view(PtzPosition(180.0, -40.0, 4.0))[0, :, 0].astype(int)
    assert tele.shape == wide.shape
    assert np.ptp(tele) < np.ptp(wide) / 2  # a quarter of the panorama's width across


def test_generic_spaces_map_to_degrees_and_back() -> None:
    spaces = GenericSpaces(PtzLimits())
    assert spaces.pan_deg(-0.5) == pytest.approx(270.0)
    assert spaces.tilt_deg(-1.0) == -90.0 and spaces.tilt_deg(1.0) == 10.0
    assert spaces.zoom_factor(1.0) == 30.0
    back = spaces.to_generic(PtzPosition(270.0, -40.0, 1.0))
    assert (back.x, back.y, back.zoom) == pytest.approx((-0.5, 0.0, 0.0))


@pytest.mark.parametrize(
    ("text", "seconds"), [("PT5S", 5.0), ("PT0.5S", 0.5), ("PT1M30S", 90.0), ("P1DT1H", 90000.0)]
)
def test_xs_durations_are_read_in_seconds(text: str, seconds: float) -> None:
    assert parse_duration_s(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "5", "P1Y", "PT-1S", "PTS"])
def test_durations_camsim_cannot_honour_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration_s(text)


def test_a_ptz_main_stream_is_capped_at_720p_with_its_bitrate_scaled() -> None:
    assert capped_main(StreamProfile(1920, 1080, 4000)) == StreamProfile(1280, 720, 1778)
    assert capped_main(StreamProfile(640, 360, 1000)) == StreamProfile(640, 360, 1000)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cameras", "2", "--onvif", "--ptz", "cam3"], "no camera named 'cam3'"),
        (["--ptz", "cam1"], "give --onvif"),
        (["--onvif", "--ptz", "cam1", "--codec", "h265"], "H.264 only"),
    ],
)
def test_camsim_refuses_ptz_cameras_it_cannot_make(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err
