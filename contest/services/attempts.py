"""Taking a round: draw, autosave, submit (idempotent), expiry after the deadline plus grace.

Correctness (Choice.is_correct) is read only when an attempt closes, to mark it; nothing here
returns it for an open attempt (see `attempt_payload`)."""

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
        choices = {}
        for question_id, choice_id in Choice.objects.filter(question_id__in=question_ids).values_list("question_id", "id"):
            choices.setdefault(question_id, []).append(choice_id)
        deadline = min(now + dt.timedelta(seconds=round.time_limit_seconds), round.closes_at)
        attempt = Attempt.objects.create(
            entrant=entrant, round=round, number=used + 1, started_at=now, deadline=deadline,
            max_score=len(question_ids),
        )
        answers = []
        for position, question_id in enumerate(question_ids, start=1):
            order = choices.get(question_id, [])
            rng.shuffle(order)
            answers.append(AttemptAnswer(attempt=attempt, question_id=question_id, position=position, choice_order=order))
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
    """Mark every answer; return (correct_count, score)."""
    answers = list(attempt.answers.all())
    correct = {}
    for question_id, choice_id in Choice.objects.filter(
            question_id__in=[a.question_id for a in answers], is_correct=True).values_list("question_id", "id"):
        correct.setdefault(question_id, set()).add(choice_id)
    count = 0
    for answer in answers:
        answer.is_correct = bool(answer.selected) and set(answer.selected) == correct.get(answer.question_id, set())
        count += answer.is_correct
    AttemptAnswer.objects.bulk_update(answers, ["is_correct"])
    return count, count


def _close(attempt_pk, *, status, now, submit_key="", attempt: Attempt | None = None) -> Attempt:
    """Close an attempt in progress: mark it, stamp it, upsert the entrant's best result. Exactly
    one caller closes it (concurrent retries find it closed and get the closed attempt back)."""
    if connection.vendor == "postgresql" and attempt is not None:
        return _close_postgresql(attempt, status=status, now=now, submit_key=submit_key)
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
    """(submitted_at, duration_ms): time counts up to the deadline at most; an expired attempt is
    stamped at its deadline."""
    end = min(now, attempt.deadline)
    submitted_at = now if status == Attempt.Status.SUBMITTED else max(attempt.deadline, attempt.started_at)
    return submitted_at, max(0, int((end - attempt.started_at).total_seconds() * 1000))


# On PostgreSQL the close is one statement after the row lock (the submit hot path: a burst at the
# deadline). `marks` compares each answer's selected ids with the question's correct ids as sets
# (jsonb containment both ways; nothing selected is wrong); `closed` stamps the attempt (only while
# still in progress); `answers` stores the marks; `result` upserts the entrant's best result
# (score desc, then duration asc), skipping excluded entrants, replacing the row only when the new
# attempt is better. Same semantics as the ORM path in `_close` (used on SQLite).
_CLOSE_SQL = """
WITH marks AS (
    SELECT aa.id, (aa.selected <> '[]'::jsonb AND aa.selected @> k.ids AND k.ids @> aa.selected) AS ok
    FROM {answer} aa
    CROSS JOIN LATERAL (
        SELECT COALESCE(jsonb_agg(ch.id), '[]'::jsonb) AS ids FROM {choice} ch
        WHERE ch.question_id = aa.question_id AND ch.is_correct
    ) k
    WHERE aa.attempt_id = %(id)s
), closed AS (
    UPDATE {attempt} SET status = %(status)s, submitted_at = %(submitted_at)s, duration_ms = %(duration_ms)s,
        submit_key = %(submit_key)s,
        score = (SELECT count(*) FROM marks WHERE ok), correct_count = (SELECT count(*) FROM marks WHERE ok)
    WHERE id = %(id)s AND status = 'in_progress'
    RETURNING id, round_id, entrant_id, score, correct_count, max_score, duration_ms, prediction, submitted_at,
        submit_key
), answers AS (
    UPDATE {answer} aa SET is_correct = marks.ok FROM marks, closed WHERE aa.id = marks.id
), result AS (
    INSERT INTO {result} (round_id, entrant_id, attempt_id, score, max_score, duration_ms, prediction,
                          submitted_at, commune_id, workplace, audience_group)
    SELECT c.round_id, c.entrant_id, c.id, c.score, c.max_score, c.duration_ms, c.prediction, c.submitted_at,
           e.commune_id, e.workplace, e.audience_group
    FROM closed c JOIN {entrant} e ON e.id = c.entrant_id WHERE NOT e.is_excluded
    ON CONFLICT (round_id, entrant_id) DO UPDATE SET
        attempt_id = EXCLUDED.attempt_id, score = EXCLUDED.score, max_score = EXCLUDED.max_score,
        duration_ms = EXCLUDED.duration_ms, prediction = EXCLUDED.prediction,
        submitted_at = EXCLUDED.submitted_at, commune_id = EXCLUDED.commune_id,
        workplace = EXCLUDED.workplace, audience_group = EXCLUDED.audience_group
    WHERE EXCLUDED.score > {result}.score
       OR (EXCLUDED.score = {result}.score AND EXCLUDED.duration_ms < {result}.duration_ms)
)
SELECT score, correct_count, duration_ms, prediction, submitted_at, submit_key FROM closed
"""


