"""The motion grid (vedette_server.motion.grid): ONVIF's 22×18 layout, packing, and
ONVIF ``ActiveCells`` (base64 of PackBits) both ways."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid

masks = st.lists(st.booleans(), min_size=396, max_size=396).map(
    lambda bits: np.array(bits, bool).reshape(grid.ROWS, grid.COLUMNS)
)


def test_active_cells_match_onvif_values_for_no_cell_and_every_cell() -> None:
    # 50 bytes of cells (396 bits, 4 of padding): 50 zero bytes are one PackBits run.
    assert grid.to_active_cells(grid.no_cells()) == "zwA="
    # 49 bytes 0xFF (a run) and 0xF0 (a literal): the value cameras send for "all".
    assert grid.to_active_cells(grid.all_cells()) == "0P8A8A=="
    assert grid.from_active_cells("0P8A8A==").all()
    assert not grid.from_active_cells("zwA=").any()


@given(masks)
def test_active_cells_and_packed_grids_round_trip(mask: np.ndarray) -> None:
    assert np.array_equal(grid.from_active_cells(grid.to_active_cells(mask)), mask)
    assert np.array_equal(grid.unpack(grid.pack(mask)), mask)


@given(st.binary(max_size=200))
def test_any_active_cells_input_gives_a_grid_or_invalid_argument(data: bytes) -> None:
    text = base64.b64encode(data).decode()
    try:
        mask = grid.from_active_cells(text)
    except InvalidArgument:
        return
    assert mask.shape == (grid.ROWS, grid.COLUMNS)


def test_bad_active_cells_are_refused() -> None:
    for text, words in [
        ("not base64!", "base64"),
        (base64.b64encode(bytes([0xCF])).decode(), "cut short"),  # a run without its byte
        (base64.b64encode(bytes([5, 1])).decode(), "cut short"),  # a literal cut
        (base64.b64encode(bytes([0xD0, 0xFF])).decode(), "not 50"),  # 49 bytes
        (base64.b64encode(bytes([0x81, 0, 0x81, 0])).decode(), "more than 50"),
    ]:
        with pytest.raises(InvalidArgument, match=words):
            grid.from_active_cells(text)


def test_cells_of_rectangles() -> None:
    touched = grid.cells_in_rect(0.1, 0.4, 0.4, 0.3)
    rows, cols = np.nonzero(touched)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (7, 12, 2, 10)
    inside = grid.cells_inside_rect(0.1, 0.4, 0.4, 0.3)
    assert not (inside & ~touched).any() and inside.sum() < touched.sum()
    assert grid.cells_in_rect(0, 0, 1, 1).all()
    with pytest.raises(InvalidArgument):
        grid.cells_in_rect(0.5, 0, 0.6, 1)
    assert list(grid.edges(180, 18)) == list(range(0, 180, 10))
    with pytest.raises(InvalidArgument):
        grid.edges(10, 18)
