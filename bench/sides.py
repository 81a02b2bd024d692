"""What the benchmarks that compare two trees (``--sides new,old``) share.

A side is a checkout of Vedette: ``new`` is this repository, ``old`` an older checkout
given on the command line; a child process runs a side's code with ``tree_env``.
Imported as ``from sides import ...`` (benchmarks run as scripts from this folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import grpc

from vedette_api.v1 import auth_pb2, auth_pb2_grpc


def tree_env(tree: Path) -> dict[str, str]:
    """The environment of a child process that runs ``tree``'s code."""
    paths = [tree / "protos", tree / "server", tree / "hw", tree / "console"]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in paths))


def bearer(token: str) -> tuple[tuple[str, str]]:
    """Call metadata carrying a session token."""
    return (("authorization", f"Bearer {token}"),)


def login(address: str, name: str, password: str, timeout_s: float = 120.0) -> str:
    """A session token for ``name`` on the plaintext test listener at ``address``."""
    with grpc.insecure_channel(address) as channel:
        reply = auth_pb2_grpc.AuthServiceStub(channel).Login(
            auth_pb2.LoginRequest(username=name, password=password), timeout=timeout_s
        )
    return str(reply.token)
