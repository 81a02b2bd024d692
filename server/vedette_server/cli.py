"""``vedette-server``: initialise a data directory, run the server, check recordings.

vedette-server init --data DIR [--admin-password-file F]   (or VEDETTE_ADMIN_PASSWORD)
                    [--no-default-volume]   (an appliance adds its disks instead)
                    [--no-admin]   (an appliance image: the start-up wizard sets it)
vedette-server set-admin-password --data DIR [--admin-password-file F]
                    (the admin made by --no-admin gets its first password)
vedette-server run  --data DIR [--listen 127.0.0.1[:6036]] [--insecure] [--local-socket P]
                   [--rtsp-listen HOST[:PORT] | none]
vedette-server fsck --data DIR
vedette-server cert issue --data DIR --name NAME --out DIR   (mutual TLS for CMS clients)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import ipaddress
import logging
import os
import sys
from pathlib import Path

from vedette_server.accounts.groups import ADMINISTRATOR_GROUP_ID
from vedette_server.accounts.recovery import (
    admin_account,
    create_admin_without_password,
    password_set,
)
from vedette_server.accounts.users import ADMIN, Users
from vedette_server.catalog.database import Catalog, CatalogError, open_catalog
from vedette_server.datadir import DataDir
from vedette_server.ingest.config import RTSP_CLIENTS
from vedette_server.log_limits import limit_repeated_messages
from vedette_server.ops.journal import use_journal_format
from vedette_server.recording.camera_state_log import CameraStateTimings
from vedette_server.recording.volumes import VolumeInfo, VolumeManager
from vedette_server.run_config import ConfigFileError, parse_with_config
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy, WeakPassword
from vedette_server.security.secretbox import SecretBox
from vedette_server.security.tls import (
    create_server_certificate,
    create_signing_key,
    ensure_client_ca,
    fingerprint,
    issue_client_certificate,
    write_private,
    write_public,
)
from vedette_server.storage.segment_file import DEFAULT_FSYNC_INTERVAL_S

log = logging.getLogger("vedette.server")
DEFAULT_LISTEN = "127.0.0.1"


def _admin_password(args: argparse.Namespace) -> str:
    if args.admin_password_file:
        return Path(args.admin_password_file).read_text().rstrip("\r\n")
    if os.environ.get("VEDETTE_ADMIN_PASSWORD"):
        return os.environ["VEDETTE_ADMIN_PASSWORD"]
    if not sys.stdin.isatty():
        raise SystemExit(
            "vedette-server init: no admin password: use --admin-password-file, "
            "VEDETTE_ADMIN_PASSWORD, or run in a terminal to be asked"
        )
    first = getpass.getpass("Password for the admin account: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("vedette-server init: the two passwords differ")
    return first


def cmd_init(args: argparse.Namespace) -> int:
    data = DataDir(Path(args.data).resolve())
    if data.is_initialized():
        if args.if_needed:  # a service's every start but its first
            return 0
        print(f"vedette-server init: {data.root} is already initialised", file=sys.stderr)
        return 1
    if args.no_admin and args.admin_password_file:
        print(
            "vedette-server init: --no-admin creates the admin without a password;"
            " drop --admin-password-file",
            file=sys.stderr,
        )
        return 2
    password = None if args.no_admin else _admin_password(args)
    policy = PasswordPolicy()
    try:
        if password is not None:
            policy.check(password, username=ADMIN)
    except WeakPassword as weak:
        print(f"vedette-server init: {weak}", file=sys.stderr)
        return 1
    # Private from the first byte: an existing directory (made 0755 by an installer)
    # is closed before the catalog and keys are written into it, and the umask
    # keeps SQLite from creating the catalog 0644.
    previous_umask = os.umask(0o077)
    try:
        data.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        data.restrict_permissions()
        SecretBox.create_key(data.credentials_key)
        secrets = SecretBox.load(data.credentials_key)
        with open_catalog(data.catalog) as catalog:
            users = Users(catalog, PasswordHashing(), secrets, policy=lambda: policy)
            if password is None:
                create_admin_without_password(users)
            else:
                users.create(
                    ADMIN, users.prepare_password(ADMIN, password), group_id=ADMINISTRATOR_GROUP_ID
                )
            server_id = catalog.server_identity().server_id
            volume = _default_volume(catalog, server_id, data) if args.default_volume else None
        server_fingerprint = create_server_certificate(data.tls_key, data.tls_cert)
        create_signing_key(data.signing_key)
        data.restrict_permissions()
    finally:
        os.umask(previous_umask)
    print(f"Initialised {data.root} (server {server_id}).")
    print(f"TLS certificate fingerprint (SHA-256): {server_fingerprint}")
    if password is None:
        print(
            "The admin account has no password yet: nobody can sign in (over the network or"
            " on the console) until the appliance's start-up wizard sets it on the local"
            " socket."
        )
    if volume is not None:
        print(
            f"Cameras record to {volume.path} (volume {volume.id}, disk group"
            f" {volume.disk_group}); add disks with `vedette volumes add`."
        )
    else:
        print("No volume yet: cameras record nothing until one is added and initialised.")
    return 0


def cmd_set_admin_password(args: argparse.Namespace) -> int:
    """The first password of an admin made without one (``init --no-admin``, as the
    Debian service's first start does): a server with no screen for the start-up
    wizard. A password already set is changed from a signed-in session instead."""
    data = DataDir(Path(args.data).resolve())
    if not data.is_initialized():
        print(f"vedette-server set-admin-password: {data.root} is not initialised",
              file=sys.stderr)  # fmt: skip
        return 1
    password = _admin_password(args)
    policy = PasswordPolicy()
    try:
        policy.check(password, username=ADMIN)
    except WeakPassword as weak:
        print(f"vedette-server set-admin-password: {weak}", file=sys.stderr)
        return 1
    with open_catalog(data.catalog) as catalog:
        users = Users(
            catalog, PasswordHashing(), SecretBox.load(data.credentials_key), policy=lambda: policy
        )
        admin = admin_account(users)
        if password_set(admin):
            print(
                "vedette-server set-admin-password: the admin account has a password already;"
                " change it signed in (console: My account; `vedette users passwd`)",
                file=sys.stderr,
            )
            return 1
        # Setting a first password needs no running server's help: nobody could sign
        # in as admin before, so no session of it exists anywhere.
        users.set_password(admin.id, users.prepare_password(ADMIN, password))
    print("The admin account has its password: sign in as admin.")
    return 0


def _default_volume(catalog: Catalog, server_id: str, data: DataDir) -> VolumeInfo:
    """DATA/recordings, added to disk group 1 and initialised: a new server records
    the first camera added to it. Blocking."""
    data.default_volume.mkdir(exist_ok=True)
    volumes = VolumeManager(catalog, server_id)
    return volumes.initialize(volumes.add(str(data.default_volume)).id)


def parse_listen(text: str, insecure: bool, flag: str = "--listen") -> tuple[str, int | None]:
    """HOST[:PORT] (IPv6 in brackets); no port: the server_port setting (6036)."""
    if (text.startswith("[") and text.endswith("]")) or text.count(":") == 0:
        host, port = text, None
    else:
        host, sep, port_text = text.rpartition(":")
        digits = port_text.isascii() and port_text.isdigit()
        if not sep or not digits or not 0 <= int(port_text) < 65536:
            raise SystemExit(f"vedette-server: {flag} {text!r} is not HOST[:PORT]")
        port = int(port_text)
    host = host.strip("[]") or "0.0.0.0"
    if insecure and not is_loopback(host):
        raise SystemExit(
            f"vedette-server: --insecure (no TLS) is only allowed on loopback, not {host}"
        )
    return host, port


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def parse_metrics_listen(text: str | None) -> tuple[str, int] | None:
    """--metrics-listen HOST:PORT, on loopback only: the metrics name the cameras and
    are served over plain HTTP without authentication. None: not served."""
    if text is None:
        return None
    host, port = parse_listen(text, insecure=False, flag="--metrics-listen")
    if not port:
        raise SystemExit(f"vedette-server: --metrics-listen {text!r} is not HOST:PORT (1..65535)")
    if not is_loopback(host):
        raise SystemExit(
            f"vedette-server: --metrics-listen must be a loopback address (127.0.0.1, [::1]),"
            f" not {host}: metrics name the cameras and are served without authentication"
        )
    return host, port


def parse_rtsp_listen(text: str | None, grpc_host: str) -> tuple[str | None, int | None]:
    """--rtsp-listen: (host, port); (None, None) for 'none'; port None: the setting."""
    if text is None:
        return grpc_host, None
    if text.strip().lower() == "none":
        return None, None
    return parse_listen(text, insecure=False, flag="--rtsp-listen")


def parse_camera_state_seconds(text: str) -> CameraStateTimings:
    """GRACE,DOWN,UP in seconds (``--camera-state-seconds``)."""
    try:
        grace_s, offline_after_s, online_after_s = (float(part) for part in text.split(","))
        return CameraStateTimings(grace_s, offline_after_s, online_after_s)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not GRACE,DOWN,UP (three numbers of seconds, none negative): {error}"
        ) from None


def parse_export_root(text: str) -> tuple[str, Path]:
    """NAME=PATH: a folder exports may be written to (it must exist)."""
    name, sep, path = text.partition("=")
    if not sep or not name or not all(c.isalnum() or c in "-_" for c in name):
        raise SystemExit(f"vedette-server: --export-root {text!r} is not NAME=PATH")
    root = Path(path).resolve()
    if not root.is_dir():
        raise SystemExit(f"vedette-server: --export-root {name}: {root} is not a directory")
    return name, root


def cmd_run(args: argparse.Namespace) -> int:
    from vedette_server.composition import ServerConfig, restart_process, run_server
    from vedette_server.fd_budget import raise_open_files_limit

    data = DataDir(Path(args.data).resolve())
    if not data.is_initialized():
        print(f"vedette-server: {data.root} is not initialised; run `vedette-server init`",
              file=sys.stderr)  # fmt: skip
        return 1
    host, port = parse_listen(args.listen, args.insecure)
    rtsp_host, rtsp_port = parse_rtsp_listen(args.rtsp_listen, host)
    if not 2.0 <= args.segment_seconds <= 300.0:
        raise SystemExit("vedette-server: --segment-seconds must be within 2..300")
    if not 0.0 <= args.fsync_seconds <= 5.0:
        raise SystemExit("vedette-server: --fsync-seconds must be within 0..5")
    if not 1 <= args.export_concurrency <= 32:
        raise SystemExit("vedette-server: --export-concurrency must be within 1..32")
    if not 0.5 <= args.housekeeping_seconds <= 600.0:
        raise SystemExit("vedette-server: --housekeeping-seconds must be within 0.5..600")
    if not 1 <= args.cameras_per_worker <= 64:
        raise SystemExit("vedette-server: --cameras-per-worker must be within 1..64")
    if not 10.0 <= args.tentative_ttl_seconds <= 3600.0:
        raise SystemExit("vedette-server: --tentative-ttl-seconds must be within 10..3600")
    if not 1.0 <= args.masks_verify_seconds <= 86400.0:
        raise SystemExit("vedette-server: --masks-verify-seconds must be within 1..86400")
    if args.ip_conflict_probe_seconds and not 10.0 <= args.ip_conflict_probe_seconds <= 86400.0:
        raise SystemExit(
            "vedette-server: --ip-conflict-probe-seconds must be 0 or within 10..86400"
        )
    if args.local_socket_group is not None:
        import grp  # here: Windows has no grp module (tests/unit/test_portable_server.py)

        try:
            grp.getgrnam(args.local_socket_group)
        except KeyError:
            raise SystemExit(
                f"vedette-server: --local-socket-group {args.local_socket_group!r}: no such group"
            ) from None
    try:
        # What init set, kept: an administrator's copy or restore may have widened it.
        data.restrict_permissions()
    except PermissionError as refused:
        print(f"vedette-server: {refused}", file=sys.stderr)
        return 1
    except OSError as error:
        log.warning("cannot restrict the data directory's permissions: %s", error)
    limit = raise_open_files_limit()  # before any listener or worker exists
    log.info(
        "open files: soft limit %d%s, hard limit %s",
        limit.soft,
        f" (raised from {limit.before})" if limit.raised else "",
        "unlimited" if limit.hard is None else limit.hard,
    )
    config = ServerConfig(
        data=data,
        host=host,
        port=port,
        insecure=args.insecure,
        segment_seconds=args.segment_seconds,
        tentative_ttl_s=args.tentative_ttl_seconds,
        masks_verify_s=args.masks_verify_seconds,
        fsync_interval_s=args.fsync_seconds,
        housekeeping_interval_s=args.housekeeping_seconds,
        local_socket=None
        if args.local_socket == "none"
        else Path(args.local_socket or data.local_socket),
        host_control=args.host_control,
        export_roots=tuple(parse_export_root(text) for text in args.export_root),
        export_concurrency=args.export_concurrency,
        cameras_per_worker=args.cameras_per_worker,
        rtsp_client=args.rtsp_client,
        rtsp_host=rtsp_host,
        rtsp_port=rtsp_port,
        camera_states=args.camera_state_seconds,
        ip_conflict_probe_s=args.ip_conflict_probe_seconds or None,
        upgrade_keys=Path(args.upgrade_keys) if args.upgrade_keys else ServerConfig.upgrade_keys,
        upgrade_dir=Path(args.upgrade_dir) if args.upgrade_dir else None,
        metrics_listen=parse_metrics_listen(args.metrics_listen),
        local_socket_group=args.local_socket_group,
    )
    try:
        action = asyncio.run(run_server(config))
    except (CatalogError, OSError, ValueError) as error:
        print(f"vedette-server: {error}", file=sys.stderr)
        return 1
    if action == "restart":
        restart_process()
    return 0


def cmd_cert_issue(args: argparse.Namespace) -> int:
    data = DataDir(Path(args.data).resolve())
    if not data.is_initialized():
        print(f"vedette-server cert: {data.root} is not initialised", file=sys.stderr)
        return 1
    name = args.name.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "-_." for c in name):
        print("vedette-server cert: --name: 1..64 letters, digits, - _ .", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = out / f"{name}.key", out / f"{name}.crt"
    if key_path.exists() or cert_path.exists():
        print(f"vedette-server cert: {key_path} or {cert_path} exists already", file=sys.stderr)
        return 1
    ensure_client_ca(data.client_ca_key, data.client_ca_cert)
    key_pem, cert_pem = issue_client_certificate(
        data.client_ca_key, data.client_ca_cert, name, days=args.days
    )
    write_private(key_path, key_pem)
    write_public(cert_path, cert_pem)
    print(f"Issued a client certificate for {name!r}: {cert_path} (key {key_path}, mode 0600).")
    print(f"Its fingerprint (SHA-256): {fingerprint(cert_pem)}")
    print(
        "Clients present it when the server requires client certificates"
        " (setting security.client_certificates = required, then restart)."
    )
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    """Join a site (issue 19, docs/sites.md): the token and CA hash come from
    ``vedette-directory token``."""
    from vedette_server.api.system_service import vedette_version
    from vedette_server.site.membership import JoinFailed, join

    data = DataDir(Path(args.data).resolve())
    if not data.is_initialized():
        print(f"vedette-server join: {data.root} is not initialised", file=sys.stderr)
        return 1
    if not 0 <= args.capacity <= 4096:
        print("vedette-server join: --capacity must be within 0..4096", file=sys.stderr)
        return 2
    token = args.token or os.environ.get("VEDETTE_JOIN_TOKEN", "")
    if not token:
        print("vedette-server join: --token or VEDETTE_JOIN_TOKEN is required", file=sys.stderr)
        return 2
    with open_catalog(data.catalog) as catalog:
        server_id = catalog.server_identity().server_id
    try:
        membership = join(
            data,
            directory=args.directory,
            token=token,
            ca_hash=args.ca_hash,
            name=args.name,
            server_id=server_id,
            address=args.address or "",
            version=vedette_version(),
            standby=args.standby,
            capacity=args.capacity,
        )
    except JoinFailed as failed:
        print(f"vedette-server join: {failed}", file=sys.stderr)
        return 1
    role = " (standby)" if args.standby else ""
    print(
        f"Joined the site {membership.site_name!r} ({membership.site_id}) as"
        f" {membership.name}{role}; heartbeats go to {membership.site_address}."
    )
    print("Restart the server if it is running, so that it starts them.")
    return 0


def cmd_leave(args: argparse.Namespace) -> int:
    from vedette_server.site.membership import JoinFailed, leave

    data = DataDir(Path(args.data).resolve())
    try:
        print(leave(data, force=args.force).capitalize() + ".")
    except JoinFailed as failed:
        print(f"vedette-server leave: {failed}", file=sys.stderr)
        return 1
    print("Restart the server if it is running, so that it stops its heartbeats.")
    return 0


def cmd_fsck(args: argparse.Namespace) -> int:
    from vedette_server.recording.fsck import run_fsck

    data = DataDir(Path(args.data).resolve())
    if not data.catalog.exists():
        print(f"vedette-server fsck: no catalog in {data.root}", file=sys.stderr)
        return 1
    return run_fsck(data, repair=args.repair, out=sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vedette-server", description="Vedette recording server")
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create the catalog, keys, certificate and admin")
    init.add_argument("--data", required=True, help="data directory")
    init.add_argument("--admin-password-file", help="file holding the admin password")
    init.add_argument(
        "--default-volume",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="add and initialise DATA/recordings as the first volume, so that cameras"
        " record at once (the default); --no-default-volume on an appliance whose"
        " disks are added as volumes",
    )
    init.add_argument(
        "--no-admin",
        action="store_true",
        help="an appliance image: create the admin account without a password (nobody can"
        " sign in until the appliance console's start-up wizard sets one on the local socket)",
    )
    init.add_argument(
        "--if-needed",
        action="store_true",
        help="do nothing (exit 0) when DATA is initialised already: a service's first start"
        " makes the keys, so cloned appliance images never share them",
    )
    init.set_defaults(func=cmd_init)
    first_password = commands.add_parser(
        "set-admin-password",
        help="the first password of an admin made without one (init --no-admin, the Debian"
        " service's first start) on a server with no screen for the start-up wizard",
    )
    first_password.add_argument("--data", required=True, help="data directory")
    first_password.add_argument("--admin-password-file", help="file holding the password")
    first_password.set_defaults(func=cmd_set_admin_password)
    run = commands.add_parser("run", help="run the server")
    run.add_argument("--data", required=True)
    run.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        help=f"gRPC address HOST[:PORT] ({DEFAULT_LISTEN}; the port defaults to the"
        " server_port setting, 6036)",
    )
    run.add_argument("--insecure", action="store_true", help="no TLS (loopback only)")
    run.add_argument(
        "--rtsp-listen",
        metavar="HOST[:PORT]",
        help="RTSP re-streaming address (default: the --listen host, port from the"
        " rtsp_port setting, 8554); 'none' for no re-streaming",
    )
    run.add_argument(
        "--local-socket",
        metavar="PATH",
        help="Unix socket of the appliance console (local sessions; default DATA/console.sock;"
        " 'none' for no socket)",
    )
    run.add_argument(
        "--export-root",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a folder export tasks may write to, e.g. usb=/media/usb0 (repeatable;"
        " DATA/exports is always one, named exports)",
    )
    run.add_argument(
        "--export-concurrency",
        type=int,
        default=10,
        metavar="N",
        help="export tasks running at once (default 10; 1 for a slow USB disk)",
    )
    run.add_argument(
        "--host-control",
        default="none",
        metavar="MODE",
        help="apply date/time settings to the host: none (a workstation, the default),"
        " systemd (an appliance), or record:FILE (tests)",
    )
    run.add_argument(
        "--segment-seconds", type=float, default=60.0, help="segment length target (default 60)"
    )
    run.add_argument(
        "--tentative-ttl-seconds",
        type=float,
        default=120.0,
        help="how long video written for pre-alarm recording waits for an event before it"
        " is deleted (default 120; never less than the longest pre-alarm + 30)",
    )
    run.add_argument(
        "--masks-verify-seconds",
        type=float,
        default=600.0,
        help="how often a camera that applies the privacy masks itself is asked whether it"
        " still holds them, to set them again if not (default 600)",
    )
    run.add_argument(
        "--fsync-seconds",
        type=float,
        default=DEFAULT_FSYNC_INTERVAL_S,
        help="seconds between fsyncs of segment files (default"
        f" {DEFAULT_FSYNC_INTERVAL_S:g}: with the frames in flight, what a power cut may"
        " lose, within 2 s)",
    )
    run.add_argument(
        "--housekeeping-seconds",
        type=float,
        default=5.0,
        help="how often free space, retention and volume states are checked (default 5)",
    )
    run.add_argument(
        "--camera-state-seconds",
        type=parse_camera_state_seconds,
        default=CameraStateTimings(),
        metavar="GRACE,DOWN,UP",
        help="when the system log says a camera is offline and back: not in the first GRACE"
        " seconds of its recording, once down DOWN seconds on end, back once up UP seconds"
        " on end (default 30,10,30)",
    )
    run.add_argument(
        "--cameras-per-worker",
        type=int,
        default=4,
        help="cameras recorded by each ingest worker process (default 4)",
    )
    run.add_argument(
        "--rtsp-client",
        choices=RTSP_CLIENTS,
        default="native",
        help="RTSP client of rtsp:// cameras: Vedette's own (native, default) or FFmpeg's",
    )
    run.add_argument(
        "--ip-conflict-probe-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="send ARP probes for the server's IPv4 addresses at start and every S seconds"
        " (RFC 5227; 300 on an appliance; needs CAP_NET_RAW); default 0: none sent, IP"
        " conflicts are still heard when the other machine speaks ARP",
    )
    run.add_argument(
        "--config",
        metavar="FILE",
        help='a TOML file of these options by their long names (listen = "0.0.0.0");'
        " the command line wins (/etc/vedette/server.toml in the Debian package)",
    )
    run.add_argument(
        "--metrics-listen",
        metavar="HOST:PORT",
        help="serve Prometheus metrics over HTTP there (off by default; loopback only, e.g."
        " 127.0.0.1:9464: they name the cameras and ask for no password; docs/metrics.md)",
    )
    run.add_argument(
        "--local-socket-group",
        metavar="GROUP",
        help="make the local socket 0660 for this group (the kiosk user's, vedette-console);"
        " default: 0600, the server's user only",
    )
    run.add_argument(
        "--upgrade-keys",
        metavar="DIR",
        help="directory of the Ed25519 public keys (*.pub) upgrade bundles must be signed"
        " with; default /usr/share/vedette/keys; upgrades are refused without any",
    )
    run.add_argument(
        "--upgrade-dir",
        metavar="DIR",
        help="where verified upgrade bundles are handed to the host's upgrade service"
        " (default DATA/upgrade)",
    )
    run.set_defaults(func=cmd_run)
    fsck = commands.add_parser("fsck", help="check every recording against the catalog")
    fsck.add_argument("--data", required=True)
    fsck.add_argument(
        "--repair", action="store_true", help="also cut torn segments and adopt orphans"
    )
    fsck.set_defaults(func=cmd_fsck)
    join = commands.add_parser("join", help="join a site directory (docs/sites.md)")
    join.add_argument("--data", required=True)
    join.add_argument("--directory", required=True, help="the directory's HOST:PORT")
    join.add_argument(
        "--token", help="the one-time join token (or VEDETTE_JOIN_TOKEN: not shown in ps)"
    )
    join.add_argument(
        "--ca-hash", required=True, help="sha256:… of the site CA, from vedette-directory token"
    )
    join.add_argument("--name", required=True, help="this server's name in the site")
    join.add_argument("--address", help="HOST:PORT where consoles reach this server's API")
    join.add_argument(
        "--standby",
        action="store_true",
        help="join as a standby: take over the cameras of a member that stops answering",
    )
    join.add_argument(
        "--capacity", type=int, default=0, help="the most cameras it may record (default 64)"
    )
    join.set_defaults(func=cmd_join)
    leave = commands.add_parser("leave", help="leave the site this server joined")
    leave.add_argument("--data", required=True)
    leave.add_argument(
        "--force", action="store_true", help="leave even if the directory cannot be told"
    )
    leave.set_defaults(func=cmd_leave)
    cert = commands.add_parser("cert", help="client certificates for mutual TLS")
    cert_actions = cert.add_subparsers(dest="action", required=True)
    issue = cert_actions.add_parser("issue", help="issue a client certificate for a CMS")
    issue.add_argument("--data", required=True)
    issue.add_argument("--name", required=True, help="the client's name (its certificate's CN)")
    issue.add_argument("--out", required=True, help="directory for NAME.key and NAME.crt")
    issue.add_argument("--days", type=int, default=825, help="validity (default 825 days)")
    issue.set_defaults(func=cmd_cert_issue)
    return parser


def configure_logging(verbose: bool = False) -> None:
    """The server's log: stderr, with repeated messages limited (log_limits.py), so a
    repeated error (EMFILE under a connection flood) cannot fill the disk."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    use_journal_format()  # "<prio>name: message" when stderr is systemd's journal
    limit_repeated_messages()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "config", None):  # run --config FILE: its values, then the command line
        try:
            args = parse_with_config(parser, argv, Path(args.config))
        except ConfigFileError as error:
            raise SystemExit(f"vedette-server: --config: {error}") from None
    configure_logging(args.verbose)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
