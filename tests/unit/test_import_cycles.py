"""No import cycles in ``vedette_api``, ``vedette_server`` and ``vedette_console``, and
the ``vedette`` CLI's areas stay apart.

A cycle is a pair of modules that need each other to load (``cli_admin`` imported
``cli_accounts`` and ``cli_system`` lazily because both imported it back): it hides
behind imports made inside functions, so every import is read from the syntax tree,
those inside functions and ``if TYPE_CHECKING:`` blocks included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "vedette_api": REPO_ROOT / "protos" / "vedette_api",
    "vedette_server": REPO_ROOT / "server" / "vedette_server",
    "vedette_console": REPO_ROOT / "console" / "vedette_console",
}
CLI = PACKAGES["vedette_api"] / "cli"
#: The CLI modules allowed to import the area modules: the entry point only.
CLI_ENTRY = {"vedette_api.cli", "vedette_api.cli.__main__", "vedette_api.cli.entry"}


def _modules(package: str, root: Path) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(name: str, node: ast.Import | ast.ImportFrom, modules: set[str]) -> Iterator[str]:
    """The modules an import statement of module ``name`` asks for: ``from pkg import
    sub`` asks for ``pkg.sub`` when that is a module, else for ``pkg`` (a package's
    ``__init__`` loading first is not counted, as for ``import pkg.sub``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:  # relative: from the module's package upwards
        package = name.split(".")[: -node.level]
        base = ".".join([*package, base] if base else package)
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        yield submodule if submodule in modules else base


def import_graph(package: str, root: Path) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (anywhere in its body)."""
    modules = _modules(package, root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported = _imported(name, node, set(modules))
                graph[name] |= {m for m in imported if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_lazy_three_module_cycle() -> None:
    graph = {
        "cli_admin": {"cli_accounts", "cli_system"},  # lazily, inside a function
        "cli_accounts": {"cli_admin", "cli_format"},
        "cli_system": {"cli_admin"},
        "cli_format": set(),
    }

    assert cycles(graph) == [["cli_accounts", "cli_admin", "cli_system"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_module_of_the_package_imports_itself_back(package: str) -> None:
    graph = import_graph(package, PACKAGES[package])

    assert len(graph) > 30  # the walk sees the package
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_only_the_cli_entry_point_imports_the_areas_of_commands() -> None:
    """Each area module (``add_parsers`` and ``COMMANDS``) imports the shared
    ``cli.io``, never another area, so adding an area touches one module and the entry."""
    graph = import_graph("vedette_api", PACKAGES["vedette_api"])
    areas = {
        name
        for name, path in _modules("vedette_api", PACKAGES["vedette_api"]).items()
        if path.parent == CLI and "def add_parsers(" in path.read_text("utf-8")
    }
    offenders = [
        f"{name} imports {imported}"
        for name in sorted(graph)
        if name.startswith("vedette_api.cli") and name not in CLI_ENTRY
        for imported in sorted(graph[name] & areas)
    ]

    assert len(areas) >= 9  # accounts, cameras, export, images, live, play, search...
    assert all("vedette_api.cli.io" in graph[area] for area in areas)
    assert not offenders, "\n".join(offenders)
