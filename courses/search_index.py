"""What search indexes from courses (interface: search/registry.py). A lesson is found by its
title, summary and above all its transcript, the text of what the video says."""

from django.utils.translation import gettext_lazy as _
from search.registry import SearchField, SearchKind, register

from .models import CoursePage, LessonCaption, LessonPage


def _audiences(course):
    return [a.group for a in course.audiences.all()]


def _topics(course):
    return [course.competency_area.name] if course.competency_area_id else []


def _lesson_minutes(lesson):
    from .services import server_duration

    seconds = server_duration(lesson)
    return seconds / 60 if seconds else None


register(SearchKind(
    key="course",
    label=_("Khóa học"),
    model=CoursePage,
    fields=[SearchField("title", weight="A"), SearchField("summary", weight="B"), SearchField("body", weight="C")],
    audience=_audiences,
    topics=_topics,
    minutes=lambda course: course.estimated_minutes,
    boost=1.2,
))

register(SearchKind(
    key="lesson",
    label=_("Bài học"),
    model=LessonPage,
    fields=[SearchField("title", weight="A"), SearchField("summary", weight="B"), SearchField("body", weight="C"),
            SearchField("transcript", weight="D")],
    audience=lambda lesson: _audiences(lesson.get_parent().specific),
    topics=lambda lesson: _topics(lesson.get_parent().specific),
    minutes=_lesson_minutes,
    boost=1.1,
    watch=[(CoursePage, lambda course: LessonPage.objects.child_of(course)),
           (LessonCaption, lambda caption: [caption.lesson])],
))
