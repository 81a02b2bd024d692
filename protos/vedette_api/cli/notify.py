"""``vedette notify``: alarm e-mail and webhooks (ALARM-07, ALARM-10, NET-03).

- ``smtp show [--json]``; ``smtp set --host H --port P [--starttls|--ssl] [--user U]
  --sender ADDR [--password-file F] [--timeout S] [--ca-file PEM]``: with ``--user``,
  the password comes from ``--password-file`` (its first line), else
  ``$VEDETTE_SMTP_PASSWORD``, else a prompt; never from a flag.
- ``test-mail ADDR [--json]``: a test mail now; prints the server's reply or why not.
- ``recipients list|add ADDR [--schedule NAME] [--snapshot] [--max-per-hour N]|
  set RECIPIENT [...] [--enable|--disable]|rm RECIPIENT`` (RECIPIENT: id or address).
- ``webhooks list|add URL --secret-file F|set ID [--url U] [--secret-file F]
  [--enable|--disable]|rm ID|test ID``: the secret (``whsec_…``) is read from a file.
- ``deliveries [--state S]... [--limit N] [--json]``: the outbox's log, newest first;
  ``retry ID``: a failed delivery again.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from vedette_api.cli.format import format_table, rfc3339_from_us
from vedette_api.cli.io import Commands, SubParsers, read_secret, write_json
from vedette_api.cli.values import decimal_number, whole_number
from vedette_api.client import Client
from vedette_api.client.notify import DELIVERY_STATES
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import notify_pb2

PASSWORD_VARIABLE = "VEDETTE_SMTP_PASSWORD"
MAX_FILE_BYTES = 64 * 1024
_SECURITY = {
    notify_pb2.SMTP_SECURITY_NONE: "none",
    notify_pb2.SMTP_SECURITY_STARTTLS: "starttls",
    notify_pb2.SMTP_SECURITY_SSL: "ssl",
}
_STATES = {v: k for k, v in DELIVERY_STATES.items()}
_CHANNELS = {
    notify_pb2.DELIVERY_CHANNEL_EMAIL: "email",
    notify_pb2.DELIVERY_CHANNEL_WEBHOOK: "webhook",
}
_KINDS = {notify_pb2.DELIVERY_KIND_NOTICE: "notice", notify_pb2.DELIVERY_KIND_DIGEST: "digest"}
record_id = whole_number(1, 2**63 - 1)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _enable_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--enable", dest="enabled", action="store_const", const=True)
    group.add_argument("--disable", dest="enabled", action="store_const", const=False)


def _smtp_parsers(actions: SubParsers) -> None:
    smtp = actions.add_parser("smtp", help="the SMTP server alarm mail goes through")
    steps = smtp.add_subparsers(dest="smtp_action", metavar="ACTION", required=True)
    _json_flag(steps.add_parser("show", help="the SMTP settings (never the password)"))
    setting = steps.add_parser("set", help="replace the SMTP settings")
    setting.add_argument("--host", required=True, help="host name or IP address")
    setting.add_argument("--port", type=whole_number(1, 65535), required=True, metavar="P")
    security = setting.add_mutually_exclusive_group()
    security.add_argument(
        "--starttls", dest="security", action="store_const", const="starttls",
        help="STARTTLS, required (usually port 587)",
    )  # fmt: skip
    security.add_argument(
        "--ssl", dest="security", action="store_const", const="ssl",
        help="TLS from the first byte (usually port 465)",
    )  # fmt: skip
    setting.set_defaults(security="none")
    setting.add_argument("--user", dest="smtp_user", default="", metavar="U", help="login")
    setting.add_argument(
        "--password-file", type=Path, metavar="F", help="the password: the file's first line"
    )
    setting.add_argument("--sender", required=True, metavar="ADDR", help="the From address")
    setting.add_argument(
        "--timeout", type=decimal_number(0, 600, above=True), default=30.0, metavar="S"
    )
    setting.add_argument(
        "--ca-file", type=Path, metavar="PEM", help="trust these certificates, not the system's"
    )
    _json_flag(setting)


def _recipient_parsers(actions: SubParsers) -> None:
    recipients = actions.add_parser("recipients", help="who gets alarm e-mail")
    steps = recipients.add_subparsers(dest="recipients_action", metavar="ACTION", required=True)
    _json_flag(steps.add_parser("list", help="every recipient"))
    add = steps.add_parser("add", help="add a recipient")
    add.add_argument("address", metavar="ADDR")
    add.add_argument("--schedule", default="", metavar="NAME", help="when (default: always)")
    add.add_argument("--snapshot", action="store_true", help="attach the camera's picture")
    add.add_argument(
        "--max-per-hour", type=whole_number(1, 1000), default=0, metavar="N",
        help="mails an hour before a digest (default 10)",
    )  # fmt: skip
    _json_flag(add)
    change = steps.add_parser("set", help="change a recipient")
    change.add_argument("recipient", metavar="RECIPIENT", help="id or address")
    change.add_argument("--address", metavar="ADDR")
    change.add_argument("--schedule", metavar="NAME", help="'' for always")
    snapshot = change.add_mutually_exclusive_group()
    snapshot.add_argument("--snapshot", dest="snapshot", action="store_const", const=True)
    snapshot.add_argument("--no-snapshot", dest="snapshot", action="store_const", const=False)
    change.add_argument("--max-per-hour", type=whole_number(1, 1000), metavar="N")
    _enable_options(change)
    _json_flag(change)
    remove = steps.add_parser("rm", help="remove a recipient")
    remove.add_argument("recipient", metavar="RECIPIENT", help="id or address")


def _webhook_parsers(actions: SubParsers) -> None:
    webhooks = actions.add_parser("webhooks", help="signed webhooks to other systems")
    steps = webhooks.add_subparsers(dest="webhooks_action", metavar="ACTION", required=True)
    _json_flag(steps.add_parser("list", help="every endpoint (never the secrets)"))
    add = steps.add_parser("add", help="add an endpoint")
    add.add_argument("url", metavar="URL")
    add.add_argument(
        "--secret-file", type=Path, required=True, metavar="F", help="whsec_… on its first line"
    )
    _json_flag(add)
    change = steps.add_parser("set", help="change an endpoint")
    change.add_argument("webhook", type=record_id, metavar="ID")
    change.add_argument("--url")
    change.add_argument("--secret-file", type=Path, metavar="F")
    _enable_options(change)
    _json_flag(change)
    remove = steps.add_parser("rm", help="remove an endpoint")
    remove.add_argument("webhook", type=record_id, metavar="ID")
    test = steps.add_parser("test", help="post one signed test message now")
    test.add_argument("webhook", type=record_id, metavar="ID")
    _json_flag(test)


def add_parsers(commands: SubParsers) -> None:
    notify = commands.add_parser("notify", help="alarm e-mail (SMTP) and webhooks")
    actions = notify.add_subparsers(dest="action", metavar="ACTION", required=True)
    _smtp_parsers(actions)
    test_mail = actions.add_parser("test-mail", help="send a test mail now")
    test_mail.add_argument("address", metavar="ADDR")
    _json_flag(test_mail)
    _recipient_parsers(actions)
    _webhook_parsers(actions)
    deliveries = actions.add_parser("deliveries", help="the delivery log, newest first")
    deliveries.add_argument(
        "--state", action="append", choices=sorted(DELIVERY_STATES), default=[], dest="states"
    )
    deliveries.add_argument("--limit", type=whole_number(1, 100_000), default=100, metavar="N")
    _json_flag(deliveries)
    retry = actions.add_parser("retry", help="send a failed delivery again")
    retry.add_argument("delivery", type=record_id, metavar="ID")
    _json_flag(retry)


def first_line(path: Path, what: str) -> str:
    """The first line of a small file (a password, a secret); InvalidArgument naming
    ``what`` when it cannot be read or is empty. Never shows the content."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidArgument(f"{what}: cannot read {str(path)!r}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidArgument(f"{what}: {str(path)!r} is larger than {MAX_FILE_BYTES} bytes")
    try:
        line = data.decode("utf-8").splitlines()[0].strip() if data.strip() else ""
    except UnicodeDecodeError:
        raise InvalidArgument(f"{what}: {str(path)!r} is not UTF-8 text") from None
    if not line:
        raise InvalidArgument(f"{what}: {str(path)!r} is empty")
    return line


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidArgument(f"{what}: cannot read {str(path)!r}: {error}") from None


