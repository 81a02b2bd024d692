"""Picture size and frame rate from an H.264 or H.265 sequence parameter set.

Reads just enough of the SPS (ITU-T H.264 7.3.2.1.1 with VUI E.1.1; ITU-T H.265
7.3.2.2.1 with VUI E.2.1) to learn the displayed width and height (the coded size
minus the cropping / conformance window) and, when the VUI carries timing info, the
frame rate. Used by the native RTSP source, which gets parameter sets from the SDP or
in-band and has no demuxer to ask.

Pure byte code, run once per connection or parameter-set change: the bit reader
favours clarity over speed. Invariants: ``parse_*_sps`` never raise on any input;
they return None when the size cannot be read, and a frame rate of 0 when the
timing is absent or could not be reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_EMULATION_PREVENTION_RE = re.compile(b"\x00\x00\x03")
# H.264 profiles whose SPS carries chroma format, bit depths and scaling lists.
_H264_HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}
_EXTENDED_SAR = 255
# (SubWidthC, SubHeightC) by chroma_format_idc (4:0:0 and 4:4:4 crop in luma units).
_CHROMA_SUBSAMPLING = {0: (1, 1), 1: (2, 2), 2: (2, 1), 3: (1, 1)}
_MAX_RATE_DENOMINATOR = 1001 * 120


@dataclass(frozen=True, slots=True)
class SpsInfo:
    """What the SPS tells: displayed size, and frame rate (0 when not signalled)."""

    width: int
    height: int
    frame_rate: Fraction = Fraction(0)


class _BitsExhausted(Exception):
    pass


class _BitReader:
    """MSB-first reader over an RBSP (emulation prevention bytes already removed)."""

    def __init__(self, rbsp: bytes) -> None:
        self._value = int.from_bytes(rbsp, "big")
        self._left = 8 * len(rbsp)

    def u(self, n: int) -> int:
        if n > self._left:
            raise _BitsExhausted
        self._left -= n
        return (self._value >> self._left) & ((1 << n) - 1)

    def flag(self) -> bool:
        return self.u(1) == 1

    def ue(self) -> int:
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 31:
                raise _BitsExhausted
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        k = self.ue()
        return (k + 1) // 2 if k & 1 else -(k // 2)


def rbsp(nal: bytes) -> bytes:
    """The NAL unit's payload with emulation prevention bytes (00 00 03) removed."""
    return _EMULATION_PREVENTION_RE.sub(b"\x00\x00", nal)


def _rate(time_scale: int, units: int) -> Fraction:
    if time_scale <= 0 or units <= 0:
        return Fraction(0)
    return Fraction(time_scale, units).limit_denominator(_MAX_RATE_DENOMINATOR)


# -- H.264 -------------------------------------------------------------------------------


def parse_h264_sps(nal: bytes) -> SpsInfo | None:
    """Size and frame rate of an H.264 SPS NAL unit (header byte included)."""
    if len(nal) < 4 or nal[0] & 0x1F != 7:
        return None
    bits = _BitReader(rbsp(nal[1:]))
    try:
        width, height = _h264_size(bits)
    except _BitsExhausted:
        return None
    try:
        rate = _h264_vui_rate(bits)
    except _BitsExhausted:
        rate = Fraction(0)
    return SpsInfo(width, height, rate) if width > 0 and height > 0 else None


