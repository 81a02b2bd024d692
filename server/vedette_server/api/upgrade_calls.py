"""SystemService's UploadUpgrade and GetUpgradeStatus (SYS-06): the stream's chunks
handed to ``upgrade.intake``, its state said as an ``UpgradeStatus``.

Refusals are FAILED_PRECONDITION with the reason (``upgrade.refusal``); an upload
while another upgrade runs is ABORTED (``UPGRADE_RUNNING``), as the API says.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeAlias

import grpc

from vedette_api.v1 import system_pb2
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.status import abort
from vedette_server.errors import InvalidArgument
from vedette_server.upgrade.handoff import UpgradeState
from vedette_server.upgrade.intake import UpgradeIntake
from vedette_server.upgrade.refusal import UpgradeRunning

Requests: TypeAlias = AsyncIterator[system_pb2.UploadUpgradeRequest]

_STATES = {
    "none": system_pb2.UPGRADE_STATE_NONE,
    "pending": system_pb2.UPGRADE_STATE_PENDING,
    "installing": system_pb2.UPGRADE_STATE_INSTALLING,
    "succeeded": system_pb2.UPGRADE_STATE_SUCCEEDED,
    "failed": system_pb2.UPGRADE_STATE_FAILED,
}


def status_message(state: UpgradeState, running_version: str) -> system_pb2.UpgradeStatus:
    return system_pb2.UpgradeStatus(
        state=_STATES[state.state],
        running_version=running_version,
        bundle_version=state.bundle_version,
        message=state.message,
        progress_percent=state.progress_percent,
        update_time=timestamp(state.update_time_us) if state.update_time_us else None,
    )


async def _chunks(first: system_pb2.UploadUpgradeRequest, rest: Requests) -> AsyncIterator[bytes]:
    yield first.chunk
    async for request in rest:
        yield request.chunk


async def upload(
    intake: UpgradeIntake, requests: Requests, context: grpc.aio.ServicerContext
) -> system_pb2.UploadUpgradeResponse:
    first = await anext(requests, None)
    if first is None:
        raise InvalidArgument("total_bytes", "the upload sent no message")
    try:
        signed = await intake.upload(first.total_bytes, _chunks(first, requests))
    except UpgradeRunning as error:
        await abort(context, grpc.StatusCode.ABORTED, str(error), error.error_reason)
        raise  # unreachable: abort raises
    call_context.note(
        message=f"upgrade bundle {signed.version} verified and handed to the host",
        version=signed.version,
    )
    state = await intake.status()
    return system_pb2.UploadUpgradeResponse(status=status_message(state, intake.running()))


async def status(intake: UpgradeIntake) -> system_pb2.GetUpgradeStatusResponse:
    state = await intake.status()
    return system_pb2.GetUpgradeStatusResponse(status=status_message(state, intake.running()))
