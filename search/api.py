"""JSON API of the search (django-ninja): /api/search/ and /api/search/suggest.
Schema at /api/search/openapi.json, docs at /api/search/docs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language
from ninja import NinjaAPI, Query, Schema

from . import services

api = NinjaAPI(title="Học vụ số — tìm kiếm", version="1", urls_namespace="search-api")


class HitOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_html: str
    url: str
    snippet_html: str
    language: str
    audience: list[str]
    topics: list[str]
    length: str
    date: dt.date | None = None
    score: float


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    did_you_mean: str
    message: str
    backend: str
    truncated: bool = False


class SearchIn(Schema):
    q: str = ""
    kind: list[str] = []
    audience: list[str] = []
    topic: list[str] = []
    language: list[str] = []
    length: list[str] = []
    page: int = 1
    lang: str | None = None


class SuggestionOut(Schema):
    title: str
    url: str
    kind: str


def _language(params) -> str:
    return (params.lang or get_language() or "vi")[:12]


@api.get("/", response=SearchOut, summary="Tìm kiếm")
def search(request, params: Query[SearchIn]):
    language = _language(params)
    filters = {"kind": params.kind, "audience": params.audience, "topic": params.topic,
               "language": params.language, "length": params.length}
    page = max(1, min(params.page, services.MAX_PAGE))
    results = services.search(params.q, filters=filters, language=language, page=page, log=page == 1)
    return {**results.__dict__, "hits": [hit.__dict__ for hit in results.hits],
            "facets": {k: [v.__dict__ for v in values] for k, values in results.facets.items()}}


@api.get("/suggest", response=list[SuggestionOut], url_name="suggest", summary="Gợi ý khi gõ")
def suggest(request, q: str = "", lang: str | None = None):
    return services.suggest(q[:200], language=(lang or get_language() or "vi")[:12])
