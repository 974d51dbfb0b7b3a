import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from contest.models import Attempt, AttemptAnswer, RoundResult
from contest.services import (ContestError, attempt_expire_overdue, attempt_payload, attempt_save, attempt_start,
                              attempt_submit, attempt_submit_own)
from contest.services import attempts as attempts_module
from contest.tasks import attempt_expire_overdue as expire_task
from quiz.models import Choice, Question

from .factories import CategoryFactory, make_bank, make_contest, make_entrant, make_question, make_round

pytestmark = pytest.mark.django_db
row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database and has no SELECT ... FOR UPDATE; CI runs this on PostgreSQL")


@pytest.fixture
def setup():
    contest = make_contest(grace_seconds=30)
    round = make_round(contest, count=5)
    entrant = make_entrant(contest)
    return contest, round, entrant


@pytest.fixture(params=["sql", "orm"])
def close_path(request, monkeypatch):
    """Closing an attempt has two implementations with the same rules: contest_attempt_close() on
    PostgreSQL and the ORM path (SQLite). On PostgreSQL the tests that take this fixture run both."""
    if request.param == "sql" and connection.vendor != "postgresql":
        pytest.skip("contest_attempt_close() is PostgreSQL's; on SQLite the 'orm' case is the path in use")
    monkeypatch.setattr(attempts_module, "SQL_CLOSE", request.param == "sql")
    return request.param


def correct_ids(question_id):
    return list(Choice.objects.filter(question_id=question_id, is_correct=True).values_list("id", flat=True))


def test_draw_follows_quotas_per_category_and_skips_inactive_and_essays():
    contest = make_contest()
    cat_a, _qs = make_bank(n=6)
    cat_b, qs_b = make_bank(n=4)
    Question.objects.filter(pk=qs_b[0].pk).update(is_active=False)
    make_question(cat_b, kind=Question.Kind.ESSAY, options=0)
    round = make_round(contest, category=cat_a, count=3)
    round.quotas.create(category=cat_b, count=3)
    attempt = attempt_start(entrant=make_entrant(contest), round=round)
    drawn = list(attempt.answers.values_list("question__category_id", "question__is_active", "question__kind"))
    assert sorted(c for c, _a, _k in drawn) == sorted([cat_a.pk] * 3 + [cat_b.pk] * 3)
    assert all(active and kind == "single" for _c, active, kind in drawn)


def test_draw_includes_sub_topics_and_never_repeats_a_question_across_quotas():
    contest = make_contest()
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    make_bank(parent, n=2)
    make_bank(child, n=5)
    round = make_round(contest, category=parent, count=4)  # needs the sub-topic's questions
    round.quotas.create(category=child, count=1)  # overlaps the parent's quota
    attempt = attempt_start(entrant=make_entrant(contest), round=round)
    drawn = list(attempt.answers.values_list("question_id", flat=True))
    assert len(drawn) == 5 and len(set(drawn)) == 5


def test_draw_and_choice_order_differ_between_attempts():
    contest = make_contest()
    category, _qs = make_bank(n=30)
    round = make_round(contest, category=category, count=10)
    orders, choice_orders = set(), set()
    for _i in range(6):
        attempt = attempt_start(entrant=make_entrant(contest), round=round)
        answers = list(attempt.answers.order_by("position"))
        orders.add(tuple(a.question_id for a in answers))
        choice_orders.add(tuple(tuple(a.choice_order) for a in answers))
        for a in answers:  # the shown order is a permutation of the question's choices
            assert sorted(a.choice_order) == sorted(Choice.objects.filter(question_id=a.question_id).values_list("id", flat=True))
    assert len(orders) > 1 and len(choice_orders) > 1


def test_too_small_bank_refuses_to_start(setup):
    contest, round, entrant = setup
    round.quotas.update(count=50)
    with pytest.raises(ContestError) as error:
        attempt_start(entrant=entrant, round=round)
    assert error.value.status == 409 and not Attempt.objects.exists()


