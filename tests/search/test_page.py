"""The search page and its JSON API: results, facets, highlighting, did-you-mean, pagination, bad
input and the anonymous query log."""

import pytest

from search.indexing import fields_from_texts, store_document
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def index(key, title, summary="", kind="lesson", **extra):
    store_document(kind, key, fields_from_texts(title=title, summary=summary, url=f"/bai/{key}/", **extra))


@pytest.fixture
def library():
    index("vneid", "Cài đặt ứng dụng VNeID", "Tải VNeID từ kho ứng dụng.", audience=["elderly"],
          topics=["VNeID"], minutes=3)
    index("level2", "Kích hoạt VNeID mức 2", "Nhập mã OTP và mật khẩu.", audience=["other_adult"],
          topics=["VNeID"], minutes=12)
    index("news", "VNeID có thêm sổ sức khỏe", "Tin mới về VNeID.", kind="news", topics=["Tin"])
    index("scam", "Lừa đảo qua điện thoại", "Giả danh công an gọi điện.", audience=["elderly"], minutes=6)


def test_page_without_query_shows_the_form_only(client):
    html = client.get("/tim-kiem/").content.decode()
    assert 'role="search"' in html and "kết quả" not in html


def test_results_are_highlighted_and_link_to_the_lessons(client, library):
    html = client.get("/tim-kiem/", {"q": "cai vneid"}).content.decode()
    assert "3 kết quả" in html
    assert '<a href="/bai/vneid/"><mark>Cài</mark> đặt ứng dụng <mark>VNeID</mark></a>' in html
    assert html.index("/bai/vneid/") < html.index("/bai/level2/")


def test_facets_count_and_filter_and_can_be_removed(client, library):
    html = client.get("/tim-kiem/", {"q": "vneid"}).content.decode()
    assert "Bài học <span class=\"muted\">(2)</span>" in html
    assert "Tin tức" not in html or "(1)" in html
    html = client.get("/tim-kiem/", {"q": "vneid", "loai": "news"}).content.decode()
    assert "1 kết quả" in html and "/bai/news/" in html and "/bai/vneid/" not in html
    html = client.get("/tim-kiem/", {"q": "vneid", "doi-tuong": "elderly"}).content.decode()
    assert "/bai/vneid/" in html and "/bai/level2/" not in html
    html = client.get("/tim-kiem/", {"q": "vneid", "do-dai": "medium"}).content.decode()
    assert "/bai/level2/" in html and "/bai/vneid/" not in html
    assert "Bỏ mọi bộ lọc" in html


