#!/bin/bash
# `make deb-test` (after `make deb`): the packages in dist/ installed into a Debian 12
# chroot and used there as an administrator would, without systemd (installers/README.md):
#
#   1. a newer build (version +debtest1) is made in the background meanwhile;
#   2. a bookworm chroot (mmdebstrap --variant=apt; its tarball cached in
#      $VEDETTE_BUILD_CACHE/deb-test, build/deb-test by default);
#   3. both packages installed with apt (dependencies from the Debian mirror; apt's
#      downloads cached in $VEDETTE_BUILD_CACHE/deb-test/apt-archives);
#   4. as the user vedette: init with a password file, the server on 127.0.0.1 with the
#      packaged service's options (--config, the local socket for vedette-console); a
#      camsim camera from the installed venv; 20 s recorded; exported; ffprobe'd;
#   5. the conffile edited (segment-seconds = 10, which the server must then use);
#   6. the newer build installed over it: the recording and the edit are still there and
#      the server records on;
#   7. purged: the program gone, /var/lib/vedette kept (recordings, catalog, keys);
#   8. lintian on both packages (overrides explained in installers/debian/*.lintian-overrides).
#
# Figures (times, sizes) go to bench/results/deb-test-<time>.json and are printed.
# Needs root (chroot, mounts); installs mmdebstrap and lintian with apt when missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
started=$SECONDS
work=$repo/build/deb-test
root=$work/root
cache=${VEDETTE_BUILD_CACHE:-$repo/build}/deb-test
base=$cache/bookworm-apt.tar
archives=$cache/apt-archives
arch=$(dpkg --print-architecture)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)
next=${version}+debtest1
first=(dist/vedette_"${version}"_"${arch}".deb dist/vedette-kiosk_"${version}"_all.deb)
newer=(dist/vedette_"${next}"_"${arch}".deb dist/vedette-kiosk_"${next}"_all.deb)
password='Deb-Test-Watch-2026!'

say() { echo "deb-test: $*"; }
fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (chroot and mounts)"
for deb in "${first[@]}"; do [ -f "$deb" ] || fail "$deb missing: run make deb"; done
need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v lintian >/dev/null || need+=(lintian)
command -v ffprobe >/dev/null || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# Never delete through a mount into the host: every mount below is made inside a private
# mount namespace that ends with the command, and removal stays on one file system.
remove_root() {
	if findmnt -rn -o TARGET | grep -q "^$root"; then fail "$root has mounts; not removing it"; fi
	rm -rf --one-file-system "$root"
}

# Runs a command in the chroot with /proc, /dev, /sys and the apt cache mounted for it.
in_root() {
	unshare --mount --propagation private -- /bin/sh -ec '
		root=$1; archives=$2; shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount -t sysfs -o ro sysfs "$root/sys"
		mount -t tmpfs tmpfs "$root/run"
		mount --bind "$archives" "$root/var/cache/apt/archives"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' in_root "$root" "$archives" "$@"
}

mkdir -p "$work" "$archives/partial" bench/results
log=$work/log
: >"$log"

# 1. The newer build, alongside (it rebuilds build/deb; dist/ gets the +debtest1 files).
say "building $next in the background ($work/build-next.log)"
VEDETTE_DEB_VERSION=$next setsid installers/debian/build-deb.sh >"$work/build-next.log" 2>&1 &
next_build=$!
# A failure below ends that build too (its own process group).
trap 'kill -- -"$next_build" 2>/dev/null || true; if [ -n "${lintian_job:-}" ]; then kill -- -"$lintian_job" 2>/dev/null || true; fi' EXIT

# 8, started now: lintian reads the packages only, and takes minutes on 10^4 files.
rm -f "$work/lintian.status"
setsid /bin/sh -c 'work=$1; shift; t=$(date +%s)
	lintian --fail-on error,warning "$@" >"$work/lintian.log" 2>&1
	echo "$? $(($(date +%s) - t))" >"$work/lintian.status"' lintian "$work" "${first[@]}" &
lintian_job=$!

# 2. The base system, cached.
if [ ! -s "$base" ]; then
	say "mmdebstrap bookworm (cached in $base)"
	t=$SECONDS
	mmdebstrap --quiet --format=tar --variant=apt --include=ca-certificates bookworm "$base.part" \
		http://deb.debian.org/debian
	mv "$base.part" "$base"
	say "base made in $((SECONDS - t)) s"
