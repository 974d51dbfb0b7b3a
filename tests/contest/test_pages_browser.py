"""Every public contest page on a phone-sized screen, with axe-core (WCAG 2.1 A/AA), and the whole
flow: log in → register → start → answer (autosaved) → reload → submit → result → leaderboard."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from contest.models import Attempt, Entrant, RoundResult
from tests.accounts.factories import CommuneFactory, UserFactory

from .factories import make_contest, make_result, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def world():
    contest = make_contest(title="Công dân số Đồng Nai thử")
    round = make_round(contest, count=4, prediction_question="Có bao nhiêu người tham gia đợt này?")
    commune = CommuneFactory(name="Biên Hòa", kind="phường")
    user = UserFactory(phone="+84912345678", first_name="Lan", last_name="Nguyễn Thị")
    return contest, round, commune, user


def log_in(page, next_url):
    page.goto(f"/tai-khoan/dang-nhap/?next={next_url}")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912 345 678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: urlparse(url).path == next_url)


def test_full_flow_register_take_submit_result(world, page, axe):
    contest, round, commune, user = world
    page.goto(contest.url)
    assert page.locator("h1").inner_text() == "Công dân số Đồng Nai thử"
    axe(page)
    log_in(page, contest.url)
    page.get_by_role("link", name="Đăng ký dự thi").click()
    page.wait_for_url(lambda url: urlparse(url).path == f"/cuoc-thi/{contest.pk}/dang-ky/")
    axe(page)
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Lan"  # pre-filled from the account
    page.get_by_label("Ngày sinh").fill("1992-03-04")
    page.get_by_label("Xã, phường").select_option(str(commune.pk))
    page.get_by_label("Nhóm đối tượng").select_option("digital_team")
    consent = page.get_by_label(re.compile("Tôi đã đọc và đồng ý"))
    assert not consent.is_checked()
    consent.check()
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_url(lambda url: urlparse(url).path == contest.url)
    assert Entrant.objects.get().phone == "+84912345678"

    page.get_by_role("button", name=re.compile("Bắt đầu làm bài")).click()
    page.wait_for_url(re.compile(r"/cuoc-thi/bai-thi/\d+/$"))
    attempt = Attempt.objects.get()
    expect(page.locator("[data-countdown]")).to_be_visible()
    assert "Thời gian còn lại" in page.locator("[data-countdown]").inner_text()
    axe(page)
    assert "is_correct" not in page.content()
    questions = page.locator("fieldset.question")
    assert questions.count() == 4
    for index in range(4):
        questions.nth(index).locator("input").first.check()
        page.wait_for_function("document.querySelector('[data-save-status]').textContent === 'Đã lưu.'")
    page.get_by_label(re.compile("Câu hỏi dự đoán")).fill("321")
    page.get_by_label(re.compile("Câu hỏi dự đoán")).blur()
    page.wait_for_function("document.querySelector('[data-save-status]').textContent === 'Đã lưu.'")
    assert attempt.answers.exclude(selected=[]).count() == 4
    page.reload()  # resumes with the answers saved
    assert page.locator("fieldset.question input:checked").count() == 4
    assert page.get_by_label(re.compile("Câu hỏi dự đoán")).input_value() == "321"
    # The first submit reaches the server but its answer is lost on the way back (a weak network):
    # the page sends it again with the same key, and the server keeps one submission.
    lost = []

    def lose_the_first_answer(route):
        if lost:
            route.continue_()
            return
        lost.append(route.fetch().status)
        route.abort("connectionreset")

    page.route(re.compile(r"/api/contest/attempts/\d+/submit$"), lose_the_first_answer)
    key = page.locator("input[name=submit_key]").input_value()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    assert lost == [200]
    assert "Điểm:" in page.locator(".score").inner_text()
    axe(page)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.prediction == 321 and RoundResult.objects.count() == 1
    assert attempt.submit_key == key

    page.get_by_role("link", name="Xem bảng xếp hạng").click()
    assert "Nguyễn T. L." in page.locator("table").inner_text()
    assert "Thứ hạng của bạn: 1/1" in page.content()
    axe(page)
    page.goto(f"/cuoc-thi/{contest.pk}/du-lieu-cua-toi/")
    axe(page)


def test_registration_errors_are_accessible(world, page, axe):
    contest, _round, _commune, _user = world
    log_in(page, f"/cuoc-thi/{contest.pk}/dang-ky/")
    page.get_by_label("Họ và tên").fill("")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    assert "Vui lòng sửa các mục sau" in page.get_by_role("alert").inner_text()
    axe(page)
    assert not Entrant.objects.exists()


def test_leaderboard_with_many_rows_is_accessible_to_anonymous_visitors(world, page, axe):
    _contest, round, _commune, _user = world
    for score in range(60):
        make_result(round, score=score % 10)
    page.goto(f"/cuoc-thi/dot/{round.pk}/bang-xep-hang/")
    assert page.locator("tbody tr").count() == 50
    axe(page)
    page.get_by_role("link", name="Trang sau").click()
    assert page.locator("tbody tr").count() == 10
    axe(page)
