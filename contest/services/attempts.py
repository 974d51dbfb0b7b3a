"""Taking a round: draw, autosave, submit (idempotent), expiry after the deadline plus grace.

The key (Choice.is_correct) is copied onto each drawn question when the attempt starts and marks
it when it closes; nothing here returns it for an open attempt (see `attempt_payload`)."""

import datetime as dt
import random

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from quiz.models import Choice, Question

from ..models import Attempt, AttemptAnswer, Entrant, Round, RoundResult
from .errors import ContestError

MAX_PREDICTION = 10**12
# On PostgreSQL, closing an attempt is one call of contest_attempt_close() (contest/migrations/0002;
# 0004 marks by the key kept with the paper); elsewhere, and in the tests that compare the two, the
# ORM path below does the same.
SQL_CLOSE = True
AUTO_MARKED = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE)


def _category_question_ids(category_id):
    """Active, automatically marked questions of a topic and of every sub-topic under it (the
    question bank import files `chu_de_con` rows under sub-topics)."""
    from quiz.models import Category

    topic_ids, frontier = {category_id}, [category_id]
    while frontier:
        frontier = [pk for pk in Category.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
                    if pk not in topic_ids]
        topic_ids.update(frontier)
    return list(
        Question.objects.filter(category_id__in=topic_ids, is_active=True, kind__in=AUTO_MARKED)
        .values_list("id", flat=True)
    )


def draw_questions(round: Round, rng=None) -> list[int]:
    """Question ids for one attempt: `count` distinct random questions per quota, shuffled. A
    question already drawn for one quota (a topic and its sub-topic both with quotas) is not drawn
    again for another."""
    rng = rng or random.SystemRandom()
    drawn = []
    for quota in round.quotas.all():
        ids = [pk for pk in _category_question_ids(quota.category_id) if pk not in set(drawn)]
        if len(ids) < quota.count:
            raise ContestError(_("Ngân hàng câu hỏi chưa đủ câu cho đợt thi này; vui lòng báo Ban tổ chức."),
                               code="bank", status=409)
        drawn.extend(rng.sample(ids, quota.count))
    if not drawn:
        raise ContestError(_("Đợt thi chưa có câu hỏi."), code="bank", status=409)
    rng.shuffle(drawn)
    return drawn


def grace_deadline(attempt: Attempt) -> dt.datetime:
    # Hot paths annotate `grace_seconds` rather than join the contest page (a Wagtail page: a
    # wide row that costs more to select and build than the rest of the request).
    seconds = getattr(attempt, "grace_seconds", None)
    if seconds is None:
        seconds = attempt.round.contest.grace_seconds
    return attempt.deadline + dt.timedelta(seconds=seconds)


def attempt_close_if_overdue(attempt: Attempt, now=None) -> Attempt:
    """Close an in-progress attempt past deadline + grace with what was saved."""
    now = now or timezone.now()
    if attempt.status == Attempt.Status.IN_PROGRESS and now > grace_deadline(attempt):
        return _close(attempt.pk, status=Attempt.Status.EXPIRED, now=now, attempt=attempt)
    return attempt


def attempt_start(*, entrant: Entrant, round: Round, now=None) -> Attempt:
    """Start an attempt, or return the one in progress (a reload resumes it). Refuses when the
    round is not open, the entrant's data was erased, or every allowed attempt is used."""
    now = now or timezone.now()
    if round.contest_id != entrant.contest_id:
        raise ContestError(_("Đợt thi không thuộc cuộc thi bạn đã đăng ký."), status=404)
    if entrant.erased_at:
        raise ContestError(_("Dữ liệu dự thi của bạn đã được xóa."), status=403)
    with transaction.atomic():
        # Locking the entrant serialises this entrant's starts (double clicks, two tabs).
        Entrant.objects.select_for_update().filter(pk=entrant.pk).first()
        current = Attempt.objects.filter(entrant=entrant, round=round, status=Attempt.Status.IN_PROGRESS).first()
        if current:
            current = attempt_close_if_overdue(current, now)
            if current.status == Attempt.Status.IN_PROGRESS:
                return current
        if not round.is_accepting(now):
            raise ContestError(_("Đợt thi chưa mở hoặc đã kết thúc."), code="closed", status=409)
        used = Attempt.objects.filter(entrant=entrant, round=round).aggregate(n=Max("number"))["n"] or 0
        if used >= round.max_attempts:
            raise ContestError(_("Bạn đã dùng hết %(n)d lượt thi của đợt này.") % {"n": round.max_attempts},
                               code="attempts", status=409)
        question_ids = draw_questions(round)
        rng = random.SystemRandom()
        choices, keys = {}, {}
        for question_id, choice_id, correct in (Choice.objects.filter(question_id__in=question_ids)
                                                .values_list("question_id", "id", "is_correct")):
            choices.setdefault(question_id, []).append(choice_id)
            if correct:
                keys.setdefault(question_id, []).append(choice_id)
        deadline = min(now + dt.timedelta(seconds=round.time_limit_seconds), round.closes_at)
        attempt = Attempt.objects.create(
            entrant=entrant, round=round, number=used + 1, started_at=now, deadline=deadline,
            max_score=len(question_ids),
        )
        answers = []
        for position, question_id in enumerate(question_ids, start=1):
            order = choices.get(question_id, [])
            rng.shuffle(order)
            answers.append(AttemptAnswer(attempt=attempt, question_id=question_id, position=position, choice_order=order,
                                         correct_ids=keys.get(question_id, [])))
        AttemptAnswer.objects.bulk_create(answers)
    return attempt


