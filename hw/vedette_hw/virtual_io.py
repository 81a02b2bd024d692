"""An in-memory I/O device (tests and demos) behind the same ``IoDevice`` port.

Inputs are set by the test or demo with ``set_input``; outputs change only through the
port. ``writes`` lists every output write in order, so a test can check that a pulse
wrote on and then off. ``unreachable`` makes every call fail as a device that does
not answer would, so callers' error paths run without a network.
"""

from __future__ import annotations

from vedette_hw.io_port import IoDeviceUnreachable, check_index
from vedette_hw.io_pulse import OutputPulses


class VirtualIo:
    """``input_count`` inputs and ``output_count`` outputs, all off at the start."""

    def __init__(
        self,
        input_count: int,
        output_count: int,
        *,
        name: str = "virtual I/O",
        pulse_retry_delay_s: float = 0.05,
    ) -> None:
        for label, count in (("input_count", input_count), ("output_count", output_count)):
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{label} must be a non-negative integer, got {count!r}")
        self._name = name
        self._inputs = [False] * input_count
        self._outputs = [False] * output_count
        self.writes: list[tuple[int, bool]] = []
        self.unreachable = False
        self._pulses = OutputPulses(name, self._write, retry_delay_s=pulse_retry_delay_s)

    @property
    def name(self) -> str:
        return self._name

    @property
    def input_count(self) -> int:
        return len(self._inputs)

    @property
    def output_count(self) -> int:
        return len(self._outputs)

    def set_input(self, index: int, active: bool) -> None:
        """Change an input's electrical state (what a contact on the box would do)."""
        self._inputs[check_index(self._name, "input", index, len(self._inputs))] = active

    async def read_inputs(self) -> tuple[bool, ...]:
        self._check_reachable("read inputs")
        return tuple(self._inputs)

    async def read_outputs(self) -> tuple[bool, ...]:
        self._check_reachable("read outputs")
        return tuple(self._outputs)

    async def set_output(self, index: int, on: bool) -> None:
        check_index(self._name, "output", index, len(self._outputs))
        self._pulses.cancel(index)
        await self._write(index, on)

    async def pulse_output(self, index: int, seconds: float) -> None:
        check_index(self._name, "output", index, len(self._outputs))
        await self._pulses.pulse(index, seconds)

    def pulse_ends_at(self, index: int) -> float | None:
        return self._pulses.ends_at(index)

    async def aclose(self) -> None:
        await self._pulses.finish_now()

    async def _write(self, index: int, on: bool) -> None:
        self._check_reachable(f"set output {index} {'on' if on else 'off'}")
        self._outputs[index] = bool(on)
        self.writes.append((index, bool(on)))

    def _check_reachable(self, what: str) -> None:
        if self.unreachable:
            raise IoDeviceUnreachable(self._name, f"{what}: not reachable (simulated)")
