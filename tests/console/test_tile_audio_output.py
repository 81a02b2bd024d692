"""A tile's audio output: opened on the first packet, tried again while there is none
(a sound server still starting, an output plugged in later), let go on close."""

from __future__ import annotations

from vedette_console.widgets.tile.audio import RETRY_OUTPUT_S, TileAudio


class Sink:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, pcm: bytes) -> None:
        self.written.append(pcm)

    def processed_us(self) -> int:
        return 0

    def close(self) -> None:
        self.closed = True


class Outputs:
    """The computer's outputs: none until ``appear`` is called."""

    def __init__(self) -> None:
        self.sink: Sink | None = None
        self.opened = 0

    def appear(self) -> None:
        self.sink = Sink()

    def __call__(self) -> Sink | None:
        self.opened += 1
        return self.sink


def _heard(audio: TileAudio) -> bool:
    """``audio.heard`` read afresh (not narrowed by an earlier assert)."""
    return audio.heard


def test_an_output_that_appears_later_is_used_and_tries_are_spaced() -> None:
    now = [100.0]
    outputs = Outputs()
    audio = TileAudio(outputs, clock=lambda: now[0])
    audio.on = True
    for _ in range(20):  # one second of packets without an output: one try
        assert audio.play(b"pcm", -30.0)
        now[0] += 0.05
    assert (outputs.opened, audio.heard, audio.packets) == (1, False, 20)
    outputs.appear()
    now[0] += RETRY_OUTPUT_S
    audio.play(b"late", -30.0)
    assert audio.heard and outputs.opened == 2
    assert outputs.sink is not None and outputs.sink.written == [b"late"]
    audio.play(b"next", -30.0)  # an open output is not opened again
    assert outputs.opened == 2 and outputs.sink.written == [b"late", b"next"]
    audio.close()
    assert outputs.sink.closed and not _heard(audio)
    audio.play(b"again", -30.0)  # after a close, the next packet opens it at once
    assert outputs.opened == 3 and _heard(audio)


def test_packets_while_off_are_not_played() -> None:
    outputs = Outputs()
    outputs.appear()
    audio = TileAudio(outputs)
    assert not audio.play(b"pcm", -30.0)
    assert outputs.opened == 0 and audio.packets == 0