def test_start_stamps_deadline_and_reload_resumes_the_same_attempt(setup):
    _contest, round, entrant = setup
    now = timezone.now()
    attempt = attempt_start(entrant=entrant, round=round, now=now)
    assert attempt.deadline == now + dt.timedelta(seconds=600)
    again = attempt_start(entrant=entrant, round=round, now=now + dt.timedelta(seconds=5))
    assert again.pk == attempt.pk and Attempt.objects.count() == 1


def test_deadline_never_passes_the_round_close(setup):
    _contest, round, entrant = setup
    now = round.closes_at - dt.timedelta(seconds=60)
    assert attempt_start(entrant=entrant, round=round, now=now).deadline == round.closes_at


def test_round_not_open_refuses(setup):
    _contest, round, entrant = setup
    round.status = "draft"
    round.save()
    with pytest.raises(ContestError):
        attempt_start(entrant=entrant, round=round)
    round.status = "open"
    round.save()
    with pytest.raises(ContestError):
        attempt_start(entrant=entrant, round=round, now=round.closes_at + dt.timedelta(seconds=1))


def test_max_attempts_is_enforced(setup):
    _contest, round, entrant = setup
    for i in range(2):
        attempt = attempt_start(entrant=entrant, round=round)
        attempt_submit(attempt=attempt, submit_key=f"k{i}")
    with pytest.raises(ContestError) as error:
        attempt_start(entrant=entrant, round=round)
    assert "hết" in str(error.value)


def test_autosave_keeps_answers_and_resume_shows_them(setup):
    _contest, round, entrant = setup
    attempt = attempt_start(entrant=entrant, round=round)
    first = attempt.answers.order_by("position").first()
    attempt_save(attempt=attempt, question_id=first.question_id, choice_ids=[first.choice_order[1]])
    resumed = attempt_start(entrant=entrant, round=round)
    payload = attempt_payload(resumed)
    assert payload["questions"][0]["selected"] == [first.choice_order[1]]
    # Changing one's mind overwrites.
    attempt_save(attempt=attempt, answers={first.question_id: [first.choice_order[2]]})
    first.refresh_from_db()
    assert first.selected == [first.choice_order[2]] and first.answered_at


def test_save_with_bad_ids_changes_nothing(setup):
    _contest, round, entrant = setup
    attempt = attempt_start(entrant=entrant, round=round)
    a, b = list(attempt.answers.order_by("position"))[:2]
    other_question = make_question(CategoryFactory())
    for answers in ({a.question_id: [a.choice_order[0]], other_question.pk: []},
                    {a.question_id: [a.choice_order[0]], b.question_id: [a.choice_order[0]]},
                    {a.question_id: [a.choice_order[0], a.choice_order[0]]},
                    {a.question_id: ["x"]}):
        with pytest.raises(ContestError):
            attempt_save(attempt=attempt, answers=answers)
    assert not AttemptAnswer.objects.exclude(selected=[]).exists()


def test_payload_never_contains_correctness_until_closed(setup):
    _contest, round, entrant = setup
    attempt = attempt_start(entrant=entrant, round=round)
    text = repr(attempt_payload(attempt)) + repr(attempt_payload(attempt, reveal=True))
    assert "is_correct" not in text and "correct_choice_ids" not in text and "explanation" not in text
    assert "correct_ids" not in text
    attempt = attempt_submit(attempt=attempt, submit_key="k")
    assert "correct_choice_ids" in repr(attempt_payload(attempt))


def test_submit_scores_exact_matches_and_is_idempotent(setup, close_path):
    _contest, round, entrant = setup
    now = timezone.now()
    attempt = attempt_start(entrant=entrant, round=round, now=now)
    answers = list(attempt.answers.order_by("position"))
    attempt_save(attempt=attempt, answers={a.question_id: correct_ids(a.question_id) for a in answers[:3]}, now=now)
    wrong = [c for c in answers[3].choice_order if c not in correct_ids(answers[3].question_id)][:1]
    attempt_save(attempt=attempt, answers={answers[3].question_id: wrong}, now=now)
    done = attempt_submit(attempt=attempt, submit_key="abc", now=now + dt.timedelta(seconds=42))
    assert (done.status, done.score, done.correct_count, done.max_score) == ("submitted", 3, 3, 5)
    assert done.duration_ms == 42_000
    again = attempt_submit(attempt=attempt, submit_key="abc", now=now + dt.timedelta(seconds=99))
    assert again.pk == done.pk and again.submitted_at == done.submitted_at and again.duration_ms == 42_000
    assert RoundResult.objects.get().score == 3
    with pytest.raises(ContestError):
        attempt_save(attempt=done, answers={answers[4].question_id: correct_ids(answers[4].question_id)})


