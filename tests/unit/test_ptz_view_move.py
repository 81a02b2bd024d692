"""``ptz.view_move``: a picture point or area as a field-of-view move and a zoom."""

from __future__ import annotations

import math

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.ptz.view_move import ASSUMED_ZOOM_RATIO, view_target, zoom_translation


def test_a_point_becomes_fractions_of_half_the_view_right_and_up() -> None:
    assert view_target(0.5, 0.5).fov_translation() == (0.0, 0.0)
    assert view_target(1.0, 0.0).fov_translation() == (1.0, 1.0)  # the top right corner
    assert view_target(0.75, 0.75).fov_translation() == (0.5, -0.5)
    assert view_target(0.2, 0.4).zoom_by == 1.0


def test_an_area_zooms_until_its_longer_side_fills_the_picture() -> None:
    assert view_target(0.5, 0.5, 0.25, 0.1).zoom_by == pytest.approx(4.0)
    assert view_target(0.5, 0.5, 0.1, 0.5).zoom_by == pytest.approx(2.0)
    assert view_target(0.5, 0.5, 1.0, 1.0).zoom_by == 1.0
    assert view_target(0.1, 0.9, 0.2, 0.2).zoom_by == pytest.approx(5.0)  # at the corner


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-0.01, 0.5), "x"),
        ((0.5, 1.01), "y"),
        ((math.nan, 0.5), "x"),
        ((0.5, -math.inf), "y"),
        ((0.5, 0.5, 0.0, 0.2), "width"),
        ((0.5, 0.5, 0.2, 0.0), "height"),
        ((0.5, 0.5, -0.2, 0.2), "width"),
        ((0.5, 0.5, 0.2, math.nan), "height"),
        ((0.95, 0.5, 0.2, 0.2), "width"),
        ((0.5, 0.95, 0.2, 0.2), "height"),
    ],
)
def test_bad_input_is_refused_naming_the_field(args: tuple[float, ...], field: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        view_target(*args)
    assert caught.value.field == field


def test_the_zoom_multiplies_the_magnification_and_stops_at_the_tele_end() -> None:
    span = ASSUMED_ZOOM_RATIO - 1.0
    for zoom_fraction, zoom_by, want_delta, want_factor in (
        (0.0, 4.0, 3.0 / span, 4.0),  # 1x → 4x
        (1.0 / span, 4.0, 6.0 / span, 4.0),  # 2x → 8x
        (19.0 / span, 10.0, 10.0 / span, 1.5),  # 20x → 30x, not 200x
    ):
        delta, factor = zoom_translation(zoom_fraction, zoom_by)
        assert delta == pytest.approx(want_delta)
        assert factor == pytest.approx(want_factor)
    assert zoom_translation(1.0, 3.0) == (0.0, 1.0)  # already at the end
