import datetime as dt

import pytest
from django.utils import timezone

from contest.models import Round
from contest.services import (ContestError, leaderboard_page, my_standing, ranking_final, ranking_live, round_close,
                              round_finalise, unit_leaderboard)
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory

from .factories import make_contest, make_entrant, make_result, make_round

pytestmark = pytest.mark.django_db
T0 = timezone.now() - dt.timedelta(days=2)


def names(results):
    return [r.entrant.full_name for r in results]


@pytest.fixture
def tied():
    """Four entrants with the same score, differing in each tie-break, plus a clear winner."""
    contest = make_contest()
    round = make_round(contest, prediction_question="Bao nhiêu người dự thi?", actual_entry_count=100)
    make_result(round, score=9, duration_ms=90_000, prediction=0, submitted_at=T0 + dt.timedelta(hours=9), full_name="Top Một")
    # prediction error 1, slow, late
    make_result(round, score=7, duration_ms=80_000, prediction=101, submitted_at=T0 + dt.timedelta(hours=4), full_name="Dự Đoán")
    # prediction error 10, fastest, latest
    make_result(round, score=7, duration_ms=10_000, prediction=110, submitted_at=T0 + dt.timedelta(hours=5), full_name="Nhanh Nhất")
    # prediction error 10, slower, earliest
    make_result(round, score=7, duration_ms=20_000, prediction=90, submitted_at=T0 + dt.timedelta(hours=1), full_name="Sớm Nhất")
    # no prediction, same duration as the earliest, a bit later
    make_result(round, score=7, duration_ms=20_000, prediction=None, submitted_at=T0 + dt.timedelta(hours=2), full_name="Không Đoán")
    return contest, round


def test_live_ranking_is_score_then_duration_then_submit(tied):
    _contest, round = tied
    assert names(ranking_live(round)) == ["Top Một", "Nhanh Nhất", "Sớm Nhất", "Không Đoán", "Dự Đoán"]


@pytest.mark.parametrize("tie_breaks,expected", [
    (["prediction", "duration", "submitted_at"], ["Top Một", "Dự Đoán", "Nhanh Nhất", "Sớm Nhất", "Không Đoán"]),
    (["prediction", "submitted_at", "duration"], ["Top Một", "Dự Đoán", "Sớm Nhất", "Nhanh Nhất", "Không Đoán"]),
    (["duration", "prediction", "submitted_at"], ["Top Một", "Nhanh Nhất", "Sớm Nhất", "Không Đoán", "Dự Đoán"]),
    (["duration", "submitted_at"], ["Top Một", "Nhanh Nhất", "Sớm Nhất", "Không Đoán", "Dự Đoán"]),
    (["submitted_at", "prediction", "duration"], ["Top Một", "Sớm Nhất", "Không Đoán", "Dự Đoán", "Nhanh Nhất"]),
])
def test_final_ranking_follows_the_contests_tie_break_order(tied, tie_breaks, expected):
    contest, round = tied
    contest.tie_breaks = tie_breaks
    contest.save()
    round.refresh_from_db()
    round.status = Round.Status.CLOSED
    round.save()
    finalised = round_finalise(round=round)
    assert names(ranking_final(finalised)) == expected
    assert [r.final_rank for r in ranking_final(finalised)] == [1, 2, 3, 4, 5]
    errors = {r.entrant.full_name: r.prediction_error for r in finalised.results.all()}
    assert errors == {"Top Một": 100, "Dự Đoán": 1, "Nhanh Nhất": 10, "Sớm Nhất": 10, "Không Đoán": None}


def test_finalise_counts_entrants_when_no_actual_figure_is_given():
    contest = make_contest()
    round = make_round(contest, prediction_question="Bao nhiêu người?", status="closed")
    for prediction in (1, 3, 7):
        make_result(round, score=5, prediction=prediction)
    round_finalise(round=round)
    round.refresh_from_db()
    assert round.actual_entry_count == 3
    assert sorted(r.prediction_error for r in round.results.all()) == [0, 2, 4]


