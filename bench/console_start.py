"""console_start: the console's cold start on a 16-camera layout, from process start to
the first decoded live frame in any tile and in every one of the 16 (issue 16).

    .venv/bin/python bench/console_start.py              # 5 rounds
    .venv/bin/python bench/console_start.py --runs 2     # a smoke test

Set-up: camsim with 16 cameras (main 1280x720 2000 kbit/s, sub 640x360 512 kbit/s,
H.264 25 fps) recorded by a real ``vedette-server`` (TLS, on loopback), every camera
added with both streams; the server's certificate is pinned beforehand.

Each round runs, one after the other (alternated, so that a load change on the
machine hits both sides alike):

- **console**: ``vedette-console --server … --user admin --layout 16 --cameras all``
  (the password in ``VEDETTE_PASSWORD``, ``QT_QPA_PLATFORM=offscreen``, a fresh
  config folder) in a new Python process started by this script (``--child``), which
  notes, on the wall clock: the interpreter running this file, the console's modules
  imported, the window shown (the start returned), signed in, and each tile's first
  ``frame_shown`` (a decoded frame handed to the tile and painted). Measured from
  just before ``Popen`` to the first frame in any tile and to the 16th tile's.
- **peers**, opening the server's RTSP re-stream of one of the same cameras (its sub
  stream, as the console's 16-tile grid shows): ``ffplay`` (SDL's dummy video
  driver, no window: from ``Popen`` to its first "video: delay=" trace line, logged
  when it presents a picture), ``ffmpeg`` decoding one frame to null (``Popen`` to exit:
  open, first decoded frame, exit), and PyAV (``Popen`` of a Python process that
  opens the stream and decodes one frame, to that frame). VLC is not installed here.

Reported: per side the median (and each run) in seconds, and the ratio of the
console's median to the peers'. Target: first frame in all 16 tiles ≤ 2 s.
Results: ``bench/results/console_start-<timestamp>.json`` (or ``--out``).
"""

from __future__ import annotations

import time

_CHILD_START = time.time()  # before any import below: the interpreter is up

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

NAME = "console_start"
REPO = Path(__file__).resolve().parent.parent
CAMERAS = 16
CAMSIM_ARGS = ("--main", "1280x720", "--main-kbps", "2000", "--sub", "640x360")
CHILD_TIMEOUT_S = 60.0

# -- the console process (--child) ---------------------------------------------------------


def child(out: Path, console_args: list[str]) -> int:
    """Run the console with ``console_args``, noting when things happen; write them to
    ``out`` once every tile has shown a frame (or after CHILD_TIMEOUT_S) and quit."""
    marks: dict[str, float] = {"python": _CHILD_START}
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from vedette_console import app
    from vedette_console.main_window import MainWindow
    from vedette_console.widgets.tile import VideoTile

    marks["imported"] = time.time()
    firsts: dict[int, float] = {}
    consoles: list[Any] = []
    expected = CAMERAS

    def finish() -> None:
        out.write_text(json.dumps({"marks": marks, "tiles": sorted(firsts.values())}))
        if consoles:
            consoles[0].quit()
        else:
            QApplication.quit()

    tile_init = VideoTile.__init__

    def noted_tile_init(self: VideoTile, *args: Any, **kwargs: Any) -> None:
        tile_init(self, *args, **kwargs)
        key = id(self)

        def shown(_time_us: object) -> None:
            if key in firsts:
                return
            firsts[key] = time.time()
            if len(firsts) == expected:
                QTimer.singleShot(0, finish)

        self.frame_shown.connect(shown)

    signed_in = MainWindow.signed_in

    def noted_signed_in(self: MainWindow, *args: Any, **kwargs: Any) -> None:
        marks.setdefault("signed_in", time.time())
        signed_in(self, *args, **kwargs)

    console_init, console_start = app.Console.__init__, app.Console.start

    def noted_init(self: Any, *args: Any, **kwargs: Any) -> None:
        console_init(self, *args, **kwargs)
        consoles.append(self)

    def noted_start(self: Any) -> None:
        console_start(self)
        marks["window_shown"] = time.time()
        QTimer.singleShot(int(CHILD_TIMEOUT_S * 1000), finish)

    VideoTile.__init__ = noted_tile_init  # type: ignore[method-assign]
    MainWindow.signed_in = noted_signed_in  # type: ignore[method-assign]
    app.Console.__init__ = noted_init  # type: ignore[method-assign]
    app.Console.start = noted_start  # type: ignore[method-assign]
    return app.main(console_args)