def test_html_in_titles_and_queries_is_escaped(client):
    index("xss", "<script>alert(1)</script> Mật khẩu", "<img src=x onerror=alert(1)> mật khẩu mạnh")
    html = client.get("/tim-kiem/", {"q": "<b>mật khẩu</b>"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "<mark>Mật</mark>" in html
    assert "<b>mật" not in html


def test_did_you_mean_for_an_empty_result(client, library):
    html = client.get("/tim-kiem/", {"q": "luaa dao"}).content.decode()
    assert "Có phải bạn muốn tìm" not in html  # one typo in a 5-letter word is simply tolerated
    html = client.get("/tim-kiem/", {"q": "kic hoa"}).content.decode()
    assert "Không tìm thấy kết quả" in html
    assert "Có phải bạn muốn tìm" in html and "kich hoat" in html


def test_pagination_keeps_query_and_filters(client):
    for i in range(23):
        index(f"k{i}", f"Kỹ năng số bài {i}", audience=["student"])
    html = client.get("/tim-kiem/", {"q": "kỹ năng", "doi-tuong": "student"}).content.decode()
    assert "Trang 1/3" in html and "trang=2" in html and "doi-tuong=student" in html
    page3 = client.get("/tim-kiem/", {"q": "kỹ năng", "doi-tuong": "student", "trang": 3}).content.decode()
    assert "Trang 3/3" in page3 and page3.count('class="card"') == 3
    assert client.get("/tim-kiem/", {"q": "kỹ năng", "trang": "999"}).status_code == 200
    assert client.get("/tim-kiem/", {"q": "kỹ năng", "trang": "abc"}).status_code == 200


BAD_INPUT = ["", "   ", "a" * 10_000, "!!! ??? ...", "'; DROP TABLE search_searchdocument; --",
             "title:(vneid OR x) AND NOT body:[* TO *] ~2 ^3 \\", 'tin" OR 1=1 --', "😀🔥👍",
             "NEAR(a b) * ^ \" ( )", "\x00\x01", "%_%", "cài 😀 vneid"]


@pytest.mark.parametrize("query", BAD_INPUT)
def test_bad_input_gives_a_clear_answer_never_an_error(client, library, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    api = client.get("/api/search/", {"q": query})
    assert api.status_code == 200
    body = api.json()
    assert body["total"] >= 0
    if not any(ch.isalnum() for ch in query):
        assert body["message"].startswith("Hãy nhập từ cần tìm")
    assert client.get("/api/search/suggest", {"q": query}).status_code == 200


def test_a_long_paste_is_cut_with_a_message(client, library):
    body = client.get("/api/search/", {"q": "vneid " * 2000}).json()
    assert "quá dài" in body["message"] and body["total"] == 3


def test_emoji_around_words_still_finds(client, library):
    assert client.get("/api/search/", {"q": "cài 😀 vneid"}).json()["hits"][0]["url"] == "/bai/vneid/"


def test_json_api_returns_hits_facets_and_suggestions(client, library):
    body = client.get("/api/search/", {"q": "VNeID", "kind": "lesson"}).json()
    assert body["total"] == 2 and body["backend"] == "database"
    assert {f["value"]: f["count"] for f in body["facets"]["kind"]} == {"lesson": 2, "news": 1}
    assert body["hits"][0]["title_html"].count("<mark>") == 1
    suggestions = client.get("/api/search/suggest", {"q": "kich h"}).json()
    assert suggestions == [{"title": "Kích hoạt VNeID mức 2", "url": "/bai/level2/", "kind": "lesson"}]
    assert client.get("/api/search/", {"q": "x", "page": "abc"}).status_code == 422
    assert client.get("/api/search/openapi.json").status_code == 200


def test_query_log_is_anonymous_folded_and_counts_results(client, library, django_user_model):
    user = django_user_model.objects.create_user(phone="+84901234567", password="x" * 12)
    client.force_login(user)
    client.get("/tim-kiem/", {"q": "Cài VNeID"})
    client.get("/tim-kiem/", {"q": "Bảo hiểm BHXH"})
    client.get("/tim-kiem/", {"q": "Cài VNeID", "trang": 2})  # later pages are not new searches
    rows = list(QueryLog.objects.order_by("pk").values("query", "results"))
    assert rows == [{"query": "cai vneid", "results": 3}, {"query": "bao hiem bhxh", "results": 0}]
    field_names = {f.name for f in QueryLog._meta.get_fields()}
    assert field_names == {"id", "query", "results", "language", "created_at"}


def test_admin_report_lists_top_and_zero_result_queries_for_permitted_staff(client, django_user_model):
    for query, results in [("cai vneid", 3), ("cai vneid", 3), ("bhxh", 0)]:
        QueryLog.objects.create(query=query, results=results)
    staff = django_user_model.objects.create_user(phone="+84901234568", password="x" * 12, is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    refused = client.get("/cms/search-report/")  # Wagtail sends the refused user to the dashboard
    assert refused.status_code == 302 and refused.url == "/cms/"
    staff.user_permissions.add(Permission.objects.get(codename="view_querylog"))
    html = client.get("/cms/search-report/").content.decode()
    top = html[html.index("Tìm nhiều nhất"):html.index("Tìm mà không thấy")]
    zero = html[html.index("Tìm mà không thấy"):]
    assert "cai vneid</td><td>2" in top
    assert "bhxh</td><td>1" in zero and "cai vneid" not in zero


def test_english_page_searches_english_content_first_in_english(client, library):
    index("en", "Installing VNeID", "Step by step.", language="en")
    html = client.get("/en/tim-kiem/", {"q": "vneid"}).content.decode()
    assert 'lang="en"' in html and "Search lessons, courses, news, documents" in html
    assert "1 result" in html and "/bai/en/" in html and "/bai/vneid/" not in html
    everything = client.get("/en/tim-kiem/", {"q": "vneid", "ngon-ngu": "all"}).content.decode()
    assert "4 results" in everything and 'lang="vi"' in everything  # Vietnamese results marked as such


def test_organisers_edit_the_synonym_list_in_the_wagtail_admin(client, django_user_model):
    from django.urls import reverse

    from search.models import Synonym
    from search.query import parse

    admin = django_user_model.objects.create_superuser(phone="+84901234569", password="x" * 12)
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_search_synonym:list"))
    assert listing.status_code == 200 and "TTKDTM" in listing.content.decode()
    response = client.post(reverse("wagtailsnippets_search_synonym:add"),
                           {"terms": "BHYT, bảo hiểm y tế", "active": "on", "note": ""})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="BHYT, bảo hiểm y tế").exists()
    assert any(a.words == ("bao", "hiem", "y", "te") for a in parse("bhyt").units[0].alternatives)


def test_a_very_broad_query_says_it_shows_the_best_matches(client):
    from search.backends import CANDIDATES

    for i in range(CANDIDATES + 5):
        index(f"b{i}", f"Kỹ năng số bài {i}")
    html = client.get("/tim-kiem/", {"q": "kỹ năng"}).content.decode()
    assert f"Hơn {CANDIDATES} kết quả" in html
    assert client.get("/api/search/", {"q": "kỹ năng"}).json()["truncated"] is True
