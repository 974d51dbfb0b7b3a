"""Relevance on the judged set (tests/search/relevance_data.py): the database backend must find
the right lesson first for the way Vietnamese people type. Thresholds are behaviour (what is found
and in which order), not timing."""

import pytest

from search import services
from search.models import SearchDocument

from .relevance import evaluate, load_documents, query_sets

NDCG_TARGET = 0.85
SUCCESS_TARGET = 0.8
UNMARKED_GAP = 0.05


def rank(query):
    results = services.search(query, language="vi", per_page=10, log=False, backend="database")
    return [hit.object_id for hit in results.hits]


@pytest.fixture
def judged_index(db):
    load_documents()
    assert SearchDocument.objects.count() == 64


def _report(name, scores):
    misses = [(q["query"], q["top"]) for q in scores["queries"] if not q["success"]]
    print(f"{name}: nDCG@10={scores['ndcg']:.3f} success@1={scores['success']:.3f} misses={misses}")


def test_relevance_with_diacritics(judged_index):
    scores = evaluate(rank, query_sets()["accented"])
    _report("accented", scores)
    assert scores["ndcg"] >= NDCG_TARGET
    assert scores["success"] >= SUCCESS_TARGET


def test_relevance_without_diacritics_is_as_good(judged_index):
    sets = query_sets()
    accented, unmarked = evaluate(rank, sets["accented"]), evaluate(rank, sets["unmarked"])
    _report("unmarked", unmarked)
    assert unmarked["ndcg"] >= NDCG_TARGET
    assert unmarked["success"] >= SUCCESS_TARGET
    assert accented["ndcg"] - unmarked["ndcg"] <= UNMARKED_GAP


def test_relevance_as_typed_on_phones(judged_index):
    """No marks, typos in longer words, abbreviations in any case."""
    scores = evaluate(rank, query_sets()["typed"])
    _report("typed", scores)
    assert scores["ndcg"] >= NDCG_TARGET
    assert scores["success"] >= SUCCESS_TARGET
