"""``vedette health [--service NAME]``: the server's gRPC health (grpc.health.v1), for
scripts, monitors and the upgrade unit.

Health needs no login (no password is read); the connection is the usual one
(``--server``, ``--insecure``, the pinned certificate, ``--client-cert``, or
``unix:PATH`` for the local socket). The status name (SERVING, NOT_SERVING …) is
printed on stdout; the exit status is 0 only for SERVING, 1 for anything else —
a server starting, stopping, unreachable, or without that service.
"""

from __future__ import annotations

import argparse
from typing import TextIO

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from vedette_api.cli.io import SubParsers
from vedette_api.client import ClientCertificate, open_server_channel
from vedette_api.errors import NotFound, VedetteError, error_from_rpc

EXIT_SERVING = 0
EXIT_NOT_SERVING = 1
DEFAULT_TIMEOUT_S = 10.0


def add_parsers(commands: SubParsers) -> None:
    health = commands.add_parser(
        "health",
        help="the server's gRPC health, without logging in; exit status 0 only when SERVING",
    )
    health.add_argument(
        "--service",
        default="",
        metavar="NAME",
        help="one API service (vedette.v1.CameraService …); default: the whole server",
    )
    health.add_argument(
        "--timeout",
        type=_timeout,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"how long to wait for the answer (default {DEFAULT_TIMEOUT_S:g})",
    )


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds in 0.1..3600")
    return value


def check_health(
    address: str,
    service: str,
    *,
    insecure: bool = False,
    trust_new: bool = False,
    client_certificate: ClientCertificate | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> str:
    """The status name the server gives ``service`` ("" for the server). Raises
    ``NotFound`` when it has no such service, another ``VedetteError`` when it
    cannot be asked."""
    channel, server, _ = open_server_channel(
        address,
        insecure=insecure,
        trust_new=trust_new,
        timeout_s=timeout_s,
        client_certificate=client_certificate,
    )
    with channel:
        request = health_pb2.HealthCheckRequest(service=service)
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(request, timeout=timeout_s)
        except grpc.RpcError as error:
            if isinstance(error, grpc.Call) and error.code() == grpc.StatusCode.NOT_FOUND:
                raise NotFound(f"the server at {server} has no service {service!r}") from error
            raise error_from_rpc(error, server=server) from error
    return str(health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))


def health_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the status; 0 when SERVING, else 1 (the reason on stderr when unasked)."""
    certificate = None
    try:
        if args.client_cert is not None:
            certificate = ClientCertificate.from_files(args.client_key, args.client_cert)
        status = check_health(
            args.server,
            args.service,
            insecure=args.insecure,
            trust_new=args.trust_new_certificate,
            client_certificate=certificate,
            timeout_s=args.timeout,
        )
    except VedetteError as error:
        err.write(f"vedette: error: {error.message}\n")
        return EXIT_NOT_SERVING
    except OSError as error:
        err.write(f"vedette: error: {error}\n")
        return EXIT_NOT_SERVING
    out.write(status + "\n")
    return EXIT_SERVING if status == "SERVING" else EXIT_NOT_SERVING
