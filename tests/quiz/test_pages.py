"""Public quiz pages with Django's test client: login, the flow, no leaked answers, ?next=."""

import re

import pytest
from django.urls import reverse

from quiz.models import Question, Sitting, SittingAnswer
from tests.accounts.factories import UserFactory

from .factories import QuestionFactory, QuizFactory, correct_ids, wrong_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def client_in(client, user):
    client.force_login(user)
    return client


def test_pages_need_login(client):
    quiz = QuizFactory(with_questions=1)
    for url in (reverse("quiz:list"), reverse("quiz:take", args=[quiz.slug]), reverse("quiz:progress")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/tai-khoan/dang-nhap/?next=")
    assert not Sitting.objects.exists()


def test_list_hides_drafts_and_empty_quizzes(client_in):
    shown = QuizFactory(with_questions=2, title="Kiểm tra VNeID")
    QuizFactory(with_questions=2, draft=True, title="Bản nháp bí mật")
    QuizFactory(title="Chưa có câu nào")
    html = client_in.get(reverse("quiz:list")).content.decode()
    assert shown.title in html
    assert "Bản nháp bí mật" not in html and "Chưa có câu nào" not in html


def test_draft_quiz_is_not_found_for_learners(client_in):
    quiz = QuizFactory(with_questions=2, draft=True)
    assert client_in.get(reverse("quiz:take", args=[quiz.slug])).status_code == 404


def places(question, choose):
    """What the form sends: the place of each chosen option in the sitting's order."""
    answer = SittingAnswer.objects.get(sitting__finished_at__isnull=True, question=question)
    return [str(answer.choice_order.index(cid)) for cid in choose(question)]


def _choices_html(html):
    """The answer form with the ids of choices replaced, to compare two pages."""
    form = re.search(r'<form method="post" class="stack question-form".*?</form>', html, re.S).group(0)
    form = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", form)
    form = re.sub(r'name="question" value="\d+"', "", form)
    return re.sub(r"choice-\d+|value=\"\d+\"", "X", form)


def test_page_does_not_reveal_the_correct_choice(client_in):
    first = QuestionFactory(text="Mã OTP là gì?", answers=[("Mật khẩu một lần", True), ("Tên đăng nhập", False)])
    second = QuestionFactory(text="Mã OTP là gì?", answers=[("Mật khẩu một lần", False), ("Tên đăng nhập", True)])
    pages = []
    for question in (first, second):
        quiz = QuizFactory(with_questions=[question])
        response = client_in.get(reverse("quiz:take", args=[quiz.slug]))
        assert response.status_code == 200
        pages.append(_choices_html(response.content.decode()))
        assert "Vì đó là đáp án đúng." not in response.content.decode()  # explanation comes after
    # Same page whichever choice is right: nothing in the markup tells them apart.
    assert pages[0] == pages[1]


def test_options_are_sent_as_places_not_database_ids(client_in):
    question = QuestionFactory(answers=[(f"Phương án {i}", i == 0) for i in range(5)])
    quiz = QuizFactory(with_questions=[question], random_order=True)
    html = client_in.get(reverse("quiz:take", args=[quiz.slug])).content.decode()
    assert re.findall(r'name="choice" value="(\d+)"', html) == ["0", "1", "2", "3", "4"]
    assert re.findall(r'id="choice-(\d+)"', html) == ["1", "2", "3", "4", "5"]
    shown = re.findall(r'<label for="choice-\d+">(Phương án \d)</label>', html)
    answer = SittingAnswer.objects.get()
    assert shown == [question.choices.get(pk=cid).text for cid in answer.choice_order]


def test_answer_then_feedback_with_explanation_then_result(client_in, user):
    q1, q2 = QuestionFactory(), QuestionFactory(kind=Question.Kind.MULTIPLE)
    quiz = QuizFactory(with_questions=[q1, q2], pass_mark=50, success_text="Chúc mừng bạn!", fail_text="Cố lên!")
    url = reverse("quiz:take", args=[quiz.slug])
    client_in.get(url)
    response = client_in.post(url, {"question": q1.pk, "choice": places(q1, correct_ids)})
    assert response.status_code == 302 and "xem=1" in response.url
    feedback = client_in.get(response.url).content.decode()
    assert "Vì đó là đáp án đúng." in feedback and "Trả lời đúng" in feedback
    assert "Câu tiếp theo" in feedback
    # the answer is final once shown
    again = client_in.post(url, {"question": q1.pk, "choice": places(q1, wrong_ids)})
    assert again.status_code == 400 and "Bạn đã trả lời câu này rồi" in again.content.decode()

    page = client_in.get(url).content.decode()
    assert q2.text in page and 'type="checkbox"' in page
    client_in.post(url, {"question": q2.pk, "choice": places(q2, wrong_ids)})
    response = client_in.post(reverse("quiz:finish", args=[quiz.slug]))
    sitting = Sitting.objects.get(user=user, quiz=quiz)
    assert response.url == reverse("quiz:result", args=[sitting.pk])
    result = client_in.get(response.url).content.decode()
    assert "1/2 câu đúng (50%)" in result and "Chúc mừng bạn!" in result and "Cố lên!" not in result


def test_fail_text_and_answers_at_end(client_in, user):
    q1, q2 = QuestionFactory(), QuestionFactory()
    quiz = QuizFactory(with_questions=[q1, q2], answers_at_end=True, pass_mark=100, fail_text="Hãy ôn lại bài.")
    url = reverse("quiz:take", args=[quiz.slug])
    client_in.get(url)
    response = client_in.post(url, {"question": q1.pk, "choice": places(q1, wrong_ids)})
    assert response.status_code == 302 and "cau=2" in response.url and "xem" not in response.url
    # no feedback before the end, even when asked for
    page = client_in.get(url + "?xem=1").content.decode()
    assert "Vì đó là đáp án đúng." not in page
    # the answer can still change
    client_in.post(url, {"question": q1.pk, "choice": places(q1, correct_ids)})
    response = client_in.post(reverse("quiz:finish", args=[quiz.slug]))
    result = client_in.get(response.url).content.decode()
    assert "1/2 câu đúng (50%)" in result and "Hãy ôn lại bài." in result
    assert "Vì đó là đáp án đúng." in result  # explanations at the end


def test_bad_answers_get_a_message_and_change_nothing(client_in, user):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question])
    url = reverse("quiz:take", args=[quiz.slug])
    for data, message in [({"question": question.pk}, "Hãy chọn một phương án"),
                          ({"question": question.pk, "choice": "3"}, "không hợp lệ"),
                          ({"question": question.pk, "choice": "-1"}, "không hợp lệ"),
                          ({"question": question.pk, "choice": ["0", "1"]}, "chỉ chọn một"),
                          ({"question": "x", "choice": "1"}, "không có trong lượt"),
                          ({}, "không có trong lượt")]:
        response = client_in.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Sitting.objects.get().answers.filter(answered_at__isnull=False).exists()


