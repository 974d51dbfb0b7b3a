"""Participation selectors: counts equal the database, scoped to the asking user's commune."""

import pytest
from django.utils import timezone

from contest import statistics
from contest.models import Attempt, Entrant
from tests.contest.ops_helpers import contest_with_results, editor, officer, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return contest_with_results(per_commune=(3, 2))


def test_summary_for_an_organiser_counts_the_whole_contest(data):
    contest, round, _communes, entrants = data
    summary = statistics.participation_summary(contest=contest, user=organiser())
    assert summary.entrants == len(entrants) == 5
    assert summary.attempts == Attempt.objects.filter(round=round, status="submitted").count() == 5
    assert summary.results == 5
    assert summary.communes_with_entrants == 2


def test_commune_officer_sees_only_their_commune(data):
    contest, _round, communes, _entrants = data
    user = officer(communes[1])
    assert statistics.participation_summary(contest=contest, user=user).entrants == 2
    rows = statistics.entrants_by_commune(contest=contest, user=user)
    assert [r["code"] for r in rows] == [communes[1].code]
    assert rows[0]["entrants"] == rows[0]["attempts"] == rows[0]["participants"] == 2
    audience = statistics.entrants_by_audience(contest=contest, user=user)
    assert sum(r["entrants"] for r in audience) == 2


def test_user_without_a_role_sees_nothing(data):
    contest, *_rest = data
    user = editor()
    assert statistics.participation_summary(contest=contest, user=user).entrants == 0
    assert statistics.entrants_by_commune(contest=contest, user=user) == []


def test_communes_without_entrants_are_listed_with_zero(data):
    from tests.accounts.factories import CommuneFactory

    contest, _round, communes, _entrants = data
    empty = CommuneFactory(name="Vùng lõm")
    rows = {r["code"]: r for r in statistics.entrants_by_commune(contest=contest, user=organiser())}
    assert rows[empty.code]["entrants"] == 0
    assert rows[communes[0].code]["entrants"] == 3


def test_submissions_per_hour_cover_every_hour_and_count_this_hours_submissions(data):
    contest, *_rest = data
    hours = statistics.submissions_per_hour(contest=contest, user=organiser(), hours=24)
    assert len(hours) == 24
    assert [h["hour"] for h in hours] == sorted(h["hour"] for h in hours)
    assert hours[-1]["hour"] <= timezone.localtime() < hours[-1]["hour"] + timezone.timedelta(hours=1)
    assert hours[-1]["count"] == 5 and sum(h["count"] for h in hours) == 5


def test_audience_breakdown_matches_entrants(data):
    contest, *_rest = data
    rows = {r["group"]: r["entrants"] for r in statistics.entrants_by_audience(contest=contest, user=organiser())}
    for group, count in rows.items():
        assert Entrant.objects.filter(contest=contest, audience_group=group).count() == count


def test_commune_audience_table_rows_equal_grouped_counts(data):
    contest, round, communes, _entrants = data
    rows = list(statistics.commune_audience_table(contest=contest, user=organiser()))
    assert sum(r[3] for r in rows) == 5
    for code, _name, _group, entrants, participants, attempts, avg in rows:
        assert entrants == participants == attempts
        assert avg is not None
