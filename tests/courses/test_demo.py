import io

import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonCaption, LessonPage

pytestmark = pytest.mark.django_db


def test_seed_makes_courses_for_several_audiences_idempotently(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "courses.demo", stdout=io.StringIO())
    call_command("seed_demo", "--only", "courses.demo", stdout=io.StringIO())
    courses = CoursePage.objects.live()
    assert courses.count() >= 4
    audiences = set()
    for course in courses:
        lessons = LessonPage.objects.child_of(course).live()
        assert 4 <= lessons.count() <= 8
        audiences |= {a.group for a in course.audiences.all()}
        video_lessons = lessons.exclude(completion_rule=LessonPage.CompletionRule.READ)
        assert all(lesson.transcript for lesson in video_lessons)
        assert LessonCaption.objects.filter(lesson__in=video_lessons).count() == video_lessons.count()
        assert lessons.filter(quiz__isnull=False).exists()
        assert client.get(course.url).status_code == 200
        assert client.get(lessons.first().url).status_code == 200
    assert len(audiences) >= 4
