"""Dependencies point one way (ARCHITECTURE.md): api ← server, api ← console.

Every module's imports are read from its syntax tree, those inside functions and
``if TYPE_CHECKING:`` blocks included, so a lazy import cannot slip past.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONSOLE = REPO_ROOT / "console" / "vedette_console"
API = REPO_ROOT / "protos" / "vedette_api"
MEDIA_FORMAT = API / "media"
# What vedette_api/__init__.py says the package depends on, besides the stdlib.
API_THIRD_PARTY = {"grpc", "grpc_health", "google", "platformdirs", "cryptography"}


def _imports(root: Path) -> Iterator[tuple[str, str]]:
    """``(where, module)`` for every import of ``root`` or of every module under it."""
    for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}:{node.lineno}: relative import"
                names = [node.module or ""]
            else:
                continue
            for name in names:
                yield f"{path.relative_to(REPO_ROOT)}:{node.lineno}", name


def _top(module: str) -> str:
    return module.partition(".")[0]


def test_the_walk_sees_the_console_and_api_imports() -> None:
    console = {_top(module) for _, module in _imports(CONSOLE)}
    api = {_top(module) for _, module in _imports(API)}

    assert {"vedette_api", "vedette_console", "PySide6"} <= console
    assert {"vedette_api", "grpc", "google"} <= api


def test_no_console_module_imports_the_server() -> None:
    offenders = [
        f"{where}: {module}"
        for where, module in _imports(CONSOLE)
        if _top(module) in ("vedette_server", "vedette_hw")
    ]

    assert not offenders, "the console talks to the server only through vedette_api:\n" + (
        "\n".join(offenders)
    )


def test_the_console_reaches_servers_through_the_sdk_client_only() -> None:
    """No console module opens gRPC calls itself (a stub of its own over
    ``client.channel`` was how the tiles once read media): the SDK's ``Client`` and
    its streams are the one implementation of every call."""
    offenders = []
    for path in sorted(CONSOLE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names]
                if isinstance(node, ast.ImportFrom):
                    names.append(node.module or "")
                offenders += [
                    f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {name}"
                    for name in names
                    if _top(name) == "grpc" or name.endswith("_pb2_grpc")
                ]

    assert not offenders, "the console calls servers through vedette_api.Client:\n" + (
        "\n".join(offenders)
    )


def test_vedette_api_imports_only_what_its_docstring_names() -> None:
    allowed = API_THIRD_PARTY | set(sys.stdlib_module_names) | {"vedette_api"}
    offenders = [
        f"{where}: {module}" for where, module in _imports(API) if _top(module) not in allowed
    ]

    assert not offenders, "vedette_api/__init__.py lists its dependencies:\n" + (
        "\n".join(offenders)
    )


def test_the_media_format_modules_use_the_standard_library_only() -> None:
    format_modules = [p for p in MEDIA_FORMAT.glob("*.py") if p.name != "proto_convert.py"]
    offenders = [
        f"{where}: {module}"
        for path in format_modules
        for where, module in _imports(path)
        if _top(module) not in sys.stdlib_module_names
        and not module.startswith("vedette_api.media.")
    ]

    assert len(format_modules) >= 6  # __init__, packet, records, header, index, reader
    assert not offenders, "\n".join(offenders)
