"""The lens of a camera driven over ONVIF (PTZ-01 "zoom, focus, iris"): ONVIF PTZ moves
pan, tilt and zoom only, so the focus and iris of a move go to the camera's Imaging
service (``onvif/imaging.py``).

- **Focus** is a continuous focus ``Move`` at the move's focus velocity scaled to the
  camera's speed range (GetMoveOptions), until a move without focus, a stop or the
  end of the driver, each of which sends Imaging ``Stop`` when a focus move went out.
- **Iris** has no speed in ONVIF: a camera whose imaging options offer a manual
  exposure with an Iris range has it stepped, each move with an iris velocity ``v``
  moving it by ``v × IRIS_STEP`` of that range from where it is (manual exposure).
- A camera without the control is never silently ignored: ``check`` raises
  ``LensNotSupported`` (naming the camera and the control) before any of the move is
  sent. A camera with no imaging service at all has neither control.
"""

from __future__ import annotations

import logging
from typing import Final

from vedette_server.errors import FailedPrecondition
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.imaging import (
    FocusStatus,
    LensOptions,
    NoImaging,
    focus_continuous,
    focus_speed_of,
    focus_status,
    focus_stop,
    lens_options,
    read_iris,
    set_iris,
)
from vedette_server.ptz.model import Velocity

log = logging.getLogger(__name__)

#: How much of the iris range one move at full iris velocity opens or closes it.
IRIS_STEP: Final = 0.1


class LensNotSupported(FailedPrecondition):
    def __init__(self, camera_id: int, control: str, why: str) -> None:
        super().__init__(f"camera {camera_id}: {control} is not supported by this camera ({why})")
        self.camera_id, self.control = camera_id, control


class OnvifLens:
    """One camera's focus and iris over its ONVIF session (the driver serialises calls)."""

    def __init__(self, camera_id: int, device: OnvifDevice, options: LensOptions | None) -> None:
        self.camera_id = camera_id
        self._device = device
        self.options = options
        self._focusing = False

    @classmethod
    async def open(cls, camera_id: int, device: OnvifDevice) -> OnvifLens:
        """Read what the lens takes; a camera without imaging gets a lens with nothing.
        Raises an ``OnvifError`` when the camera cannot be reached."""
        try:
            options: LensOptions | None = await lens_options(device)
        except NoImaging as error:
            log.info("camera %s: no lens control over ONVIF: %s", camera_id, error)
            options = None
        return cls(camera_id, device, options)

    @property
    def has_focus(self) -> bool:
        return self.options is not None and self.options.focus_speed is not None

    @property
    def has_iris(self) -> bool:
        return self.options is not None and self.options.iris is not None

    def check(self, velocity: Velocity) -> None:
        """``LensNotSupported`` when ``velocity`` asks a control the camera lacks."""
        where = (
            "it has no ONVIF imaging service"
            if self.options is None
            else "its ONVIF imaging service offers no {}"
        )
        if velocity.focus != 0.0 and not self.has_focus:
            raise LensNotSupported(self.camera_id, "focus", where.format("continuous focus"))
        if velocity.iris != 0.0 and not self.has_iris:
            raise LensNotSupported(self.camera_id, "iris", where.format("manual iris"))

    async def move(self, velocity: Velocity) -> None:
        """Send the focus and iris parts of a move (``check`` passed)."""
        options = self.options
        if options is None:
            return
        if velocity.focus != 0.0 and options.focus_speed is not None:
            speed = focus_speed_of(velocity.focus, options.focus_speed)
            await focus_continuous(self._device, options.video_source, speed)
            self._focusing = True
        elif self._focusing:
            await self.stop()
        if velocity.iris != 0.0 and options.iris is not None:
            low, high = options.iris
            current = await read_iris(self._device, options.video_source)
            start = (low + high) / 2 if current is None else current
            target = min(max(start + velocity.iris * IRIS_STEP * (high - low), low), high)
            await set_iris(self._device, options.video_source, target)

    async def stop(self) -> None:
        """Stop a focus move that went out (nothing to send otherwise)."""
        if self._focusing and self.options is not None:
            await focus_stop(self._device, self.options.video_source)
            self._focusing = False

    async def focus_status(self) -> FocusStatus | None:
        """Where the focus is and whether it moves; None without continuous focus."""
        if self.options is None or self.options.focus_speed is None:
            return None
        return await focus_status(self._device, self.options.video_source)
