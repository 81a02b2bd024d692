"""The mapping between ONVIF imaging answers and ``onvif.imaging``'s dataclasses, and the
bounds check made before anything is sent (answers as the client library returns
them: attribute objects, here plain namespaces, and lists)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.onvif.imaging import (
    Bounds,
    ImagingSettings,
    bounds_from,
    check_change,
    settings_from,
)


def span(low: float, high: float) -> NS:
    return NS(Min=low, Max=high)


OPTIONS = NS(
    Brightness=span(0, 255),
    Contrast=span(-10, 10),
    WhiteBalance=NS(Mode=["AUTO", "MANUAL"], YrGain=span(0, 100), YbGain=None),
    IrCutFilterModes=["AUTO"],
    Focus=None,
)


def test_bounds_come_from_the_options_and_absent_controls_are_not_offered() -> None:
    bounds = bounds_from(OPTIONS)
    assert bounds["brightness"] == Bounds(0, 255)
    assert bounds["contrast"] == Bounds(-10, 10)
    assert bounds["white_balance"].modes == ("AUTO", "MANUAL")
    assert bounds["white_balance_cr_gain"] == Bounds(0, 100)  # YrGain bounds CrGain
    assert bounds["ir_cut_filter"].modes == ("AUTO",)
    for absent in ("white_balance_cb_gain", "sharpness", "focus", "wide_dynamic_range"):
        assert absent not in bounds


def test_settings_read_numbers_and_modes_and_leave_the_rest_unset() -> None:
    reply = NS(Brightness=128, WhiteBalance=NS(Mode="MANUAL", CrGain=12.5), Focus=None)
    settings = settings_from(reply)
    assert settings.given() == {
        "brightness": 128.0,
        "white_balance": "MANUAL",
        "white_balance_cr_gain": 12.5,
    }


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        (ImagingSettings(brightness=256), "settings.brightness", "0..255"),
        (ImagingSettings(contrast=-10.5), "settings.contrast", "-10..10"),
        (ImagingSettings(brightness=float("nan")), "settings.brightness", "0..255"),
        (ImagingSettings(white_balance="SEPIA"), "settings.white_balance", "AUTO, MANUAL"),
        (ImagingSettings(sharpness=5), "settings.sharpness", "no such control"),
        (ImagingSettings(), "settings", "no control"),
    ],
)
def test_a_change_outside_the_bounds_is_refused_naming_the_control(
    change: ImagingSettings, field: str, says: str
) -> None:
    with pytest.raises(InvalidArgument) as caught:
        check_change(change, bounds_from(OPTIONS))
    assert str(caught.value).startswith(field + ":") and says in str(caught.value)


def test_a_change_inside_the_bounds_passes() -> None:
    check_change(
        ImagingSettings(brightness=0, contrast=10, white_balance="AUTO"), bounds_from(OPTIONS)
    )