def test_multiple_choice_needs_the_exact_set(close_path):
    contest = make_contest()
    category = CategoryFactory()
    make_question(category, kind=Question.Kind.MULTIPLE, correct=(0, 2))
    round = make_round(contest, category=category, count=1)
    attempt = attempt_start(entrant=make_entrant(contest), round=round)
    answer = attempt.answers.get()
    ok = correct_ids(answer.question_id)
    attempt_save(attempt=attempt, question_id=answer.question_id, choice_ids=ok[:1])
    assert attempt_submit(attempt=attempt, submit_key="k").score == 0
    attempt = attempt_start(entrant=attempt.entrant, round=round)
    attempt_save(attempt=attempt, question_id=attempt.answers.get().question_id, choice_ids=ok)
    assert attempt_submit(attempt=attempt, submit_key="k2").score == 1


def test_after_deadline_within_grace_submit_counts_but_time_is_capped(setup, close_path):
    _contest, round, entrant = setup
    now = timezone.now()
    attempt = attempt_start(entrant=entrant, round=round, now=now)
    late = attempt.deadline + dt.timedelta(seconds=20)
    first = attempt.answers.order_by("position").first()
    attempt_save(attempt=attempt, question_id=first.question_id, choice_ids=correct_ids(first.question_id), now=late)
    done = attempt_submit(attempt=attempt, submit_key="k", now=late)
    assert done.status == "submitted" and done.score == 1 and done.duration_ms == 600_000


def test_after_grace_saves_are_refused_and_the_attempt_closes_with_what_was_saved(setup, close_path):
    _contest, round, entrant = setup
    now = timezone.now()
    attempt = attempt_start(entrant=entrant, round=round, now=now)
    first, second = list(attempt.answers.order_by("position"))[:2]
    attempt_save(attempt=attempt, question_id=first.question_id, choice_ids=correct_ids(first.question_id), now=now)
    too_late = attempt.deadline + dt.timedelta(seconds=31)
    with pytest.raises(ContestError):
        attempt_save(attempt=attempt, question_id=second.question_id, choice_ids=correct_ids(second.question_id), now=too_late)
    attempt.refresh_from_db()
    assert attempt.status == "expired" and attempt.score == 1
    assert RoundResult.objects.get().score == 1


def test_beat_task_expires_overdue_attempts_only(setup, close_path):
    contest, round, entrant = setup
    overdue = attempt_start(entrant=entrant, round=round, now=timezone.now() - dt.timedelta(minutes=11))
    fresh = attempt_start(entrant=make_entrant(contest), round=round)
    assert expire_task.delay().get() == 1
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    assert overdue.status == "expired" and fresh.status == "in_progress"
    assert attempt_expire_overdue() == 0


def test_next_request_after_grace_closes_and_a_new_attempt_may_start(setup, close_path):
    _contest, round, entrant = setup
    old = attempt_start(entrant=entrant, round=round, now=timezone.now() - dt.timedelta(minutes=11))
    new = attempt_start(entrant=entrant, round=round)
    old.refresh_from_db()
    assert old.status == "expired" and new.pk != old.pk and new.number == 2


def test_result_keeps_the_best_attempt(setup, close_path):
    _contest, round, entrant = setup
    now = timezone.now()
    first = attempt_start(entrant=entrant, round=round, now=now)
    answers = list(first.answers.all())
    attempt_save(attempt=first, answers={a.question_id: correct_ids(a.question_id) for a in answers[:2]}, now=now)
    attempt_submit(attempt=first, submit_key="a", now=now + dt.timedelta(seconds=100))
    second = attempt_start(entrant=entrant, round=round, now=now + dt.timedelta(seconds=200))
    attempt_submit(attempt=second, submit_key="b", now=now + dt.timedelta(seconds=210))  # 0 points
    result = RoundResult.objects.get()
    assert (result.attempt_id, result.score) == (first.pk, 2)


