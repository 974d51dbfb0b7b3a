"""Turning a registered object into a SearchDocument row (the database index) and, when
Elasticsearch is configured, into an Elasticsearch document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections import Counter
from html import unescape

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.html import strip_tags

from . import registry
from .models import SearchDocument, Vocabulary
from .text import fold, tokens

logger = logging.getLogger(__name__)

MAX_FIELD_CHARS = 20_000
SUMMARY_CHARS = 300
WORDS_PER_MINUTE = 200


def plain_text(value) -> str:
    """Plain text of a field value: StreamField, rich text, HTML, lists or plain strings."""
    if value is None:
        return ""
    if callable(value):
        value = value()
    if hasattr(value, "stream_block") or hasattr(value, "raw_data"):  # StreamValue
        parts = []
        for block in value:
            parts.append(plain_text(_block_text(block.value)))
        return " ".join(p for p in parts if p)
    if isinstance(value, (list, tuple, set)):
        return " ".join(plain_text(item) for item in value)
    if hasattr(value, "source") and value.__class__.__name__ == "RichText":
        value = value.source
    text = str(value)
    if "<" in text:
        text = unescape(strip_tags(re.sub(r"<(br|/p|/li|/h\d)[^>]*>", " ", text)))
    return " ".join(text.split())


def _block_text(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        return [_block_text(v) for _, v in value.items()]
    if isinstance(value, (list, tuple)) or value.__class__.__name__ in ("ListValue", "StreamValue"):
        return [_block_text(v) for v in value]
    if isinstance(value, (str, int, float)) or value.__class__.__name__ == "RichText":
        return value
    return ""


def _resolve(obj, source):
    if callable(source):
        return source(obj)
    value = obj
    for part in source.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value


def length_bucket(minutes: float | None) -> str:
    if minutes is None:
        return ""
    if minutes < 5:
        return "short"
    if minutes <= 15:
        return "medium"
    return "long"


def build_fields(kind: registry.SearchKind, obj) -> dict:
    texts = {w: [] for w in registry.WEIGHTS}
    for search_field in kind.fields:
        text = plain_text(_resolve(obj, search_field.source))
        if text:
            texts[search_field.weight].append(text)
    text = {w.lower(): " ".join(parts)[:MAX_FIELD_CHARS] for w, parts in texts.items()}
    title = text["a"][:500] or str(obj)[:500]
    summary = (text["b"] or text["c"] or text["d"])[:SUMMARY_CHARS]
    if kind.language:
        language = kind.language(obj)
    elif getattr(obj, "locale", None) is not None:
        language = obj.locale.language_code
    else:
        language = settings.LANGUAGE_CODE
    if kind.url:
        url = kind.url(obj)
    elif hasattr(obj, "get_url"):
        url = obj.get_url() or ""
    else:
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    minutes = kind.minutes(obj) if kind.minutes else (
        len(" ".join(text.values()).split()) / WORDS_PER_MINUTE)
    date = kind.date(obj) if kind.date else None
    if isinstance(date, dt.datetime):
        date = date.date()
    fields = {
        "language": language,
        "url": url or "",
        "title": title,
        "summary": summary,
        **{f"text_{w}": text[w] for w in "abcd"},
        **{f"folded_{w}": fold(text[w]) for w in "abcd"},
        "audience": sorted({str(a) for a in (kind.audience(obj) if kind.audience else []) if a}),
        "topics": sorted({str(t) for t in (kind.topics(obj) if kind.topics else []) if t}),
        "length": length_bucket(minutes),
        "date": date,
        "boost": kind.boost,
    }
    fields["checksum"] = hashlib.sha256(
        json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()
    return fields


def _document_words(doc_fields: dict) -> set[str]:
    return {w for key in ("folded_a", "folded_b", "folded_c", "folded_d") for w in tokens(doc_fields[key])
            if len(w) <= 60}


def _adjust_vocabulary(added: set[str], removed: set[str]) -> None:
    """Document frequency of each word (a word counts once per document)."""
    if removed:
        Vocabulary.objects.filter(word__in=removed).update(frequency=F("frequency") - 1)
    if added:
        existing = set(Vocabulary.objects.filter(word__in=added).values_list("word", flat=True))
        Vocabulary.objects.filter(word__in=existing).update(frequency=F("frequency") + 1)
        Vocabulary.objects.bulk_create(
            [Vocabulary(word=w, frequency=1, length=len(w)) for w in added - existing], ignore_conflicts=True)


def index_object(kind: registry.SearchKind, obj) -> SearchDocument:
    return store_document(kind.key, obj.pk, build_fields(kind, obj))


def fields_from_texts(*, title: str, summary: str = "", body: str = "", transcript: str = "",
                      language: str = "vi", url: str = "", audience=(), topics=(), minutes=None,
                      date=None, boost: float = 1.0) -> dict:
    """Index fields from plain texts, for content that is not a registered model (imports,
    benchmarks, the relevance test set)."""
    text = {"a": title, "b": summary, "c": body, "d": transcript}
    fields = {
        "language": language, "url": url, "title": title[:500], "summary": (summary or body)[:SUMMARY_CHARS],
        **{f"text_{w}": text[w] for w in "abcd"}, **{f"folded_{w}": fold(text[w]) for w in "abcd"},
        "audience": sorted(audience), "topics": sorted(topics), "length": length_bucket(minutes),
        "date": date, "boost": boost,
    }
    fields["checksum"] = hashlib.sha256(
        json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()
    return fields


def store_document(kind_key: str, object_id, fields: dict) -> SearchDocument:
    """Insert or update one row of the database index and the word statistics."""
    with transaction.atomic():
        doc = (SearchDocument.objects.select_for_update()
               .filter(kind=kind_key, object_id=str(object_id)).first())
        if doc and doc.checksum == fields["checksum"]:
            return doc
        old_words = _document_words(doc.__dict__) if doc else set()
        if doc is None:
            doc = SearchDocument(kind=kind_key, object_id=str(object_id))
        for key, value in fields.items():
            setattr(doc, key, value)
        doc.save()
        new_words = _document_words(fields)
        _adjust_vocabulary(new_words - old_words, old_words - new_words)
    cache.delete("search:doc-count")
    return doc


def remove_object(kind_key: str, object_id) -> int:
    removed = 0
    with transaction.atomic():
        for doc in SearchDocument.objects.select_for_update().filter(kind=kind_key, object_id=str(object_id)):
            _adjust_vocabulary(set(), _document_words(doc.__dict__))
            doc.delete()
            removed += 1
    if removed:
        cache.delete("search:doc-count")
    return removed


def sync_objects(kind_key: str, object_ids) -> dict:
    """Index the objects that are in the kind's queryset; remove the others. Mirrors into
    Elasticsearch when it is configured and reachable."""
    kind = registry.get_kind(kind_key)
    if kind is None:
        logger.warning("search: unknown kind %s", kind_key)
        return {"indexed": 0, "removed": 0}
    ids = [str(i) for i in object_ids]
    live = {str(obj.pk): obj for obj in kind.get_queryset().filter(pk__in=ids)}
    indexed = removed = 0
    for object_id in ids:
        if object_id in live:
            index_object(kind, live[object_id])
            indexed += 1
        else:
            removed += remove_object(kind_key, object_id)
    from .backends import elasticsearch_backend

    es = elasticsearch_backend()
    if es is not None:
        es.sync(kind_key, ids)
    return {"indexed": indexed, "removed": removed}
