"""Signing in: certificate pinning on first use, wrong passwords and changed
certificates refused, "remember" in the keychain; and a session that never blocks
the UI while a server hangs or is gone."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
from vedette_api.client.pinning import KnownServers, PinnedServer
from vedette_api.errors import Unavailable
from vedette_console.session import ConnectSettings, Session
from vedette_console.signin import SignInDialog

pytestmark = pytest.mark.interop


def test_sign_in_pins_on_first_use_refuses_bad_passwords_and_changed_certificates(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path, admin_password: str, memory_keyring: Any
) -> None:
    known = tmp_path / "known.json"
    session = Session()
    dialog = SignInDialog(
        session, address=recorded.server.address, username="admin", known_servers_path=known
    )
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Trust and sign in", timeout=10_000)
    assert dialog.check is not None and dialog.check.state == "new"
    shown = dialog.certificate.text().replace(":<br>", ":")
    assert dialog.check.fingerprint in shown  # the whole fingerprint, before trusting
    assert not known.exists()  # nothing pinned until the operator trusts it
    dialog.submit()
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.status.text(), timeout=10_000)
    assert session.client is None
    pinned = KnownServers(known).get(recorded.server.address)
    assert pinned is not None and pinned.fingerprint_sha256 == dialog.check.fingerprint

    dialog.password.setText(admin_password)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        dialog.submit()
    client = signed.args[0]
    assert client.certificate_fingerprint == pinned.fingerprint_sha256
    assert client.username == "admin"
    session.close()
    # "Remember": the password went to the keychain (not a file); the next dialog has it.
    assert memory_keyring.passwords == {
        ("vedette-console", f"admin@{recorded.server.address}"): admin_password
    }
    assert admin_password not in (tmp_path / "config" / "vedette" / "console.json").read_text()
    again = SignInDialog(Session(), known_servers_path=known)
    qtbot.addWidget(again)
    assert again.address.text() == recorded.server.address
    assert again.password.text() == admin_password and again.remember.isChecked()

    # A different certificate pinned for this address: refused with a warning.
    KnownServers(known).put(
        PinnedServer(
            recorded.server.address,
            "AA:" * 31 + "AA",
            pinned.certificate_pem,
            pinned.target_name,
            "",
        )
    )
    session = Session()
    dialog = SignInDialog(
        session, address=recorded.server.address, username="admin", known_servers_path=known
    )
    qtbot.addWidget(dialog)
    dialog.password.setText(admin_password)
    dialog.submit()
    qtbot.waitUntil(lambda: "Refused" in dialog.status.text(), timeout=10_000)
    assert "has changed" in dialog.certificate.text()
    assert pinned.fingerprint_sha256 in dialog.certificate.text().replace(":<br>", ":")
    dialog.submit()  # pressing again still refuses
    qtbot.waitUntil(lambda: "Refused" in dialog.status.text(), timeout=10_000)
    assert session.client is None
    assert KnownServers(known).get(recorded.server.address).fingerprint_sha256.startswith("AA:")
    session.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    listener.close()


def test_the_ui_keeps_running_while_a_server_hangs_or_is_gone(
    qtbot: QtBot, silent_port: int, recorded: Recorded
) -> None:
    session = Session()
    failures: list[Exception] = []
    session.connect_failed.connect(failures.append)
    ticks: list[float] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    session.connect_to(ConnectSettings(f"127.0.0.1:{silent_port}", "admin", "x", timeout_s=1.5))
    qtbot.waitUntil(lambda: bool(failures), timeout=15_000)
    assert isinstance(failures[0], Unavailable)
    assert time.monotonic() - started >= 1.0  # it really waited on the silent server
    gaps = np.diff(ticks)
    assert len(ticks) > 30 and gaps.max() < 0.5, f"UI stalled {gaps.max():.3f} s"

    # A signed-in session whose server stops answering: every call waits out its
    # deadline on a worker thread, the UI goes on.
    import grpc

    from vedette_api.client import Client
    from vedette_api.v1 import auth_pb2

    session.close()
    hung_timeout_s = 1.5
    channel = grpc.secure_channel(f"127.0.0.1:{silent_port}", grpc.ssl_channel_credentials())
    hung = Client(
        channel,
        server=f"127.0.0.1:{silent_port}",
        login=auth_pb2.LoginResponse(token="t", username="admin"),
        timeout_s=hung_timeout_s,
        certificate_fingerprint=None,
    )
    session = Session()
    session.adopt(hung)
    errors: list[Exception] = []
    ticks.clear()
    started = time.monotonic()
    for _ in range(8):
        session.call(lambda c: c.list_cameras(), on_error=errors.append)
    # Queued, not waited for: one call waited for would take its whole 1.5 s timeout
    # (eight, 12 s), so queueing all eight within one timeout is the invariant, and
    # leaves a loaded machine the most room that still fails a waited call.
    assert time.monotonic() - started < hung_timeout_s
    qtbot.waitUntil(lambda: len(errors) == 8, timeout=15_000)
    assert time.monotonic() - started >= 1.4
    gaps = np.diff(ticks)
    assert len(ticks) > 30 and gaps.max() < 0.5, f"UI stalled {gaps.max():.3f} s"
    timer.stop()
    session.close()