def _check_writable(attempt: Attempt, now):
    attempt = attempt_close_if_overdue(attempt, now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise ContestError(_("Bài thi đã kết thúc, không sửa được nữa."), code="closed", status=409)
    return attempt


def clean_prediction(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ContestError(_("Câu dự đoán: nhập một số nguyên không âm."), field="prediction")
    try:
        number = int(str(value).strip().replace(".", "").replace(",", "").replace(" ", ""))
    except (TypeError, ValueError):
        raise ContestError(_("Câu dự đoán: nhập một số nguyên không âm."), field="prediction") from None
    if not 0 <= number <= MAX_PREDICTION:
        raise ContestError(_("Câu dự đoán: nhập số từ 0 đến 1.000.000.000.000."), field="prediction")
    return number


def attempt_save(*, attempt: Attempt, answers: dict | None = None, question_id=None, choice_ids=(),
                 prediction=None, now=None) -> Attempt:
    """Autosave: either one answer (question_id, choice_ids) or several ({question_id: [choice
    ids]}), and/or the prediction. All or nothing: a bad id anywhere changes nothing."""
    now = now or timezone.now()
    attempt = _check_writable(attempt, now)
    wanted = dict(answers or {})
    if question_id is not None:
        wanted[question_id] = choice_ids
    rows = {a.question_id: a for a in attempt.answers.all()}
    updates = []
    for raw_qid, raw_choices in wanted.items():
        try:
            qid = int(raw_qid)
            chosen = [int(c) for c in (raw_choices or [])]
        except (TypeError, ValueError):
            raise ContestError(_("Câu trả lời không hợp lệ.")) from None
        row = rows.get(qid)
        if row is None:
            raise ContestError(_("Câu hỏi không thuộc bài thi này."), status=404, field="question_id")
        if len(set(chosen)) != len(chosen) or not set(chosen) <= set(row.choice_order):
            raise ContestError(_("Phương án không thuộc câu hỏi này."), field="choice_ids")
        row.selected = [c for c in row.choice_order if c in chosen]  # display order, no duplicates
        row.answered_at = now
        updates.append(row)
    if prediction is not None and prediction != "":
        if not attempt.round.has_prediction:
            raise ContestError(_("Đợt thi này không có câu dự đoán."), field="prediction")
        attempt.prediction = clean_prediction(prediction)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Attempt.Status.IN_PROGRESS:
            raise ContestError(_("Bài thi đã kết thúc, không sửa được nữa."), code="closed", status=409)
        if updates:
            AttemptAnswer.objects.bulk_update(updates, ["selected", "answered_at"])
        if attempt.prediction != locked.prediction:
            Attempt.objects.filter(pk=attempt.pk).update(prediction=attempt.prediction)
    return attempt


def _mark(attempt: Attempt):
    """Mark against the key kept with each answer; return (correct_count, score)."""
    count = sum(answer.is_correct for answer in attempt.answers.only("selected", "correct_ids"))
    return count, count


def answer_keys_refresh(question_ids) -> int:
    """Copy these questions' current key into every attempt in progress that drew them (an
    organiser corrected a choice while the round runs). A closed attempt keeps the key it was
    marked with. Returns how many answers were refreshed."""
    question_ids = set(question_ids)
    keys = {}
    for question_id, choice_id in (Choice.objects.filter(question_id__in=question_ids, is_correct=True)
                                   .order_by("position", "id").values_list("question_id", "id")):
        keys.setdefault(question_id, []).append(choice_id)
    return sum(
        AttemptAnswer.objects.filter(question_id=question_id, attempt__status=Attempt.Status.IN_PROGRESS)
        .update(correct_ids=keys.get(question_id, []))
        for question_id in question_ids
    )


def _not_found() -> ContestError:
    # Another person's attempt looks like a missing one.
    return ContestError(_("Không tìm thấy bài thi của bạn."), code="not_found", status=404)


def _sql_close() -> bool:
    return SQL_CLOSE and connection.vendor == "postgresql"


def _close(attempt_pk, *, status, now, submit_key="", attempt: Attempt | None = None) -> Attempt:
    """Close an attempt in progress: mark it, stamp it, upsert the entrant's best result. Exactly
    one caller closes it (concurrent retries find it closed and get the closed attempt back)."""
    if _sql_close():
        key = submit_key if status == Attempt.Status.SUBMITTED else None
        closed = _close_postgresql(attempt_pk, submit_key=key, now=now, into=attempt)
        if closed is None:  # deleted meanwhile (its entrant erased or removed)
            raise _not_found()
        return closed
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("round__contest", "entrant").get(pk=attempt_pk)
        if attempt.status != Attempt.Status.IN_PROGRESS:
            return attempt
        correct, score = _mark(attempt)
        attempt.status = status
        attempt.submitted_at, attempt.duration_ms = _close_times(attempt, status, now)
        attempt.correct_count = correct
        attempt.score = score
        attempt.submit_key = submit_key
        attempt.save(update_fields=["status", "submitted_at", "correct_count", "score", "duration_ms", "submit_key"])
        result_upsert(attempt)
    return attempt


def _close_times(attempt: Attempt, status, now):
    """(submitted_at, duration_ms): time counts up to the deadline at most, in whole milliseconds
    (floor, as contest_attempt_close() does on PostgreSQL); an expired attempt is stamped at its
    deadline."""
    end = min(now, attempt.deadline)
    submitted_at = now if status == Attempt.Status.SUBMITTED else max(attempt.deadline, attempt.started_at)
    return submitted_at, max(0, (end - attempt.started_at) // dt.timedelta(milliseconds=1))


# What contest_attempt_close() (contest/migrations/0002) returns after its outcome, in the
# model's field order (Attempt.from_db pairs values with fields in that order).
_CLOSE_FIELDS = ("id", "entrant_id", "round_id", "number", "submitted_at", "status", "score", "max_score",
                 "correct_count", "duration_ms", "prediction", "submit_key")


def _close_postgresql(attempt_pk, *, submit_key, now, user_id=None, prediction=None,
                      into: Attempt | None = None) -> Attempt | None:
    """One call of contest_attempt_close(): lock, expiry, prediction, marking and the result
    upsert in a single round trip (see its migration for the rules). Returns the attempt as it
    stands afterwards (`into`, updated in place, when given), or None when `user_id` has no such
    attempt."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM contest_attempt_close(%s, %s, %s, %s, %s)",
                       [attempt_pk, user_id, submit_key, prediction, now])
        row = cursor.fetchone()
    if row is None:
        return None
    outcome, values = row[0], row[1:]
    if outcome == "no_prediction":
        raise ContestError(_("Đợt thi này không có câu dự đoán."), field="prediction")
    if into is None:
        return Attempt.from_db(connection.alias, _CLOSE_FIELDS, values)
    for field, value in zip(_CLOSE_FIELDS, values):
        setattr(into, field, value)
    return into


def _clean_submit_key(submit_key) -> str:
    key = str(submit_key or "").strip()
    if not key or len(key) > 64:
        raise ContestError(_("Thiếu mã nộp bài (tối đa 64 ký tự)."), field="submit_key")
    return key


def attempt_submit(*, attempt: Attempt, submit_key: str, prediction=None, now=None) -> Attempt:
    """Submit with the client's key. Retries (same key, even concurrent) return the same closed
    attempt; the row lock makes exactly one of them mark it and write the result."""
    now = now or timezone.now()
    key = _clean_submit_key(submit_key)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    if _sql_close():
        return _close_postgresql(attempt.pk, submit_key=key, prediction=clean_prediction(prediction), now=now,
                                 into=attempt)
    if prediction is not None and prediction != "" and now <= grace_deadline(attempt):
        attempt_save(attempt=attempt, prediction=prediction, now=now)
    if now > grace_deadline(attempt):
        return _close(attempt.pk, status=Attempt.Status.EXPIRED, now=now, attempt=attempt)
    return _close(attempt.pk, status=Attempt.Status.SUBMITTED, now=now, submit_key=key, attempt=attempt)


def attempt_of_user(*, user_id, attempt_id, queryset=None) -> Attempt:
    """The user's own attempt, closed first if it is overdue; another person's looks like a
    missing one (404)."""
    queryset = queryset if queryset is not None else Attempt.objects.select_related("round")
    # No ORDER BY (.first() would add one: the pk filter already makes it unique).
    attempt = next(iter(queryset.filter(pk=attempt_id, entrant__user_id=user_id)[:1]), None)
    if attempt is None:
        raise _not_found()
    return attempt_close_if_overdue(attempt)


def attempt_submit_own(*, user_id, attempt_id, submit_key: str, prediction=None, now=None) -> Attempt:
    """Submit the user's own attempt by id: the API's deadline-burst path. On PostgreSQL one
    database call does the ownership check, the lock, the expiry, the marking and the result."""
    now = now or timezone.now()
    key = _clean_submit_key(submit_key)
    if _sql_close():
        attempt = _close_postgresql(attempt_id, submit_key=key, prediction=clean_prediction(prediction), now=now,
                                    user_id=user_id)
        if attempt is None:
            raise _not_found()
        return attempt
    attempt = attempt_of_user(user_id=user_id, attempt_id=attempt_id)
    return attempt_submit(attempt=attempt, submit_key=key, prediction=prediction, now=now)


def attempt_expire_overdue(*, now=None) -> int:
    """Close every attempt past its deadline plus grace (Celery beat). Returns how many."""
    now = now or timezone.now()
    closed = 0
    # Grace differs per contest; the widest allowed grace (65535 s) bounds the scan, the exact
    # check is per attempt.
    candidates = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now).select_related("round__contest")
    for attempt in candidates.iterator(chunk_size=500):
        if now > grace_deadline(attempt):
            try:
                _close(attempt.pk, status=Attempt.Status.EXPIRED, now=now, attempt=attempt)
            except ContestError:  # deleted since the scan began: nothing to close
                continue
            closed += 1
    return closed


def result_upsert(attempt: Attempt):
    """Keep the entrant's best closed attempt of the round: score desc, then duration asc."""
    entrant = attempt.entrant
    if entrant.is_excluded or attempt.status == Attempt.Status.IN_PROGRESS:
        return None
    values = dict(
        attempt=attempt, score=attempt.score, max_score=attempt.max_score, duration_ms=attempt.duration_ms or 0,
        prediction=attempt.prediction, submitted_at=attempt.submitted_at, commune_id=entrant.commune_id,
        workplace=entrant.workplace, audience_group=entrant.audience_group,
    )
    with transaction.atomic():
        current = RoundResult.objects.select_for_update().filter(round_id=attempt.round_id, entrant=entrant).first()
        if current is None:
            try:
                with transaction.atomic():
                    return RoundResult.objects.create(round_id=attempt.round_id, entrant=entrant, **values)
            except IntegrityError:
                current = RoundResult.objects.select_for_update().get(round_id=attempt.round_id, entrant=entrant)
        better = (attempt.score, -(attempt.duration_ms or 0)) > (current.score, -current.duration_ms)
        if better:
            for field, value in values.items():
                setattr(current, field, value)
            current.save()
        return current


def attempt_payload(attempt: Attempt, *, reveal: bool | None = None) -> dict:
    """What the entrant sees of an attempt. Correctness and explanations only once it is closed
    (`reveal` defaults to that and cannot force it open for an attempt in progress)."""
    closed = attempt.status != Attempt.Status.IN_PROGRESS
    reveal = closed if reveal is None else (reveal and closed)
    answers = list(attempt.answers.select_related("question"))
    choice_ids = [c for a in answers for c in a.choice_order]
    choices = {c["id"]: c for c in Choice.objects.filter(id__in=choice_ids).values("id", "text")}
    questions = []
    for a in answers:
        item = {
            "id": a.question_id,
            "position": a.position,
            "text": a.question.text,
            "multiple": a.question.kind == Question.Kind.MULTIPLE,
            "figure_url": a.question.figure.get_rendition("max-800x600").url if a.question.figure_id else None,
            "choices": [{"id": c, "text": choices[c]["text"]} for c in a.choice_order if c in choices],
            "selected": list(a.selected),
        }
        if reveal:
            item["is_correct"] = a.is_correct
            # The key it was marked with, in the order shown.
            item["correct_choice_ids"] = [c for c in a.choice_order if c in a.correct_ids]
            item["explanation"] = a.question.explanation
        questions.append(item)
    return {
        "id": attempt.pk,
        "round_id": attempt.round_id,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "prediction_question": attempt.round.prediction_question or None,
        "prediction": attempt.prediction,
        "questions": questions,
        "score": attempt.score if closed else None,
        "max_score": attempt.max_score,
        "correct_count": attempt.correct_count if closed else None,
        "duration_ms": attempt.duration_ms if closed else None,
    }
