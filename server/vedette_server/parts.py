"""The server's parts, built once by ``composition.build_parts`` and never replaced.

A frozen bundle: service registration (``api/registration.py``) and the lifecycle
(``composition.py``) read it; nothing reaches a part through another. Building it
does no work: no thread, process, socket or file is opened until ``start()``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_hw.host_network import NetworkMonitor
from vedette_hw.host_network_settings import HostNetworkSettings
from vedette_hw.host_time import HostTime
from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.groups import PermissionGroups
from vedette_server.accounts.login_guard import LoginGuard
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.accounts.users import Users
from vedette_server.alarms.desk import AlarmDesk
from vedette_server.alarms.engine import AlarmEngine
from vedette_server.api.audit import AuditTrail
from vedette_server.api.config_calls import ConfigCalls
from vedette_server.api.gate import CallGate
from vedette_server.api.sessions import SessionTable
from vedette_server.catalog.database import Catalog
from vedette_server.catalog_reader import CatalogReader
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus
from vedette_server.export.tasks import ExportTasks
from vedette_server.fd_budget import FdBudget
from vedette_server.feed.hub import ChangeFeed
from vedette_server.images.keyframe_render import RenderPool
from vedette_server.images.snapshots import Snapshots
from vedette_server.images.thumbnails import Thumbnailer
from vedette_server.io.hub import IoHub
from vedette_server.listen import RestreamListener
from vedette_server.live.hub import LiveHubs
from vedette_server.maintenance_restart import MaintenanceRestart
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.runner import MotionRunner
from vedette_server.motion.settings import MotionSettingsStore
from vedette_server.netwatch.watcher import NetWatch
from vedette_server.notify.notifier import Notifier
from vedette_server.onvif.event_watch import OnvifEventWatch
from vedette_server.onvif.mask_push import CameraMasks
from vedette_server.periodic import Periodic
from vedette_server.power import PowerControl, StopRequest
from vedette_server.ptz.keyboard_bridge import KeyboardBridge
from vedette_server.ptz.service import PtzService
from vedette_server.reconfiguration import Reconfiguration
from vedette_server.recording.camera_state_log import CameraStateLog
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.deletion import CameraRemoval
from vedette_server.recording.disk_health import DiskHealthWatch
from vedette_server.recording.housekeeping import Housekeeper
from vedette_server.recording.locks import EvidenceLocks
from vedette_server.recording.manual import ManualRecordings
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.retention import Retention
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volume_watch import VolumeWatch
from vedette_server.recording.volumes import VolumeManager
from vedette_server.saved_views import SavedViews
from vedette_server.search.events import EventLog
from vedette_server.search.tags import Tags
from vedette_server.security.password_pool import PasswordWork
from vedette_server.security.secretbox import SecretBox
from vedette_server.server_config import ServerConfig
from vedette_server.settings.store import SettingsStore
from vedette_server.site.link import SiteLink
from vedette_server.system_log import SystemLog
from vedette_server.upgrade.intake import UpgradeIntake


@dataclass
class SiteHolder:
    """The link to the site directory of a member server (None: in no site)."""

    link: SiteLink | None = None
    #: Account name → cached site password hash, while the site allows offline
    #: sign-in (``site/users.py``); empty otherwise.
    offline_hashes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Parts:
    config: ServerConfig
    server_id: str
    #: When this process started serving (µs since the epoch; GetServerInfo's uptime).
    started_us: int
    # -- the catalog and what it keeps ----------------------------------------------
    catalog: Catalog
    thread: CatalogThread
    #: Reads that need not queue behind the writer (the alarm desk's).
    reader: CatalogReader
    settings: SettingsStore
    system_log: SystemLog
    secrets: SecretBox
    signing_key: Ed25519PrivateKey
    # -- what happened, for whoever listens -----------------------------------------
    events: EventBus
    feed: ChangeFeed
    audit: AuditTrail
    # -- accounts, sessions, access ---------------------------------------------------
    users: Users
    groups: PermissionGroups
    directory: AccountDirectory
    sessions: SessionTable
    throttle: LoginThrottle
    login_guard: LoginGuard
    gate: CallGate
    #: Argon2id checks and hashes (logins, password changes, the factory reset's
    #: admin password), bounded, apart from backups.
    passwords: PasswordWork
    # -- cameras and recording -----------------------------------------------------------
    cameras: CameraRegistry
    volumes: VolumeManager
    status: StatusBoard
    recorder: Recorder
    live_hubs: LiveHubs
    camera_removal: CameraRemoval
    manual: ManualRecordings
    locks: EvidenceLocks
    retention: Retention
    #: PTZ devices, presets, cruises and who controls each camera.
    ptz: PtzService
    #: The RS-485 control keyboard driving PTZ (PTZ-05).
    ptz_keyboard: KeyboardBridge
    #: ONVIF event subscriptions of the cameras that offer events.
    onvif_events: OnvifEventWatch
    #: Privacy masks set on the cameras that apply them themselves (CAM-10).
    camera_masks: CameraMasks
    #: Sensor inputs and relay outputs: the I/O devices polled, their events and outputs.
    io: IoHub
    #: Motion detection settings, and the detector in worker processes (ALARM-02).
    motion_settings: MotionSettingsStore
    motion: MotionRunner
    #: The motion index (<data>/motion.sqlite) the runner feeds.
    motion_index: MotionIndexFeed
    #: Events to rules, actions and alarms (issue 15); the desk is the API's way in.
    alarm_engine: AlarmEngine
    alarm_desk: AlarmDesk
    #: Each second: the recorder follows the recording plans, and events keep video
    #: while unclaimed tentative segments go (recording/keeper.py).
    event_recording: Periodic
    # -- maintenance, one per concern ---------------------------------------------------
    housekeeper: Housekeeper
    volume_watch: VolumeWatch
    #: Each volume's disk read with smartctl (DISK-04) and the "disk failing" exception.
    disk_health: DiskHealthWatch
    camera_state_log: CameraStateLog
    log_trim: Periodic
    #: SYS-08: the server's own restart every N days at an hour.
    maintenance_restart: MaintenanceRestart
    #: SYS-06: signed bundles taken for the host's upgrade service.
    upgrades: UpgradeIntake
    # -- search, export, pictures --------------------------------------------------------
    events_log: EventLog
    tags: Tags
    saved_views: SavedViews
    export_tasks: ExportTasks
    render_pool: RenderPool
    thumbnailer: Thumbnailer
    snapshots: Snapshots
    #: E-mail and webhooks through the durable outbox (ALARM-07/10): the NotifyPort.
    notifier: Notifier
    #: Threads reading segment files for every playback session.
    playback_executor: ThreadPoolExecutor
    # -- system --------------------------------------------------------------------------
    config_calls: ConfigCalls
    #: Sealing and opening configuration backups (Argon2id with the file's costs),
    #: one at a time, apart from logins.
    config_backup_pool: ThreadPoolExecutor
    reconfiguration: Reconfiguration
    network: NetworkMonitor
    #: Network down and IP conflicts of the host's interfaces, on the event bus.
    netwatch: NetWatch
    host_time: HostTime
    #: The host's own network settings through NetworkManager (NET-05).
    host_network: HostNetworkSettings
    power: PowerControl
    stop: StopRequest
    # -- listeners ------------------------------------------------------------------------
    fd_budget: FdBudget
    grpc: grpc.aio.Server
    restream: RestreamListener
    #: The site this server joined, if any (its link is set when the server starts).
    site: SiteHolder
