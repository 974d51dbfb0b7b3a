"""Vietnamese text handling shared by every backend.

People type Vietnamese on phones with or without diacritics ("kỹ năng số" / "ky nang so"), with
Telex leftovers, abbreviations ("CĐS", "dvc") and one slip of the finger. Everything is matched on a
*folded* form: lowercase, combining marks removed after NFD, and đ→d (NFD does not decompose đ, and
SQLite's FTS5 remove_diacritics misses it and some tone marks, so we never rely on it)."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
TYPO_MIN_LENGTH = 5

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold_table() -> dict[int, str | None]:
    """One translate() table: every precomposed Latin letter (Vietnamese lives in U+00C0-U+024F and
    U+1E00-U+1EFF) to its base letter, combining marks (for decomposed input) to nothing, and the
    letters NFD does not decompose (đ) by hand. translate() runs in C: folding a long transcript
    costs microseconds, not a Python loop per character."""
    table: dict[int, str | None] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char:
            table[code] = base.lower()
    for code in range(0x300, 0x370):
        table[code] = None
    table.update({ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d", ord("ı"): "i", ord("ł"): "l",
                  ord("Ł"): "l", ord("ø"): "o", ord("Ø"): "o"})
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Kỹ năng SỐ, Đồng Nai' -> 'ky nang so, dong nai'."""
    if not text:
        return ""
    return text.lower().translate(_FOLD_TABLE)


def lower_exact(text: str) -> str:
    """Lowercase keeping diacritics, in the composed (NFC) form, so 'Số' and 'số' (NFD) compare equal."""
    return unicodedata.normalize("NFC", text or "").lower()


def words(text: str) -> list[str]:
    """Words as written (letters and digits), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))


def tokens(text: str) -> list[str]:
    """Folded words: what is indexed and matched."""
    return _WORD.findall(fold(text))


def has_diacritics(word: str) -> bool:
    return fold(word) != word.lower()


def clean_query(raw: str) -> str:
    """The query as it will be searched: control characters out, length bounded (a 10,000-character
    paste is cut, not refused), whitespace collapsed."""
    raw = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))[: MAX_QUERY_CHARS * 2]
    raw = " ".join(raw.split())
    return raw[:MAX_QUERY_CHARS].strip()


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early above `limit`: a
    swapped pair of letters ("thaoi") counts as one typo, as people make it."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_allowed(word: str) -> bool:
    """One typo is tolerated only in longer words: in short Vietnamese syllables one letter is
    another word ("so"/"sao", "an"/"anh")."""
    return len(word) >= TYPO_MIN_LENGTH