def test_prediction_is_saved_only_when_the_round_asks(setup, close_path):
    contest, round, entrant = setup
    attempt = attempt_start(entrant=entrant, round=round)
    with pytest.raises(ContestError):
        attempt_save(attempt=attempt, prediction=5)
    asking = make_round(contest, prediction_question="Bao nhiêu người dự thi?")
    attempt2 = attempt_start(entrant=entrant, round=asking)
    for bad in (-1, "abc", 10**13, True):
        with pytest.raises(ContestError):
            attempt_save(attempt=attempt2, prediction=bad)
    attempt_submit(attempt=attempt2, submit_key="k", prediction="1.234")
    attempt2.refresh_from_db()
    assert attempt2.prediction == 1234 and RoundResult.objects.get(round=asking).prediction == 1234


@row_locks
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submits_with_the_same_key_make_exactly_one_result(close_path):
    contest = make_contest()
    round = make_round(contest, count=5)
    entrant = make_entrant(contest)
    attempt = attempt_start(entrant=entrant, round=round)
    answer = attempt.answers.first()
    attempt_save(attempt=attempt, question_id=answer.question_id, choice_ids=correct_ids(answer.question_id))
    barrier = threading.Barrier(8)
    outcomes, errors = [], []

    def submit(index):
        try:
            barrier.wait()
            if index % 2:  # the API's path by id and the pages' path with a loaded attempt, interleaved
                done = attempt_submit_own(user_id=entrant.user_id, attempt_id=attempt.pk, submit_key="same-key")
            else:
                done = attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk), submit_key="same-key")
            outcomes.append(done.submitted_at)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(outcomes) == 8 and len(set(outcomes)) == 1
    assert RoundResult.objects.filter(round=round, entrant=entrant).count() == 1
    assert Attempt.objects.get(pk=attempt.pk).status == "submitted"


@row_locks
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_starts_make_one_attempt():
    contest = make_contest()
    round = make_round(contest, count=5)
    entrant = make_entrant(contest)
    barrier = threading.Barrier(6)
    ids, errors = [], []

    def start():
        try:
            barrier.wait()
            ids.append(attempt_start(entrant=entrant, round=round).pk)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(ids)) == 1 and Attempt.objects.count() == 1


def test_submit_by_id_only_for_the_owner_and_returns_what_is_stored(setup, close_path):
    contest, round, entrant = setup
    now = timezone.now()
    attempt = attempt_start(entrant=entrant, round=round, now=now)
    first = attempt.answers.order_by("position").first()
    attempt_save(attempt=attempt, question_id=first.question_id, choice_ids=correct_ids(first.question_id), now=now)
    stranger = make_entrant(contest)
    with pytest.raises(ContestError) as refused:
        attempt_submit_own(user_id=stranger.user_id, attempt_id=attempt.pk, submit_key="k", now=now)
    assert refused.value.status == 404
    with pytest.raises(ContestError):
        attempt_submit_own(user_id=entrant.user_id, attempt_id=attempt.pk, submit_key="k", prediction=5, now=now)
    assert Attempt.objects.get(pk=attempt.pk).status == "in_progress" and not RoundResult.objects.exists()
    done = attempt_submit_own(user_id=entrant.user_id, attempt_id=attempt.pk, submit_key="k",
                              now=now + dt.timedelta(seconds=12, microseconds=345_999))
    stored = Attempt.objects.get(pk=attempt.pk)
    for field in ("status", "score", "correct_count", "max_score", "duration_ms", "submitted_at", "submit_key",
                  "round_id", "entrant_id", "number"):
        assert getattr(done, field) == getattr(stored, field), field
    assert (stored.status, stored.score, stored.duration_ms) == ("submitted", 1, 12_345)
    assert [a.is_correct for a in stored.answers.order_by("position")] == [True] + [False] * 4
    result = RoundResult.objects.get()
    assert (result.attempt_id, result.score, result.duration_ms, result.commune_id) == (
        attempt.pk, 1, 12_345, entrant.commune_id)


