"""UploadUpgrade and GetUpgradeStatus (SYS-06) on a real server: each bad bundle is
refused with its reason and leaves nothing in the hand-over directory; a good one is
handed over (PENDING, request.json written last) and a second upload while it waits
is ABORTED. The full disk is a real small file system."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import grpc
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.integration.test_cli import vedette
from tests.support.server_process import ServerProcess
from tests.support.small_filesystem import small_filesystem
from tests.support.upgrade_bundles import (
    make_bundle,
    newer_version,
    rewrite_bundle,
    skip_without_dpkg,
    write_keys,
)
from vedette_api.client import Client
from vedette_api.errors import Aborted, FailedPrecondition, error_from_rpc
from vedette_api.v1 import system_pb2, system_pb2_grpc
from vedette_server.upgrade.handoff import UpgradeDir, read_json
from vedette_server.upgrade.host import running_version
from vedette_server.upgrade.intake import UpgradeIntake
from vedette_server.upgrade.refusal import UpgradeRefused, UpgradeRunning


def left_behind(directory: Path) -> list[str]:
    """Every file under the hand-over directory (the empty incoming/ aside)."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


def refused(client: Client, bundle: Path) -> str:
    with pytest.raises(FailedPrecondition) as info:
        client.upload_upgrade(bundle)
    return info.value.reason


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    skip_without_dpkg()
    return write_keys(tmp_path / "keys")


def test_a_server_without_upgrade_keys_says_it_takes_no_upgrades(
    server_factory, keys: Path, tmp_path: Path
) -> None:
    server: ServerProcess = server_factory("--upgrade-keys", str(tmp_path / "none"), volume=False)
    with server.client() as client:
        assert client.get_upgrade_status().state == system_pb2.UPGRADE_STATE_NONE
        bundle = make_bundle(tmp_path / "b")
        with pytest.raises(FailedPrecondition) as info:
            client.upload_upgrade(bundle)
        assert info.value.reason == "UPGRADE_NOT_SUPPORTED"
        assert "no upgrade key" in str(info.value)
    assert left_behind(server.data / "upgrade") == []


def test_bad_bundles_are_refused_with_their_reason_and_leave_nothing(
    server_factory, keys: Path, tmp_path: Path
) -> None:
    upgrade_dir = tmp_path / "handoff"
    server: ServerProcess = server_factory(
        "--upgrade-keys", str(keys), "--upgrade-dir", str(upgrade_dir), volume=False
    )
    good = make_bundle(tmp_path / "good")
    other_arch = "arm64" if os.uname().machine == "x86_64" else "amd64"
    bad = {
        "UPGRADE_BAD_SIGNATURE": [
            make_bundle(tmp_path / "stranger", key=Ed25519PrivateKey.generate()),
            rewrite_bundle(good, tmp_path / "unsigned.vup", {"manifest.sig": None}),
        ],
        "UPGRADE_TAMPERED": [tmp_path / "flipped.vup"],
        "UPGRADE_DOWNGRADE": [make_bundle(tmp_path / "old", version="0.0.1")],
        "UPGRADE_WRONG_ARCH": [make_bundle(tmp_path / "arch", arch=other_arch)],
    }
    data = bytearray(good.read_bytes())
    data[data.rindex(b"data.tar") + 200] ^= 0x01
    (tmp_path / "flipped.vup").write_bytes(bytes(data))
    with server.client() as client:
        for reason, bundles in bad.items():
            for bundle in bundles:
                assert refused(client, bundle) == reason, bundle
                assert left_behind(upgrade_dir) == [], bundle
        # An upload that ends short of its announced size: truncated.
        stub = system_pb2_grpc.SystemServiceStub(client.channel)
        payload = good.read_bytes()
        short = [system_pb2.UploadUpgradeRequest(chunk=payload[:1000], total_bytes=len(payload))]
        with pytest.raises(grpc.RpcError) as info:
            stub.UploadUpgrade(iter(short), metadata=client._metadata, timeout=60)
        assert info.value.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert error_from_rpc(info.value, server="test").reason == "UPGRADE_TRUNCATED"
        assert left_behind(upgrade_dir) == []
        assert client.get_upgrade_status().state == system_pb2.UPGRADE_STATE_NONE
    refusal = vedette(
        server, tmp_path / "home", "upgrade", str(bad["UPGRADE_DOWNGRADE"][0]), check=False
    )
    assert refusal.returncode == 1 and "is not newer than the running" in refusal.stderr
    assert left_behind(upgrade_dir) == []


