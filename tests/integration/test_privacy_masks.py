"""Privacy masks and watermark (CAM-10, CAM-11, PLAY-08) on a real server recording a
real camsim camera: a user without the unmasked right gets exports, snapshots and
thumbnails with the mask black in the decoded pictures; an administrator gets the
original pixels; the watermark is burnt in on request and named by the signed
manifest, which ``verify`` accepts; the native format is refused to the masked user.

camsim sends 640x360 with AAC audio so the re-encoding stays small; the mask is the
bottom-left quarter of the picture (camsim's texture there is never near black).
"""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest

from tests.support.camsim_process import start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.evidence import verify
from vedette_api.timestamps import now_us
from vedette_api.v1 import cameras_pb2, export_pb2
from vedette_server.images.burn_in import watermark_stamp

pytestmark = pytest.mark.interop
S = 1_000_000
WIDTH, HEIGHT = 640, 360
MASK = cameras_pb2.PrivacyMask(x=0.0, y=0.5, width=0.5, height=0.5)
TEXT = "SITE 7"
PASSWORD = "Masks-Test-2026!"
BACKUP_PASSPHRASE = "masks backup passphrase 2026"
#: Luma of limited-range black after lossy coding, and a floor camsim's picture is above.
BLACK_MAX, PICTURE_MIN = 24, 40


@dataclass
class Setup:
    server: ServerProcess
    camera_id: int
    start_us: int

    def admin(self) -> Client:
        return self.server.client()

    def operator(self) -> Client:
        return Client.connect(
            self.server.address,
            username="operator",
            password=PASSWORD,
            known_servers_path=self.server.known_servers,
        )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    tmp = tmp_path_factory.mktemp("masks")
    camsim = start_camsim("--main", f"{WIDTH}x{HEIGHT}", "--sub", "none", "--audio")
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, tmp / "known.json", "--segment-seconds", "3")
    try:
        with server.client() as admin:
            camera = admin.create_camera(
                "Yard",
                camsim.url("cam1", "main"),
                privacy_masks=[MASK],
                watermark=cameras_pb2.Watermark(enabled=True, text=TEXT),
            )
            rights = {"live": [camera.id], "playback": [camera.id], "export": [camera.id]}
            group = admin.create_group("masked", remote_rights=make_rights((), rights))
            admin.create_user("operator", PASSWORD, group_id=group.id)

            def start() -> int | None:
                (line,) = admin.get_timeline([camera.id], 0, now_us() + 60 * S)
                if line.runs and now_us() - line.runs[0].start_time.ToMicroseconds() > 7 * S:
                    return int(line.runs[0].start_time.ToMicroseconds())
                return None

            first = wait_for(start, 90, "7 s of recording")
        yield Setup(server, camera.id, first)
    finally:
        server.stop()
        camsim.stop()


def lumas(path: Path) -> list[np.ndarray]:
    """Every decoded picture's luma plane (gray), in order."""
    with av.open(str(path), "r") as container:
        return [f.to_ndarray(format="gray") for f in container.decode(video=0)]


def frame_times(path: Path) -> list[float]:
    with av.open(str(path), "r") as container:
        stream = container.streams.video[0]
        assert stream.time_base is not None
        return [float((f.pts or 0) * stream.time_base) for f in container.decode(stream)]