def _close_postgresql(attempt: Attempt, *, status, now, submit_key) -> Attempt:
    # started_at and deadline never change after the start, so the caller's copy is good for the times.
    submitted_at, duration_ms = _close_times(attempt, status, now)
    sql = _CLOSE_SQL.format(answer=AttemptAnswer._meta.db_table, choice=Choice._meta.db_table,
                            attempt=Attempt._meta.db_table, result=RoundResult._meta.db_table,
                            entrant=Entrant._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        # Lock first: the marking statement then reads answers saved up to this moment (an
        # autosave holds this lock while it writes; one statement alone would mark from a snapshot
        # taken before it waited for the lock).
        cursor.execute(f"SELECT status FROM {Attempt._meta.db_table} WHERE id = %s FOR UPDATE", [attempt.pk])
        locked = cursor.fetchone()
        row = None
        if locked and locked[0] == Attempt.Status.IN_PROGRESS:
            cursor.execute(sql, {"id": attempt.pk, "status": status, "submitted_at": submitted_at,
                                 "duration_ms": duration_ms, "submit_key": submit_key})
            row = cursor.fetchone()
    if row is None:  # closed meanwhile by a concurrent submit or the expiry job: return that close
        return Attempt.objects.select_related("round__contest", "entrant").get(pk=attempt.pk)
    (attempt.score, attempt.correct_count, attempt.duration_ms, attempt.prediction, attempt.submitted_at,
     attempt.submit_key) = row
    attempt.status = status
    return attempt


def attempt_submit(*, attempt: Attempt, submit_key: str, prediction=None, now=None) -> Attempt:
    """Submit with the client's key. Retries (same key, even concurrent) return the same closed
    attempt; the row lock makes exactly one of them mark it and write the result."""
    now = now or timezone.now()
    key = str(submit_key or "").strip()
    if not key or len(key) > 64:
        raise ContestError(_("Thiếu mã nộp bài (tối đa 64 ký tự)."), field="submit_key")
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    if prediction is not None and prediction != "" and now <= grace_deadline(attempt):
        attempt_save(attempt=attempt, prediction=prediction, now=now)
    if now > grace_deadline(attempt):
        return _close(attempt.pk, status=Attempt.Status.EXPIRED, now=now, attempt=attempt)
    return _close(attempt.pk, status=Attempt.Status.SUBMITTED, now=now, submit_key=key, attempt=attempt)


def attempt_expire_overdue(*, now=None) -> int:
    """Close every attempt past its deadline plus grace (Celery beat). Returns how many."""
    now = now or timezone.now()
    closed = 0
    # Grace differs per contest; the widest allowed grace (65535 s) bounds the scan, the exact
    # check is per attempt.
    candidates = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now).select_related("round__contest")
    for attempt in candidates.iterator(chunk_size=500):
        if now > grace_deadline(attempt):
            _close(attempt.pk, status=Attempt.Status.EXPIRED, now=now, attempt=attempt)
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
    fields = ["id", "text"] + (["is_correct"] if reveal else [])
    choices = {c["id"]: c for c in Choice.objects.filter(id__in=choice_ids).values(*fields)}
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
            item["correct_choice_ids"] = [c for c in a.choice_order if choices.get(c, {}).get("is_correct")]
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
