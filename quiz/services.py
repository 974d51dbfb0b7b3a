"""The flow of a sitting: draw the questions, record answers, score, mark essays.

Correctness is decided here, on the server, from the question's choices; pages never get it before
the answer is recorded. Every function takes keyword arguments and raises QuizError with a
Vietnamese message for anything a person could do wrong (pages show it; nothing changes)."""

import random
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CategoryProgress, Choice, Question, Quiz, QuizQuestion, Sitting, SittingAnswer
from .signals import sitting_finished

_rng = random.SystemRandom()


class QuizError(Exception):
    """A refused action, with a message to show the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def quiz_visible_to(quiz: Quiz, user) -> bool:
    return not quiz.draft or (user.is_authenticated and user.has_perm("quiz.change_quiz"))


def _draw(quiz: Quiz) -> list[Question]:
    questions = [
        link.question for link in QuizQuestion.objects.filter(quiz=quiz, question__is_active=True)
        .select_related("question").prefetch_related("question__choices").order_by("position", "id")
    ]
    if quiz.random_order:
        _rng.shuffle(questions)
    if quiz.max_questions:
        questions = questions[: quiz.max_questions]
    return questions


def _choice_order(question: Question, shuffle: bool) -> list[int]:
    ids = [c.id for c in sorted(question.choices.all(), key=lambda c: (c.position, c.id))]
    # Đúng/Sai keep their order; shuffling them only confuses.
    if shuffle and question.kind != Question.Kind.TRUE_FALSE:
        _rng.shuffle(ids)
    return ids


@transaction.atomic
def sitting_start(*, quiz: Quiz, user) -> Sitting:
    """The person's open sitting of this quiz, or a new one with freshly drawn questions."""
    open_sitting = Sitting.objects.filter(quiz=quiz, user=user, finished_at__isnull=True).first()
    if open_sitting:
        return open_sitting
    if not quiz_visible_to(quiz, user):
        raise QuizError(_("Bài kiểm tra này chưa được công bố."))
    if quiz.single_attempt and Sitting.objects.filter(quiz=quiz, user=user, finished_at__isnull=False).exists():
        raise QuizError(_("Bài kiểm tra này chỉ được làm một lần và bạn đã làm rồi."))
    questions = _draw(quiz)
    if not questions:
        raise QuizError(_("Bài kiểm tra này chưa có câu hỏi."))
    try:
        # The database allows one unfinished sitting per person and quiz; a double click that
        # races past the check above lands here and gets the sitting the other request made.
        with transaction.atomic():
            sitting = Sitting.objects.create(quiz=quiz, user=user, max_score=len(questions))
    except IntegrityError:
        return Sitting.objects.get(quiz=quiz, user=user, finished_at__isnull=True)
    SittingAnswer.objects.bulk_create([
        SittingAnswer(sitting=sitting, question=q, position=i, choice_order=_choice_order(q, quiz.random_order))
        for i, q in enumerate(questions, start=1)
    ])
    if not quiz.exam_paper:
        # Without exam papers only the latest paper is kept (for its result page); the totals
        # live on in CategoryProgress. Essays still waiting for a marker are kept until marked.
        SittingAnswer.objects.filter(
            sitting__quiz=quiz, sitting__user=user, sitting__finished_at__isnull=False,
        ).exclude(question__kind=Question.Kind.ESSAY, is_correct__isnull=True, answered_at__isnull=False).delete()
    return sitting


def _grade(question: Question, selected: list[int]) -> bool:
    correct = {c.id for c in question.choices.all() if c.is_correct}
    return bool(correct) and set(selected) == correct


def sitting_answer(*, sitting: Sitting, question_id, choice_ids=(), text="") -> SittingAnswer:
    """Record the answer to one drawn question. Choices are graded at once (the page may then show
    the explanation); an essay waits for a marker (is_correct stays None)."""
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().select_related("quiz").get(pk=sitting.pk)
        if sitting.finished_at:
            raise QuizError(_("Lượt làm bài này đã kết thúc."))
        try:
            question_id = int(question_id)
            if not 0 < question_id < 2**63:  # out of the database's range: not one of ours
                raise ValueError
            answer = SittingAnswer.objects.select_related("question").get(sitting=sitting, question_id=question_id)
        except (SittingAnswer.DoesNotExist, TypeError, ValueError):
            raise QuizError(_("Câu hỏi này không có trong lượt làm bài của bạn.")) from None
        if answer.answered_at and not sitting.quiz.answers_at_end:
            raise QuizError(_("Bạn đã trả lời câu này rồi."))
        question = answer.question
        if question.kind == Question.Kind.ESSAY:
            text = (text or "").strip()
            if not text:
                raise QuizError(_("Hãy viết câu trả lời."))
            if len(text) > 5000:
                raise QuizError(_("Câu trả lời dài quá 5000 ký tự."))
            answer.text_answer, answer.selected, answer.is_correct = text, [], None
        else:
            try:
                chosen = sorted({int(c) for c in choice_ids})
            except (TypeError, ValueError):
                raise QuizError(_("Phương án đã chọn không hợp lệ.")) from None
            if not chosen:
                raise QuizError(_("Hãy chọn một phương án."))
            if not set(chosen) <= set(answer.choice_order):
                raise QuizError(_("Phương án đã chọn không thuộc câu hỏi này."))
            if question.kind != Question.Kind.MULTIPLE and len(chosen) != 1:
                raise QuizError(_("Câu này chỉ chọn một phương án."))
            answer.selected = chosen
            answer.is_correct = _grade(question, chosen)
        answer.answered_at = timezone.now()
        answer.save(update_fields=["text_answer", "selected", "is_correct", "answered_at"])
    return answer


