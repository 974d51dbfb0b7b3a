"""Lesson rules (watched share, quiz passed, read), course completion, certificates."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from courses import services
from courses.models import Certificate, Enrolment, LessonPage, LessonProgress
from quiz import services as quiz_services
from tests.quiz.factories import QuizFactory, correct_ids, wrong_ids

from .factories import UserFactory, make_course

pytestmark = pytest.mark.django_db
Rule = LessonPage.CompletionRule


def sit(user, quiz, right=True):
    sitting = quiz_services.sitting_start(quiz=quiz, user=user)
    for answer in sitting.answers.select_related("question"):
        ids = correct_ids(answer.question) if right else wrong_ids(answer.question)
        quiz_services.sitting_answer(sitting=sitting, question_id=answer.question_id, choice_ids=ids)
    return quiz_services.sitting_finish(sitting=sitting)


def test_read_lessons_complete_the_course_and_issue_one_certificate(client, django_capture_on_commit_callbacks):
    course, lessons = make_course(lessons=[{}, {}])
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("courses:mark-read", args=[lessons[0].pk]))
    assert not Enrolment.objects.get(learner=user, course=course).completed_at
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:mark-read", args=[lessons[1].pk]))
    assert response.status_code == 302
    assert Enrolment.objects.get(learner=user, course=course).completed_at
    certificate = Certificate.objects.get(learner=user, course=course)
    assert certificate.pdf.name.endswith(".pdf")  # rendered by the (eager) Celery task
    assert len(certificate.code) >= 20
    # reading again changes nothing and issues nothing new
    client.post(reverse("courses:mark-read", args=[lessons[1].pk]))
    assert Certificate.objects.filter(learner=user).count() == 1


def test_optional_lessons_do_not_block_completion():
    course, lessons = make_course(lessons=[{}, {"required": False}])
    user = UserFactory()
    services.mark_read(learner=user, lesson=lessons[0])
    assert Enrolment.objects.get(learner=user, course=course).completed_at


def test_all_lessons_rule_counts_optional_ones():
    course, lessons = make_course(lessons=[{}, {"required": False}], completion_rule="all")
    user = UserFactory()
    services.mark_read(learner=user, lesson=lessons[0])
    assert not Enrolment.objects.get(learner=user, course=course).completed_at
    services.mark_read(learner=user, lesson=lessons[1])
    assert Enrolment.objects.get(learner=user, course=course).completed_at


def test_quiz_rule_completes_only_on_a_passed_sitting():
    quiz = QuizFactory(with_questions=3, pass_mark=60)
    course, lessons = make_course(lessons=[{"completion_rule": Rule.QUIZ, "quiz": quiz}])
    user = UserFactory()
    sit(user, quiz, right=False)
    assert not LessonProgress.objects.filter(learner=user, completed_at__isnull=False).exists()
    sit(user, quiz, right=True)
    row = LessonProgress.objects.get(learner=user, lesson=lessons[0])
    assert row.quiz_passed_at and row.completed_at
    assert Certificate.objects.filter(learner=user, course=course).exists()


def test_lesson_pass_mark_overrides_the_quiz_pass_mark():
    quiz = QuizFactory(with_questions=2, pass_mark=50)
    course, lessons = make_course(lessons=[{"completion_rule": Rule.QUIZ, "quiz": quiz, "quiz_pass_mark": 100}])
    user = UserFactory()
    sitting = quiz_services.sitting_start(quiz=quiz, user=user)
    answers = list(sitting.answers.select_related("question"))
    quiz_services.sitting_answer(sitting=sitting, question_id=answers[0].question_id,
                                 choice_ids=correct_ids(answers[0].question))
    quiz_services.sitting_answer(sitting=sitting, question_id=answers[1].question_id,
                                 choice_ids=wrong_ids(answers[1].question))
    sitting = quiz_services.sitting_finish(sitting=sitting)
    assert sitting.passed  # 50% passes the quiz ...
    assert not LessonProgress.objects.filter(learner=user, quiz_passed_at__isnull=False).exists()  # ... not the lesson


def test_watch_and_quiz_needs_both(tmp_path):
    quiz = QuizFactory(with_questions=1)
    course, lessons = make_course(lessons=[{"completion_rule": Rule.WATCH_AND_QUIZ, "quiz": quiz,
                                            "youtube_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}])
    lesson, user = lessons[0], UserFactory()
    sit(user, quiz)
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    assert row.quiz_passed_at and not row.completed_at
    services.progress_report(learner=user, lesson=lesson, position=0, seq=0, client_ms=1, duration=2)
    result = services.progress_report(learner=user, lesson=lesson, position=2, seq=1, client_ms=2, event="ended")
    assert result.lesson_completed and result.course_completed


def test_certificate_codes_are_unique_in_the_database():
    course, _lessons = make_course(lessons=[{}])
    first, second = UserFactory(), UserFactory()
    Certificate.objects.create(learner=first, course=course, code="same-code", learner_name="A", course_title="C")
    with pytest.raises(IntegrityError):
        Certificate.objects.create(learner=second, course=course, code="same-code", learner_name="B", course_title="C")


def test_one_certificate_per_learner_and_course():
    course, _lessons = make_course(lessons=[{}])
    user = UserFactory()
    a = services.certificate_issue(learner=user, course=course)
    b = services.certificate_issue(learner=user, course=course)
    assert a.pk == b.pk and Certificate.objects.count() == 1


def test_verification_page_shows_name_course_date_and_nothing_more(client):
    course, lessons = make_course(lessons=[{}])
    user = UserFactory(first_name="Bình", last_name="Trần Thị", email="binh@example.com", phone="+84912345678")
    services.mark_read(learner=user, lesson=lessons[0])
    certificate = Certificate.objects.get(learner=user)
    page = client.get(reverse("courses_pages:verify", args=[certificate.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Trần Thị Bình" in html and course.title in html
    assert certificate.issued_at.strftime("%d/%m/%Y") in html or "/" in html
    assert "binh@example.com" not in html and "912345678" not in html
    missing = client.get(reverse("courses_pages:verify", args=["khong-co-ma-nay"]))
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()


def test_certificate_pdf_only_for_its_owner(client):
    course, lessons = make_course(lessons=[{}])
    owner, other = UserFactory(), UserFactory()
    services.mark_read(learner=owner, lesson=lessons[0])
    certificate = Certificate.objects.get(learner=owner)
    client.force_login(other)
    assert client.get(reverse("courses:certificate-pdf", args=[certificate.code])).status_code == 404
    client.force_login(owner)
    response = client.get(reverse("courses:certificate-pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
