"""Codec-independent media types shared by ingest, storage, RTSP and playback."""