# -- JSON shapes ---------------------------------------------------------------------------


def smtp_json(smtp: notify_pb2.SmtpSettings) -> dict[str, Any]:
    return {
        "configured": smtp.configured,
        "host": smtp.host,
        "port": smtp.port,
        "security": _SECURITY.get(smtp.security, "?"),
        "user": smtp.user,
        "password_set": smtp.password_set,
        "sender": smtp.sender,
        "timeout_s": smtp.timeout.ToTimedelta().total_seconds(),
        "tls_ca_set": smtp.tls_ca_set,
    }


def recipient_json(r: notify_pb2.Recipient) -> dict[str, Any]:
    return {
        "id": r.id,
        "address": r.address,
        "schedule": r.schedule or None,
        "snapshot": r.snapshot,
        "max_per_hour": r.max_per_hour,
        "enabled": r.enabled,
    }


def webhook_json(w: notify_pb2.Webhook) -> dict[str, Any]:
    return {
        "id": w.id,
        "url": w.url,
        "enabled": w.enabled,
        "disabled_reason": w.disabled_reason or None,
        "secret_set": w.secret_set,
    }


def _time(message: notify_pb2.Delivery, field: str) -> int | None:
    return us_from_timestamp(getattr(message, field)) if message.HasField(field) else None


def delivery_json(d: notify_pb2.Delivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "channel": _CHANNELS.get(d.channel, "?"),
        "target_id": d.target_id,
        "kind": _KINDS.get(d.kind, "?"),
        "alarm_id": d.alarm_id or None,
        "title": d.title,
        "state": _STATES.get(d.state, "?"),
        "attempts": d.attempts,
        "last_status": d.last_status or None,
        "last_error": d.last_error,
        "message_id": d.message_id,
        "digest_id": d.digest_id or None,
        "created_us": _time(d, "create_time"),
        "next_attempt_us": _time(d, "next_attempt_time"),
        "done_us": _time(d, "done_time"),
    }


