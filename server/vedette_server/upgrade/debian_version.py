"""Debian version order (deb-version(7)): ``dpkg --compare-versions`` where dpkg is,
the same algorithm in Python elsewhere (a developer's machine, Windows).

``1:0.1`` > ``0.9`` (epoch), ``0.2~rc1`` < ``0.2`` (tilde sorts first), ``0.2-1`` <
``0.2-2`` (revision); a Python package version such as ``0.1.0`` is a valid one.
"""

from __future__ import annotations

import re
import shutil
import subprocess

_VALID = re.compile(r"^(?:\d+:)?[0-9][A-Za-z0-9.+~:-]*$")


def is_valid(version: str) -> bool:
    """Whether ``version`` is a Debian version this module compares (no spaces, starts
    with a digit after the optional epoch)."""
    return len(version) <= 128 and _VALID.match(version) is not None


def _split(version: str) -> tuple[int, str, str]:
    epoch, colon, rest = version.partition(":")
    if not colon:
        epoch, rest = "0", version
    upstream, dash, revision = rest.rpartition("-")
    if not dash:
        upstream, revision = rest, "0"
    return int(epoch), upstream, revision


def _order(char: str) -> int:
    """Sort weight of one non-digit character: ``~`` first, end of string, letters,
    then the other characters."""
    if char == "~":
        return -1
    if char.isalpha():
        return ord(char)
    return ord(char) + 256


def _compare_part(a: str, b: str) -> int:
    while a or b:
        a_text = re.match(r"[^0-9]*", a).group()  # type: ignore[union-attr]
        b_text = re.match(r"[^0-9]*", b).group()  # type: ignore[union-attr]
        for i in range(max(len(a_text), len(b_text))):
            ca = _order(a_text[i]) if i < len(a_text) else 0
            cb = _order(b_text[i]) if i < len(b_text) else 0
            if ca != cb:
                return -1 if ca < cb else 1
        a, b = a[len(a_text) :], b[len(b_text) :]
        a_num = re.match(r"[0-9]*", a).group()  # type: ignore[union-attr]
        b_num = re.match(r"[0-9]*", b).group()  # type: ignore[union-attr]
        if int(a_num or 0) != int(b_num or 0):
            return -1 if int(a_num or 0) < int(b_num or 0) else 1
        a, b = a[len(a_num) :], b[len(b_num) :]
    return 0


def compare_python(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` in Debian's order."""
    (ea, ua, ra), (eb, ub, rb) = _split(a), _split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


def is_newer(candidate: str, installed: str) -> bool:
    """Whether ``candidate`` sorts after ``installed``. Blocks (runs dpkg when present).
    ``ValueError`` for a version that is not a Debian version."""
    for version in (candidate, installed):
        if not is_valid(version):
            raise ValueError(f"{version!r} is not a Debian version")
    dpkg = shutil.which("dpkg")
    if dpkg is None:
        return compare_python(candidate, installed) > 0
    answer = subprocess.run(
        [dpkg, "--compare-versions", candidate, "gt", installed], check=False, timeout=30
    )
    return answer.returncode == 0
