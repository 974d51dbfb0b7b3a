"""Query understanding: abbreviations from the organisers' list, the "AI"/"ai" trap, typos."""

import pytest

from search.backends import Vocabulary
from search.models import Synonym
from search.query import ORIGINAL, SYNONYM, TYPO, parse

pytestmark = pytest.mark.django_db


def alternatives(query, index=0):
    return {(" ".join(a.words), a.source) for a in query.units[index].alternatives}


def test_seeded_abbreviations_expand_in_any_case_and_without_marks():
    for typed in ("CĐS", "cđs", "cds", "CDS"):
        assert ("chuyen doi so", SYNONYM) in alternatives(parse(typed)), typed
    assert ("dich vu cong", SYNONYM) in alternatives(parse("dvc"))
    assert ("thanh toan khong dung tien mat", SYNONYM) in alternatives(parse("TTKDTM"))
    assert ("cong nghe so cong dong", SYNONYM) in alternatives(parse("CNSCĐ"))


def test_long_form_expands_to_the_abbreviation_as_one_unit():
    query = parse("dịch vụ công trực tuyến")
    assert len(query.units) == 1  # DVCTT group: the whole phrase
    assert ("dvctt", SYNONYM) in alternatives(query)


def test_uppercase_AI_expands_but_the_pronoun_ai_does_not():
    assert ("tri tue nhan tao", SYNONYM) in alternatives(parse("AI là gì"))
    who = parse("ai hướng dẫn cài ứng dụng")
    assert alternatives(who) == {("ai", ORIGINAL)}


def test_lowercase_ai_expands_when_the_other_words_mean_the_technology():
    assert ("tri tue nhan tao", SYNONYM) in alternatives(parse("công cụ ai soạn văn bản"), 2)
    assert ("tri tue nhan tao", SYNONYM) in alternatives(parse("dùng chatgpt và ai"), 3)


def test_an_organiser_edit_in_the_admin_list_takes_effect_at_once():
    assert alternatives(parse("BHXH")) == {("bhxh", ORIGINAL)}
    Synonym.objects.create(terms="BHXH, bảo hiểm xã hội")
    assert ("bao hiem xa hoi", SYNONYM) in alternatives(parse("BHXH"))
    Synonym.objects.filter(terms__startswith="BHXH").update(active=False)
    Synonym.objects.get(terms__startswith="BHXH").save()  # the admin saves through the model
    assert alternatives(parse("BHXH")) == {("bhxh", ORIGINAL)}


def test_one_typo_in_long_words_is_corrected_from_the_indexed_vocabulary(settings):
    from search.indexing import fields_from_texts, store_document

    store_document("lesson", 1, fields_from_texts(title="Lừa đảo qua điện thoại", summary="Cài VNeID"))
    query = parse("dien thaoi vnied so", vocabulary=Vocabulary())
    assert ("thoai", TYPO) in alternatives(query, 1)
    assert ("vneid", TYPO) in alternatives(query, 2)
    # Short words are never "corrected": "so" is not "sao"/"do".
    assert alternatives(query, 3) == {("so", ORIGINAL)}


def test_words_and_length_are_bounded():
    query = parse(" ".join(f"tu{i}" for i in range(50)))
    assert len(query.units) == 12
    assert parse("!!! ...").empty and parse("").empty and parse("😀😀").empty
