"""Fault injection for simulated cameras: ``--fault TARGET:KIND[=VALUE][@START][+LENGTH]``.

TARGET is a camera (``cam3``) or one of its streams (``cam3/main``, ``cam3/sub``).
START and LENGTH are durations since camsim started (``30s``, ``500ms``, ``2m``,
or plain seconds); START defaults to 0 and LENGTH to "until camsim stops".

======================  =========================================================
``drop=5s@30s``         no packets at all for VALUE (the camera's network is cut;
                        its clock runs on, so timestamps jump over the gap)
``corrupt=0.1@10s``     that fraction of frames get random payload bytes
                        overwritten inside their slices (NAL headers stay intact)
``truncate=0.1@10s``    that fraction of frames have every slice NAL unit cut to
                        half its length
``jump=-20s@15s``       from START on, timestamps (RTP and sender reports) are
                        shifted by VALUE: a camera clock set backwards/forwards
``close@20s+5s``        at START every client connection is closed; during LENGTH
                        new sessions get 503 Service Unavailable
``refuse-auth@0s+30s``  every request that needs authentication gets 401, even
                        with the right credentials
``clock=+6h``           the camera's ONVIF clock (GetSystemDateAndTime, and what
                        WS-Security's freshness is checked against) is off by
                        VALUE; its streams are not affected
``motion@10s+5s``       ONVIF events: motion (tns1:VideoSource/MotionAlarm) is
                        on from START for LENGTH (for ever without LENGTH);
                        ``input``, ``tamper`` and ``intrusion`` likewise raise
                        the digital input DI_0, a global scene change and a
                        field detector's ObjectsInside
``line@12s``            ONVIF events: one line crossing at START
``subscriptions=2``     ONVIF events: at most VALUE PullPoint subscriptions at
                        once; another CreatePullPointSubscription is refused
``reboot@30s+5s``       the ONVIF service goes offline at START for LENGTH (5 s
                        by default) and comes back without its subscriptions; with
                        ``--discovery-multicast`` it says Bye going down and Hello
                        again once it listens
``digest-only``         ONVIF: a request without HTTP Digest credentials gets 401
                        and a Digest challenge, WS-UsernameToken or not (Hikvision)
``fault-200``           ONVIF: SOAP faults come with HTTP 200 instead of 400/500
                        (a 401 Digest challenge stays 401)
``no-getservices``      ONVIF: GetServices answers ActionNotSupported; clients
                        must find the services with GetCapabilities
``ptz-sub-only``        ONVIF: only the sub profile carries the PTZ configuration;
                        PTZ calls on the main profile answer ter:NoPTZProfile
``ignore-move-timeout`` ONVIF PTZ: ContinuousMove's Timeout is ignored; a move
                        lasts until Stop or the next move
``no-fov-space``        ONVIF PTZ: TranslationSpaceFov is neither listed nor taken
                        (RelativeMove in it answers ter:SpaceNotSupported)
``no-masks``            ONVIF Media2: no privacy masks (``Mask="false"``, the mask
                        operations answer ActionNotSupported)
======================  =========================================================

Each ONVIF quirk (the last seven) may be limited in time like any fault
(``cam1:fault-200@10s+20s``); without START and LENGTH it holds for the whole run.

Randomness is seeded from the fault text, so a run is reproducible.
"""

from __future__ import annotations

import enum
import random
import re
from dataclasses import dataclass, field

from vedette_api.media.packet import Codec
from vedette_server.media.annexb import iter_nal_units, join_nal_units

_DURATION_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)(ms|s|m|h)?$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}
_SPEC_RE = re.compile(
    r"^(?P<camera>[A-Za-z0-9_.-]+)(?:/(?P<stream>main|sub))?:"
    r"(?P<kind>[a-z][a-z0-9-]*)(?:=(?P<value>[^@+]+|[+-][^@]+))?"
    r"(?:@(?P<start>[^+]+))?(?:\+(?P<length>.+))?$"
)


class FaultKind(enum.Enum):
    DROP = "drop"
    CORRUPT = "corrupt"
    TRUNCATE = "truncate"
    JUMP = "jump"
    CLOSE = "close"
    REFUSE_AUTH = "refuse-auth"
    CLOCK = "clock"
    MOTION = "motion"
    INPUT = "input"
    TAMPER = "tamper"
    INTRUSION = "intrusion"
    LINE = "line"
    SUBSCRIPTIONS = "subscriptions"
    REBOOT = "reboot"
    DIGEST_ONLY = "digest-only"
    FAULT_200 = "fault-200"
    NO_GETSERVICES = "no-getservices"
    PTZ_SUB_ONLY = "ptz-sub-only"
    IGNORE_MOVE_TIMEOUT = "ignore-move-timeout"
    NO_FOV_SPACE = "no-fov-space"
    NO_MASKS = "no-masks"


#: What the ONVIF event service raises (docs/camsim.md, "Events"), and reboots (which
#: end its subscriptions).
EVENT_FAULT_KINDS = frozenset(
    {
        FaultKind.REBOOT,
        FaultKind.MOTION,
        FaultKind.INPUT,
        FaultKind.TAMPER,
        FaultKind.INTRUSION,
        FaultKind.LINE,
        FaultKind.SUBSCRIPTIONS,
    }
)

#: ONVIF quirks of real cameras (research note §2.6): how the camera answers, not what
#: happens to it; ``OnvifCameraModel.quirk`` says whether one acts now.
QUIRK_FAULT_KINDS = frozenset(
    {
        FaultKind.DIGEST_ONLY,
        FaultKind.FAULT_200,
        FaultKind.NO_GETSERVICES,
        FaultKind.PTZ_SUB_ONLY,
        FaultKind.IGNORE_MOVE_TIMEOUT,
        FaultKind.NO_FOV_SPACE,
        FaultKind.NO_MASKS,
    }
)

