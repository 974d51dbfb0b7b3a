"""Shared builders for contest-ops tests (exports, statistics, admin views): people in each role
and a contest with real results made through the contest services."""

import datetime as dt
import itertools

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import AudienceGroup
from contest.models import Round
from contest.services import attempt_save, attempt_start, attempt_submit
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory, UserFactory
from tests.contest.factories import make_bank, make_contest, make_entrant, make_round

_names = itertools.cycle(["Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Võ Ngọc Em"])
_cid = itertools.count(1)


def user_in(role, *, commune=None, **fields):
    user = UserFactory(**fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if commune is not None:
        LearnerProfileFactory(user=user, commune=commune)
    return user


def organiser():
    return user_in(roles.CONTEST_ORGANISERS)


def officer(commune):
    return user_in(roles.COMMUNE_OFFICERS, commune=commune)


def editor():
    return user_in(roles.EDITORS)


def take_round(entrant, round, *, right=1):
    """Start, answer (`right` questions correctly: choice 0 is the correct one) and submit."""
    attempt = attempt_start(entrant=entrant, round=round)
    from contest.models import AttemptAnswer
    from quiz.models import Choice

    for i, answer in enumerate(AttemptAnswer.objects.filter(attempt=attempt).order_by("position")):
        choices = list(Choice.objects.filter(question_id=answer.question_id).order_by("position"))
        pick = choices[0] if i < right else choices[1]
        attempt_save(attempt=attempt, question_id=answer.question_id, choice_ids=[pick.pk])
    return attempt_submit(attempt=attempt, submit_key=f"k-{attempt.pk}")


def contest_with_results(per_commune=(3, 2)):
    """A contest with one open round of 3 questions; entrants spread over two communes (counts in
    `per_commune`), each with a submitted attempt. Returns (contest, round, communes, entrants)."""
    contest = make_contest()
    category, _qs = make_bank(n=6)
    round = make_round(contest, category=category, count=3, max_attempts=1)
    communes = [CommuneFactory(name=f"Phước Tân {i}") for i in range(len(per_commune))]
    entrants = []
    for commune, count in zip(communes, per_commune):
        for i in range(count):
            dob = dt.date(1990, 1, 1) + dt.timedelta(days=400 * i)
            entrant = make_entrant(contest, commune=commune, full_name=next(_names),
                                   citizen_id=f"0790{dob.year % 100:02d}{next(_cid):06d}",
                                   audience_group=[AudienceGroup.STUDENT, AudienceGroup.CIVIL_SERVANT][i % 2],
                                   date_of_birth=dob)
            take_round(entrant, round, right=i % 4)
            entrants.append(entrant)
    return contest, Round.objects.get(pk=round.pk), communes, entrants

