"""The seed corpora in ``tests/data/fuzz/<harness>/``, made from real traffic.

``bench/fuzz.py --make-seeds`` runs it. camsim serves H.264 with AAC, then H.265
with PCMU behind Digest authentication; ffmpeg reads each through a recording TCP
proxy, so the RTSP seeds are ffmpeg's real requests and camsim's real answers (SDP,
RTP and RTCP included); the RTP seeds are the packets of those captures; the segment
seeds are files ``SegmentWriter`` wrote from the captured H.264 frames; the ONVIF
seeds are camsim's answers to a WS-Discovery probe, Media2 GetProfiles and
GetVideoEncoderConfigurationOptions, and PullMessages; Pelco seeds are encoded
commands; the configuration backup seeds are files ``seal_config`` sealed. Each
harness's seeds are capped well under 100 KB.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

from fuzz_harnesses.config_backup import SIGNING_KEY
from fuzz_harnesses.onvif_soap import MESSAGE_ID
from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_hw.pelco import (
    Aux,
    AuxOp,
    Command,
    Move,
    Pattern,
    PatternOp,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Stop,
    encode,
)
from vedette_server.config_backup.sealed_file import KdfParameters, seal_config
from vedette_server.onvif.discovery import build_probe
from vedette_server.onvif.soap_post import signed_envelope
from vedette_server.rtsp.depacketize import H264Depacketizer
from vedette_server.rtsp.interleaved import InterleavedReader, RtspMessage
from vedette_server.storage.segment_file import SegmentWriter

_CAPTURE_BYTES = 4095  # of the camera's side, per capture: with the mode byte, 4 KB (max_len)
_TR2 = "http://www.onvif.org/ver20/media/wsdl"
_TEV = "http://www.onvif.org/ver10/events/wsdl"


class _Capture:
    """A TCP proxy to ``target`` that keeps what each side sent."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.client = bytearray()
        self.server = bytearray()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            near, _ = self.listener.accept()
            far = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(near, far, self.client), daemon=True).start()
            self._pump(far, near, self.server)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, kept: bytearray) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                kept += data
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def _camsim(*options: str) -> Iterator[list[str]]:
    """camsim with one camera; yields its startup lines (URLs) once it is ready."""
    command = [sys.executable, "-m", "vedette_server.camsim.cli", "--cameras", "1"]
    command += ["--rtsp-port", "0", "--main", "320x180", "--sub", "none", "--fps", "10"]
    command += ["--main-kbps", "100"]
    process = subprocess.Popen([*command, *options], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    try:
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("camsim ready"):
                break
        else:
            raise RuntimeError(f"camsim did not start: {lines}")
        yield lines
    finally:
        process.terminate()
        process.wait(60)


def _record(url: str, seconds: float = 2.0) -> _Capture:
    """ffmpeg reading ``url`` (host part rewritten to the proxy) for ``seconds``."""
    match = re.match(r"rtsp://(?:([^@/]*)@)?([\d.]+):(\d+)(/.*)", url)
    assert match, url
    capture = _Capture((match[2], int(match[3])))
    userinfo = f"{match[1]}@" if match[1] else ""
    proxied = f"rtsp://{userinfo}127.0.0.1:{capture.port}{match[4]}"
    ffmpeg = ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp"]
    ffmpeg += ["-i", proxied, "-t", str(seconds), "-c", "copy", "-f", "null", "-"]
    subprocess.run(ffmpeg, check=True, timeout=120)
    return capture


def _frames(data: bytes) -> tuple[list[RtspMessage], dict[int, list[bytes]]]:
    """The messages and each channel's frames of a camera's side of a capture."""
    reader = InterleavedReader()
    frames: dict[int, list[bytes]] = {channel: [] for channel in range(4)}

    def keeper(kept: list[bytes]) -> Callable[[memoryview, int, int], None]:
        return lambda view, start, end: kept.append(bytes(view[start:end]))

    for channel, kept in frames.items():
        reader.set_channel(channel, keeper(kept))
    messages: list[RtspMessage] = []
    for start in range(0, len(data), 65536):  # feed() takes at most a buffer's room
        reader.feed(data[start : start + 65536])
        reader.drain(messages)
    return messages, frames


def _packets(packets: list[bytes], limit: int) -> bytes:
    """``_split.packets`` form (u16 length + packet), whole packets up to ``limit``."""
    out = bytearray(b"\x00")  # the mode byte: payload types left as forced
    for packet in packets:
        if len(out) + 2 + len(packet) > limit:
            break
        out += len(packet).to_bytes(2, "big") + packet
    return bytes(out)


def _write(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _rtsp_seeds(out: Path) -> list[bytes]:
    """RTSP, SDP and RTP seeds; returns the H.264 capture's video packets."""
    with _camsim("--codec", "h264", "--audio", "--audio-codec", "aac") as lines:
        h264 = _record(lines[0])
    with _camsim(
        "--codec", "h265", "--audio", "--audio-codec", "pcmu", "--user", "admin",
        "--password", "fuzz-seed",
    ) as lines:  # fmt: skip
        h265 = _record(lines[0].replace("rtsp://", "rtsp://admin:fuzz-seed@"))
    video_h264: list[bytes] = []
    for codec, capture, audio in (("h264", h264, "aac"), ("h265", h265, "g711")):
        _write(out / "rtsp_request", f"ffmpeg-{codec}.bin", b"\x40" + bytes(capture.client))
        camera = bytes(capture.server[:_CAPTURE_BYTES])
        _write(out / "rtsp_response", f"camsim-{codec}.bin", b"\x40" + camera)
        messages, frames = _frames(bytes(capture.server[:400_000]))
        sdp = next(m.body for m in messages if m.body.startswith(b"v=0"))
        _write(out / "sdp", f"camsim-{codec}.sdp", sdp)
        _write(out / f"rtp_{codec}", "camsim.bin", _packets(frames[0], 16_000))
        _write(out / f"rtp_{audio}", f"camsim-{codec}.bin", _packets(frames[2], 8_000))
        _write(out / "rtsp_response", f"rtcp-{codec}.bin", b"\x40" + b"".join(
            b"$\x01" + len(f).to_bytes(2, "big") + f for f in frames[1][:4]
        ))  # fmt: skip
        if codec == "h264":
            video_h264 = frames[0]
    return video_h264


def _segment_seeds(out: Path, packets: list[bytes]) -> None:
    """Segment files written by ``SegmentWriter`` from the captured H.264 frames."""
    units: list[tuple[int, int, int, bool, bytes]] = []
    unpacker = H264Depacketizer(0, 96, units)
    for packet in packets:
        unpacker.push(memoryview(packet), 0, len(packet))
        unpacker.settle()
    unpacker.flush()
    params = CodecParameters(Codec.H264, width=320, height=180, frame_rate=Fraction(10))
    header = SegmentHeader(1, "main", 1_700_000_000_000_000, (params,))
    folder = Path(tempfile.mkdtemp(prefix="vedette-fuzz-seeds-"))
    try:
        for name, count, extra in (("clean", 3, False), ("controls", 2, True)):
            path = folder / f"{name}.vseg"
            with SegmentWriter.create(path, header, fsync_interval_s=0) as writer:
                for i, (_, _, _, keyframe, data) in enumerate(units[:count]):
                    when = header.start_us + i * 100_000
                    writer.append_packet(
                        MediaPacket(PacketKind.VIDEO, when, 100_000, keyframe, data[:1500])
                    )
                    if extra and i == 0:
                        writer.append_discontinuity(when + 50_000, "camera clock jumped")
                        writer.append_codec_change(0, params, when + 60_000)
            data = path.read_bytes()
            _write(out / "segment", f"{name}.bin", b"\x01" + data)  # odd: CRCs refixed
            if name == "clean":
                _write(out / "segment", "torn.bin", b"\x00" + data[: len(data) - 100])
    finally:
        shutil.rmtree(folder)


def _soap(url: str, body: str) -> bytes:
    request = urllib.request.Request(
        url,
        data=signed_envelope(body, None),
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return bytes(answer.read())


def _onvif_seeds(out: Path) -> None:
    with _camsim("--onvif", "--onvif-port", "0", "--discovery-port", "0") as lines:
        onvif = next(line for line in lines if line.startswith("onvif "))
        _, _, device_url, _, discovery = onvif.split()
        base = device_url.rsplit("/onvif/", 1)[0]
        host, port = discovery.removeprefix("udp://").rsplit(":", 1)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.settimeout(30)
            udp.sendto(build_probe(MESSAGE_ID), (host, int(port)))
            _write(out / "onvif_soap", "probe-matches.xml", udp.recv(65536))
        profiles = _soap(
            f"{base}/onvif/media2_service",
            f'<tr2:GetProfiles xmlns:tr2="{_TR2}"><tr2:Type>All</tr2:Type></tr2:GetProfiles>',
        )
        _write(out / "onvif_soap", "media2-get-profiles.xml", profiles)
        token = re.search(rb'VideoEncoder token="([^"]+)"', profiles)
        if token:
            options = _soap(
                f"{base}/onvif/media2_service",
                f'<tr2:GetVideoEncoderConfigurationOptions xmlns:tr2="{_TR2}">'
                f"<tr2:ConfigurationToken>{token[1].decode()}</tr2:ConfigurationToken>"
                "</tr2:GetVideoEncoderConfigurationOptions>",
            )
            _write(out / "onvif_soap", "media2-encoder-options.xml", options)
        created = _soap(
            f"{base}/onvif/events_service",
            f'<tev:CreatePullPointSubscription xmlns:tev="{_TEV}"/>',
        )
        address = re.search(rb"<[\w:]*Address[^>]*>([^<]+)<", created)
        assert address, created
        pulled = _soap(
            address[1].decode(),
            f'<tev:PullMessages xmlns:tev="{_TEV}"><tev:Timeout>PT1S</tev:Timeout>'
            "<tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>",
        )
        _write(out / "onvif_soap", "pull-messages.xml", pulled)


def _pelco_seeds(out: Path) -> None:
    commands: list[Command] = [
        Move(pan=1, pan_speed=0x20, tilt=-1, tilt_speed=0x10),
        Stop(),
        Preset(PresetOp.GOTO, 3),
        Preset(PresetOp.SET, 12),
        Aux(AuxOp.SET, 2),
        Pattern(PatternOp.START),
    ]
    for protocol, variant, mode in (
        (Protocol.D, PVariant.STANDARD, 0),
        (Protocol.P, PVariant.STANDARD, 2),
        (Protocol.P, PVariant.D_STYLE, 4),
    ):
        frames = b"".join(encode(protocol, 1 + i, c, variant) for i, c in enumerate(commands))
        name = f"{protocol.name.lower()}-{variant.name.lower()}"
        _write(out / "pelco", f"{name}.bin", bytes((0x10 | mode,)) + frames)
        _write(out / "pelco", f"{name}-noise.bin", bytes((0x08 | mode,)) + b"\x00\x17" + frames[3:])


def _config_seeds(out: Path) -> None:
    kdf = KdfParameters(time_cost=1, memory_cost_kib=8, parallelism=1)
    document = {
        "format": "vedette-config",
        "schema": 1,
        "cameras": [{"name": "Gate", "main_url": "rtsp://192.0.2.10/main"}],
        "disk_groups": [{"id": 1, "name": "Main"}],
        "groups": [],
        "users": [],
    }
    sealed = seal_config(
        document, passphrase="fuzz seed", signing_key=SIGNING_KEY, server_id="fuzz",
        created_us=1_700_000_000_000_000, kdf=kdf,
    )  # fmt: skip
    _write(out / "config_backup", "sealed.bin", b"\x00" + sealed)
    _write(out / "config_backup", "resigned.bin", b"\x01" + sealed)
    import json

    _write(out / "config_backup", "document.json", b"\x02" + json.dumps(document).encode())


def write_all(out: Path) -> None:
    """(Re)make every seed under ``out`` (crash inputs kept under ``crashes/`` stay)."""
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    packets = _rtsp_seeds(out)
    _segment_seeds(out, packets)
    _onvif_seeds(out)
    _pelco_seeds(out)
    _config_seeds(out)