#: Faults of the ONVIF service only; the media streams never see them.
ONVIF_FAULT_KINDS = frozenset({FaultKind.CLOCK}) | EVENT_FAULT_KINDS | QUIRK_FAULT_KINDS


_NEEDS_VALUE = {
    FaultKind.DROP,
    FaultKind.CORRUPT,
    FaultKind.TRUNCATE,
    FaultKind.JUMP,
    FaultKind.CLOCK,
    FaultKind.SUBSCRIPTIONS,
}


def parse_duration(text: str) -> float:
    """Seconds in ``text`` (``5s``, ``500ms``, ``2m``, ``1.5``, ``-20s``)."""
    match = _DURATION_RE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration (e.g. 5s, 500ms, 2m)")
    return float(match[1]) * _UNITS[match[2]]


@dataclass(frozen=True)
class Fault:
    """One parsed ``--fault`` option."""

    camera: str
    stream: str | None
    kind: FaultKind
    value: float
    start_s: float
    length_s: float | None
    text: str

    def active(self, elapsed_s: float) -> bool:
        if elapsed_s < self.start_s:
            return False
        return self.length_s is None or elapsed_s < self.start_s + self.length_s

    def applies_to(self, stream: str) -> bool:
        return self.stream is None or self.stream == stream


def parse_fault(text: str) -> Fault:
    """Parse one ``--fault`` value; ``ValueError`` says what is wrong with it."""
    match = _SPEC_RE.match(text.strip())
    if not match:
        raise ValueError(
            f"fault {text!r}: expected TARGET:KIND[=VALUE][@START][+LENGTH], e.g. cam3:drop=5s@30s"
        )
    try:
        kind = FaultKind(match["kind"])
    except ValueError:
        kinds = ", ".join(k.value for k in FaultKind)
        raise ValueError(
            f"fault {text!r}: unknown kind {match['kind']!r} (one of {kinds})"
        ) from None
    raw = match["value"]
    if kind in _NEEDS_VALUE and raw is None:
        raise ValueError(f"fault {text!r}: {kind.value} needs a value, e.g. {kind.value}=…")
    if kind not in _NEEDS_VALUE and raw is not None:
        raise ValueError(f"fault {text!r}: {kind.value} takes no value")
    if kind in ONVIF_FAULT_KINDS and match["stream"]:
        raise ValueError(f"fault {text!r}: {kind.value} applies to a camera, not to one stream")
    value = 0.0
    if kind in (FaultKind.DROP, FaultKind.JUMP, FaultKind.CLOCK):
        value = parse_duration(raw or "")
        if kind is FaultKind.DROP and value <= 0:
            raise ValueError(f"fault {text!r}: drop duration must be positive")
    elif kind in (FaultKind.CORRUPT, FaultKind.TRUNCATE):
        try:
            value = float(raw or "")
        except ValueError:
            raise ValueError(f"fault {text!r}: {kind.value} takes a fraction 0..1") from None
        if not 0 < value <= 1:
            raise ValueError(f"fault {text!r}: fraction {value} not in (0, 1]")
    elif kind is FaultKind.SUBSCRIPTIONS:
        if not (raw or "").isdigit():
            raise ValueError(f"fault {text!r}: subscriptions takes a whole number of slots")
        value = float(int(raw or "0"))
    start = parse_duration(match["start"]) if match["start"] else 0.0
    length = parse_duration(match["length"]) if match["length"] else None
    if kind is FaultKind.DROP:
        length = value
    if start < 0 or (length is not None and length <= 0):
        raise ValueError(f"fault {text!r}: start must be ≥ 0 and length > 0")
    return Fault(match["camera"], match["stream"], kind, value, start, length, text)


@dataclass
class StreamFaults:
    """The faults acting on one stream of one camera, applied packet by packet."""

    faults: list[Fault]
    codec: Codec
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng.seed("|".join(f.text for f in self.faults))

    def dropping(self, elapsed_s: float) -> bool:
        return any(f.kind is FaultKind.DROP and f.active(elapsed_s) for f in self.faults)

    def clock_offset_us(self, elapsed_s: float) -> int:
        offset = 0.0
        for fault in self.faults:
            if fault.kind is FaultKind.JUMP and elapsed_s >= fault.start_s:
                offset += fault.value
        return round(offset * 1_000_000)

    def damage(self, data: bytes, elapsed_s: float) -> bytes:
        """Corrupt or truncate a video access unit as the active faults say."""
        for fault in self.faults:
            if not fault.active(elapsed_s) or self.rng.random() >= fault.value:
                continue
            if fault.kind is FaultKind.CORRUPT:
                data = self._corrupt(data)
            elif fault.kind is FaultKind.TRUNCATE:
                data = self._truncate(data)
        return data

    def _is_slice(self, nal: bytes) -> bool:
        if self.codec is Codec.H264:
            return 1 <= nal[0] & 0x1F <= 5
        return (nal[0] >> 1) & 0x3F < 32

    def _corrupt(self, data: bytes) -> bytes:
        out = []
        for nal in iter_nal_units(data):
            if self._is_slice(nal) and len(nal) > 16:
                buf = bytearray(nal)
                for _ in range(max(4, len(buf) // 200)):
                    buf[self.rng.randrange(8, len(buf))] = self.rng.randrange(1, 256)
                nal = bytes(buf)
            out.append(nal)
        return join_nal_units(out)

    def _truncate(self, data: bytes) -> bytes:
        out = [
            nal[: max(3, len(nal) // 2)] if self._is_slice(nal) else nal
            for nal in iter_nal_units(data)
        ]
        return join_nal_units(out)
