"""A user's PTZ priority (PTZ-03), from what their group lets them do.

Groups carry no PTZ priority of their own yet; until they do, the priority follows
the group's standing, as Milestone's default roles do: administrators above
installers (the cameras area right) above operators. The arbiter compares these;
a higher number takes a camera from a lower one.
"""

from __future__ import annotations

from typing import Final

from vedette_server.accounts.authorization import Principal
from vedette_server.accounts.rights import Area
from vedette_server.ptz.arbiter import DEFAULT_PRIORITY

ADMIN_PRIORITY: Final = 10_000
INSTALLER_PRIORITY: Final = 5_000
OPERATOR_PRIORITY: Final = DEFAULT_PRIORITY


def ptz_priority(principal: Principal) -> int:
    """Administrators (the admin user, or the accounts area right) 10 000; users with
    the cameras area right 5 000; everyone else 3 000."""
    if principal.is_admin or principal.rights.has_area(Area.ACCOUNTS):
        return ADMIN_PRIORITY
    if principal.rights.has_area(Area.CAMERAS):
        return INSTALLER_PRIORITY
    return OPERATOR_PRIORITY


def holder_name(principal: Principal) -> str:
    """How a user holding a camera is named to others and in the log."""
    return f"user:{principal.username}"
