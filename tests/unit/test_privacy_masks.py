"""Privacy masks and watermark: their checks, their catalog form, and burning them into
pictures (recording/privacy.py, images/burn_in.py, keyframe_render's JPEG path)."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np
import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.images.burn_in import burn, watermark_stamp
from vedette_server.images.keyframe_render import RenderJob, render_keyframe
from vedette_server.recording.privacy import (
    PrivacyMask,
    Watermark,
    check_masks,
    check_watermark,
    masks_from_json,
    masks_from_list,
    masks_to_json,
)


def test_masks_round_trip_through_their_catalog_form() -> None:
    masks = (PrivacyMask(0.0, 0.0, 0.5, 0.25), PrivacyMask(0.1, 0.6, 0.3, 0.4))
    assert masks_from_json(masks_to_json(masks)) == masks
    assert masks_from_json("[]") == ()


@pytest.mark.parametrize(
    ("masks", "field", "words"),
    [
        ([PrivacyMask(0, 0, 0.1, 0.1)] * 5, "privacy_masks", "at most 4"),
        ([PrivacyMask(-0.1, 0, 0.1, 0.1)], "privacy_masks[0]", "0 to 1"),
        ([PrivacyMask(0, 0, 0.1, float("nan"))], "privacy_masks[0]", "0 to 1"),
        ([PrivacyMask(0, 0, 0.5, 0.5), PrivacyMask(0.2, 0.2, 0, 0.3)], "privacy_masks[1]", "zero"),
        ([PrivacyMask(0.8, 0, 0.3, 0.1)], "privacy_masks[0]", "outside the picture"),
    ],
)
def test_bad_masks_are_refused_naming_the_mask(
    masks: list[PrivacyMask], field: str, words: str
) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_masks(masks)
    assert refused.value.field == field
    assert words in refused.value.reason


def test_a_backup_s_masks_are_checked_like_the_api_s() -> None:
    assert masks_from_list([[0, 0, 1, 1]]) == (PrivacyMask(0.0, 0.0, 1.0, 1.0),)
    for bad in ("x", [[0, 0, 1]], [[0, 0, True, 1]], [[0, 0, 2, 1]]):
        with pytest.raises(InvalidArgument):
            masks_from_list(bad)


@pytest.mark.parametrize(
    ("watermark", "words"),
    [
        (Watermark(True, ""), "required"),
        (Watermark(True, "x" * 16), "at most 15"),
        (Watermark(True, "Site-7"), "only letters"),
        (Watermark(False, "a/b"), "only letters"),
    ],
)
def test_bad_watermarks_are_refused(watermark: Watermark, words: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_watermark(watermark)
    assert refused.value.field == "watermark.text"
    assert words in refused.value.reason


def test_a_good_watermark_is_trimmed_and_an_off_one_may_be_empty() -> None:
    assert check_watermark(Watermark(True, " Site 7 ")) == Watermark(True, "Site 7")
    assert check_watermark(Watermark(False, "")) == Watermark(False, "")


def test_mask_pixels_round_outwards() -> None:
    assert PrivacyMask(0.1, 0.1, 0.2, 0.2).pixels(99, 99) == (9, 9, 30, 30)
    assert PrivacyMask(0.0, 0.0, 1.0, 1.0).pixels(64, 48) == (0, 0, 64, 48)


def _grey_frame(width: int, height: int, fmt: str = "yuv420p") -> av.VideoFrame:
    rgb = np.full((height, width, 3), 180, np.uint8)
    rgb[:, : width // 2] = (200, 60, 60)
    return av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=fmt)


def test_burn_blacks_out_the_mask_only_and_leaves_the_source_frame_alone() -> None:
    frame = _grey_frame(160, 120)
    frame.pts = 1234
    before = frame.to_ndarray().copy()
    out = burn(frame, [PrivacyMask(0.25, 0.5, 0.5, 0.25)])
    assert np.array_equal(frame.to_ndarray(), before)  # a decoder's frame is never drawn on
    assert out.pts == 1234
    rgb = out.to_ndarray(format="rgb24")
    assert rgb[60:90, 40:120].max() <= 16
    assert rgb[:60].min() > 40 and rgb[90:].min() > 40


def test_watermark_stamp_draws_light_text_bottom_right() -> None:
    frame = _grey_frame(320, 240)
    stamp = watermark_stamp("SITE 7", 320, 240)
    assert stamp.fill.any() and stamp.edge.any()
    assert stamp.left > 160 and stamp.top > 160
    luma = burn(frame, [], stamp).to_ndarray()[:240]
    original = frame.to_ndarray()[:240]
    changed = luma != original
    assert changed[stamp.top :, stamp.left :].sum() == changed.sum() > 50
    assert luma.max() >= 230


def _jpeg(width: int, height: int) -> bytes:
    frame = _grey_frame(width, height, "yuvj420p")
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    data = b"".join(bytes(p) for p in encoder.encode(frame))
    return data + b"".join(bytes(p) for p in encoder.encode(None))


def test_a_stored_jpeg_is_masked_at_its_own_size() -> None:
    original = _jpeg(320, 240)
    job = RenderJob(None, codec="mjpeg", data=original, masks=(PrivacyMask(0, 0, 0.5, 0.5),))
    image = render_keyframe(job)
    assert (image.width, image.height) == (320, 240)
    with av.open(io.BytesIO(image.jpeg), "r") as container:
        rgb = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert rgb[:120, :160].max() <= 16
    assert rgb[120:, 160:].min() > 100
