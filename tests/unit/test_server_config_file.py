"""``vedette-server run --config FILE`` (the Debian package's /etc/vedette/server.toml)
and ``init --if-needed`` (its service's ExecStartPre).

The file's keys are the run options' long names; the command line wins; an unknown key
or a value of the wrong type stops the server naming the file and the key.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.bytecode import environment
from tests.support.server_process import init_data_dir

from vedette_server.cli import build_parser, main
from vedette_server.datadir import DataDir
from vedette_server.recording.camera_state_log import CameraStateTimings
from vedette_server.run_config import ConfigFileError, parse_with_config

PACKAGED_CONFIG = Path(__file__).resolve().parents[2] / "installers/debian/server.toml"


def parse(tmp_path: Path, toml: str, *command_line: str) -> argparse.Namespace:
    config = tmp_path / "server.toml"
    config.write_text(toml)
    argv = ["run", "--data", str(tmp_path), "--config", str(config), *command_line]
    return parse_with_config(build_parser(), argv, config)


def test_the_file_gives_each_option_by_its_long_name_in_its_own_type(tmp_path: Path) -> None:
    args = parse(
        tmp_path,
        """
        listen = "0.0.0.0:6036"
        local-socket-group = "vedette-console"
        host-control = "systemd"
        insecure = true
        segment-seconds = 30
        cameras-per-worker = 2
        rtsp-client = "ffmpeg"
        camera-state-seconds = "10,5,15"
        export-root = ["usb=/media/usb0"]
        """,
    )
    assert args.listen == "0.0.0.0:6036"
    assert args.local_socket_group == "vedette-console"
    assert args.host_control == "systemd"
    assert args.insecure is True
    assert args.segment_seconds == 30.0 and isinstance(args.segment_seconds, float)
    assert args.cameras_per_worker == 2
    assert args.rtsp_client == "ffmpeg"
    assert args.camera_state_seconds == CameraStateTimings(10.0, 5.0, 15.0)
    assert args.export_root == ["usb=/media/usb0"]
    assert args.data == str(tmp_path)  # the command line's


def test_the_command_line_wins_and_what_neither_gives_keeps_its_default(tmp_path: Path) -> None:
    args = parse(
        tmp_path,
        'listen = "0.0.0.0:6036"\nhost-control = "systemd"\nexport-root = ["a=/x"]\n',
        "--listen", "127.0.0.1:7000", "--export-root", "b=/y",
    )  # fmt: skip
    assert args.listen == "127.0.0.1:7000"
    assert args.host_control == "systemd"
    assert args.export_root == ["a=/x", "b=/y"]  # a repeatable option adds up
    assert args.fsync_seconds == 1.5


@pytest.mark.parametrize(
    ("toml", "key", "why"),
    [
        ('listne = "0.0.0.0"', "listne", "is not a run option"),
        ("verbose = true", "verbose", "is not a run option"),  # vedette-server's, not run's
        ('data = "/srv"', "data", "is given on the command line"),
        ('config = "/etc/x.toml"', "config", "is given on the command line"),
        ("listen = 6036", "listen", "must be a string"),
        ('insecure = "yes"', "insecure", "must be true or false"),
        ('segment-seconds = "30"', "segment-seconds", "must be a number"),
        ("segment-seconds = true", "segment-seconds", "must be a number"),
        ("cameras-per-worker = 2.5", "cameras-per-worker", "must be a whole number"),
        ('rtsp-client = "vlc"', "rtsp-client", "must be one of native, ffmpeg"),
        ('export-root = "usb=/media"', "export-root", "must be a list of strings"),
        ("export-root = [1]", "export-root", "must be a string"),
        ('camera-state-seconds = "soon"', "camera-state-seconds", "is not GRACE,DOWN,UP"),
        ('[listen]\nhost = "x"', "listen", "must be a string"),
    ],
)
def test_a_wrong_key_or_value_is_refused_naming_the_key(
    tmp_path: Path, toml: str, key: str, why: str
) -> None:
    with pytest.raises(ConfigFileError) as refused:
        parse(tmp_path, toml)
    assert f"key {key!r}" in str(refused.value)
    assert why in str(refused.value)
    assert str(tmp_path / "server.toml") in str(refused.value)


def test_a_file_that_is_missing_or_not_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="cannot read"):
        parse_with_config(build_parser(), [], tmp_path / "absent.toml")
    with pytest.raises(ConfigFileError, match="is not TOML"):
        parse(tmp_path, "listen = 0.0.0.0\n")


def test_the_server_stops_before_starting_with_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "server.toml"
    config.write_text("listen = 6036\n")
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--data", str(tmp_path), "--config", str(config)])
    assert str(stopped.value) == (
        f"vedette-server: --config: {config}: key 'listen': must be a string"
    )


def test_the_packaged_file_parses_and_every_example_in_it_is_a_run_option(
    tmp_path: Path,
) -> None:
    """/etc/vedette/server.toml ships with its keys commented out: as shipped it changes
    nothing, and each example, uncommented, is accepted."""
    text = PACKAGED_CONFIG.read_text()
    assert parse(tmp_path, text).listen == "127.0.0.1"
    examples = [line[2:] for line in text.splitlines() if line.startswith("# ") and " = " in line]
    assert len(examples) >= 4
    parse(tmp_path, "\n".join(examples))


def test_init_if_needed_leaves_an_initialised_directory_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert init_data_dir(data).returncode == 0
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data.iterdir())

    def init(directory: Path, *flags: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(directory)]
        return subprocess.run(
            [*argv, "--no-admin", *flags],
            env=environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    again = init(data, "--if-needed")
    assert again.returncode == 0, again.stderr
    assert sorted((p.name, p.stat().st_mtime_ns) for p in data.iterdir()) == before
    plain = init(data)
    assert plain.returncode == 1 and "already initialised" in plain.stderr
    # A directory never initialised is initialised by --if-needed, as by plain init.
    fresh = tmp_path / "fresh"
    first = init(fresh, "--if-needed")
    assert first.returncode == 0, first.stderr
    assert DataDir(fresh).is_initialized()
