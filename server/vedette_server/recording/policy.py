"""A camera's recording policy (REC-02..07) and the plan it gives at an instant.

Pure: schedules come in as ``Week`` values by id, the time zone as a ``ZoneInfo``.

At an instant t, per stream s (``plan_at``):
- ``continuous`` if ``normal_stream`` holds s and the normal schedule covers t;
- else ``tentative`` if ``event_stream`` holds s and the schedule of a trigger
  (motion, sensor, analytics) covers t;
- else ``off``.
The triggers whose schedule covers t are ``armed``: their events keep video.

The REC-02 mode presets only fill the four schedules (24×7 for the kinds they name,
none for the others); ``mode_of`` names the preset a policy's schedules match, or
``custom``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo

from vedette_server.ingest.config import StreamName
from vedette_server.recording.plan import TRIGGERS, CameraPlan, StreamMode, Trigger
from vedette_server.recording.schedules import Week, local_minute

StreamChoice = Literal["main", "sub", "both"]
STREAM_CHOICES: Final[tuple[StreamChoice, ...]] = get_args(StreamChoice)
#: What a schedule is for: normal (continuous) recording or one of the triggers.
Kind = Literal["normal", "motion", "sensor", "analytics"]
KINDS: Final[tuple[Kind, ...]] = ("normal", "motion", "sensor", "analytics")

#: REC-07 limits, seconds.
PRE_MAX_S: Final = 600
POST_MIN_S: Final = 5
POST_MAX_S: Final = 600
DEFAULT_PRE_S: Final = 5
DEFAULT_POST_S: Final = 10
#: Length of the short segments written while only events keep video.
TENTATIVE_SEGMENT_S: Final = 10

#: The REC-02 presets: the kinds of recording each turns on (24×7).
MODES: Final[dict[str, frozenset[Kind]]] = {
    "always": frozenset({"normal"}),
    "motion": frozenset({"motion"}),
    "sensor": frozenset({"sensor"}),
    "motion+sensor": frozenset({"motion", "sensor"}),
    "always+motion": frozenset({"normal", "motion"}),
    "always+sensor": frozenset({"normal", "sensor"}),
    "always+motion+sensor": frozenset({"normal", "motion", "sensor"}),
    "analytics": frozenset({"analytics"}),
    "always+analytics": frozenset({"normal", "analytics"}),
    "none": frozenset(),
}
CUSTOM: Final = "custom"


class PolicyError(ValueError):
    """A policy field out of its limits; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def streams(choice: StreamChoice) -> frozenset[StreamName]:
    return frozenset({"main", "sub"}) if choice == "both" else frozenset({choice})


@dataclass(frozen=True, slots=True)
class RecordingPolicy:
    """One camera's policy; schedule ids are ``schedule`` rows, None = none."""

    normal_schedule: int | None = None
    motion_schedule: int | None = None
    sensor_schedule: int | None = None
    analytics_schedule: int | None = None
    normal_stream: StreamChoice = "both"
    event_stream: StreamChoice = "both"
    pre_s: int = DEFAULT_PRE_S
    post_s: int = DEFAULT_POST_S
    tentative_segment_s: int = TENTATIVE_SEGMENT_S

    def __post_init__(self) -> None:
        for name in ("normal_stream", "event_stream"):
            if getattr(self, name) not in STREAM_CHOICES:
                raise PolicyError(
                    name, f"{getattr(self, name)!r} is not one of {', '.join(STREAM_CHOICES)}"
                )
        if not 0 <= self.pre_s <= PRE_MAX_S:
            raise PolicyError("pre_s", f"{self.pre_s} s is not in 0..{PRE_MAX_S} s")
        if not POST_MIN_S <= self.post_s <= POST_MAX_S:
            raise PolicyError("post_s", f"{self.post_s} s is not in {POST_MIN_S}..{POST_MAX_S} s")

    def schedule(self, kind: Kind) -> int | None:
        value: int | None = getattr(self, f"{kind}_schedule")
        return value

    def schedule_ids(self) -> dict[Kind, int | None]:
        return {kind: self.schedule(kind) for kind in KINDS}


def from_mode(
    mode: str,
    always_id: int,
    *,
    normal_stream: StreamChoice = "both",
    event_stream: StreamChoice = "both",
    pre_s: int = DEFAULT_PRE_S,
    post_s: int = DEFAULT_POST_S,
) -> RecordingPolicy:
    """The policy of preset ``mode``: schedule ``always_id`` (the 24×7 one) for each kind
    the mode names, none for the others."""
    kinds = MODES.get(mode)
    if kinds is None:
        raise PolicyError("mode", f"{mode!r} is not one of {', '.join(MODES)}")
    ids = {f"{k}_schedule": (always_id if k in kinds else None) for k in KINDS}
    return RecordingPolicy(
        **ids,  # type: ignore[arg-type]
        normal_stream=normal_stream,
        event_stream=event_stream,
        pre_s=pre_s,
        post_s=post_s,
    )


def mode_of(policy: RecordingPolicy, always_id: int) -> str:
    """The preset whose schedules ``policy`` has, or ``custom``."""
    ids = policy.schedule_ids()
    if any(v not in (None, always_id) for v in ids.values()):
        return CUSTOM
    kinds = frozenset(k for k, v in ids.items() if v == always_id)
    return next((name for name, named in MODES.items() if named == kinds), CUSTOM)


def plan_at(
    policy: RecordingPolicy, weeks: Mapping[int, Week], zone: ZoneInfo, t_us: int
) -> CameraPlan:
    """What ``policy`` asks of the camera's streams at ``t_us`` (µs, UTC), its schedules
    evaluated in ``zone``'s wall time. A schedule id missing from ``weeks`` covers
    nothing."""
    weekday, minute = local_minute(zone, t_us)

    def covered(kind: Kind) -> bool:
        schedule_id = policy.schedule(kind)
        found = None if schedule_id is None else weeks.get(schedule_id)
        return found is not None and found.covers(weekday, minute)

    armed: frozenset[Trigger] = frozenset(t for t in TRIGGERS if covered(t))
    normal = streams(policy.normal_stream) if covered("normal") else frozenset()
    events = streams(policy.event_stream)

    def mode(stream: StreamName) -> StreamMode:
        if stream in normal:
            return "continuous"
        return "tentative" if armed and stream in events else "off"

    return CameraPlan(
        main=mode("main"),
        sub=mode("sub"),
        armed=armed,
        event_streams=events,
        pre_us=policy.pre_s * 1_000_000,
        post_us=policy.post_s * 1_000_000,
    )
