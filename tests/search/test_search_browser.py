"""The search page in a phone-sized browser: accessible (axe, WCAG 2.1 AA), suggestions as you
type, and usable without JavaScript."""

import pytest

from search.indexing import fields_from_texts, store_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library():
    for key, title, summary, audience in [
        ("vneid", "Cài đặt ứng dụng VNeID trên điện thoại", "Tải VNeID từ kho ứng dụng.", ["elderly"]),
        ("level2", "Kích hoạt tài khoản định danh mức 2", "Nhập mã OTP nhận qua tin nhắn.", ["other_adult"]),
        ("scam", "Nhận biết lừa đảo qua điện thoại", "Cuộc gọi giả danh công an.", ["elderly"]),
    ]:
        store_document("lesson", key, fields_from_texts(title=title, summary=summary, url=f"/bai/{key}/",
                                                        audience=audience, minutes=4))


def test_search_page_results_facets_and_empty_state_are_accessible(library, page, axe):
    page.goto("/tim-kiem/")
    axe(page)
    page.get_by_label("Tìm bài học, khóa học, tin tức, văn bản").fill("lua dao qua dien thoai")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/tim-kiem/?q=*")
    first = page.locator(".search-results li").first
    assert "Nhận biết lừa đảo qua điện thoại" in first.inner_text()
    assert first.locator("mark").count() >= 3
    page.locator(".search-facets summary").click()
    axe(page)
    page.get_by_role("link", name="Người cao tuổi").click()
    assert "doi-tuong=elderly" in page.url
    assert page.locator(".search-results li").count() == 2
    axe(page)
    page.goto("/tim-kiem/?q=kic+hoa")
    assert "Có phải bạn muốn tìm" in page.locator(".search-empty").inner_text()
    axe(page)


def test_suggestions_appear_as_you_type_and_open_with_the_keyboard(library, page, axe):
    page.goto("/tim-kiem/")
    box = page.get_by_role("combobox")
    box.press_sequentially("kich ho", delay=30)
    option = page.get_by_role("option").first
    option.wait_for()
    assert "Kích hoạt tài khoản định danh mức 2" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    axe(page)
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/bai/level2/")


def test_search_works_without_javascript(library, browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740},
                                  base_url=live_server.url)
    page = context.new_page()
    page.goto("/tim-kiem/")
    page.fill("#search-q", "cai vneid")
    page.click("button[type=submit]")
    assert "Cài đặt ứng dụng VNeID" in page.locator(".search-results").inner_text()
    context.close()