def _h264_size(bits: _BitReader) -> tuple[int, int]:
    profile_idc = bits.u(8)
    bits.u(16)  # constraint flags, level_idc
    bits.ue()  # seq_parameter_set_id
    chroma_format_idc = 1
    separate_colour_planes = False
    if profile_idc in _H264_HIGH_PROFILES:
        chroma_format_idc = bits.ue()
        if chroma_format_idc == 3:
            separate_colour_planes = bits.flag()
        bits.ue()  # bit_depth_luma_minus8
        bits.ue()  # bit_depth_chroma_minus8
        bits.u(1)  # qpprime_y_zero_transform_bypass_flag
        if bits.flag():  # seq_scaling_matrix_present_flag
            for i in range(8 if chroma_format_idc != 3 else 12):
                if bits.flag():
                    _h264_skip_scaling_list(bits, 16 if i < 6 else 64)
    bits.ue()  # log2_max_frame_num_minus4
    poc_type = bits.ue()
    if poc_type == 0:
        bits.ue()  # log2_max_pic_order_cnt_lsb_minus4
    elif poc_type == 1:
        bits.u(1)  # delta_pic_order_always_zero_flag
        bits.se()
        bits.se()
        for _ in range(bits.ue()):
            bits.se()
    bits.ue()  # max_num_ref_frames
    bits.u(1)  # gaps_in_frame_num_value_allowed_flag
    width_mbs = bits.ue() + 1
    height_map_units = bits.ue() + 1
    frame_mbs_only = bits.flag()
    if not frame_mbs_only:
        bits.u(1)  # mb_adaptive_frame_field_flag
    bits.u(1)  # direct_8x8_inference_flag
    width = width_mbs * 16
    height = (2 - frame_mbs_only) * height_map_units * 16
    if bits.flag():  # frame_cropping_flag
        left, right, top, bottom = bits.ue(), bits.ue(), bits.ue(), bits.ue()
        if separate_colour_planes or chroma_format_idc == 0:
            crop_x, crop_y = 1, 2 - frame_mbs_only
        else:
            sub_w, sub_h = _CHROMA_SUBSAMPLING.get(chroma_format_idc, (2, 2))
            crop_x, crop_y = sub_w, sub_h * (2 - frame_mbs_only)
        width -= crop_x * (left + right)
        height -= crop_y * (top + bottom)
    return width, height


def _h264_skip_scaling_list(bits: _BitReader, size: int) -> None:
    last, next_scale = 8, 8
    for _ in range(size):
        if next_scale != 0:
            next_scale = (last + bits.se() + 256) % 256
        last = next_scale or last


def _h264_vui_rate(bits: _BitReader) -> Fraction:
    if not bits.flag():  # vui_parameters_present_flag
        return Fraction(0)
    _skip_vui_start(bits)
    if not bits.flag():  # timing_info_present_flag
        return Fraction(0)
    units, time_scale = bits.u(32), bits.u(32)
    # A frame is two fields: H.264's tick is half a frame (E.2.1).
    return _rate(time_scale, 2 * units)


def _skip_vui_start(bits: _BitReader) -> None:
    """Aspect ratio, overscan, video signal type and chroma location (same in both)."""
    if bits.flag() and bits.u(8) == _EXTENDED_SAR:  # aspect_ratio_info_present_flag
        bits.u(32)
    if bits.flag():  # overscan_info_present_flag
        bits.u(1)
    if bits.flag():  # video_signal_type_present_flag
        bits.u(4)  # video_format, video_full_range_flag
        if bits.flag():  # colour_description_present_flag
            bits.u(24)
    if bits.flag():  # chroma_loc_info_present_flag
        bits.ue()
        bits.ue()


# -- H.265 -------------------------------------------------------------------------------


def parse_h265_sps(nal: bytes) -> SpsInfo | None:
    """Size and frame rate of an H.265 SPS NAL unit (two-byte header included)."""
    if len(nal) < 4 or (nal[0] >> 1) & 0x3F != 33:
        return None
    bits = _BitReader(rbsp(nal[2:]))
    try:
        width, height, log2_max_poc_lsb, max_sub_layers = _h265_size(bits)
    except _BitsExhausted:
        return None
    try:
        rate = _h265_vui_rate(bits, log2_max_poc_lsb, max_sub_layers)
    except _BitsExhausted:
        rate = Fraction(0)
    return SpsInfo(width, height, rate) if width > 0 and height > 0 else None


