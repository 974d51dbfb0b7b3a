"""A learner on a phone: signs up, watches a lesson (progress reported), passes the lesson quiz,
completes the course, downloads the certificate and checks it on the verification page; axe on the
course, lesson, my-learning and verification pages."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from courses.models import Certificate, Enrolment, LessonPage, LessonProgress
from tests.quiz.factories import QuestionFactory, QuizFactory

from .factories import FFMPEG, VTT, ffmpeg_missing, make_course, make_media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(ffmpeg_missing(), reason=f"needs Debian's ffmpeg at {FFMPEG} to make the lesson video")]


def test_learner_watches_passes_quiz_completes_and_verifies(page, axe, tmp_path):
    from courses.video import process_media

    media = make_media(tmp_path, seconds=2)
    process_media(media.pk)  # the live server has no Celery worker; run the job here
    question = QuestionFactory(text="Có nên đọc mã OTP cho người lạ?", answers=[("Không", True), ("Có", False)])
    quiz = QuizFactory(with_questions=[question], title="Kiểm tra bài 2", pass_mark=100, answers_at_end=True)
    course, lessons = make_course(title="Điện thoại an toàn", slug="dien-thoai", lessons=[
        {"title": "Xem video", "video": media, "completion_rule": LessonPage.CompletionRule.WATCH,
         "captions": [VTT], "transcript": "Xin chào, đây là bài học thử."},
        {"title": "Làm bài kiểm tra", "body": "<p>Ôn lại rồi làm bài.</p>", "quiz": quiz,
         "completion_rule": LessonPage.CompletionRule.QUIZ},
    ])

    page.goto(course.get_parent().url)
    axe(page)
    page.goto(course.url)
    axe(page)
    page.goto(f"/tai-khoan/dang-ky/?next={lessons[0].url}")
    page.get_by_label("Họ và tên").fill("Lê Văn Học")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0987 654 321")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("hoc-ky-nang-so")
    page.get_by_label("Nhập lại mật khẩu").fill("hoc-ky-nang-so")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url(re.compile(re.escape(lessons[0].url) + "$"))
    user = User.objects.get(phone="+84987654321")
    assert Enrolment.objects.filter(learner=user, course=course).exists()  # enrolled on first lesson opened
    assert page.locator("track[kind=captions]").count() == 1
    axe(page)

    with page.expect_response(lambda r: "/api/khoa-hoc/tien-do/" in r.url and '"ended"' in (r.request.post_data or "")) as ended:
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    assert ended.value.json()["lesson_completed"] is True
    row = LessonProgress.objects.get(learner=user, lesson=lessons[0])
    assert row.completed_at and row.reports >= 2
    page.get_by_text("Bạn đã hoàn thành bài này.").wait_for()

    page.get_by_role("link", name=re.compile("Làm bài kiểm tra →")).click()
    page.get_by_role("link", name="Làm bài kiểm tra", exact=True).click()
    page.get_by_label("Không").check()
    page.get_by_role("button", name="Lưu câu trả lời").click()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url(re.compile(r"/kiem-tra/ket-qua/\d+/"))
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(re.compile(re.escape(lessons[1].url)))
    expect(page.get_by_text("Bạn đã đạt bài kiểm tra của bài này.")).to_be_visible()
    expect(page.get_by_text("Chúc mừng! Bạn đã hoàn thành khóa học.")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Xem và tải giấy chứng nhận").click()
    page.wait_for_url(re.compile("/viec-hoc-cua-toi/"))
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    certificate = Certificate.objects.get(learner=user, course=course)
    page.get_by_role("link", name="Trang kiểm tra chứng nhận").click()
    main = page.locator("main").inner_text()
    assert "Lê Văn Học" in main and "Điện thoại an toàn" in main and certificate.code in main
    assert "0987" not in main and "+84" not in main
    axe(page)


def test_course_index_filters_and_text_lesson_without_javascript(browser, live_server):
    from accounts.models import AudienceGroup
    from tests.accounts.factories import UserFactory

    make_course(title="Cho người cao tuổi", slug="cao-tuoi", audiences=[AudienceGroup.ELDERLY], lessons=[{"body": "<p>Đọc.</p>"}])
    make_course(title="Cho học sinh", slug="hoc-sinh", audiences=[AudienceGroup.STUDENT], lessons=[{}])
    user = UserFactory()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/khoa-hoc/")
        page.get_by_label("Đối tượng").select_option(AudienceGroup.ELDERLY)
        page.get_by_role("button", name="Lọc").click()
        expect(page.get_by_role("link", name="Cho người cao tuổi")).to_be_visible()
        assert page.get_by_role("link", name="Cho học sinh").count() == 0
        page.goto("/tai-khoan/dang-nhap/?next=/khoa-hoc/cao-tuoi/bai-1/")
        page.get_by_label("Số điện thoại hoặc thư điện tử").fill(user.phone)
        page.get_by_label(re.compile(r"^Mật khẩu")).fill("mat-khau-thu-123")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile("/khoa-hoc/cao-tuoi/bai-1/"))
        page.get_by_role("button", name="Tôi đã đọc xong").click()
        expect(page.get_by_text("Bạn đã đọc xong bài này.")).to_be_visible()
        assert Certificate.objects.filter(learner=user).count() == 1
    finally:
        context.close()
