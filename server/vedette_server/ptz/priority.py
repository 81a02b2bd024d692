"""A user's PTZ priority (PTZ-03): their group's own, or the default for their rights.

As Milestone's roles do, each permission group may carry a PTZ priority
(``permission_group.ptz_priority``, 1..31 999, set with UpdateGroup). Administrators
(the admin user, the administrator group, permission control off) are above every
group: 32 000, the highest the arbiter knows, so nobody takes a camera from them or
their reservation. A group without a priority of its own gives its users the default
of its standing: the accounts area right 10 000, the cameras area right 5 000, others
3 000. The arbiter compares these; a higher number takes a camera from a lower one.
"""

from __future__ import annotations

from typing import Final

from vedette_server.accounts.authorization import Principal
from vedette_server.accounts.rights import Area
from vedette_server.ptz.arbiter import DEFAULT_PRIORITY, MAX_PRIORITY

ADMIN_PRIORITY: Final = MAX_PRIORITY
ACCOUNTS_PRIORITY: Final = 10_000
INSTALLER_PRIORITY: Final = 5_000
OPERATOR_PRIORITY: Final = DEFAULT_PRIORITY


def ptz_priority(principal: Principal) -> int:
    """Administrators 32 000; else the group's own priority when it has one; else
    10 000 with the accounts area right, 5 000 with the cameras area right, 3 000."""
    if principal.is_admin or principal.administrator:
        return ADMIN_PRIORITY
    if principal.group_ptz_priority is not None:
        return principal.group_ptz_priority
    if principal.rights.has_area(Area.ACCOUNTS):
        return ACCOUNTS_PRIORITY
    if principal.rights.has_area(Area.CAMERAS):
        return INSTALLER_PRIORITY
    return OPERATOR_PRIORITY


def holder_name(principal: Principal) -> str:
    """How a user holding a camera is named to others and in the log."""
    return f"user:{principal.username}"
