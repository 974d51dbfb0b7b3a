"""Searching: one entry point for the page, the API and the relevance tests."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import registry
from .backends import CANDIDATES, Vocabulary, database_backend, elasticsearch_backend, mark_elasticsearch_down
from .query import ParsedQuery, parse
from .ranking import highlight, score_documents, snippet
from .text import MAX_QUERY_CHARS, fold, tokens

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 50
FACETS = ("kind", "audience", "topic", "language", "length")
LENGTH_LABELS = {"short": _("Ngắn (dưới 5 phút)"), "medium": _("Vừa (5–15 phút)"), "long": _("Dài (trên 15 phút)")}
ALL_LANGUAGES = "all"


@dataclass
class Hit:
    kind: str
    kind_label: str
    object_id: str
    title: str
    title_html: str
    url: str
    snippet_html: str
    language: str
    audience: list[str]
    topics: list[str]
    length: str
    date: object
    score: float


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    total: int = 0
    page: int = 1
    pages: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str = ""
    message: str = ""
    backend: str = "database"
    truncated: bool = False


def _doc_facet_values(doc, facet: str) -> list[str]:
    if facet == "kind":
        return [doc.kind]
    if facet == "audience":
        return list(doc.audience or [])
    if facet == "topic":
        return list(doc.topics or [])
    if facet == "language":
        return [doc.language]
    if facet == "length":
        return [doc.length] if doc.length else []
    return []


def _facet_label(facet: str, value: str) -> str:
    if facet == "kind":
        return registry.kind_label(value)
    if facet == "audience":
        from accounts.models import AudienceGroup

        return str(dict(AudienceGroup.choices).get(value, value))
    if facet == "language":
        return str(dict(settings.LANGUAGES).get(value, value))
    if facet == "length":
        return str(LENGTH_LABELS.get(value, value))
    return value


def _matches(doc, filters: dict[str, list[str]], skip: str | None = None) -> bool:
    for facet, values in filters.items():
        if facet == skip or not values:
            continue
        if not set(values) & set(_doc_facet_values(doc, facet)):
            return False
    return True


def normalise_filters(filters: dict | None, language: str | None) -> dict[str, list[str]]:
    """Known facets only; the language facet defaults to the reader's language ("all" = any)."""
    clean = {}
    for facet in FACETS:
        values = (filters or {}).get(facet) or []
        if isinstance(values, str):
            values = [values]
        clean[facet] = [str(v)[:40] for v in values if v][:10]
    if not clean["language"] and language:
        clean["language"] = [language]
    if ALL_LANGUAGES in clean["language"]:
        clean["language"] = []
    return clean


def search(raw: str, *, filters: dict | None = None, language: str | None = None, page: int = 1,
           per_page: int = PER_PAGE, log: bool = True, backend: str | None = None) -> SearchResults:
    text = raw or ""
    results = SearchResults(query=text[:MAX_QUERY_CHARS])
    filters = normalise_filters(filters, language)
    page = max(1, min(_int(page), MAX_PAGE))
    query = parse(text, vocabulary=Vocabulary())
    results.query = query.text
    if len(text) > MAX_QUERY_CHARS:
        results.message = str(_("Từ khóa quá dài: chỉ %(n)s ký tự đầu được dùng để tìm.") % {"n": MAX_QUERY_CHARS})
    if query.empty:
        results.message = str(_("Hãy nhập từ cần tìm, ví dụ: kỹ năng số, cài VNeID, lừa đảo qua điện thoại."))
        return results

    es = elasticsearch_backend() if backend in (None, "elasticsearch") and backend != "database" else None
    if es is not None:
        try:
            found = es.search(query, filters=filters, language=language, page=page, per_page=per_page)
            found.message = found.message or results.message
            if not found.total:
                found.did_you_mean = did_you_mean(query, language=language)
            if log:
                _log(query, found.total, language)
            return found
        except Exception:  # noqa: BLE001 - any Elasticsearch failure: answer from the database
            logger.warning("search: elasticsearch failed, database backend answers", exc_info=True)
            mark_elasticsearch_down()

    scored = run_database(query, language=language)
    _fill(results, scored, filters, page, per_page)
    # The database backend ranks the best CANDIDATES matches; say so when there were more.
    results.truncated = scored.candidates >= CANDIDATES
    if not results.total:
        results.did_you_mean = did_you_mean(query, language=language)
    if log:
        _log(query, results.total, language)
    return results


