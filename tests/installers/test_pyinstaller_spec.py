"""The PyInstaller spec's inputs (installers/pyinstaller/spec_inputs.py), checked for
real without a build (``make freeze`` takes minutes; tests/installers/
test_frozen_console.py runs the result).

- every hidden import is a module that exists, every data file is a file;
- every module the console or the CLI imports lazily (inside a function, found with
  ``ast``) or by name (``importlib.import_module``) is reached by PyInstaller's own
  dependency analysis (its modulegraph, run on the spec's two entry scripts and the
  hidden imports, over Vedette's source roots only: the third-party packages come
  through their hooks, and leaving them out keeps this at seconds) or is a hidden import;
- every module of vedette_console and vedette_api is frozen, excluded on purpose or
  listed as not needed, so a module only reachable by name cannot go missing unseen;
- no excluded Qt module is one the console imports; the macOS keys are there.
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO / "installers" / "pyinstaller"
SCANNED = ("vedette_console", "vedette_api")


@pytest.fixture(scope="module")
def inputs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spec_inputs", SPEC_DIR / "spec_inputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sources(inputs: ModuleType) -> Iterator[Path]:
    for root in inputs.SOURCE_ROOTS:
        for package in SCANNED:
            if (root / package).is_dir():
                yield from sorted((root / package).rglob("*.py"))


def _excluded(inputs: ModuleType, name: str) -> bool:
    return any(name == ex or name.startswith(ex + ".") for ex in inputs.EXCLUDES)


class _LazyImports(ast.NodeVisitor):
    """Vedette modules imported inside a function, and ``import_module`` calls."""

    def __init__(self) -> None:
        self.depth = 0
        self.lazy: set[str] = set()
        self.by_name_calls = 0

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Import(self, node: ast.Import) -> None:
        if self.depth:
            self.lazy.update(a.name for a in node.names if a.name.startswith("vedette_"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if self.depth and node.level == 0 and (node.module or "").startswith("vedette_"):
            assert node.module is not None
            self.lazy.add(node.module)
            # ``from package import module`` imports a module too.
            self.lazy.update(f"{node.module}.{a.name}" for a in node.names)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "import_module":
            self.by_name_calls += 1
        self.generic_visit(node)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _reached(inputs: ModuleType, excludes: list[str]) -> set[str]:
    """The modules PyInstaller's analysis (its modulegraph) reaches from the spec's
    entry scripts and hidden imports, over Vedette's source roots, with ``excludes``."""
    from PyInstaller.lib.modulegraph.modulegraph import (  # type: ignore[import-untyped]
        ModuleGraph,
    )

    graph = ModuleGraph(path=[str(root) for root in inputs.SOURCE_ROOTS], excludes=excludes)
    for script in inputs.ENTRY_SCRIPTS.values():
        graph.add_script(str(script))
    for name in inputs.hidden_imports():
        graph.import_hook(name)
    return {
        node.identifier
        for node in graph.iter_graph()
        if node.identifier.startswith(SCANNED) and type(node).__name__ != "MissingModule"
    }


@pytest.fixture(scope="module")
def analysed(inputs: ModuleType) -> set[str]:
    """The Vedette modules the build's analysis reaches (the spec's excludes apply)."""
    found = _reached(inputs, list(inputs.EXCLUDES))
    assert "vedette_console.app" in found and "vedette_api.cli.entry" in found, found
    return found


def test_no_excluded_vedette_module_is_imported(inputs: ModuleType) -> None:
    """An excluded module that the console imports stops the frozen console at its
    start (ModuleNotFoundError): the analysis without Vedette's own excludes must not
    reach them."""
    own = [name for name in inputs.EXCLUDES if name.startswith("vedette_")]
    others = [name for name in inputs.EXCLUDES if not name.startswith("vedette_")]
    reached = sorted(name for name in _reached(inputs, others) if _excluded(inputs, name))
    assert reached == [], f"excluded in spec_inputs.py but imported: {reached}"
    assert own, "the server side and developer tools are excluded"