# -- the bench -------------------------------------------------------------------------------


def console_run(
    address: str, known: Path, password: str, work: Path, profile: Path | None = None
) -> dict[str, Any]:
    out = work / "console-marks.json"
    out.unlink(missing_ok=True)
    config = tempfile.mkdtemp(prefix="console-config-", dir=work)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VEDETTE_PASSWORD=password,
        XDG_CONFIG_HOME=config,
    )
    argv = [
        sys.executable, __file__, "--child", str(out), "--",
        "--server", address, "--user", "admin", "--layout", str(CAMERAS),
        "--cameras", "all", "--known-servers", str(known),
    ]  # fmt: skip
    if profile is not None:  # py-spy's folded stacks of the whole console process
        spy = str(Path(sys.executable).parent / "py-spy")
        argv = [spy, "record", "--format", "raw", "--rate", "250", "--nonblocking",
                "-o", str(profile), "--", *argv]  # fmt: skip
    start = time.time()
    process = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S + 60
    )
    if not out.exists():
        raise RuntimeError(f"the console wrote no marks (exit {process.returncode}):\n"
                           f"{process.stderr[-3000:]}")  # fmt: skip
    noted = json.loads(out.read_text())
    tiles = [t - start for t in noted["tiles"]]
    marks = {k: round(v - start, 3) for k, v in noted["marks"].items()}
    return {
        "first_any_s": round(tiles[0], 3) if tiles else None,
        "first_all_s": round(tiles[-1], 3) if len(tiles) == CAMERAS else None,
        "tiles_with_frame": len(tiles),
        "marks_s": marks,
        "tiles_s": [round(t, 3) for t in tiles],
    }


def ffplay_run(url: str) -> float | None:
    """``Popen`` to ffplay's first presented video frame (its debug log), no window."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    argv = ["ffplay", "-hide_banner", "-loglevel", "trace", "-rtsp_transport", "tcp",
            "-an", "-sn", "-autoexit", url]  # fmt: skip
    start = time.time()
    process = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, errors="replace",
    )  # fmt: skip
    assert process.stderr is not None
    shown = None
    deadline = start + 30
    try:
        for line in process.stderr:
            # video_refresh logs "video: delay=… A-V=…" (trace level) for each picture
            # it presents; the first follows the first decoded frame.
            if "video: delay=" in line:
                shown = time.time() - start
                break
            if time.time() > deadline:
                break
    finally:
        process.kill()
        process.wait(10)
    return None if shown is None else round(shown, 3)


def ffmpeg_run(url: str) -> float | None:
    """``Popen`` to exit of ffmpeg decoding one frame of ``url`` to null."""
    argv = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp",
            "-i", url, "-an", "-frames:v", "1", "-f", "null", "-"]  # fmt: skip
    start = time.time()
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return round(time.time() - start, 3) if result.returncode == 0 else None


PYAV_PLAYER = """
import sys, time
import av
with av.open(sys.argv[1], options={"rtsp_transport": "tcp"}, timeout=20) as c:
    next(c.decode(video=0))
    print(time.time(), flush=True)
