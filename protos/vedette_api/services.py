"""Every service of the Vedette API, as protobuf service descriptors.

The one list the server registers (reflection, the access policy) and the tests walk
(every RPC needs a token; every RPC has a permission rule), so a new service is
covered everywhere once it is added here.
"""

from __future__ import annotations

from typing import Final

from google.protobuf.descriptor import FieldDescriptor, MethodDescriptor, ServiceDescriptor

from vedette_api.v1 import (
    accounts_pb2,
    alarms_pb2,
    auth_pb2,
    cameras_pb2,
    common_pb2,
    export_pb2,
    images_pb2,
    io_pb2,
    media_pb2,
    motion_pb2,
    notify_pb2,
    ptz_pb2,
    recording_pb2,
    rules_pb2,
    search_pb2,
    storage_pb2,
    system_pb2,
    views_pb2,
)

SERVICES: Final[tuple[ServiceDescriptor, ...]] = (
    auth_pb2.DESCRIPTOR.services_by_name["AuthService"],
    accounts_pb2.DESCRIPTOR.services_by_name["AccountService"],
    cameras_pb2.DESCRIPTOR.services_by_name["CameraService"],
    storage_pb2.DESCRIPTOR.services_by_name["StorageService"],
    search_pb2.DESCRIPTOR.services_by_name["SearchService"],
    recording_pb2.DESCRIPTOR.services_by_name["RecordingService"],
    export_pb2.DESCRIPTOR.services_by_name["ExportService"],
    images_pb2.DESCRIPTOR.services_by_name["ImageService"],
    media_pb2.DESCRIPTOR.services_by_name["MediaService"],
    system_pb2.DESCRIPTOR.services_by_name["SystemService"],
    views_pb2.DESCRIPTOR.services_by_name["ViewService"],
    alarms_pb2.DESCRIPTOR.services_by_name["AlarmService"],
    rules_pb2.DESCRIPTOR.services_by_name["RuleService"],
    ptz_pb2.DESCRIPTOR.services_by_name["PtzService"],
    motion_pb2.DESCRIPTOR.services_by_name["MotionService"],
    notify_pb2.DESCRIPTOR.services_by_name["NotificationService"],
    io_pb2.DESCRIPTOR.services_by_name["IoService"],
)


def method_path(method: MethodDescriptor) -> str:
    """The gRPC path of a method: ``/vedette.v1.CameraService/GetCamera``."""
    return f"/{method.containing_service.full_name}/{method.name}"


def all_methods() -> list[MethodDescriptor]:
    """Every RPC of every service, in declaration order."""
    return [method for service in SERVICES for method in service.methods]


def is_secret(field: FieldDescriptor) -> bool:
    """Whether a field carries the ``(vedette.v1.secret) = true`` option."""
    options = field.GetOptions()
    return bool(options.Extensions[common_pb2.secret])
