"""Participation figures for organisers and commune officers (selectors: reads only).

Every function takes the `user` asking and limits rows with accounts.scoping.scope_to_commune, so a
commune officer gets their own commune's figures whatever contest or filter they pass; organisers
(accounts.view_all_communes) get the whole province. Counts are GROUP BY queries on indexed columns
(entrant: contest+commune; result: round+commune), cheap enough at a million entries to run per
page view of the admin, and cached for a short while because the page may auto-refresh."""

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count
from django.db.models.functions import TruncHour
from django.utils import timezone

from accounts.models import AdministrativeUnit, AudienceGroup
from accounts.scoping import communes_visible_to, scope_to_commune, user_commune_id

from .models import Attempt, ContestPage, Entrant, RoundResult

CACHE_SECONDS = 20


def _scope_key(user) -> str:
    from accounts.scoping import can_view_all_communes

    return "all" if can_view_all_communes(user) else f"c{user_commune_id(user) or 0}"


def _cached(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def entrants_for(*, contest: ContestPage, user, commune=None):
    qs = scope_to_commune(Entrant.objects.filter(contest=contest), user, "commune")
    return qs.filter(commune=commune) if commune is not None else qs


def results_for(*, contest: ContestPage, user, round=None, commune=None):
    qs = scope_to_commune(RoundResult.objects.filter(round__contest=contest), user, "commune")
    if round is not None:
        qs = qs.filter(round=round)
    return qs.filter(commune=commune) if commune is not None else qs


def attempts_for(*, contest: ContestPage, user, round=None, commune=None):
    qs = scope_to_commune(
        Attempt.objects.filter(round__contest=contest).exclude(status=Attempt.Status.IN_PROGRESS),
        user, "entrant__commune",
    )
    if round is not None:
        qs = qs.filter(round=round)
    return qs.filter(entrant__commune=commune) if commune is not None else qs


@dataclass
class Summary:
    entrants: int
    attempts: int
    results: int
    communes_with_entrants: int


def participation_summary(*, contest: ContestPage, user) -> Summary:
    def compute():
        entrants = entrants_for(contest=contest, user=user)
        return Summary(
            entrants=entrants.count(),
            attempts=attempts_for(contest=contest, user=user).count(),
            results=results_for(contest=contest, user=user).count(),
            communes_with_entrants=entrants.values("commune").distinct().count(),
        )

    return _cached(f"contest:stats:{contest.pk}:{_scope_key(user)}:summary", compute)


def submissions_per_hour(*, contest: ContestPage, user, hours: int = 24, now=None) -> list[dict]:
    """Closed attempts (submitted or expired) per hour over the last `hours` hours, oldest first,
    every hour present (zero when none), in the site's time zone."""
    now = timezone.localtime(now or timezone.now())
    end = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    start = end - dt.timedelta(hours=hours)

    def compute():
        rows = (attempts_for(contest=contest, user=user).filter(submitted_at__gte=start, submitted_at__lt=end)
                .annotate(hour=TruncHour("submitted_at")).values("hour").annotate(n=Count("id")))
        counts = {timezone.localtime(r["hour"]).replace(minute=0, second=0, microsecond=0): r["n"] for r in rows}
        return [{"hour": start + dt.timedelta(hours=i), "count": counts.get(start + dt.timedelta(hours=i), 0)}
                for i in range(hours)]

    return _cached(f"contest:stats:{contest.pk}:{_scope_key(user)}:hours:{hours}:{start:%Y%m%d%H}", compute)


def entrants_by_commune(*, contest: ContestPage, user) -> list[dict]:
    """Every commune the user may see, with its entrants, closed attempts and ranked results;
    communes without entrants are listed too (that is where the "vùng lõm" are)."""

    def compute():
        entrants = dict(entrants_for(contest=contest, user=user).values_list("commune")
                        .annotate(n=Count("id")).values_list("commune", "n"))
        attempts = dict(attempts_for(contest=contest, user=user).values_list("entrant__commune")
                        .annotate(n=Count("id")).values_list("entrant__commune", "n"))
        results = dict(results_for(contest=contest, user=user).values_list("commune")
                       .annotate(n=Count("entrant", distinct=True)).values_list("commune", "n"))
        rows = [{"commune_id": unit.pk, "code": unit.code, "name": unit.full_name,
                 "entrants": entrants.get(unit.pk, 0), "attempts": attempts.get(unit.pk, 0),
                 "participants": results.get(unit.pk, 0)}
                for unit in communes_visible_to(user).only("pk", "code", "name", "kind")]
        rows.sort(key=lambda r: (-r["entrants"], r["code"]))
        return rows

    return _cached(f"contest:stats:{contest.pk}:{_scope_key(user)}:communes", compute)


def entrants_by_audience(*, contest: ContestPage, user) -> list[dict]:
    def compute():
        counts = dict(entrants_for(contest=contest, user=user).values_list("audience_group")
                      .annotate(n=Count("id")).values_list("audience_group", "n"))
        return [{"group": value, "label": str(label), "entrants": counts.get(value, 0)}
                for value, label in AudienceGroup.choices]

    return _cached(f"contest:stats:{contest.pk}:{_scope_key(user)}:audience", compute)


def commune_audience_table(*, contest: ContestPage, user, round=None, commune=None):
    """Rows for the statistics export: one per (commune, audience group) with entrants, closed
    attempts, ranked participants and their average score. Never cached: an export must match the
    database at the time it runs."""
    entrants = {(c, a): n for c, a, n in entrants_for(contest=contest, user=user, commune=commune)
                .values_list("commune", "audience_group").annotate(n=Count("id"))
                .values_list("commune", "audience_group", "n")}
    attempts = {(c, a): n for c, a, n in attempts_for(contest=contest, user=user, round=round, commune=commune)
                .values_list("entrant__commune", "entrant__audience_group").annotate(n=Count("id"))
                .values_list("entrant__commune", "entrant__audience_group", "n")}
    results = {(c, a): (n, avg) for c, a, n, avg in results_for(contest=contest, user=user, round=round, commune=commune)
               .values_list("commune", "audience_group")
               .annotate(n=Count("entrant", distinct=True), avg=Avg("score"))
               .values_list("commune", "audience_group", "n", "avg")}
    keys = sorted(set(entrants) | set(attempts) | set(results))
    units = AdministrativeUnit.objects.in_bulk({c for c, _a in keys})
    labels = dict(AudienceGroup.choices)
    units_sorted = sorted(keys, key=lambda k: (units[k[0]].code, k[1]))
    for commune_id, group in units_sorted:
        unit = units[commune_id]
        participants, avg = results.get((commune_id, group), (0, None))
        yield (unit.code, unit.full_name, str(labels.get(group, group)), entrants.get((commune_id, group), 0),
               participants, attempts.get((commune_id, group), 0), round_avg(avg))


def round_avg(value):
    return None if value is None else round(float(value), 2)

