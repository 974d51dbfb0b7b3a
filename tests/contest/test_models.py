"""Database-enforced rules: they hold even if a service is bypassed or two requests race."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.models import Attempt, Entrant, Prize, RoundResult
from tests.accounts.factories import CommuneFactory, UserFactory

from .factories import make_contest, make_entrant, make_round

pytestmark = pytest.mark.django_db


def _raw_entrant(contest, **fields):
    values = dict(contest=contest, user=UserFactory(), phone="+84912000001", full_name="A", commune=CommuneFactory(),
                  audience_group="other_adult", consent_at=timezone.now(), consent_version="1")
    values.update(fields)
    return Entrant.objects.create(**values)


def test_phone_unique_per_contest_but_not_across_contests():
    contest, other = make_contest(), make_contest()
    _raw_entrant(contest)
    _raw_entrant(other)  # same phone, another contest: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_entrant(contest)


def test_citizen_id_unique_per_contest_when_given_and_many_nulls_allowed():
    contest = make_contest()
    _raw_entrant(contest, phone="+84912000001", citizen_id="075090000001")
    _raw_entrant(contest, phone="+84912000002", citizen_id=None)
    _raw_entrant(contest, phone="+84912000003", citizen_id=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_entrant(contest, phone="+84912000004", citizen_id="075090000001")


def test_citizen_id_must_be_twelve_digits_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_entrant(make_contest(), citizen_id="07509000000")


def test_one_attempt_in_progress_per_entrant_and_round():
    contest = make_contest()
    round = make_round(contest)
    entrant = make_entrant(contest)
    now = timezone.now()
    Attempt.objects.create(entrant=entrant, round=round, number=1, started_at=now, deadline=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(entrant=entrant, round=round, number=2, started_at=now, deadline=now)
    Attempt.objects.create(entrant=entrant, round=round, number=3, started_at=now, deadline=now, status="submitted")


def test_one_result_per_round_and_entrant():
    contest = make_contest()
    round = make_round(contest)
    entrant = make_entrant(contest)
    now = timezone.now()
    attempt = Attempt.objects.create(entrant=entrant, round=round, number=1, started_at=now, deadline=now, status="submitted")
    values = dict(round=round, entrant=entrant, attempt=attempt, score=1, duration_ms=1, submitted_at=now,
                  commune=entrant.commune, audience_group="other_adult")
    RoundResult.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundResult.objects.create(**values)


def test_round_window_must_be_forward():
    contest = make_contest()
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_round(contest, opens_at=now, closes_at=now - dt.timedelta(hours=1))


def test_prize_goes_to_an_entrant_or_a_commune_not_both():
    contest = make_contest()
    entrant = make_entrant(contest)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prize.objects.create(contest=contest, tier="nhat", rank=1, entrant=entrant, commune=entrant.commune)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prize.objects.create(contest=contest, tier="nhat", rank=1)


def test_contest_page_rejects_unknown_tie_breaks_and_tiers():
    from django.core.exceptions import ValidationError

    contest = make_contest()
    contest.tie_breaks = ["duration", "luck"]
    with pytest.raises(ValidationError):
        contest.clean()
    contest.tie_breaks = ["duration"]
    contest.prize_tiers = {"nhat": -1}
    with pytest.raises(ValidationError):
        contest.clean()


def test_demo_seed_is_idempotent_and_uses_the_question_bank():
    import io

    from django.core.management import call_command

    from contest.models import ContestPage, Round
    from .factories import make_bank

    call_command("seed_demo", "--only", "portal.demo", "contest.demo", stdout=io.StringIO())
    page = ContestPage.objects.get()
    assert page.title == "Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp"
    assert set(Round.objects.values_list("status", flat=True)) == {"draft"}  # no questions yet: not takeable
    make_bank(n=6)
    make_bank(n=7)
    call_command("seed_demo", "--only", "portal.demo", "contest.demo", stdout=io.StringIO())
    assert ContestPage.objects.count() == 1 and Round.objects.count() == 2
    for round in Round.objects.all():
        assert round.status == "open" and round.question_count == 10
