"""Search backends. The Elasticsearch one is used when ELASTICSEARCH_URL is set and reachable;
otherwise the database backend answers (PostgreSQL full-text + trigram, or SQLite FTS5)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .text import edit_distance

logger = logging.getLogger(__name__)

AVAILABILITY_CACHE_SECONDS = 15
CANDIDATES = 60
RANK_POOL = 800
CANDIDATE_FIELDS = ("id", "kind", "object_id", "language", "url", "title", "summary", "text_a", "text_b",
                    "folded_a", "folded_b", "folded_c", "folded_d", "audience", "topics", "length", "date", "boost")


def elasticsearch_available(timeout: float = 1.0) -> bool:
    if not settings.ELASTICSEARCH_URL:
        return False
    from elasticsearch import Elasticsearch

    try:
        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=timeout, max_retries=0)
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - unreachable in any way means "not available"
        return False


def elasticsearch_usable() -> bool:
    """elasticsearch_available with a short timeout, remembered for a few seconds so that an
    outage costs one slow probe per interval, not one per search."""
    if not settings.ELASTICSEARCH_URL:
        return False
    key = f"search:es-available:{settings.ELASTICSEARCH_URL}"
    value = cache.get(key)
    if value is None:
        value = elasticsearch_available(timeout=0.5)
        cache.set(key, value, AVAILABILITY_CACHE_SECONDS)
    return value


def mark_elasticsearch_down() -> None:
    cache.set(f"search:es-available:{settings.ELASTICSEARCH_URL}", False, AVAILABILITY_CACHE_SECONDS)


class Vocabulary:
    """Word statistics of the database index, for query parsing (typos, word weights)."""

    def frequencies(self, words) -> dict[str, int]:
        from .models import Vocabulary as Word

        words = [w for w in words if len(w) <= 60]
        if not words:
            return {}
        return dict(Word.objects.filter(word__in=words).values_list("word", "frequency"))

    def total(self) -> int:
        from .models import SearchDocument

        total = cache.get("search:doc-count")
        if total is None:
            total = SearchDocument.objects.count()
            cache.set("search:doc-count", total, 60)
        return total

    def near(self, word: str, distance: int = 1, limit: int = 8) -> list[str]:
        """Indexed words within `distance` edits, most frequent first."""
        from .models import Vocabulary as Word

        candidates = Word.objects.filter(length__gte=len(word) - distance, length__lte=len(word) + distance,
                                         frequency__gt=0)
        if connection.vendor == "postgresql":
            # Trigram similarity narrows the vocabulary with the GIN index; edit distance decides.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word, frequency FROM search_vocabulary WHERE length BETWEEN %s AND %s "
                    "AND frequency > 0 AND similarity(word, %s) >= 0.12 "
                    "ORDER BY similarity(word, %s) DESC LIMIT 200",
                    [len(word) - distance, len(word) + distance, word, word])
                rows = cursor.fetchall()
        else:
            rows = list(candidates.values_list("word", "frequency"))
        found = [(w, f) for w, f in rows if w != word and edit_distance(word, w, distance) <= distance]
        found.sort(key=lambda item: (-item[1], item[0]))
        return [w for w, _ in found[:limit]]


class DatabaseBackend:
    name = "database"

    def candidates(self, words: list[str], *, language: str | None = None, limit: int = CANDIDATES):
        """Documents containing any of the folded words, best first by the database's own rank."""
        from .models import SearchDocument

        words = [w for w in words if w and w.isalnum()][:40]
        if not words:
            return []
        if connection.vendor == "postgresql":
            ids = self._postgresql_candidates(words, language, limit)
        elif connection.vendor == "sqlite":
            match = " OR ".join(f'"{w}"' for w in words)
            language_sql = " AND d.language = %s" if language else ""
            params = [match] + ([language] if language else []) + [limit]
            ids = [row[0] for row in _fetch(
                "SELECT f.rowid FROM search_fts f JOIN search_searchdocument d ON d.id = f.rowid "
                "WHERE search_fts MATCH %s" + language_sql +
                " ORDER BY bm25(search_fts, 10.0, 5.0, 2.0, 1.0) LIMIT %s", params)]
        else:  # any other database: a plain scan of the folded columns
            from django.db.models import Q

            condition = Q()
            for w in words:
                condition |= Q(folded_a__contains=w) | Q(folded_b__contains=w) | Q(folded_c__contains=w)
            qs = SearchDocument.objects.filter(condition)
            if language:
                qs = qs.filter(language=language)
            ids = list(qs.values_list("id", flat=True)[:limit])
        # Plain rows, not model instances (a hundred per search), and without the long texts, which
        # only the page of hits needs (for snippets).
        from types import SimpleNamespace

        rows = SearchDocument.objects.filter(pk__in=ids).values(*CANDIDATE_FIELDS)
        by_id = {row["id"]: SimpleNamespace(pk=row["id"], text_c="", text_d="", **row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def _postgresql_candidates(self, words, language, limit):
        """Title/summary matches first (the small `head_vector`), then body and transcript matches
        (`vector`). Each tier ranks at most RANK_POOL matching rows, so one very common word cannot
        make PostgreSQL rank half the library; our own ranking re-scores the candidates anyway.

        Index scans are forced: the planner overestimates how many rows an OR of common words
        matches and picks a sequential scan, which reads (and decompresses) every row's vector."""
        from django.db import transaction

        tsquery = " | ".join(words)
        language_sql = " AND language = %s" if language else ""
        ids: list[int] = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for column, pool in (("head_vector", RANK_POOL), ("vector", RANK_POOL // 2)):
                cursor.execute(
                    f"SELECT id FROM (SELECT id, {column} AS v FROM search_searchdocument "
                    f"WHERE {column} @@ to_tsquery('simple', %s){language_sql} LIMIT %s) pool "
                    "ORDER BY ts_rank(v, to_tsquery('simple', %s), 1) DESC LIMIT %s",
                    [tsquery, *([language] if language else []), pool, tsquery, limit])
                seen = set(ids)
                ids.extend(row[0] for row in cursor.fetchall() if row[0] not in seen)
                if len(ids) >= limit:
                    break
        return ids[:limit]

    def suggest(self, prefix_folded: str, *, language: str | None = None, limit: int = 8):
        from .models import SearchDocument

        qs = SearchDocument.objects.filter(folded_a__contains=prefix_folded)
        if language:
            qs = qs.filter(language=language)
        return list(qs.order_by("-boost", "title").only("title", "url", "kind", "folded_a")[:limit * 3])


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_database_backend = DatabaseBackend()


def database_backend() -> DatabaseBackend:
    return _database_backend


def elasticsearch_backend():
    """The Elasticsearch backend when configured and reachable, else None."""
    if not elasticsearch_usable():
        return None
    from .elastic import ElasticsearchBackend

    return ElasticsearchBackend()
