import pytest

registry = pytest.importorskip("search.registry", reason="search/registry.py comes with the search branch; "
                                                         "this test runs once both are merged")
pytestmark = pytest.mark.django_db


def test_lessons_and_courses_are_registered_with_the_transcript():
    import courses.search_index  # noqa: F401

    lesson = registry.get_kind("lesson")
    assert lesson is not None and any(f.source == "transcript" for f in lesson.fields)
    assert registry.get_kind("course") is not None
