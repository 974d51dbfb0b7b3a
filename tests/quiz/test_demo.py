import io

import pytest
from django.core.management import call_command

from quiz.models import Category, Choice, Question, Quiz

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--only", "quiz.demo", stdout=io.StringIO())


def test_demo_bank_and_quizzes_are_seeded_once():
    seed()
    counts = (Category.objects.count(), Question.objects.count(), Choice.objects.count(), Quiz.objects.count())
    assert counts[1] == 20 and counts[3] == 2
    assert set(Question.objects.values_list("kind", flat=True)) == set(Question.Kind.values)
    basic = Quiz.objects.get(slug="ky-nang-so-co-ban")
    assert basic.random_order and basic.max_questions == 10 and basic.quiz_questions.count() == 12
    safety = Quiz.objects.get(slug="an-toan-tren-mang")
    assert safety.exam_paper and safety.answers_at_end
    assert safety.questions.filter(kind=Question.Kind.ESSAY).count() == 1
    # an edit in the admin survives a re-seed, and nothing is duplicated
    Question.objects.filter(external_id="DEMO-CDS-01").update(text="Đã sửa")
    seed()
    assert (Category.objects.count(), Question.objects.count(), Choice.objects.count(), Quiz.objects.count()) == counts
    assert Question.objects.get(external_id="DEMO-CDS-01").text == "Đã sửa"


def test_demo_quiz_can_be_taken(client):
    from quiz.services import sitting_finish, sitting_start
    from tests.accounts.factories import UserFactory

    seed()
    sitting = sitting_finish(sitting=sitting_start(quiz=Quiz.objects.get(slug="ky-nang-so-co-ban"), user=UserFactory()))
    assert sitting.max_score == 10
