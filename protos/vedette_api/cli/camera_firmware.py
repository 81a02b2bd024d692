"""``vedette cameras firmware CAMERA FILE [CAMERA…] [--json]``: upgrade the firmware of
ONVIF cameras (CAM-07) with one file, one camera after the other.

Each camera's progress and outcome are printed as the server reports them; the
outcome is what the camera says once it answers again. The command fails when a
camera was not upgraded (refused the file, could not be reached, or still reports
its old version); the others are still tried.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from vedette_api.cli.io import Commands, write_json
from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.v1 import cameras_pb2


def add_actions(actions: Any) -> None:
    firmware = actions.add_parser(
        "firmware", help="upgrade the firmware of ONVIF cameras (one after the other)"
    )
    firmware.add_argument("camera", metavar="CAMERA", help="camera id or name")
    firmware.add_argument("file", type=Path, metavar="FILE", help="the firmware file")
    firmware.add_argument(
        "more", nargs="*", metavar="CAMERA", help="more cameras to upgrade with the same file"
    )
    firmware.add_argument("--json", action="store_true", help="machine-readable output")


def _upgrade_one(
    client: Client, ref: str, file: Path, out: TextIO, json_output: bool
) -> dict[str, Any]:
    """Upgrade one camera; its outcome (a failure is an outcome, not an exception)."""
    result: dict[str, Any] = {"camera": ref, "upgraded": False}
    try:
        camera = client.find_camera(ref)
        result.update(camera=camera.name, camera_id=camera.id)

        def show(message: cameras_pb2.UpgradeCameraFirmwareResponse) -> None:
            if not json_output:
                out.write(f"camera {camera.name}: {message.message}\n")
                out.flush()

        done = client.upgrade_camera_firmware(camera.id, file, progress=show)
    except VedetteError as error:
        result["error"] = str(error)
        if not json_output:
            out.write(f"camera {result['camera']}: not upgraded: {error}\n")
        return result
    result.update(
        upgraded=done.upgraded,
        firmware_before=done.firmware_before,
        firmware_after=done.firmware_after,
        message=done.message,
    )
    return result


def cameras_firmware(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    refs = list(dict.fromkeys([args.camera, *args.more]))
    results = [_upgrade_one(client, ref, args.file, out, args.json) for ref in refs]
    if args.json:
        write_json({"results": results}, out)
    failed = [r for r in results if not r["upgraded"]]
    if failed:
        raise VedetteError(f"{len(failed)} of {len(results)} cameras were not upgraded")


COMMANDS: Commands = {("cameras", "firmware"): cameras_firmware}
