"""Sizes and bitrates in words for the Settings pages (decimal units, as disks are
sold: 1 GB = 10⁹ bytes)."""

from __future__ import annotations

from vedette_console.settings.page import tr


def size_text(size_bytes: float) -> str:
    """``size_bytes`` in MB, GB or TB, with the precision that matters."""
    if size_bytes >= 1e12:
        return tr("{value} TB").format(value=f"{size_bytes / 1e12:.2f}")
    if size_bytes >= 1e9:
        return tr("{value} GB").format(value=f"{size_bytes / 1e9:.1f}")
    return tr("{value} MB").format(value=f"{size_bytes / 1e6:.0f}")


def bitrate_text(kbps: float) -> str:
    if kbps >= 1000:
        return tr("{value} Mbit/s").format(value=f"{kbps / 1000:.2f}")
    return tr("{value} kbit/s").format(value=f"{kbps:.0f}")
