# Vedette developer entry points. CI runs `make test` (.ci/run).
#
#   make setup      system packages (when root), .venv, editable install with [test]
#   make test       setup, ruff, mypy, pytest in TEST_WORKERS processes (extra pytest
#                   arguments: PYTEST_ARGS="-k foo"; TEST_WORKERS=0 runs them in one)
#   make demo       setup, then simulated cameras recorded by a server, with live status
#   make protos     regenerate protos/vedette_api/v1/ from protos/vedette/v1/*.proto
#   make translations  refresh the console's .ts files from its sources (then translate
#                   the unfinished entries with pyside6-linguist; docs/console.md)
#   make lint       ruff
#   make lint-protos  buf's STANDARD lint rules over protos/vedette/v1 (buf from npm)
#   make typecheck  mypy on vedette_api, vedette_server and vedette_console
#   make deb        the Debian packages in dist/ (installers/README.md)
#   make deb-test   build them, install into a Debian 12 chroot, record, upgrade, purge
#   make bundle     a signed upgrade bundle of dist/*.deb (test key; installers/upgrade/)
#   make freeze     the PyInstaller console build in dist/vedette-console/
#   make clean      build outputs and caches (keeps .venv)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
# Rebuilt (pip install) only when pyproject.toml changes, so `make setup` is fast.
SETUP_STAMP := $(VENV)/.vedette-setup.stamp
# The console's translations: the .ts files are in git, the .qm files Qt loads are
# built from them by pyside6-lrelease (from the PySide6 wheel) as part of setup.
TRANSLATIONS_TS := $(wildcard console/vedette_console/i18n/vedette_*.ts)
TRANSLATIONS_QM := $(TRANSLATIONS_TS:.ts=.qm)
PYTEST_ARGS ?=
# pytest-xdist processes for `make test`. The suite mostly waits (real cameras, servers,
# timeouts): run serially it kept 2 cores ~45 % busy for 23-25 minutes; three
# processes take ~10. `--dist loadfile` keeps a module's tests (and its module-scoped
# camsim and server fixtures) in one process.
TEST_WORKERS ?= 3
DEMO_CAMERAS ?= 4
DEMO_RTSP_PORT ?= 8554

# Debian packages the tests and the demo need: ffmpeg and GStreamer (interop peers and
# the RTSP server library), python3 + python3-venv (to create .venv on a fresh
# machine), fonts for overlays, the shared libraries the Qt console loads, and
# PulseAudio (the console's audio tests play into a private null sink).
# onvif-tools is the ONVIF interop peer (onvif-util, tests/interop/test_onvif_peers.py;
# --no-install-recommends keeps its GUI's extra recommends out), and iproute2 gives
# `ip`, which sets up the private network namespace those tests multicast in.
# Installers (issue 17): systemd's analyze/sysusers check the units, smartmontools reads
# disk health, node runs polkitd's own init.js over the polkit rules, faketime moves the
# server's clock to a maintenance restart, and NetworkManager with its own D-Bus and
# dnsmasq's DHCP run inside the network namespace of the host-network tests (on a
# machine whose interfaces ifupdown configures, NetworkManager leaves them alone).
# PostgreSQL is the site directory's database (issue 19): its tests start a private
# cluster (tests/support/postgres.py); a single server never needs it.
# The one list of system dependencies: extend it here.
DEB_PACKAGES := \
	postgresql \
	python3 \
	python3-venv \
	ffmpeg \
	gstreamer1.0-tools \
	gstreamer1.0-rtsp \
	gstreamer1.0-plugins-base \
	gstreamer1.0-plugins-good \
	gstreamer1.0-plugins-bad \
	gstreamer1.0-plugins-ugly \
	gstreamer1.0-libav \
	python3-gi \
	gir1.2-gst-rtsp-server-1.0 \
	gir1.2-gstreamer-1.0 \
	fonts-dejavu-core \
	libgl1 \
	libegl1 \
	libxkbcommon0 \
	libfontconfig1 \
	libdbus-1-3 \
	libxcb-cursor0 \
	pulseaudio \
	onvif-tools \
	iproute2 \
	systemd \
	smartmontools \
	nodejs \
	polkitd \
	faketime \
	dbus-daemon \
	network-manager \
	dnsmasq-base \
	fuse3 \
	testssl.sh