def _add_progress(user, answers):
    totals = defaultdict(lambda: [0, 0])
    for answer in answers:
        totals[answer.question.category_id][0] += 1 if answer.is_correct else 0
        totals[answer.question.category_id][1] += 1
    for category_id, (correct, total) in totals.items():
        row, _created = CategoryProgress.objects.get_or_create(user=user, category_id=category_id)
        CategoryProgress.objects.filter(pk=row.pk).update(correct=F("correct") + correct, total=F("total") + total)


def _rescore(sitting: Sitting):
    answers = list(sitting.answers.all())
    sitting.score = sum(1 for a in answers if a.is_correct)
    sitting.max_score = len(answers)
    pending = any(a.is_correct is None for a in answers)
    # Integer comparison: 7 of 10 with a pass mark of 70 passes, no rounding involved.
    sitting.passed = None if pending else sitting.score * 100 >= sitting.quiz.pass_mark * sitting.max_score


def sitting_finish(*, sitting: Sitting) -> Sitting:
    """Close the sitting: unanswered questions count as wrong, essays wait for marking (passed
    stays None until then). Finishing twice changes nothing and sends no second signal."""
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().select_related("quiz").get(pk=sitting.pk)
        if sitting.finished_at:
            return sitting
        sitting.answers.filter(answered_at__isnull=True).update(is_correct=False)
        _rescore(sitting)
        sitting.finished_at = timezone.now()
        sitting.save(update_fields=["score", "max_score", "passed", "finished_at"])
        _add_progress(sitting.user, sitting.answers.select_related("question").exclude(is_correct__isnull=True))
        sitting_finished.send(sender=Sitting, sitting=sitting)
    return sitting


def essay_mark(*, answer: SittingAnswer, is_correct: bool, marker) -> Sitting:
    """A marker's verdict on an essay answer of a finished sitting; rescored, and the signal sent
    again since passed may have changed."""
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().select_related("quiz", "user").get(pk=answer.sitting_id)
        answer = SittingAnswer.objects.select_related("question").get(pk=answer.pk)
        if answer.question.kind != Question.Kind.ESSAY:
            raise QuizError(_("Chỉ chấm tay câu tự luận."))
        if not sitting.finished_at:
            raise QuizError(_("Lượt làm bài chưa kết thúc."))
        previous = answer.is_correct
        answer.is_correct, answer.marked_by, answer.marked_at = bool(is_correct), marker, timezone.now()
        answer.save(update_fields=["is_correct", "marked_by", "marked_at"])
        # Adjusted, not recounted: an older paper may no longer hold its other answers.
        delta = int(answer.is_correct) - int(bool(previous))
        if previous is None:
            _add_progress(sitting.user, [answer])
        elif delta:
            CategoryProgress.objects.filter(user=sitting.user, category_id=answer.question.category_id).update(
                correct=F("correct") + delta)
        sitting.score += delta
        if sitting.answers.filter(is_correct__isnull=True).exists():
            sitting.passed = None
        else:
            sitting.passed = sitting.score * 100 >= sitting.quiz.pass_mark * sitting.max_score
        sitting.save(update_fields=["score", "passed"])
        if not sitting.quiz.exam_paper and sitting.passed is not None:
            latest = Sitting.objects.filter(quiz=sitting.quiz, user=sitting.user).order_by("-started_at").first()
            if latest and latest.pk != sitting.pk:
                sitting.answers.all().delete()  # an older paper kept only for marking
        sitting_finished.send(sender=Sitting, sitting=sitting)
    return sitting


def answers_with_choices(sitting: Sitting) -> list[SittingAnswer]:
    """The sitting's answers with `.choices` in the order shown (for pages and marking)."""
    answers = list(sitting.answers.select_related("question", "question__figure").order_by("position"))
    choices = Choice.objects.in_bulk([cid for a in answers for cid in a.choice_order])
    for answer in answers:
        answer.choices = [choices[cid] for cid in answer.choice_order if cid in choices]
    return answers


# Question bank files (the template is in quiz/README.md); re-exported here per CONTRACTS.md.
from .question_bank import ImportReport, RowError, question_bank_import  # noqa: E402,F401
