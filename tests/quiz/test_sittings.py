"""The sitting flow of quiz.services: draw, answer, score, essays, pass mark, signal."""

import pytest
from django.db import IntegrityError, transaction

from quiz.models import CategoryProgress, Question, Sitting, SittingAnswer
from quiz.services import QuizError, essay_mark, sitting_answer, sitting_finish, sitting_start
from quiz.signals import sitting_finished
from tests.accounts.factories import UserFactory

from .factories import QuestionFactory, QuizFactory, correct_ids, wrong_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def finished_signals():
    received = []

    def receiver(sender, sitting, **kwargs):
        received.append((sitting.pk, sitting.score, sitting.passed))

    sitting_finished.connect(receiver)
    yield received
    sitting_finished.disconnect(receiver)


def drawn(sitting):
    return list(sitting.answers.order_by("position").values_list("question_id", flat=True))


def test_draw_takes_all_questions_in_quiz_order_without_random_order(user):
    quiz = QuizFactory(with_questions=6)
    sitting = sitting_start(quiz=quiz, user=user)
    expected = list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True))
    assert drawn(sitting) == expected
    assert sitting.max_score == 6
    first = sitting.answers.get(position=1)
    question = Question.objects.get(pk=first.question_id)
    assert first.choice_order == [c.id for c in question.choices.order_by("position")]


def test_draw_respects_max_questions_and_skips_inactive(user):
    quiz = QuizFactory(with_questions=8, max_questions=5)
    inactive = quiz.quiz_questions.order_by("position").first().question
    inactive.is_active = False
    inactive.save()
    sitting = sitting_start(quiz=quiz, user=user)
    ids = drawn(sitting)
    assert len(ids) == 5 and sitting.max_score == 5
    assert inactive.pk not in ids
    assert len(set(ids)) == 5


def test_random_order_shuffles_questions_and_choices_per_sitting():
    questions = [QuestionFactory(answers=[(f"PA {i}", i == 0) for i in range(6)]) for _ in range(10)]
    quiz = QuizFactory(with_questions=questions, random_order=True, max_questions=10)
    orders, choice_orders = set(), set()
    for _ in range(8):
        sitting = sitting_start(quiz=quiz, user=UserFactory())
        ids = drawn(sitting)
        assert sorted(ids) == sorted(q.pk for q in questions)
        orders.add(tuple(ids))
        choice_orders.add(tuple(sitting.answers.get(question=questions[0]).choice_order))
    # 8 draws of 10! orders (and 6! choice orders) all equal would mean no shuffle at all.
    assert len(orders) > 1
    assert len(choice_orders) > 1


def test_random_order_with_max_questions_draws_different_subsets():
    quiz = QuizFactory(with_questions=12, random_order=True, max_questions=3)
    subsets = {frozenset(drawn(sitting_start(quiz=quiz, user=UserFactory()))) for _ in range(10)}
    assert all(len(s) == 3 for s in subsets)
    assert len(subsets) > 1


def test_start_returns_the_open_sitting(user):
    quiz = QuizFactory(with_questions=3)
    first = sitting_start(quiz=quiz, user=user)
    assert sitting_start(quiz=quiz, user=user).pk == first.pk
    assert Sitting.objects.filter(quiz=quiz, user=user).count() == 1


