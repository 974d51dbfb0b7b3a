import pytest
from django.core.management import call_command

from search import registry
from search.services import search

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_lessons_and_courses_are_registered_with_the_transcript():
    lesson = registry.get_kind("lesson")
    assert lesson is not None and any(f.source == "transcript" for f in lesson.fields)
    assert registry.get_kind("course") is not None


def test_a_published_lesson_is_found_by_its_transcript_typed_without_diacritics(django_capture_on_commit_callbacks):
    import io

    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        course, (lesson,) = make_course(title="An toàn khi mua sắm trực tuyến", slug="mua-sam", lessons=[{
            "title": "Nhận biết trang bán hàng giả",
            "transcript": "Trang bán hàng giả thường hạ giá bất thường và đòi chuyển khoản trước.",
        }])
        course.save_revision().publish()
        lesson.save_revision().publish()
    results = search("chuyen khoan truoc", log=False)
    assert results.hits and results.hits[0].url == lesson.url
