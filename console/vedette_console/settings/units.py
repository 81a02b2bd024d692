"""Sizes and bitrates in words for the Settings pages (decimal units, as disks are
sold: 1 GB = 10⁹ bytes)."""

from __future__ import annotations

from vedette_console.i18n import decimal_text
from vedette_console.settings.page import tr


def size_text(size_bytes: float) -> str:
    """``size_bytes`` in MB, GB or TB, with the precision that matters."""
    if size_bytes >= 1e12:
        return tr("{value} TB").format(value=decimal_text(size_bytes / 1e12, 2))
    if size_bytes >= 1e9:
        return tr("{value} GB").format(value=decimal_text(size_bytes / 1e9, 1))
    return tr("{value} MB").format(value=decimal_text(size_bytes / 1e6, 0))


def bitrate_text(kbps: float) -> str:
    if kbps >= 1000:
        return tr("{value} Mbit/s").format(value=decimal_text(kbps / 1000, 2))
    return tr("{value} kbit/s").format(value=decimal_text(kbps, 0))