# Fails with a clear message unless $(1) is a Python >= 3.11.
define require_python_311
@$(1) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "setup: Vedette needs Python >= 3.11, but '$(1)' is:" \
			"$$($(1) --version 2>/dev/null || echo 'not found')." >&2; \
		echo "setup: run e.g. 'make setup PYTHON=python3.11' (and delete $(VENV) if it" \
			"was made with an older Python)." >&2; \
		exit 1; }
endef

# The buf CLI (protos/buf-tool/package.json, pinned by its package-lock.json), installed
# by npm; Debian's npm package when npm is missing (a Node.js that ships npm, such as
# NodeSource's, is used as it is).
BUF := protos/buf-tool/node_modules/.bin/buf

.PHONY: setup system-packages node-packages test demo protos translations lint lint-protos \
	typecheck clean deb deb-test bundle freeze

setup: $(SETUP_STAMP) $(TRANSLATIONS_QM)

%.qm: %.ts | $(SETUP_STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Checks with one dpkg-query call, so nothing runs when every package is present.
system-packages:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "setup: not a Debian system; make sure the equivalents of these are" \
			"installed: $(DEB_PACKAGES)" >&2; \
		exit 0; \
	fi; \
	installed=" $$(dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' $(DEB_PACKAGES) \
		2>/dev/null | awk '$$2 == "ii" { printf "%s ", $$1 }' || true)"; \
	missing=""; \
	for pkg in $(DEB_PACKAGES); do \
		case "$$installed" in *" $$pkg "*) ;; *) missing="$$missing $$pkg" ;; esac; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
		echo "setup: installing missing Debian packages:$$missing"; \
		apt-get update; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			$(DEB_PACKAGES); \
	else \
		echo "setup: missing Debian packages:$$missing" >&2; \
		echo "setup: install them with:" \
			"sudo apt-get install --no-install-recommends$$missing" >&2; \
		echo "setup: continuing; tests and the demo that need them will fail." >&2; \
	fi

$(VENV_PY): | system-packages
	$(call require_python_311,$(PYTHON))
	$(PYTHON) -m venv $(VENV)

$(SETUP_STAMP): pyproject.toml | system-packages $(VENV_PY)
	$(call require_python_311,$(VENV_PY))
	$(VENV_PY) -m pip install --upgrade pip
	$(VENV_PY) -m pip install -e '.[test]'
	touch $@

test: setup $(BUF)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	cd protos && buf-tool/node_modules/.bin/buf lint
	$(VENV_PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)

demo: setup
	$(VENV_PY) -m vedette_server.demo --cameras $(DEMO_CAMERAS) --rtsp-port $(DEMO_RTSP_PORT)

protos: setup
	$(VENV_PY) protos/generate.py

# pyside6-lupdate's reading of the sources, with each string under the context it is
# looked up in at run time (vedette_console/i18n/ts_tool.py), then the .qm again.
translations: $(SETUP_STAMP)
	$(VENV_PY) -m vedette_console.i18n.ts_tool update fr
	$(MAKE) $(TRANSLATIONS_QM)

lint: setup
	$(VENV)/bin/ruff check .

node-packages:
	@if command -v npm >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "setup: installing npm (for the buf proto linter)"; \
		apt-get update; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; \
	else \
		echo "setup: npm is missing: install it (sudo apt-get install npm) to lint the protos" >&2; \
		exit 1; \
	fi

$(BUF): protos/buf-tool/package.json protos/buf-tool/package-lock.json | node-packages
	npm ci --prefix protos/buf-tool --no-audit --no-fund
	touch $@

lint-protos: $(BUF)
	cd protos && buf-tool/node_modules/.bin/buf lint

typecheck: setup
	$(VENV)/bin/mypy

# Installers (issue 17; installers/README.md). Each script installs its own build tools
# with apt when run as root on Debian.
deb: setup
	installers/debian/build-deb.sh

deb-test: deb
	installers/ci/deb-test.sh

bundle: setup
	$(VENV_PY) -m vedette_server.upgrade.bundle make --key installers/upgrade/test-key.pem \
		--out dist dist/*.deb

freeze: setup
	installers/pyinstaller/freeze.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o \
		\( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +
	rm -f $(TRANSLATIONS_QM)
