"""A disk's S.M.A.R.T. health as smartmontools reads it (DISK-04).

``smart_device(path)`` says which disk holds a directory (through ``disk_identity``:
a partition is its disk) or, in words, why it has no S.M.A.R.T. data (tmpfs, overlay
and network file systems have no block device; loop, device-mapper, software RAID
and RAM disks are no physical disk). ``read_smart(device)`` runs
``smartctl --json=c -a`` (smartctl ≥ 7) and ``parse_smartctl`` turns its output and
exit status into a ``SmartReading``:

- FAILING when the disk's overall self-assessment failed (``smart_status.passed``
  false, exit bit 3), an attribute is at or under its threshold now
  (``when_failed: "now"``, exit bit 4), or an NVMe critical warning is set;
- UNAVAILABLE when there is no verdict: smartctl missing, its command line refused
  (bit 0), the device not opened (bit 1: no such device, a USB bridge smartctl
  does not know, a virtual disk), or no ``smart_status`` in its output;
- PASSED otherwise, with what is worth knowing beside (attributes failed in the
  past, error log entries, NVMe media errors) in ``message``.

Invariants:
- Nothing here raises for what smartctl or the host says: every failure is an
  UNAVAILABLE reading whose message says why.
- A disk asleep is not woken (``--nocheck=standby``): the reading says ``asleep``.

Blocking: ``smart_device`` reads sysfs (and may run ``blkid``), ``read_smart`` runs
smartctl for at most ``SMARTCTL_TIMEOUT_S``.
"""

from __future__ import annotations

import enum
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from vedette_hw.disk_identity import identify_disk

SMARTCTL: Final = "smartctl"
SMARTCTL_TIMEOUT_S: Final = 60.0
MAX_MESSAGE: Final = 500

#: smartctl's exit status, bit by bit (smartctl(8), "EXIT STATUS").
EXIT_BITS: Final = (
    "its command line did not parse",
    "the device could not be opened or did not identify itself",
    "a S.M.A.R.T. or other command to the disk failed",
    "the disk's self-assessment says it is failing",
    "a pre-failure attribute is at or under its threshold",
    "an attribute was at or under its threshold in the past",
    "the disk's error log has entries",
    "the disk's self-test log has errors",
)
#: NVMe health log ``critical_warning`` bits (NVMe base specification, SMART log).
NVME_WARNINGS: Final = (
    "available spare space under its threshold",
    "temperature out of range",
    "reliability degraded by media or internal errors",
    "media in read-only mode",
    "volatile memory backup failed",
    "persistent memory region read-only",
)
#: Block devices that are no physical disk (sysfs names), and why there is no data.
_NOT_DISKS: Final = (
    ("loop", "a loop device has no S.M.A.R.T. data"),
    ("dm-", "a device-mapper device (LVM, LUKS) has no S.M.A.R.T. data of its own"),
    ("md", "a software RAID (md) device has no S.M.A.R.T. data of its own"),
    ("zram", "a compressed RAM disk has no S.M.A.R.T. data"),
    ("ram", "a RAM disk has no S.M.A.R.T. data"),
    ("nbd", "a network block device has no S.M.A.R.T. data"),
)
_REALLOCATED, _POWER_ON, _PENDING = 5, 9, 197


class Health(enum.Enum):
    PASSED = "passed"
    FAILING = "failing"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class SmartReading:
    """What smartctl said about one disk; None where it said nothing."""

    health: Health
    #: Why FAILING or UNAVAILABLE, or what else is worth knowing; "" when nothing.
    message: str = ""
    device: str = ""
    model: str = ""
    temperature_celsius: int | None = None
    reallocated_sectors: int | None = None
    pending_sectors: int | None = None
    power_on_hours: int | None = None
    #: The disk was in standby and not woken: no new verdict.
    asleep: bool = False


def unavailable(message: str, device: str = "") -> SmartReading:
    return SmartReading(Health.UNAVAILABLE, _clip(message), device)


def exit_status_words(status: int) -> list[str]:
    """smartctl's exit status in words, one per bit set."""
    return [words for bit, words in enumerate(EXIT_BITS) if status & (1 << bit)]


def smart_device(path: Path) -> tuple[str | None, str]:
    """(``/dev/<disk>``, "") for the disk holding ``path``, or (None, why not)."""
    identity = identify_disk(path)
    if identity.disk is None:
        fstype = identity.filesystem_type
        what = f"a {fstype} file system" if fstype else "this file system"
        return None, f"{what} has no disk under it: no S.M.A.R.T. data"
    for prefix, why in _NOT_DISKS:
        if identity.disk.startswith(prefix):
            return None, why
    return f"/dev/{identity.disk}", ""


def find_smartctl() -> str | None:
    """smartctl on the server's PATH (Debian installs it in /usr/sbin)."""
    return shutil.which(SMARTCTL)


def read_smart(device: str, *, timeout_s: float = SMARTCTL_TIMEOUT_S) -> SmartReading:
    """Run smartctl on ``device`` and say what it found. Blocking; never raises."""
    program = find_smartctl()
    if program is None:
        return unavailable("smartctl is not installed (not on the server's PATH)", device)
    argv = [program, "--json=c", "--nocheck=standby", "-a", device]
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout_s,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired:
        return unavailable(f"smartctl did not answer within {timeout_s:g} s", device)
    except OSError as error:
        return unavailable(f"smartctl could not be run: {error.strerror or error}", device)
    if done.returncode < 0:
        return unavailable(f"smartctl was killed by signal {-done.returncode}", device)
    return parse_smartctl(done.stdout.decode("utf-8", "replace"), done.returncode, device)


