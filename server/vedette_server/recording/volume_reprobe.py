"""When an unavailable volume is probed again (issue 11: they never were, so a volume
marked unavailable by a passing fault stopped recording for good).

Pure bookkeeping on a monotonic clock; :class:`VolumeManager` does the probing.

Rules:
- A volume newly seen unavailable is probed ``first_s`` later (it has just failed).
- Each probe that still finds it unavailable doubles the delay, up to ``max_s``: a
  disk unplugged for a day costs one cheap probe a minute, and comes back at most
  ``max_s`` after it is plugged in again.
- A volume that fails again within ``stable_s`` of coming back is flapping: it
  resumes from twice its last delay instead of ``first_s``, so a disk that takes the
  probe's write but fails under recording is not retried every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

REPROBE_FIRST_S = 5.0
REPROBE_MAX_S = 60.0
REPROBE_STABLE_S = 600.0


@dataclass
class _Plan:
    delay_s: float
    due_s: float | None = None  # None: not known to be unavailable
    recovered_s: float | None = None  # when it last came back


class ReprobeSchedule:
    """Which unavailable volumes are due for a probe; see the module docstring."""

    def __init__(
        self,
        first_s: float = REPROBE_FIRST_S,
        max_s: float = REPROBE_MAX_S,
        stable_s: float = REPROBE_STABLE_S,
    ) -> None:
        self.first_s, self.max_s, self.stable_s = first_s, max_s, stable_s
        self._plans: dict[int, _Plan] = {}

    def due(self, unavailable: set[int], now_s: float) -> list[int]:
        """The volumes of ``unavailable`` to probe now; the others are scheduled."""
        for volume_id, plan in self._plans.items():
            if volume_id not in unavailable:
                plan.due_s = None  # back by other means (an operator, a refresh)
        due = []
        for volume_id in sorted(unavailable):
            plan = self._plans.setdefault(volume_id, _Plan(self.first_s))
            if plan.due_s is None:
                recent = plan.recovered_s is not None and now_s - plan.recovered_s < self.stable_s
                plan.delay_s = min(plan.delay_s * 2, self.max_s) if recent else self.first_s
                plan.due_s = now_s + plan.delay_s
            elif now_s >= plan.due_s:
                due.append(volume_id)
        return due

    def probed(self, volume_id: int, usable: bool, now_s: float) -> None:
        """Note the outcome of a probe of a due volume."""
        plan = self._plans.setdefault(volume_id, _Plan(self.first_s))
        if usable:
            plan.due_s, plan.recovered_s = None, now_s
        else:
            plan.delay_s = min(plan.delay_s * 2, self.max_s)
            plan.due_s = now_s + plan.delay_s

    def delay_s(self, volume_id: int) -> float | None:
        """The current delay of a volume's probes (None: never seen unavailable)."""
        plan = self._plans.get(volume_id)
        return plan.delay_s if plan is not None else None