def test_entry_scripts_and_spec_parse(inputs: ModuleType) -> None:
    for script in (*inputs.ENTRY_SCRIPTS.values(), SPEC_DIR / "vedette-console.spec"):
        compile(script.read_text("utf-8"), str(script), "exec")
    assert set(inputs.ENTRY_SCRIPTS) == {"vedette-console", "vedette"}


def test_every_hidden_import_exists(inputs: ModuleType) -> None:
    hidden = inputs.hidden_imports()
    assert hidden, "the Settings pages are imported by name: there must be hidden imports"
    assert [name for name in hidden if not _module_exists(name)] == []


def test_every_data_file_exists(inputs: ModuleType) -> None:
    files = inputs.data_files()
    assert inputs.missing_data_files() == [], "run make setup (it builds the .qm files)"
    destinations = {destination for _, destination in files}
    assert {"vedette_console/i18n", "PySide6/Qt/translations", "licenses"} <= destinations
    names = {source.name for source, _ in files}
    for code in inputs.translation_codes():
        assert {f"vedette_{code}.qm", f"qtbase_{code}.qm"} <= names
    assert {"LGPL-3.0.txt", "GPL-3.0.txt"} <= names


def test_every_lazy_import_is_analysed_or_hidden(inputs: ModuleType, analysed: set[str]) -> None:
    visitor = _LazyImports()
    by_name_files = []
    for path in _sources(inputs):
        before = visitor.by_name_calls
        visitor.visit(ast.parse(path.read_text("utf-8"), str(path)))
        if visitor.by_name_calls > before:
            by_name_files.append(path)
    # Only the Settings pages import by name, and hidden_imports() reads their list;
    # a new import_module call needs its targets added there.
    assert by_name_files == [inputs.SETTINGS_PAGES_SOURCE], by_name_files
    modules = {name for name in visitor.lazy if _module_exists(name)}
    assert len(modules) > 10, "the scan found few lazy imports: is it still looking?"
    covered = analysed | set(inputs.hidden_imports())
    uncovered = sorted(n for n in modules if n not in covered and not _excluded(inputs, n))
    assert uncovered == [], f"lazy imports missing from the frozen build: {uncovered}"


def test_every_module_is_frozen_or_left_out_on_purpose(
    inputs: ModuleType, analysed: set[str]
) -> None:
    every = set()
    for package in SCANNED:
        module = importlib.import_module(package)
        every |= {info.name for info in pkgutil.walk_packages(module.__path__, package + ".")}
    left = sorted(
        name
        for name in every - analysed - set(inputs.hidden_imports())
        if not name.endswith(".__main__")
        and not _excluded(inputs, name)
        and name not in inputs.NOT_NEEDED
    )
    assert left == [], f"neither frozen nor left out on purpose (spec_inputs.py): {left}"
    stale = sorted(set(inputs.NOT_NEEDED) - every)
    assert stale == [], f"NOT_NEEDED names modules that do not exist: {stale}"


def test_excluded_qt_modules_exist_and_are_unused(inputs: ModuleType) -> None:
    assert [name for name in inputs.QT_EXCLUDES if not _module_exists(name)] == []
    used = set()
    for path in _sources(inputs):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                used |= {node.module} if node.module.startswith("PySide6.") else set()
            elif isinstance(node, ast.Import):
                used |= {a.name for a in node.names if a.name.startswith("PySide6.")}
    assert used, "the scan found no Qt import"
    assert sorted(used & set(inputs.QT_EXCLUDES)) == []


def test_dropped_binaries_are_not_what_the_console_uses(inputs: ModuleType) -> None:
    assert inputs.dropped("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so")
    assert inputs.dropped("PySide6\\Qt\\plugins\\imageformats\\qpdf.dll")
    for kept in ("libQt6Multimedia.so.6", "libQt6Quick.so.6", "Qt6Charts.dll", "libqjpeg.so"):
        assert not inputs.dropped(f"PySide6/Qt/lib/{kept}"), kept


def test_macos_bundle_keys(inputs: ModuleType) -> None:
    keys = inputs.info_plist()
    # macOS 15 silently refuses LAN connections to an app without it.
    assert len(keys["NSLocalNetworkUsageDescription"]) > 20
    assert keys["NSHighResolutionCapable"] is True
