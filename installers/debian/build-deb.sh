#!/bin/bash
# `make deb`: the Debian packages dist/vedette_<version>_<arch>.deb and
# dist/vedette-kiosk_<version>_all.deb (installers/README.md).
#
#   VEDETTE_DEB_VERSION   the packages' version (default: pyproject.toml's); make deb-test
#                         builds a second, newer one to test upgrades
#   VEDETTE_BUILD_CACHE   where downloads and build tools are kept between checkouts
#                         (default: build/; .ci/run keeps them in /var/cache/vedette-build)
#
# Steps: the build tools (apt, when root and missing); the hash-locked wheels of
# installers/requirements.lock (downloaded once into build/deb-wheelhouse); the project's
# own wheel from the working tree; a staging directory with ./debian; dpkg-buildpackage;
# then a smoke test of what was packaged: the pruned console starts offscreen and saves
# a screenshot.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
started=$SECONDS
version=${VEDETTE_DEB_VERSION:-$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)}
build=$repo/build/deb
stage=$build/stage
cache=${VEDETTE_BUILD_CACHE:-$repo/build}
wheels=$cache/deb-wheelhouse
tools=$cache/deb-tools
# The machine's pip configuration (extra indexes, constraints) stays out of the build.
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT

say() { echo "build-deb: $*"; }

need=()
command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
command -v dh >/dev/null || need+=(debhelper)
[ -x /usr/bin/python3.11 ] || need+=(python3.11)
dpkg-query -W -f='${db:Status-Abbrev}' python3.11-venv 2>/dev/null | grep -q '^ii' \
	|| need+=(python3.11-venv)
command -v readelf >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "build-deb: missing build tools: sudo apt-get install ${need[*]}" >&2
		exit 1
	fi
	say "installing ${need[*]}"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# A venv of Debian's Python for the build: pip (downloads) and setuptools (the wheel).
if [ ! -x "$tools/bin/pip" ] || ! "$tools/bin/python" -c 'import setuptools, sys
sys.exit(int(setuptools.__version__.split(".")[0]) < 77)' 2>/dev/null; then
	rm -rf "$tools"
	/usr/bin/python3.11 -m venv "$tools"
	"$tools/bin/pip" install -q 'pip>=24' 'setuptools>=77' wheel
fi

# The locked wheels, downloaded again only when the lock changes.
lock_sum=$(sha256sum installers/requirements.lock | cut -d' ' -f1)
if [ "$(cat "$wheels/.lock.sha256" 2>/dev/null)" != "$lock_sum" ]; then
	say "downloading the wheels of installers/requirements.lock"
	mkdir -p "$wheels"
	"$tools/bin/pip" download -q --require-hashes --only-binary :all: \
		-r installers/requirements.lock -d "$wheels"
	echo "$lock_sum" >"$wheels/.lock.sha256"
fi

# The project's wheel, from a copy of the working tree's files (setuptools writes
# build/ and *.egg-info where it builds), with the console's compiled translations.
qm=(console/vedette_console/i18n/*.qm)
[ -e "${qm[0]}" ] || { echo "build-deb: no .qm translations: run make setup" >&2; exit 1; }
rm -rf "$build"
mkdir -p "$build/src" "$stage/wheelhouse/project" "$repo/dist"
git ls-files -co --exclude-standard -z \
	| while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
	| tar --null -T - -cf - "${qm[@]}" | tar -xf - -C "$build/src"
"$tools/bin/pip" wheel -q --no-deps --no-build-isolation -w "$stage/wheelhouse/project" \
	"$build/src"

# The staging directory dpkg-buildpackage runs in.
cp -a installers/debian "$stage/debian"
mkdir -p "$stage/installers"
cp installers/requirements.lock installers/README.md "$stage/installers/"
for root in kiosk upgrade polkit; do
	if [ -d "installers/$root/root" ]; then
		mkdir -p "$stage/installers/$root"
		cp -a "installers/$root/root" "$stage/installers/$root/"
	fi
done
cp README.md THIRD_PARTY_NOTICES.md "$stage/"
cp -al "$wheels"/*.whl "$stage/wheelhouse/"
commit=$(git rev-parse --short HEAD)
cat >"$stage/debian/changelog" <<EOF
vedette ($version) bookworm; urgency=medium

  * Built from git $commit$( [ -n "$(git status --porcelain)" ] && echo ' with local changes').

 -- Vedette developers <vedette-dev@lists.vedette.invalid>  $(date -R)
EOF

say "dpkg-buildpackage ($version)"
(cd "$stage" && dpkg-buildpackage -b -us -uc --no-sign)

# What was packaged still starts (before it reaches dist/): the console, pruned,
# offscreen, against no server.
venv=$stage/debian/vedette/opt/vedette/venv
shot=$build/console-smoke.png
QT_QPA_PLATFORM=offscreen timeout 120 "$venv/bin/python" -c \
	'import sys; from vedette_console.app import main; sys.exit(main())' \
	--screenshot "$shot" --after 1 >"$build/console-smoke.log" 2>&1 \
	|| { cat "$build/console-smoke.log" >&2; echo "build-deb: the packaged console did not start" >&2; exit 1; }
[ -s "$shot" ] || { echo "build-deb: the packaged console saved no screenshot" >&2; exit 1; }
# Every extension module loads (a stripped or pruned library would fail here), but
# PIL's Tk binding: Debian's python3.11 has no tkinter.
QT_QPA_PLATFORM=offscreen "$venv/bin/python" - "$venv" <<'PY' 2>"$build/imports.log" \
	|| { grep -v '^qt\.' "$build/imports.log" >&2; exit 1; }
import importlib, sys
from pathlib import Path
import psycopg  # the site directory's driver, on the system's libpq (libpq5)
site = next(Path(sys.argv[1]).glob("lib/python3.*/site-packages"))
failed = []
for path in sorted(site.rglob("*.so")):
    parts = path.relative_to(site).parts
    if any(p.endswith(".libs") or p == "Qt" for p in parts[:-1]) or path.name.startswith("_imagingtk"):
        continue
    name = ".".join((*parts[:-1], path.name.split(".")[0]))
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {error}")
import vedette_server.cli, vedette_api.cli, vedette_console.app  # noqa: E401,F401
# The site directory's PostgreSQL driver: the pure-Python build on the system's libpq
# (not the binary wheel's 12.6 MiB of vendored libraries).
import vedette_server.directory.cli  # noqa: F401
if psycopg.pq.__impl__ != "python":
    failed.append(f"psycopg: the {psycopg.pq.__impl__} implementation, not the system libpq")
sys.exit("build-deb: extension modules that do not load:\n" + "\n".join(failed) if failed else 0)
PY

# The site directory's unit is in the package (dh_installsystemd --name=vedette-directory).
[ -f "$stage/debian/vedette/lib/systemd/system/vedette-directory.service" ] \
	|| { echo "build-deb: vedette-directory.service is not in the package" >&2; exit 1; }

arch=$(dpkg --print-architecture)
mv "$build/vedette_${version}_${arch}.deb" "$build/vedette-kiosk_${version}_all.deb" dist/
for deb in "dist/vedette_${version}_${arch}.deb" "dist/vedette-kiosk_${version}_all.deb"; do
	say "$deb: $(du -m "$deb" | cut -f1) MB, installed $(dpkg-deb -f "$deb" Installed-Size) KB"
done
say "done in $((SECONDS - started)) s"