def test_a_good_bundle_is_handed_over_and_a_second_upload_waits(
    server_factory, keys: Path, tmp_path: Path
) -> None:
    upgrade_dir = tmp_path / "handoff"
    server: ServerProcess = server_factory(
        "--upgrade-keys", str(keys), "--upgrade-dir", str(upgrade_dir), volume=False
    )
    good = make_bundle(tmp_path / "good")
    seen: list[tuple[int, int]] = []
    with server.client() as client:
        status = client.upload_upgrade(
            good, progress=lambda sent, total: seen.append((sent, total))
        )
        assert status.state == system_pb2.UPGRADE_STATE_PENDING
        assert (status.bundle_version, status.running_version) == (
            newer_version(),
            running_version(),
        )
        assert seen[-1] == (good.stat().st_size, good.stat().st_size)
        handoff = UpgradeDir(upgrade_dir)
        assert handoff.bundle.read_bytes() == good.read_bytes()
        request = read_json(handoff.request)
        assert request is not None and request["version"] == newer_version()
        assert client.get_upgrade_status().state == system_pb2.UPGRADE_STATE_PENDING
        with pytest.raises(Aborted) as info:
            client.upload_upgrade(good)
        assert info.value.reason == "UPGRADE_RUNNING"
        assert left_behind(upgrade_dir) == ["bundle.vup", "request.json"]
        # The command line says the same.
        home = tmp_path / "home"
        shown = vedette(server, home, "upgrade", "status")
        assert shown.stdout.startswith(f"pending: version {newer_version()}")
        again = vedette(server, home, "upgrade", str(good), check=False)
        assert again.returncode == 1 and "another upgrade" in again.stderr
        # The system log says who handed which version over.
        entries = list(client.search_logs(text="handed to the host", limit=5))
        assert entries and entries[0].username == "admin"


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    with small_filesystem(tmp_path / "fs", 3) as mount:
        if mount is None:
            pytest.skip("this machine does not let the test mount a small file system")
        yield mount


def test_a_bundle_larger_than_the_free_space_is_refused_and_nothing_is_kept(
    server_factory, keys: Path, tmp_path: Path, small_fs: Path
) -> None:
    server: ServerProcess = server_factory(
        "--upgrade-keys", str(keys), "--upgrade-dir", str(small_fs / "upgrade"), volume=False
    )
    big = make_bundle(tmp_path / "big", padding_bytes=4 * 1024 * 1024)
    with server.client() as client:
        assert refused(client, big) == "UPGRADE_NO_SPACE"
        assert left_behind(small_fs / "upgrade") == []
        # The server still takes a bundle that fits.
        status = client.upload_upgrade(make_bundle(tmp_path / "small"))
        assert status.state == system_pb2.UPGRADE_STATE_PENDING


def test_a_disk_that_fills_during_the_upload_is_no_space_and_the_part_is_removed(
    keys: Path, small_fs: Path
) -> None:
    intake = UpgradeIntake(small_fs / "upgrade", keys)
    total = 2 * 1024 * 1024  # fits the 3 MB file system when the upload starts

    async def chunks() -> AsyncIterator[bytes]:
        # Something else fills the disk once the upload has begun.
        (small_fs / "filler").write_bytes(os.urandom(2 * 1024 * 1024))
        for _ in range(total // 65536):
            yield os.urandom(65536)

    with pytest.raises(UpgradeRefused) as info:
        asyncio.run(intake.upload(total, chunks()))
    assert info.value.reason == "UPGRADE_NO_SPACE"
    assert left_behind(small_fs / "upgrade") == []


def test_an_upload_while_another_is_being_received_is_running(keys: Path, tmp_path: Path) -> None:
    intake = UpgradeIntake(tmp_path / "upgrade", keys)
    bundle = make_bundle(tmp_path / "b").read_bytes()

    async def both() -> str:
        go_on = asyncio.Event()

        async def slow() -> AsyncIterator[bytes]:
            yield bundle[:100]
            await go_on.wait()
            yield bundle[100:]

        first = asyncio.create_task(intake.upload(len(bundle), slow()))
        await asyncio.sleep(0)  # the first one is in
        with pytest.raises(UpgradeRunning):
            await intake.upload(len(bundle), slow())
        go_on.set()
        return (await first).version

    assert asyncio.run(both()) == newer_version()
    assert left_behind(tmp_path / "upgrade") == ["bundle.vup", "request.json"]
