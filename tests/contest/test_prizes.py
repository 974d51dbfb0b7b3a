import pytest

from contest.models import Prize
from contest.services import ContestError, entrant_update, prize_confirm, prizes_assign, round_finalise
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory

from .factories import make_contest, make_entrant, make_result, make_round

pytestmark = pytest.mark.django_db


def finalised_round(contest, scores):
    round = make_round(contest, status="closed")
    results = [make_result(round, score=s, duration_ms=1000 * (i + 1)) for i, s in enumerate(scores)]
    round_finalise(round=round)
    return round, results


def test_round_prizes_follow_tier_counts_in_rank_order():
    contest = make_contest(prize_tiers={"nhat": 1, "nhi": 2, "ba": 1, "khuyen_khich": 2})
    round, results = finalised_round(contest, [3, 9, 9, 8, 7, 6, 5, 0])
    prizes = prizes_assign(contest=contest, round=round)
    got = [(p.tier, p.rank, p.entrant_id) for p in sorted(prizes, key=lambda p: p.rank)]
    by_rank = [results[i].entrant_id for i in (1, 2, 3, 4, 5, 6)]
    assert got == [("nhat", 1, by_rank[0]), ("nhi", 2, by_rank[1]), ("nhi", 3, by_rank[2]), ("ba", 4, by_rank[3]),
                   ("khuyen_khich", 5, by_rank[4]), ("khuyen_khich", 6, by_rank[5])]


def test_zero_scores_get_no_prize_and_reassigning_replaces():
    contest = make_contest(prize_tiers={"nhat": 1, "nhi": 5})
    round, _results = finalised_round(contest, [4, 0, 0])
    assert len(prizes_assign(contest=contest, round=round)) == 1
    assert len(prizes_assign(contest=contest, round=round)) == 1
    assert Prize.objects.count() == 1


def test_prizes_need_a_finalised_round():
    contest = make_contest()
    round = make_round(contest)
    with pytest.raises(ContestError):
        prizes_assign(contest=contest, round=round)


def test_overall_prizes_sum_rounds_and_collective_prizes_go_to_communes():
    contest = make_contest(prize_tiers={"nhat": 1, "nhi": 1}, collective_prizes=1)
    first = make_round(contest, status="closed")
    second = make_round(contest, status="closed")
    commune = CommuneFactory()
    a, b = make_entrant(contest, commune=commune), make_entrant(contest)
    LearnerProfileFactory(commune=commune)
    make_result(first, score=5, entrant=a)
    make_result(second, score=5, entrant=a)
    make_result(first, score=9, entrant=b)
    round_finalise(round=first)
    round_finalise(round=second)
    prizes = sorted(prizes_assign(contest=contest), key=lambda p: (p.tier, p.rank))
    individual = [(p.tier, p.entrant_id) for p in prizes if p.entrant_id]
    assert individual == [("nhat", a.pk), ("nhi", b.pk)]
    collective = [p for p in prizes if p.commune_id]
    assert len(collective) == 1 and collective[0].commune_id == commune.pk and collective[0].round_id is None


def test_confirmation_needs_the_citizen_id_and_locks_reassignment():
    contest = make_contest(prize_tiers={"nhat": 1})
    round, results = finalised_round(contest, [5])
    prize = prizes_assign(contest=contest, round=round)[0]
    prize = Prize.objects.get(pk=prize.pk)
    with pytest.raises(ContestError) as error:
        prize_confirm(prize=prize)
    assert "căn cước" in str(error.value)
    entrant_update(entrant=prize.entrant, citizen_id="075090123456", date_of_birth=prize.entrant.date_of_birth)
    prize = Prize.objects.get(pk=prize.pk)
    assert prize_confirm(prize=prize).confirmed_at
    with pytest.raises(ContestError):
        prizes_assign(contest=contest, round=round)
    with pytest.raises(ContestError):
        entrant_update(entrant=prize.entrant, citizen_id="075090123457")


def test_excluded_entrants_get_no_prize():
    contest = make_contest(prize_tiers={"nhat": 1})
    round = make_round(contest, status="closed")
    make_result(round, score=3)
    excluded = make_entrant(contest)
    excluded.is_excluded = True
    excluded.save()
    round_finalise(round=round)
    prize = prizes_assign(contest=contest, round=round)[0]
    assert prize.entrant_id != excluded.pk
