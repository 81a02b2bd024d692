"""smartctl's JSON output of real disks (tests/data/smart, README there) read into a
verdict and figures (DISK-04): every sample, its exit status bit by bit, and what
the server does with a failing reading (the ``disk_failing`` exception)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from tests.support.small_filesystem import small_filesystem
from tests.unit.test_server_maintenance import Entries

from vedette_hw.smart import (
    Health,
    SmartReading,
    exit_status_words,
    parse_smartctl,
    read_smart,
    smart_device,
)
from vedette_server.alarms.sources import signal_of
from vedette_server.catalog.database import open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import ServerEvent
from vedette_server.recording.disk_health import DISK_HEALTH_EVENT, DiskHealthWatch, read_volumes
from vedette_server.recording.volumes import VolumeManager
from vedette_server.search.events import EventType
from vedette_server.system_log import LogType

SAMPLES = Path(__file__).parents[1] / "data" / "smart"


def sample(name: str) -> tuple[str, int, dict[str, Any]]:
    text = (SAMPLES / name).read_text()
    data = json.loads(text)
    return text, int(data["smartctl"]["exit_status"]), data


#: Sample → (verdict, device, model, temperature, reallocated, pending, hours), each
#: figure as the JSON has it (``temperature.current``, attribute 5's and 197's raw
#: values, ``power_on_time.hours``).
EXPECTED = {
    "ata-hdd-wdc-wd140edfz.json": (
        Health.PASSED, "/dev/sdb", "WDC WD140EDFZ-11A0VA0", 32, 0, 0, 1730
    ),
    "sata-ssd-samsung-860-evo.json": (
        Health.PASSED, "/dev/sda", "Samsung SSD 860 EVO 500GB", 36, 0, None, 14551
    ),
    "nvme-samsung-970-evo-media-errors.json": (
        Health.PASSED, "/dev/nvme0", "Samsung SSD 970 EVO 500GB", 35, None, None, 12798
    ),
    "failing-hitachi-usb-jmicron.json": (
        Health.FAILING, "/dev/sdc", "Hitachi HDS721050DLE630", 25, 1975, 8, 65592
    ),
    "intel-raid-volume-no-smart.json": (
        Health.UNAVAILABLE, "/dev/sdb", "Intel Raid 1 Volume", None, None, None, None
    ),
    "virtio-disk-no-smart.json": (Health.UNAVAILABLE, "", "", None, None, None, None),
}  # fmt: skip


def test_every_sample_is_listed_and_documented() -> None:
    on_disk = {p.name for p in SAMPLES.glob("*.json")}
    assert on_disk == set(EXPECTED)
    readme = (SAMPLES / "README.md").read_text()
    assert all(name in readme for name in on_disk)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_sample_gives_its_verdict_and_figures(name: str) -> None:
    text, status, _ = sample(name)
    reading = parse_smartctl(text, status)
    health, device, model, temperature, reallocated, pending, hours = EXPECTED[name]
    assert (reading.health, reading.device, reading.model) == (health, device, model)
    assert reading.temperature_celsius == temperature
    assert (reading.reallocated_sectors, reading.pending_sectors) == (reallocated, pending)
    assert reading.power_on_hours == hours
    assert not reading.asleep
    if health is not Health.PASSED:
        assert reading.message  # a verdict other than a pass always says why


def test_the_figures_are_the_json_s_own() -> None:
    _, _, data = sample("failing-hitachi-usb-jmicron.json")
    raw = {a["id"]: a["raw"]["value"] for a in data["ata_smart_attributes"]["table"]}
    assert (raw[5], raw[197], data["power_on_time"]["hours"]) == (1975, 8, 65592)
    assert data["temperature"]["current"] == 25
    _, _, nvme = sample("nvme-samsung-970-evo-media-errors.json")
    log = nvme["nvme_smart_health_information_log"]
    assert (log["temperature"], log["power_on_hours"], log["media_errors"]) == (35, 12798, 7)


def test_a_failing_disk_says_each_reason() -> None:
    text, status, _ = sample("failing-hitachi-usb-jmicron.json")
    assert status == 216
    message = parse_smartctl(text, status).message
    assert message.split("; ") == [
        "the disk's self-assessment says it is failing",
        "attribute 5 (Reallocated_Sector_Ct) at or under its threshold",
        "the disk's error log has entries",
        "the disk's self-test log has errors",
    ]


def test_media_errors_are_said_beside_a_pass() -> None:
    text, status, _ = sample("nvme-samsung-970-evo-media-errors.json")
    assert parse_smartctl(text, status).message == "7 media errors"
    assert parse_smartctl(*sample("ata-hdd-wdc-wd140edfz.json")[:2]).message == ""


def test_no_smart_status_is_unavailable_with_smartctl_s_words() -> None:
    text, status, _ = sample("intel-raid-volume-no-smart.json")
    reading = parse_smartctl(text, status)
    assert (
        reading.message == "no S.M.A.R.T. status: a S.M.A.R.T. or other command to the disk failed"
    )
    text, status, _ = sample("virtio-disk-no-smart.json")
    assert (
        parse_smartctl(text, status).message == "smartctl: /dev/vda: Unable to detect device type"
    )


def test_exit_status_bits_in_words() -> None:
    assert exit_status_words(0) == []
    assert exit_status_words(216) == [
        "the disk's self-assessment says it is failing",
        "a pre-failure attribute is at or under its threshold",
        "the disk's error log has entries",
        "the disk's self-test log has errors",
    ]
    assert len(exit_status_words(255)) == 8
    # The self-assessment bit alone fails a disk whose JSON lacks smart_status.
    text, _, _ = sample("intel-raid-volume-no-smart.json")
    assert parse_smartctl(text, 1 << 3).health is Health.FAILING
    # The command line refused (bit 0): no verdict, whatever the JSON holds.
    text, _, _ = sample("ata-hdd-wdc-wd140edfz.json")
    refused = parse_smartctl(text, 1)
    assert refused.health is Health.UNAVAILABLE
    assert refused.message == "smartctl: its command line did not parse"


def test_an_nvme_critical_warning_fails_the_disk() -> None:
    _, status, data = sample("nvme-samsung-970-evo-media-errors.json")
    data["nvme_smart_health_information_log"]["critical_warning"] = 0b101
    reading = parse_smartctl(json.dumps(data), status)
    assert reading.health is Health.FAILING
    assert reading.message.split("; ") == [
        "available spare space under its threshold",
        "reliability degraded by media or internal errors",
        "7 media errors",
    ]


def test_a_disk_asleep_is_not_a_verdict() -> None:
    _, _, data = sample("virtio-disk-no-smart.json")
    data["smartctl"]["messages"] = [
        {"string": "Device is in STANDBY mode, exit(2)", "severity": "information"}
    ]
    reading = parse_smartctl(json.dumps(data), 2, "/dev/sdb")
    assert (reading.health, reading.asleep, reading.device) == (
        Health.UNAVAILABLE,
        True,
        "/dev/sdb",
    )


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"smartctl": '])
def test_output_that_is_no_json_is_unavailable(text: str) -> None:
    reading = parse_smartctl(text, 2, "/dev/sdz")
    assert reading.health is Health.UNAVAILABLE
    assert reading.device == "/dev/sdz"
    assert reading.message.startswith("smartctl gave no JSON (exit status 2: the device")


def test_odd_types_in_the_json_are_not_figures() -> None:
    _, status, data = sample("ata-hdd-wdc-wd140edfz.json")
    data["temperature"] = {"current": "hot"}
    data["power_on_time"] = {"hours": True}
    data["ata_smart_attributes"]["table"].append("junk")
    reading = parse_smartctl(json.dumps(data), status)
    assert reading.health is Health.PASSED
    assert reading.temperature_celsius is None
    assert reading.power_on_hours == 1730  # attribute 9's raw value


def needs_smartctl() -> None:
    if shutil.which("smartctl") is None:
        pytest.skip("smartctl not installed: make setup installs smartmontools")


def test_smartctl_on_a_device_without_smart_says_why() -> None:
    needs_smartctl()
    reading = read_smart("/dev/null")
    assert reading.health is Health.UNAVAILABLE
    assert reading.device == "/dev/null"
    assert reading.message.startswith("smartctl: ")


def test_smartctl_missing_from_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    reading = read_smart("/dev/sda")
    assert reading.health is Health.UNAVAILABLE
    assert reading.message == "smartctl is not installed (not on the server's PATH)"


def test_smartctl_that_hangs_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program named smartctl that never answers: the read gives up at its timeout."""
    sleeper = tmp_path / "smartctl"
    sleeper.write_text("#!/bin/sh\nexec /bin/sleep 600\n")
    sleeper.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    reading = read_smart("/dev/sda", timeout_s=1)
    assert (reading.health, reading.message) == (
        Health.UNAVAILABLE,
        "smartctl did not answer within 1 s",
    )