def test_finalise_refuses_an_open_round_before_it_ends():
    contest = make_contest()
    round = make_round(contest)
    with pytest.raises(ContestError):
        round_finalise(round=round)
    round_close(round=round)
    assert round_finalise(round=round).status == "finalised"


def test_my_standing_counts_those_ahead(tied):
    _contest, round = tied
    for result in ranking_live(round):
        expected = list(ranking_live(round)).index(result) + 1
        standing = my_standing(round=round, entrant=result.entrant)
        assert (standing.rank, standing.total, standing.final) == (expected, 5, False)
    assert my_standing(round=round, entrant=make_entrant(round.contest)) is None


def test_my_standing_after_finalisation_is_the_final_rank(tied):
    contest, round = tied
    round.status = "closed"
    round.save()
    round_finalise(round=round)
    order = list(ranking_final(round))
    standing = my_standing(round=round, entrant=order[1].entrant)
    assert standing.rank == 2 and standing.final


def test_leaderboard_page_is_masked_and_paginated(tied):
    _contest, round = tied
    page = leaderboard_page(round=round, page=2, per_page=2)
    assert page["pages"] == 3 and page["total"] == 5
    assert [i["rank"] for i in page["items"]] == [3, 4]
    assert [i["name"] for i in page["items"]] == ["Sớm N.", "Không Đ."]
    assert all("phone" not in i and "citizen_id" not in i for i in page["items"])
    assert leaderboard_page(round=round, page=999, per_page=2)["page"] == 3


def test_excluded_entrants_are_never_ranked():
    from contest.services import attempt_start, attempt_submit, entrant_set_excluded

    contest = make_contest()
    round = make_round(contest)
    entrant = make_entrant(contest)
    attempt_submit(attempt=attempt_start(entrant=entrant, round=round), submit_key="k")
    assert ranking_live(round).count() == 1
    entrant_set_excluded(entrant=entrant, excluded=True)
    assert ranking_live(round).count() == 0
    other = make_entrant(contest)
    other.is_excluded = True
    other.save()
    attempt_submit(attempt=attempt_start(entrant=other, round=round), submit_key="k")
    assert ranking_live(round).count() == 0
    entrant_set_excluded(entrant=entrant, excluded=False)
    assert ranking_live(round).count() == 1


def test_commune_and_workplace_leaderboards():
    contest = make_contest()
    big, small = CommuneFactory(), CommuneFactory()
    for _i in range(3):
        make_entrant(contest, commune=big, workplace="Trường A")
    make_entrant(contest, commune=small, workplace="Trường B")
    for _i in range(6):
        LearnerProfileFactory(commune=big)
    LearnerProfileFactory(commune=small)
    rows = unit_leaderboard(contest=contest, by="commune")
    # small: 1 of 1 learner = 100 %, big: 3 of 6 = 50 %
    assert [(r["commune_id"], r["participants"], r["rate"]) for r in rows] == [(small.pk, 1, 100.0), (big.pk, 3, 50.0)]
    rows = unit_leaderboard(contest=contest, by="workplace")
    assert [(r["name"], r["participants"]) for r in rows] == [("Trường A", 3), ("Trường B", 1)]


