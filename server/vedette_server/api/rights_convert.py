"""Rights and accounts between protobuf and the domain (``vedette_server.accounts``)."""

from __future__ import annotations

from typing import Any

from vedette_api.v1 import accounts_pb2
from vedette_server.accounts.groups import GroupKind, GroupRecord
from vedette_server.accounts.rights import (
    ALL_CAMERAS,
    Area,
    CameraRight,
    CameraSet,
    InvalidRights,
    ScopeRights,
    _AllCameras,
    scope_rights,
)
from vedette_server.accounts.users import UserRecord
from vedette_server.api.convert import timestamp
from vedette_server.errors import InvalidArgument

AREAS: dict[Any, Area] = {
    accounts_pb2.AREA_CAMERAS: Area.CAMERAS,
    accounts_pb2.AREA_RECORDING: Area.RECORDING,
    accounts_pb2.AREA_DISKS: Area.DISKS,
    accounts_pb2.AREA_ALARMS: Area.ALARMS,
    accounts_pb2.AREA_NETWORK: Area.NETWORK,
    accounts_pb2.AREA_ACCOUNTS: Area.ACCOUNTS,
    accounts_pb2.AREA_SYSTEM: Area.SYSTEM,
    accounts_pb2.AREA_LOGS: Area.LOGS,
    accounts_pb2.AREA_ALARM_VIEW: Area.ALARM_VIEW,
    accounts_pb2.AREA_ALARM_HANDLE: Area.ALARM_HANDLE,
    accounts_pb2.AREA_IO_CONTROL: Area.IO_CONTROL,
}
AREA_NUMBERS = {area: number for number, area in AREAS.items()}
CAMERA_RIGHTS: dict[Any, CameraRight] = {
    accounts_pb2.CAMERA_RIGHT_LIVE: CameraRight.LIVE,
    accounts_pb2.CAMERA_RIGHT_PLAYBACK: CameraRight.PLAYBACK,
    accounts_pb2.CAMERA_RIGHT_EXPORT: CameraRight.EXPORT,
    accounts_pb2.CAMERA_RIGHT_PTZ: CameraRight.PTZ,
    accounts_pb2.CAMERA_RIGHT_AUDIO: CameraRight.AUDIO,
    accounts_pb2.CAMERA_RIGHT_UNMASKED: CameraRight.UNMASKED,
}
CAMERA_RIGHT_NUMBERS = {right: number for number, right in CAMERA_RIGHTS.items()}
GROUP_KINDS = {
    GroupKind.ADMINISTRATOR: accounts_pb2.GROUP_KIND_ADMINISTRATOR,
    GroupKind.ADVANCED: accounts_pb2.GROUP_KIND_ADVANCED,
    GroupKind.ORDINARY: accounts_pb2.GROUP_KIND_ORDINARY,
    GroupKind.CUSTOM: accounts_pb2.GROUP_KIND_CUSTOM,
}
MAX_CAMERA_IDS = 4096


def rights_message(rights: ScopeRights) -> accounts_pb2.Rights:
    message = accounts_pb2.Rights(areas=sorted(AREA_NUMBERS[a] for a in rights.areas))
    for right in CameraRight:
        ids = rights.cameras.get(right)
        if ids is None:
            continue
        if isinstance(ids, _AllCameras):
            message.cameras.add(right=CAMERA_RIGHT_NUMBERS[right], all_cameras=True)
        elif ids:
            message.cameras.add(right=CAMERA_RIGHT_NUMBERS[right], camera_ids=sorted(ids))
    return message


def rights_from_message(message: accounts_pb2.Rights, field: str) -> ScopeRights:
    """Domain rights from a request's ``Rights``; INVALID_ARGUMENT naming ``field``."""
    areas = []
    for number in message.areas:
        if number not in AREAS:
            raise InvalidArgument(f"{field}.areas", f"unknown area {number}")
        areas.append(AREAS[number])
    cameras: dict[CameraRight, CameraSet | list[int]] = {}
    for access in message.cameras:
        right = CAMERA_RIGHTS.get(access.right)
        if right is None:
            raise InvalidArgument(f"{field}.cameras", f"unknown camera right {access.right}")
        if right in cameras:
            raise InvalidArgument(f"{field}.cameras", f"{right.value} is given twice")
        if len(access.camera_ids) > MAX_CAMERA_IDS:
            raise InvalidArgument(f"{field}.cameras", f"at most {MAX_CAMERA_IDS} camera ids")
        cameras[right] = ALL_CAMERAS if access.all_cameras else list(access.camera_ids)
    try:
        return scope_rights(areas, cameras)
    except InvalidRights as error:
        raise InvalidArgument(f"{field}.cameras", str(error)) from None


def group_message(group: GroupRecord) -> accounts_pb2.Group:
    return accounts_pb2.Group(
        id=group.id,
        name=group.name,
        kind=GROUP_KINDS[group.kind],
        local_rights=rights_message(group.rights.local),
        remote_rights=rights_message(group.rights.remote),
        user_count=group.user_count,
        create_time=timestamp(group.created_us),
        update_time=timestamp(group.updated_us),
        ptz_priority=group.ptz_priority,
    )


def user_message(user: UserRecord) -> accounts_pb2.User:
    return accounts_pb2.User(
        id=user.id,
        name=user.name,
        group_id=user.group_id,
        enabled=user.enabled,
        permission_control=user.permission_control,
        email=user.email,
        mac_binding=user.mac_binding,
        note=user.note,
        is_admin=user.is_admin,
        create_time=timestamp(user.created_us),
        update_time=timestamp(user.updated_us),
        password_change_time=timestamp(user.password_changed_us),
    )
