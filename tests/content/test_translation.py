"""The wagtail-localize round trip: an editor's translation of a news page is served at its
English URL, and untranslated pages fall back to the reader's language home."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale
from wagtail_localize.models import String, StringTranslation, Translation, TranslationSource

from content.models import NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_news_page_translated_with_wagtail_localize_is_served_in_english(client, demo, django_capture_on_commit_callbacks):
    page = NewsPage.objects.get(slug="canh-giac-lua-dao-qua-dien-thoai", locale__language_code="vi")
    en = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=en)
    english = {
        page.title: "Beware of phone and social media scams",
        page.summary: "Never share OTP codes, never tap unknown links, check before sending money.",
    }
    for segment in source.stringsegment_set.select_related("string"):
        text = segment.string.data
        StringTranslation.objects.create(
            translation_of=segment.string, locale=en, context=segment.context,
            data=english.get(text, f"[EN] {text}"),
        )
    with django_capture_on_commit_callbacks(execute=True):  # localize publishes on commit
        translation.save_target(publish=True)
    translated = page.get_translation(en)
    assert translated.live and translated.title == "Beware of phone and social media scams"
    response = client.get(translated.url)
    assert translated.url.startswith("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html and "Never share OTP codes" in html
    assert f'hreflang="vi" href="http://testserver{page.url}"' in html
    assert String.objects.filter(data=page.title).exists()


def test_language_switcher_keeps_the_reader_on_the_translation(client, demo):
    html = client.get("/tin-tuc/muc-tieu-nam-2026/").content.decode()
    assert 'href="/en/news/muc-tieu-nam-2026/" lang="en"' in html


def test_untranslated_page_switches_to_the_english_home_not_a_404(client, demo):
    html = client.get("/tin-tuc/canh-giac-lua-dao-qua-dien-thoai/").content.decode()
    assert 'href="/en/" lang="en"' in html
    assert 'hreflang="en"' not in html.split("</head>")[0]


def test_english_only_url_of_an_untranslated_page_is_a_helpful_404(client, demo):
    response = client.get("/en/news/canh-giac-lua-dao-qua-dien-thoai/")
    assert response.status_code == 404
    assert "Go to the home page" in response.content.decode()
