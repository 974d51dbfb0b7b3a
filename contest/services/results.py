"""Rankings, "my standing", public leaderboards, unit leaderboards and prizes."""

import array
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, LearnerProfile

from ..masking import mask_name
from ..models import PRIZE_TIERS, Entrant, Prize, Round, RoundResult
from .errors import ContestError
from .rounds import TIE_BREAK_ORM

MAX_PER_PAGE = 100
TOTAL_CACHE_SECONDS = 15


def ranking_live(round: Round):
    """Results by score, then time (duration, then earlier submit): the index result_live_rank."""
    return RoundResult.objects.filter(round=round).order_by("-score", "duration_ms", "submitted_at", "id")


def ranking_final(round: Round):
    """Results by score, then the contest's tie-breaks in its order, then id (stable)."""
    if round.status == Round.Status.FINALISED:  # stored: no need to load the contest page
        return RoundResult.objects.filter(round=round).order_by("final_rank", "id")
    order = [F("score").desc()]
    for name in round.contest.tie_breaks or []:
        if name in TIE_BREAK_ORM:
            column, how = TIE_BREAK_ORM[name]
            order.append(F(column).asc(nulls_last=True) if how == "asc_nulls_last" else F(column).asc())
    return RoundResult.objects.filter(round=round).order_by(*order, "id")


def ranking(round: Round):
    return ranking_final(round) if round.status == Round.Status.FINALISED else ranking_live(round)


def round_result_count(round: Round) -> int:
    """Number of ranked results, cached briefly (COUNT(*) over a million rows is the slow part).
    Beyond settings.CONTEST_EXACT_RANK_MAX results the total comes from the ranking histogram (at
    most HISTOGRAM_FRESH_SECONDS old, like "my standing"), so a leaderboard change (a correction,
    an exclusion) does not make the next request count the whole round again."""
    return _total_and_histogram(round)[0]


def _total_and_histogram(round: Round):
    """(number of ranked results, the round's histogram or None while the round is small). The
    histogram is read from the cache once here, for both (it is some 50 kB at a million results)."""
    from django.conf import settings

    limit = getattr(settings, "CONTEST_EXACT_RANK_MAX", 20_000)
    known = cache.get(f"contest:round:{round.pk}:histogram")
    if known is not None:
        # Refreshed when stale: a histogram made while the round was smaller must not send every
        # call down to the COUNT below once the round has grown past the limit.
        known = _histogram(round, cached=known)
        if known["total"] > limit:
            return known["total"], known
    key = f"contest:round:{round.pk}:{_board_version(round.contest_id)}:results"  # see leaderboards_changed
    total = cache.get(key)
    if total is None:
        total = RoundResult.objects.filter(round=round).count()
        cache.set(key, total, TOTAL_CACHE_SECONDS)
        if total > limit and known is None:
            return total, _histogram(round)  # the next call reads the total from it
    return total, None


BUCKET_MS = 1000
HISTOGRAM_FRESH_SECONDS = 30


def _histogram(round: Round, cached=None) -> dict:
    """Counts of results per (score, 1-second duration bucket) of a round, cached. Recomputed at
    most every HISTOGRAM_FRESH_SECONDS by one request (a cache lock); the others keep using the
    previous one meanwhile, so no request waits for the full scan except the very first."""
    import time

    from django.db.models import F as _F
    from django.db.models.functions import Floor

    key = f"contest:round:{round.pk}:histogram"
    data = cached if cached is not None else cache.get(key)
    now = time.time()
    if data is not None and now - data["at"] < HISTOGRAM_FRESH_SECONDS:
        return data
    if data is not None and not cache.add(f"{key}:lock", 1, 60):
        return data
    rows = (RoundResult.objects.filter(round=round)
            .annotate(bucket=Floor(_F("duration_ms") / BUCKET_MS))
            .values_list("score", "bucket").annotate(n=Count("id")).order_by())
    per_score = {}
    for score, bucket, n in rows:
        per_score.setdefault(score, {})[int(bucket)] = n
    scores = sorted(per_score, reverse=True)
    score_ahead, running = {}, 0
    for score in scores:
        score_ahead[score] = running
        running += sum(per_score[score].values())
    buckets = {}
    for score, counts in per_score.items():
        keys = sorted(counts)
        cumulative, total = [], 0
        for bucket in keys:
            cumulative.append(total)  # results of this score in earlier buckets
            total += counts[bucket]
        # Typed arrays: every standing and cold leaderboard reads this from the cache, and
        # unpickling thousands of ints as lists took longer than the rest of the lookup.
        buckets[score] = (array.array("q", keys), array.array("q", cumulative), total)
    data = {"at": now, "score_ahead": score_ahead, "scores": scores, "buckets": buckets, "total": running}
    cache.set(key, data, 3600)
    cache.delete(f"{key}:lock")
    return data


