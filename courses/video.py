"""ffmpeg/ffprobe work on uploaded videos (Debian's ffmpeg package): duration, a poster frame and
a 360p rendition of about 300 kbit/s H.264/AAC for slow or metered connections."""

import json
import os
import shutil
import subprocess
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

FFMPEG = os.environ.get("FFMPEG_PATH", "/usr/bin/ffmpeg")
FFPROBE = os.environ.get("FFPROBE_PATH", "/usr/bin/ffprobe")
TIMEOUT = 30 * 60


def ffmpeg_available() -> bool:
    return bool(shutil.which(FFMPEG) and shutil.which(FFPROBE))


def probe_duration(path: str) -> float:
    out = subprocess.run([FFPROBE, "-v", "error", "-show_entries", "format=duration", "-of", "json", path],
                         capture_output=True, text=True, check=True, timeout=120)
    return float(json.loads(out.stdout)["format"]["duration"])


def make_poster(path: str, out: str, duration: float):
    at = min(1.0, duration / 2) if duration else 0
    subprocess.run([FFMPEG, "-v", "error", "-y", "-ss", f"{at:.2f}", "-i", path, "-frames:v", "1",
                    "-vf", "scale=-2:360", "-q:v", "4", out], check=True, timeout=300, capture_output=True)


def make_low_rendition(path: str, out: str):
    subprocess.run([
        FFMPEG, "-v", "error", "-y", "-i", path,
        "-vf", "scale=-2:'min(360,ih)'", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
        "-b:v", "300k", "-maxrate", "330k", "-bufsize", "600k", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-movflags", "+faststart", out,
    ], check=True, timeout=TIMEOUT, capture_output=True)


def process_media(media_id: int):
    from wagtailmedia.models import get_media_model

    from .models import VideoAsset

    Media = get_media_model()
    media = Media.objects.filter(pk=media_id, type="video").first()
    if media is None or not media.file:
        return None
    asset, _created = VideoAsset.objects.get_or_create(media=media)
    if asset.status == VideoAsset.Status.DONE and asset.source_name == media.file.name:
        return asset
    if not ffmpeg_available():
        asset.status, asset.error = VideoAsset.Status.FAILED, f"ffmpeg not found at {FFMPEG}"
        asset.save()
        return asset
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "source" + os.path.splitext(media.file.name)[1])
        with media.file.open("rb") as src, open(source, "wb") as dst:
            shutil.copyfileobj(src, dst)
        try:
            duration = probe_duration(source)
            poster, low = os.path.join(tmp, "poster.jpg"), os.path.join(tmp, "low.mp4")
            make_poster(source, poster, duration)
            make_low_rendition(source, low)
        except (subprocess.SubprocessError, ValueError, KeyError, OSError) as error:
            detail = getattr(error, "stderr", b"") or b""
            asset.status = VideoAsset.Status.FAILED
            asset.error = f"{error} {detail.decode(errors='replace') if isinstance(detail, bytes) else detail}"[:2000]
            asset.save()
            return asset
        stem = f"media-{media.pk}"
        with transaction.atomic():
            if asset.poster:
                asset.poster.delete(save=False)
            if asset.low_rendition:
                asset.low_rendition.delete(save=False)
            with open(poster, "rb") as handle:
                asset.poster.save(f"{stem}.jpg", File(handle), save=False)
            with open(low, "rb") as handle:
                asset.low_rendition.save(f"{stem}-360p.mp4", File(handle), save=False)
            asset.low_size_bytes = os.path.getsize(low)
            asset.duration_seconds = duration
            asset.source_name = media.file.name
            asset.status, asset.error, asset.processed_at = VideoAsset.Status.DONE, "", timezone.now()
            asset.save()
            # wagtailmedia shows the duration in its own admin too.
            Media.objects.filter(pk=media.pk).update(duration=round(duration, 2))
    return asset


def media_saved(sender, instance, **kwargs):
    """post_save of wagtailmedia's Media: queue processing of a new or replaced video file."""
    if instance.type != "video" or not instance.file:
        return
    from .models import VideoAsset
    from .tasks import process_video

    asset = VideoAsset.objects.filter(media=instance).only("source_name", "status").first()
    if asset and asset.source_name == instance.file.name and asset.status == VideoAsset.Status.DONE:
        return
    transaction.on_commit(lambda: process_video.delay(instance.pk))
