import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/", "Bình dân học vụ số Đồng Nai"),
    ("/tin-tuc/", "Tin tức"),
    ("/tin-tuc/cuoc-thi-cong-dan-so-dong-nai/", "Công dân số Đồng Nai"),
    ("/van-ban/", "Văn bản chỉ đạo"),
    ("/le-phat-dong-mua-he-so/", "Mùa hè số"),
    ("/gioi-thieu/", "Giới thiệu phong trào"),
    ("/lien-he/", "Liên hệ"),
    ("/en/", "Digital Literacy for All"),
    ("/en/news/", "News"),
    ("/en/news/cuoc-thi-cong-dan-so-dong-nai/", "Digital Citizen of Đồng Nai"),
    ("/en/documents/", "Official documents"),
    ("/en/digital-summer-launch/", "Digital Summer"),
    ("/en/about/", "About the movement"),
    ("/en/contact/", "Contact"),
]


@pytest.fixture
def demo():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", "content.demo", stdout=io.StringIO())


def test_every_page_type_in_both_languages_is_readable_and_accessible(demo, page, axe):
    for url, heading in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert heading in page.locator("h1").inner_text(), url
        expect(page.locator("main#main")).to_be_visible()
        axe(page)


def test_text_size_and_contrast_switches_are_remembered(demo, page):
    page.goto("/tin-tuc/")
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="A++").click()
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger > base * 1.2
    page.get_by_role("button", name="Tương phản cao").click()
    page.goto("/van-ban/")  # another page: the choices stay
    assert page.evaluate("document.documentElement.dataset.textSize") == "larger"
    assert page.evaluate("document.documentElement.dataset.contrast") == "high"
    assert page.get_by_role("button", name="Tương phản cao").get_attribute("aria-pressed") == "true"


def test_language_switcher_and_keyboard_navigation(demo, page):
    page.goto("/tin-tuc/muc-tieu-nam-2026/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Chuyển đến nội dung chính"
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/news/muc-tieu-nam-2026/")
    assert page.locator("h1").inner_text() == "Five targets of the movement in 2026"
    assert page.locator("html").get_attribute("lang") == "en"


def test_listen_button_reads_the_article_when_speech_is_supported(demo, page):
    # The browser's speech engine is replaced by a recorder: headless Chromium has no voices.
    page.add_init_script("""
        window.__spoken = [];
        Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
            speaking: false, getVoices: () => [], cancel() {},
            speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); }}});
        Object.defineProperty(window, "SpeechSynthesisUtterance", {configurable: true,
            value: function (text) { this.text = text; }});
    """)
    page.goto("/tin-tuc/muc-tieu-nam-2026/")
    page.get_by_role("button", name="Nghe bài viết").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "vi-VN"
    assert "Kế hoạch năm 2026 đặt năm mục tiêu" in spoken[0]["text"]
