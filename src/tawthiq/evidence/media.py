"""What a file says about itself: media type, capture time, place, duration, and its look.

Why: an investigator needs to know when and where footage was taken and whether two uploads are
the same material. Metadata comes from real tools, never guessed: Pillow for images (EXIF
capture time, camera, GPS), ``ffprobe`` from FFmpeg for video and audio (duration, codecs,
creation time, location tag). The *look* is a PDQ perceptual hash (Meta's open algorithm, via
``pdqhash``): 256 bits that change little under re-encoding, resizing and small crops, so a
Hamming distance of at most :data:`PDQ_MATCH_BITS` means "the same picture". Videos get one PDQ
hash per sampled frame (``ffmpeg``), so re-encodes and cut-downs of the same footage match.

Everything here reads files only; it never changes them. A missing ``ffprobe`` is reported in
the metadata (``"tools"``) instead of failing the addition of evidence.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "PDQ_MATCH_BITS",
    "describe",
    "hamming",
    "pdq_image",
    "similarity",
]

PDQ_MATCH_BITS = 31  # the threshold the PDQ authors recommend for "same image"
CROPS = (0.95, 0.9, 0.85)  # centre crops hashed too, so a trimmed copy still matches
VIDEO_FPS = 2.0  # frames sampled per second of video for its perceptual hashes...
VIDEO_FRAMES = 64  # ...but at most this many (long videos are sampled more sparsely)
FFMPEG_TIMEOUT = 120

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881


def _image_metadata(path: Path) -> dict[str, Any] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.load()
            meta: dict[str, Any] = {
                "kind": "image",
                "format": img.format,
                "width": img.width,
                "height": img.height,
            }
            exif = img.getexif()
            if exif:
                meta.update(_exif(exif))
            meta["pdq"] = [pdq_image(img)]
            meta["pdq_crops"] = [pdq_image(_center_crop(img, f)) for f in CROPS]
            return meta
    except (UnidentifiedImageError, OSError):
        return None


def _degrees(dms: Any, ref: Any) -> float | None:
    try:
        d, m, s = (float(x) for x in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    return round(-value if str(ref).upper() in {"S", "W"} else value, 7)


def _exif(exif: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    camera = " ".join(str(exif.get(t, "")).strip() for t in (271, 272)).strip()  # Make, Model
    if camera:
        out["camera"] = camera
    sub = exif.get_ifd(_EXIF_IFD)
    taken = sub.get(_DATETIME_ORIGINAL) or exif.get(306)  # DateTimeOriginal, else DateTime
    if taken:
        out["captured_at"] = str(taken).strip()
        if sub.get(_OFFSET_TIME_ORIGINAL):
            out["captured_offset"] = str(sub[_OFFSET_TIME_ORIGINAL]).strip()
    gps = exif.get_ifd(_GPS_IFD)
    if gps and 2 in gps and 4 in gps:
        lat, lon = _degrees(gps[2], gps.get(1)), _degrees(gps[4], gps.get(3))
        if lat is not None and lon is not None:
            out["gps"] = {"lat": lat, "lon": lon}
    return out


def _center_crop(img: Any, keep: float) -> Any:
    w, h = img.size
    dw, dh = int(w * (1 - keep) / 2), int(h * (1 - keep) / 2)
    return img.crop((dw, dh, w - dw, h - dh))


def pdq_image(img: Any) -> str:
    """The PDQ hash of a Pillow image as 64 hex digits."""
    import pdqhash

    rgb = np.asarray(img.convert("RGB"))
    bits, _quality = pdqhash.compute(rgb)
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def _ffprobe(path: Path) -> dict[str, Any] | None:
    tool = shutil.which("ffprobe")
    if tool is None:
        return None
    cmd = [tool, "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
    try:
        done = subprocess.run(
            [*cmd, str(path)], capture_output=True, timeout=FFMPEG_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    probe: dict[str, Any] = json.loads(done.stdout or b"{}")
    return probe


def _av_metadata(path: Path, probe: dict[str, Any]) -> dict[str, Any] | None:
    streams = probe.get("streams") or []
    fmt = probe.get("format") or {}
    video = [s for s in streams if s.get("codec_type") == "video"]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if not video and not audio:
        return None
    tags = {str(k).lower(): v for k, v in (fmt.get("tags") or {}).items()}
    meta: dict[str, Any] = {
        "kind": "video" if video else "audio",
        "container": fmt.get("format_name"),
        "duration_s": round(float(fmt["duration"]), 3) if fmt.get("duration") else None,
        "codecs": sorted({str(s.get("codec_name")) for s in video + audio}),
    }
    if video:
        meta["width"], meta["height"] = video[0].get("width"), video[0].get("height")
    if tags.get("creation_time"):
        meta["captured_at"] = tags["creation_time"]
    location = tags.get("location") or tags.get("com.apple.quicktime.location.iso6709")
    if location:
        meta["location"] = location
    if video:
        meta["pdq"] = _video_pdq(path, meta.get("duration_s"))
    return meta


def _video_pdq(path: Path, duration: float | None) -> list[str]:
    """PDQ hashes of frames sampled at VIDEO_FPS (fewer per second for long videos).

    A fixed rate, not a fixed count, so that a cut-down clip is sampled as densely as its
    source and their frames line up.
    """
    from PIL import Image

    tool = shutil.which("ffmpeg")
    if tool is None:
        return []
    rate = VIDEO_FPS
    if duration and duration * rate > VIDEO_FRAMES:
        rate = VIDEO_FRAMES / duration
    with tempfile.TemporaryDirectory(prefix="tawthiq-frames-") as tmp:
        cmd = [
            tool, "-v", "error", "-i", str(path), "-vf", f"fps={rate:.6f},scale=256:-2",
            "-frames:v", str(VIDEO_FRAMES), str(Path(tmp) / "f%03d.png"),
        ]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return []
        hashes = []
        for frame in sorted(Path(tmp).glob("f*.png")):
            with Image.open(frame) as img:
                hashes.append(pdq_image(img))
        return hashes


def describe(path: Path) -> tuple[str | None, dict[str, Any]]:
    """The media type and metadata of ``path``; metadata says which tools were missing."""
    guessed, _ = mimetypes.guess_type(path.name)
    meta = _image_metadata(path)
    if meta is not None:
        fmt = str(meta.get("format") or "").lower()
        return (f"image/{fmt}" if fmt else guessed), meta
    probe = _ffprobe(path)
    if probe is None:
        missing = shutil.which("ffprobe") is None
        return guessed, ({"tools": {"ffprobe": "not installed"}} if missing else {})
    av = _av_metadata(path, probe)
    if av is None:
        return guessed, {}
    if guessed is None or guessed.split("/")[0] not in {"video", "audio"}:
        guessed = f"{av['kind']}/{str(av.get('container') or '').split(',')[0] or 'unknown'}"
    return guessed, av


def hamming(a: str, b: str) -> int:
    """Bits that differ between two PDQ hashes (hex)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def similarity(
    a: list[str], b: list[str], a_crops: list[str] | None = None, b_crops: list[str] | None = None
) -> tuple[float, int] | None:
    """How much of the shorter set of frames has a match in the other; and the best distance.

    ``a``/``b`` are the frame hashes (one for an image); ``*_crops`` the hashes of an image's
    centre crops, so that an image trimmed by up to about 15 % still matches its original. For
    two images the score is 1.0 or 0.0; for videos it is the share of sampled frames of one that
    are within :data:`PDQ_MATCH_BITS` of some frame of the other (a cut-down clip scores high
    against its source). None when either has no hashes.
    """
    if not a or not b:
        return None
    (short, short_crops), (long_, long_crops) = sorted(
        [(a, a_crops or []), (b, b_crops or [])], key=lambda look: len(look[0])
    )
    targets = long_ + long_crops
    best = []
    for x in short:
        own = [x, *short_crops] if len(short) == 1 else [x]
        best.append(min(hamming(c, y) for c in own for y in targets))
    matched = sum(1 for d in best if d <= PDQ_MATCH_BITS)
    return matched / len(short), min(best)
