import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def home_page():
    import io

    from django.core.management import call_command

    call_command("seed_demo", "--only", "portal.demo", stdout=io.StringIO())


def test_signup_then_login_by_phone_on_a_phone_sized_screen(home_page, page, axe):
    page.goto("/tai-khoan/dang-ky/")
    assert page.locator("h1").inner_text() == "Đăng ký tài khoản"
    axe(page)
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912 345 678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("hoc-ky-nang-so")
    page.get_by_label("Nhập lại mật khẩu").fill("hoc-ky-nang-so")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert User.objects.get(phone="+84912345678").get_full_name() == "Nguyễn Thị Lan"

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/tai-khoan/dang-nhap/")
    axe(page)
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("+84912345678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("hoc-ky-nang-so")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_signup_errors_are_announced_and_accessible(page, axe):
    page.goto("/tai-khoan/dang-ky/")
    page.get_by_role("button", name="Tạo tài khoản").click()
    summary = page.get_by_role("alert")
    assert "Vui lòng sửa các mục sau" in summary.inner_text()
    axe(page)
    assert User.objects.count() == 0


def test_english_login_page_is_english_and_accessible(page, axe):
    page.goto("/en/tai-khoan/dang-nhap/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Log in"
    axe(page)
