import io

import pytest
from django.core.management import call_command

from content.models import NewsPage, OfficialDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_site(settings):
    settings.PAGE_CACHE_SECONDS = 300
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_anonymous_page_is_served_from_cache_the_second_time(client, cached_site, django_assert_max_num_queries):
    first = client.get("/tin-tuc/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get("/tin-tuc/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_retires_cached_pages(client, cached_site):
    client.get("/tin-tuc/")
    page = NewsPage.objects.get(slug="canh-giac-lua-dao-qua-dien-thoai")
    page.title = "Tiêu đề mới sau khi sửa"
    page.save_revision().publish()
    response = client.get("/tin-tuc/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tiêu đề mới sau khi sửa" in response.content.decode()


def test_saving_a_snippet_retires_cached_pages(client, cached_site):
    client.get("/van-ban/")
    OfficialDocument.objects.create(number="999/CV-SKHCN", doc_type="cong_van", title="Công văn mới",
                                    issuing_body="Sở KH&CN", issued_on="2026-11-20")
    assert "999/CV-SKHCN" in client.get("/van-ban/").content.decode()


def test_signed_in_readers_and_forms_are_never_cached(client, cached_site):
    from accounts.models import User

    client.get("/tin-tuc/")
    client.force_login(User.objects.get(email="bientap@demo.hocvuso.vn"))
    response = client.get("/tin-tuc/")
    assert "X-Page-Cache" not in response
    client.logout()
    client.cookies.clear()
    login = client.get("/tai-khoan/dang-nhap/")
    assert "X-Page-Cache" not in login


def test_site_lookup_is_remembered_until_a_site_changes(client, settings):
    """The Site memo saves a query per request; editing the Site in the admin must take effect."""
    from wagtail.models import Page, Site

    settings.PAGE_CACHE_SECONDS = 0
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    other_root = Page.objects.get(depth=1).add_child(instance=Page(title="Trang gốc khác", slug="goc-khac"))
    other_root.save_revision().publish()
    assert "Trang gốc khác" not in client.get("/").content.decode()
    site.root_page = other_root
    site.save()
    response = client.get("/")
    assert response.status_code == 200
    assert "Trang gốc khác" in response.content.decode()
