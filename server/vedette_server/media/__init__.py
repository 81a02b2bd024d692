"""Codec bitstream helpers for ingest and RTSP: Annex B framing, SPS parsing.

The packet types themselves are shared with the console: ``vedette_api.media.packet``.
"""
