"""The gRPC health service's answers (grpc.health.v1): the overall server ("") and
every API service by its full name (``vedette.v1.CameraService`` …).

Invariants:
- NOT_SERVING from before the API listens until every part has started (crash
  recovery, the recorder and its ingest workers included), SERVING then, and
  NOT_SERVING for good from the first moment of the stop, before anything closes:
  a load balancer or ``vedette health`` never sees SERVING from a server that is
  starting or stopping.
- Health is open (no session: ``api/registration.py``), like the service's usual use.
"""

from __future__ import annotations

from typing import Final

from grpc_health.v1 import health, health_pb2

from vedette_api.services import SERVICES

#: The names the health service answers for: "" (the server) and each API service.
SERVICE_NAMES: Final[tuple[str, ...]] = ("", *(service.full_name for service in SERVICES))


class ServerHealth:
    """Sets every name of SERVICE_NAMES on the server's health servicer."""

    def __init__(self, servicer: health.aio.HealthServicer) -> None:
        self.servicer = servicer

    async def starting(self) -> None:
        await self._set_all(health_pb2.HealthCheckResponse.NOT_SERVING)

    async def serving(self) -> None:
        await self._set_all(health_pb2.HealthCheckResponse.SERVING)

    async def stopping(self) -> None:
        """NOT_SERVING for every name, and ignore later changes (grpc's graceful shutdown)."""
        await self.servicer.enter_graceful_shutdown()

    async def _set_all(self, status: health_pb2.HealthCheckResponse.ServingStatus) -> None:
        for name in SERVICE_NAMES:
            await self.servicer.set(name, status)
