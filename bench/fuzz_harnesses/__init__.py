"""atheris harnesses of Vedette's parsers of outside bytes (issue 18 §4).

One module per target; each defines ``run(data: bytes) -> None``, which feeds the
bytes to the parser the way the server does and lets through only a *crash*: the
parser's own documented errors are caught inside ``run``; anything else that escapes
(IndexError, KeyError, struct.error, UnicodeDecodeError, RecursionError, an
undocumented ValueError…) is a bug. ``bench/fuzz.py`` runs them under atheris;
``tests/unit/test_fuzz_regressions.py`` replays the kept inputs through the same
``run`` in plain Python.
"""

from __future__ import annotations

HARNESSES = (
    "rtsp_request",
    "rtsp_response",
    "sdp",
    "rtp_h264",
    "rtp_h265",
    "rtp_aac",
    "rtp_g711",
    "segment",
    "config_backup",
    "onvif_soap",
    "pelco",
)
"""The harness modules, in the order ``bench/fuzz.py`` runs them."""