fi
remove_root
mkdir -p "$root"
tar -C "$root" -xf "$base"
mkdir -p "$root/var/cache/apt/archives" "$root/tmp/debs"

# 3. Install both packages, as `apt install ./file.deb` does.
cp "${first[@]}" "$root/tmp/debs/"
install_started=$SECONDS
install_epoch=$(date +%s.%N)
say "installing ${first[*]##*/}"
in_root apt-get update -q >>"$log" 2>&1
in_root apt-get install -y -q --no-install-recommends /tmp/debs/"${first[0]##*/}" \
	/tmp/debs/"${first[1]##*/}" >>"$log" 2>&1 || { tail -30 "$log"; fail "apt install"; }
install_s=$((SECONDS - install_started))
say "installed in $install_s s"

# The package's users and directories came from its maintainer scripts.
in_root getent passwd vedette >/dev/null || fail "no user vedette"
in_root getent passwd vedette-kiosk >/dev/null || fail "no user vedette-kiosk"
in_root id -nG vedette | grep -qw vedette-console || fail "vedette not in vedette-console"
in_root id -nG vedette-kiosk | grep -qw vedette-console || fail "vedette-kiosk not in vedette-console"
[ "$(in_root stat -c '%U %a' /var/lib/vedette)" = "vedette 700" ] || fail "/var/lib/vedette"
[ -L "$root/etc/systemd/system/multi-user.target.wants/vedette-server.service" ] \
	|| fail "vedette-server.service not enabled"
for program in vedette vedette-server vedette-console vedette-directory; do
	in_root test -x "/usr/bin/$program" || fail "/usr/bin/$program missing"
done
# The site directory: its unit shipped but not enabled, its data folder ready for its
# init as vedette, its PostgreSQL driver in the venv (the binary build: no libpq here),
# and without init it refuses to run and says what to run first.
[ -f "$root/lib/systemd/system/vedette-directory.service" ] \
	|| fail "vedette-directory.service not installed"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/vedette-directory.service" ] \
	|| fail "vedette-directory.service enabled at install"
[ "$(in_root stat -c '%U %a' /var/lib/vedette-directory)" = "vedette 700" ] \
	|| fail "/var/lib/vedette-directory"
in_root /opt/vedette/venv/bin/python -c \
	'import psycopg; assert psycopg.pq.__impl__ == "python", psycopg.pq.__impl__; print(psycopg.pq.version())' \
	|| fail "psycopg does not load in the venv on the system's libpq (libpq5)"
if directory_out=$(in_root runuser -u vedette -- vedette-directory run \
	--data /var/lib/vedette-directory --listen 127.0.0.1:0 2>&1); then
	fail "vedette-directory ran without init"
fi
grep -q 'vedette-directory init' <<<"$directory_out" \
	|| fail "vedette-directory without init did not say to run init: $directory_out"
installed_kb=$(in_root dpkg-query -W -f='${Installed-Size}' vedette)

