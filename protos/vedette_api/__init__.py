"""The Vedette gRPC API package and Python SDK.

``vedette_api.v1`` holds the stubs generated from ``protos/vedette/v1/*.proto`` (run
``make protos`` after editing a ``.proto``; never edit the generated files). The
client SDK used by the console, the CLI and CMS integrators (``vedette_api.Client``,
``vedette_api.errors``, ``vedette_api.client.pinning``, the ``vedette`` CLI) lives beside
it, and so does ``vedette_api.media``: the media packet and segment-file format that
the server and its clients share, with the one converter between it and protobuf.

This package depends only on grpc, protobuf, platformdirs, cryptography (Ed25519
signatures of exports, ``evidence.py``) and the standard library; it never imports
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
