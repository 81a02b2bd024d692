"""How the server is asked to run: where its data is, where it listens, how it records.

Typed and checked where it enters (``cli.py`` parses and bounds the command line);
trusted after that. The composition (``composition.py``) reads it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vedette_server.datadir import DataDir
from vedette_server.ingest.config import RtspClientName
from vedette_server.recording.camera_state_log import CameraStateTimings
from vedette_server.storage.segment_file import DEFAULT_FSYNC_INTERVAL_S


@dataclass(frozen=True)
class ServerConfig:
    data: DataDir
    host: str = "127.0.0.1"
    port: int | None = None  # None: the setting network.server_port
    insecure: bool = False
    segment_seconds: float = 60.0
    #: How long a tentative segment (pre-alarm recording) waits for an event to claim
    #: it; the keeper never uses less than the longest pre-alarm + 30 s.
    tentative_ttl_s: float = 120.0
    fsync_interval_s: float = DEFAULT_FSYNC_INTERVAL_S
    housekeeping_interval_s: float = 5.0
    #: How often a camera that applies the privacy masks is asked whether it still does.
    masks_verify_s: float = 600.0
    cameras_per_worker: int = 4
    #: The appliance console's socket (local sessions); None: no local socket.
    local_socket: Path | None = None
    #: How date/time settings reach the host: "none", "systemd" or "record:PATH".
    host_control: str = "none"
    #: Export roots besides DATA/exports, as (name, path): USB or eSATA mounts.
    export_roots: tuple[tuple[str, Path], ...] = ()
    #: Export tasks run at once (the others wait their turn).
    export_concurrency: int = 10
    #: How rtsp:// cameras are read: "native" (ours) or "ffmpeg" (PyAV).
    rtsp_client: RtspClientName = "native"
    #: Processes that decode keyframes for thumbnails and snapshots.
    decode_workers: int = 2
    #: Where RTSP re-streaming (NET-02) listens; None: no re-streaming.
    rtsp_host: str | None = None
    #: Its port; None: the setting network.rtsp_port (8554).
    rtsp_port: int | None = None
    #: When a camera is said offline and back online in the system log.
    camera_states: CameraStateTimings = field(default_factory=CameraStateTimings)
    #: ARP probes for IP conflicts (RFC 5227) at start and every this many seconds;
    #: None: none sent (conflicts are still heard when the other machine speaks ARP).
    ip_conflict_probe_s: float | None = None
    #: Prometheus metrics over HTTP at (host, port); None: not served.
    metrics_listen: tuple[str, int] | None = None
    #: The group the local socket is opened to (mode 0660); None: 0600.
    local_socket_group: str | None = None
    #: Directory of the Ed25519 public keys upgrade bundles are verified with.
    upgrade_keys: Path = Path("/usr/share/vedette/keys")
    #: Where a verified bundle is handed to the host's upgrade service; None: DATA/upgrade.
    upgrade_dir: Path | None = None