def test_single_attempt_refused_with_a_link_to_the_result(client_in, user):
    quiz = QuizFactory(with_questions=1, single_attempt=True)
    client_in.get(reverse("quiz:take", args=[quiz.slug]))
    client_in.post(reverse("quiz:finish", args=[quiz.slug]))
    response = client_in.get(reverse("quiz:take", args=[quiz.slug]))
    assert response.status_code == 409
    assert "chỉ được làm một lần" in response.content.decode()
    assert Sitting.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("next_url,kept", [
    ("/khoa-hoc/bai-1/", True),
    ("https://evil.example.com/", False),
    ("//evil.example.com/", False),
])
def test_next_is_followed_only_when_safe(client_in, next_url, kept):
    quiz = QuizFactory(with_questions=1)
    take = client_in.get(reverse("quiz:take", args=[quiz.slug]), {"next": next_url}).content.decode()
    assert (f'name="next" value="{next_url}"' in take) == kept
    response = client_in.post(reverse("quiz:finish", args=[quiz.slug]), {"next": next_url})
    result = client_in.get(response.url).content.decode()
    assert (f'href="{next_url}"' in result) == kept


def test_result_of_another_person_is_not_found(client, user):
    quiz = QuizFactory(with_questions=1)
    client.force_login(user)
    client.get(reverse("quiz:take", args=[quiz.slug]))
    client.post(reverse("quiz:finish", args=[quiz.slug]))
    sitting = Sitting.objects.get()
    client.force_login(UserFactory())
    assert client.get(reverse("quiz:result", args=[sitting.pk])).status_code == 404


def test_progress_page_per_category_and_exam_papers(client_in, user):
    question = QuestionFactory(category__name="An toàn trên mạng")
    quiz = QuizFactory(with_questions=[question], exam_paper=True, title="Kiểm tra an toàn")
    url = reverse("quiz:take", args=[quiz.slug])
    for choose in (correct_ids, wrong_ids):
        client_in.get(url)
        client_in.post(url, {"question": question.pk, "choice": places(question, choose)})
        client_in.post(reverse("quiz:finish", args=[quiz.slug]))
    html = client_in.get(reverse("quiz:progress")).content.decode()
    assert "An toàn trên mạng" in html and "1/2" in html and "50%" in html
    for sitting in Sitting.objects.filter(user=user):
        assert reverse("quiz:result", args=[sitting.pk]) in html  # both papers kept


def test_english_pages(client_in):
    quiz = QuizFactory(with_questions=1)
    html = client_in.get("/en" + reverse("quiz:take", args=[quiz.slug])).content.decode()
    assert 'lang="en"' in html and "Submit" in html and "0 of 1 questions answered" in html
    assert "Nộp bài" not in html
    assert "My progress" in client_in.get("/en/kiem-tra/tien-do/").content.decode()


def test_huge_and_odd_values_are_4xx(client_in):
    question = QuestionFactory(kind=Question.Kind.ESSAY)
    quiz = QuizFactory(with_questions=[question])
    url = reverse("quiz:take", args=[quiz.slug])
    client_in.get(url)
    huge = "9" * 30
    assert client_in.get(f"/kiem-tra/ket-qua/{huge}/").status_code == 404
    for data in ({"question": huge, "choice": "0"}, {"question": question.pk, "choice": huge},
                 {"question": question.pk, "text": "x" * 6000}, {"question": question.pk, "choice": "0"}):
        assert client_in.post(url, data).status_code == 400, data
    assert client_in.get(url + f"?xem={huge}&cau={huge}").status_code == 200
    assert not SittingAnswer.objects.filter(answered_at__isnull=False).exists()
