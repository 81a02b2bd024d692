"""A camera's privacy masks (CAM-10) and watermark (CAM-11): the values, their checks,
and their catalog form.

A mask is a rectangle in fractions of the picture (0 to 1 from the top left), so one
mask holds for the main and the sub stream whatever their resolutions. Who sees the
picture without them is a camera right (``CameraRight.UNMASKED``); the server burns
them into what it makes for everyone else (snapshots, thumbnails, exports:
``images.burn_in``).

Invariants:
- At most ``MAX_MASKS`` masks, each inside the picture and of non-zero size; a
  watermark, when enabled, has 1 to ``MAX_WATERMARK_CHARS`` letters, digits or spaces.
  Anything else is ``InvalidArgument`` naming the mask or the text, and nothing is
  stored.
- The catalog column holds the masks as JSON ``[[x, y, width, height], ...]``;
  ``masks_from_json(masks_to_json(m)) == m``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from vedette_server.errors import InvalidArgument

MAX_MASKS: Final = 4
MAX_WATERMARK_CHARS: Final = 15


@dataclass(frozen=True, slots=True)
class PrivacyMask:
    """A rectangle of the picture in fractions of its width and height."""

    x: float
    y: float
    width: float
    height: float

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in a ``width`` × ``height`` picture, rounded
        outwards so the mask covers at least its fraction of the picture."""
        left = max(0, math.floor(self.x * width))
        top = max(0, math.floor(self.y * height))
        right = min(width, math.ceil((self.x + self.width) * width))
        bottom = min(height, math.ceil((self.y + self.height) * height))
        return left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Watermark:
    """A camera's watermark text and whether it is on."""

    enabled: bool = False
    text: str = ""


#: No watermark (a camera's until one is set).
NO_WATERMARK: Final = Watermark()


def check_masks(masks: Iterable[PrivacyMask]) -> tuple[PrivacyMask, ...]:
    """``masks`` when each is inside the picture and of non-zero size, at most 4."""
    checked = tuple(masks)
    if len(checked) > MAX_MASKS:
        raise InvalidArgument("privacy_masks", f"{len(checked)} masks: at most {MAX_MASKS}")
    for index, mask in enumerate(checked):
        field = f"privacy_masks[{index}]"
        values = (mask.x, mask.y, mask.width, mask.height)
        if not all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in values):
            raise InvalidArgument(field, f"x, y, width and height must be 0 to 1, got {values}")
        if mask.width <= 0 or mask.height <= 0:
            raise InvalidArgument(field, "has zero size: width and height must be above 0")
        if mask.x + mask.width > 1.0 + 1e-9 or mask.y + mask.height > 1.0 + 1e-9:
            raise InvalidArgument(field, "reaches outside the picture: x + width and y + height"
                                  " must be at most 1")  # fmt: skip
    return checked


def check_watermark(watermark: Watermark) -> Watermark:
    """``watermark`` with its text trimmed, when an enabled one has a valid text."""
    text = watermark.text.strip()
    if len(text) > MAX_WATERMARK_CHARS:
        raise InvalidArgument(
            "watermark.text", f"{len(text)} characters: at most {MAX_WATERMARK_CHARS}"
        )
    if any(not (c.isalnum() or c == " ") for c in text):
        raise InvalidArgument("watermark.text", f"{text!r}: only letters, digits and spaces")
    if watermark.enabled and not text:
        raise InvalidArgument("watermark.text", "is required when the watermark is enabled")
    return Watermark(watermark.enabled, text)


def masks_to_list(masks: Iterable[PrivacyMask]) -> list[list[float]]:
    """The masks as ``[[x, y, width, height], ...]`` (the catalog's and backups' form)."""
    return [[m.x, m.y, m.width, m.height] for m in masks]


def masks_from_list(value: object, field: str = "privacy_masks") -> tuple[PrivacyMask, ...]:
    """``masks_to_list``'s form read back and checked (``InvalidArgument`` naming
    ``field`` for anything else)."""
    if not isinstance(value, list):
        raise InvalidArgument(field, "must be a list of [x, y, width, height]")
    masks = []
    for index, box in enumerate(value):
        if not (
            isinstance(box, list)
            and len(box) == 4
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box)
        ):
            raise InvalidArgument(f"{field}[{index}]", "must be [x, y, width, height] numbers")
        masks.append(PrivacyMask(*(float(v) for v in box)))
    return check_masks(masks)


def masks_to_json(masks: Iterable[PrivacyMask]) -> str:
    return json.dumps(masks_to_list(masks))


def masks_from_json(text: str) -> tuple[PrivacyMask, ...]:
    return masks_from_list(json.loads(text or "[]"))
