"""The Vedette gRPC API package: what server and clients share, and the client side.

Shared with the server: ``v1`` (the stubs generated from ``protos/vedette/v1/*.proto``;
run ``make protos`` after editing a ``.proto``, never edit the generated files),
``media`` (the media packet and segment-file format, with the one converter between
it and protobuf), ``errors`` (``VedetteError`` and one subclass per gRPC status),
``timestamps`` (instants in µs: ``now_us()``, ``US_PER_S``, and the conversions to
and from protobuf), ``evidence`` (signed exports), ``services`` (every service's
descriptor).

The client side: ``client`` (the Python SDK used by the console, the CLI and CMS
integrators: ``from vedette_api.client import Client``) and ``cli`` (the ``vedette``
command, built on the SDK).

This package depends only on grpc, protobuf, platformdirs, cryptography (Ed25519
signatures of exports, ``evidence.py``), grpc_health (``vedette health``) and the
standard library; it never imports
``vedette_server`` or ``vedette_console`` (tests/unit/test_package_boundaries.py
checks both). ``Client`` and ``VedetteError`` are imported on first use, so importing
the stubs alone does not load the SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vedette_api.client import Client
    from vedette_api.errors import VedetteError

__all__ = ["Client", "VedetteError"]


def __getattr__(name: str) -> Any:
    if name == "Client":
        from vedette_api.client import Client

        return Client
    if name == "VedetteError":
        from vedette_api.errors import VedetteError

        return VedetteError
    raise AttributeError(f"module 'vedette_api' has no attribute {name!r}")