# 4. The scenario: a server, a camera, 20 s recorded, an export. One shell in the
# chroot, so the processes it starts end with it.
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*(x.getsockname()[1] for x in s))')
read -r api_port rtsp_port <<<"$ports"
scenario=$(cat <<'EOF'
set -eu
phase=$1 api=$2 rtsp=$3 password=$4
venv=/opt/vedette/venv
export VEDETTE_SERVER=127.0.0.1:$api VEDETTE_PASSWORD=$password
as_vedette() { runuser -u vedette -- "$@"; }
mkdir -p /run/vedette && chown vedette:vedette /run/vedette
if [ "$phase" = first ]; then
	printf '%s\n' "$password" >/tmp/admin-password
	chown vedette /tmp/admin-password && chmod 600 /tmp/admin-password
	as_vedette vedette-server init --data /var/lib/vedette --admin-password-file /tmp/admin-password
	rm /tmp/admin-password
	# The service's ExecStartPre, which must now leave it alone.
	as_vedette vedette-server init --data /var/lib/vedette --if-needed --no-admin
fi
"$venv/bin/python" -m vedette_server.camsim.cli --cameras 1 --rtsp-port "$rtsp" \
	--main 640x360 --sub none --main-kbps 800 >/tmp/camsim.log 2>&1 &
camsim=$!
# setpriv execs the server itself (runuser would stay its parent and not pass the
# SIGTERM on): $! is the server, which the trap below stops before the upgrade.
setpriv --reuid=vedette --regid=vedette --init-groups -- \
	vedette-server run --data /var/lib/vedette --config /etc/vedette/server.toml \
	--listen "127.0.0.1:$api" --insecure --rtsp-listen none \
	--local-socket /run/vedette/console.sock --local-socket-group vedette-console \
	>/tmp/server.log 2>&1 &
server=$!
trap 'kill $server $camsim 2>/dev/null; wait' EXIT
for _ in $(seq 120); do grep -q 'ready on' /tmp/server.log && break; sleep 1; done
grep -q 'ready on' /tmp/server.log || { cat /tmp/server.log; exit 1; }
for _ in $(seq 120); do grep -q 'camsim ready' /tmp/camsim.log && break; sleep 1; done
grep -q 'camsim ready' /tmp/camsim.log || { cat /tmp/camsim.log; exit 1; }
[ "$(stat -c '%a %G' /run/vedette/console.sock)" = "660 vedette-console" ] \
	|| { echo "socket: $(stat -c '%a %G' /run/vedette/console.sock)"; exit 1; }
echo "ready $(date +%s.%N)"
if [ "$phase" = first ]; then
	vedette --insecure cameras add --name gate --main "rtsp://127.0.0.1:$rtsp/cam1/main" --no-audio
fi
# Wait for 20 s of recording (an export of the last 3 minutes lasting 20 s or more).
recorded=0 first_seen=
for _ in $(seq 90); do
	sleep 3
	rm -f /tmp/export.mp4 /tmp/export.mp4.vsig
	if vedette --insecure export gate --from -3m --to now --out /tmp/export.mp4 >/dev/null 2>&1; then
		[ -n "$first_seen" ] || { first_seen=$(date +%s.%N); echo "first-recording $first_seen"; }
		recorded=$(ffprobe -v error -show_entries format=duration -of csv=p=0 /tmp/export.mp4 2>/dev/null \
			|| "$venv/bin/python" -c 'import av, sys; c = av.open(sys.argv[1]); print(c.duration / 1e6)' /tmp/export.mp4)
		"$venv/bin/python" -c 'import sys; sys.exit(float(sys.argv[1]) < 20)' "$recorded" && break
	fi
done
echo "recorded $recorded"
vedette --insecure status
EOF
)
run_scenario() {  # phase
	local t=$SECONDS
	in_root /bin/sh -c "$scenario" scenario "$1" "$api_port" "$rtsp_port" "$password" \
		>"$work/scenario-$1.log" 2>&1 \
		|| { cat "$work/scenario-$1.log"; cat "$root/tmp/server.log" 2>/dev/null | tail -30; fail "scenario $1"; }
	# Its server is stopped with it: an old one left running would answer for the new.
	for pid in $(pgrep -f 'vedette-server run' || true); do
		[ "$(readlink "/proc/$pid/root")" != "$root" ] || fail "scenario $1 left a server running ($pid)"
	done
	say "scenario $1 in $((SECONDS - t)) s: $(grep '^recorded' "$work/scenario-$1.log")"
}
check_export() {  # the export, probed by the host's ffprobe
	local probe
	probe=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height \
		-show_entries format=duration -of json "$root/tmp/export.mp4")
	python3 - "$probe" <<'EOF' || fail "the export: $probe"
import json, sys
probe = json.loads(sys.argv[1])
stream, duration = probe["streams"][0], float(probe["format"]["duration"])
assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 640, 360), stream
assert duration >= 20, duration
EOF
	say "export: $(echo "$probe" | tr -d ' \n')"
}

