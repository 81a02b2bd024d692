#!/usr/bin/env bash
# make freeze: the PyInstaller one-folder build of the console (and the `vedette` CLI)
# in dist/vedette-console/, its work files under build/pyinstaller/. Linux builds the
# CI proxy; installers/windows/build.ps1 and installers/macos/build.sh run the same
# spec on those systems.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
cd "$repo"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller \
    installers/pyinstaller/vedette-console.spec
echo "freeze: $(du -sh dist/vedette-console | cut -f1) in dist/vedette-console/"
