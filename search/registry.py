"""What the site indexes, declared by each app in its own `<app>/search_index.py`.

An app registers one `SearchKind` per thing people look for (lesson, course, news, document):

    # courses/search_index.py
    from search.registry import SearchField, SearchKind, register

    register(SearchKind(
        key="lesson",                       # stable identifier; also the "kind" facet value
        label=_("Bài học"),                 # shown on the facet and in results
        model=LessonPage,
        fields=[
            SearchField("title", weight="A"),          # A title > B summary/keywords > C body > D long text
            SearchField("summary", weight="B"),
            SearchField(lambda lesson: lesson.transcript_text(), weight="D"),
        ],
        audience=lambda lesson: lesson.course.audiences,  # values of accounts.AudienceGroup
        topics=lambda lesson: [lesson.course.topic_name],
        minutes=lambda lesson: lesson.duration_seconds / 60,  # "length" facet; default: reading time
        watch=[(CoursePage, lambda course: LessonPage.objects.child_of(course))],  # related changes
    ))

`search.apps.SearchConfig.ready()` imports every installed app's `search_index` module, then
connects the signals for every registered kind: for Wagtail pages `page_published`,
`page_unpublished`, `post_page_move` (the page and its descendants) and `post_delete`; for other
models (snippets) `post_save` and `post_delete`; for each `watch` model `post_save`/`post_delete`.
Each signal enqueues, on transaction commit, the Celery task `search.tasks.sync_objects`, which
re-reads the object: if it is in `queryset()` it is (re)indexed, otherwise removed. Code that
changes indexed data without those signals (bulk updates) calls `search.registry.schedule_sync`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class SearchField:
    """One piece of text of an object. `source` is an attribute name (dotted paths allowed,
    callables on the object are called; StreamField and rich text are reduced to plain text) or a
    function of the object returning text."""

    source: str | Callable[[Any], Any]
    weight: str = "C"

    def __post_init__(self):
        if self.weight not in WEIGHTS:
            raise ValueError(f"weight must be one of {WEIGHTS}, not {self.weight!r}")


@dataclass
class SearchKind:
    key: str
    label: Any
    model: type[models.Model]
    fields: Sequence[SearchField]
    # What may be found: default live, public pages (pages) or every row (other models).
    queryset: Callable[[], models.QuerySet] | None = None
    url: Callable[[Any], str] | None = None
    language: Callable[[Any], str] | None = None
    audience: Callable[[Any], Iterable[str]] | None = None
    topics: Callable[[Any], Iterable[str]] | None = None
    minutes: Callable[[Any], float | None] | None = None
    date: Callable[[Any], dt.date | dt.datetime | None] | None = None
    # Multiplies the score of this kind's results (lessons a little above news, for instance).
    boost: float = 1.0
    # Related models whose changes must re-index objects of this kind: (model, instance -> objects).
    watch: Sequence[tuple[type[models.Model], Callable[[Any], Iterable[Any]]]] = field(default_factory=tuple)

    @property
    def is_page(self) -> bool:
        from wagtail.models import Page

        return issubclass(self.model, Page)

    def get_queryset(self) -> models.QuerySet:
        if self.queryset is not None:
            return self.queryset()
        manager = self.model._default_manager
        if self.is_page:
            return manager.live().public()
        return manager.all()


_KINDS: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    if kind.key in _KINDS and _KINDS[kind.key].model is not kind.model:
        raise ValueError(f"search kind {kind.key!r} is already registered for {_KINDS[kind.key].model}")
    _KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def kinds() -> dict[str, SearchKind]:
    return dict(_KINDS)


def get_kind(key: str) -> SearchKind | None:
    return _KINDS.get(key)


# Labels of the kinds the site has, for rows whose app is not (yet) installed here.
DEFAULT_LABELS = {"lesson": _("Bài học"), "course": _("Khóa học"), "news": _("Tin tức"), "document": _("Văn bản")}


def kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return str(kind.label if kind else DEFAULT_LABELS.get(key, key))


def kinds_for_model(model: type[models.Model]) -> list[SearchKind]:
    return [kind for kind in _KINDS.values() if issubclass(model, kind.model)]


def schedule_sync(kind_key: str, object_ids: Iterable[Any]) -> None:
    """Enqueue a re-index of these objects once the current transaction commits."""
    from .signals import schedule

    schedule(kind_key, object_ids)


def default_language() -> str:
    return settings.LANGUAGE_CODE
