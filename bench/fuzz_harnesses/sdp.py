"""A camera's session description, as the native RTSP source reads it after DESCRIBE:
``parse_sdp`` on the body (decoded UTF-8 with replacement), then each media section's
codec parameters (``sprop-*`` parameter sets through the SPS parser, AAC config) and
its depacketizer.

Expected: ``parse_sdp``, ``audio_parameters`` and the SPS parsers never raise;
``resolve_control`` raises ``RtspProtocolError`` for a control it cannot join;
``video_parameters`` raises ``SourceError`` for a codec Vedette does not record;
``depacketizer`` raises ``ValueError`` for AU-header lengths it does not support.
"""

from __future__ import annotations

import contextlib

from vedette_server.ingest.sdp_codecs import audio_parameters, depacketizer, video_parameters
from vedette_server.ingest.source import SourceError
from vedette_server.rtsp.client import RtspProtocolError, resolve_control
from vedette_server.rtsp.depacketize import AccessUnit
from vedette_server.rtsp.sdp_parse import parse_sdp

_BASE = "rtsp://127.0.0.1:8554/cam1/"


def run(data: bytes) -> None:
    sdp = parse_sdp(data.decode("utf-8", errors="replace"))
    try:
        play_url = resolve_control(_BASE, sdp.control)
    except RtspProtocolError:
        play_url = _BASE
    out: list[AccessUnit] = []
    for track, media in enumerate(sdp.media):
        with contextlib.suppress(RtspProtocolError):
            resolve_control(play_url, media.control)
        if media.media == "video":
            try:
                params = video_parameters(media)
            except SourceError:
                continue
        else:
            audio = audio_parameters(media)
            if audio is None:
                continue
            params = audio
        try:
            depacketizer(media, params, track, out)
        except ValueError as error:
            if "AU-header lengths" not in str(error):
                raise