def run_database(query: ParsedQuery, *, language: str | None = None):
    vocabulary = Vocabulary()
    frequencies = query.frequencies
    if not frequencies:
        frequencies = vocabulary.frequencies({w for u in query.units for a in u.alternatives for w in a.words})
    words = query.retrieval_words(frequencies=frequencies, total=vocabulary.total())
    docs = database_backend().candidates(words)
    scored = ScoredList(score_documents(query, docs, language=language))
    scored.candidates = len(docs)
    return scored


class ScoredList(list):
    """Ranked results, remembering how many candidates the database returned."""

    candidates = 0


def _fill(results: SearchResults, scored, filters, page, per_page) -> None:
    docs = [s.doc for s in scored]
    for facet in FACETS:
        counts: dict[str, int] = {}
        for doc in docs:
            if _matches(doc, filters, skip=facet):
                for value in _doc_facet_values(doc, facet):
                    counts[value] = counts.get(value, 0) + 1
        for value in filters.get(facet, []):
            counts.setdefault(value, 0)
        results.facets[facet] = sorted(
            (FacetValue(v, _facet_label(facet, v), c, v in filters.get(facet, [])) for v, c in counts.items()),
            key=lambda f: (-f.count, f.label))
    kept = [s for s in scored if _matches(s.doc, filters)]
    results.total = len(kept)
    results.pages = math.ceil(len(kept) / per_page) if kept else 0
    results.page = min(page, max(results.pages, 1))
    start = (results.page - 1) * per_page
    page_items = kept[start:start + per_page]
    # The long texts of this page's hits, in one query (candidates were loaded without them).
    from .models import SearchDocument

    texts = {pk: (c, d) for pk, c, d in SearchDocument.objects.filter(pk__in=[i.doc.pk for i in page_items])
             .values_list("pk", "text_c", "text_d")}
    for item in page_items:
        doc = item.doc
        doc.text_c, doc.text_d = texts.get(doc.pk, ("", ""))
        results.hits.append(Hit(
            kind=doc.kind, kind_label=registry.kind_label(doc.kind), object_id=doc.object_id,
            title=doc.title, title_html=highlight(doc.title, item.matched_words), url=doc.url,
            snippet_html=snippet(doc, item.matched_words), language=doc.language, audience=list(doc.audience),
            topics=list(doc.topics), length=doc.length, date=doc.date, score=round(item.score, 4)))


def did_you_mean(query: ParsedQuery, *, language: str | None = None) -> str:
    """For an empty result: each unknown word replaced by the most frequent indexed word within
    two edits, offered only if that query finds something."""
    vocabulary = Vocabulary()
    words = tokens(query.text)
    known = vocabulary.frequencies(words)
    changed, corrected = False, []
    for word in words:
        if known.get(word) or len(word) < 3:
            corrected.append(word)
            continue
        near = vocabulary.near(word, distance=2 if len(word) >= 4 else 1, limit=1)
        if near:
            corrected.append(near[0])
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    if not run_database(parse(suggestion, vocabulary=vocabulary), language=language):
        return ""
    return suggestion


def suggest(prefix: str, *, language: str | None = None, limit: int = 8) -> list[dict]:
    """Titles as you type: titles containing the folded text typed so far."""
    folded = " ".join(tokens(prefix))[:60]
    if len(folded) < 2:
        return []
    es = elasticsearch_backend()
    if es is not None:
        try:
            return es.suggest(prefix, language=language, limit=limit)
        except Exception:  # noqa: BLE001
            mark_elasticsearch_down()
    rows = database_backend().suggest(folded, language=language, limit=limit)
    # Titles where the text starts a word first, then the rest.
    rows.sort(key=lambda d: (not (d.folded_a.startswith(folded) or f" {folded}" in d.folded_a), -d.boost, len(d.title)))
    seen, out = set(), []
    for doc in rows:
        if doc.title in seen:
            continue
        seen.add(doc.title)
        out.append({"title": doc.title, "url": doc.url, "kind": doc.kind})
        if len(out) >= limit:
            break
    return out


def _log(query: ParsedQuery, count: int, language: str | None) -> None:
    from .models import QueryLog

    folded = " ".join(tokens(query.text))[:200]
    if folded:
        QueryLog.objects.create(query=folded, results=count, language=(language or "")[:12])


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


def fold_for_log(text: str) -> str:
    return fold(text)
