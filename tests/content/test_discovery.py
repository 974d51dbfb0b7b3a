import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_rss_per_language_is_valid_and_in_that_language(client, demo):
    vi = ET.fromstring(client.get("/rss/vi/").content)
    titles = [t.text for t in vi.iter("title")]
    assert "Tin tức Học vụ số Đồng Nai" in titles[0]
    assert len(vi.findall("./channel/item")) == 12
    en = ET.fromstring(client.get("/rss/en/").content)
    assert en.find("./channel/title").text == "Học vụ số Đồng Nai news"
    assert len(en.findall("./channel/item")) == 3


def test_rss_per_category_lists_only_that_category(client, demo):
    feed = ET.fromstring(client.get("/rss/vi/cuoc-thi/").content)
    items = feed.findall("./channel/item")
    assert [i.find("title").text for i in items] == [
        "Sắp diễn ra cuộc thi “Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp”"]


@pytest.mark.parametrize("url", ["/rss/xx/", "/rss/vi/khong-co/", "/rss/en/cuoc-thi/"])
def test_unknown_feed_is_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_sitemap_is_valid_and_lists_translations(client, demo):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = root.findall("s:url", SITEMAP_NS)
    locations = [u.find("s:loc", SITEMAP_NS).text for u in urls]
    assert "http://localhost/en/news/muc-tieu-nam-2026/" in locations
    entry = next(u for u in urls if u.find("s:loc", SITEMAP_NS).text.endswith("/tin-tuc/muc-tieu-nam-2026/"))
    alternates = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", SITEMAP_NS)}
    assert alternates == {"vi": "http://localhost/tin-tuc/muc-tieu-nam-2026/",
                          "en": "http://localhost/en/news/muc-tieu-nam-2026/"}


def test_robots_points_at_the_sitemap_and_keeps_admin_out(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /cms/" in body


def test_article_has_sharing_meta_and_news_article_json_ld(client, demo):
    html = client.get("/tin-tuc/muc-tieu-nam-2026/").content.decode()
    assert '<meta property="og:title" content="Năm mục tiêu của phong trào năm 2026">' in html
    assert '<meta name="twitter:card"' in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "vi"
    assert data["headline"] == "Năm mục tiêu của phong trào năm 2026"


def test_article_page_weighs_under_150_kb_with_its_css_and_js(client, demo):
    import re

    from django.contrib.staticfiles import finders

    html = client.get("/tin-tuc/muc-tieu-nam-2026/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    total = len(html) + sum(len(open(finders.find(a.decode()), "rb").read()) for a in assets)
    assert assets, "the page links its stylesheet and script"
    assert total < 150 * 1024
    assert b"<script src=\"http" not in html and b"stylesheet\" href=\"http" not in html  # nothing third-party


def test_cover_image_needs_alt_text():
    from django.core.exceptions import ValidationError

    from content.models import NewsPage

    page = NewsPage(title="Tin", summary="Tóm tắt", cover_image_id=1, cover_alt=" ")
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "cover_alt" in excinfo.value.message_dict