def _ahead_from_histogram(data, score, bucket) -> int:
    import bisect

    if score in data["score_ahead"]:
        ahead = data["score_ahead"][score]
    else:  # a score nobody had when the histogram was made
        ahead = sum(sum_ for s, (_k, _c, sum_) in data["buckets"].items() if s > score)
    keys, cumulative, total = data["buckets"].get(score, ([], [], 0))
    index = bisect.bisect_left(keys, bucket)
    ahead += cumulative[index] if index < len(keys) else total
    return ahead


@dataclass
class Standing:
    rank: int
    total: int
    score: int
    max_score: int
    duration_ms: int
    final: bool
    submitted_at: object = None


def my_standing(*, round: Round, entrant: Entrant) -> Standing | None:
    """The entrant's place: the stored final rank once finalised. Live: 1 + the results ahead.
    Up to settings.CONTEST_EXACT_RANK_MAX results that is one indexed COUNT; beyond, counting
    hundreds of thousands of index entries takes too long (170 ms at a million), so the results
    in better scores and faster 1-second buckets come from a cached histogram (at most 30 s old)
    and only those in the entrant's own bucket are counted, exactly, on the index result_live_rank."""
    from django.conf import settings

    result = (RoundResult.objects.filter(round=round, entrant=entrant)
              .only("id", "score", "max_score", "duration_ms", "submitted_at", "final_rank").first())
    if result is None:
        return None
    total, histogram = _total_and_histogram(round)
    if round.status == Round.Status.FINALISED and result.final_rank:
        rank = result.final_rank
    else:
        same_time_earlier = (Q(duration_ms=result.duration_ms, submitted_at__lt=result.submitted_at)
                             | Q(duration_ms=result.duration_ms, submitted_at=result.submitted_at, id__lt=result.id))
        if total <= getattr(settings, "CONTEST_EXACT_RANK_MAX", 20_000):
            ahead = RoundResult.objects.filter(round=round).filter(
                Q(score__gt=result.score) | Q(score=result.score, duration_ms__lt=result.duration_ms)
                | (Q(score=result.score) & same_time_earlier)
            ).count()
        else:
            bucket = result.duration_ms // BUCKET_MS
            ahead = _ahead_from_histogram(histogram or _histogram(round), result.score, bucket)
            ahead += RoundResult.objects.filter(
                round=round, score=result.score, duration_ms__gte=bucket * BUCKET_MS,
            ).filter(Q(duration_ms__lt=result.duration_ms) | same_time_earlier).count()
        rank = ahead + 1
    return Standing(rank=rank, total=max(rank, total), score=result.score, max_score=result.max_score,
                    duration_ms=result.duration_ms, final=round.status == Round.Status.FINALISED,
                    submitted_at=result.submitted_at)


# Public leaderboard pages are cached. A finalised round's pages change only when the ranking
# is redone (finalise, reopen) or an entrant's name or membership changes (correction, exclusion,
# erasure): those bump the contest's board version, which is part of the key. A live round's
# pages are served up to LIVE_BOARD_SECONDS old (a live ranking moves anyway; under a deadline
# burst invalidating them on every submit would leave nothing cached).
LIVE_BOARD_SECONDS = 5
FINAL_BOARD_SECONDS = 3600


def _board_version_key(contest_id) -> str:
    return f"contest:{contest_id}:board-version"


def leaderboards_changed(contest_id) -> None:
    """Drop every cached leaderboard page of the contest (call after anything that changes a
    finalised ranking or the names on it). Now, and again when the transaction commits, so that
    a page read meanwhile from the old data does not stay cached."""
    def bump():
        cache.set(_board_version_key(contest_id), uuid.uuid4().hex[:12], None)

    bump()
    transaction.on_commit(bump)


