"""Every service of the API, put on a gRPC server behind the gate.

``register_services`` builds one servicer per service from the server's parts and
adds it through a ``GatedRegistrar``, which puts each method behind the call gate
(the access rules of ``policy.py``); health and reflection are open. A new service
is one more entry in ``_SERVICES`` (and its rules in ``policy.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import grpc
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from grpc_health.v1 import health, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc

from vedette_api.evidence import key_fingerprint
from vedette_api.services import SERVICES
from vedette_api.v1 import (
    accounts_pb2_grpc,
    alarms_pb2_grpc,
    auth_pb2_grpc,
    cameras_pb2_grpc,
    export_pb2_grpc,
    images_pb2_grpc,
    io_pb2_grpc,
    media_pb2_grpc,
    motion_pb2_grpc,
    notify_pb2_grpc,
    ptz_pb2_grpc,
    recording_pb2_grpc,
    rules_pb2_grpc,
    search_pb2_grpc,
    storage_pb2_grpc,
    system_pb2_grpc,
    views_pb2_grpc,
)
from vedette_server.accounts.recovery import Recovery
from vedette_server.api.account_service import AccountServicer
from vedette_server.api.alarm_service import AlarmServicer
from vedette_server.api.auth_service import AuthServicer
from vedette_server.api.camera_service import CameraServicer
from vedette_server.api.export_service import ExportServicer
from vedette_server.api.image_service import ImageServicer
from vedette_server.api.interceptor import GatedRegistrar
from vedette_server.api.io_service import IoServicer
from vedette_server.api.media_service import MediaServicer
from vedette_server.api.motion_service import MotionServicer
from vedette_server.api.notification_service import NotificationServicer
from vedette_server.api.ptz_service import PtzServicer
from vedette_server.api.recording_service import RecordingServicer
from vedette_server.api.rule_service import RuleServicer
from vedette_server.api.search_service import SearchServicer
from vedette_server.api.setup_calls import SetupCalls, check_auto_login_user
from vedette_server.api.storage_service import StorageServicer
from vedette_server.api.system_service import SystemServicer
from vedette_server.api.view_service import ViewServicer
from vedette_server.parts import Parts
from vedette_server.recording.onvif_sources import OnvifSources


def _auth(p: Parts, server: GatedRegistrar) -> None:
    setup = SetupCalls(
        users=p.users,
        recovery=Recovery(p.catalog, p.users.hashing),
        directory=p.directory,
        sessions=p.sessions,
        guard=p.login_guard,
        audit=p.audit,
        passwords=p.passwords,
        thread=p.thread,
        settings=p.settings,
    )
    servicer = AuthServicer(
        p.users, p.sessions, p.login_guard, p.gate, p.audit, p.passwords, setup, p.directory,
        p.site,
    )  # fmt: skip
    auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, server)


def _accounts(p: Parts, server: GatedRegistrar) -> None:
    # Recovery questions are an appliance's: a server that controls its host's time.
    appliance = p.config.host_control != "none"
    servicer = AccountServicer(
        p.users,
        p.groups,
        p.directory,
        p.sessions,
        p.thread,
        p.passwords,
        p.login_guard,
        recovery=Recovery(p.catalog, p.users.hashing) if appliance else None,
    )
    accounts_pb2_grpc.add_AccountServiceServicer_to_server(servicer, server)


def _cameras(p: Parts, server: GatedRegistrar) -> None:
    servicer = CameraServicer(
        p.cameras,
        p.thread,
        p.status,
        p.recorder.reconfigure,
        p.camera_removal.delete,
        OnvifSources(p.catalog, p.cameras),
        lambda camera_id, offers, enabled: p.onvif_events.report(
            camera_id, offers_events=offers, enabled=enabled
        ),
        masks=p.camera_masks,
    )
    cameras_pb2_grpc.add_CameraServiceServicer_to_server(servicer, server)


def _storage(p: Parts, server: GatedRegistrar) -> None:
    servicer = StorageServicer(p.volumes, p.thread, p.recorder.reconfigure, p.disk_health)
    storage_pb2_grpc.add_StorageServiceServicer_to_server(servicer, server)


def _search(p: Parts, server: GatedRegistrar) -> None:
    servicer = SearchServicer(
        p.catalog, p.thread, p.cameras, events=p.events_log, tags=p.tags, settings=p.settings
    )
    search_pb2_grpc.add_SearchServiceServicer_to_server(servicer, server)


def _recording(p: Parts, server: GatedRegistrar) -> None:
    servicer = RecordingServicer(
        p.catalog, p.thread, p.cameras, p.status, p.manual, p.locks, p.recorder.reconfigure
    )
    recording_pb2_grpc.add_RecordingServiceServicer_to_server(servicer, server)


def _export(p: Parts, server: GatedRegistrar) -> None:
    servicer = ExportServicer(
        p.catalog,
        p.thread,
        p.cameras,
        p.volumes,
        tasks=p.export_tasks,
        events=p.events_log,
        tags=p.tags,
    )
    export_pb2_grpc.add_ExportServiceServicer_to_server(servicer, server)


def _views(p: Parts, server: GatedRegistrar) -> None:
    servicer = ViewServicer(p.thread, p.cameras, p.saved_views)
    views_pb2_grpc.add_ViewServiceServicer_to_server(servicer, server)


def _images(p: Parts, server: GatedRegistrar) -> None:
    servicer = ImageServicer(
        thread=p.thread,
        cameras=p.cameras,
        settings=p.settings,
        thumbnailer=p.thumbnailer,
        snapshots=p.snapshots,
        motion_index=p.motion_index,
        motion_settings=p.motion_settings,
    )
    images_pb2_grpc.add_ImageServiceServicer_to_server(servicer, server)


def _media(p: Parts, server: GatedRegistrar) -> None:
    servicer = MediaServicer(
        catalog=p.catalog,
        thread=p.thread,
        cameras=p.cameras,
        volumes=p.volumes,
        audit=p.audit,
        live_hubs=p.live_hubs,
        playback_executor=p.playback_executor,
    )
    media_pb2_grpc.add_MediaServiceServicer_to_server(servicer, server)


def _system(p: Parts, server: GatedRegistrar) -> None:
    public_key = p.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    servicer = SystemServicer(
        server_id=p.server_id,
        started_us=p.started_us,
        thread=p.thread,
        settings=p.settings,
        cameras=p.cameras,
        status=p.status,
        volumes=p.volumes,
        network=p.network,
        host_time=p.host_time,
        host_network=p.host_network,
        next_restart_us=p.maintenance_restart.next_restart_us,
        system_log=p.system_log,
        config=p.config_calls,
        power=p.power,
        session_count=lambda: len(p.sessions.sessions()),
        on_settings_changed=p.reconfiguration.settings_changed,
        views=p.saved_views,
        signing_key_fingerprint=key_fingerprint(public_key),
        check_settings=lambda settings: check_auto_login_user(settings, p.directory),
        listen_hosts=(p.config.host, p.config.rtsp_host or p.config.host),
        upgrades=p.upgrades,
    )
    system_pb2_grpc.add_SystemServiceServicer_to_server(servicer, server)


def _alarms(p: Parts, server: GatedRegistrar) -> None:
    servicer = AlarmServicer(
        p.feed, p.directory, p.sessions, desk=p.alarm_desk, plan=p.recorder.plans.plan
    )
    alarms_pb2_grpc.add_AlarmServiceServicer_to_server(servicer, server)


def _ptz(p: Parts, server: GatedRegistrar) -> None:
    ptz_pb2_grpc.add_PtzServiceServicer_to_server(PtzServicer(p.ptz, p.ptz_keyboard), server)


def _motion(p: Parts, server: GatedRegistrar) -> None:
    servicer = MotionServicer(p.thread, p.motion_settings, p.motion, p.cameras, p.motion_index)
    motion_pb2_grpc.add_MotionServiceServicer_to_server(servicer, server)


def _io(p: Parts, server: GatedRegistrar) -> None:
    io_pb2_grpc.add_IoServiceServicer_to_server(IoServicer(p.io, p.thread), server)


def _rules(p: Parts, server: GatedRegistrar) -> None:
    rules_pb2_grpc.add_RuleServiceServicer_to_server(RuleServicer(p.alarm_desk), server)


def _notifications(p: Parts, server: GatedRegistrar) -> None:
    servicer = NotificationServicer(p.notifier, p.settings, p.notifier.zone)
    notify_pb2_grpc.add_NotificationServiceServicer_to_server(servicer, server)


#: One function per service of ``vedette_api.services.SERVICES``.
_SERVICES: tuple[Callable[[Parts, GatedRegistrar], None], ...] = (
    _auth,
    _accounts,
    _cameras,
    _storage,
    _search,
    _recording,
    _export,
    _views,
    _images,
    _media,
    _system,
    _alarms,
    _rules,
    _ptz,
    _motion,
    _notifications,
    _io,
)


@dataclass(frozen=True)
class OpenServices:
    """What registration made that the server's start needs."""

    health: health.aio.HealthServicer


def register_services(target: grpc.aio.Server, parts: Parts, *, gated: bool = True) -> OpenServices:
    """Add every service to ``target``, each method behind the gate; health and
    reflection open. ``gated=False`` (bench/auth.py's twin server only) adds them bare."""
    registrar = GatedRegistrar(target, parts.gate, gated=gated)
    for add in _SERVICES:
        add(parts, registrar)
    open_services = GatedRegistrar(target, parts.gate, open_service=True, gated=gated)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, open_services)
    names = tuple(service.full_name for service in SERVICES)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        reflection.aio.ReflectionServicer((*names, health.SERVICE_NAME, reflection.SERVICE_NAME)),
        open_services,
    )
    return OpenServices(health_servicer)
