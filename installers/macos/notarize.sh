#!/usr/bin/env bash
# Signs "Vedette Console.app" with the hardened runtime, notarises it, staples the
# ticket and builds the DMG. NOT run by the project's CI (no macOS machine, no Apple
# Developer ID). Run after build.sh, on macOS, with:
#   SIGN_IDENTITY   "Developer ID Application: Your Organisation (TEAMID)"
#   NOTARY_PROFILE  a keychain profile made once with
#                   xcrun notarytool store-credentials PROFILE --apple-id ... --team-id ...
#
# Signing goes inside-out: every Mach-O file first (dylibs, .so, frameworks' binaries),
# then the frameworks, then the executables, then the app. No `codesign --deep`: it signs
# in the wrong order, with the wrong options for nested code (Apple DTS, developer forum
# thread 779961; pyinstaller#8029).
set -euo pipefail
: "${SIGN_IDENTITY:?set SIGN_IDENTITY to your Developer ID Application identity}"
: "${NOTARY_PROFILE:?set NOTARY_PROFILE to a notarytool keychain profile}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
app="dist/Vedette Console.app"
entitlements="installers/macos/entitlements.plist"
version="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$app/Contents/Info.plist")"
dmg="dist/Vedette-Console-$version.dmg"

sign() {
    codesign --force --timestamp --options runtime --entitlements "$entitlements" \
        --sign "$SIGN_IDENTITY" "$@"
}

# 1. Every Mach-O file outside Contents/MacOS (dylibs, Python extensions, the
#    frameworks' binaries). Symbolic links are skipped: their targets are signed.
while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q "Mach-O"; then
        sign "$file"
    fi
done < <(find "$app/Contents" -type f ! -path "*/Contents/MacOS/*" -print0)
# 2. The frameworks (Qt) as bundles; -depth lists a nested one before its parent.
while IFS= read -r -d '' framework; do
    sign "$framework"
done < <(find "$app/Contents" -depth -type d -name "*.framework" -print0)
# 3. The two executables, then the app.
sign "$app/Contents/MacOS/vedette" "$app/Contents/MacOS/vedette-console"
sign "$app"
codesign --verify --strict --verbose=2 "$app"

# 4. Notarise (a zip of the app), wait for the verdict, staple the ticket to the app.
zip="build/vedette-console-notarize.zip"
ditto -c -k --keepParent "$app" "$zip"
xcrun notarytool submit "$zip" --keychain-profile "$NOTARY_PROFILE" --wait
xcrun stapler staple "$app"
spctl --assess --type execute --verbose "$app"

# 5. The DMG (dmgbuild, from PyPI), signed, notarised and stapled as well.
python3 -m pip install --quiet "dmgbuild>=1.6"
python3 -m dmgbuild -s /dev/stdin "Vedette Console" "$dmg" <<PY
files = ["$app"]
symlinks = {"Applications": "/Applications"}
format = "UDZO"
PY
codesign --force --timestamp --sign "$SIGN_IDENTITY" "$dmg"
xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
xcrun stapler staple "$dmg"
echo "signed and notarised: $dmg"