def _board_version(contest_id) -> str:
    key = _board_version_key(contest_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not cache.add(key, version, None):  # another request set it first: use theirs
            version = cache.get(key) or version
    return version


def leaderboard_page(*, round: Round, page: int = 1, per_page: int = 50) -> dict:
    """One page of the public leaderboard: rank, masked name, commune, score, time. No phone,
    no citizen ID, no birth date (Luật 91/2025 Art. 16). Cached (see LIVE_BOARD_SECONDS)."""
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    final = round.status == Round.Status.FINALISED
    key = (f"contest:board:{round.pk}:{_board_version(round.contest_id)}:{round.status}:"
           f"{int(page)}:{per_page}")
    board = cache.get(key)
    if board is None:
        board = _leaderboard_page(round=round, page=page, per_page=per_page, final=final)
        cache.set(key, board, FINAL_BOARD_SECONDS if final else LIVE_BOARD_SECONDS)
    return board


def _leaderboard_page(*, round: Round, page: int, per_page: int, final: bool) -> dict:
    total = round_result_count(round)
    pages = max(1, -(-total // per_page))
    page = max(1, min(int(page), pages))
    start = (page - 1) * per_page
    # Only the shown columns, straight from the ranking index, no model instances (a hundred
    # of them cost more than the query); names masked here, in Python.
    rows = ranking(round).values_list("score", "max_score", "duration_ms", "entrant__full_name", "commune__kind",
                                      "commune__name")[start:start + per_page]
    items = [{
        "rank": start + i + 1,
        "name": mask_name(full_name),
        "commune": f"{kind[:1].upper()}{kind[1:]} {name}",  # AdministrativeUnit.full_name
        "score": score,
        "max_score": max_score,
        "duration_ms": duration_ms,
    } for i, (score, max_score, duration_ms, full_name, kind, name) in enumerate(rows)]
    return {"page": page, "pages": pages, "per_page": per_page, "total": total, "final": final, "items": items}


def unit_leaderboard(*, contest, by: str = "commune", limit: int = 100) -> list[dict]:
    """Communes or workplaces by participation. Participants = registered entrants (not excluded,
    not erased). Rate (communes only) = participants per 100 learners registered on the platform
    with that commune in their profile; None when the commune has none (no honest denominator:
    population figures are not in the database). Sorted by rate, then participants."""
    entrants = Entrant.objects.filter(contest=contest, is_excluded=False, erased_at__isnull=True)
    if by == "workplace":
        rows = (entrants.exclude(workplace="").values("workplace").annotate(participants=Count("id"))
                .order_by("-participants", "workplace")[:limit])
        return [{"name": r["workplace"], "participants": r["participants"], "rate": None} for r in rows]
    if by != "commune":
        raise ContestError(_("Chỉ xếp hạng theo xã, phường hoặc đơn vị."), field="by")
    counts = dict(entrants.values_list("commune").annotate(n=Count("id")).values_list("commune", "n"))
    learners = dict(LearnerProfile.objects.filter(commune_id__in=counts).values_list("commune")
                    .annotate(n=Count("id")).values_list("commune", "n"))
    units = AdministrativeUnit.objects.in_bulk(list(counts))
    rows = []
    for commune_id, participants in counts.items():
        denominator = learners.get(commune_id) or 0
        rate = round(100 * participants / denominator, 1) if denominator else None
        rows.append({"commune_id": commune_id, "name": units[commune_id].full_name, "participants": participants,
                     "registered_learners": denominator, "rate": rate})
    rows.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), -r["participants"], r["name"]))
    return rows[:limit]


def overall_ranking(contest):
    """Across finalised rounds: total score desc, total time asc, last submit asc."""
    return (RoundResult.objects.filter(round__contest=contest, round__status=Round.Status.FINALISED)
            .values("entrant").annotate(total=Sum("score"), time=Sum("duration_ms"), last=Max("submitted_at"),
                                         first=Min("submitted_at"))
            .order_by("-total", "time", "last", "entrant"))


def _tier_slots(contest):
    tiers = contest.prize_tiers or {}
    for tier in PRIZE_TIERS:
        for _i in range(int(tiers.get(tier, 0) or 0)):
            yield tier


@transaction.atomic
def prizes_assign(*, contest, round: Round | None = None) -> list[Prize]:
    """(Re)assign the prizes of a round (it must be finalised) or, with round=None, the overall
    prizes and the collective prizes for communes. Replaces unconfirmed prizes of that scope; refuses
    once one is confirmed. Excluded and erased entrants never get a prize (they have no result)."""
    scope = Prize.objects.filter(contest=contest, round=round)
    if scope.filter(confirmed_at__isnull=False).exists():
        raise ContestError(_("Đã có giải được xác nhận; không xét lại giải được."), status=409)
    scope.delete()
    slots = list(_tier_slots(contest))
    prizes = []
    if round is not None:
        if round.contest_id != contest.pk:
            raise ContestError(_("Đợt thi không thuộc cuộc thi này."), status=404)
        if round.status != Round.Status.FINALISED:
            raise ContestError(_("Chốt kết quả đợt thi trước khi xét giải."), status=409)
        winners = list(ranking_final(round).filter(score__gt=0).values_list("entrant_id", flat=True)[:len(slots)])
    else:
        winners = [row["entrant"] for row in overall_ranking(contest).filter(total__gt=0)[:len(slots)]]
    for rank, (tier, entrant_id) in enumerate(zip(slots, winners), start=1):
        prizes.append(Prize(contest=contest, round=round, tier=tier, rank=rank, entrant_id=entrant_id))
    if round is None and contest.collective_prizes:
        units = [r for r in unit_leaderboard(contest=contest, by="commune", limit=10_000)][:contest.collective_prizes]
        for rank, unit in enumerate(units, start=1):
            prizes.append(Prize(contest=contest, round=None, tier="tap_the", rank=rank, commune_id=unit["commune_id"]))
    return Prize.objects.bulk_create(prizes)


def prize_confirm(*, prize: Prize, now=None) -> Prize:
    """Confirm a prize. An individual winner must have given a valid citizen ID first."""
    if prize.confirmed_at:
        return prize
    if prize.entrant_id and not prize.entrant.citizen_id:
        raise ContestError(_("Người đoạt giải chưa khai số căn cước; cần số căn cước trước khi xác nhận giải."),
                           code="citizen_id", status=409)
    prize.confirmed_at = now or timezone.now()
    prize.save(update_fields=["confirmed_at"])
    return prize
