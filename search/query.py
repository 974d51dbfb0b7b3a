"""A typed query, understood: which words, which abbreviations/synonyms they stand for, which
spelling corrections are tolerated, and how much each word matters (rarer words weigh more)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.cache import cache

from .text import MAX_QUERY_WORDS, clean_query, edit_distance, fold, has_diacritics, lower_exact, typo_allowed, words

SYNONYM_CACHE_KEY = "search:synonyms:v1"
MAX_PHRASE = 5
# Lowercase "ai" is the Vietnamese "who"; it means AI only beside these words.
AI_CONTEXT = {("cong", "cu"), ("chatgpt",), ("chatbot",), ("tri", "tue"), ("tao", "sinh"),
              ("gemini",), ("copilot",), ("tro", "ly"), ("mo", "hinh"), ("soan",)}

ORIGINAL, SYNONYM, TYPO = "original", "synonym", "typo"


@dataclass(frozen=True)
class Alternative:
    words: tuple[str, ...]
    source: str = ORIGINAL


@dataclass
class Unit:
    """One thing the searcher asked for: a word, or an abbreviation/phrase with its synonyms."""

    typed: str
    alternatives: list[Alternative]
    exact: tuple[str, ...] = ()  # lowercase accented words as typed (empty when typed without marks)
    weight: float = 1.0

    @property
    def original(self) -> Alternative:
        return self.alternatives[0]


@dataclass
class ParsedQuery:
    raw: str
    text: str
    units: list[Unit] = field(default_factory=list)
    # Document frequency of every word of the query's alternatives (filled with a vocabulary).
    frequencies: dict[str, int] = field(default_factory=dict)

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def empty(self) -> bool:
        return not self.units

    def retrieval_words(self, max_df_ratio: float = 0.2, frequencies: dict | None = None, total: int = 0) -> list[str]:
        """Words to find candidates with: the rarest indexed word of each alternative (enough to
        find a phrase, which scoring then checks). Very common words ("cho", "va") are left to
        scoring when the query has rarer ones, so candidate retrieval stays small."""
        if not frequencies:
            return sorted({w for u in self.units for a in u.alternatives for w in a.words})
        limit = max(max_df_ratio * total, 5)
        per_unit = []
        for unit in self.units:
            chosen = set()
            for alternative in unit.alternatives:
                known = sorted((frequencies.get(w, 0), w) for w in alternative.words if frequencies.get(w, 0))
                if known:
                    chosen.add(known[0])
            if chosen:
                per_unit.append(chosen)
        informative = {w for chosen in per_unit for df, w in chosen if df <= limit}
        if informative:
            return sorted(informative)
        return sorted({w for chosen in per_unit for _, w in chosen})


def _synonym_groups() -> list[dict]:
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        from .models import Synonym

        groups = []
        for synonym in Synonym.objects.filter(active=True):
            terms = synonym.term_list()
            if len(terms) < 2:
                continue
            groups.append({
                "terms": terms,
                "folded": [tuple(fold(t).split()) for t in terms],
                "folded_words": [tuple(w for w in _folded_words(t)) for t in terms],
                "case_sensitive": synonym.case_sensitive,
            })
        cache.set(SYNONYM_CACHE_KEY, groups, 300)
    return groups


def _folded_words(text: str) -> list[str]:
    return [fold(w) for w in words(text)]


def forget_synonyms() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


def _phrase_index() -> dict[tuple[str, ...], list[dict]]:
    index: dict[tuple[str, ...], list[dict]] = {}
    for group in _synonym_groups():
        for phrase in group["folded_words"]:
            if phrase:
                index.setdefault(phrase, []).append(group)
    return index


def _ai_context(folded: list[str], start: int, end: int) -> bool:
    others = folded[:start] + ["|"] + folded[end:]
    for context in AI_CONTEXT:
        n = len(context)
        if any(tuple(others[i:i + n]) == context for i in range(len(others) - n + 1)):
            return True
    return False


def _expands(group: dict, typed: list[str], folded: list[str], start: int, end: int) -> bool:
    if not group["case_sensitive"]:
        return True
    typed_phrase = " ".join(typed[start:end])
    # The capitalised abbreviation as organisers wrote it ("AI"), or its lowercase form among words
    # that make the technology meaning clear ("công cụ ai").
    if any(typed_phrase == term for term in group["terms"] if term.upper() == term):
        return True
    phrase_is_abbreviation = any(
        tuple(folded[start:end]) == fw and term.upper() == term
        for term, fw in zip(group["terms"], group["folded_words"], strict=False))
    if not phrase_is_abbreviation:
        return True  # the long form ("trí tuệ nhân tạo") is unambiguous
    return _ai_context(folded, start, end)


def parse(raw: str, *, vocabulary=None) -> ParsedQuery:
    """`vocabulary` answers `frequencies(words) -> {word: df}`, `total()` and `near(word) -> [words]`
    (one edit away); the database backend provides it."""
    text = clean_query(raw)
    typed = words(text)[:MAX_QUERY_WORDS]
    folded = [fold(w) for w in typed]
    query = ParsedQuery(raw=raw or "", text=text)
    if not typed:
        return query
    phrases = _phrase_index()
    i = 0
    while i < len(folded):
        matched = None
        for n in range(min(MAX_PHRASE, len(folded) - i), 0, -1):
            groups = phrases.get(tuple(folded[i:i + n]))
            if groups:
                groups = [g for g in groups if _expands(g, typed, folded, i, i + n)]
                if groups:
                    matched = (n, groups)
                    break
        if matched:
            n, groups = matched
            original = Alternative(tuple(folded[i:i + n]), ORIGINAL)
            alternatives = [original]
            for group in groups:
                for phrase in group["folded_words"]:
                    alternative = Alternative(phrase, SYNONYM)
                    if phrase and phrase != original.words and alternative not in alternatives:
                        alternatives.append(alternative)
            exact = tuple(lower_exact(w) for w in typed[i:i + n] if has_diacritics(w))
            query.units.append(Unit(" ".join(typed[i:i + n]), alternatives, exact))
            i += n
            continue
        word = folded[i]
        exact = (lower_exact(typed[i]),) if has_diacritics(typed[i]) else ()
        query.units.append(Unit(typed[i], [Alternative((word,), ORIGINAL)], exact))
        i += 1
    if vocabulary is not None:
        _add_typos_and_weights(query, vocabulary)
    return query


def _add_typos_and_weights(query: ParsedQuery, vocabulary) -> None:
    all_words = {w for u in query.units for a in u.alternatives for w in a.words}
    frequencies = vocabulary.frequencies(all_words)
    for unit in query.units:
        if len(unit.alternatives) == 1 and len(unit.original.words) == 1:
            word = unit.original.words[0]
            if typo_allowed(word) and not frequencies.get(word):
                for near in vocabulary.near(word):
                    if edit_distance(word, near, 1) <= 1:
                        unit.alternatives.append(Alternative((near,), TYPO))
    typo_words = {w for u in query.units for a in u.alternatives if a.source == TYPO for w in a.words}
    frequencies.update(vocabulary.frequencies(typo_words - set(frequencies)))
    query.frequencies = frequencies
    total = max(vocabulary.total(), 1)
    for unit in query.units:
        df = max((min(frequencies.get(w, 0) for w in a.words) for a in unit.alternatives), default=0)
        unit.weight = math.log(1 + (total + 1) / (df + 1))
