"""``--fault camN:reboot@START+LENGTH``: the camera's ONVIF service goes offline as a
rebooting camera's does, and comes back on the same address and port.

At START the camera forgets its event subscriptions (a pull waiting on one returns)
and its ONVIF HTTP listener closes, so connections are refused; after LENGTH (5 s
without ``+LENGTH``) it listens again with no subscriptions, as after a reboot.
With ``--discovery-multicast`` it says WS-Discovery Bye as it goes down and Hello (of
a new instance) once it listens again, as cameras do after a reboot. Its RTSP streams
are not affected. A firmware upgrade (``firmware.py``) reboots the same way, and
its RTSP streams go down with it (``OnvifFleet.rtsp_outages``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final

from vedette_server.camsim.faults import Fault, FaultKind
from vedette_server.camsim.onvif.endpoint import OnvifEndpoint
from vedette_server.camsim.onvif.events import CameraEvents

log = logging.getLogger("vedette.camsim.onvif")

DEFAULT_REBOOT_S: Final = 5.0


def reboots(faults: tuple[Fault, ...]) -> list[Fault]:
    return sorted((f for f in faults if f.kind is FaultKind.REBOOT), key=lambda f: f.start_s)


async def run_reboots(
    endpoint: OnvifEndpoint,
    events: CameraEvents,
    faults: list[Fault],
    announce: Callable[[str], None] = lambda kind: None,
) -> None:
    """Reboot the camera at each fault's START (run as a task; cancelled at stop);
    ``announce("Bye")`` going down, ``announce("Hello")`` once back."""
    camera = endpoint.camera
    for fault in faults:
        delay_s = fault.start_s - camera.clock.elapsed_s()
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        offline_s = fault.length_s if fault.length_s is not None else DEFAULT_REBOOT_S
        await reboot(endpoint, events, offline_s, announce)


async def reboot(
    endpoint: OnvifEndpoint,
    events: CameraEvents,
    offline_s: float,
    announce: Callable[[str], None] = lambda kind: None,
    while_down: Callable[[], None] = lambda: None,
    back: Callable[[], None] = lambda: None,
) -> None:
    """One reboot: subscriptions forgotten, offline for ``offline_s``, back on the same
    address and port; ``while_down()`` runs once it no longer answers (a firmware
    upgrade changes its version then, ``firmware.py``), ``back()`` once it listens
    again."""
    camera = endpoint.camera
    log.info("%s: rebooting: ONVIF offline for %g s", camera.name, offline_s)
    announce("Bye")
    events.forget_subscriptions()
    await endpoint.aclose()
    while_down()
    await asyncio.sleep(offline_s)
    await endpoint.start(camera.port)
    back()
    announce("Hello")
    log.info("%s: back from reboot on %s", camera.name, camera.device_url)
