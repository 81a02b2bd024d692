"""The video tile (``VideoTile``) and its parts, one module each: ``video_tile``
(the widget: signals, input, painting order), ``decoding`` (its decoder thread and
frame slot), ``stream_choice`` (sub or main), ``zoom`` (digital zoom), ``audio``
(output and meter), ``osd`` (states, labels, painting) and ``camera_drop`` (the
cameras dragged onto it).
"""

from vedette_console.widgets.tile.camera_drop import (
    CAMERA_MIME,
    CameraRef,
    camera_mime,
    parse_camera_mime,
)
from vedette_console.widgets.tile.osd import CameraStatus, TileState, camera_status
from vedette_console.widgets.tile.stream_choice import StreamChooser
from vedette_console.widgets.tile.video_tile import SourceFactory, VideoTile

__all__ = [
    "CAMERA_MIME",
    "CameraRef",
    "CameraStatus",
    "SourceFactory",
    "StreamChooser",
    "TileState",
    "VideoTile",
    "camera_mime",
    "camera_status",
    "parse_camera_mime",
]
