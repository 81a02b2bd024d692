"""``python -m vedette_server.netwatch``: the network watch alone, printing each event
it publishes as one JSON line ({"kind": ..., "facts": {...}}), after a first line
{"status": ...} saying whether IP conflicts can be detected. Runs until SIGTERM or
SIGINT. Tests run it inside network namespaces; an administrator may run it to see
what the server would raise."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from vedette_server.events import EventBus, ServerEvent
from vedette_server.netwatch.watcher import NetWatch, NetWatchTimings
from vedette_server.stop_signals import on_stop_signals


def _print(line: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(line, sort_keys=True) + "\n")
    sys.stdout.flush()


async def _run(timings: NetWatchTimings) -> None:
    events = EventBus()

    def show(event: ServerEvent) -> None:
        _print({"kind": event.kind, "facts": event.facts, "time_us": event.time_us})

    events.listen(show)
    watch = NetWatch(events, timings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    on_stop_signals(loop, stop.set)
    await watch.start()
    _print({"status": watch.conflict_check, "watched": sorted(watch.watched)})
    try:
        await stop.wait()
    finally:
        await watch.aclose()


def _positive(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 86400.0:
        raise argparse.ArgumentTypeError(f"{text} is not within (0, 86400]")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vedette_server.netwatch")
    parser.add_argument("--sample", type=_positive, default=1.0, help="seconds between samples")
    parser.add_argument("--hold", type=float, default=3.0, help="debounce of link changes (s)")
    parser.add_argument(
        "--probe-every", type=_positive, default=None, help="ARP probe period (s); default none"
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.hold <= 600.0:
        parser.error("--hold must be within 0..600")
    timings = NetWatchTimings(
        sample_s=args.sample, hold_s=args.hold, probe_every_s=args.probe_every
    )
    asyncio.run(_run(timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
