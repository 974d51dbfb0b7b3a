import os
import shutil
import subprocess

from django.core.files import File
from wagtail.models import Locale, Site

from accounts.models import AudienceGroup
from courses.models import CourseAudience, CourseIndexPage, CoursePage, LessonCaption, LessonPage
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory, UserFactory  # noqa: F401

FFMPEG = "/usr/bin/ffmpeg"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nXin chào, đây là bài học thử.\n"


def ffmpeg_missing():
    return not shutil.which(FFMPEG)


def make_video_file(path, seconds=2):
    """A real little MP4 (test pattern + tone) made by Debian's ffmpeg."""
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=320x240:rate=15:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)], check=True, capture_output=True)
    return path


def make_media(tmp_path, title="Video thử", seconds=2):
    from wagtailmedia.models import get_media_model

    path = make_video_file(os.path.join(tmp_path, "lesson.mp4"), seconds)
    Media = get_media_model()
    media = Media(title=title, type="video", duration=0)
    with open(path, "rb") as handle:
        media.file.save("lesson.mp4", File(handle), save=False)
    media.save()
    return media


def course_index():
    root = Site.objects.get(is_default_site=True).root_page
    index = CourseIndexPage.objects.filter(slug="khoa-hoc").first()
    if index is None:
        index = root.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc",
                                                        locale=Locale.objects.get(language_code="vi")))
    return index


def make_course(title="Kỹ năng số cơ bản", slug="ky-nang-so", lessons=(), audiences=(AudienceGroup.OTHER_ADULT,),
                **fields):
    """lessons: list of dicts of LessonPage fields (title, completion_rule, video, ...)."""
    course = CoursePage(title=title, slug=slug, summary="Tóm tắt khóa học.", **fields)
    for group in audiences:
        course.audiences.add(CourseAudience(group=group))
    course_index().add_child(instance=course)
    made = []
    for number, spec in enumerate(lessons, start=1):
        spec = dict(spec)
        captions = spec.pop("captions", [])
        spec.setdefault("title", f"Bài {number}")
        spec.setdefault("slug", f"bai-{number}")
        spec.setdefault("completion_rule", LessonPage.CompletionRule.READ)
        lesson = LessonPage(**spec)
        for text in captions:
            lesson.captions.add(LessonCaption(language="vi", label="Tiếng Việt", text=text))
        course.add_child(instance=lesson)
        made.append(lesson)
    return course, made
