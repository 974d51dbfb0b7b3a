"""Elasticsearch: the mapping and the request bodies are checked without a server; the same
relevance set runs against a real server only where ELASTICSEARCH_URL is set. With the URL pointing
at a closed port, search still answers from the database and /healthz says "degraded"."""

import os
import socket

import pytest

from search import elastic, services
from search.backends import elasticsearch_usable
from search.indexing import fields_from_texts, store_document
from search.query import parse

pytestmark = pytest.mark.django_db


def test_mapping_has_folding_analyzer_with_query_time_synonyms_and_suggest_and_facet_fields(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "hvs"
    body = elastic.mapping_body("hvs-search-1")
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["vi_folding"] == {"type": "asciifolding", "preserve_original": True}
    assert analysis["analyzer"]["vi_text"]["filter"] == ["lowercase", "vi_folding"]
    assert analysis["analyzer"]["vi_search"]["filter"] == ["lowercase", "vi_synonyms", "vi_folding"]
    assert analysis["filter"]["vi_synonyms"] == {"type": "synonym_graph", "synonyms_set": "hvs-synonyms",
                                                 "updateable": True}
    assert analysis["filter"]["vi_edge_ngram"]["type"] == "edge_ngram"
    properties = body["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "vi_text" and properties["title"]["search_analyzer"] == "vi_search"
    assert properties["title"]["fields"]["suggest"]["analyzer"] == "vi_suggest"
    for facet in ("kind", "audience", "topics", "language", "length"):
        assert properties[facet]["type"] == "keyword"


def test_synonym_rules_carry_marked_and_folded_forms_but_leave_case_sensitive_AI_to_the_query():
    rules = {rule["synonyms"] for rule in elastic.synonym_rules()}
    assert "cđs, cds, chuyển đổi số, chuyen doi so" in rules
    assert not any("trí tuệ nhân tạo" in rule for rule in rules)


def test_search_body_any_word_with_typos_phrase_boost_facets_and_escaped_highlights():
    body = elastic.search_body(parse("AI lua dao"), filters={"kind": ["lesson"], "audience": [], "language": ["vi"]},
                               page=2, per_page=10)
    scored = body["query"]["function_score"]
    assert scored["functions"] == [{"field_value_factor": {"field": "boost", "missing": 1.0}}]
    boolean = scored["query"]["bool"]
    assert boolean["minimum_should_match"] == 1
    first = boolean["should"][0]["dis_max"]["queries"]
    assert first[0]["multi_match"]["fuzziness"] == "AUTO:5,100"
    assert first[0]["multi_match"]["fields"][0] == "title^4.0"
    assert {"multi_match": {"query": "tri tue nhan tao", "fields": first[0]["multi_match"]["fields"],
                            "type": "phrase", "boost": 0.9}} in first  # uppercase AI expanded by us
    assert {"match_phrase": {"title": {"query": "AI lua dao", "slop": 2, "boost": 3.0}}} in boolean["should"]
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"kind": ["lesson"]}},
                                                       {"terms": {"language": ["vi"]}}]}}
    # Each facet's counts ignore its own filter (so other values stay selectable).
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [{"terms": {"language": ["vi"]}}]}}
    assert body["aggs"]["audience"]["aggs"]["values"]["terms"]["field"] == "audience"
    assert body["highlight"]["encoder"] == "html" and body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["from"] == 10 and body["size"] == 10


def test_suggest_body_uses_the_edge_ngram_field():
    body = elastic.suggest_body("kich ho", language="vi", limit=5)
    assert body["query"]["bool"]["must"][0]["match"]["title.suggest"]["query"] == "kich ho"
    assert body["size"] == 5


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


def test_unreachable_elasticsearch_falls_back_to_the_database_and_health_says_degraded(client, settings):
    store_document("lesson", "vneid", fields_from_texts(title="Cài đặt VNeID", url="/vneid/"))
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    assert elasticsearch_usable() is False
    body = client.get("/api/search/", {"q": "cai vneid"}).json()
    assert body["backend"] == "database" and body["hits"][0]["url"] == "/vneid/"
    assert client.get("/tim-kiem/", {"q": "cai vneid"}).status_code == 200
    assert client.get("/api/search/suggest", {"q": "cai"}).json()[0]["url"] == "/vneid/"
    health = client.get("/healthz").json()
    assert health["checks"]["search"]["status"] == "degraded"
    assert health["status"] == "degraded"


def test_health_reports_database_search_as_ok_when_elasticsearch_is_not_configured(client, settings):
    settings.ELASTICSEARCH_URL = ""
    check = client.get("/healthz").json()["checks"]["search"]
    assert check["status"] == "ok" and check["detail"] == "database backend"


needs_server = pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"),
                                  reason="needs a running Elasticsearch (set ELASTICSEARCH_URL; docker-compose has one)")


@needs_server
def test_relevance_on_elasticsearch(settings):
    from search.backends import elasticsearch_available
    from search.elastic import ElasticsearchBackend

    from .relevance import evaluate, load_documents, query_sets

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = "hvs-test"
    assert elasticsearch_available(timeout=3)
    load_documents()
    backend = ElasticsearchBackend()
    backend.push_synonyms()
    from search.models import SearchDocument

    name = f"{elastic.alias_name()}-relevance"
    backend.client.options(ignore_status=404).indices.delete(index=name)
    elastic.build_index(name).create(using=backend.client)
    for doc in SearchDocument.objects.all():
        backend.client.index(index=name, id=f"{doc.kind}:{doc.object_id}", document={
            "kind": doc.kind, "object_id": doc.object_id, "language": doc.language, "url": doc.url,
            "title": doc.title, "summary": doc.summary, "text_b": doc.text_b, "text_c": doc.text_c,
            "text_d": doc.text_d, "audience": doc.audience, "topics": doc.topics, "length": doc.length,
            "boost": doc.boost})
    backend.client.indices.refresh(index=name)
    backend.client.indices.put_alias(index=name, name=elastic.alias_name())

    def rank(query):
        return [h.object_id for h in services.search(query, language="vi", log=False, backend="elasticsearch").hits]

    scores = {name: evaluate(rank, queries) for name, queries in query_sets().items()}
    print({name: (round(s["ndcg"], 3), round(s["success"], 3)) for name, s in scores.items()})
    backend.client.indices.delete(index=name)
    assert scores["accented"]["ndcg"] >= 0.85 and scores["unmarked"]["ndcg"] >= 0.85
