import io

import pytest
from django.core.management import call_command

from content.models import EventPage, NewsPage, OfficialDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_seed_demo_makes_a_dozen_news_documents_and_an_event_once(demo):
    call_command("seed_demo", "--only", "portal.demo", "content.demo", stdout=io.StringIO())
    assert NewsPage.objects.filter(locale__language_code="vi").live().count() == 12
    assert NewsPage.objects.filter(locale__language_code="en").live().count() == 3
    assert OfficialDocument.objects.count() == 5
    assert EventPage.objects.live().filter(locale__language_code="vi").count() == 1


def test_home_lists_latest_news_and_sections(client, demo):
    html = client.get("/").content.decode()
    assert "Sơ kết một năm triển khai phong trào" in html
    assert 'href="/van-ban/"' in html


def test_news_index_filters_by_category_and_year_and_tag(client, demo):
    html = client.get("/tin-tuc/?chuyen-muc=cuoc-thi").content.decode()
    assert "Công dân số Đồng Nai" in html and "Cảnh giác lừa đảo" not in html
    html = client.get("/tin-tuc/?the=AI").content.decode()
    assert "trí tuệ nhân tạo" in html and "đưa kỹ năng số về vùng sâu" not in html


@pytest.mark.parametrize("query", ["trang=999", "trang=abc", "nam=abc", "chuyen-muc=khong-co", "trang=-1"])
def test_news_index_bad_parameters_never_fail(client, demo, query):
    assert client.get(f"/tin-tuc/?{query}").status_code == 200


def test_news_index_paginates_and_keeps_filters_in_links(client, demo):
    html = client.get("/tin-tuc/?nam=2026").content.decode()
    assert "Trang 1/" in html
    assert "?nam=2026&amp;trang=2" in html


def test_document_library_filters_by_type_and_sorts_by_date(client, demo):
    html = client.get("/van-ban/?loai=quyet_dinh").content.decode()
    assert "757/QĐ-BKHCN" in html and "216/KH-UBND" not in html
    oldest_first = client.get("/van-ban/?sap-xep=cu-nhat").content.decode()
    assert oldest_first.index("57-NQ/TW") < oldest_first.index("216/KH-UBND")
    newest_first = client.get("/van-ban/").content.decode()
    assert newest_first.index("216/KH-UBND") < newest_first.index("57-NQ/TW")


def test_event_page_shows_time_place_and_connected_sites(client, demo):
    html = client.get("/le-phat-dong-mua-he-so/").content.decode()
    assert "Hội trường Ủy ban nhân dân thành phố Đồng Nai" in html
    assert "UBND 95 xã, phường" in html


def test_english_translation_is_served_at_its_prefixed_url(client, demo):
    response = client.get("/en/news/muc-tieu-nam-2026/")
    assert response.status_code == 200
    assert "Five targets of the movement in 2026" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tin-tuc/canh-giac-lua-dao-qua-dien-thoai/", "/van-ban/",
                                 "/le-phat-dong-mua-he-so/", "/gioi-thieu/"])
def test_pages_use_a_bounded_number_of_queries(client, demo, url, django_assert_max_num_queries):
    client.get(url)  # warm per-process caches (site root, locales)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
