"""Uploaded videos: the ffmpeg job extracts duration and poster and makes a 360p rendition; the
lesson player offers it; captions are served as WebVTT; the admin warns about missing captions."""

import subprocess

import pytest
from django.urls import reverse

from courses.models import LessonCaption, LessonPage, VideoAsset
from courses.selectors import beacon_token

from .factories import FFMPEG, VTT, UserFactory, ffmpeg_missing, make_course, make_media

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(ffmpeg_missing(), reason=f"needs Debian's ffmpeg at {FFMPEG} (apt-get install ffmpeg)")]


def probe(path):
    out = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=height,codec_name", "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_upload_is_processed_by_the_celery_job(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        media = make_media(tmp_path, seconds=2)
    asset = VideoAsset.objects.get(media=media)
    assert asset.status == VideoAsset.Status.DONE, asset.error
    assert 1.8 <= asset.duration_seconds <= 2.3
    assert asset.poster.name.endswith(".jpg") and asset.poster.size > 0
    assert probe(asset.low_rendition.path).startswith("h264")
    media.refresh_from_db()
    assert media.duration == pytest.approx(asset.duration_seconds, abs=0.01)
    # saving the same file again does not queue the work again
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        media.title = "Đổi tên"
        media.save()
    assert callbacks == []


def test_lesson_player_offers_low_rendition_captions_and_server_duration(client, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        media = make_media(tmp_path)
    _course, lessons = make_course(lessons=[{"video": media, "completion_rule": LessonPage.CompletionRule.WATCH,
                                             "captions": [VTT], "transcript": "Xin chào"}])
    lesson = lessons[0]
    user = UserFactory()
    client.force_login(user)
    html = client.get(lesson.url).content.decode()
    asset = VideoAsset.objects.get(media=media)
    assert asset.low_rendition.url in html and "Tiết kiệm dữ liệu" in html
    assert 'kind="captions"' in html and "Xin chào" in html
    caption = LessonCaption.objects.get(lesson=lesson)
    vtt = client.get(reverse("courses:caption", args=[caption.pk]))
    assert vtt["Content-Type"].startswith("text/vtt") and vtt.content.decode().startswith("WEBVTT")
    # a client claiming a one-second video cannot shorten what must be watched
    import json
    client.post(reverse("courses:progress", args=[lesson.pk]), json.dumps(
        {"token": beacon_token(user.pk, lesson.pk), "seq": 0, "t": 1, "position": 0, "duration": 0.5}),
        content_type="text/plain")
    from courses.models import LessonProgress
    assert LessonProgress.objects.get(learner=user, lesson=lesson).duration_seconds == pytest.approx(
        asset.duration_seconds)


def test_broken_upload_is_marked_failed(tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    media = Media(title="Hỏng", type="video", duration=0)
    media.file.save("broken.mp4", ContentFile(b"not a video at all"), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        media.save()
    asset = VideoAsset.objects.get(media=media)
    assert asset.status == VideoAsset.Status.FAILED and asset.error


def test_admin_warns_when_a_video_lesson_has_no_captions(client, tmp_path):
    from django.contrib.auth import get_user_model

    _course, lessons = make_course(lessons=[
        {"youtube_url": "https://youtu.be/dQw4w9WgXcQ", "completion_rule": LessonPage.CompletionRule.WATCH},
        {"youtube_url": "https://youtu.be/dQw4w9WgXcQ", "completion_rule": LessonPage.CompletionRule.WATCH,
         "captions": [VTT]},
    ])
    admin = get_user_model().objects.create_superuser(email="admin@example.com", password="x")
    client.force_login(admin)
    without = client.get(reverse("wagtailadmin_pages:edit", args=[lessons[0].pk])).content.decode()
    with_captions = client.get(reverse("wagtailadmin_pages:edit", args=[lessons[1].pk])).content.decode()
    assert "chưa có phụ đề" in without
    assert "chưa có phụ đề" not in with_captions


def test_caption_validation():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        LessonCaption(language="vi", label="Tiếng Việt", text="không phải vtt").clean()
    with pytest.raises(ValidationError):
        LessonCaption(language="vi", label="Tiếng Việt", text="").clean()
