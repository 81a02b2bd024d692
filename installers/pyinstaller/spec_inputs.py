"""What the frozen console is made of: entry scripts, hidden imports, data files,
excludes and the macOS Info.plist keys.

A plain module rather than lines in ``vedette-console.spec`` so that
``tests/installers/test_pyinstaller_spec.py`` checks the very lists the build uses
(every hidden import exists, every data file exists, every lazy import is covered)
without running a build. Nothing here imports Qt: the spec runs it before analysis.
"""

from __future__ import annotations

import ast
import importlib.util
import plistlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
#: The source roots of the two packages the frozen programs carry.
SOURCE_ROOTS = (REPO / "protos", REPO / "console")
CONSOLE_PACKAGE = REPO / "console" / "vedette_console"
I18N = CONSOLE_PACKAGE / "i18n"
#: Executable name → its entry script; both land in the one folder.
ENTRY_SCRIPTS = {
    "vedette-console": HERE / "console_entry.py",
    "vedette": HERE / "cli_entry.py",
}
#: Settings pages are resolved by name (``importlib``) when the window opens: the
#: module holding that list, and its name.
SETTINGS_PAGES_SOURCE = CONSOLE_PACKAGE / "settings" / "pages.py"
SETTINGS_PAGES_LIST = "PAGES"
INFO_PLIST_FRAGMENT = REPO / "installers" / "macos" / "Info.plist.fragment"
#: LGPL-3.0 asks for its text (and the GPL-3.0 it extends) next to Qt's libraries;
#: the PySide6 wheels carry none, so the build ships copies (Debian's common-licenses).
LICENCE_FILES = (
    REPO / "LICENSE",
    REPO / "THIRD_PARTY_NOTICES.md",
    REPO / "docs" / "licensing.md",
    HERE / "licenses" / "LGPL-3.0.txt",
    HERE / "licenses" / "GPL-3.0.txt",
)

#: PySide6 modules the console never imports. Excluding the Python modules keeps their
#: hooks from collecting the Qt libraries, plugins and QML behind them; a Qt library
#: that a used one links to is still found by the binary dependency analysis.
QT_EXCLUDES = tuple(
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtBluetooth",
        "QtConcurrent",
        "QtCanvasPainter",
        # GPL-3.0 only; the alarm statistics draw their own chart (widgets/stacked_bars.py).
        "QtCharts",
        "QtDataVisualization",
        "QtDBus",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLocation",
        "QtMultimediaWidgets",
        "QtNetworkAuth",
        "QtNfc",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtSvgWidgets",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    )
)
#: Never part of the console or the CLI: the server side, developer tools.
OTHER_EXCLUDES = (
    "vedette_server",
    "vedette_hw",
    "vedette_console.i18n.ts_tool",
    # The appliance's Weston configuration and session launcher (the console itself
    # imports the package's app ids and stall guard, which stay).
    "vedette_console.kiosk_session.config",
    "vedette_console.kiosk_session.launch",
    # grpc imports it optionally (protos at run time); the console's stubs are generated.
    "grpc_tools",
    "tkinter",
    "pytest",
    "hypothesis",
    "IPython",
    "matplotlib",
)
EXCLUDES = QT_EXCLUDES + OTHER_EXCLUDES
#: Modules of vedette_api that neither program imports, and why (the spec test
#: requires every module of the two packages to be frozen, excluded or listed here).
NOT_NEEDED = {
    "vedette_api.services": "the server's list of services (registration, policy)",
    "vedette_api.v1.common_pb2_grpc": "common.proto declares no service",
}
#: Qt plugins the PySide6 hooks collect that the console does not use, and the Qt
#: libraries only they need (matched on the file name, any folder). Qt Virtual
#: Keyboard is GPL-3.0-only and the console has its own keyboard
#: (``widgets/keyboard.py``); the PDF image format brings Qt Pdf. Qt Quick and QML
#: stay: Qt Multimedia's FFmpeg plugin (the console's audio) links to them. The frozen
#: console test checks that nothing left links to a dropped library.
DROPPED_BINARIES = (
    "qtvirtualkeyboardplugin",
    "Qt6VirtualKeyboard",
    "qpdf",
    "Qt6Pdf",
    # The macOS framework binaries' names.
    "QtVirtualKeyboard",
    "QtPdf",
)


def dropped(name: str) -> bool:
    """Whether the collected binary ``name`` (its path in the bundle) is left out."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return any(part in base for part in DROPPED_BINARIES)


def settings_page_modules() -> list[str]:
    """The modules of the Settings pages (``PAGES`` in ``settings/pages.py``, read
    with ``ast``): imported by name at run time, so invisible to the analysis."""
    tree = ast.parse(SETTINGS_PAGES_SOURCE.read_text("utf-8"))
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            continue
        named = any(isinstance(t, ast.Name) and t.id == SETTINGS_PAGES_LIST for t in targets)
        if named and value is not None:
            entries = ast.literal_eval(value)
            return sorted({str(entry).partition(":")[0] for entry in entries})
    raise LookupError(f"{SETTINGS_PAGES_SOURCE}: no {SETTINGS_PAGES_LIST} list")


def hidden_imports() -> list[str]:
    """Modules imported by name (not by an import statement the analysis sees)."""
    return settings_page_modules()


def translation_codes() -> list[str]:
    """The console's languages besides English: one ``vedette_<code>.ts`` each."""
    return sorted(path.stem.removeprefix("vedette_") for path in I18N.glob("vedette_*.ts"))


def pyside6_translations() -> Path:
    """PySide6's ``Qt/translations`` folder, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("PySide6 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "translations"


def data_files() -> list[tuple[Path, str]]:
    """(source file, destination folder in the bundle) for every data file: the
    console's ``.qm`` (built by ``make setup``), Qt's own ``qtbase_<code>.qm`` for
    the standard buttons and dialogs, and the licence texts."""
    files: list[tuple[Path, str]] = []
    for code in translation_codes():
        files.append((I18N / f"vedette_{code}.qm", "vedette_console/i18n"))
        files.append((pyside6_translations() / f"qtbase_{code}.qm", "PySide6/Qt/translations"))
    files.extend((path, "licenses") for path in LICENCE_FILES)
    return files


def missing_data_files() -> list[Path]:
    """The data files that are not there (a ``.qm`` not built yet, say)."""
    return [source for source, _ in data_files() if not source.is_file()]


def info_plist() -> dict[str, Any]:
    """The keys the macOS bundle's Info.plist gets (``Info.plist.fragment``)."""
    with INFO_PLIST_FRAGMENT.open("rb") as file:
        keys = plistlib.load(file)
    if not isinstance(keys, dict):
        raise ValueError(f"{INFO_PLIST_FRAGMENT}: not a dictionary")
    return keys
