"""What this host is, for an upgrade: its Debian architecture and release, and the
version of Vedette it runs. Blocking (runs dpkg, reads /etc/os-release)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vedette_server.upgrade.refusal import UpgradeRefused

OS_RELEASE = Path("/etc/os-release")


@dataclass(frozen=True)
class HostTarget:
    """What a bundle must be built for: ``dpkg --print-architecture`` and
    ``VERSION_CODENAME``."""

    arch: str
    release: str


def detect_target(os_release: Path = OS_RELEASE) -> HostTarget:
    """This host's target; ``UpgradeRefused(UPGRADE_NOT_SUPPORTED)`` when it is not a
    Debian system (no dpkg, no release code name)."""
    dpkg = shutil.which("dpkg")
    if dpkg is None:
        raise UpgradeRefused(
            "UPGRADE_NOT_SUPPORTED", "this host is not a Debian system (no dpkg): no upgrades"
        )
    arch = subprocess.run(
        [dpkg, "--print-architecture"], capture_output=True, text=True, check=False, timeout=30
    ).stdout.strip()
    release = ""
    try:
        for line in os_release.read_text().splitlines():
            key, _, value = line.partition("=")
            if key == "VERSION_CODENAME":
                release = value.strip().strip('"')
    except OSError:
        pass
    if not arch or not release:
        raise UpgradeRefused(
            "UPGRADE_NOT_SUPPORTED",
            f"this host does not say its Debian architecture and release ({os_release})",
        )
    return HostTarget(arch=arch, release=release)


def running_version() -> str:
    """The installed ``vedette`` package's version (what the server runs)."""
    try:
        return version("vedette")
    except PackageNotFoundError:
        return "0"