# 5. The conffile edit the upgrade must keep, which the first run already uses.
printf '\n# deb-test: shorter segments\nsegment-seconds = 10\n' >>"$root/etc/vedette/server.toml"
run_scenario first
check_export
ready=$(awk '/^ready/ {print $2}' "$work/scenario-first.log")
first_rec=$(awk '/^first-recording/ {print $2}' "$work/scenario-first.log")
add_to_recording_s=$(python3 -c "print(round($first_rec - $ready, 1))")
install_to_recording_s=$(python3 -c "print(round($first_rec - $install_epoch, 1))")
catalog_segments() {
	in_root /opt/vedette/venv/bin/python -c 'import sqlite3, sys
c = sqlite3.connect("file:/var/lib/vedette/catalog.sqlite3?mode=ro", uri=True)
print(c.execute("select count(*) from segment").fetchone()[0])'
}
segments_before=$(catalog_segments)
cp "$root/tmp/export.mp4" "$work/export-first.mp4"

# 6. The newer build over it.
say "waiting for the $next build"
wait "$next_build" || { tail -30 "$work/build-next.log"; fail "building $next"; }
for deb in "${newer[@]}"; do [ -f "$deb" ] || fail "$deb missing after the build"; done
cp "${newer[@]}" "$root/tmp/debs/"
t=$SECONDS
in_root apt-get install -y -q --no-install-recommends /tmp/debs/"${newer[0]##*/}" \
	/tmp/debs/"${newer[1]##*/}" >>"$log" 2>&1 || { tail -30 "$log"; fail "upgrade"; }
upgrade_s=$((SECONDS - t))
[ "$(in_root dpkg-query -W -f='${Version}' vedette)" = "$next" ] || fail "not upgraded"
grep -q '^segment-seconds = 10$' "$root/etc/vedette/server.toml" || fail "the conffile edit was lost"
[ "$(catalog_segments)" -ge "$segments_before" ] || fail "recordings lost in the upgrade"
run_scenario second
check_export
segments_after=$(catalog_segments)
[ "$segments_after" -gt "$segments_before" ] || fail "no new recording after the upgrade"

# 7. Purge: the program goes, the data stays (and says so).
in_root apt-get purge -y -q vedette-kiosk vedette >"$work/purge.log" 2>&1 \
	|| { cat "$work/purge.log"; fail "purge"; }
[ ! -e "$root/opt/vedette" ] || fail "/opt/vedette left after purge"
[ ! -L "$root/usr/bin/vedette-server" ] || fail "/usr/bin/vedette-server left after purge"
[ ! -e "$root/etc/vedette/server.toml" ] || fail "the conffile left after purge"
[ ! -e "$root/etc/vedette/directory.env" ] || fail "directory.env left after purge"
[ ! -e "$root/var/lib/vedette-directory" ] || fail "the unused /var/lib/vedette-directory left after purge"
[ -s "$root/var/lib/vedette/catalog.sqlite3" ] || fail "the catalog was removed by purge"
[ -n "$(find "$root/var/lib/vedette/recordings" -type f -size +1k | head -1)" ] \
	|| fail "the recordings were removed by purge"
grep -q '/var/lib/vedette' "$work/purge.log" || fail "purge did not say where the data is"

# 8. lintian's verdict.
say "waiting for lintian"
wait "$lintian_job" || true
read -r lintian_rc lintian_s <"$work/lintian.status"
[ "$lintian_rc" -eq 0 ] || { cat "$work/lintian.log"; fail "lintian"; }

deb_mb=$(du -m --apparent-size "${first[0]}" | cut -f1)
kiosk_kb=$(du -k --apparent-size "${first[1]}" | cut -f1)
total_s=$((SECONDS - started))
result=bench/results/deb-test-$(date -u +%Y%m%dT%H%M%SZ).json
python3 - "$result" <<EOF
import json, os, sys
figures = {
    "benchmark": "deb-test",
    "version": "$version",
    "deb_mb": $deb_mb,
    "kiosk_deb_kb": $kiosk_kb,
    "installed_mb": round($installed_kb / 1024, 1),
    "install_s": $install_s,
    "install_to_recording_s": $install_to_recording_s,
    "camera_add_to_first_recording_s": $add_to_recording_s,
    "upgrade_s": $upgrade_s,
    "lintian_s": $lintian_s,
    "deb_test_total_s": $total_s,
    "segments_before_upgrade": $segments_before,
    "segments_after_upgrade": $segments_after,
    "machine": {"nproc": os.cpu_count(), "loadavg_at_end": [round(v, 2) for v in os.getloadavg()]},
}
json.dump(figures, open(sys.argv[1], "w"), indent=2)
print(json.dumps(figures, indent=2))
EOF
say "passed in $total_s s ($result)"
