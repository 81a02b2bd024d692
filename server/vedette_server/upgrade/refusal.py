"""Why an upgrade bundle is refused: one stable reason per kind (docs/api.md
"Errors"), the server's FAILED_PRECONDITION (ABORTED for ``UpgradeRunning``)."""

from __future__ import annotations

from typing import Literal

from vedette_server.errors import FailedPrecondition

Reason = Literal[
    "UPGRADE_BAD_SIGNATURE",
    "UPGRADE_TAMPERED",
    "UPGRADE_DOWNGRADE",
    "UPGRADE_TOO_OLD",
    "UPGRADE_WRONG_ARCH",
    "UPGRADE_WRONG_RELEASE",
    "UPGRADE_TRUNCATED",
    "UPGRADE_NO_SPACE",
    "UPGRADE_NOT_SUPPORTED",
]


class UpgradeRefused(FailedPrecondition):
    """The bundle is not installed; ``reason`` says why, the message in words."""

    def __init__(self, reason: Reason, message: str, **facts: object) -> None:
        super().__init__(message, error_reason=reason, **facts)
        self.reason: Reason = reason


class UpgradeRunning(FailedPrecondition):
    """Another upgrade is being received, waits for the host or is installing."""

    error_reason = "UPGRADE_RUNNING"
