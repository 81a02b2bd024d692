"""Coverage-guided fuzzing of Vedette's parsers of outside bytes with atheris (issue 18 §4).

Each harness (``bench/fuzz_harnesses/``, one module per parser) runs in its own
process under libFuzzer for ``--inputs`` inputs (``-runs``), its seeds read from
``tests/data/fuzz/<harness>/`` (crashes kept there included) and the corpus it grows
kept in ``--work-dir``. An exception the harness does not expect is recorded once per
type and place (input and traceback in the work dir) and fuzzing goes on; a hang past
``--hang-s`` or RSS past ``--rss-mb`` ends the libFuzzer process, is recorded the same
way, and the harness restarts for the inputs left, up to ``--max-crashes`` times.
Results go to ``bench/results/fuzz-<timestamp>.json`` with a summary table: inputs
run, exec/s, coverage (libFuzzer's ``cov`` edges and ``ft`` features), corpus size,
crashes. ``--make-seeds`` remakes the seeds from camsim and ffmpeg (seeds.py).

    .venv/bin/python bench/fuzz.py                          # every harness, 10^6 inputs each
    .venv/bin/python bench/fuzz.py --inputs 100000 --jobs 2
    .venv/bin/python bench/fuzz.py --harness sdp --seconds 60
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import hashlib
import importlib
import json
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from fuzz_harnesses import HARNESSES
from machine import REPO, machine_info

SEEDS = REPO / "tests" / "data" / "fuzz"
_STATUS_RE = re.compile(r"^#(\d+)\s+\w+.*?cov: (\d+) ft: (\d+) corp: (\d+)/", re.MULTILINE)
_STAT_RE = re.compile(r"^stat::(\w+):\s+(\d+)", re.MULTILINE)
_ARTIFACT_RE = re.compile(r"Test unit written to (\S+)")
_FOUND_RE = re.compile(r"^FUZZ-CRASH (\S+) (.*)$", re.MULTILINE)
_INSTRUMENTED = ["vedette_server", "vedette_api", "vedette_hw", "fuzz_harnesses"]


def child(name: str, artifacts: Path, libfuzzer_args: list[str]) -> None:
    """Run one harness under atheris (this process becomes libFuzzer's).

    An exception escaping the harness is recorded here, once per kind and place (its
    type and the innermost frame), with the input and traceback in ``artifacts``, and
    fuzzing goes on: one bug does not hide the next. Hangs and memory blow-ups are
    libFuzzer's to catch; they end the process.
    """
    import atheris  # type: ignore[import-untyped]

    with atheris.instrument_imports(include=_INSTRUMENTED):
        module = importlib.import_module(f"fuzz_harnesses.{name}")
    seen: set[tuple[str, str]] = set()

    def one(data: bytes) -> None:
        try:
            module.run(data)
        except Exception as error:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            key = (type(error).__name__, where)
            if key in seen:
                return
            seen.add(key)
            digest = hashlib.sha1(data).hexdigest()
            (artifacts / f"crash-{digest}").write_bytes(data)
            text = "".join(traceback.format_exception(error))
            (artifacts / f"crash-{digest}.txt").write_text(text)
            summary = f"{type(error).__name__} at {where}: {str(error)[:200]!r}"
            print(
                f"FUZZ-CRASH {artifacts / f'crash-{digest}'} {summary}", file=sys.stderr, flush=True
            )

    atheris.Setup([sys.argv[0], *libfuzzer_args], one)
    atheris.Fuzz()


def _crash(log: str, artifact_dir: Path, returncode: int) -> dict[str, Any]:
    """What killed a libFuzzer process: the exception's last traceback line or
    libFuzzer's reason, and the input it wrote."""
    artifact = _ARTIFACT_RE.findall(log)
    kind = "unknown"
    if "Uncaught Python exception" in log:
        tail = log.split("Uncaught Python exception", 1)[1].splitlines()
        lines = [line for line in tail if line and not line.startswith((" ", "=", "Traceback"))]
        kind = lines[0] if lines else "Python exception"
    elif "ERROR: libFuzzer: timeout" in log:
        kind = "hang (libFuzzer timeout)"
    elif "out-of-memory" in log:
        kind = "memory (libFuzzer rss limit)"
    elif "ERROR: libFuzzer" in log:
        kind = log.split("ERROR: libFuzzer:", 1)[1].splitlines()[0].strip()
    trace = log.split("Uncaught Python exception", 1)[1][:3000] if "Uncaught" in log else ""
    return {
        "kind": kind,
        "returncode": returncode,
        "input": artifact[-1] if artifact else None,
        "traceback": trace,
        "artifact_dir": str(artifact_dir),
    }


def fuzz_one(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run ``name`` for ``args.inputs`` inputs (restarting after each crash)."""
    work = args.work_dir / name
    corpus, artifacts, logs = work / "corpus", work / "crashes", work / "logs"
    for folder in (corpus, artifacts, logs):
        folder.mkdir(parents=True, exist_ok=True)
    seeds = SEEDS / name
    module = importlib.import_module(f"fuzz_harnesses.{name}")  # not instrumented here
    started = time.monotonic()
    result: dict[str, Any] = {
        "harness": name,
        "inputs_asked": args.inputs,
        "inputs_run": 0,
        "seconds": 0.0,
        "exec_per_s": 0.0,
        "cov": None,
        "ft": None,
        "corpus_units": None,
        "peak_rss_mb": None,
        "seed_files": sum(1 for p in seeds.rglob("*") if p.is_file()) if seeds.is_dir() else 0,
        "processes": 0,
        "crashes": [],
        "stopped_by": "inputs",
    }
    while result["inputs_run"] < args.inputs:
        left_s = None if args.seconds is None else args.seconds - (time.monotonic() - started)
        if left_s is not None and left_s < 1:
            result["stopped_by"] = "seconds"
            break
        if sum(1 for c in result["crashes"] if c.get("fatal")) >= args.max_crashes:
            result["stopped_by"] = "max_crashes"
            break
        flags = [
            f"-runs={args.inputs - result['inputs_run']}",
            f"-timeout={args.hang_s}",
            f"-rss_limit_mb={args.rss_mb}",
            f"-artifact_prefix={artifacts}/",
            f"-max_len={args.max_len or getattr(module, 'MAX_LEN', 4096)}",
            "-print_final_stats=1",
        ]
        if left_s is not None:
            flags.append(f"-max_total_time={max(1, int(left_s))}")
        dirs = [str(corpus)] + ([str(seeds)] if seeds.is_dir() else [])
        log_path = logs / f"run-{result['processes']}.log"
        command = [sys.executable, __file__, "--child", name, str(artifacts), "--", *flags, *dirs]
        with log_path.open("w") as log_file:
            process = subprocess.run(
                command, stdout=log_file, stderr=subprocess.STDOUT, check=False
            )
        result["processes"] += 1
        log = log_path.read_text(errors="replace")
        stats = {k: int(v) for k, v in _STAT_RE.findall(log)}
        statuses = _STATUS_RE.findall(log)
        executed = stats.get("number_of_executed_units")
        if executed is None:  # a crash may end it before the final stats
            executed = int(statuses[-1][0]) if statuses else 0
        result["inputs_run"] += executed
        if statuses:
            _, cov, ft, units = statuses[-1]
            result["cov"], result["ft"], result["corpus_units"] = int(cov), int(ft), int(units)
        if "peak_rss_mb" in stats:
            result["peak_rss_mb"] = max(result["peak_rss_mb"] or 0, stats["peak_rss_mb"])
        for path, summary in _FOUND_RE.findall(log):
            if summary not in {c["kind"] for c in result["crashes"]}:
                trace = Path(path + ".txt")
                result["crashes"].append({
                    "kind": summary,
                    "input": path,
                    "traceback": trace.read_text()[-3000:] if trace.exists() else "",
                    "process": result["processes"] - 1,
                })  # fmt: skip
                print(f"{name}: crash {summary} -> {path}", flush=True)
        if process.returncode != 0:
            crash = _crash(log, artifacts, process.returncode)
            crash["process"], crash["fatal"] = result["processes"] - 1, True
            result["crashes"].append(crash)
            print(f"{name}: crash {crash['kind']} -> {crash['input']}", flush=True)
        elif result["inputs_run"] < args.inputs:
            result["stopped_by"] = "seconds" if args.seconds else "libFuzzer ended early (see logs)"
            break
    result["seconds"] = round(time.monotonic() - started, 1)
    result["exec_per_s"] = round(result["inputs_run"] / max(result["seconds"], 1e-9), 1)
    result["corpus_dir"] = str(corpus)
    return result


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), [a for a in sys.argv[4:] if a != "--"])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000, help="inputs per harness")
    parser.add_argument("--harness", action="append", choices=HARNESSES, help="repeatable")
    parser.add_argument("--seconds", type=float, help="time cap per harness")
    parser.add_argument("--jobs", type=int, default=1, help="harnesses run at once")
    parser.add_argument(
        "--max-crashes", type=int, default=5, help="hangs/OOMs (process deaths) per harness"
    )
    parser.add_argument("--hang-s", type=int, default=20, help="one input longer is a hang")
    parser.add_argument("--rss-mb", type=int, default=2048, help="RSS above is a crash")
    parser.add_argument(
        "--max-len", type=int, help="longest input (default: the harness's MAX_LEN, or 4096)"
    )
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/vedette-fuzz"))
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--make-seeds", action="store_true", help=f"(re)make the seeds in {SEEDS} and stop"
    )
    args = parser.parse_args()
    if args.make_seeds:
        from fuzz_harnesses.seeds import write_all

        write_all(SEEDS)
        return
    names = args.harness or list(HARNESSES)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda n: fuzz_one(n, args), names))
    report = {
        "benchmark": "fuzz",
        "machine": machine_info(),
        "parameters": {
            "inputs": args.inputs,
            "seconds": args.seconds,
            "jobs": args.jobs,
            "hang_s": args.hang_s,
            "rss_mb": args.rss_mb,
            "max_len": args.max_len,
        },
        "wall_s": round(time.monotonic() - started, 1),
        "harnesses": results,
    }
    out = args.out or REPO / "bench" / "results" / f"fuzz-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'harness':<14} {'inputs':>9} {'exec/s':>8} {'cov':>6} {'ft':>7} {'corpus':>7} crashes")
    for r in results:
        print(
            f"{r['harness']:<14} {r['inputs_run']:>9} {r['exec_per_s']:>8.0f} {r['cov'] or 0:>6}"
            f" {r['ft'] or 0:>7} {r['corpus_units'] or 0:>7} {len(r['crashes'])}"
            f"{'' if r['stopped_by'] == 'inputs' else '  (stopped: ' + r['stopped_by'] + ')'}"
        )
        for crash in r["crashes"]:
            print(f"    {crash['kind']}  {crash['input']}")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
