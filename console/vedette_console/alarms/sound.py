"""The console's one alarm sound channel (ALARM-04 buzzer, research §5).

- It loops while some priority-1 alarm is New (and not silenced), or while the
  server's buzzer is on (a rule's buzzer action, for its duration, whatever the
  priority of the rule's alarm); it stops when those alarms are
  acknowledged (on any console: the book follows the feed), when the server says
  the buzzer is off (``SilenceBuzzer`` on any console), or for a snooze (5 min).
- A fresh priority-2 alarm plays the sound once, unless the channel is already
  sounding; priority 3 is silent.
- One channel: a burst of 200 alarms starts the sound once (``starts`` counts the
  times the channel was started, for tests and the status bar).

The sound is a short two-tone chime written by this module with the stdlib
``wave`` module (no binary blob in the repository), played with Qt Multimedia's
``QSoundEffect``; a PC without an audio device plays nothing, and the channel's
state is still the truth of what the console would sound.
"""

from __future__ import annotations

import math
import struct
import tempfile
import time
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms.book import AlarmBook

#: A snooze: how long the sound keeps quiet.
SNOOZE_S = 300.0
_RATE = 44_100
_TONES = ((880.0, 0.18), (0.0, 0.05), (660.0, 0.22), (0.0, 0.35))
#: How long the chime lasts (a one-shot keeps the channel busy that long).
CHIME_S = sum(length for _, length in _TONES)


def write_chime(path: Path) -> Path:
    """A 16-bit mono WAV: two tones with soft edges, then silence (the loop's gap)."""
    frames = bytearray()
    for frequency, length in _TONES:
        count = int(_RATE * length)
        for n in range(count):
            edge = min(1.0, n / 400, (count - n) / 400)
            value = math.sin(2 * math.pi * frequency * n / _RATE) if frequency else 0.0
            frames += struct.pack("<h", int(value * edge * 0.6 * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(bytes(frames))
    return path


def chime_path() -> Path:
    """The chime, written once per user in the temporary folder."""
    path = Path(tempfile.gettempdir()) / "vedette-console-chime-v2.wav"
    if not path.exists():
        partial = path.with_suffix(f".{id(path)}.part")
        write_chime(partial)
        partial.replace(path)
    return path


class SoundChannel(QObject):
    """The one player: ``loop()``, ``once()``, ``stop()``; ``starts`` counts starts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.starts = 0
        self.looping = False
        self._busy_until = 0.0
        self._effect: QObject | None = None
        try:
            from PySide6.QtMultimedia import QSoundEffect

            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(chime_path())))
            effect.setVolume(0.8)
            self._effect = effect
        except (ImportError, OSError):  # no Qt Multimedia, no temp folder: silent
            self._effect = None

    @property
    def sounding(self) -> bool:
        return self.looping or time.monotonic() < self._busy_until

    def loop(self) -> None:
        if self.looping:
            return
        self.looping = True
        self.starts += 1
        self._play(loops=-2)  # QSoundEffect.Loop.Infinite

    def once(self) -> None:
        if self.sounding:
            return
        self.starts += 1
        self._busy_until = time.monotonic() + CHIME_S
        self._play(loops=1)

    def stop(self) -> None:
        self.looping = False
        self._busy_until = 0.0
        if self._effect is not None:
            self._effect.stop()  # type: ignore[attr-defined]

    def _play(self, *, loops: int) -> None:
        if self._effect is not None:
            self._effect.setLoopCount(loops)  # type: ignore[attr-defined]
            self._effect.play()  # type: ignore[attr-defined]


class AlarmSound(QObject):
    """Decides when the channel sounds; ``state_changed()`` after each decision."""

    state_changed = Signal()

    def __init__(
        self, book: AlarmBook, channel: SoundChannel | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.channel = channel if channel is not None else SoundChannel(self)
        #: Alarms whose sound was silenced (by the server's buzzer off).
        self.silenced: set[int] = set()
        #: The server's buzzer is on (a rule's buzzer action), until it says off.
        self.server_on = False
        self.snoozed_until = 0.0
        self._wake = QTimer(self)
        self._wake.setSingleShot(True)
        self._wake.timeout.connect(self.update)
        #: The server's buzzer with a duration goes off by itself then.
        self._server_off = QTimer(self)
        self._server_off.setSingleShot(True)
        self._server_off.timeout.connect(self._server_timeout)
        book.changed.connect(lambda _alarm: self.update())
        book.reset.connect(self.update)
        book.fresh.connect(self._on_fresh)
        self.update()

    @property
    def snoozed(self) -> bool:
        return time.monotonic() < self.snoozed_until

    def _loud_alarms(self) -> set[int]:
        return {
            alarm.id
            for alarm in self.book.open.values()
            if alarm.priority == 1 and alarm.state == alarms_pb2.ALARM_STATE_NEW
        }

    def wanted(self) -> bool:
        """Whether the loop should sound now."""
        if self.snoozed:
            return False
        return self.server_on or bool(self._loud_alarms() - self.silenced)

    def update(self) -> None:
        self.silenced &= set(self.book.open)  # forget alarms no longer open
        if self.wanted():
            self.channel.loop()
        elif self.channel.looping:
            self.channel.stop()
        self.state_changed.emit()

    def _on_fresh(self, alarm: alarms_pb2.Alarm) -> None:
        if alarm.priority == 2 and not self.snoozed:
            self.channel.once()
            self.state_changed.emit()

    def on_buzzer(self, buzzer: alarms_pb2.Buzzer) -> None:
        """The server's buzzer: a rule's buzzer action sounds for its duration (0:
        until silenced), whatever its alarm's priority, as the rule asked; off
        (silenced on some console, or timed out) stops it and silences the alarms
        sounding now."""
        if buzzer.on:
            self.server_on = True
            seconds = buzzer.duration.ToMicroseconds() / 1e6
            if seconds > 0:
                self._server_off.start(int(seconds * 1000))
            else:
                self._server_off.stop()
        else:
            self._server_off.stop()
            self.server_on = False
            self.silenced |= self._loud_alarms()
        self.update()

    def _server_timeout(self) -> None:
        self.server_on = False
        self.update()

    def snooze(self, seconds: float = SNOOZE_S) -> None:
        """Quiet for ``seconds``; it sounds again after if still wanted."""
        self.snoozed_until = time.monotonic() + seconds
        self._wake.start(int(seconds * 1000) + 50)
        self.update()
