#!/usr/bin/env bash
# Builds "Vedette Console.app" on macOS from the shared spec
# (installers/pyinstaller/vedette-console.spec: BUNDLE with the keys of
# Info.plist.fragment), then checks that the app starts. NOT run by the project's CI (no
# macOS machine): installers/ci/desktop-installers.yml is the reference workflow for a
# macos-latest runner. Signing, notarisation and the DMG: notarize.sh.
#
#   installers/macos/build.sh            (Python 3.11 as python3.11 on PATH)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
venv="$repo/.venv-mac"
[[ -x "$venv/bin/python" ]] || python3.11 -m venv "$venv"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install -e '.[test]'
for ts in console/vedette_console/i18n/vedette_*.ts; do
    "$venv/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
"$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller \
    installers/pyinstaller/vedette-console.spec
app="dist/Vedette Console.app"
# The keys macOS 15 needs for LAN connections made it into the bundle.
/usr/libexec/PlistBuddy -c "Print :NSLocalNetworkUsageDescription" "$app/Contents/Info.plist"
# The frozen console starts and draws its window; the frozen CLI answers.
QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/vedette-console" \
    --lang fr --screenshot build/frozen-console.png --after 5
"$app/Contents/MacOS/vedette" --help >/dev/null
echo "built: $app"
