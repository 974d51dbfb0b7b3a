import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/", "Bình dân học vụ số Đồng Nai"),
    ("/tin-tuc/", "Tin tức"),
    ("/tin-tuc/cuoc-thi-cong-dan-so-dong-nai/", "Công dân số Đồng Nai"),
    ("/van-ban/", "Văn bản chỉ đạo"),
    ("/le-phat-dong-mua-he-so/", "Mùa hè số"),
    ("/gioi-thieu/", "Giới thiệu phong trào"),
    ("/en/", "Digital Literacy for All"),
    ("/en/news/", "News"),
    ("/en/news/cuoc-thi-cong-dan-so-dong-nai/", "Digital Citizen of Đồng Nai"),
]


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_every_page_type_in_both_languages_is_readable_and_accessible(demo, page, axe):
    for url, heading in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert heading in page.locator("h1").inner_text(), url
        assert page.locator("main#main").is_visible()
        axe(page)
