"""A real RtspServer in this test's event loop, spoken to over loopback: credentials
are checked before a path is looked up (a client without them learns nothing of which
streams exist), and sessions are bounded per connection and per user."""

from __future__ import annotations

import asyncio
import base64

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.rtsp.auth import RtspAuthenticator
from vedette_server.rtsp.limits import RtspLimits
from vedette_server.rtsp.server import RtspServer
from vedette_server.rtsp.stream import MediaTrack, Mount

PASSWORD = "Tone-Deaf-2026!"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class _Client:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer, self.cseq = reader, writer, 0

    async def ask(self, method: str, url: str, *headers: str) -> tuple[int, dict[str, str]]:
        self.cseq += 1
        lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self.cseq}", *headers]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = (await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), 30)).decode()
        status_line, *rest = head.strip().split("\r\n")
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in rest)}
        if int(fields.get("content-length", "0")):
            await self.reader.readexactly(int(fields["content-length"]))
        return int(status_line.split()[1]), fields

    def close(self) -> None:
        self.writer.close()


async def _scenario() -> None:
    looked_up: list[str] = []

    def resolve(path: str) -> Mount | None:
        looked_up.append(path)
        return None

    server = RtspServer(
        host="127.0.0.1",
        port=0,
        authenticator=RtspAuthenticator.for_user("viewer", PASSWORD, schemes=("basic",)),
        resolver=resolve,
        limits=RtspLimits(max_sessions_per_connection=2, max_sessions_per_user=3),
    )
    server.add_mount(
        Mount("tone", [MediaTrack(CodecParameters(Codec.PCMU, sample_rate=8000, channels=1))])
    )
    await server.start()
    base = f"rtsp://127.0.0.1:{server.port}"
    auth = f"Authorization: {_basic('viewer', PASSWORD)}"
    transport = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"
    clients: list[_Client] = []
    try:
        for _ in range(3):
            clients.append(_Client(*await asyncio.open_connection("127.0.0.1", server.port)))
        first, second, third = clients
        # Without credentials every path is 401 and none is looked up.
        assert (await first.ask("DESCRIBE", f"{base}/secret-camera/main"))[0] == 401
        assert (await first.ask("DESCRIBE", f"{base}/tone"))[0] == 401
        assert looked_up == []
        assert (await first.ask("DESCRIBE", f"{base}/secret-camera/main", auth))[0] == 404
        assert looked_up == ["secret-camera/main"]
        # Two sessions on one connection, then 503; a third on another connection.
        for _ in range(2):
            assert (await first.ask("SETUP", f"{base}/tone", auth, transport))[0] == 200
        assert (await first.ask("SETUP", f"{base}/tone", auth, transport))[0] == 503
        assert (await second.ask("SETUP", f"{base}/tone", auth, transport))[0] == 200
        # The user has 3 now: a fourth is refused wherever it comes from.
        assert (await third.ask("SETUP", f"{base}/tone", auth, transport))[0] == 503
        second.close()  # its session ends with its connection
        for _ in range(100):
            if len(server.sessions) == 2:
                break
            await asyncio.sleep(0.05)
        assert (await third.ask("SETUP", f"{base}/tone", auth, transport))[0] == 200
    finally:
        for client in clients:
            client.close()
        await server.aclose()


def test_credentials_come_before_lookups_and_sessions_are_bounded() -> None:
    asyncio.run(_scenario())
