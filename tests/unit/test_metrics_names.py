"""The metrics' names, types and labels are what docs/metrics.md lists, no more and no
fewer; and the figures behind them count what they say (totals across reconnects,
cumulative histogram buckets, the loopback rule of ``--metrics-listen``)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

from vedette_server.cli import parse_metrics_listen
from vedette_server.ingest.messages import Health, StreamState
from vedette_server.ops.metrics import MetricsSnapshot, StreamFigures, families
from vedette_server.ops.tallies import BUCKETS_S, HistogramCounts, LatencyHistogram
from vedette_server.recording.cameras import CameraRecord
from vedette_server.recording.ingest_totals import IngestTotals, StreamCounters
from vedette_server.recording.status import StreamHealth
from vedette_server.recording.volumes import VolumeInfo

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
ROW = re.compile(r"^\| `(vedette_\w+)` \| (\w+) \|([^|]*)\|")


def documented_metrics() -> dict[str, tuple[str, tuple[str, ...]]]:
    """name → (type, labels) from the table of docs/metrics.md."""
    rows = [ROW.match(line) for line in DOC.read_text().splitlines()]
    return {
        m[1]: (m[2], tuple(label.strip() for label in m[3].split(",") if label.strip()))
        for m in rows
        if m
    }


def histogram(*seconds: float) -> HistogramCounts:
    h = LatencyHistogram()
    for s in seconds:
        h.observe(s)
    return h.snapshot()


def a_snapshot() -> MetricsSnapshot:
    camera = CameraRecord(7, "Gate, north", "rtsp://x", None, False, 1, True, None, False, 0, 0)
    volume = VolumeInfo(
        3, "u", "/srv/rec", 1, "read_write", 10 << 30, 4 << 30, None, None, None, None
    )
    health = StreamHealth(state="online", fps=25.0, bitrate_kbps=800, recording=True)
    return MetricsSnapshot(
        version="1.2.3",
        cameras=[camera],
        streams={(7, "main"): StreamFigures(health, StreamCounters(100, 50_000, 2, 1, 3), 2)},
        volumes=[volume],
        fsync_by_volume={3: histogram(0.002, 0.3)},
        catalog_wait=histogram(0.0001),
        catalog_run=histogram(0.004),
        export_tasks=Counter({"running": 1}),
        login_failures={("login",): 4},
        grpc_calls={("vedette.v1.CameraService/ListCameras", "OK"): 9},
        now_s=health.updated_s,
    )


class Fixed(Collector):
    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics

    def collect(self) -> list[Metric]:
        return self.metrics


def exposed(snapshot: MetricsSnapshot) -> dict[str, Metric]:
    """The families as a scraper parses them from the text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Fixed(families(snapshot)))
    text = generate_latest(registry).decode()
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_every_metric_served_is_documented_with_its_type_and_labels() -> None:
    documented = documented_metrics()
    served = exposed(a_snapshot())
    assert len(documented) >= 20
    assert {name.removesuffix("_total") for name in documented} == set(served)
    for name, (kind, labels) in documented.items():
        family = served[name.removesuffix("_total")]
        assert family.type == kind, name
        assert family.samples, name
        for sample in family.samples:
            extra = {"le"} if sample.name.endswith("_bucket") else set()
            assert set(sample.labels) == set(labels) | extra, (name, sample.labels)


def test_names_carry_their_unit_and_the_vedette_prefix() -> None:
    for name, (kind, _) in documented_metrics().items():
        assert name.startswith("vedette_")
        if kind == "counter":
            assert name.endswith("_total"), name
        if kind == "histogram":
            assert name.endswith("_seconds"), name
        if "bytes" in name and kind == "gauge":
            assert name.endswith("_bytes"), name


def test_figures_are_in_base_units_and_labelled_by_name_and_id() -> None:
    served = exposed(a_snapshot())
    labels = {"camera": "Gate, north", "camera_id": "7", "stream": "main"}

    def value(sample: str, **want: str) -> float:
        (found,) = [
            s.value
            for family in served.values()
            for s in family.samples
            if s.name == sample and all(s.labels.get(k) == v for k, v in want.items())
        ]
        return found

    assert value("vedette_ingest_bitrate_bits_per_second", **labels) == 800_000
    assert value("vedette_ingest_bytes_total", **labels) == 50_000
    assert value("vedette_live_viewers", **labels) == 2
    assert value("vedette_camera_up", camera_id="7") == 1
    assert value("vedette_volume_free_bytes", volume="/srv/rec", volume_id="3") == 4 << 30
    assert value("vedette_volume_state", state="read_write") == 1
    assert value("vedette_volume_state", state="full") == 0
    fsync = "vedette_segment_fsync_seconds"
    assert value(f"{fsync}_count", volume_id="3") == 2
    assert value(f"{fsync}_bucket", volume_id="3", le="0.0025") == 1
    assert value(f"{fsync}_bucket", volume_id="3", le="+Inf") == 2
    assert value("vedette_export_tasks", state="running") == 1
    assert value("vedette_export_tasks", state="failed") == 0
    assert value("vedette_login_failures_total", via="login") == 4


