"""ONVIF answers from a camera, read by the server's own code: a WS-Discovery
ProbeMatches datagram (``parse_probe_matches``), and a SOAP reply parsed as
``soap_post.check_reply`` and ``media2.call`` parse it (``parse_reply``: zeep's
``parse_xml`` with onvif-zeep-async's settings) then read as a Media2 GetProfiles,
GetVideoEncoderConfigurationOptions and audio answer (media2.py) and as a
PullMessages reply's event messages (``events.parse_notification``).

Expected: ``parse_probe_matches`` never raises (it returns [] for anything it cannot
use); ``parse_reply`` raises zeep's ``XMLSyntaxError``, ``DTDForbidden`` or
``EntitiesForbidden`` (all ``zeep.exceptions.Error``), which ``check_reply`` turns
into the device's typed errors; the readers of a parsed answer never raise.
"""

from __future__ import annotations

from onvif.settings import DEFAULT_SETTINGS
from zeep.exceptions import Error as ZeepError

from vedette_server.onvif.discovery import parse_probe_matches
from vedette_server.onvif.events import ReplyClock, parse_notification
from vedette_server.onvif.media2 import (
    TR2,
    TT,
    audio_of,
    media_profile,
    options_from,
    rate_control_of,
)
from vedette_server.onvif.soap_post import ENV, parse_reply

MESSAGE_ID = "urn:uuid:6a3d3c7e-0f7a-4c1c-9d3e-2b8c0e7f5a11"
"""The probe's MessageID the seed ProbeMatches answer (``RelatesTo``)."""
_WSNT = "http://docs.oasis-open.org/wsn/b-2"
_CLOCK = ReplyClock(camera_now_us=1_700_000_000_000_000, received_us=1_700_000_000_500_000)


def run(data: bytes) -> None:
    parse_probe_matches(data, MESSAGE_ID, "192.0.2.10")
    try:
        document = parse_reply(data, DEFAULT_SETTINGS)
    except ZeepError:
        return
    body = document.find(f"{{{ENV}}}Body")
    if body is None or len(body) == 0:
        return
    answer = body[0]
    for raw in answer.iter(f"{{{TR2}}}Profiles"):
        encoder = raw.find(f"{{{TR2}}}Configurations/{{{TR2}}}VideoEncoder")
        if encoder is not None:
            media_profile(raw.get("token") or "", raw.findtext(f"{{{TR2}}}Name") or "", encoder, "")
            rate_control_of(encoder)
        audio_of(raw.find(f"{{{TR2}}}Configurations/{{{TR2}}}AudioEncoder"))
    options_from(list(answer.iter(f"{{{TR2}}}Options")))
    for holder in answer.iter(f"{{{_WSNT}}}NotificationMessage"):
        topic = holder.findtext(f"{{{_WSNT}}}Topic") or ""
        for message in holder.iter(f"{{{TT}}}Message"):
            parse_notification(topic, message, _CLOCK)
