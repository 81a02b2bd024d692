"""The logged-out live display (LIVE-14): what a session opened by ``OpenLiveDisplay``
may do, decided in the call gate like any other session's rights.

Such a session has no user behind it. Its principal has one right: live video of
``display.logged_out_cameras`` as they were when it opened, so ``ListCameras``
(filtered to the cameras a principal sees) lists exactly those, and ``Live``
(the live right on the camera) plays only those. Every method outside
``DISPLAY_METHODS`` is refused before its rule is looked at, so playback, export,
settings and every change are PERMISSION_DENIED whatever their rule says.

Invariants:
- A display session whose cameras are not the current list ends at its next call
  (UNAUTHENTICATED), and the settings change ends it at once
  (``SessionTable.end_displays_other_than``), cancelling its streams.
- Only a call on the local socket opens one (``setup_calls.py``).
"""

from __future__ import annotations

from typing import Final

from vedette_server.accounts.authorization import Principal
from vedette_server.accounts.rights import CameraRight, Scope, scope_rights
from vedette_server.errors import PermissionDenied
from vedette_server.settings.model import Settings

#: The name a display session shows in the session list and the system log.
DISPLAY_USER: Final = "(live display)"
#: What a display session may call: list its cameras, watch them, keep and end itself.
DISPLAY_METHODS: Final = frozenset(
    f"/vedette.v1.{name}"
    for name in (
        "CameraService/ListCameras",
        "MediaService/Live",
        "AuthService/RenewSession",
        "AuthService/Logout",
    )
)


def display_cameras(settings: Settings) -> frozenset[int]:
    return frozenset(settings.display.logged_out_cameras)


def display_principal(cameras: frozenset[int]) -> Principal:
    """The principal of a display session: live video of ``cameras``, nothing else."""
    rights = scope_rights(cameras={CameraRight.LIVE: cameras})
    return Principal(0, DISPLAY_USER, Scope.LOCAL, rights)


def check_display_call(method: str) -> None:
    if method not in DISPLAY_METHODS:
        raise PermissionDenied(
            "the logged-out live display may only list and watch its cameras; sign in"
        )
