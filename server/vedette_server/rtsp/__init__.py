"""Vedette's RTSP 1.0 server (RFC 2326) with RTP/RTCP (RFC 3550) payloads for H.264,
H.265, AAC and G.711; used by camsim and by the server's re-streaming (NET-02)."""
