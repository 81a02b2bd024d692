"""SystemService: who this server is (more comes with the accounts issue)."""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version

import grpc

from vedette_api.v1 import system_pb2, system_pb2_grpc
from vedette_server.api.convert import timestamp
from vedette_server.api.status import unary


def vedette_version() -> str:
    try:
        return version("vedette")
    except PackageNotFoundError:
        return "0+unknown"


class SystemServicer(system_pb2_grpc.SystemServiceServicer):
    def __init__(self, server_id: str, started_us: int) -> None:
        self.server_id = server_id
        self.started_us = started_us

    @unary
    async def GetServerInfo(
        self, request: system_pb2.GetServerInfoRequest, context: grpc.aio.ServicerContext
    ) -> system_pb2.GetServerInfoResponse:
        return system_pb2.GetServerInfoResponse(
            server_id=self.server_id,
            version=vedette_version(),
            server_time=timestamp(time.time_ns() // 1000),
            start_time=timestamp(self.started_us),
        )