def test_standing_from_the_histogram_matches_the_exact_count(settings):
    """Large rounds rank through a cached histogram plus an exact count inside the entrant's own
    1-second bucket; with the same rows it must give the same ranks as the exact count."""
    import random

    from django.core.cache import cache

    contest = make_contest()
    round = make_round(contest)
    rng = random.Random(7)
    results = []
    for i in range(40):
        # few scores and durations close together: many ties inside one bucket and on duration
        results.append(make_result(round, score=rng.choice([3, 5, 7]), duration_ms=rng.choice([1000, 1400, 1400, 2999, 3000]),
                                   submitted_at=T0 + dt.timedelta(seconds=rng.randint(0, 5))))
    settings.CONTEST_EXACT_RANK_MAX = 10**9
    exact = {r.entrant_id: my_standing(round=round, entrant=r.entrant).rank for r in results}
    assert sorted(exact.values()) == list(range(1, 41))
    settings.CONTEST_EXACT_RANK_MAX = 0
    cache.clear()
    estimated = {r.entrant_id: my_standing(round=round, entrant=r.entrant).rank for r in results}
    assert estimated == exact
    # A result added after the histogram was made is still ranked against its own bucket exactly.
    late = make_result(round, score=5, duration_ms=1400, submitted_at=T0)
    standing = my_standing(round=round, entrant=late.entrant)
    settings.CONTEST_EXACT_RANK_MAX = 10**9
    assert standing.rank == my_standing(round=round, entrant=late.entrant).rank


def test_cached_final_leaderboard_follows_reopen_correction_and_exclusion(tied):
    """A finalised round's leaderboard is cached; whatever changes it (a name correction, an
    exclusion, reopening the results) shows on the next read, not after the cache expires."""
    from contest.services import entrant_set_excluded, entrant_update, round_reopen_results

    _contest, round = tied
    round.status = Round.Status.CLOSED
    round.save()
    round = round_finalise(round=round)
    first = leaderboard_page(round=round, per_page=10)
    assert [i["name"] for i in first["items"]][:2] == ["Top M.", "Dự Đ."]
    top = round.results.get(final_rank=1).entrant
    entrant_update(entrant=top, full_name="Trần Thị Bình")
    assert leaderboard_page(round=round, per_page=10)["items"][0]["name"] == "Trần T. B."
    entrant_set_excluded(entrant=top, excluded=True)
    after = leaderboard_page(round=round, per_page=10)
    assert after["items"][0]["name"] == "Dự Đ." and len(after["items"]) == after["total"] == 4
    reopened = round_reopen_results(round=round)
    assert leaderboard_page(round=reopened, per_page=10)["final"] is False


def test_large_round_board_change_does_not_recount_the_whole_round(settings):
    """Beyond CONTEST_EXACT_RANK_MAX the leaderboard's total comes from the ranking histogram, so
    a correction or an exclusion (which retires cached boards) costs no COUNT over the round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contest.services.results import leaderboard_page, leaderboards_changed

    contest = make_contest()
    round = make_round(contest)
    for i in range(12):
        make_result(round, score=i % 4, duration_ms=1000 + i)
    settings.CONTEST_EXACT_RANK_MAX = 5
    assert leaderboard_page(round=round, page=1, per_page=10)["total"] == 12  # exact, primes the histogram
    leaderboards_changed(contest.pk)
    with CaptureQueriesContext(connection) as queries:
        board = leaderboard_page(round=round, page=2, per_page=10)
    assert board["total"] == 12 and board["pages"] == 2 and len(board["items"]) == 2
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_histogram_made_while_the_round_was_small_is_refreshed_once_it_has_grown(settings):
    """A round's cached histogram from when it had few results (or from a database whose ids this
    one reuses) must not send every later call to a COUNT over the whole round: once stale, it is
    made again and the total comes from it."""
    import time

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contest.services.results import _histogram, leaderboards_changed

    contest = make_contest()
    round = make_round(contest)
    for i in range(3):
        make_result(round, score=i, duration_ms=1000 + i)
    key = f"contest:round:{round.pk}:histogram"
    small = _histogram(round)
    assert small["total"] == 3
    cache.set(key, {**small, "at": time.time() - 3600}, 3600)  # long stale
    for i in range(9):
        make_result(round, score=i % 4, duration_ms=2000 + i)
    settings.CONTEST_EXACT_RANK_MAX = 5
    assert leaderboard_page(round=round, page=1, per_page=10)["total"] == 12
    assert cache.get(key)["total"] == 12
    leaderboards_changed(contest.pk)
    with CaptureQueriesContext(connection) as queries:
        assert leaderboard_page(round=round, page=2, per_page=10)["total"] == 12
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
