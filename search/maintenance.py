"""Whole-index jobs: rebuild and nightly drift repair."""

from __future__ import annotations

import logging

from . import registry
from .indexing import build_fields, index_object, remove_object
from .models import SearchDocument

logger = logging.getLogger(__name__)


def repair(batch: int = 500) -> dict:
    """Compare the index with the database, kind by kind: index what is missing or stale, remove
    what should no longer be found (unpublished, deleted, kind no longer registered)."""
    report = {"added": 0, "updated": 0, "removed": 0}
    kinds = registry.kinds()
    for kind in kinds.values():
        indexed = dict(SearchDocument.objects.filter(kind=kind.key).values_list("object_id", "checksum"))
        seen = set()
        for obj in kind.get_queryset().iterator(chunk_size=batch):
            object_id = str(obj.pk)
            seen.add(object_id)
            checksum = indexed.get(object_id)
            if checksum is None:
                index_object(kind, obj)
                report["added"] += 1
            elif checksum != build_fields(kind, obj)["checksum"]:
                index_object(kind, obj)
                report["updated"] += 1
        for object_id in set(indexed) - seen:
            report["removed"] += remove_object(kind.key, object_id)
    for kind_key, object_id in SearchDocument.objects.exclude(kind__in=list(kinds)).values_list("kind", "object_id"):
        report["removed"] += remove_object(kind_key, object_id)
    from .backends import elasticsearch_backend

    es = elasticsearch_backend()
    if es is not None:
        report["elasticsearch"] = es.repair()
    if any(report[k] for k in ("added", "updated", "removed")):
        logger.info("search index repaired", extra=report)
    return report


def rebuild_database_index() -> int:
    count = 0
    for kind in registry.kinds().values():
        for obj in kind.get_queryset().iterator(chunk_size=500):
            index_object(kind, obj)
            count += 1
    return count


def rebuild_vocabulary() -> int:
    """Recount the word statistics from the index (after bulk loads, or if counts drifted)."""
    from collections import Counter

    from django.db import transaction

    from .indexing import _document_words
    from .models import Vocabulary

    counts: Counter = Counter()
    rows = SearchDocument.objects.values("folded_a", "folded_b", "folded_c", "folded_d")
    for row in rows.iterator(chunk_size=1000):
        counts.update(_document_words(row))
    with transaction.atomic():
        Vocabulary.objects.all().delete()
        Vocabulary.objects.bulk_create(
            [Vocabulary(word=w, frequency=n, length=len(w)) for w, n in counts.items()], batch_size=2000)
    return len(counts)
