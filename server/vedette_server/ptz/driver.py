"""The interface every PTZ driver offers the server (Pelco, ONVIF, …).

``PtzDriver`` is a ``typing.Protocol``: a driver matches it by shape and need not import
the server (``vedette_hw`` must not). For that reason what a driver *returns* is
described by protocols too (``PositionReading``, ``DriverStatus``,
``DriverCapabilities``): a driver returns its own frozen dataclasses with these
fields, and ``ptz.model.Position`` is one of them. What it *takes* is the server's
``Velocity``; a driver may declare any type with the same five float fields.

Contract:

- Calls come one at a time per camera (``ptz.gate.CommandGate`` sees to it); a driver
  still must not corrupt its line when ``status()`` runs beside a command.
- ``continuous`` moves until ``stop`` or the next move; the server, not the device, is
  trusted to stop it (dead-man, watchdog).
- ``status()`` answers within a bounded time: ``position`` None when the device cannot
  say or did not answer, ``moving`` None when unknown.
- A driver whose link failed raises an exception naming the device and how it failed,
  on every later call; callers treat any ``Exception`` from a driver as that.
- ``aclose()`` releases everything the driver opened (threads, ports, sessions).
- A driver that can move by fractions of its picture (ONVIF's TranslationSpaceFov)
  also matches ``ViewMover``; one that cannot (Pelco) does not, or says
  ``moves_in_view`` False.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from vedette_server.ptz.model import Velocity
from vedette_server.ptz.view_move import ViewTarget


class PositionReading(Protocol):
    """A position as a driver reads it (units and signs of ``ptz.model.Position``)."""

    @property
    def pan_deg(self) -> float: ...
    @property
    def tilt_deg(self) -> float: ...
    @property
    def zoom_fraction(self) -> float | None: ...


class DriverStatus(Protocol):
    """What the device says now: where it points and whether it moves, None if unknown."""

    @property
    def position(self) -> PositionReading | None: ...
    @property
    def moving(self) -> bool | None: ...


class DriverCapabilities(Protocol):
    """What the device can do; fixed for a driver's life."""

    @property
    def max_presets(self) -> int: ...
    @property
    def has_absolute_position(self) -> bool:
        """True when ``status()`` may report a position (it can still answer None)."""
        ...

    @property
    def has_focus(self) -> bool: ...
    @property
    def has_iris(self) -> bool: ...


@runtime_checkable
class PtzDriver(Protocol):
    """One PTZ head behind some protocol."""

    @property
    def capabilities(self) -> DriverCapabilities: ...

    async def continuous(self, velocity: Velocity) -> None:
        """Move at ``velocity`` until stopped or the next move."""
        ...

    async def stop(self) -> None:
        """Stop every axis and lens motion."""
        ...

    async def goto_preset(self, number: int, speed: float) -> None:
        """Start moving to preset ``number`` at ``speed`` ∈ (0, 1]; returns once sent,
        not on arrival."""
        ...

    async def set_preset(self, number: int) -> None:
        """Save the current position as preset ``number``."""
        ...

    async def clear_preset(self, number: int) -> None:
        """Forget preset ``number`` on the device."""
        ...

    async def status(self) -> DriverStatus:
        """Position and motion as far as the device tells, within a bounded time."""
        ...

    async def aclose(self) -> None:
        """Release the device's link; later calls fail."""
        ...


@runtime_checkable
class ViewMover(Protocol):
    """A head that can bring a point of its picture to the centre and zoom to an area
    (``ptz.view_move``)."""

    @property
    def moves_in_view(self) -> bool:
        """True when the device takes moves in field-of-view fractions."""
        ...

    async def move_in_view(self, target: ViewTarget, speed: float) -> float:
        """Start the move to ``target`` at ``speed`` ∈ (0, 1]; returns once sent, with
        the magnification factor asked (1.0: the zoom was left as it was)."""
        ...
