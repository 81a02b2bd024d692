"""An ingest worker's channel keeps every message while the main process is slow.

bench/soak.py found workers whose messages stopped for good under load: waiting
for commands set a timeout on the socket the writer thread shares, so a send that
waited longer for a busy main process failed and closed the channel. Real
socketpair, buffers made small so that a few messages fill them.
"""

from __future__ import annotations

import socket
import time

from vedette_api.media.records import RecordDecoder
from vedette_server.ingest.channel import WorkerChannel
from vedette_server.ingest.messages import SetLive, VolumeError, decode_message, encode_message

MESSAGES = 400  # ~60 kB: far more than the small buffers hold


def read_messages(sock: socket.socket, count: int) -> list[object]:
    """``count`` messages from the main process' end (blocking, 60 s at most)."""
    sock.settimeout(60)
    decoder = RecordDecoder()
    out: list[object] = []
    while len(out) < count:
        try:
            data = sock.recv(65536)
        except TimeoutError:
            raise AssertionError(f"{len(out)} of {count} messages in 60 s") from None
        assert data, f"the worker's end closed after {len(out)} messages"
        out += [decode_message(record) for record in decoder.feed(data)]
    return out


def test_a_send_that_waits_for_a_slow_main_process_is_delivered() -> None:
    worker_end, main_end = socket.socketpair()
    for sock in (worker_end, main_end):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    channel = WorkerChannel(worker_end)
    channel.start()
    try:
        main_end.sendall(encode_message(SetLive(1, "main", True)))
        assert channel.receive(60) == [SetLive(1, "main", True)]
        assert channel.receive(0.01) == []  # nothing more: the wait ends, empty
        sent = [VolumeError(1, "main", 1, 28, f"message {i} " + "x" * 120) for i in range(MESSAGES)]
        for message in sent:
            channel.send(message)
        time.sleep(0.5)  # the main process reads nothing meanwhile: the writer waits
        assert read_messages(main_end, MESSAGES) == sent
        channel.send(sent[0])  # and the channel is still open
        assert read_messages(main_end, 1) == [sent[0]]
    finally:
        channel.close()
        worker_end.close()
        main_end.close()
