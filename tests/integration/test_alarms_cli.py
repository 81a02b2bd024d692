"""The ``vedette`` CLI's alarm commands against a real server: ``alarms trigger``,
``list``, ``ack``, ``comment``, ``close`` (a stale ``--version`` refused in words),
``rules list/show/put/rm`` from a JSON file, and ``events watch --json`` printing one
object per line with ``seq`` that resumes after a dropped connection without losing
or repeating an alarm."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, init_data_dir, start_server

WAIT_S = 60.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("alarms-cli")
    assert init_data_dir(tmp / "data").returncode == 0
    started = start_server(tmp / "data", tmp / "known.json")
    yield started
    started.stop()


def _env(address: str, home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=address,
        XDG_CONFIG_HOME=str(home),
    )


def _vedette() -> str:
    return str(Path(sys.executable).parent / "vedette")


def vedette(
    server: ServerProcess, home: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [_vedette(), *args], env=_env(server.address, home), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_alarms_from_the_command_line(server: ServerProcess, tmp_path: Path) -> None:
    raised = json.loads(
        vedette(server, tmp_path, "alarms", "trigger", "--name", "Smoke", "--priority", "1",
                "--json").stdout
    )  # fmt: skip
    assert (raised["state"], raised["priority"], raised["version"]) == ("new", 1, 1)
    listed = json.loads(
        vedette(server, tmp_path, "alarms", "list", "--state", "new", "--json").stdout
    )
    assert raised["id"] in [a["id"] for a in listed]
    alarm = str(raised["id"])
    assert vedette(server, tmp_path, "alarms", "ack", alarm).stdout == "1 acknowledged\n"
    again = vedette(server, tmp_path, "alarms", "ack", alarm, check=False)
    assert again.returncode == 1 and "not new" in again.stderr
    vedette(server, tmp_path, "alarms", "comment", alarm, "checked the kitchen")
    stale = vedette(server, tmp_path, "alarms", "close", alarm, "--resolution", "false_alarm",
                    "--version", "1", check=False)  # fmt: skip
    assert stale.returncode == 1
    assert "changed by admin" in stale.stderr and "Traceback" not in stale.stderr
    closed = json.loads(
        vedette(server, tmp_path, "alarms", "close", alarm, "--resolution", "false_alarm",
                "--text", "toast", "--json").stdout
    )  # fmt: skip
    assert (closed["state"], closed["resolution"]) == ("closed", "false_alarm")
    shown = json.loads(vedette(server, tmp_path, "alarms", "show", alarm, "--json").stdout)
    assert [a["kind"] for a in shown["activities"]] == ["created", "state", "comment", "state"]
    usage = vedette(server, tmp_path, "alarms", "ack", check=False)
    assert usage.returncode == 2 and "--all" in usage.stderr


def test_rules_from_the_command_line(server: ServerProcess, tmp_path: Path) -> None:
    rules = json.loads(vedette(server, tmp_path, "rules", "list", "--json").stdout)
    builtin = next(r for r in rules if r["builtin"])
    shown = vedette(server, tmp_path, "rules", "show", str(builtin["id"]), "--json").stdout
    definition = tmp_path / "rule.json"
    definition.write_text(shown)  # what `rules show --json` prints can be put back
    put = json.loads(
        vedette(server, tmp_path, "rules", "put", "My copy", "--file", str(definition),
                "--disable", "--json").stdout
    )  # fmt: skip
    assert put["created"] and not put["enabled"]
    assert put["definition"] == json.loads(shown)["definition"]
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    refused = vedette(server, tmp_path, "rules", "put", "X", "--file", str(broken), check=False)
    assert refused.returncode == 1 and "not JSON" in refused.stderr
    vedette(server, tmp_path, "rules", "rm", "My copy")
    gone = vedette(server, tmp_path, "rules", "show", "My copy", check=False)
    assert gone.returncode == 1 and "not found" in gone.stderr


class DroppingRelay:
    """A loopback TCP relay to the server whose connections can all be cut at once
    (a dropped network), while it keeps accepting new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        with self.lock:
            cut, self.sockets = self.sockets, []
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()
        self.drop()


def test_events_watch_prints_json_lines_and_resumes_after_a_dropped_connection(
    server: ServerProcess, tmp_path: Path
) -> None:
    host, port = server.address.rsplit(":", 1)
    relay = DroppingRelay((host, int(port)))
    watch = subprocess.Popen(
        [_vedette(), "events", "watch", "--kinds", "alarms", "--json", "--heartbeats",
         "--count", "3"],
        env=_env(f"127.0.0.1:{relay.port}", tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert watch.stdout is not None
        for line in watch.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = json.loads(lines.get(timeout=WAIT_S))
        assert first["kind"] == "heartbeat" and first["run_id"]
        names = ["Before the drop", "During the drop", "After the drop"]
        vedette(server, tmp_path, "alarms", "trigger", "--name", names[0])
        told = []
        while len(told) < 1:
            message = json.loads(lines.get(timeout=WAIT_S))
            if message["kind"] == "alarm":
                told.append(message)
        relay.drop()  # the watcher loses its connection; it resumes after its last seq
        vedette(server, tmp_path, "alarms", "trigger", "--name", names[1])
        vedette(server, tmp_path, "alarms", "trigger", "--name", names[2])
        assert watch.wait(timeout=WAIT_S) == 0, watch.stderr.read() if watch.stderr else ""
        while not lines.empty():
            message = json.loads(lines.get())
            if message["kind"] == "alarm":
                told.append(message)
    finally:
        watch.kill()
        relay.close()
    assert [m["alarm"]["title"] for m in told] == names
    seqs = [m["seq"] for m in told]
    assert seqs == sorted(set(seqs)), "in order, none twice"
    assert not any(m["alarm"]["snapshot"] for m in told[1:]), "resumed, not reloaded"
    assert watch.stderr is not None and "lost" in watch.stderr.read()
