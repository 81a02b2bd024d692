"""``vedette notify`` against a real server process: SMTP settings from a password file,
a test mail through aiosmtpd (STARTTLS, AUTH), recipients, a signed test webhook and the
delivery log, with secrets never printed and bad input refused with exit status 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from tests.support.smtp_inbox import (
    BOUND_S,
    PASSWORD,
    SENDER,
    USER,
    Inbox,
    Tls,
    make_tls,
    smtp_in_thread,
)
from tests.support.webhook_receiver import WebhookReceiver, receiving
from vedette_server.notify.webhook import new_secret

RCPT = "guard@example.test"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("notify-cli")) as process:
        yield process


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("smtp-tls"))


def vedette(server: ServerProcess, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )
    environment.pop("VEDETTE_SMTP_PASSWORD", None)
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=BOUND_S * 2,
        stdin=subprocess.DEVNULL,
    )


def cli_json(server: ServerProcess, home: Path, *args: str) -> Any:
    result = vedette(server, home, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_smtp_set_from_a_password_file_and_a_test_mail(
    server: ServerProcess, tmp_path: Path, tls: Tls
) -> None:
    password_file = tmp_path / "smtp-password"
    password_file.write_text(PASSWORD + "\n")
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=tls.server) as port:
        result = vedette(
            server, tmp_path, "notify", "smtp", "set", "--host", "127.0.0.1", "--port",
            str(port), "--starttls", "--user", USER, "--password-file", str(password_file),
            "--sender", SENDER, "--ca-file", str(tls.cert), "--json",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        stored = json.loads(result.stdout)
        shown = cli_json(server, tmp_path, "notify", "smtp", "show")
        sent = cli_json(server, tmp_path, "notify", "test-mail", RCPT)
        text = vedette(server, tmp_path, "notify", "smtp", "show")
    assert stored == shown
    assert stored["security"] == "starttls" and stored["user"] == USER
    assert stored["password_set"] and stored["tls_ca_set"] and stored["port"] == port
    assert PASSWORD not in result.stdout + result.stderr + text.stdout
    assert sent["accepted"] and "queued as T1" in sent["reply"]
    assert inbox.mails[0].rcpt_tos == [RCPT]
    assert text.stdout.startswith(f"127.0.0.1:{port} starttls as {USER} (password set)")


def test_bad_input_is_refused_with_a_clear_error(server: ServerProcess, tmp_path: Path) -> None:
    injected = vedette(server, tmp_path, "notify", "test-mail", "a@example.test\r\nBcc: x@y.test")
    assert injected.returncode == 1 and "line break (CR/LF)" in injected.stderr
    missing = vedette(
        server, tmp_path, "notify", "webhooks", "add", "http://127.0.0.1:9/h",
        "--secret-file", str(tmp_path / "absent"),
    )  # fmt: skip
    assert missing.returncode == 1 and "--secret-file: cannot read" in missing.stderr
    no_sender = vedette(server, tmp_path, "notify", "smtp", "set", "--host", "h", "--port", "25")
    assert no_sender.returncode == 2 and "--sender" in no_sender.stderr
    unknown = vedette(server, tmp_path, "notify", "recipients", "rm", "nobody@example.test")
    assert unknown.returncode == 1 and "nobody@example.test" in unknown.stderr


def test_recipients_are_added_listed_and_removed(server: ServerProcess, tmp_path: Path) -> None:
    added = cli_json(
        server, tmp_path, "notify", "recipients", "add", "night@example.test",
        "--schedule", "24x2", "--snapshot", "--max-per-hour", "5",
    )  # fmt: skip
    assert added["schedule"] == "24x2" and added["snapshot"] and added["max_per_hour"] == 5
    listed = cli_json(server, tmp_path, "notify", "recipients", "list")["recipients"]
    assert added in listed
    changed = cli_json(
        server, tmp_path, "notify", "recipients", "set", "night@example.test", "--disable"
    )
    assert changed["enabled"] is False
    removed = vedette(server, tmp_path, "notify", "recipients", "rm", str(added["id"]))
    assert removed.returncode == 0, removed.stderr
    listed = cli_json(server, tmp_path, "notify", "recipients", "list")["recipients"]
    assert all(r["id"] != added["id"] for r in listed)


def test_a_webhook_from_a_secret_file_takes_a_signed_test(
    server: ServerProcess, tmp_path: Path
) -> None:
    secret = new_secret()
    secret_file = tmp_path / "secret"
    secret_file.write_text(secret + "\n")
    receiver = WebhookReceiver(secret)
    with receiving(receiver) as url:
        added = cli_json(
            server, tmp_path, "notify", "webhooks", "add", url, "--secret-file", str(secret_file)
        )
        tested = cli_json(server, tmp_path, "notify", "webhooks", "test", str(added["id"]))
        listed = vedette(server, tmp_path, "notify", "webhooks", "list", "--json")
        gone = vedette(server, tmp_path, "notify", "webhooks", "rm", str(added["id"]))
    assert added["secret_set"] and added["enabled"]
    assert tested["delivered"] and tested["status"] == 200
    (got,) = receiver.received
    assert got.error is None and got.msg_id == tested["message_id"]
    assert secret not in listed.stdout and gone.returncode == 0


def test_deliveries_print_as_json(server: ServerProcess, tmp_path: Path) -> None:
    listed = cli_json(server, tmp_path, "notify", "deliveries", "--state", "failed")
    assert isinstance(listed["deliveries"], list)
    assert all(d["state"] == "failed" for d in listed["deliveries"])
    wrong = vedette(server, tmp_path, "notify", "deliveries", "--state", "lost")
    assert wrong.returncode == 2
