"""The numbers the ``vedette`` CLI reads, checked where they are typed.

Each factory returns an argparse ``type``: a value out of its range, not a number, or
not finite is an ``ArgumentTypeError``, so argparse prints one line naming the option
and exits with status 2, before any connection. Without this a value too large for
its protobuf field (``--expiry-days 1000000000000`` in an ``int32``) ended in a
``ValueError`` traceback.

Ranges are the API's own where the protos document one (``count`` 1 to 1000,
``max_width`` at most 3840, a restart delay 0 to 3600 s, a speed 1/16 to 32), and
otherwise the field's type (ids are positive ``int64``s).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from vedette_api.client.motion import ALL_CELLS, COLUMNS, ROWS, cells_in_box

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
#: How much of a refused value a message quotes.
_SHOWN = 40


def _shown(text: str) -> str:
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


def whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``minimum`` to ``maximum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # also a number of more than 4300 digits
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a whole number") from None
        if value < minimum:
            low = "0 or more" if minimum == 0 else f"at least {minimum}"
            raise argparse.ArgumentTypeError(f"{_shown(text)} must be {low}")
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{_shown(text)} must be at most {maximum}")
        return value

    return parse


def decimal_number(
    minimum: float, maximum: float, *, above: bool = False
) -> Callable[[str], float]:
    """An argparse type: a finite number from ``minimum`` (excluded when ``above``) to
    ``maximum``; ``nan`` and ``inf`` are refused."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a number") from None
        low_ok = value > minimum if above else value >= minimum
        if not math.isfinite(value) or not low_ok or value > maximum:
            low = f"more than {minimum:g}" if above else f"at least {minimum:g}"
            raise argparse.ArgumentTypeError(
                f"{_shown(text)} must be a number {low} and at most {maximum:g}"
            )
        return value

    return parse


#: A record's id (camera, task, tag, lock, snapshot, volume...): a positive int64.
record_id = whole_number(1, INT64_MAX)
#: A disk group's number, as cameras and volumes name theirs.
disk_group = whole_number(1, INT32_MAX)
#: Days recordings are kept (0: until overwritten), as the server accepts them.
expiry_days = whole_number(0, 36_500)
#: How many entries a search returns at most.
result_limit = whole_number(1, 1_000_000)


def year_month(text: str) -> tuple[int, int]:
    """``YYYY-MM``, a month from 1970-01 to 9998-12 (what the calendar RPC reads)."""
    year_text, _, month_text = text.partition("-")
    try:
        year, month = int(year_text), int(month_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not YYYY-MM") from None
    if not (1970 <= year <= 9998 and 1 <= month <= 12):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a month from 1970-01 to 9998-12")
    return year, month


def boxes(cells: str) -> bytes:
    """``X0,Y0,X1,Y1[+X0,Y0,X1,Y1…]`` → the 56 packed bytes of those cells of the 22×18
    motion grid (``vedette motion``'s areas and regions, ``vedette thumbnails --cells``)."""
    packed = bytearray(len(ALL_CELLS))
    for box in cells.split("+"):
        try:
            x0, y0, x1, y1 = (int(v) for v in box.split(","))
            one = cells_in_box(x0, y0, x1, y1)
        except ValueError as error:
            raise argparse.ArgumentTypeError(
                f"{box!r}: four cells X0,Y0,X1,Y1 within columns 0..{COLUMNS - 1} and rows "
                f"0..{ROWS - 1} ({error})"
            ) from None
        packed = bytearray(a | b for a, b in zip(packed, one, strict=True))
    return bytes(packed)
