"""Configuration backups are sealed and opened on their own one-thread executor, not
on the pool that checks passwords (issue 11): a crafted backup asking for costly key
derivation cost 17 s and 1 GiB per preview on the pool logins wait on. (The cost
ceilings themselves are tested in tests/unit/test_config_backup_file.py.)

A real server in this process; its pools are filled with jobs the test holds, so
"does not wait for" is an invariant (the call completes while they are held), not a
timing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD
from vedette_api.client import Client

PASSPHRASE = "correct horse battery"


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def _client(inproc: InProcessServer) -> Client:
    return Client.connect(
        inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True, timeout_s=60
    )


def test_a_backup_preview_completes_while_every_password_hashing_thread_is_busy(
    inproc: InProcessServer,
) -> None:
    with _client(inproc) as client:
        exported = client.export_config(PASSPHRASE)
        release = threading.Event()
        passwords = inproc.server.passwords  # the Argon2 pool logins wait on
        held = [passwords._executor.submit(release.wait, 120) for _ in range(passwords.workers)]
        try:
            preview = client.preview_config_import(exported.data, PASSPHRASE)
            assert preview.source_server_id == inproc.server.server_id
            assert all(not job.done() for job in held)  # they were busy all along
        finally:
            release.set()


def test_a_login_completes_while_the_backup_executor_is_busy(inproc: InProcessServer) -> None:
    pool = inproc.server.config_backup_pool
    release = threading.Event()
    held = pool.submit(release.wait, 120)
    try:
        with _client(inproc) as client:
            assert client.get_my_account().user.name == "admin"
        assert not held.done()
    finally:
        release.set()
