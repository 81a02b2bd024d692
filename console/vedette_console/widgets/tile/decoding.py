"""The decoder of a tile's current stream: one ``DecoderThread`` and its
``FrameSlot``, started for a source and stopped when the tile changes camera,
stream or audio, or closes.

Invariant (a use-after-free once crashed the console here): a stopped thread may
still be between a decode and its hand-over, and emits on its slot once more. So
the slot has no Qt parent and is never ``deleteLater``'d: ``stop`` disconnects the
tile from it and drops the reference, and Python frees it when the thread lets go
too. Frames and notes reach the tile through the slot's queued signals, on the UI
thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize

from vedette_console.video.decoder import DecoderThread, DecodeStats, Frame, FrameSlot
from vedette_console.video.sources import PacketSource


class TileDecoder:
    def __init__(
        self,
        on_frame: Callable[[], None],
        on_note: Callable[[str, bool], None],
        on_audio: Callable[[bytes, float], None],
    ) -> None:
        # Bound methods of the tile: Qt queues the calls to the tile's thread.
        self._on_frame, self._on_note, self._on_audio = on_frame, on_note, on_audio
        self._thread: DecoderThread | None = None
        self._slot: FrameSlot | None = None

    @property
    def slot(self) -> FrameSlot | None:
        """The current stream's slot (None when stopped)."""
        return self._slot

    @property
    def stats(self) -> DecodeStats | None:
        return None if self._slot is None else self._slot.stats

    def start(self, source: PacketSource, target: QSize, *, audio: bool, name: str) -> None:
        """Decode ``source`` (stopping the stream before, if any)."""
        self.stop()
        slot = FrameSlot()  # no parent: see the module's invariant
        slot.set_target_size(target)
        slot.frame_ready.connect(self._on_frame)
        slot.note.connect(self._on_note)
        slot.audio_ready.connect(self._on_audio)
        self._slot = slot
        self._thread = DecoderThread(source, slot, name=name, audio=audio)
        self._thread.start()

    def stop(self) -> DecoderThread | None:
        """Stop the stream (returns at once); returns its thread, to join if need be."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()
        if self._slot is not None:
            self._slot.frame_ready.disconnect(self._on_frame)
            self._slot.note.disconnect(self._on_note)
            self._slot.audio_ready.disconnect(self._on_audio)
            self._slot = None  # (not deleteLater: its thread may be emitting right now)
        return thread

    def set_target_size(self, size: QSize) -> None:
        if self._slot is not None:
            self._slot.set_target_size(size)

    def take(self) -> Frame | None:
        """The frame waiting in the slot, if any (UI thread)."""
        return None if self._slot is None else self._slot.take()
