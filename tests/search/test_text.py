"""Vietnamese text handling shared by every backend."""

import sqlite3
import unicodedata

import pytest

from search.text import clean_query, edit_distance, fold, has_diacritics, tokens, typo_allowed

EVERY_VOWEL = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"


def test_fold_removes_every_vietnamese_mark_and_maps_d_stroke():
    assert fold("Kỹ năng SỐ cho Người Cao Tuổi") == "ky nang so cho nguoi cao tuoi"
    assert fold("Đồng Nai, đăng ký") == "dong nai, dang ky"
    assert fold(EVERY_VOWEL) == "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6
    assert fold(EVERY_VOWEL.upper()) == fold(EVERY_VOWEL)


def test_fold_gives_the_same_for_composed_and_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Chuyển đổi số")
    assert fold(decomposed) == fold("Chuyển đổi số") == "chuyen doi so"


def test_sqlite_fts5_remove_diacritics_is_not_enough_which_is_why_we_fold_ourselves():
    """The trap the issue names: FTS5's own folding leaves đ (and we do not depend on it)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    connection.execute("INSERT INTO t VALUES ('đăng ký')")
    assert connection.execute("SELECT count(*) FROM t WHERE t MATCH 'dang'").fetchone()[0] == 0
    assert fold("đăng") == "dang"


def test_tokens_split_on_punctuation_and_keep_digits():
    assert tokens("VNeID: mức-2, (2025)!") == ["vneid", "muc", "2", "2025"]
    assert tokens("!!! ??? ...") == []
    assert tokens("😀 học 🎓") == ["hoc"]


def test_has_diacritics():
    assert has_diacritics("số") and has_diacritics("đi")
    assert not has_diacritics("so") and not has_diacritics("VNeID")


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("thoai", "thoai", 0), ("thaoi", "thoai", 1), ("vnied", "vneid", 1), ("tuoii", "tuoi", 1),
    ("thoa", "thoai", 1), ("nguoi", "ngoi", 1), ("abcde", "edcba", 3),
])
def test_edit_distance_counts_a_swap_as_one_typo(a, b, distance):
    assert edit_distance(a, b, limit=2) == min(distance, 3)


def test_typos_only_tolerated_in_longer_words():
    assert typo_allowed("thoai") and typo_allowed("nguoi")
    assert not typo_allowed("so") and not typo_allowed("sao")


def test_clean_query_bounds_length_and_removes_control_characters():
    assert clean_query("  cài \x00 VNeID\n ") == "cài VNeID"
    assert len(clean_query("a" * 10_000)) == 200
    assert clean_query("") == ""