def test_a_stream_whose_worker_went_silent_is_not_up() -> None:
    snapshot = a_snapshot()
    stale = MetricsSnapshot(**{**snapshot.__dict__, "now_s": snapshot.now_s + 60})
    served = exposed(stale)
    (up,) = served["vedette_camera_up"].samples
    assert up.value == 0
    fps = [s.value for s in served["vedette_ingest_frames_per_second"].samples]
    assert fps == [0]


def test_histogram_buckets_are_cumulative_with_inf_last() -> None:
    counts = histogram(0.0005, 0.001, 0.02, 99.0)
    assert len(counts.buckets) == len(BUCKETS_S) + 1
    assert counts.buckets[0] == 2  # ≤ 1 ms: the bound itself included
    assert counts.buckets[BUCKETS_S.index(0.025)] == 3
    assert counts.buckets[-2] == 3 and counts.count == 4
    assert counts.sum_s == pytest.approx(99.0215)


def health(recorder: int, **fields: Any) -> Health:
    """A report of recorder ``recorder`` (its counters id)."""
    return Health(1, "main", StreamState.ONLINE, counters_id=recorder, **fields)


def packets(totals: IngestTotals) -> int:
    return totals.streams()[(1, "main")].packets_received


def test_totals_add_up_across_a_recorder_starting_again() -> None:
    totals = IngestTotals()
    totals.on_health(health(1, packets_received=10, bytes_received=1000, reconnects=1))
    totals.on_health(health(1, packets_received=15, bytes_received=1500, reconnects=1))
    # The camera was reconfigured: a new recorder counts from 0 again.
    totals.on_health(health(2, packets_received=4, bytes_received=400))
    totals.on_health(health(2, packets_received=6, bytes_received=600))
    assert totals.streams()[(1, "main")] == StreamCounters(21, 2100, 0, 0, 1)


def test_reports_out_of_order_are_never_counted_twice() -> None:
    totals = IngestTotals()
    totals.on_health(health(1, packets_received=10))
    totals.on_health(health(1, packets_received=15))
    totals.on_health(health(1, packets_received=12))  # taken before the last one
    assert packets(totals) == 15
    totals.on_health(health(2, packets_received=4))  # the successor's first report
    totals.on_health(health(1, packets_received=16))  # the retired one's last
    totals.on_health(health(2, packets_received=5))
    assert packets(totals) == 16 + 5


def test_fsync_latencies_are_added_per_volume_without_counting_twice() -> None:
    totals = IngestTotals()
    first = histogram(0.002)
    second = histogram(0.002, 0.2)
    totals.on_health(health(1, fsync_by_volume=((3, first),)))
    totals.on_health(health(1, fsync_by_volume=((3, second),)))
    totals.on_health(health(1, fsync_by_volume=((3, second),)))
    totals.on_health(health(1, fsync_by_volume=((3, first),)))  # an older report
    assert totals.fsync_by_volume()[3] == second
    # A new recorder's latencies count whole.
    totals.on_health(health(2, fsync_by_volume=((3, first),)))
    assert totals.fsync_by_volume()[3] == second.plus(first)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0.0.0.0:9464", "must be a loopback address"),
        ("10.1.2.3:9464", "must be a loopback address"),
        ("[fe80::1]:9464", "must be a loopback address"),
        ("127.0.0.1", "is not HOST:PORT"),
        ("127.0.0.1:0", "is not HOST:PORT"),
        ("127.0.0.1:http", "is not HOST[:PORT]"),
    ],
)
def test_metrics_listen_refuses_what_is_not_a_loopback_host_and_port(
    text: str, reason: str
) -> None:
    with pytest.raises(SystemExit, match=re.escape(reason)):
        parse_metrics_listen(text)


def test_metrics_listen_takes_loopback_addresses() -> None:
    assert parse_metrics_listen(None) is None
    assert parse_metrics_listen("127.0.0.1:9464") == ("127.0.0.1", 9464)
    assert parse_metrics_listen("[::1]:9464") == ("::1", 9464)
    assert parse_metrics_listen("localhost:9464") == ("localhost", 9464)
