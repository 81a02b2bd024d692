"""The one place that builds the server from its parts and runs it; it only wires.

``build_server`` builds every part once (``build_parts``: a frozen ``Parts``, no
work done), registers the services on the gRPC server and orders the lifecycle.
``VedetteServer.start`` starts the parts in that order, ``aclose`` closes them in the
reverse one (``lifecycle.py``):

    catalog · catalog thread · executors · "server stopped" entry · crash recovery
    and volume probe (before anything records) · settings and accounts · sessions ·
    decoders · thumbnails · snapshots · API listeners (TLS unless --insecure on
    loopback, and the appliance console's local socket) · live hubs · recorder
    (ingest workers) · RTSP re-stream · export tasks · retention · volume states ·
    camera states · system log trim · live feed · power actions

so at stop (SIGINT/SIGTERM, or a Shutdown/Restart RPC) pending power actions are
dropped and feed streams end first, the workers close their segments before the API
stops, and the catalog is closed last; a restart then re-executes the same command
line.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from vedette_api.services import all_methods, method_path
from vedette_api.timestamps import now_us
from vedette_hw.host_network import LinuxNeighbourTable, NeighbourTable, NetworkMonitor
from vedette_hw.host_network_settings import host_network_settings_from_spec
from vedette_hw.host_power import host_power_from_spec
from vedette_hw.host_time import HostTime, host_time_from_spec
from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.groups import PermissionGroups
from vedette_server.accounts.login_guard import LoginGuard
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.accounts.users import Users
from vedette_server.alarms.actions import Durations
from vedette_server.alarms.alarm_log import AlarmLog
from vedette_server.alarms.assembly import build_alarms
from vedette_server.alarms.recording import AlarmRecordings
from vedette_server.api.audit import AuditTrail
from vedette_server.api.config_calls import ConfigCalls
from vedette_server.api.gate import CallGate
from vedette_server.api.media_service import PLAYBACK_THREADS
from vedette_server.api.policy import check_rules_cover
from vedette_server.api.ptz_service import PtzAuditJournal
from vedette_server.api.registration import register_services
from vedette_server.api.sessions import SessionTable
from vedette_server.api.system_service import vedette_version as server_version
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog.segments import open_segments
from vedette_server.catalog_reader import CatalogReader
from vedette_server.catalog_thread import CatalogThread
from vedette_server.config_backup.snapshot import ConfigSnapshots
from vedette_server.events import EventBus
from vedette_server.export.tasks import ExportTasks
from vedette_server.fd_budget import current_open_files_limit, fd_budget, rtsp_limits_within
from vedette_server.feed.hub import ChangeFeed
from vedette_server.feed.motion import detector_motion
from vedette_server.feed.snapshots import feed_snapshot
from vedette_server.images.keyframe_render import RenderPool
from vedette_server.images.snapshots import RecordedLiveKeyframes, Snapshots
from vedette_server.images.thumbnail_cache import ThumbnailCache
from vedette_server.images.thumbnails import Thumbnailer
from vedette_server.ingest.supervisor import IngestSupervisor
from vedette_server.io.hub import IoHub
from vedette_server.io.onvif_relays import onvif_targets
from vedette_server.lifecycle import Lifecycle, LifecycleStack, Step
from vedette_server.listen import GrpcListener, RestreamListener, make_grpc_server
from vedette_server.live.hub import LiveHubs
from vedette_server.live.restream import RtspRestream
from vedette_server.live.snapshot_keyframes import HubKeyframes
from vedette_server.maintenance_restart import (
    MaintenanceRestart,
    exports_running,
    upgrade_under_way,
)
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.index_retention import MotionIndexRetention
from vedette_server.motion.open_events import OpenMotionEvents
from vedette_server.motion.runner import MotionRunner
from vedette_server.motion.settings import MotionSettingsStore
from vedette_server.netwatch.watcher import NetWatch, NetWatchTimings
from vedette_server.notify.notifier import Notifier
from vedette_server.notify.pictures import StoredSnapshots
from vedette_server.notify.targets import NotifyTargets
from vedette_server.onvif.event_watch import OnvifEventWatch
from vedette_server.onvif.mask_push import CameraMasks
from vedette_server.ops.health import ServerHealth
from vedette_server.ops.memtrace import MemoryTrace
from vedette_server.ops.metrics import MetricsEndpoint
from vedette_server.ops.systemd import Systemd, recording_status
from vedette_server.parts import Parts, SiteHolder
from vedette_server.periodic import Periodic
from vedette_server.power import PowerAction, PowerControl, StopRequest, take_host_down
from vedette_server.ptz.keyboard_bridge import KeyboardBridge
from vedette_server.ptz.onvif_driver import OnvifPtzSources
from vedette_server.ptz.service import PtzService
from vedette_server.ptz.store import PtzStore
from vedette_server.reconfiguration import Reconfiguration
from vedette_server.recording.camera_state_log import CameraStateLog
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.deletion import CameraRemoval
from vedette_server.recording.disk_health import DiskHealthWatch
from vedette_server.recording.housekeeping import Housekeeper
from vedette_server.recording.keeper import Keeper
from vedette_server.recording.locks import EvidenceLocks
from vedette_server.recording.manual import ManualRecordings
from vedette_server.recording.onvif_sources import OnvifSources
from vedette_server.recording.plans import RecordingPlans
from vedette_server.recording.policy_store import load_policy_book
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.recovery import recover
from vedette_server.recording.retention import Retention
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volume_watch import VolumeWatch
from vedette_server.recording.volumes import VolumeManager
from vedette_server.saved_views import SavedViews
from vedette_server.search.events import EventLog
from vedette_server.search.tags import Tags
from vedette_server.security.password_pool import PasswordWork
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy
from vedette_server.security.secretbox import SecretBox
from vedette_server.security.tls import fingerprint
from vedette_server.server_config import ServerConfig
from vedette_server.settings.smtp import SmtpStore
from vedette_server.settings.store import SettingsStore
from vedette_server.site.cameras import SiteCamera, apply_site_cameras
from vedette_server.site.link import SiteLink
from vedette_server.site.membership import load as load_membership
from vedette_server.site.outbox import SiteOutbox
from vedette_server.site.users import (
    Applied,
    SiteUser,
    apply_site_users,
    load_offline_hashes,
    offline_hashes,
    save_offline_hashes,
)
from vedette_server.stop_signals import on_stop_signals
from vedette_server.system_log import LogType, SystemLog
from vedette_server.upgrade.intake import UpgradeIntake

__all__ = [
    "ServerConfig",
    "VedetteServer",
    "build_parts",
    "build_server",
    "load_signing_key",
    "restart_process",
    "run_server",
]

log = logging.getLogger("vedette.server")


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return key


def _password_policy(settings: SettingsStore) -> PasswordPolicy:
    security = settings.current.security
    return PasswordPolicy(security.password_min_length, security.password_min_classes)


def build_parts(
    config: ServerConfig,
    catalog: Catalog,
    server_id: str,
    secrets: SecretBox,
    signing_key: Ed25519PrivateKey,
    *,
    neighbours: NeighbourTable | None = None,
    host_time: HostTime | None = None,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
) -> Parts:
    """Every part, each given what it needs; nothing starts. ``clock`` (wall seconds)
    and ``monotonic`` drive session expiry and login throttling: tests inject them
    to move time without sleeping."""
    thread = CatalogThread()
    reader = CatalogReader(catalog)
    events = EventBus()
    feed = ChangeFeed(events)
    status = StatusBoard(on_transition=feed.camera_status_changed)
    settings = SettingsStore(catalog)
    system_log = SystemLog(catalog)
    audit = AuditTrail(thread, system_log, events)
    passwords = PasswordWork()
    users = Users(
        catalog, PasswordHashing(), secrets, policy=functools.partial(_password_policy, settings)
    )
    groups = PermissionGroups(catalog)
    directory = AccountDirectory(users, groups)
    sessions = SessionTable(
        lifetime_s=lambda: settings.current.security.session_lifetime_s,
        idle_s=lambda: settings.current.general.auto_logout_s,
        clock=clock,
    )
    throttle = LoginThrottle(clock=monotonic)
    login_guard = LoginGuard(throttle, audit)
    gate = CallGate(
        sessions, directory, settings, neighbours or LinuxNeighbourTable(), audit, feed=feed
    )
    cameras = CameraRegistry(catalog, secrets)
    motion_index = MotionIndexFeed(config.data.root / "motion.sqlite")
    motion_retention = MotionIndexRetention(catalog, motion_index)
    volumes = VolumeManager(
        catalog, server_id, on_segments_removed=motion_retention.segments_removed
    )
    retention = Retention(catalog, volumes, motion_retention.segments_deleted)
    events_log = EventLog(catalog)
    manual = ManualRecordings(catalog, events_log)
    locks = EvidenceLocks(catalog)
    roots = {"exports": config.data.exports, **dict(config.export_roots)}
    export_tasks = ExportTasks(
        catalog,
        thread,
        cameras,
        volumes,
        signing_key=signing_key,
        server_id=server_id,
        staging=config.data.root / "export-staging",
        roots=roots,
        max_running=config.export_concurrency,
        on_change=feed.export_task_changed,
    )
    render_pool = RenderPool(workers=config.decode_workers)
    thumbnailer = Thumbnailer(catalog, thread, volumes, render_pool, ThumbnailCache())
    # The supervisor comes first: the hubs switch the workers' live flow through it,
    # and the recorder hands the hubs the workers' packets.
    supervisor = IngestSupervisor(cameras_per_worker=config.cameras_per_worker)
    live_hubs = LiveHubs(supervisor.set_live)
    plans = RecordingPlans(
        functools.partial(load_policy_book, catalog),
        zone_name=lambda: settings.current.date_time.time_zone,
    )
    recorder = Recorder(
        catalog,
        thread,
        cameras,
        volumes,
        status,
        segment_seconds=config.segment_seconds,
        fsync_interval_s=config.fsync_interval_s,
        rtsp_client=config.rtsp_client,
        on_live=live_hubs.on_message,
        supervisor=supervisor,
        plans=plans,
        entries=audit,
    )
    # What the alarm engine's record action keeps, claimed by the keeper.
    alarm_recordings = AlarmRecordings(path=config.data.alarm_record_windows, started_us=now_us())
    keeper = Keeper(
        catalog,
        plans.plan,
        volumes.roots,
        ttl_us=int(config.tentative_ttl_s * 1_000_000),
        pre_max_us=plans.pre_max_us,
        forced=alarm_recordings.windows,
    )

    async def follow_plans_and_events() -> None:
        report = await thread.call(lambda: keeper.run_once(now_us()))
        await recorder.tick(report.active)

    snapshots = Snapshots(
        catalog,
        thread,
        cameras,
        thumbnailer,
        HubKeyframes(live_hubs, RecordedLiveKeyframes(thumbnailer)),
        folder=config.data.snapshots,
        export_roots=roots,
        signing_key=signing_key,
        server_id=server_id,
    )
    notifier = Notifier(
        catalog,
        thread,
        NotifyTargets(catalog, secrets),
        SmtpStore(catalog, secrets),
        server_id=server_id,
        zone=plans.zone,
        snapshots=StoredSnapshots(snapshots),
        system_log=system_log,
    )
    budget = fd_budget(
        current_open_files_limit(),
        grpc_listeners=1 + (config.local_socket is not None),
        rtsp=config.rtsp_host is not None,
    )
    restream = RestreamListener(
        config,
        settings,
        functools.partial(
            RtspRestream,
            live_hubs,
            cameras,
            thread,
            directory,
            secrets,
            login_guard,
            limits=rtsp_limits_within(budget),
        ),
        audit,
    )
    reconfiguration = Reconfiguration(
        thread, settings, directory, sessions, throttle, restream, recorder.reconfigure
    )
    ptz_store = PtzStore(catalog.database)
    ptz = PtzService(
        thread,
        ptz_store,
        PtzAuditJournal(audit),
        onvif=OnvifPtzSources(OnvifSources(catalog, cameras), cameras),
    )

    async def camera_deleted(camera_id: int) -> None:
        await ptz.camera_deleted(camera_id)
        await motion_retention.camera_deleted(camera_id)

    camera_removal = CameraRemoval(
        catalog,
        thread,
        cameras,
        volumes,
        groups,
        directory,
        status,
        recorder.reconfigure,
        on_deleted=camera_deleted,
    )
    config_backup_pool = ThreadPoolExecutor(1, thread_name_prefix="config-backup")

    async def configuration_replaced() -> None:
        """After an import or a factory reset: what ``Reconfiguration`` re-reads, then
        the alarm side's own copies (the I/O hub's devices and points, the notifier's
        SMTP settings), the alarm engine's rules and the cameras' choice of masks on the
        camera. ``io``, ``alarms`` and ``camera_masks`` are built below, before any call."""
        await reconfiguration.configuration_replaced()
        alarms.rules.replaced()
        await io.reload()
        await thread.call(notifier.smtp.load)
        notifier.wake()
        await camera_masks.reload()

    config_calls = ConfigCalls(
        ConfigSnapshots(catalog, cameras, volumes, groups, settings, secrets),
        users,
        thread,
        passwords,
        login_guard,
        config_backup_pool,
        signing_key,
        server_id,
        on_imported=configuration_replaced,
        erase_cameras=camera_removal.erase_all,
    )
    motion_settings = MotionSettingsStore(catalog.database)
    io = IoHub(
        catalog,
        thread,
        events,
        zone_name=lambda: settings.current.date_time.time_zone,
        onvif_targets=onvif_targets(catalog, cameras),
    )
    alarms = build_alarms(
        catalog,
        thread,
        events,
        zone=plans.zone,
        recordings=alarm_recordings,
        snapshots=snapshots,
        ptz=ptz,
        volumes=volumes,
        outputs=io,
        notify=notifier,
        durations=lambda: Durations(**settings.current.alarm_notifications.to_json()),
        reader=reader,
    )
    camera_masks = CameraMasks(
        thread, catalog, cameras, OnvifSources(catalog, cameras), verify_s=config.masks_verify_s
    )
    stop = StopRequest()
    interval_s = config.housekeeping_interval_s
    started_us = now_us()
    upgrades = UpgradeIntake(
        config.upgrade_dir or config.data.root / "upgrade", config.upgrade_keys
    )
    return Parts(
        config=config,
        server_id=server_id,
        started_us=started_us,
        catalog=catalog,
        thread=thread,
        reader=reader,
        settings=settings,
        system_log=system_log,
        secrets=secrets,
        signing_key=signing_key,
        events=events,
        feed=feed,
        audit=audit,
        users=users,
        groups=groups,
        directory=directory,
        sessions=sessions,
        throttle=throttle,
        login_guard=login_guard,
        gate=gate,
        passwords=passwords,
        cameras=cameras,
        volumes=volumes,
        status=status,
        recorder=recorder,
        live_hubs=live_hubs,
        camera_removal=camera_removal,
        manual=manual,
        locks=locks,
        retention=retention,
        ptz=ptz,
        ptz_keyboard=KeyboardBridge(ptz, thread, ptz_store, feed.keyboard),
        io=io,
        onvif_events=OnvifEventWatch(
            thread, OnvifSources(catalog, cameras), cameras, events_log, events, audit
        ),
        camera_masks=camera_masks,
        motion_settings=motion_settings,
        motion=MotionRunner(
            thread,
            motion_settings,
            cameras,
            live_hubs,
            events_log,
            events,
            on_cells=motion_index.add,
        ),
        motion_index=motion_index,
        alarm_engine=alarms.engine,
        alarm_desk=alarms.desk,
        event_recording=Periodic("event recording", 1.0, follow_plans_and_events),
        housekeeper=Housekeeper(thread, locks, retention, interval_s=interval_s),
        volume_watch=VolumeWatch(
            thread,
            volumes,
            audit,
            recorder.reconfigure,
            interval_s=interval_s,
            on_states=feed.volume_states,
        ),
        disk_health=DiskHealthWatch(thread, volumes, audit),
        camera_state_log=CameraStateLog(
            status,
            recorder.recorded_camera_ids,
            thread,
            cameras,
            audit,
            timings=config.camera_states,
        ),
        log_trim=Periodic(
            "system log trim", interval_s, functools.partial(thread.call, system_log.trim)
        ),
        maintenance_restart=MaintenanceRestart(
            settings,
            started_us,
            stop,
            functools.partial(audit.record, LogType.INFORMATION),
            busy=(exports_running(export_tasks), upgrade_under_way(upgrades.status)),
            interval_s=interval_s,
            clock=clock,
        ),
        upgrades=upgrades,
        events_log=events_log,
        tags=Tags(catalog),
        saved_views=SavedViews(catalog),
        export_tasks=export_tasks,
        render_pool=render_pool,
        thumbnailer=thumbnailer,
        snapshots=snapshots,
        notifier=notifier,
        playback_executor=ThreadPoolExecutor(PLAYBACK_THREADS, thread_name_prefix="playback"),
        config_calls=config_calls,
        config_backup_pool=config_backup_pool,
        reconfiguration=reconfiguration,
        network=NetworkMonitor(),
        netwatch=NetWatch(
            events,
            NetWatchTimings(probe_every_s=config.ip_conflict_probe_s),
            report=functools.partial(
                audit.record, LogType.INFORMATION, "network.ip_conflict.unavailable"
            ),
        ),
        host_time=host_time or host_time_from_spec(config.host_control),
        host_network=host_network_settings_from_spec(config.host_control),
        power=PowerControl(
            stop.from_api,
            host_power_from_spec(config.host_control),
            record=functools.partial(audit.record, LogType.INFORMATION),
        ),
        stop=stop,
        fd_budget=budget,
        grpc=make_grpc_server(budget),
        restream=restream,
        site=SiteHolder(),
    )


def lifecycle(parts: Parts, api: GrpcListener, systemd: Systemd) -> LifecycleStack:
    """The parts in start order (see the module docstring); closed in reverse;
    ``systemd`` is told of the crash recovery."""
    p = parts

    open_motion_events = OpenMotionEvents(p.thread, p.catalog, p.events_log, p.motion_index)
    p.feed.motion_now = detector_motion(p.motion.open_cameras)  # told to new subscribers
    p.feed.snapshot = feed_snapshot(p.alarm_desk.open_alarms, p.io.snapshot)

    async def recover_and_probe() -> None:
        """Crash recovery (open segments cut at their last valid record and closed),
        then every volume probed, before anything records."""
        roots = await p.thread.call(p.volumes.roots)
        open_count = len(await p.thread.call(open_segments, p.catalog))
        async with systemd.recovering(open_count):
            await p.thread.call(recover, p.catalog, roots)
            for volume in await p.thread.call(p.volumes.list_all):
                await p.thread.call(p.volumes.refresh, volume.id)

    async def write_stopped() -> None:
        entry = (LogType.INFORMATION, "server.stop", "server stopped")
        await p.thread.call(p.system_log.write, *entry)

    def close_executors() -> None:
        p.config_backup_pool.shutdown(wait=False, cancel_futures=True)
        p.passwords.shutdown()
        p.playback_executor.shutdown(wait=False, cancel_futures=True)

    async def start_decoders() -> None:
        p.render_pool.start()

    # Early: a metrics port in use stops the start before anything records.
    metrics: list[tuple[str, Lifecycle]] = []
    if p.config.metrics_listen is not None:
        metrics.append(("metrics", MetricsEndpoint(p, *p.config.metrics_listen)))
    parts_in_order: list[tuple[str, Lifecycle]] = [
        ("catalog", Step(on_close=p.catalog.close)),
        ("catalog thread", Step(on_close=p.thread.shutdown)),
        ("catalog reader", Step(on_close=p.reader.shutdown)),
        *metrics,
        ("executors", Step(on_close=close_executors)),
        ("stop entry", Step(on_close=write_stopped)),
        ("crash recovery", Step(on_start=recover_and_probe)),
        ("settings and accounts", Step(on_start=p.reconfiguration.load)),
        ("sessions", Step(on_close=p.sessions.end_all)),
        ("decoders", Step(on_start=start_decoders, on_close=p.render_pool.close)),
        ("thumbnails", Step(on_close=p.thumbnailer.close)),
        ("snapshots", Step(on_close=p.snapshots.close)),
        # After the snapshots its mails carry; before the alarm engine that sends.
        ("notifications", p.notifier),
        # Before the API: cruises resume before clients come, and the devices close
        # after the last control stream stopped its camera.
        ("PTZ", Step(on_start=p.ptz.start, on_close=p.ptz.aclose)),
        # After PTZ: closing it stops what the keyboard moved while the devices are open.
        ("control keyboard", Step(on_start=p.ptz_keyboard.start, on_close=p.ptz_keyboard.aclose)),
        # Before the API (manual alarms, rules seeded) and before the volume and
        # camera states it listens to.
        # Before the alarm engine whose items it writes to the system log (SYS-09).
        ("alarm log", AlarmLog(p.events, p.audit)),
        ("alarm engine", p.alarm_engine),
        ("API listeners", api),
        ("live hubs", Step(on_close=p.live_hubs.close)),
        ("recorder", p.recorder),
        # After the recorder (it reads the live hubs the recorder feeds); closed before.
        ("motion index", p.motion_index),
        # After the recovery and the index, before the runner opens new ones.
        ("motion events left open", Step(on_start=open_motion_events.end_all)),
        ("motion detection", p.motion),
        # After the motion events left open are ended: its first run claims their windows
        # before it reaps anything.
        ("event recording", p.event_recording),
        ("RTSP re-stream", p.restream),
        ("export tasks", p.export_tasks),
        ("retention", p.housekeeper),
        ("volume states", p.volume_watch),
        ("disk health", p.disk_health),
        ("camera states", p.camera_state_log),
        ("ONVIF events", p.onvif_events),
        ("camera privacy masks", p.camera_masks),
        # Inputs log events and publish them; outputs are driven by API calls.
        ("I/O devices", p.io),
        # After the alarm engine it tells of links down and IP conflicts.
        ("network watch", p.netwatch),
        ("system log trim", p.log_trim),
        ("maintenance restart", p.maintenance_restart),
        ("live feed", Step(on_close=p.feed.aclose)),
        ("power actions", Step(on_close=p.power.cancel)),
    ]
    link = p.site.link = site_link(p, api)
    if link is not None:  # last: a member says it is up once everything runs
        parts_in_order.append(("site link", link))
    return LifecycleStack(parts_in_order)


def api_fingerprint(cert_path: Path) -> str:
    """The SHA-256 of the API's certificate (empty when it cannot be read: the
    console then cannot trust the server through the directory, and says so)."""
    try:
        return fingerprint(cert_path.read_bytes())
    except (OSError, ValueError):
        log.warning("cannot read the API certificate %s for the site directory", cert_path)
        return ""


def site_link(p: Parts, api: GrpcListener) -> SiteLink | None:
    """The heartbeat to the site directory, when this server joined a site."""
    membership = load_membership(p.config.data)
    if membership is None:
        return None
    p.site.offline_hashes = load_offline_hashes(p.config.data.site_dir)
    host = p.config.host
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()

    def address() -> str:
        return f"[{host}]:{api.port}" if ":" in host else f"{host}:{api.port}"

    def cameras() -> tuple[int, int]:
        return p.recorder.configured_camera_count(), len(p.recorder.recorded_camera_ids())

    async def apply_users(users: list[SiteUser]) -> None:
        def change() -> Applied:
            try:
                return apply_site_users(p.catalog, users)
            finally:
                p.directory.reload()

        applied = await p.thread.call(change)
        for user_id in applied.changed:
            p.sessions.end_for_user(user_id)
        hashes = offline_hashes(users)
        if hashes != p.site.offline_hashes:
            await asyncio.to_thread(save_offline_hashes, p.config.data.site_dir, hashes)
            p.site.offline_hashes = hashes

    async def apply_cameras(cameras: list[SiteCamera]) -> None:
        await p.thread.call(apply_site_cameras, p.catalog, p.cameras, cameras)
        await p.recorder.reconfigure()

    return SiteLink(
        membership,
        address=address,
        cameras=cameras,
        version=server_version(),
        api_fingerprint=api_fingerprint(p.config.data.tls_cert),
        apply_users=apply_users,
        end_sessions=p.sessions.end_site_sessions,
        apply_cameras=apply_cameras,
        site_dir=p.config.data.site_dir,
        outbox=SiteOutbox(p.events, p.thread, p.catalog, p.alarm_desk.open_alarms),
        thread=p.thread,
    )


class VedetteServer:
    """The running server: its parts and their lifecycle. Built by :func:`build_server`;
    ``start()``, then ``aclose()``."""

    def __init__(self, parts: Parts, api: GrpcListener, stack: LifecycleStack) -> None:
        self.parts = parts
        self.api = api
        self._stack = stack
        #: NOT_SERVING until every part started, and from the start of the stop.
        self.health = ServerHealth(api.health)

    # -- what the CLI, tests and benchmarks use --------------------------------------

    @property
    def config(self) -> ServerConfig:
        return self.parts.config

    @property
    def server_id(self) -> str:
        return self.parts.server_id

    @property
    def port(self) -> int:
        """The API's TCP port, once started."""
        return self.api.port

    @property
    def restream(self) -> RtspRestream | None:
        """The RTSP re-stream, while it listens."""
        return self.parts.restream.restream

    @property
    def stop_request(self) -> StopRequest:
        """Set by SIGINT/SIGTERM (``run_server``) or a Shutdown/Restart call."""
        return self.parts.stop

    @property
    def events(self) -> EventBus:
        return self.parts.events

    @property
    def sessions(self) -> SessionTable:
        return self.parts.sessions

    @property
    def throttle(self) -> LoginThrottle:
        return self.parts.throttle

    @property
    def passwords(self) -> PasswordWork:
        return self.parts.passwords

    @property
    def export_tasks(self) -> ExportTasks:
        return self.parts.export_tasks

    @property
    def config_backup_pool(self) -> ThreadPoolExecutor:
        return self.parts.config_backup_pool

    @property
    def live_hubs(self) -> LiveHubs:
        return self.parts.live_hubs

    @property
    def recorder(self) -> Recorder:
        return self.parts.recorder

    def add_services(self, target: grpc.aio.Server, *, gated: bool = True) -> None:
        """Register every service on another gRPC server too (bench/auth.py's twin,
        ``gated=False``); the server's own are registered when it is built."""
        register_services(target, self.parts, gated=gated)

    # -- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        check_rules_cover(method_path(m) for m in all_methods())
        await self.health.starting()
        await self._stack.start()
        await self.health.serving()
        config, budget = self.config, self.parts.fd_budget
        scheme = self.api.scheme
        log.info("vedette-server listening on %s:%d (%s)", config.host, self.port, scheme)
        log.log(logging.WARNING if budget.short else logging.INFO, "%s", budget.describe())
        self.parts.audit.record(LogType.INFORMATION, "server.start", f"server started ({scheme})")

    async def aclose(self) -> None:
        await self.health.stopping()
        await self._stack.aclose()


