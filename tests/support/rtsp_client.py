"""A minimal RTSP/RTP-over-TCP client for tests, written from RFC 2326 (not from our server).

It records every interleaved packet with its arrival time, so tests can check
order, completeness and timeliness; it can stop reading to play a slow client.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import time
from dataclasses import dataclass, field

from vedette_server.rtsp.rtcp import parse_rtcp

_HEADER_END = b"\r\n\r\n"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Arrival:
    channel: int
    data: bytes
    wall_s: float


@dataclass
class RtspTestClient:
    host: str
    port: int
    user: str | None = None
    password: str | None = None
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    cseq: int = 0
    session: str | None = None
    arrivals: list[Arrival] = field(default_factory=list)
    responses: asyncio.Queue[Response] = field(default_factory=asyncio.Queue)
    _auth: tuple[str, dict[str, str]] | None = None
    _pump: asyncio.Task[None] | None = None
    reading: asyncio.Event = field(default_factory=asyncio.Event)

    async def connect(self, *, receive_buffer: int | None = None) -> None:
        if receive_buffer is not None:
            import socket

            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            sock.connect((self.host, self.port))
            self.reader, self.writer = await asyncio.open_connection(sock=sock, limit=1 << 16)
        else:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.reading.set()
        self._pump = asyncio.get_running_loop().create_task(self._read_loop())

    def url(self, path: str) -> str:
        return f"rtsp://{self.host}:{self.port}/{path}"

    async def close(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
        if self.writer is not None:
            self.writer.close()

    async def send_raw(self, data: bytes) -> None:
        assert self.writer is not None
        self.writer.write(data)
        await self.writer.drain()

    async def request(
        self, method: str, uri: str, headers: dict[str, str] | None = None, timeout: float = 10
    ) -> Response:
        for _ in range(2):
            self.cseq += 1
            lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {self.cseq}", "User-Agent: vedette-tests"]
            if self.session and method not in ("OPTIONS", "DESCRIBE"):
                lines.append(f"Session: {self.session}")
            if self._auth is not None:
                lines.append(f"Authorization: {self._authorization(method, uri)}")
            lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
            await self.send_raw(("\r\n".join(lines) + "\r\n\r\n").encode())
            response = await asyncio.wait_for(self.responses.get(), timeout)
            if response.status == 401 and self._auth is None and self.user is not None:
                self._auth = _parse_challenge(response.headers.get("www-authenticate", ""))
                continue
            if "session" in response.headers:
                self.session = response.headers["session"].split(";")[0]
            return response
        return response

    def _authorization(self, method: str, uri: str) -> str:
        assert self._auth is not None and self.user is not None and self.password is not None
        scheme, params = self._auth
        if scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            return f"Basic {token}"
        realm, nonce = params["realm"], params["nonce"]
        ha1 = hashlib.md5(f"{self.user}:{realm}:{self.password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
        response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode()).hexdigest()
        return (
            f'Digest username="{self.user}", realm="{realm}", nonce="{nonce}", '
            f'uri="{uri}", response="{response}"'
        )

    async def play(self, path: str, tracks: tuple[int, ...] = (0,)) -> Response:
        """DESCRIBE, SETUP each track over TCP (channels 2i, 2i+1), PLAY."""
        url = self.url(path)
        described = await self.request("DESCRIBE", url, {"Accept": "application/sdp"})
        if described.status != 200:
            return described
        for index in tracks:
            transport = f"RTP/AVP/TCP;unicast;interleaved={2 * index}-{2 * index + 1}"
            setup = await self.request("SETUP", f"{url}/trackID={index}", {"Transport": transport})
            if setup.status != 200:
                return setup
        return await self.request("PLAY", url, {"Range": "npt=0.000-"})

    async def _read_loop(self) -> None:
        """Split the byte stream into interleaved frames and responses (read in chunks)."""
        assert self.reader is not None
        buffer = bytearray()
        while True:
            await self.reading.wait()
            chunk = await self.reader.read(1 << 16)
            if not chunk:
                return
            now = time.time()
            buffer += chunk
            while buffer:
                if buffer[0] == 0x24:
                    if len(buffer) < 4:
                        break
                    size = int.from_bytes(buffer[2:4], "big")
                    if len(buffer) < 4 + size:
                        break
                    self.arrivals.append(Arrival(buffer[1], bytes(buffer[4 : 4 + size]), now))
                    del buffer[: 4 + size]
                    continue
                end = buffer.find(_HEADER_END)
                if end < 0:
                    break
                lines = buffer[:end].decode("latin-1").split("\r\n")
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                if len(buffer) < end + 4 + length:
                    break
                body = bytes(buffer[end + 4 : end + 4 + length])
                del buffer[: end + 4 + length]
                await self.responses.put(Response(int(lines[0].split()[1]), headers, body))

    async def wait_for_media(self, channel: int = 0, timeout: float = 5.0) -> None:
        """Wait until at least one packet arrived on ``channel``."""
        deadline = time.monotonic() + timeout
        while not self.rtp(channel):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no packet on channel {channel} within {timeout} s")
            await asyncio.sleep(0.02)

    # -- what was received ------------------------------------------------------

    def rtp(self, channel: int = 0) -> list[Arrival]:
        return [a for a in self.arrivals if a.channel == channel]

    def sender_reports(self, channel: int = 1) -> list[tuple[int, int]]:
        """(wall µs, rtp timestamp) of every sender report received on ``channel``."""
        out = []
        for arrival in self.arrivals:
            if arrival.channel == channel:
                for packet in parse_rtcp(arrival.data):
                    if packet.sender_info is not None:
                        out.append((packet.sender_info.wall_us, packet.sender_info.rtp_timestamp))
        return out


def _parse_challenge(value: str) -> tuple[str, dict[str, str]]:
    scheme = value.split(" ", 1)[0].lower()
    params = dict(re.findall(r'(\w+)="([^"]*)"', value))
    return scheme, params
