#!/bin/sh
# Removes from a venv's PySide6 what the console never loads: the Qt modules it does not
# import and every Qt library, plugin and QML file only those need, Qt's developer tools,
# headers and translations other than the console's languages. The PyPI wheels carry all
# of Qt (650 MB); the console uses QtCore, QtGui, QtWidgets, QtMultimedia and
# QtPrintSupport. What stays is computed, not listed: the libraries those
# modules and the kept plugins need (ELF NEEDED, transitively). Qt Virtual Keyboard goes
# too (the console's keyboard is its own widget; Qt's is GPLv3-only).
#
# usage: prune-qt.sh VENV     (build-deb.sh checks after it that the console still
#                              starts offscreen and takes a screenshot)
set -eu
venv=${1:?usage: prune-qt.sh VENV}
site=$(echo "$venv"/lib/python3.*/site-packages)
[ -d "$site/PySide6/Qt/lib" ] || { echo "prune-qt: no PySide6 in $site" >&2; exit 1; }
exec /usr/bin/python3 - "$site" <<'PY'
import re
import shutil
import subprocess
import sys
from pathlib import Path

site = Path(sys.argv[1])
pyside = site / "PySide6"
qt = pyside / "Qt"
# The modules the console imports (grep 'PySide6.Qt' console/), and what Qt loads at
# run time by name rather than by NEEDED: the platform, input, image, TLS and Wayland/X11
# integration plugins.
MODULES = {"QtCore", "QtGui", "QtWidgets", "QtMultimedia", "QtPrintSupport"}
PLUGIN_DIRS = {
    "platforms", "platforminputcontexts", "platformthemes", "imageformats", "iconengines",
    "generic", "multimedia", "tls", "networkinformation", "printsupport",
    "xcbglintegrations", "egldeviceintegrations", "wayland-decoration-client",
    "wayland-graphics-integration-client", "wayland-shell-integration",
}  # fmt: skip
# Qt Virtual Keyboard (GPLv3; the console has its own keyboard), Qt Multimedia's FFmpeg
# backend (media playback, which the console does with PyAV; it pulls in Qt Quick and a
# second FFmpeg, while audio output and QSoundEffect are in QtMultimedia itself, with
# PulseAudio), and PDF images.
UNUSED_PLUGINS = re.compile(r"virtualkeyboard|ffmpegmediaplugin|qpdf")
TRANSLATIONS = re.compile(r"^(qt|qtbase|qtmultimedia)_(en|fr)\.qm$")
DEV_TOOLS = [
    "assistant", "balsam", "balsamui", "designer", "linguist", "lrelease", "lupdate",
    "qmlformat", "qmllint", "qmlls", "qsb", "svgtoqml", "doc", "include", "glue",
    "typesystems", "scripts", "support",
]  # fmt: skip


def needed(path: Path) -> set[str]:
    out = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


def size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_symlink())


before = size(site)
libs = {p.name: p for p in (qt / "lib").iterdir()}
libs.update({p.name: p for p in pyside.glob("lib*.so*")})
libs.update({p.name: p for p in (site / "shiboken6").glob("lib*.so*")})
plugin_files = [
    p for d in (qt / "plugins").iterdir() if d.name in PLUGIN_DIRS for p in d.glob("*.so")
]
plugin_files = [p for p in plugin_files if not UNUSED_PLUGINS.search(p.name)]


def closure(roots: list[Path]) -> set[str]:
    """The venv's libraries ``roots`` need, directly or not (system ones left out)."""
    found: set[str] = set()
    todo = [name for root in roots for name in needed(root)]
    while todo:
        name = todo.pop()
        if name in found or name not in libs:
            continue
        found.add(name)
        todo.extend(needed(libs[name].resolve()))
    return found


modules = [pyside / f"{m}.abi3.so" for m in MODULES]
keep = closure(modules + plugin_files)
# A Python module stays when the console's modules load its library anyway (shiboken
# imports QtGui for QtWidgets, QtNetwork for QtMultimedia...).
module_libs = closure(modules)

removed: list[Path] = []
for path in (qt / "lib").iterdir():
    # Kept when needed by that name or by the name of a link to it (libQt6Foo.so.6).
    names = {path.name} | {p.name for p in (qt / "lib").iterdir() if p.resolve() == path}
    if path.is_file() and not names & keep:
        removed.append(path)
for d in (qt / "plugins").iterdir():
    if d.name not in PLUGIN_DIRS:
        removed.append(d)
    else:
        removed += [p for p in d.iterdir() if UNUSED_PLUGINS.search(p.name)]
for module in pyside.glob("Qt*.abi3.so"):
    if f"libQt6{module.name.removesuffix('.abi3.so')[2:]}.so.6" not in module_libs:
        removed += [module, module.with_name(module.name.replace(".abi3.so", ".pyi"))]
removed += [p for p in pyside.glob("libpyside6qml*") if p.name not in keep]
removed += [qt / d for d in ("qml", "resources", "libexec", "metatypes")]
removed += [p for p in (qt / "translations").iterdir() if not TRANSLATIONS.match(p.name)]
removed += [pyside / name for name in DEV_TOOLS]
# The venv's launchers of those tools (pyside6-designer...), and of the QML/deploy ones.
removed += list((site.parents[2] / "bin").glob("pyside6-*"))
for path in removed:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
after = size(site)
print(f"prune-qt: {len(keep)} Qt libraries kept; site-packages {before >> 20} MB -> {after >> 20} MB")
PY