def masked_area(luma: np.ndarray) -> np.ndarray:
    """The mask's pixels, 4 px in from its edges (compression may bleed across)."""
    h, w = luma.shape
    return luma[h // 2 + 4 : h - 4, 4 : w // 2 - 4]


def open_area(luma: np.ndarray) -> np.ndarray:
    """The unmasked bottom-right quarter but its watermark corner."""
    h, w = luma.shape
    return luma[h // 2 + 4 : h - h // 4, w // 2 + 4 : w - w // 3]


def ffprobe_streams(path: Path) -> list[str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return sorted(s["codec_name"] for s in json.loads(out.stdout)["streams"])


def signed_manifest(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".vsig").read_bytes())["manifest"]


def decode_jpeg(data: bytes) -> np.ndarray:
    with av.open(io.BytesIO(data), "r", format="image2pipe") as container:
        return next(container.decode(video=0)).to_ndarray(format="gray")


def test_bad_masks_and_watermarks_are_refused_and_good_ones_read_back(setup: Setup) -> None:
    box = cameras_pb2.PrivacyMask
    with setup.admin() as admin:
        for masks, words in (
            ([box(x=0, y=0, width=0.1, height=0.1)] * 5, "at most 4"),
            ([box(x=0.8, y=0, width=0.3, height=0.1)], "outside the picture"),
            ([box(x=0.1, y=0.1, width=0.0, height=0.2)], "zero size"),
            ([box(x=-0.1, y=0, width=0.1, height=0.1)], "0 to 1"),
        ):
            with pytest.raises(errors.InvalidArgument, match=words):
                admin.update_camera(setup.camera_id, privacy_masks=masks)
        for text, words in (("Site-7", "only letters"), ("", "required"), ("x" * 16, "15")):
            with pytest.raises(errors.InvalidArgument, match=words):
                admin.update_camera(
                    setup.camera_id, watermark=cameras_pb2.Watermark(enabled=True, text=text)
                )
        camera = admin.get_camera(setup.camera_id)
        assert list(camera.privacy_masks) == [MASK]  # nothing refused was stored
        assert (camera.watermark.enabled, camera.watermark.text) == (True, TEXT)


def test_a_user_without_the_right_exports_masked_video_with_the_watermark(
    setup: Setup, tmp_path: Path
) -> None:
    t0, t1 = setup.start_us + 1 * S, setup.start_us + 5 * S
    masked, original = tmp_path / "masked.mp4", tmp_path / "original.mp4"
    with setup.operator() as operator:
        operator.export_to_file(setup.camera_id, t0, t1, masked, burn_watermark=True)
    with setup.admin() as admin:
        admin.export_to_file(setup.camera_id, t0, t1, original)
    assert ffprobe_streams(masked) == ["aac", "h264"]  # valid, audio kept
    seen, plain = lumas(masked), lumas(original)
    assert len(seen) == len(plain) > 20
    for luma in seen:
        assert masked_area(luma).max() <= BLACK_MAX
        assert open_area(luma).mean() > PICTURE_MIN
    for luma in plain:  # the administrator sees through the mask
        assert masked_area(luma).mean() > PICTURE_MIN
    assert frame_times(masked) == pytest.approx(frame_times(original), abs=0.002)
    stamp = watermark_stamp(TEXT, WIDTH, HEIGHT)
    h, w = stamp.fill.shape
    for luma, before in ((seen[0], plain[0]), (seen[-1], plain[-1])):
        block = luma[stamp.top : stamp.top + h, stamp.left : stamp.left + w].astype(int)
        plain_block = before[stamp.top : stamp.top + h, stamp.left : stamp.left + w].astype(int)
        assert block[stamp.fill].mean() - block[stamp.edge].mean() > 120  # white on black
        assert abs(plain_block[stamp.fill].mean() - plain_block[stamp.edge].mean()) < 60
    manifest = signed_manifest(masked)
    assert (manifest["privacy_masks"], manifest["watermark"]) == (1, TEXT)
    verdict = verify(masked)
    assert verdict.intact
    assert [line.split(": ", 1)[1] for line in verdict.burnt_in] == [
        f"re-encoded, 1 privacy mask(s) burnt in, watermark {TEXT!r} burnt in"
    ]
    assert "privacy_masks" not in signed_manifest(original)
    assert verify(original).burnt_in == []


def test_export_tasks_mask_and_the_native_format_is_refused_to_the_masked_user(
    setup: Setup, tmp_path: Path
) -> None:
    item = (setup.camera_id, setup.start_us + 1 * S, setup.start_us + 4 * S)
    with setup.operator() as operator:
        with pytest.raises(errors.FailedPrecondition, match="native export cannot be masked"):
            operator.create_export_task(items=[item], export_format="native")
        task = operator.create_export_task(items=[item], export_format="mkv")
        done = operator.wait_for_export_task(task.id, timeout_s=120)
        assert done.state == export_pb2.EXPORT_TASK_STATE_DONE, done.error
        files = operator.download_export(done, tmp_path)
    (video,) = [f for f in files if f.suffix == ".mkv"]
    assert all(masked_area(luma).max() <= BLACK_MAX for luma in lumas(video))
    assert signed_manifest(video)["privacy_masks"] == 1
    assert "watermark" not in signed_manifest(video)  # not asked for
    folder = json.loads((tmp_path / "manifest.vsig").read_bytes())["manifest"]
    assert folder["burnt_in"] == {video.name: {"privacy_masks": 1, "reencoded": True}}
    assert verify(tmp_path).intact
    with setup.admin() as admin:  # the right: a native export is the recording itself
        task = admin.create_export_task(items=[item], export_format="native")
        done = admin.wait_for_export_task(task.id, timeout_s=120)
        assert done.state == export_pb2.EXPORT_TASK_STATE_DONE, done.error


def test_snapshots_and_thumbnails_are_masked_for_the_user_without_the_right(
    setup: Setup,
) -> None:
    instant = setup.start_us + 3 * S
    with setup.admin() as admin:
        shot = admin.take_snapshot(setup.camera_id, instant)
        stored = admin.get_snapshot(shot.id)[1]
        (thumb,) = admin.thumbnails_at([setup.camera_id], [instant], max_width=WIDTH)
    assert masked_area(decode_jpeg(stored)).mean() > PICTURE_MIN
    assert masked_area(decode_jpeg(thumb.jpeg)).mean() > PICTURE_MIN
    with setup.operator() as operator:
        _, seen = operator.get_snapshot(shot.id)
        (small,) = operator.thumbnails_at([setup.camera_id], [instant], max_width=WIDTH)
        exported = operator.export_snapshots([shot.id])
    for jpeg in (seen, small.jpeg):  # the cache kept the administrator's apart
        luma = decode_jpeg(jpeg)
        assert masked_area(luma).max() <= BLACK_MAX
        assert open_area(luma).mean() > PICTURE_MIN
    folder = Path(exported.folder)
    (picture,) = folder.glob("*.jpg")
    assert masked_area(decode_jpeg(picture.read_bytes())).max() <= BLACK_MAX
    assert verify(folder).intact  # the manifest covers the masked bytes exported
    manifest = json.loads((folder / "manifest.vsig").read_bytes())["manifest"]
    assert manifest["snapshots"][0]["privacy_masks"] == 1
    with setup.admin() as admin:  # the stored snapshot is still the original
        assert admin.get_snapshot(shot.id)[1] == stored


def test_the_configuration_backup_carries_masks_and_watermark(setup: Setup) -> None:
    with setup.admin() as admin:
        exported = admin.export_config(BACKUP_PASSPHRASE)
        admin.update_camera(
            setup.camera_id,
            privacy_masks=[],
            watermark=cameras_pb2.Watermark(enabled=False, text=""),
        )
        assert not admin.get_camera(setup.camera_id).privacy_masks
        preview = admin.preview_config_import(exported.data, BACKUP_PASSPHRASE)
        changed = [c for c in preview.changes if c.kind == "camera" and c.name == "Yard"]
        assert {"privacy_masks", "watermark"} <= set(changed[0].fields)
        admin.import_config(exported.data, BACKUP_PASSPHRASE)
        camera = admin.get_camera(setup.camera_id)
    assert list(camera.privacy_masks) == [MASK]
    assert (camera.watermark.enabled, camera.watermark.text) == (True, TEXT)
