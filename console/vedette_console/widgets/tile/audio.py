"""A tile's audio (LIVE-04 audio on/off, PLAY-05): whether it is on, the level of
the last packet and how many were decoded (the status line's meter), and the
computer's output it plays on.

The output is opened on the first packet after the audio is turned on, on the UI
thread (Qt's audio objects live there: the PCM arrives through the frame slot's
queued signal). A computer without an output still meters; ``heard`` says so. Without
an output, opening is tried again every ``RETRY_OUTPUT_S`` while audio plays, so an
output that appears later (a headset plugged in, a sound server that was still
starting, Qt still listing the devices) is used without turning the audio off and on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from vedette_console.video.audio import SILENCE_DB, AudioSink, open_output

RETRY_OUTPUT_S: Final = 2.0


class TileAudio:
    def __init__(
        self,
        output: Callable[[], AudioSink | None] = open_output,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open_output = output
        self._clock = clock
        self._output_tried_at: float | None = None
        #: Asked for: the source (or the playback connection) carries the camera's
        #: audio, the decoder decodes it, and it is played.
        self.on = False
        #: The level of the last audio packet (dBFS) and how many were decoded.
        self.level_db = SILENCE_DB
        self.packets = 0
        #: Where it plays (None: not opened yet, or this computer has no output).
        self.sink: AudioSink | None = None

    @property
    def heard(self) -> bool:
        """Whether audio goes to an output (False: metered only, no output here)."""
        return self.sink is not None

    def reset_meter(self) -> None:
        self.level_db, self.packets = SILENCE_DB, 0

    def play(self, pcm: bytes, level_db: float) -> bool:
        """Play and meter one decoded packet (UI thread); False when the audio is off
        (a packet decoded before it was turned off)."""
        if not self.on:
            return False
        if self.sink is None:
            now = self._clock()
            tried = self._output_tried_at
            if tried is None or now - tried >= RETRY_OUTPUT_S:
                self._output_tried_at = now
                self.sink = self._open_output()
        if self.sink is not None:
            self.sink.write(pcm)
        self.level_db = level_db
        self.packets += 1
        return True

    def close(self) -> None:
        """Let the output go (it is opened again on the next packet)."""
        if self.sink is not None:
            self.sink.close()
            self.sink = None
        self._output_tried_at = None