async def build_server(
    config: ServerConfig,
    *,
    neighbours: NeighbourTable | None = None,
    host_time: HostTime | None = None,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    systemd: Systemd | None = None,
) -> VedetteServer:
    """Open the catalog and read the keys (off the loop), then build and wire the
    parts (``build_parts`` says what ``clock`` and ``monotonic`` drive; ``systemd``
    is told of the crash recovery, when the server runs as a service)."""
    loop = asyncio.get_running_loop()
    catalog = await loop.run_in_executor(None, open_catalog, config.data.catalog)
    identity = await loop.run_in_executor(None, catalog.server_identity)
    secrets = await loop.run_in_executor(None, SecretBox.load, config.data.credentials_key)
    signing_key = await loop.run_in_executor(None, load_signing_key, config.data.signing_key)
    parts = build_parts(
        config,
        catalog,
        identity.server_id,
        secrets,
        signing_key,
        neighbours=neighbours,
        host_time=host_time,
        clock=clock,
        monotonic=monotonic,
    )
    services = register_services(parts.grpc, parts)
    api = GrpcListener(parts.grpc, config, parts.settings, services.health)
    systemd = systemd or Systemd.off()
    return VedetteServer(parts, api, lifecycle(parts, api, systemd))


async def run_server(config: ServerConfig) -> PowerAction:
    """Run until SIGINT/SIGTERM or a Shutdown/Restart RPC; returns which it was.
    Under systemd (``ops/systemd.py``): the watchdog pinged throughout, READY=1 once
    started, STOPPING=1 (RELOADING=1 before a restart) at the stop."""
    trace = MemoryTrace.from_environ()  # docs/operations.md, "Memory"
    if trace is not None:
        trace.start()
    systemd = Systemd.from_environ()
    await systemd.start()
    server = await build_server(config, systemd=systemd)
    # Before anything is started or announced: a SIGTERM that comes as soon as "ready"
    # is read (a CI run's did, before the handler was set) stops the server cleanly.
    loop = asyncio.get_running_loop()
    on_stop_signals(loop, server.stop_request.ask)
    await server.start()
    systemd.ready(functools.partial(recording_status, server.recorder))
    if server.restream is not None:
        print(f"vedette-server RTSP on {config.rtsp_host}:{server.restream.port}", flush=True)
    print(f"vedette-server ready on {config.host}:{server.port}", flush=True)
    action = await server.stop_request.wait()
    host = server.stop_request.host
    if not host:
        systemd.stopping(restart=action == "restart")
    log.info("stopping: closing segments")
    await server.aclose()
    if host:  # every segment is closed: the machine's turn
        action = await loop.run_in_executor(None, take_host_down, server.parts.power.host, action)
        systemd.stopping(restart=action == "restart")  # a refused reboot restarts the server
    await systemd.aclose()
    if trace is not None:
        await trace.aclose()
    return action


def restart_process() -> None:
    """Replace this process with the same command line (after a clean stop)."""
    log.info("restarting: %s", " ".join(sys.orig_argv))
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