def test_database_allows_one_open_sitting_per_user_and_quiz(user):
    quiz = QuizFactory(with_questions=2)
    Sitting.objects.create(quiz=quiz, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sitting.objects.create(quiz=quiz, user=user)
    # a finished one does not count
    Sitting.objects.filter(quiz=quiz, user=user).update(finished_at="2026-01-01T00:00:00Z")
    Sitting.objects.create(quiz=quiz, user=user)


def test_new_sitting_after_finishing_unless_single_attempt(user):
    quiz = QuizFactory(with_questions=2)
    first = sitting_finish(sitting=sitting_start(quiz=quiz, user=user))
    second = sitting_start(quiz=quiz, user=user)
    assert second.pk != first.pk

    once = QuizFactory(with_questions=2, single_attempt=True)
    sitting_finish(sitting=sitting_start(quiz=once, user=user))
    with pytest.raises(QuizError, match="chỉ được làm một lần"):
        sitting_start(quiz=once, user=user)
    assert Sitting.objects.filter(quiz=once, user=user).count() == 1


def test_draft_quiz_only_for_editors(user):
    quiz = QuizFactory(with_questions=2, draft=True)
    with pytest.raises(QuizError, match="chưa được công bố"):
        sitting_start(quiz=quiz, user=user)
    editor = UserFactory(is_superuser=True)
    assert sitting_start(quiz=quiz, user=editor).pk


def test_empty_quiz_is_refused(user):
    with pytest.raises(QuizError, match="chưa có câu hỏi"):
        sitting_start(quiz=QuizFactory(), user=user)


def test_scoring_single_multiple_true_false(user, finished_signals):
    single = QuestionFactory(kind=Question.Kind.SINGLE)
    multiple = QuestionFactory(kind=Question.Kind.MULTIPLE)
    multiple_partial = QuestionFactory(kind=Question.Kind.MULTIPLE)
    true_false = QuestionFactory(kind=Question.Kind.TRUE_FALSE)
    wrong_single = QuestionFactory(kind=Question.Kind.SINGLE)
    unanswered = QuestionFactory(kind=Question.Kind.SINGLE)
    quiz = QuizFactory(with_questions=[single, multiple, multiple_partial, true_false, wrong_single, unanswered],
                       pass_mark=60)
    sitting = sitting_start(quiz=quiz, user=user)

    assert sitting_answer(sitting=sitting, question_id=single.pk, choice_ids=correct_ids(single)).is_correct
    assert sitting_answer(sitting=sitting, question_id=multiple.pk, choice_ids=correct_ids(multiple)).is_correct
    # all-or-nothing: one of the two right choices is wrong
    assert sitting_answer(sitting=sitting, question_id=multiple_partial.pk,
                          choice_ids=correct_ids(multiple_partial)[:1]).is_correct is False
    assert sitting_answer(sitting=sitting, question_id=true_false.pk,
                          choice_ids=[str(correct_ids(true_false)[0])]).is_correct
    assert sitting_answer(sitting=sitting, question_id=wrong_single.pk,
                          choice_ids=wrong_ids(wrong_single)).is_correct is False

    finished = sitting_finish(sitting=sitting)
    assert (finished.score, finished.max_score) == (3, 6)
    assert finished.score_percent == 50
    assert finished.passed is False  # 50 % < 60 %
    assert SittingAnswer.objects.get(sitting=sitting, question=unanswered).is_correct is False
    assert finished_signals == [(sitting.pk, 3, False)]
    # finishing again is a no-op without a second signal
    sitting_finish(sitting=finished)
    assert len(finished_signals) == 1


def test_pass_mark_is_inclusive(user):
    quiz = QuizFactory(with_questions=4, pass_mark=75)
    sitting = sitting_start(quiz=quiz, user=user)
    for answer in sitting.answers.order_by("position")[:3]:
        sitting_answer(sitting=sitting, question_id=answer.question_id, choice_ids=correct_ids(answer.question))
    finished = sitting_finish(sitting=sitting)
    assert (finished.score, finished.score_percent, finished.passed) == (3, 75, True)


def test_bad_answers_are_refused_and_change_nothing(user):
    single = QuestionFactory()
    multiple = QuestionFactory(kind=Question.Kind.MULTIPLE)
    other = QuestionFactory()
    quiz = QuizFactory(with_questions=[single, multiple])
    sitting = sitting_start(quiz=quiz, user=user)
    cases = [
        (dict(question_id=other.pk, choice_ids=correct_ids(other)), "không có trong lượt"),
        (dict(question_id="abc", choice_ids=[1]), "không có trong lượt"),
        (dict(question_id=single.pk, choice_ids=correct_ids(other)), "không thuộc câu hỏi"),
        (dict(question_id=single.pk, choice_ids=[]), "Hãy chọn"),
        (dict(question_id=single.pk, choice_ids=["x"]), "không hợp lệ"),
        (dict(question_id=single.pk, choice_ids=[c.id for c in single.choices.all()][:2]), "chỉ chọn một"),
    ]
    for kwargs, message in cases:
        with pytest.raises(QuizError, match=message):
            sitting_answer(sitting=sitting, **kwargs)
    assert not sitting.answers.filter(answered_at__isnull=False).exists()


def test_answer_is_final_when_shown_after_each_question(user):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question], answers_at_end=False)
    sitting = sitting_start(quiz=quiz, user=user)
    sitting_answer(sitting=sitting, question_id=question.pk, choice_ids=wrong_ids(question))
    with pytest.raises(QuizError, match="đã trả lời"):
        sitting_answer(sitting=sitting, question_id=question.pk, choice_ids=correct_ids(question))
    assert sitting.answers.get().is_correct is False