def _h265_size(bits: _BitReader) -> tuple[int, int, int, int]:
    bits.u(4)  # sps_video_parameter_set_id
    max_sub_layers = bits.u(3) + 1
    bits.u(1)  # sps_temporal_id_nesting_flag
    _h265_skip_profile_tier_level(bits, max_sub_layers)
    bits.ue()  # sps_seq_parameter_set_id
    chroma_format_idc = bits.ue()
    if chroma_format_idc == 3 and bits.flag():  # separate_colour_plane_flag
        chroma_format_idc = 0  # ChromaArrayType 0: crop in luma units
    width, height = bits.ue(), bits.ue()
    if bits.flag():  # conformance_window_flag
        left, right, top, bottom = bits.ue(), bits.ue(), bits.ue(), bits.ue()
        sub_w, sub_h = _CHROMA_SUBSAMPLING.get(chroma_format_idc, (2, 2))
        width -= sub_w * (left + right)
        height -= sub_h * (top + bottom)
    bits.ue()  # bit_depth_luma_minus8
    bits.ue()  # bit_depth_chroma_minus8
    log2_max_poc_lsb = bits.ue() + 4
    return width, height, log2_max_poc_lsb, max_sub_layers


def _h265_skip_profile_tier_level(bits: _BitReader, max_sub_layers: int) -> None:
    bits.u(88)  # general profile space, tier, idc, compatibility and constraint flags
    bits.u(8)  # general_level_idc
    present = [(bits.flag(), bits.flag()) for _ in range(max_sub_layers - 1)]
    if max_sub_layers > 1:
        bits.u(2 * (9 - max_sub_layers))  # reserved_zero_2bits up to 8 sub-layers
    for profile_present, level_present in present:
        if profile_present:
            bits.u(88)
        if level_present:
            bits.u(8)


def _h265_vui_rate(bits: _BitReader, log2_max_poc_lsb: int, max_sub_layers: int) -> Fraction:
    ordering_all = bits.flag()  # sps_sub_layer_ordering_info_present_flag
    for _ in range(max_sub_layers if ordering_all else 1):
        bits.ue()
        bits.ue()
        bits.ue()
    for _ in range(6):  # coding and transform block sizes, hierarchy depths
        bits.ue()
    if bits.flag() and bits.flag():  # scaling_list_enabled, sps_scaling_list_data_present
        _h265_skip_scaling_list_data(bits)
    bits.u(2)  # amp_enabled_flag, sample_adaptive_offset_enabled_flag
    if bits.flag():  # pcm_enabled_flag
        bits.u(8)
        bits.ue()
        bits.ue()
        bits.u(1)
    _h265_skip_short_term_ref_pic_sets(bits)
    if bits.flag():  # long_term_ref_pics_present_flag
        for _ in range(bits.ue()):
            bits.u(log2_max_poc_lsb)
            bits.u(1)
    bits.u(2)  # sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    if not bits.flag():  # vui_parameters_present_flag
        return Fraction(0)
    _skip_vui_start(bits)
    bits.u(3)  # neutral_chroma_indication, field_seq, frame_field_info_present
    if bits.flag():  # default_display_window_flag
        for _ in range(4):
            bits.ue()
    if not bits.flag():  # vui_timing_info_present_flag
        return Fraction(0)
    units, time_scale = bits.u(32), bits.u(32)
    return _rate(time_scale, units)


def _h265_skip_scaling_list_data(bits: _BitReader) -> None:
    for size_id in range(4):
        for _ in range(0, 6, 3 if size_id == 3 else 1):
            if not bits.flag():  # scaling_list_pred_mode_flag
                bits.ue()
                continue
            if size_id > 1:
                bits.se()
            for _ in range(min(64, 1 << (4 + (size_id << 1)))):
                bits.se()


def _h265_skip_short_term_ref_pic_sets(bits: _BitReader) -> None:
    """st_ref_pic_set() for every set of the SPS (7.3.7), counting each set's pictures."""
    count = bits.ue()
    delta_pocs: list[int] = []
    for index in range(count):
        if index and bits.flag():  # inter_ref_pic_set_prediction_flag
            bits.u(1)  # delta_rps_sign
            bits.ue()  # abs_delta_rps_minus1
            used = 0
            for _ in range(delta_pocs[index - 1] + 1):
                if bits.flag() or bits.flag():  # used_by_curr_pic_flag, use_delta_flag
                    used += 1
            delta_pocs.append(used)
        else:
            negative, positive = bits.ue(), bits.ue()
            for _ in range(negative + positive):
                bits.ue()
                bits.u(1)
            delta_pocs.append(negative + positive)
