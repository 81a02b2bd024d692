"""The directory where the server hands a verified bundle to the host's root
upgrade service, and where that service says how it went (DATA/upgrade)::

    incoming/        uploads being received (removed when refused or cut off)
    bundle.vup       the verified bundle handed over
    request.json     written last, atomically: vedette-upgrade.path starts the
                     service when it exists ({request_id, version, request_time_us})
    installing.json  the request the service took (renamed from request.json)
    result.json      the service's account, atomically replaced
                     ({state, bundle_version, message, progress_percent, update_time_us})

The state (``read_status``): PENDING while request.json exists, else result.json's
(INSTALLING, SUCCEEDED or FAILED), else NONE. An INSTALLING with no news for
``STALE_INSTALLING_S`` (longer than the unit's own time limit) is said FAILED: its
run died with the machine (a power cut), and must not block upgrades for ever.
Every JSON file is written to a temporary name, flushed and renamed, so a reader
sees the old or the new one whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal

from vedette_api import timestamps

State = Literal["none", "pending", "installing", "succeeded", "failed"]
_STATES: tuple[State, ...] = ("none", "pending", "installing", "succeeded", "failed")
#: vedette-upgrade.service's TimeoutStartSec is 45 min.
STALE_INSTALLING_S: Final = 3600


@dataclass(frozen=True)
class UpgradeDir:
    root: Path

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    @property
    def bundle(self) -> Path:
        return self.root / "bundle.vup"

    @property
    def request(self) -> Path:
        return self.root / "request.json"

    @property
    def claimed(self) -> Path:
        return self.root / "installing.json"

    @property
    def result(self) -> Path:
        return self.root / "result.json"


@dataclass(frozen=True)
class UpgradeState:
    """Where the last upgrade is (``GetUpgradeStatus``)."""

    state: State = "none"
    bundle_version: str = ""
    message: str = ""
    progress_percent: int = 0
    update_time_us: int = 0

    @property
    def busy(self) -> bool:
        return self.state in ("pending", "installing")


def write_json(path: Path, value: dict[str, Any]) -> None:
    """Replace ``path`` with ``value`` atomically (never follows a link at ``path``:
    the rename replaces it). Blocks."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as file:
            json.dump(value, file, indent=2, sort_keys=True)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_json(path: Path) -> dict[str, Any] | None:
    """``path``'s object; None when absent or not a JSON object. Blocks."""
    try:
        with path.open("rb") as file:
            value = json.loads(file.read(64 * 1024))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_result(directory: UpgradeDir, state: UpgradeState) -> None:
    write_json(directory.result, asdict(state))


def read_status(directory: UpgradeDir, now_us: int | None = None) -> UpgradeState:
    """The last upgrade's state as the files say it. Blocks."""
    request = read_json(directory.request)
    if request is not None or directory.request.exists():
        request = request or {}
        return UpgradeState(
            state="pending",
            bundle_version=str(request.get("version", "")),
            message="verified; waiting for the host's upgrade service",
            update_time_us=_int(request.get("request_time_us")),
        )
    result = read_json(directory.result)
    if result is None:
        return UpgradeState()
    state = result.get("state")
    said = UpgradeState(
        state=state if state in _STATES else "failed",
        bundle_version=str(result.get("bundle_version", ""))[:128],
        message=str(result.get("message", ""))[:2000],
        progress_percent=max(0, min(100, _int(result.get("progress_percent")))),
        update_time_us=_int(result.get("update_time_us")),
    )
    now_us = timestamps.now_us() if now_us is None else now_us
    if said.state == "installing" and now_us - said.update_time_us > STALE_INSTALLING_S * 10**6:
        return replace(
            said,
            state="failed",
            message=f"the host's upgrade service stopped during the installation ({said.message});"
            " see journalctl -u vedette-upgrade",
        )
    return said


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
