"""What grew between two memory-trace snapshots of a server (server/vedette_server/ops/memtrace.py).

Usage::

    VEDETTE_TRACEMALLOC=/tmp/trace .venv/bin/python bench/soak.py --duration-minutes 60
    .venv/bin/python bench/memtrace_diff.py /tmp/trace            # first vs last
    .venv/bin/python bench/memtrace_diff.py A.snap B.snap --by traceback --top 10

Prints the total traced memory of both, then the places (source lines, or whole
tracebacks) whose live memory grew most from the first to the second, with the
count of blocks; ``--json`` writes the same as JSON. Lines under this repository are
shown relative to it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def short(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        parts = path.parts
        return (
            str(Path(*parts[parts.index("site-packages") + 1 :]))
            if "site-packages" in parts
            else filename
        )


def pick(paths: list[Path]) -> tuple[Path, Path]:
    if len(paths) == 2:
        return paths[0], paths[1]
    if len(paths) == 1 and paths[0].is_dir():
        snaps = sorted(paths[0].glob("tracemalloc-*.snap"))
        if len(snaps) < 2:
            raise SystemExit(f"{paths[0]}: fewer than two snapshots")
        return snaps[0], snaps[-1]
    raise SystemExit("give a folder of snapshots or two snapshot files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--by", choices=("lineno", "traceback"), default="lineno")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--frames", type=int, default=6, help="frames shown per traceback")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    first, last = pick(args.paths)
    before, after = tracemalloc.Snapshot.load(str(first)), tracemalloc.Snapshot.load(str(last))
    total = [sum(s.size for s in snap.statistics("filename")) for snap in (before, after)]
    print(f"{first.name}: {total[0] / 2**20:.2f} MiB traced")
    print(
        f"{last.name}: {total[1] / 2**20:.2f} MiB traced ({(total[1] - total[0]) / 2**20:+.2f} MiB)"
    )
    rows = []
    for stat in after.compare_to(before, args.by)[: args.top]:
        frames = [f"{short(f.filename)}:{f.lineno}" for f in stat.traceback]
        shown = frames[-args.frames :] if args.by == "traceback" else frames[:1]
        rows.append(
            {
                "size_diff_kib": round(stat.size_diff / 1024, 1),
                "size_kib": round(stat.size / 1024, 1),
                "count_diff": stat.count_diff,
                "where": shown,
            }
        )
        where = "\n      ".join(reversed(shown))
        print(f"{stat.size_diff / 1024:+10.1f} KiB {stat.count_diff:+8d} blocks  {where}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"first": str(first), "last": str(last), "total_bytes": total, "rows": rows},
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