def test_an_excluded_entrant_is_marked_but_not_ranked(setup, close_path):
    _contest, round, entrant = setup
    from contest.services import entrant_set_excluded

    entrant_set_excluded(entrant=entrant, excluded=True)
    attempt = attempt_start(entrant=entrant, round=round)
    done = attempt_submit_own(user_id=entrant.user_id, attempt_id=attempt.pk, submit_key="k")
    assert done.status == "submitted" and not RoundResult.objects.exists()


@row_locks
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submit_waits_for_an_autosave_in_flight_and_marks_its_answers(close_path):
    """A submit that arrives while an autosave holds the attempt's lock marks the answers that
    autosave commits (the marking reads after the lock, not from a snapshot taken before it)."""
    from django.db import transaction

    contest = make_contest()
    round = make_round(contest, count=3)
    entrant = make_entrant(contest)
    attempt = attempt_start(entrant=entrant, round=round)
    answers = list(attempt.answers.order_by("position"))
    locked, outcome = threading.Event(), {}

    def slow_autosave():
        try:
            with transaction.atomic():
                Attempt.objects.select_for_update().get(pk=attempt.pk)
                locked.set()
                for answer in answers:
                    AttemptAnswer.objects.filter(pk=answer.pk).update(selected=correct_ids(answer.question_id))
                threading.Event().wait(0.5)  # the submit arrives meanwhile and must wait for this commit
        finally:
            connections.close_all()

    def submit():
        try:
            locked.wait(5)
            outcome["attempt"] = attempt_submit_own(user_id=entrant.user_id, attempt_id=attempt.pk, submit_key="k")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_autosave), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome["attempt"].score == 3
    assert RoundResult.objects.get(round=round, entrant=entrant).score == 3


def test_a_key_corrected_mid_round_marks_open_attempts_and_leaves_closed_papers_as_marked(close_path):
    """The organiser fixes a wrong key in the admin (modelcluster saves each choice): an attempt
    still in progress is marked by the corrected key; one already closed keeps its score, its
    verdicts and the key it shows, all as they were when it was marked."""
    contest = make_contest()
    category = CategoryFactory()
    question = make_question(category, correct=(0,))
    round = make_round(contest, category=category, count=1)
    old_key, fixed = correct_ids(question.pk), question.choices.get(position=2)
    closed = attempt_start(entrant=make_entrant(contest), round=round)
    attempt_save(attempt=closed, question_id=question.pk, choice_ids=old_key)
    closed = attempt_submit(attempt=closed, submit_key="a")
    taking = attempt_start(entrant=make_entrant(contest), round=round)
    for choice in question.choices.all():
        choice.is_correct = choice.pk == fixed.pk
        choice.save()
    attempt_save(attempt=taking, question_id=question.pk, choice_ids=[fixed.pk])
    assert attempt_submit(attempt=taking, submit_key="b").score == 1
    paper = attempt_payload(Attempt.objects.get(pk=closed.pk))
    assert paper["score"] == 1 and paper["questions"][0]["is_correct"]
    assert paper["questions"][0]["correct_choice_ids"] == old_key


def test_reimporting_the_bank_with_a_corrected_key_refreshes_attempts_in_progress(close_path):
    from quiz.question_bank import HEADER
    from tests.quiz.test_import_export import GOOD_ROWS, run, xlsx_bytes

    row = list(GOOD_ROWS[0])  # single choice, the second option correct
    assert run(xlsx_bytes([row])).ok
    question = Question.objects.get(external_id=row[0])
    contest = make_contest()
    round = make_round(contest, category=question.category, count=1)
    attempt = attempt_start(entrant=make_entrant(contest), round=round)
    row[HEADER.index("dap_an_dung")] = "3"
    report = run(xlsx_bytes([row]))
    assert report.ok and report.updated == 1
    third = question.choices.get(position=3)
    assert attempt.answers.get().correct_ids == [third.pk]
    attempt_save(attempt=attempt, question_id=question.pk, choice_ids=[third.pk])
    assert attempt_submit(attempt=attempt, submit_key="k").score == 1
