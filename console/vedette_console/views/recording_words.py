"""The words and colours of recording policies in the console (REC-02..04): the kinds
of recording and their timeline colours, the mode presets and the streams, all
translatable (context ``RecordingTab``); and which kinds a preset's name turns on.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor

from vedette_api.v1 import common_pb2, recording_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.widgets.timeline import REASON_COLORS

#: The kinds of recording, each with its schedule (REC-03).
KINDS: Final = ("normal", "motion", "sensor", "analytics")
KIND_WORDS: Final = {
    "normal": QT_TRANSLATE_NOOP("RecordingTab", "Normal"),
    "motion": QT_TRANSLATE_NOOP("RecordingTab", "Motion"),
    "sensor": QT_TRANSLATE_NOOP("RecordingTab", "Sensor"),
    "analytics": QT_TRANSLATE_NOOP("RecordingTab", "Analytics"),
}
#: Each kind in the colour the timeline gives what it records.
KIND_COLORS: Final[dict[str, QColor]] = {
    "normal": REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE],
    "motion": REASON_COLORS[common_pb2.RECORD_REASON_MOTION],
    "sensor": REASON_COLORS[common_pb2.RECORD_REASON_SENSOR],
    "analytics": REASON_COLORS[common_pb2.RECORD_REASON_ANALYTICS],
}
#: Words for the REC-02 mode presets the server offers (the SDK's ``MODES``, in its
#: order; one without words here is shown by its name).
MODE_WORDS: Final = {
    "always": QT_TRANSLATE_NOOP("RecordingTab", "Always (24×7)"),
    "motion": QT_TRANSLATE_NOOP("RecordingTab", "Motion"),
    "sensor": QT_TRANSLATE_NOOP("RecordingTab", "Sensor"),
    "motion+sensor": QT_TRANSLATE_NOOP("RecordingTab", "Motion + sensor"),
    "always+motion": QT_TRANSLATE_NOOP("RecordingTab", "Always (24×7) + motion"),
    "always+sensor": QT_TRANSLATE_NOOP("RecordingTab", "Always (24×7) + sensor"),
    "always+motion+sensor": QT_TRANSLATE_NOOP("RecordingTab", "Always (24×7) + motion + sensor"),
    "analytics": QT_TRANSLATE_NOOP("RecordingTab", "Analytics"),
    "always+analytics": QT_TRANSLATE_NOOP("RecordingTab", "Always (24×7) + analytics"),
    "none": QT_TRANSLATE_NOOP("RecordingTab", "None (no recording)"),
}
CUSTOM: Final = "custom"
STREAM_WORDS: Final = {
    recording_pb2.RECORD_STREAMS_MAIN: QT_TRANSLATE_NOOP("RecordingTab", "Main stream"),
    recording_pb2.RECORD_STREAMS_SUB: QT_TRANSLATE_NOOP("RecordingTab", "Sub stream"),
    recording_pb2.RECORD_STREAMS_BOTH: QT_TRANSLATE_NOOP("RecordingTab", "Both streams"),
}


def mode_kinds(mode: str) -> frozenset[str]:
    """The kinds a preset's name turns on: ``always+motion`` → normal and motion."""
    if mode in ("none", CUSTOM):
        return frozenset()
    return frozenset("normal" if part == "always" else part for part in mode.split("+"))
