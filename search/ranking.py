"""One ranking for every database: candidates found by PostgreSQL full-text search or SQLite FTS5
are scored here, so both give the same order.

Score, in order of importance:
1. how much of the query the document covers (words weighted by rarity; any-word matching, so a
   document with 4 of 5 words is found and ranks below one with all 5);
2. where the words are (title > summary > body > transcript), discounted for synonyms and typos;
3. phrase proximity: query words next to each other, in order, in the document;
4. exact accented match: "số" typed with marks ranks "số" above "sổ"/"sợ" folded to "so";
5. a tight title (most of its words asked for) and the kind's boost."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .query import ORIGINAL, SYNONYM, TYPO, ParsedQuery
from .text import fold, lower_exact, words

FIELD_WEIGHTS = {"a": 1.0, "b": 0.7, "c": 0.45, "d": 0.35}
SOURCE_FACTOR = {ORIGINAL: 1.0, SYNONYM: 0.9, TYPO: 0.7}
MIN_COVERAGE = 0.3
SCORING_CHARS = 3000  # long bodies and transcripts: their beginning is enough to score


@dataclass
class Scored:
    doc: object
    score: float
    coverage: float
    matched_words: set[str] = field(default_factory=set)


def _contains(haystack: list[str], needle: tuple[str, ...], words: set[str] | None = None) -> bool:
    """The words of `needle` next to each other, in order, in `haystack`."""
    words = words if words is not None else set(haystack)
    if not all(w in words for w in needle):
        return False
    n = len(needle)
    if n == 1:
        return True
    first, rest = needle[0], list(needle[1:])
    return any(w == first and haystack[i + 1:i + n] == rest for i, w in enumerate(haystack))


_FOLDED_WORD = re.compile(r"[^\W_]+")


def _field_tokens(doc) -> dict[str, list[str]]:
    # The columns are folded already: split only (folding again costs more than all the rest).
    return {key: _FOLDED_WORD.findall((getattr(doc, f"folded_{key}") or "")[:SCORING_CHARS]) for key in "abcd"}


def score_documents(query: ParsedQuery, docs, language: str | None = None) -> list[Scored]:
    if query.empty:
        return []
    prepared = []
    unit_seen = [False] * len(query.units)
    for doc in docs:
        fields = _field_tokens(doc)
        sets = {key: set(value) for key, value in fields.items()}
        unit_matches = []
        for index, unit in enumerate(query.units):
            best, matched_words = 0.0, set()
            for alternative in unit.alternatives:
                for key, weight in FIELD_WEIGHTS.items():
                    if _contains(fields[key], alternative.words, sets[key]):
                        value = weight * SOURCE_FACTOR[alternative.source]
                        matched_words.update(alternative.words)
                        best = max(best, value)
            if best:
                unit_seen[index] = True
            unit_matches.append((best, matched_words))
        prepared.append((doc, fields, sets, unit_matches))

    # Words no candidate contains (a misspelling beyond repair, a word not in the library) do not
    # count against anyone.
    total_weight = sum(u.weight for u, seen in zip(query.units, unit_seen, strict=True) if seen) or 1.0
    pairs = [(a, b) for a, b in zip(query.units, query.units[1:], strict=False)]
    exact_units = [u for u in query.units if u.exact]
    query_words = {w for u in query.units for a in u.alternatives for w in a.words}
    results = []
    for doc, fields, sets, unit_matches in prepared:
        coverage = sum(u.weight for u, (best, _) in zip(query.units, unit_matches, strict=True) if best) / total_weight
        if coverage < MIN_COVERAGE and not (len(query.units) > 1 and coverage > 0 and
                                           sum(1 for best, _ in unit_matches if best) >= 2):
            continue
        if coverage <= 0:
            continue
        placement = sum(u.weight * best for u, (best, _) in zip(query.units, unit_matches, strict=True)) / total_weight
        proximity = 0.0
        if pairs:
            adjacent = 0
            for first, second in pairs:
                phrase = first.original.words + second.original.words
                if any(_contains(fields[key], phrase, sets[key]) for key in "abc"):
                    adjacent += 1
            proximity = adjacent / len(pairs)
            whole = tuple(w for u in query.units for w in u.original.words)
            if len(whole) > 2 and any(_contains(fields[key], whole, sets[key]) for key in "ab"):
                proximity += 0.5
        exact = 0.0
        if exact_units:
            exact_words = set(words(lower_exact(f"{doc.text_a} {doc.text_b}")))
            exact = sum(1 for u in exact_units if all(w in exact_words for w in u.exact)) / len(exact_units)
        title = fields["a"]
        tightness = (sum(1 for w in title if w in query_words) / len(title)) if title else 0.0
        score = 4.0 * coverage + 1.5 * placement + 1.0 * proximity + 0.6 * exact + 0.4 * tightness
        if language and doc.language == language:
            score += 0.05
        score *= doc.boost or 1.0
        matched = set().union(*(m for _, m in unit_matches))
        results.append(Scored(doc, score, coverage, matched))
    results.sort(key=lambda s: (-s.score, s.doc.title))
    return results


_TOKEN_SPAN = re.compile(r"[^\W_]+", re.UNICODE)


def highlight(text: str, matched: set[str]) -> str:
    """Escaped HTML with matched words (compared folded) in <mark>."""
    out, last = [], 0
    for match in _TOKEN_SPAN.finditer(text):
        if fold(match.group()) in matched:
            out.append(escape(text[last:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(doc, matched: set[str], size: int = 28) -> str:
    """The passage (about `size` words) with most matched words, escaped and highlighted."""
    for source in (doc.text_b, doc.text_c, doc.text_d):
        if not source:
            continue
        spans = list(_TOKEN_SPAN.finditer(source[:50000]))
        hits = [i for i, m in enumerate(spans) if fold(m.group()) in matched]
        if not hits and source is not doc.text_b:
            continue
        if not spans:
            continue
        best_start, best_count = 0, -1
        for start in (max(0, h - 4) for h in hits or [0]):
            count = sum(1 for h in hits if start <= h < start + size)
            if count > best_count:
                best_start, best_count = start, count
        end = min(len(spans), best_start + size)
        text = source[spans[best_start].start():spans[end - 1].end()]
        prefix = "… " if best_start > 0 else ""
        suffix = " …" if end < len(spans) else ""
        return mark_safe(escape(prefix) + highlight(text, matched) + escape(suffix))
    return ""
