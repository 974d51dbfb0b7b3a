"""Loading the judged set and scoring a ranking function on it (nDCG@10, success@1)."""

import math
import unicodedata

from search.indexing import fields_from_texts, store_document

from .relevance_data import DOCUMENTS, LANGUAGE, QUERIES, TYPED_QUERIES


def strip_marks(text: str) -> str:
    """What a phone keyboard without Vietnamese input gives: no marks, đ→d, case kept ("AI")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def load_documents() -> None:
    for key, kind, title, summary, transcript, audience, topics, minutes in DOCUMENTS:
        fields = fields_from_texts(title=title, summary=summary, transcript=transcript, audience=audience,
                                   topics=topics, minutes=minutes, language=LANGUAGE.get(key, "vi"),
                                   url=f"/test/{key}/")
        store_document(kind, key, fields)


def dcg(grades) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    return dcg([judged.get(key, 0) for key in ranked[:k]]) / ideal if ideal else 0.0


def evaluate(rank, queries) -> dict:
    """`rank(query) -> [document keys, best first]`."""
    per_query = []
    for query, judged in queries:
        ranked = rank(query)
        per_query.append({"query": query, "ndcg": ndcg_at(ranked, judged), "top": ranked[:3],
                          "success": bool(ranked) and judged.get(ranked[0], 0) > 0})
    n = len(per_query) or 1
    return {"ndcg": sum(q["ndcg"] for q in per_query) / n, "success": sum(q["success"] for q in per_query) / n,
            "queries": per_query}


def query_sets():
    accented = QUERIES
    unmarked = [(strip_marks(q), judged) for q, judged in QUERIES]
    return {"accented": accented, "unmarked": unmarked, "typed": TYPED_QUERIES}
