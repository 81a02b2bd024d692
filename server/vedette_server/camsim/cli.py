"""``vedette-camsim``: serve N simulated cameras over RTSP, and ONVIF with ``--onvif``.

    vedette-camsim --cameras 4 --rtsp-port 8554
    → rtsp://127.0.0.1:8554/cam1/main, rtsp://127.0.0.1:8554/cam1/sub, …
    vedette-camsim --cameras 4 --onvif
    → also http://127.0.1.11:8080/onvif/device_service … http://127.0.1.14:8080/…
    vedette-camsim --cameras 4 --onvif --ptz cam1
    → cam1 is a PTZ camera: ONVIF PTZ, and a live view of a panorama where it points

See docs/camsim.md for every option and the fault syntax.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import platformdirs

from vedette_api.media.packet import Codec
from vedette_hw.sim.ptz_model import PtzLimits, PtzModel
from vedette_server.camsim.audio import make_audio_loop
from vedette_server.camsim.camera import CameraFleet, SimulatedCamera
from vedette_server.camsim.content import ContentSpec, StreamProfile, ensure_encoded, load_loop
from vedette_server.camsim.faults import ONVIF_FAULT_KINDS, Fault, parse_fault
from vedette_server.camsim.live_ptz import LivePtzCamera, capped_main
from vedette_server.camsim.onvif.discovery import WSD_PORT
from vedette_server.camsim.onvif.firmware import make_image
from vedette_server.camsim.onvif.fleet import OnvifFleet
from vedette_server.camsim.onvif.model import DeviceClock, OnvifCameraModel
from vedette_server.camsim.onvif.users import SharedAccount
from vedette_server.camsim.panorama import Panorama, PanoramaGeometry, load_or_make
from vedette_server.camsim.picture_tone import PictureTone
from vedette_server.camsim.restream import Restreamer
from vedette_server.camsim.scene import SCENES, MotionScript, parse_motion
from vedette_server.fd_budget import current_open_files_limit
from vedette_server.rtsp.auth import RtspAuthenticator
from vedette_server.rtsp.limits import RtspLimits
from vedette_server.rtsp.server import RtspServer
from vedette_server.stop_signals import on_stop_signals

log = logging.getLogger("vedette.camsim")

# camsim serves test rigs and benchmarks whose every reader is on one address (up to
# 256 cameras x 2 streams), so its connection caps are higher than a VMS's; they stay
# under its file-descriptor limit (a UDP session holds two more sockets per track).
MAX_CONNECTIONS = 1024
_FD_RESERVE = 64


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vedette-camsim",
        description="Simulated IP cameras: rtsp://HOST:PORT/cam<i>/main and /cam<i>/sub.",
    )
    p.add_argument("--cameras", type=int, default=4, help="number of cameras (default 4)")
    p.add_argument("--rtsp-port", type=int, default=8554, help="RTSP port (default 8554; 0 = any)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--codec", choices=["h264", "h265"], default="h264")
    p.add_argument("--main", default="1920x1080", metavar="WxH", help="main stream size")
    p.add_argument("--sub", default="640x360", metavar="WxH", help="sub stream size, or 'none'")
    p.add_argument("--fps", type=int, default=25, help="frame rate (default 25)")
    p.add_argument("--main-kbps", type=int, default=4000)
    p.add_argument("--sub-kbps", type=int, default=512)
    p.add_argument("--audio", action="store_true", help="add an audio track to every stream")
    p.add_argument("--audio-codec", choices=["aac", "pcmu", "pcma"], default="aac")
    p.add_argument(
        "--onvif",
        action="store_true",
        help="also answer ONVIF: camera i on http://127.0.1.(10+i):PORT/onvif/device_service,"
        " and WS-Discovery probes sent by unicast to 127.0.1.(10+i):3702",
    )
    p.add_argument(
        "--onvif-port", type=int, default=8080, help="ONVIF HTTP port (default 8080; 0 = any)"
    )
    p.add_argument(
        "--discovery-port",
        type=int,
        default=WSD_PORT,
        help=f"WS-Discovery UDP port (default {WSD_PORT}; 0 = any)",
    )
    p.add_argument(
        "--discovery-multicast",
        nargs="?",
        const="lo",
        default=None,
        metavar="IFACE",
        help="also join the WS-Discovery group 239.255.255.250:3702 on IFACE (default lo),"
        " answer multicast probes for every camera, say Hello/Bye (needs --onvif; off by"
        " default: for a network namespace or a real LAN, never the host's loopback)",
    )
    p.add_argument(
        "--ptz",
        default="",
        metavar="CAM[,CAM…]",
        help="these cameras are PTZ cameras (needs --onvif, H.264): ONVIF PTZ, and a live view"
        " of a panorama where they point, main stream at most 1280x720",
    )
    p.add_argument(
        "--request-log",
        type=Path,
        metavar="FILE",
        help="append one line per ONVIF request as it arrives, 'MONOTONIC_NS CAMERA"
        " OPERATION' (time.monotonic_ns(); for benchmarks; off by default)",
    )
    p.add_argument("--user", help="require this user (RTSP: Digest or Basic; ONVIF: see docs)")
    p.add_argument(
        "--password",
        help="password for --user (or set VEDETTE_CAMSIM_PASSWORD, kept out of the process list)",
    )
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, e.g. cam3:drop=5s@30s (repeatable; see docs/camsim.md)",
    )
    p.add_argument(
        "--loop-seconds", type=int, default=10, help="content loop length, a divisor of 60"
    )
    p.add_argument(
        "--scene",
        choices=SCENES,
        default="pan",
        help="what loop cameras show: a scrolling panorama (default) or a still textured"
        " background with sensor noise (for motion detection)",
    )
    p.add_argument(
        "--motion",
        action="append",
        default=[],
        metavar="SPEC",
        help="a scripted moving box in the still scene, [CAM:]START-END:box@X,Y,W,H (loop"
        " seconds, normalised region), e.g. cam1:5-8:box@0.1,0.4,0.3,0.3 (repeatable)",
    )
    p.add_argument("--name-prefix", default="cam", help="camera names are PREFIX1..PREFIXN")
    p.add_argument("--cache-dir", type=Path, help="where encoded loops are kept")
    p.add_argument("--session-timeout", type=float, default=60.0, help="RTSP session timeout, s")
    p.add_argument(
        "--max-connections",
        type=int,
        help=f"RTSP connections at once (default {MAX_CONNECTIONS}, or half the free "
        "file descriptors when fewer)",
    )
    p.add_argument(
        "--max-connections-per-address",
        type=int,
        help="RTSP connections at once from one address (default: --max-connections)",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=RtspLimits.header_timeout_s,
        help="seconds a request may take to arrive, and to the first one (default %(default)s)",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=RtspLimits.idle_timeout_s,
        help="seconds a connection without a session may send nothing (default %(default)s)",
    )
    p.add_argument(
        "--make-firmware",
        nargs=2,
        metavar=("VERSION", "OUT"),
        help="write a camsim firmware image of VERSION to OUT and exit (see docs/camsim.md)",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Fault]:
    if not 1 <= args.cameras <= 256:
        parser.error(f"--cameras {args.cameras}: must be 1..256")
    if not 1 <= args.fps <= 120:
        parser.error(f"--fps {args.fps}: must be 1..120")
    if args.loop_seconds <= 0 or 60 % args.loop_seconds:
        parser.error(f"--loop-seconds {args.loop_seconds}: must divide 60 (1, 2, 5, 10, 30, 60…)")
    for option in ("rtsp_port", "onvif_port", "discovery_port"):
        if not 0 <= getattr(args, option) <= 65535:
            flag = "--" + option.replace("_", "-")
            parser.error(f"{flag} {getattr(args, option)}: not a port number")
    args.password = args.password or os.environ.get("VEDETTE_CAMSIM_PASSWORD")
    if bool(args.user) != bool(args.password):
        parser.error("--user and --password (or VEDETTE_CAMSIM_PASSWORD) go together")
    faults = []
    names = {f"{args.name_prefix}{i}" for i in range(1, args.cameras + 1)}
    for text in args.fault:
        try:
            fault = parse_fault(text)
        except ValueError as error:
            parser.error(str(error))
        if fault.camera not in names:
            parser.error(f"fault {text!r}: no camera named {fault.camera!r}")
        if fault.kind in ONVIF_FAULT_KINDS and not args.onvif:
            parser.error(f"fault {text!r}: {fault.kind.value} is an ONVIF fault, give --onvif")
        faults.append(fault)
    args.ptz = [name for name in args.ptz.split(",") if name]
    for name in args.ptz:
        if name not in names:
            parser.error(f"--ptz {name}: no camera named {name!r}")
    if args.ptz and not args.onvif:
        parser.error("--ptz: PTZ cameras are moved over ONVIF, give --onvif")
    if args.discovery_multicast is not None and not args.onvif:
        parser.error("--discovery-multicast: it announces ONVIF cameras, give --onvif")
    if args.request_log is not None and not args.onvif:
        parser.error("--request-log: it notes ONVIF requests, give --onvif")
    if args.ptz and args.codec != "h264":
        parser.error("--ptz: live PTZ cameras encode H.264 only, drop --codec h265")
    args.limits = _limits(args, parser)
    args.motions = _motions(args, parser, names)
    return faults


def _motions(
    args: argparse.Namespace, parser: argparse.ArgumentParser, names: set[str]
) -> list[MotionScript]:
    motions = []
    for text in args.motion:
        try:
            motion = parse_motion(text)
        except ValueError as error:
            parser.error(str(error))
        if args.scene != "still":
            parser.error(f"--motion {text!r}: scripted motion is drawn on --scene still")
        if motion.camera is not None and motion.camera not in names:
            parser.error(f"--motion {text!r}: no camera named {motion.camera!r}")
        if motion.camera is not None and motion.camera in args.ptz:
            parser.error(f"--motion {text!r}: {motion.camera} is a live PTZ camera")
        if motion.end_s > args.loop_seconds:
            parser.error(f"--motion {text!r}: ends after the {args.loop_seconds} s loop")
        motions.append(motion)
    return motions


def _limits(args: argparse.Namespace, parser: argparse.ArgumentParser) -> RtspLimits:
    most = args.max_connections
    if most is None:
        free = current_open_files_limit() - _FD_RESERVE
        most = max(1, min(MAX_CONNECTIONS, free // 2))
    per_address = args.max_connections_per_address
    try:
        return RtspLimits(
            max_connections=most,
            max_connections_per_address=per_address if per_address is not None else most,
            header_timeout_s=args.header_timeout,
            idle_timeout_s=args.idle_timeout,
        )
    except ValueError as error:
        parser.error(str(error))


def _specs(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[ContentSpec]:
    try:
        main = StreamProfile.parse(args.main, args.main_kbps)
        sub = None if args.sub == "none" else StreamProfile.parse(args.sub, args.sub_kbps)
    except ValueError as error:
        parser.error(str(error))
    codec = Codec(args.codec)
    specs = []
    for i in range(1, args.cameras + 1):
        name = f"{args.name_prefix}{i}"
        ptz_main = capped_main(main) if name in args.ptz else main
        motions = tuple(m for m in args.motions if m.camera in (None, name))
        spec = ContentSpec(name, codec, ptz_main, sub, args.fps, args.loop_seconds)
        specs.append(replace(spec, scene=args.scene, motions=motions))
    return specs


def _panoramas(specs: list[ContentSpec], ptz: list[str], cache_dir: Path) -> dict[str, Panorama]:
    """The panorama of each PTZ camera (one per size, shared). Blocks: made once, cached."""
    limits = PtzLimits()  # the heads' (serve() makes them with the default limits)
    made: dict[PanoramaGeometry, Panorama] = {}
    found = {}
    for spec in specs:
        if spec.name in ptz:
            geometry = PanoramaGeometry(
                spec.main.width, spec.main.height, limits.tilt_min_deg, limits.tilt_max_deg
            )
            if geometry not in made:
                made[geometry] = load_or_make(geometry, cache_dir)
            found[spec.name] = made[geometry]
    return found


async def serve(
    args: argparse.Namespace,
    specs: list[ContentSpec],
    faults: list[Fault],
    cache_dir: Path,
    panoramas: dict[str, Panorama],
) -> None:
    loop = asyncio.get_running_loop()
    audio = make_audio_loop(Codec(args.audio_codec)) if args.audio else None
    media_faults = [f for f in faults if f.kind not in ONVIF_FAULT_KINDS]
    cameras: list[SimulatedCamera] = []
    heads = {name: PtzModel(time.monotonic) for name in panoramas}
    tones = {name: PictureTone() for name in panoramas}
    for spec in specs:
        if spec.name in panoramas:
            live = LivePtzCamera.create(
                spec, heads[spec.name], panoramas[spec.name], media_faults, tones[spec.name]
            )
            cameras.append(live)
            continue
        paths = spec.paths(cache_dir)
        videos = {
            name: load_loop(path, Fraction(spec.fps), spec.frames) for name, path in paths.items()
        }
        cameras.append(SimulatedCamera(spec.name, videos, audio, media_faults))
    # One account for RTSP and ONVIF alike; ONVIF SetUser changes it (camsim/onvif/users.py).
    account = SharedAccount(args.user, args.password) if args.user else None
    authenticator = (
        RtspAuthenticator(
            "camsim",
            check_password=account.check_password,
            digest_ha1=account.digest_ha1("camsim"),
            nonce_ttl_s=12 * 3600.0,
        )
        if account is not None
        else None
    )
    server = RtspServer(
        host=args.host,
        port=args.rtsp_port,
        authenticator=authenticator,
        session_timeout_s=args.session_timeout,
        server_name="Vedette camsim",
        limits=args.limits,
    )
    await server.start()
    fleet = CameraFleet(cameras, server)
    fleet.start()
    host = args.host if args.host not in ("0.0.0.0", "::") else "127.0.0.1"
    onvif = None
    # Loop cameras' streams re-encoded on SetVideoEncoderConfiguration (not live ones).
    restreamer = Restreamer(fleet, {s.name: s for s in specs if s.name not in panoramas}, cache_dir)
    # Before anything is announced: a SIGTERM as soon as "ready" is read stops cleanly.
    stop = asyncio.Event()
    on_stop_signals(loop, stop.set)
    try:
        for camera in cameras:
            for mount in camera.mounts:
                print(f"rtsp://{host}:{server.port}/{mount.path}", flush=True)
        if args.onvif:
            onvif = await _start_onvif(
                args, specs, faults, f"rtsp://{host}:{server.port}", fleet, heads, tones, account
            )
            for model in onvif.cameras:
                model.audio = audio.params if audio is not None else None
                if model.name in restreamer.specs:
                    model.restream = restreamer.request
        print(f"camsim ready: {len(cameras)} camera(s) on rtsp://{host}:{server.port}/", flush=True)
        await stop.wait()
    finally:
        if onvif is not None:
            await onvif.aclose()
        await restreamer.aclose()
        await fleet.aclose()
        await server.aclose()


async def _start_onvif(
    args: argparse.Namespace,
    specs: list[ContentSpec],
    faults: list[Fault],
    rtsp_base: str,
    fleet: CameraFleet,
    heads: dict[str, PtzModel],
    tones: dict[str, PictureTone],
    account: SharedAccount | None = None,
) -> OnvifFleet:
    """Start every camera's ONVIF endpoint and print one line per camera:
    ``onvif cam1 http://127.0.1.11:8080/onvif/device_service discovery udp://127.0.1.11:3702``.
    """
    models = [
        OnvifCameraModel.from_spec(
            spec,
            index,
            rtsp_base,
            DeviceClock([f for f in faults if f.camera == spec.name], started_s=fleet.started),
            heads.get(spec.name),
            tones.get(spec.name),
        )
        for index, spec in enumerate(specs, start=1)
    ]
    credentials = (args.user, args.password) if args.user else None
    onvif = OnvifFleet(
        models,
        credentials,
        http_port=args.onvif_port,
        discovery_port=args.discovery_port,
        request_log=args.request_log,
        event_faults={
            spec.name: tuple(
                f for f in faults if f.camera == spec.name and f.kind in ONVIF_FAULT_KINDS
            )
            for spec in specs
        },
        multicast_interface=args.discovery_multicast,
        account=account,
    )
    onvif.rtsp_outages = {camera.name: _rtsp_outage(fleet, camera) for camera in fleet.cameras}
    await onvif.start()
    for camera, responder in zip(models, onvif.responders, strict=True):
        print(
            f"onvif {camera.name} {camera.device_url}"
            f" discovery udp://{camera.address}:{responder.port}",
            flush=True,
        )
    return onvif


def _rtsp_outage(fleet: CameraFleet, camera: SimulatedCamera) -> Callable[[bool], None]:
    """Takes ``camera``'s RTSP streams down (its connections closed, new sessions 503)
    or up again, as a firmware upgrade's reboot does (camsim/onvif/firmware.py)."""

    def set_down(down: bool) -> None:
        closed = 0
        for mount in camera.mounts:
            mount.unavailable = down
            if down:
                closed += fleet.server.close_mount_sessions(mount)
        if down:
            log.info("%s: RTSP down for the reboot: %d connection(s) closed", camera.name, closed)
        else:
            log.info("%s: RTSP up again after the reboot", camera.name)

    return set_down


def _make_firmware(version: str, out: str) -> int:
    """Write a firmware image camsim cameras accept (StartFirmwareUpgrade's upload)."""
    try:
        Path(out).write_bytes(make_image(version, os.urandom(4096)))
    except (ValueError, OSError) as error:
        print(f"vedette-camsim: {error}", file=sys.stderr)
        return 1
    print(f"camsim firmware {version} written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.make_firmware is not None:
        return _make_firmware(*args.make_firmware)
    faults = _check(args, parser)
    specs = _specs(args, parser)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    cache_dir = args.cache_dir or Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    started = time.monotonic()
    try:
        # Before the event loop, on this thread: a Ctrl-C while the loops are encoded
        # stops camsim at once, and its encoders with it (OwnedProcessPool).
        encoded = ensure_encoded([s for s in specs if s.name not in args.ptz], cache_dir)
        panoramas = _panoramas(specs, args.ptz, cache_dir)
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(f"vedette-camsim: {error}", file=sys.stderr)
        return 1
    if encoded:
        log.info("encoded %d camera loop(s) in %.1f s", encoded, time.monotonic() - started)
    try:
        asyncio.run(serve(args, specs, faults, cache_dir, panoramas))
    except OSError as error:
        print(f"vedette-camsim: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