def test_answer_can_change_until_the_end_when_answers_shown_at_end(user):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question], answers_at_end=True)
    sitting = sitting_start(quiz=quiz, user=user)
    sitting_answer(sitting=sitting, question_id=question.pk, choice_ids=wrong_ids(question))
    sitting_answer(sitting=sitting, question_id=question.pk, choice_ids=correct_ids(question))
    sitting = sitting_finish(sitting=sitting)
    assert sitting.score == 1
    with pytest.raises(QuizError, match="đã kết thúc"):
        sitting_answer(sitting=sitting, question_id=question.pk, choice_ids=wrong_ids(question))


def test_essay_is_pending_until_marked(user, finished_signals):
    essay = QuestionFactory(kind=Question.Kind.ESSAY)
    single = QuestionFactory()
    quiz = QuizFactory(with_questions=[essay, single], pass_mark=100)
    sitting = sitting_start(quiz=quiz, user=user)
    with pytest.raises(QuizError, match="Hãy viết"):
        sitting_answer(sitting=sitting, question_id=essay.pk, text="   ")
    with pytest.raises(QuizError, match="5000"):
        sitting_answer(sitting=sitting, question_id=essay.pk, text="x" * 5001)
    answer = sitting_answer(sitting=sitting, question_id=essay.pk, text="Không chia sẻ mã OTP cho ai.")
    assert answer.is_correct is None
    sitting_answer(sitting=sitting, question_id=single.pk, choice_ids=correct_ids(single))

    sitting = sitting_finish(sitting=sitting)
    assert (sitting.score, sitting.max_score, sitting.passed) == (1, 2, None)
    assert finished_signals == [(sitting.pk, 1, None)]

    marker = UserFactory(is_staff=True)
    with pytest.raises(QuizError, match="tự luận"):
        essay_mark(answer=sitting.answers.get(question=single), is_correct=False, marker=marker)
    sitting = essay_mark(answer=sitting.answers.get(question=essay), is_correct=True, marker=marker)
    assert (sitting.score, sitting.passed) == (2, True)
    assert finished_signals[-1] == (sitting.pk, 2, True)
    marked = sitting.answers.get(question=essay)
    assert marked.marked_by == marker and marked.marked_at
    # a second opinion lowers the score again
    sitting = essay_mark(answer=marked, is_correct=False, marker=marker)
    assert (sitting.score, sitting.passed) == (1, False)
    progress = CategoryProgress.objects.get(user=user, category=essay.category)
    assert (progress.correct, progress.total) == (0, 1)


def test_essay_cannot_be_marked_before_the_sitting_ends(user):
    essay = QuestionFactory(kind=Question.Kind.ESSAY)
    sitting = sitting_start(quiz=QuizFactory(with_questions=[essay]), user=user)
    answer = sitting_answer(sitting=sitting, question_id=essay.pk, text="Trả lời")
    with pytest.raises(QuizError, match="chưa kết thúc"):
        essay_mark(answer=answer, is_correct=True, marker=UserFactory())


def test_progress_per_category_adds_up_over_sittings(user):
    single = QuestionFactory()
    other = QuestionFactory()
    quiz = QuizFactory(with_questions=[single, other])
    for choose in (correct_ids, wrong_ids):
        sitting = sitting_start(quiz=quiz, user=user)
        sitting_answer(sitting=sitting, question_id=single.pk, choice_ids=choose(single))
        sitting_finish(sitting=sitting)
    progress = CategoryProgress.objects.get(user=user, category=single.category)
    assert (progress.correct, progress.total, progress.percent) == (1, 2, 50)
    other_progress = CategoryProgress.objects.get(user=user, category=other.category)
    assert (other_progress.correct, other_progress.total) == (0, 2)


def test_papers_kept_only_with_exam_paper(user):
    kept = QuizFactory(with_questions=2, exam_paper=True)
    dropped = QuizFactory(with_questions=2, exam_paper=False)
    for quiz in (kept, dropped):
        first = sitting_finish(sitting=sitting_start(quiz=quiz, user=user))
        assert first.answers.count() == 2  # the latest paper is there for its result page
        sitting_finish(sitting=sitting_start(quiz=quiz, user=user))
        first.refresh_from_db()
        assert first.answers.count() == (2 if quiz.exam_paper else 0)
        assert first.score == 0 and first.max_score == 2  # the result stays
