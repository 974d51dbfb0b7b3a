"""The question bank in the Wagtail admin: editing, the ordered inlines, marking and permissions."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts import roles
from quiz.models import Choice, Question, Quiz, SittingAnswer
from quiz.services import sitting_answer, sitting_finish, sitting_start
from quiz.signals import sitting_finished
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory, QuizFactory, correct_ids

pytestmark = pytest.mark.django_db


def member_of(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def organiser_client(client):
    client.force_login(member_of(roles.CONTEST_ORGANISERS))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(member_of(roles.EDITORS))
    return client


def question_form(category, kind="single", choices=(("Mã OTP", True), ("Mã bưu chính", False)), **extra):
    data = {"category": category.pk, "kind": kind, "difficulty": 2, "text": "Không nên chia sẻ mã nào?",
            "explanation": "", "is_active": "on", "external_id": "",
            "choices": inline_formset([{"text": t, "is_correct": "on" if ok else ""} for t, ok in choices])}
    data.update(extra)
    return nested_form_data(data)


def menu_labels(client):
    html = client.get("/cms/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return set(re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False)))


def test_menu_group_lists_the_bank_and_marking_for_organisers(organiser_client):
    labels = menu_labels(organiser_client)
    assert {"Ngân hàng câu hỏi", "Câu hỏi", "Bài kiểm tra", "Chủ đề", "Chấm tự luận"} <= labels


def test_marking_is_not_in_the_editors_menu(editor_client):
    labels = menu_labels(editor_client)
    assert "Ngân hàng câu hỏi" in labels and "Chấm tự luận" not in labels


def test_organiser_creates_a_question_with_ordered_choices(organiser_client):
    category = CategoryFactory()
    response = organiser_client.post("/cms/quiz_questions/new/", question_form(
        category, choices=[("Mã OTP", True), ("Mã bưu chính", False), ("Mã vùng", False)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get()
    assert [(c.text, c.is_correct, c.position) for c in question.choices.all()] == [
        ("Mã OTP", True, 0), ("Mã bưu chính", False, 1), ("Mã vùng", False, 2)]


@pytest.mark.parametrize("kind,choices,message", [
    ("single", [("A", True), ("B", True)], "cần đúng một phương án đúng"),
    ("single", [("A", True)], "Cần ít nhất hai phương án"),
    ("multiple", [("A", False), ("B", False)], "Cần ít nhất một phương án đúng"),
    ("true_false", [("Đúng", True), ("Sai", False), ("Không biết", False)], "có đúng hai phương án"),
    ("essay", [("A", True), ("B", False)], "không có phương án"),
])
def test_question_form_checks_choices(organiser_client, kind, choices, message):
    response = organiser_client.post("/cms/quiz_questions/new/", question_form(CategoryFactory(), kind, choices))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_reordering_choices_swaps_positions(organiser_client):
    question = QuestionFactory(answers=[("Một", True), ("Hai", False)])
    first, second = question.choices.all()
    data = question_form(question.category, choices=[])
    data.update(nested_form_data({"choices": inline_formset([
        # what the admin's "move down" sends: the forms keep their place, ORDER swaps
        {"id": first.pk, "text": "Một", "is_correct": "on", "ORDER": 2},
        {"id": second.pk, "text": "Hai", "is_correct": "", "ORDER": 1},
    ], initial=2)}))
    response = organiser_client.post(f"/cms/quiz_questions/edit/{question.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(question.choices.order_by("position").values_list("text", flat=True)) == ["Hai", "Một"]


def test_organiser_creates_a_quiz_with_ordered_questions(organiser_client):
    q1, q2 = QuestionFactory(), QuestionFactory()
    data = nested_form_data({
        "title": "Kiểm tra cuối khóa", "slug": "kiem-tra-cuoi-khoa", "description": "", "max_questions": "",
        "pass_mark": 70, "success_text": "", "fail_text": "",
        "quiz_questions": inline_formset([{"question": q2.pk}, {"question": q1.pk}]),
    })
    response = organiser_client.post("/cms/quiz_quizzes/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get()
    assert list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)) == [q2.pk, q1.pk]
    assert quiz.pass_mark == 70


def test_pass_mark_over_100_is_refused(organiser_client):
    data = nested_form_data({"title": "X", "slug": "x", "pass_mark": 150, "quiz_questions": inline_formset([])})
    response = organiser_client.post("/cms/quiz_quizzes/new/", data)
    assert response.status_code == 200
    assert not Quiz.objects.exists()


def test_question_chooser_searches_the_text(organiser_client):
    QuestionFactory(text="Cách nhận biết cuộc gọi lừa đảo")
    QuestionFactory(text="Nộp hồ sơ trực tuyến")
    html = organiser_client.get("/cms/quiz_question_chooser/results/?q=lừa đảo").content.decode()
    assert "Cách nhận biết cuộc gọi lừa đảo" in html and "Nộp hồ sơ" not in html


def _pending_essay():
    essay = QuestionFactory(kind=Question.Kind.ESSAY, text="Bạn làm gì khi bị lừa đảo?")
    single = QuestionFactory()
    learner = UserFactory(first_name="Lan", last_name="Nguyễn Thị")
    sitting = sitting_start(quiz=QuizFactory(with_questions=[essay, single], pass_mark=100), user=learner)
    sitting_answer(sitting=sitting, question_id=essay.pk, text="Báo ngay cho công an xã.")
    sitting_answer(sitting=sitting, question_id=single.pk, choice_ids=correct_ids(single))
    sitting_finish(sitting=sitting)
    return sitting.answers.get(question=essay)


def test_editor_without_permission_gets_403_and_changes_nothing(editor_client):
    answer = _pending_essay()
    assert editor_client.get("/cms/quiz_marking/").status_code == 403
    assert editor_client.get(f"/cms/quiz_marking/{answer.pk}/").status_code == 403
    assert editor_client.post(f"/cms/quiz_marking/{answer.pk}/", {"verdict": "1"}).status_code == 403
    answer.refresh_from_db()
    assert answer.is_correct is None and answer.sitting.passed is None


def test_learner_without_admin_access_cannot_mark(client):
    answer = _pending_essay()
    client.force_login(UserFactory())
    response = client.post(f"/cms/quiz_marking/{answer.pk}/", {"verdict": "1"})
    assert response.status_code == 302  # to the admin login: no admin access at all
    answer.refresh_from_db()
    assert answer.is_correct is None


def test_organiser_marks_an_essay_and_the_sitting_passes(organiser_client):
    answer = _pending_essay()
    received = []
    handler = lambda sender, sitting, **kw: received.append(sitting.passed)  # noqa: E731
    sitting_finished.connect(handler)
    try:
        listing = organiser_client.get("/cms/quiz_marking/").content.decode()
        assert "Bạn làm gì khi bị lừa đảo?" in listing
        page = organiser_client.get(f"/cms/quiz_marking/{answer.pk}/").content.decode()
        assert "Báo ngay cho công an xã." in page and "Lan" in page
        assert organiser_client.post(f"/cms/quiz_marking/{answer.pk}/", {}).status_code == 400
        response = organiser_client.post(f"/cms/quiz_marking/{answer.pk}/", {"verdict": "1"})
        assert response.status_code == 302
    finally:
        sitting_finished.disconnect(handler)
    answer = SittingAnswer.objects.select_related("sitting").get(pk=answer.pk)
    assert answer.is_correct is True and answer.marked_by is not None
    assert (answer.sitting.score, answer.sitting.passed) == (2, True)
    assert received == [True]
    assert "Không có câu tự luận nào chờ chấm" in organiser_client.get("/cms/quiz_marking/").content.decode()


def test_marking_a_choice_answer_is_not_found(organiser_client):
    answer = _pending_essay()
    other = answer.sitting.answers.exclude(pk=answer.pk).get()
    assert organiser_client.post(f"/cms/quiz_marking/{other.pk}/", {"verdict": "0"}).status_code == 404
    assert Choice.objects.exists()


def test_admin_pages_render_for_organisers(organiser_client):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question])
    for url in ("/cms/quiz_questions/", "/cms/quiz_questions/new/", f"/cms/quiz_questions/edit/{question.pk}/",
                "/cms/quiz_quizzes/", "/cms/quiz_quizzes/new/", f"/cms/quiz_quizzes/edit/{quiz.pk}/",
                "/cms/quiz_categories/", "/cms/quiz_marking/", "/cms/quiz_import/"):
        assert organiser_client.get(url).status_code == 200, url
    # the quiz form picks questions with the chooser, not a select of the whole bank
    assert "quiz_question_chooser" in organiser_client.get("/cms/quiz_quizzes/new/").content.decode()