"""


def pyav_run(url: str) -> float | None:
    """``Popen`` to the first frame a minimal PyAV player decodes."""
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", PYAV_PLAYER, url], capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return round(float(result.stdout.split()[0]) - start, 3)


def _median(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(statistics.median(kept), 3) if kept else None


def measure(runs: int, work: Path, profile: Path | None = None) -> dict[str, Any]:
    roots = [str(REPO)] + [str(REPO / p) for p in ("protos", "server", "hw", "console")]
    sys.path[:0] = roots  # this tree's code, also in the server and camsim processes
    os.environ["PYTHONPATH"] = os.pathsep.join([*roots, os.environ.get("PYTHONPATH", "")])
    from tests.support.camsim_process import start_camsim
    from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, start_server, wait_for

    from vedette_api.client import Client

    camsim = start_camsim(*CAMSIM_ARGS, cameras=CAMERAS)
    server = None
    try:
        data = work / "data"
        init = init_data_dir(data)
        assert init.returncode == 0, init.stderr
        known = work / "known.json"
        server = start_server(data, known)
        address = f"127.0.0.1:{server.port}"
        with Client.connect(
            address, username="admin", password=ADMIN_PASSWORD, known_servers_path=known
        ) as client:
            ids = [
                client.create_camera(
                    f"cam{i}", camsim.url(f"cam{i}", "main"), sub_url=camsim.url(f"cam{i}", "sub")
                ).id
                for i in range(1, CAMERAS + 1)
            ]
            wait_for(
                lambda: all(s.recording for s in client.get_recording_status(ids)),
                120,
                "every camera recording",
            )
            time.sleep(3)  # every live stream has a whole GOP cached
        url = f"rtsp://admin:{ADMIN_PASSWORD}@127.0.0.1:{server.rtsp_port}/{ids[0]}/sub"
        if profile is not None:
            console_run(address, known, ADMIN_PASSWORD, work, profile)
        rounds = []
        for index in range(runs):
            entry: dict[str, Any] = {"console": console_run(address, known, ADMIN_PASSWORD, work)}
            entry["ffplay_s"] = ffplay_run(url)
            entry["ffmpeg_s"] = ffmpeg_run(url)
            entry["pyav_s"] = pyav_run(url)
            entry["load_1min"] = round(os.getloadavg()[0], 2)
            rounds.append(entry)
            c = entry["console"]
            print(
                f"round {index + 1}: console first any {c['first_any_s']} s, all 16"
                f" {c['first_all_s']} s ({c['tiles_with_frame']} tiles); ffplay"
                f" {entry['ffplay_s']} s, ffmpeg {entry['ffmpeg_s']} s, PyAV {entry['pyav_s']} s"
                f" (load {entry['load_1min']})",
                flush=True,
            )
    finally:
        if server is not None:
            server.stop()
        camsim.stop()
    summary = {
        "console_first_any_s": _median([r["console"]["first_any_s"] for r in rounds]),
        "console_first_all_s": _median([r["console"]["first_all_s"] for r in rounds]),
        "ffplay_s": _median([r["ffplay_s"] for r in rounds]),
        "ffmpeg_s": _median([r["ffmpeg_s"] for r in rounds]),
        "pyav_s": _median([r["pyav_s"] for r in rounds]),
    }
    marks = [r["console"]["marks_s"] for r in rounds]
    summary["console_marks_median_s"] = {
        key: _median([m.get(key) for m in marks]) for key in marks[0]
    }
    all16, peer = summary["console_first_all_s"], summary["ffplay_s"] or summary["ffmpeg_s"]
    summary["ratio_all16_to_peer"] = round(all16 / peer, 2) if all16 and peer else None
    summary["target_all16_s"] = 2.0
    summary["target_met"] = all16 is not None and all16 <= 2.0
    return {"summary": summary, "rounds": rounds}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        rest = argv[3:] if argv[2:3] == ["--"] else argv[2:]
        return child(Path(argv[1]), rest)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (console, then peers)")
    parser.add_argument("--out", type=Path, help="result JSON (default bench/results/…)")
    parser.add_argument(
        "--profile", type=Path, help="first run the console once under py-spy (folded stacks)"
    )
    args = parser.parse_args(argv)
    from machine import machine_info

    machine = machine_info(
        cameras=f"{CAMERAS} camsim {' '.join(CAMSIM_ARGS)}",
        # A tree exported with git archive has no .git: say which commit it is.
        source_commit=os.environ.get("VEDETTE_BENCH_COMMIT"),
    )
    with tempfile.TemporaryDirectory(prefix="console-start-") as tmp:
        report = measure(args.runs, Path(tmp), args.profile)
    report["machine"] = machine
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["summary"], indent=2))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
