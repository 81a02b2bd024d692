#!/usr/bin/python3
"""GStreamer's RTSP server (gst-rtsp-server) as a third-party peer for tests and benchmarks.

Runs under Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0), not
the project's venv. Each ``--mount PATH=FILE`` serves a Matroska file's H.264/H.265
video (``filesrc ! matroskademux ! parse ! rtp*pay``) at its own pace, shared
between clients; ``--launch PATH=PIPELINE`` serves any gst-launch pipeline whose
payloader is named pay0. Prints "gst-rtsp-server ready on PORT" when listening.
"""

import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def file_pipeline(path: str, codec: str) -> str:
    parse, pay = ("h265parse", "rtph265pay") if codec == "h265" else ("h264parse", "rtph264pay")
    return (
        f"( filesrc location={path} ! matroskademux ! {parse} config-interval=-1 ! "
        f"{pay} name=pay0 pt=96 )"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mount", action="append", default=[], metavar="PATH=FILE")
    parser.add_argument("--launch", action="append", default=[], metavar="PATH=PIPELINE")
    parser.add_argument("--codec", choices=["h264", "h265"], default="h264")
    args = parser.parse_args()
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    entries = [(p, file_pipeline(f, args.codec)) for p, f in (m.split("=", 1) for m in args.mount)]
    entries += [tuple(m.split("=", 1)) for m in args.launch]
    for path, pipeline in entries:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(pipeline)
        factory.set_shared(True)
        mounts.add_factory("/" + path.strip("/"), factory)
    if server.attach(None) == 0:
        print(f"gst-rtsp-server: cannot listen on port {args.port}", file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"gst-rtsp-server ready on {args.port}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
