"""A webhook receiver for tests: the stdlib's ``ThreadingHTTPServer`` on 127.0.0.1 (port 0)
in a thread, checking every request's Standard Webhooks signature with
``notify.webhook.verify`` and answering from a script of statuses."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vedette_server.notify.webhook import WebhookVerificationError, verify


@dataclass(frozen=True)
class Received:
    msg_id: str
    body: bytes
    #: None when the signature checked out; else why not.
    error: str | None


@dataclass
class WebhookReceiver:
    """Answers the n-th POST with ``script[n]`` (the last one once it runs out)."""

    secret: str
    script: Sequence[int] = (200,)
    #: Headers every answer carries (``Retry-After``).
    headers: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        try:
            verify(self.secret, headers, body)
            error = None
        except WebhookVerificationError as refused:
            error = str(refused)
        with self.lock:
            self.received.append(Received(headers.get("webhook-id", ""), body, error))
            return self.script[min(len(self.received), len(self.script)) - 1]

    def count(self) -> int:
        with self.lock:
            return len(self.received)


@contextmanager
def receiving(receiver: WebhookReceiver) -> Iterator[str]:
    """Serve ``receiver``; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            status = receiver.answer(headers, body)
            self.send_response(status)
            for name, value in receiver.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="webhook-rx")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks/vedette"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(30)