def test_virtual_file_systems_have_no_disk(tmp_path: Path) -> None:
    device, why = smart_device(Path("/proc"))
    assert (device, why) == (None, "a proc file system has no disk under it: no S.M.A.R.T. data")
    missing = tmp_path / "gone"
    assert read_volumes({7: missing}) == {
        7: SmartReading(Health.UNAVAILABLE, "the volume's directory is missing: no disk to read")
    }


def test_a_loop_device_has_no_smart(tmp_path: Path) -> None:
    """A loop-mounted ext4 image: the device chain ends at a loop device."""
    with small_filesystem(tmp_path, 16, ext4_only=True) as mount:
        if mount is None:
            pytest.skip("cannot loop-mount an image here (needs root and a loop device)")
        assert smart_device(mount) == (None, "a loop device has no S.M.A.R.T. data")
        (reading,) = read_volumes({1: mount}).values()
        assert reading.health is Health.UNAVAILABLE


def test_two_volumes_on_one_disk_cost_one_read(tmp_path: Path) -> None:
    needs_smartctl()
    device, _ = smart_device(tmp_path)
    if device is None:
        pytest.skip(f"{tmp_path} is on no disk here")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    readings = read_volumes({1: tmp_path / "a", 2: tmp_path / "b"})
    assert readings[1] is readings[2]
    assert readings[1].device == device


