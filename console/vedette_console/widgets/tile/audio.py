"""A tile's audio (LIVE-04 audio on/off, PLAY-05): whether it is on, the level of
the last packet and how many were decoded (the status line's meter), and the
computer's output it plays on.

The output is opened on the first packet after the audio is turned on, on the UI
thread (Qt's audio objects live there: the PCM arrives through the frame slot's
queued signal). A computer without an output still meters; ``heard`` says so.
"""

from __future__ import annotations

from collections.abc import Callable

from vedette_console.video.audio import SILENCE_DB, AudioSink, open_output


class TileAudio:
    def __init__(self, output: Callable[[], AudioSink | None] = open_output) -> None:
        self._open_output = output
        #: Asked for: the source (or the playback connection) carries the camera's
        #: audio, the decoder decodes it, and it is played.
        self.on = False
        #: The level of the last audio packet (dBFS) and how many were decoded.
        self.level_db = SILENCE_DB
        self.packets = 0
        #: Where it plays (None: not opened yet, or this computer has no output).
        self.sink: AudioSink | None = None
        self._output_tried = False

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
        if not self._output_tried:
            self._output_tried = True
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
        self._output_tried = False