def _show(value: dict[str, Any], text: str, args: argparse.Namespace, out: TextIO) -> None:
    if getattr(args, "json", False):
        write_json(value, out)
    else:
        out.write(text + "\n")


# -- commands --------------------------------------------------------------------------------


def notify_smtp(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    if args.smtp_action == "show":
        smtp = client.get_smtp()
    else:
        password: str | None = ""
        if args.password_file is not None:
            password = first_line(args.password_file, "--password-file")
        elif args.smtp_user:
            password = read_secret(PASSWORD_VARIABLE, f"SMTP password for {args.smtp_user}: ")
        smtp = client.set_smtp(
            args.host,
            args.port,
            args.sender,
            security=args.security,
            user=args.smtp_user,
            password=password,
            timeout_s=args.timeout,
            tls_ca_pem=None if args.ca_file is None else _read_text(args.ca_file, "--ca-file"),
        )
    value = smtp_json(smtp)
    if not smtp.configured:
        text = "SMTP is not configured"
    else:
        login = f" as {smtp.user} (password {'set' if smtp.password_set else 'not set'})"
        text = (
            f"{value['host']}:{value['port']} {value['security']}"
            f"{login if smtp.user else ''}, from {smtp.sender}, timeout {value['timeout_s']:g} s"
            + (", private trust" if smtp.tls_ca_set else "")
        )
    _show(value, text, args, out)


def notify_test_mail(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    result = client.send_test_mail(args.address)
    value = {"accepted": result.accepted, "reply": result.reply, "error": result.error}
    if result.accepted or args.json:
        _show(value, f"accepted: {result.reply}", args, out)
    if not result.accepted:
        raise FailedPrecondition(f"the test mail was not accepted: {result.error}")


def _recipient_line(r: notify_pb2.Recipient) -> list[str]:
    return [
        str(r.id),
        r.address,
        r.schedule or "always",
        "yes" if r.snapshot else "no",
        str(r.max_per_hour),
        "" if r.enabled else "disabled",
    ]


def notify_recipients(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    action = args.recipients_action
    if action == "list":
        recipients = client.list_recipients()
        if args.json:
            write_json({"recipients": [recipient_json(r) for r in recipients]}, out)
        elif not recipients:
            out.write("no e-mail recipients\n")
        else:
            headers = ["ID", "ADDRESS", "SCHEDULE", "SNAPSHOT", "PER HOUR", ""]
            out.write(format_table(headers, [_recipient_line(r) for r in recipients]) + "\n")
        return
    if action == "add":
        recipient = client.add_recipient(
            args.address,
            schedule=args.schedule,
            snapshot=args.snapshot,
            max_per_hour=args.max_per_hour,
        )
    elif action == "set":
        found = client.find_recipient(args.recipient)
        recipient = client.update_recipient(
            found.id,
            address=args.address,
            schedule=args.schedule,
            snapshot=args.snapshot,
            max_per_hour=args.max_per_hour,
            enabled=args.enabled,
        )
    else:
        found = client.find_recipient(args.recipient)
        client.remove_recipient(found.id)
        out.write(f"removed recipient {found.id} {found.address}\n")
        return
    _show(recipient_json(recipient), " ".join(_recipient_line(recipient)).strip(), args, out)


def notify_webhooks(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    action = args.webhooks_action
    if action == "list":
        webhooks = client.list_webhooks()
        if args.json:
            write_json({"webhooks": [webhook_json(w) for w in webhooks]}, out)
        elif not webhooks:
            out.write("no webhook endpoints\n")
        else:
            rows = [
                [str(w.id), w.url, "enabled" if w.enabled else f"disabled {w.disabled_reason}"]
                for w in webhooks
            ]
            out.write(format_table(["ID", "URL", "STATE"], rows) + "\n")
        return
    if action == "rm":
        client.remove_webhook(args.webhook)
        out.write(f"removed webhook endpoint {args.webhook}\n")
        return
    if action == "test":
        result = client.test_webhook(args.webhook)
        value = {
            "delivered": result.delivered,
            "status": result.status or None,
            "error": result.error,
            "message_id": result.message_id,
        }
        if result.delivered or args.json:
            text = f"delivered ({result.status}), webhook-id {result.message_id}"
            _show(value, text, args, out)
        if not result.delivered:
            raise FailedPrecondition(f"the test webhook was not delivered: {result.error}")
        return
    if action == "add":
        webhook = client.add_webhook(args.url, first_line(args.secret_file, "--secret-file"))
    else:
        secret = None
        if args.secret_file is not None:
            secret = first_line(args.secret_file, "--secret-file")
        webhook = client.update_webhook(
            args.webhook, url=args.url, secret=secret, enabled=args.enabled
        )
    state = "enabled" if webhook.enabled else "disabled"
    _show(webhook_json(webhook), f"{webhook.id} {webhook.url} {state}", args, out)


def notify_deliveries(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    deliveries = list(client.deliveries(args.states, limit=args.limit))
    if args.json:
        write_json({"deliveries": [delivery_json(d) for d in deliveries]}, out)
        return
    if not deliveries:
        out.write("no deliveries\n")
        return
    rows = []
    for d in deliveries:
        value = delivery_json(d)
        rows.append(
            [
                str(d.id),
                rfc3339_from_us(value["created_us"]),
                f"{value['channel']} {d.target_id}",
                value["state"],
                str(d.attempts),
                d.title,
                d.last_error,
            ]
        )
    headers = ["ID", "QUEUED", "TO", "STATE", "TRIES", "TITLE", "LAST ERROR"]
    out.write(format_table(headers, rows) + "\n")


def notify_retry(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    delivery = client.retry_delivery(args.delivery)
    _show(delivery_json(delivery), f"delivery {delivery.id} is pending again", args, out)


COMMANDS: Commands = {
    ("notify", "smtp"): notify_smtp,
    ("notify", "test-mail"): notify_test_mail,
    ("notify", "recipients"): notify_recipients,
    ("notify", "webhooks"): notify_webhooks,
    ("notify", "deliveries"): notify_deliveries,
    ("notify", "retry"): notify_retry,
}
