"""What a camera can do, from the services it lists (GetServices, or GetCapabilities
on cameras without it) and its profiles: PTZ, imaging, events, Media2, audio, and
the numbers of digital inputs and relay outputs where the camera says them.

A capability is True only when the camera advertises it; ``None`` counts mean the
camera did not say (many list DeviceIO without counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.media import MediaProfile

PTZ_NS: Final = "http://www.onvif.org/ver20/ptz/wsdl"
IMAGING_NS: Final = "http://www.onvif.org/ver20/imaging/wsdl"
EVENTS_NS: Final = "http://www.onvif.org/ver10/events/wsdl"
MEDIA2_NS: Final = "http://www.onvif.org/ver20/media/wsdl"
DEVICEIO_NS: Final = "http://www.onvif.org/ver10/deviceIO/wsdl"


@dataclass(frozen=True)
class Capabilities:
    ptz: bool = False
    imaging: bool = False
    events: bool = False
    media2: bool = False
    audio: bool = False
    device_io: bool = False
    #: Digital inputs and relay outputs, when the camera says how many.
    input_count: int | None = None
    output_count: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Capabilities:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def capabilities_from(
    services: Iterable[str],
    profiles: Iterable[MediaProfile],
    io_counts: tuple[int | None, int | None],
) -> Capabilities:
    """Capabilities from service namespaces, profiles and (inputs, outputs)."""
    namespaces = set(services)
    inputs, outputs = io_counts
    return Capabilities(
        ptz=PTZ_NS in namespaces,
        imaging=IMAGING_NS in namespaces,
        events=EVENTS_NS in namespaces,
        media2=MEDIA2_NS in namespaces,
        audio=any(p.has_audio for p in profiles),
        device_io=DEVICEIO_NS in namespaces or bool(inputs) or bool(outputs),
        input_count=inputs,
        output_count=outputs,
    )


def io_counts(capabilities_reply: Any) -> tuple[int | None, int | None]:
    """(InputConnectors, RelayOutputs) from GetCapabilities' Device.IO, as the library
    returns it (a dict), or (None, None)."""
    if not isinstance(capabilities_reply, Mapping):
        return None, None
    io = (capabilities_reply.get("Device") or {}).get("IO") or {}
    return _count(io.get("InputConnectors")), _count(io.get("RelayOutputs"))


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None


async def read_capabilities(device: OnvifDevice, profiles: Iterable[MediaProfile]) -> Capabilities:
    """The connected ``device``'s capabilities (one GetCapabilities call, best effort)."""
    return capabilities_from(
        device.services, profiles, io_counts(await device.capabilities_reply())
    )
