"""The home page's contest section (registered with portal.home_sections in apps.ready())."""

from django.utils import timezone


def running_contests(request, locale, limit=3):
    """Live contests in the page's language, each with the round a reader can act on now: the open
    one, else the next to open, else the last (its results)."""
    from .models import ContestPage, Round

    contests = list(ContestPage.objects.live().filter(locale=locale).order_by("-first_published_at")[:limit])
    if not contests:
        return None
    now = timezone.now()
    rounds = {}
    for round_ in Round.objects.filter(contest__in=contests).exclude(status=Round.Status.DRAFT).order_by("opens_at"):
        current = rounds.get(round_.contest_id)
        if current is None or not current.is_accepting(now) and (round_.is_accepting(now) or current.closes_at <= now):
            rounds[round_.contest_id] = round_
    items = [(contest, rounds.get(contest.pk)) for contest in contests]
    return "contest/home_section.html", {"contests": items, "now": now}