def test_a_failing_reading_is_the_disk_failing_exception() -> None:
    facts = {"volume_id": 3, "path": "/media/disk1", "device": "/dev/sdc", "message": "bad"}
    start = signal_of(ServerEvent(DISK_HEALTH_EVENT, {**facts, "failing": True}, 10))
    stop = signal_of(ServerEvent(DISK_HEALTH_EVENT, {**facts, "failing": False}, 20))
    assert start is not None and stop is not None
    assert (start.type, start.subtype, start.key, start.state) == (
        EventType.EXCEPTION,
        "disk_failing",
        "exc:disk_failing:3",
        True,
    )
    assert start.message == "volume 3 (/media/disk1): disk /dev/sdc failing (S.M.A.R.T.): bad"
    assert (stop.key, stop.state, stop.message) == (
        "exc:disk_failing:3",
        False,
        "volume 3 (/media/disk1): disk /dev/sdc passes",
    )


def test_the_real_smartctl_json_shape_is_what_the_parser_reads() -> None:
    """This machine's smartctl: its exit status and messages are where the parser
    reads them (a smartctl moving them would fail here)."""
    needs_smartctl()
    done = subprocess.run(
        ["smartctl", "--json=c", "-i", "/dev/null"], capture_output=True, text=True, timeout=60
    )
    data = json.loads(done.stdout)
    assert data["smartctl"]["exit_status"] == done.returncode
    assert isinstance(data["smartctl"]["messages"][0]["string"], str)


# -- the server's watch: verdict changes to the system log and the alarm engine --------


def test_the_watch_logs_and_raises_each_change_once(tmp_path: Path) -> None:
    """Readings of real samples in turn (the read injected, the watch real): a pass
    says nothing, a disk turning failing is one EXCEPTION and one ``failing`` event
    however long it lasts, a disk asleep keeps its verdict, a pass again ends it."""
    passed = parse_smartctl(*sample("ata-hdd-wdc-wd140edfz.json")[:2])
    failing = parse_smartctl(*sample("failing-hitachi-usb-jmicron.json")[:2])
    asleep = parse_smartctl(
        '{"smartctl": {"messages": [{"string": "Device is in STANDBY mode"}]}}', 2
    )
    script = [passed, failing, failing, asleep, passed]
    catalog = open_catalog(tmp_path / "catalog.sqlite3")
    thread = CatalogThread()
    try:
        volumes = VolumeManager(catalog, catalog.server_identity().server_id)
        (tmp_path / "disk").mkdir()
        volume_id = volumes.add(str(tmp_path / "disk")).id
        entries = Entries()
        seen: list[str] = []

        def read(roots: Mapping[int, Path]) -> dict[int, SmartReading]:
            seen.append(str(roots[volume_id]))
            return {volume_id: script[len(seen) - 1]}

        watch = DiskHealthWatch(thread, volumes, entries, read=read, clock=lambda: 1_800_000_000)

        async def passes() -> list[Health | None]:
            verdicts = []
            for _ in script:
                await watch.run_once()
                health = watch.health(volume_id)
                verdicts.append(None if health is None else health.reading.health)
            return verdicts

        verdicts = asyncio.run(passes())
    finally:
        thread.shutdown()
        catalog.close()
    assert verdicts == [
        Health.PASSED,
        Health.FAILING,
        Health.FAILING,
        Health.FAILING,
        Health.PASSED,
    ]
    assert entries.actions() == [
        (LogType.EXCEPTION, "disk.failing"),
        (LogType.INFORMATION, "disk.passed"),
    ]
    assert "attribute 5 (Reallocated_Sector_Ct) at or under its threshold" in entries.entries[0][2]
    assert entries.entries[0][3]["detail"]["device"] == "/dev/sdc"
    assert [(kind, facts["failing"]) for kind, facts in entries.events] == [
        (DISK_HEALTH_EVENT, False),  # the first pass: closes an exception left open
        (DISK_HEALTH_EVENT, True),
        (DISK_HEALTH_EVENT, False),
    ]
    assert entries.events[1][1]["volume_id"] == volume_id
