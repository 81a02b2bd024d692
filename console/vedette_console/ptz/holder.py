"""How the panel names who holds a camera: the server says ``user:<name>`` or
``cruise:<number>`` (ptz.proto); the operator reads a name, "you" or a cruise."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def holder_text(holder: str, me: str = "") -> str:
    """``holder`` as an operator reads it; ``me`` is this console's own holder name."""
    tr = QCoreApplication.translate
    if not holder:
        return tr("PtzPanel", "nobody")
    if me and holder == me:
        return tr("PtzPanel", "you")
    kind, _, rest = holder.partition(":")
    if kind == "user" and rest:
        return rest
    if kind == "cruise" and rest:
        return tr("PtzPanel", "cruise {number}").format(number=rest)
    return holder


def denial_text(holder: str, priority: int, remaining_s: float | None) -> str:
    """Why a command was refused, and until when."""
    tr = QCoreApplication.translate
    text = tr(
        "PtzPanel",
        "Denied: {holder} controls this camera at a higher priority ({priority}). "
        "Your command was not sent.",
    ).format(holder=holder_text(holder), priority=priority)
    if remaining_s is not None:
        text += " " + tr("PtzPanel", "Free in {seconds} s unless they move it again.").format(
            seconds=max(1, round(remaining_s))
        )
    return text


def reservation_text(holder: str, me: str, remaining_s: float | None) -> str:
    """Who reserved the camera (ReservePtz) and for how long yet."""
    tr = QCoreApplication.translate
    minutes = None if remaining_s is None else max(1, round(remaining_s / 60))
    if me and holder == me:
        text = tr("PtzPanel", "You reserved this camera")
    else:
        text = tr("PtzPanel", "Reserved by {holder}").format(holder=holder_text(holder, me))
    if minutes is not None:
        text += " " + tr("PtzPanel", "({minutes} min left)").format(minutes=minutes)
    return text
