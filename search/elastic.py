"""The Elasticsearch backend, through elasticsearch.dsl (inside the official client).

Mapping: every text field is analysed by `vi_text` (standard tokenizer, lowercase, ASCII folding
that keeps the original token: "số" is indexed as both "số" and "so", so an accented query matches
two tokens of an accented document and ranks it above a folded-only match). At query time
`vi_search` adds a synonym_graph filter fed by the organisers' list (an Elasticsearch synonyms set,
updated when the list changes, so no reindex is needed). `title.suggest` is edge-n-grammed for
suggestions as you type; kind, audience, topics, language and length are keyword fields for facets.

The index is versioned (`<prefix>-search-<timestamp>`) behind the alias `<prefix>-search`;
`manage.py search_reindex` builds a new index and swaps the alias in one atomic call."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from elasticsearch.dsl import (
    Date,
    Document,
    Float,
    Index,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from . import registry
from .query import SYNONYM, ParsedQuery
from .text import fold

logger = logging.getLogger(__name__)

FIELD_BOOSTS = {"title": 4.0, "text_b": 2.5, "text_c": 1.5, "text_d": 1.0}


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-search"


def synonyms_set_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-synonyms"


vi_folding = token_filter("vi_folding", "asciifolding", preserve_original=True)


def vi_synonyms():
    return token_filter("vi_synonyms", "synonym_graph", synonyms_set=synonyms_set_name(), updateable=True)


vi_text = analyzer("vi_text", tokenizer="standard", filter=["lowercase", vi_folding])


def vi_search():
    return analyzer("vi_search", tokenizer="standard", filter=["lowercase", vi_synonyms(), vi_folding])


suggest_edge = token_filter("vi_edge_ngram", "edge_ngram", min_gram=2, max_gram=20)
vi_suggest = analyzer("vi_suggest", tokenizer=tokenizer("standard"), filter=["lowercase", "asciifolding", suggest_edge])
vi_suggest_search = analyzer("vi_suggest_search", tokenizer="standard", filter=["lowercase", "asciifolding"])


def _text():
    return Text(analyzer=vi_text, search_analyzer=vi_search())


def document_class() -> type[Document]:
    """Built on demand: the synonyms set name depends on settings."""

    class SearchEntry(Document):
        kind = Keyword()
        object_id = Keyword()
        language = Keyword()
        url = Keyword(index=False)
        title = Text(analyzer=vi_text, search_analyzer=vi_search(),
                     fields={"suggest": Text(analyzer=vi_suggest, search_analyzer=vi_suggest_search),
                             "raw": Keyword()})
        summary = Text(index=False)
        text_b = _text()
        text_c = _text()
        text_d = _text()
        audience = Keyword(multi=True)
        topics = Keyword(multi=True)
        length = Keyword()
        date = Date()
        boost = Float()
        checksum = Keyword(index=False)

    return SearchEntry


def build_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(document_class())
    return index


def mapping_body(name: str = "preview") -> dict:
    """The create-index request body (settings + mappings)."""
    return build_index(name).to_dict()


def synonym_rules() -> list[dict]:
    """Rules for the Elasticsearch synonyms set. Case-sensitive groups ("AI") stay out: the
    analyzer has lowercased the text before synonyms apply, so our query builder expands those."""
    from .models import Synonym

    rules = []
    for synonym in Synonym.objects.filter(active=True, case_sensitive=False):
        forms = []
        for term in synonym.term_list():
            for form in (term.lower(), fold(term)):
                if form not in forms:
                    forms.append(form)
        if len(forms) > 1:
            rules.append({"id": f"s{synonym.pk}", "synonyms": ", ".join(forms)})
    return rules


def _unit_query(unit) -> Q:
    fields = [f"{name}^{boost}" for name, boost in FIELD_BOOSTS.items()]
    queries = [Q("multi_match", query=unit.typed, fields=fields, type="best_fields",
                 fuzziness="AUTO:5,100", prefix_length=1)]
    for alternative in unit.alternatives:
        if alternative.source == SYNONYM:
            queries.append(Q("multi_match", query=" ".join(alternative.words), fields=fields, type="phrase",
                             boost=0.9))
    return Q("dis_max", queries=queries, tie_breaker=0.2)


FACET_FIELDS = {"kind": "kind", "audience": "audience", "topic": "topics", "language": "language", "length": "length"}


def _filter_clauses(filters: dict, skip: str | None = None) -> list[Q]:
    return [Q("terms", **{FACET_FIELDS[facet]: values}) for facet, values in filters.items()
            if values and facet != skip and facet in FACET_FIELDS]


def search_body(query: ParsedQuery, *, filters: dict, page: int = 1, per_page: int = 10) -> dict:
    """The request body sent to Elasticsearch for one search page."""
    should = [_unit_query(unit) for unit in query.units]
    if len(query.units) > 1:
        should.append(Q("match_phrase", title={"query": query.text, "slop": 2, "boost": 3.0}))
        should.append(Q("match_phrase", text_c={"query": query.text, "slop": 3, "boost": 1.5}))
    scored = Q("function_score", query=Q("bool", should=should, minimum_should_match=1),
               functions=[{"field_value_factor": {"field": "boost", "missing": 1.0}}], boost_mode="multiply")
    search = Search().query(scored)
    post = _filter_clauses(filters)
    if post:
        search = search.post_filter(Q("bool", filter=post))
    for facet, field in FACET_FIELDS.items():
        facet_filter = Q("bool", filter=_filter_clauses(filters, skip=facet))
        search.aggs.bucket(facet, "filter", filter=facet_filter).bucket("values", "terms", field=field, size=30)
    search = search.highlight("title", number_of_fragments=0)
    search = search.highlight("text_b", "text_c", "text_d", fragment_size=160, number_of_fragments=1)
    search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    start = (page - 1) * per_page
    search = search[start:start + per_page]
    return search.to_dict()


def suggest_body(prefix: str, *, language: str | None, limit: int) -> dict:
    search = Search().query(Q("match", **{"title.suggest": {"query": prefix, "operator": "and"}}))
    if language:
        search = search.filter("term", language=language)
    search = search.source(["title", "url", "kind"])[:limit]
    return search.to_dict()


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, client=None):
        from elasticsearch import Elasticsearch

        self.client = client or Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=3, max_retries=1)

    # --- searching ---------------------------------------------------------------------------
    def search(self, query: ParsedQuery, *, filters: dict, language: str | None, page: int, per_page: int):
        from markupsafe import Markup

        from .services import FacetValue, Hit, SearchResults, _facet_label

        body = search_body(query, filters=filters, page=page, per_page=per_page)
        response = self.client.search(index=alias_name(), body=body)
        total = response["hits"]["total"]["value"]
        results = SearchResults(query=query.text, total=total, page=page, backend=self.name,
                                pages=-(-total // per_page))
        for hit in response["hits"]["hits"]:
            source, marks = hit["_source"], hit.get("highlight", {})
            snippet = next((marks[f][0] for f in ("text_b", "text_c", "text_d") if marks.get(f)), "")
            from django.utils.html import escape

            results.hits.append(Hit(
                kind=source["kind"], kind_label=registry.kind_label(source["kind"]),
                object_id=source["object_id"], title=source["title"],
                title_html=Markup(marks["title"][0]) if marks.get("title") else escape(source["title"]),
                url=source["url"], snippet_html=Markup(snippet) if snippet else escape(source.get("summary", "")),
                language=source["language"], audience=source.get("audience", []), topics=source.get("topics", []),
                length=source.get("length", ""), date=source.get("date"), score=hit["_score"]))
        for facet in FACET_FIELDS:
            buckets = response.get("aggregations", {}).get(facet, {}).get("values", {}).get("buckets", [])
            results.facets[facet] = [
                FacetValue(b["key"], _facet_label(facet, b["key"]), b["doc_count"], b["key"] in filters.get(facet, []))
                for b in buckets]
        return results

    def suggest(self, prefix: str, *, language: str | None, limit: int) -> list[dict]:
        response = self.client.search(index=alias_name(), body=suggest_body(prefix, language=language, limit=limit))
        return [{"title": h["_source"]["title"], "url": h["_source"]["url"], "kind": h["_source"]["kind"]}
                for h in response["hits"]["hits"]]

    # --- indexing ----------------------------------------------------------------------------
    def _doc(self, kind_key: str, obj) -> dict:
        from .indexing import build_fields

        fields = build_fields(registry.get_kind(kind_key), obj)
        source = {key: fields[key] for key in ("language", "url", "title", "summary", "audience", "topics",
                                               "length", "date", "boost", "checksum")}
        source.update(kind=kind_key, object_id=str(obj.pk), text_b=fields["text_b"], text_c=fields["text_c"],
                      text_d=fields["text_d"])
        if isinstance(source["date"], dt.date):
            source["date"] = source["date"].isoformat()
        return source

    def sync(self, kind_key: str, object_ids) -> None:
        kind = registry.get_kind(kind_key)
        live = {str(o.pk): o for o in kind.get_queryset().filter(pk__in=list(object_ids))}
        for object_id in object_ids:
            doc_id = f"{kind_key}:{object_id}"
            if object_id in live:
                self.client.index(index=alias_name(), id=doc_id, document=self._doc(kind_key, live[object_id]))
            else:
                self.client.options(ignore_status=404).delete(index=alias_name(), id=doc_id)

    def push_synonyms(self) -> None:
        self.client.synonyms.put_synonym(id=synonyms_set_name(), synonyms_set=synonym_rules())

    def reindex(self) -> dict:
        """Build a new versioned index from the database, then point the alias at it."""
        from elasticsearch.helpers import bulk

        self.push_synonyms()
        name = f"{alias_name()}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d%H%M%S%f')}"
        build_index(name).create(using=self.client)
        actions = (
            {"_index": name, "_id": f"{kind.key}:{obj.pk}", "_source": self._doc(kind.key, obj)}
            for kind in registry.kinds().values() for obj in kind.get_queryset().iterator(chunk_size=500))
        indexed, _ = bulk(self.client, actions, refresh=True)
        old = list(self.client.indices.get_alias(name=alias_name()).keys()) \
            if self.client.indices.exists_alias(name=alias_name()) else []
        actions = [{"remove": {"index": i, "alias": alias_name()}} for i in old]
        actions.append({"add": {"index": name, "alias": alias_name()}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.options(ignore_status=404).indices.delete(index=index)
        return {"index": name, "documents": indexed, "replaced": old}

    def repair(self) -> dict:
        """Make the Elasticsearch index hold exactly what the database index holds."""
        from elasticsearch.helpers import scan

        from .models import SearchDocument

        if not self.client.indices.exists_alias(name=alias_name()):
            return self.reindex()
        in_es = {h["_id"]: h["_source"].get("checksum") for h in
                 scan(self.client, index=alias_name(), _source=["checksum"], query={"query": {"match_all": {}}})}
        in_db = {f"{k}:{o}": c for k, o, c in SearchDocument.objects.values_list("kind", "object_id", "checksum")}
        stale: dict[str, list[str]] = {}
        for doc_id in set(in_es) ^ set(in_db) | {d for d in in_db if d in in_es and in_es[d] != in_db[d]}:
            kind_key, object_id = doc_id.split(":", 1)
            stale.setdefault(kind_key, []).append(object_id)
        for kind_key, ids in stale.items():
            if registry.get_kind(kind_key):
                self.sync(kind_key, ids)
            else:
                for object_id in ids:
                    self.client.options(ignore_status=404).delete(index=alias_name(), id=f"{kind_key}:{object_id}")
        return {"repaired": sum(len(v) for v in stale.values())}
