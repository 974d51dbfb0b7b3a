"""Taking a quiz in a phone-sized browser, with axe on every public quiz page."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from quiz.models import Question, Sitting
from tests.accounts.factories import UserFactory

from .factories import QuestionFactory, QuizFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(user.phone)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("mat-khau-thu-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "dang-nhap" not in url)


def test_take_a_quiz_with_answers_after_each_question(page, axe):
    user = UserFactory()
    single = QuestionFactory(text="Không nên chia sẻ mã nào qua điện thoại?",
                             answers=[("Mã OTP", True), ("Mã bưu chính", False)],
                             explanation="Mã OTP dùng để xác thực giao dịch.", category__name="An toàn số")
    multiple = QuestionFactory(kind=Question.Kind.MULTIPLE, text="Những ứng dụng nào của Nhà nước?",
                               answers=[("VNeID", True), ("Cổng Dịch vụ công quốc gia", True), ("Trò chơi lạ", False)])
    quiz = QuizFactory(with_questions=[single, multiple], title="Kiểm tra kỹ năng số", pass_mark=50,
                       success_text="Chúc mừng, bạn đã đạt!")
    login(page, user)

    page.goto("/kiem-tra/")
    axe(page)
    page.get_by_role("link", name="Kiểm tra kỹ năng số").click()
    expect(page.get_by_role("group", name=re.compile("Không nên chia sẻ"))).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Trả lời").click()  # nothing chosen
    assert "Hãy chọn một phương án" in page.get_by_role("alert").inner_text()
    axe(page)
    page.get_by_label("Mã OTP").check()
    page.get_by_role("button", name="Trả lời").click()
    expect(page.get_by_text("Mã OTP dùng để xác thực giao dịch.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Câu tiếp theo").click()
    page.get_by_label("VNeID").check()
    page.get_by_label("Cổng Dịch vụ công quốc gia").check()
    page.get_by_role("button", name="Trả lời").click()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/kiem-tra/ket-qua/\d+/"))
    assert "2/2 câu đúng (100%)" in page.locator("main").inner_text()
    expect(page.get_by_text("Chúc mừng, bạn đã đạt!")).to_be_visible()
    axe(page)
    sitting = Sitting.objects.get(user=user)
    assert (sitting.score, sitting.passed) == (2, True)

    page.get_by_role("link", name="Tiến độ của tôi").click()
    expect(page.get_by_role("rowheader", name="An toàn số")).to_be_visible()
    axe(page)


def test_answers_at_end_essay_and_next(page, axe):
    user = UserFactory()
    essay = QuestionFactory(kind=Question.Kind.ESSAY, text="Bạn sẽ làm gì khi nhận tin nhắn lạ đòi chuyển tiền?")
    true_false = QuestionFactory(kind=Question.Kind.TRUE_FALSE, text="VNeID là ứng dụng định danh điện tử.")
    quiz = QuizFactory(with_questions=[true_false, essay], answers_at_end=True)
    login(page, user)
    page.goto(f"/kiem-tra/{quiz.slug}/?next=/kiem-tra/tien-do/")
    page.get_by_label("Đúng").check()
    page.get_by_role("button", name="Lưu câu trả lời").click()
    page.get_by_label(re.compile("tin nhắn lạ")).fill("Không chuyển tiền, gọi lại cho người thân để kiểm tra.")
    axe(page)
    page.get_by_role("button", name="Lưu câu trả lời").click()
    expect(page.get_by_text("Bạn đã trả lời hết các câu")).to_be_visible()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/kiem-tra/ket-qua/\d+/"))
    assert "Chờ chấm tự luận" in page.locator("main").inner_text()
    axe(page)
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/kiem-tra/tien-do/")


def test_single_attempt_refusal_page(page, axe):
    user = UserFactory()
    quiz = QuizFactory(with_questions=1, single_attempt=True, title="Thi thử một lần")
    login(page, user)
    page.goto(f"/kiem-tra/{quiz.slug}/")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/kiem-tra/ket-qua/\d+/"))
    assert page.get_by_role("link", name="Làm lại").count() == 0
    page.goto(f"/kiem-tra/{quiz.slug}/")
    assert "chỉ được làm một lần" in page.get_by_role("alert").inner_text()
    axe(page)
    page.get_by_role("link", name="Xem kết quả lần gần nhất").click()
    page.wait_for_url(re.compile(r"/kiem-tra/ket-qua/\d+/"))
    assert Sitting.objects.filter(user=user).count() == 1
