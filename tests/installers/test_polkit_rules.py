"""The appliance's polkit rules (installers/polkit) decide as polkitd would.

The rules file is evaluated in node together with polkitd's own ``init.js`` (the
``Action``/``Subject`` constructors and ``polkit._runRules``), read out of the
installed polkitd binary, which embeds it; each case builds its action and subject
as polkitd does (``_detail_*`` keys for ``action.lookup``, ``subject.user``) and
asks ``polkit._runRules`` for the answer: "yes" or null (not handled, so polkit's
defaults apply).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

RULES = (
    Path(__file__).resolve().parents[2]
    / "installers/polkit/root/usr/share/polkit-1/rules.d/50-vedette.rules"
)
POLKITD = Path("/usr/lib/polkit-1/polkitd")

# Runs init.js, then the rules, in a context whose ``polkit`` object stands for the
# one polkitd creates natively (log, spawn, net groups are not used by our rules).
DRIVER = r"""
const vm = require("node:vm");
const fs = require("node:fs");
const [initJs, rulesPath] = [fs.readFileSync(0, "utf8"), process.argv[1]];
const cases = JSON.parse(process.env.POLKIT_CASES);
const context = vm.createContext({
  polkit: {
    log: () => {},
    spawn: () => { throw new Error("spawn is not expected"); },
    _userIsInNetGroup: () => false,
  },
});
vm.runInContext(initJs, context, { filename: "init.js" });
vm.runInContext(fs.readFileSync(rulesPath, "utf8"), context, { filename: rulesPath });
const results = cases.map(([id, details, user]) => {
  context.testCase = { id, details, user };
  return vm.runInContext(`(function () {
    const action = new Action();
    action.id = testCase.id;
    for (const [key, value] of Object.entries(testCase.details)) {
      action["_detail_" + key] = value;
    }
    const subject = new Subject();
    subject.user = testCase.user;
    subject.groups = [testCase.user];
    subject.pid = 4242;
    subject.seat = "";
    subject.session = "";
    subject.local = false;
    subject.active = false;
    return polkit._runRules(action, subject);
  })()`, context);
});
process.stdout.write(JSON.stringify(results));
"""


def polkit_init_js() -> str:
    """polkitd's init.js: the NUL-terminated string in its binary that defines _runRules."""
    data = POLKITD.read_bytes()
    marker = data.find(b"polkit._runRules = function")
    assert marker > 0, f"{POLKITD} does not embed init.js"
    start = data.rfind(b"\0", 0, marker) + 1
    return data[start : data.find(b"\0", marker)].decode()


def decide(*cases: tuple[str, dict[str, str], str]) -> list[str | None]:
    """polkit's answer to each (action id, action details, user name)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: make setup installs it (Debian package nodejs)")
    if not POLKITD.exists():
        pytest.skip("polkitd is not installed: make setup installs it (Debian package polkitd)")
    done = subprocess.run(
        [node, "-e", DRIVER, str(RULES)],
        input=polkit_init_js(),
        env={"POLKIT_CASES": json.dumps(cases)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[str | None] = json.loads(done.stdout)
    return results


ALLOWED_ACTIONS = (
    "org.freedesktop.timedate1.set-time",
    "org.freedesktop.timedate1.set-timezone",
    "org.freedesktop.timedate1.set-ntp",
    "org.freedesktop.login1.reboot",
    "org.freedesktop.login1.reboot-multiple-sessions",
    "org.freedesktop.login1.power-off",
    "org.freedesktop.login1.power-off-multiple-sessions",
    "org.freedesktop.NetworkManager.settings.modify.system",
    "org.freedesktop.NetworkManager.network-control",
)


def test_the_server_user_may_set_the_clock_restart_the_machine_and_set_the_network() -> None:
    answers = decide(*((action, {}, "vedette") for action in ALLOWED_ACTIONS))
    assert answers == ["yes"] * len(ALLOWED_ACTIONS)


def test_other_users_get_nothing_from_these_rules() -> None:
    cases: list[tuple[str, dict[str, str], str]] = [
        (action, {}, user) for action in ALLOWED_ACTIONS for user in ("vedette-kiosk", "root")
    ]
    cases.append(
        (
            "org.freedesktop.systemd1.manage-units",
            {"unit": "systemd-timesyncd.service", "verb": "restart"},
            "nobody",
        )
    )
    assert decide(*cases) == [None] * len(cases)


def test_the_server_user_may_restart_timesyncd_and_the_kiosk_only() -> None:
    manage = "org.freedesktop.systemd1.manage-units"
    assert decide(
        (manage, {"unit": "systemd-timesyncd.service", "verb": "restart"}, "vedette"),
        (manage, {"unit": "vedette-kiosk.service", "verb": "restart"}, "vedette"),
        (manage, {"unit": "vedette-kiosk.service", "verb": "stop"}, "vedette"),
        (manage, {"unit": "systemd-timesyncd.service", "verb": "start"}, "vedette"),
        (manage, {"unit": "ssh.service", "verb": "restart"}, "vedette"),
        (manage, {"unit": "vedette-upgrade.service", "verb": "restart"}, "vedette"),
        (manage, {}, "vedette"),  # no unit named: systemd's own checks
    ) == ["yes", "yes", None, None, None, None, None]


def test_other_actions_of_the_server_user_are_not_handled() -> None:
    assert (
        decide(
            ("org.freedesktop.login1.suspend", {}, "vedette"),
            ("org.freedesktop.login1.reboot-ignore-inhibit", {}, "vedette"),
            ("org.freedesktop.hostname1.set-hostname", {}, "vedette"),
            ("org.freedesktop.NetworkManager.settings.modify.own", {}, "vedette"),
            ("org.freedesktop.systemd1.manage-unit-files", {}, "vedette"),
        )
        == [None] * 5
    )
