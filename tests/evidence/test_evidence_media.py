"""Media metadata and perceptual matching on fixtures made here with Pillow and FFmpeg.

Footage is simulated as scenes (smooth colour fields with shapes, like a still camera) held for
1.5 s each; copies are re-encoded, resized, cut down or trimmed, and unrelated media use other
scenes. ``evidence similar`` must find the copies and nothing else.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.evidence.media import describe, hamming

pytestmark = pytest.mark.slow


def _need_ffmpeg() -> None:
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("ffmpeg/ffprobe missing in CI: `make test` installs Debian's ffmpeg")
    pytest.skip("ffmpeg not installed")


def _scene(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    rng = np.random.default_rng(seed)
    small = (rng.random((6, 8, 3)) * 255).astype("uint8")
    img = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y, r = int(rng.integers(0, size[0])), int(rng.integers(0, size[1])), 10 + seed % 40
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    return img


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True, timeout=120)


def _video(out: Path, name: str, seeds: list[int]) -> Path:
    listing = out / f"{name}.txt"
    lines = []
    for s in seeds:
        _scene(s).save(out / f"scene{s}.png")
        lines.append(f"file 'scene{s}.png'\nduration 1.5\n")
    listing.write_text("".join(lines) + f"file 'scene{seeds[-1]}.png'\n")
    video = out / f"{name}.mp4"
    _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-vf", "fps=10,format=yuv420p",
            "-c:v", "libx264", str(video))  # fmt: skip
    return video


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _need_ffmpeg()
    out = tmp_path_factory.mktemp("media")
    src = _video(out, "footage", [1, 2, 3])
    _video(out, "other_footage", [21, 22, 23])
    small = out / "footage_small.mp4"
    _ffmpeg("-i", str(src), "-vf", "scale=160:120", "-crf", "35", str(small))
    cut = out / "footage_cut.mp4"
    _ffmpeg("-ss", "1.3", "-i", str(src), "-t", "2.2", str(cut))
    photo = out / "photo.png"
    _scene(7, (640, 480)).save(photo)
    with Image.open(photo) as img:
        img.resize((200, 150)).save(out / "photo_small.jpg", quality=60)
        img.crop((24, 18, 616, 462)).save(out / "photo_trimmed.jpg", quality=85)
    _scene(8, (640, 480)).save(out / "other_photo.png")
    files = {p.stem: p for p in out.iterdir() if p.suffix in {".mp4", ".png", ".jpg"}}
    return {k: v for k, v in files.items() if not k.startswith("scene")}


def test_video_metadata_from_ffprobe(media: dict[str, Path]) -> None:
    media_type, meta = describe(media["footage"])
    assert media_type == "video/mp4"
    assert meta["kind"] == "video" and meta["codecs"] == ["h264"]
    assert (meta["width"], meta["height"]) == (320, 240)
    assert 4.4 <= meta["duration_s"] <= 4.7
    assert 8 <= len(meta["pdq"]) <= 10  # 2 frames per second


def test_image_exif_time_camera_and_gps(tmp_path: Path) -> None:
    img = _scene(3)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "SimCam", "Model 1"
    exif[0x8769] = {36867: "2016:11:19 10:20:30"}
    exif[0x8825] = {1: "N", 2: (36.0, 12.0, 0.0), 3: "E", 4: (37.0, 9.0, 36.0)}
    path = tmp_path / "with_exif.jpg"
    img.save(path, exif=exif)
    media_type, meta = describe(path)
    assert media_type == "image/jpeg"
    assert meta["camera"] == "SimCam Model 1"
    assert meta["captured_at"] == "2016:11:19 10:20:30"
    assert meta["gps"] == {"lat": 36.2, "lon": 37.16}
    assert len(meta["pdq"]) == 1 and len(meta["pdq_crops"]) == 3


def test_pdq_is_stable_under_resize_and_far_for_other_images(media: dict[str, Path]) -> None:
    a = describe(media["photo"])[1]["pdq"][0]
    assert hamming(a, describe(media["photo_small"])[1]["pdq"][0]) <= 31
    assert hamming(a, describe(media["other_photo"])[1]["pdq"][0]) > 60


def test_evidence_similar_finds_copies_not_unrelated(
    backend: str, media: dict[str, Path], tmp_path: Path
) -> None:
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    assert runner.invoke(app, ["-w", ws, "init"]).exit_code == 0
    names = sorted(media)
    r = runner.invoke(app, ["-w", ws, "evidence", "add", *(str(media[n]) for n in names)])
    assert r.exit_code == 0, r.output
    item = {n: i + 1 for i, n in enumerate(names)}

    def similar(name: str) -> set[str]:
        res = runner.invoke(app, ["-w", ws, "evidence", "similar", str(item[name]), "--json"])
        assert res.exit_code == 0, res.output
        ids = {f["item_id"] for f in json.loads(res.stdout)}
        return {n for n, i in item.items() if i in ids}

    assert similar("footage") == {"footage_small", "footage_cut"}
    assert similar("footage_cut") == {"footage", "footage_small"}
    assert similar("photo") == {"photo_small", "photo_trimmed"}
    assert similar("other_footage") == set()
    assert similar("other_photo") == set()
    r = runner.invoke(app, ["-w", ws, "evidence", "verify"])
    assert r.exit_code == 0 and r.stdout.startswith(f"ok: {len(names)} items")