def parse_smartctl(text: str, status: int, device: str = "") -> SmartReading:
    """The reading in smartctl's JSON output ``text`` and its exit ``status``."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        words = "; ".join(exit_status_words(status)) or "no output"
        return unavailable(f"smartctl gave no JSON (exit status {status}: {words})", device)
    device = str(_get(data, "device", "name") or device)
    messages = _messages(data)
    if status & 0b10 and _asleep(messages):
        return SmartReading(
            Health.UNAVAILABLE, "the disk is asleep (not woken)", device, asleep=True
        )
    if status & 0b11:  # command line refused, or the device not opened
        said = messages or exit_status_words(status & 0b11)
        return unavailable("smartctl: " + "; ".join(said), device)
    model = _text(data.get("model_name")) or _text(data.get("product"))
    problems, notes = _verdict(data, status)
    if problems:
        health = Health.FAILING
        message = "; ".join(problems + notes)
    elif not isinstance(_get(data, "smart_status", "passed"), bool):
        health = Health.UNAVAILABLE
        said = messages or exit_status_words(status) or ["it gave no overall verdict"]
        message = "no S.M.A.R.T. status: " + "; ".join(said)
    else:
        health = Health.PASSED
        message = "; ".join(notes)
    temperature, reallocated, pending, hours = _figures(data)
    return SmartReading(
        health,
        _clip(message),
        device,
        model,
        temperature_celsius=temperature,
        reallocated_sectors=reallocated,
        pending_sectors=pending,
        power_on_hours=hours,
    )


def _verdict(data: Mapping[str, Any], status: int) -> tuple[list[str], list[str]]:
    """(why the disk is failing, what else is worth knowing)."""
    problems: list[str] = []
    if _get(data, "smart_status", "passed") is False or status & (1 << 3):
        problems.append(EXIT_BITS[3])
    failing_now = [a for a in _attributes(data) if a.get("when_failed") == "now"]
    problems += [f"{_attribute_name(a)} at or under its threshold" for a in failing_now]
    if status & (1 << 4) and not failing_now:
        problems.append(EXIT_BITS[4])
    warning = _int(_get(data, "nvme_smart_health_information_log", "critical_warning"))
    if warning:
        problems += [w for bit, w in enumerate(NVME_WARNINGS) if warning & (1 << bit)]
        if warning >> len(NVME_WARNINGS):
            problems.append(f"NVMe critical warning {warning:#x}")
    notes: list[str] = []
    past = [a for a in _attributes(data) if a.get("when_failed") == "past"]
    notes += [f"{_attribute_name(a)} was at or under its threshold in the past" for a in past]
    notes += [EXIT_BITS[bit] for bit in (6, 7) if status & (1 << bit)]
    media_errors = _int(_get(data, "nvme_smart_health_information_log", "media_errors"))
    if media_errors:
        notes.append(f"{media_errors} media errors")
    used = _int(_get(data, "nvme_smart_health_information_log", "percentage_used"))
    if used is not None and used >= 100:
        notes.append(f"{used}% of its rated endurance used")
    return problems, notes


def _figures(data: Mapping[str, Any]) -> tuple[int | None, int | None, int | None, int | None]:
    """(temperature °C, reallocated sectors, pending sectors, power-on hours)."""
    by_id = {a.get("id"): a for a in _attributes(data)}
    nvme = data.get("nvme_smart_health_information_log")
    nvme = nvme if isinstance(nvme, dict) else {}
    temperature = _int(_get(data, "temperature", "current"))
    if temperature is None:
        temperature = _int(nvme.get("temperature"))
    hours = _int(_get(data, "power_on_time", "hours"))
    if hours is None:
        hours = _int(nvme.get("power_on_hours"))
    if hours is None:
        hours = _raw(by_id.get(_POWER_ON))
    return (
        temperature or None,  # a device with no temperature log (SCSI RAID) reports 0
        _raw(by_id.get(_REALLOCATED)),
        _raw(by_id.get(_PENDING)),
        hours,
    )


def _attributes(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    table = _get(data, "ata_smart_attributes", "table")
    return [a for a in table if isinstance(a, dict)] if isinstance(table, list) else []


def _attribute_name(attribute: Mapping[str, Any]) -> str:
    return f"attribute {attribute.get('id')} ({_text(attribute.get('name')) or 'unnamed'})"


def _raw(attribute: Mapping[str, Any] | None) -> int | None:
    return None if attribute is None else _int(_get(attribute, "raw", "value"))


def _messages(data: Mapping[str, Any]) -> list[str]:
    found = _get(data, "smartctl", "messages")
    if not isinstance(found, list):
        return []
    return [t for m in found if isinstance(m, dict) and (t := _text(m.get("string")))]


def _asleep(messages: list[str]) -> bool:
    return any("STANDBY" in m or "SLEEP" in m for m in messages)


def _get(data: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if not isinstance(data, dict):
            return None
        data = data.get(name)  # type: ignore[assignment]
    return data


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return "".join(c for c in value if c.isprintable()).strip()[:MAX_MESSAGE]


def _clip(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
