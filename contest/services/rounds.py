"""Round life cycle: draft → open → closed → finalised."""

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attempt, Round, RoundResult
from .attempts import attempt_close_if_overdue
from .errors import ContestError


def round_open(*, round: Round) -> Round:
    if round.status not in (Round.Status.DRAFT, Round.Status.CLOSED):
        raise ContestError(_("Chỉ mở được đợt thi đang chuẩn bị hoặc đã đóng."), status=409)
    if not round.quotas.exists():
        raise ContestError(_("Đợt thi chưa có số câu theo chủ đề."), status=409)
    round.status = Round.Status.OPEN
    round.save(update_fields=["status"])
    return round


def round_close(*, round: Round, now=None) -> Round:
    """Stop new attempts. Attempts in progress keep their deadline (and grace), then close."""
    if round.status != Round.Status.OPEN:
        raise ContestError(_("Chỉ đóng được đợt thi đang mở."), status=409)
    round.status = Round.Status.CLOSED
    round.save(update_fields=["status"])
    return round


# Column and direction of each tie-break; values are fixed here, never taken from input.
TIE_BREAK_SQL = {
    "prediction": "prediction_error ASC NULLS LAST",
    "duration": "duration_ms ASC",
    "submitted_at": "submitted_at ASC",
}
TIE_BREAK_ORM = {
    "prediction": ("prediction_error", "asc_nulls_last"),
    "duration": ("duration_ms", "asc"),
    "submitted_at": ("submitted_at", "asc"),
}


def final_order_sql(contest) -> str:
    parts = ["score DESC"] + [TIE_BREAK_SQL[t] for t in contest.tie_breaks or [] if t in TIE_BREAK_SQL]
    return ", ".join(parts + ["id ASC"])


def _leaderboards_changed(contest_id):
    from .results import leaderboards_changed  # results imports this module

    leaderboards_changed(contest_id)


def round_finalise(*, round: Round, now=None) -> Round:
    """Close what is still open, fix the prediction answer (the organiser's figure, or the number
    of entrants who took part), compute prediction errors and store the final rank of each result."""
    now = now or timezone.now()
    if round.status == Round.Status.OPEN:
        if now < round.closes_at:
            raise ContestError(_("Đợt thi chưa kết thúc; đóng đợt thi trước khi chốt kết quả."), status=409)
        round_close(round=round)
    if round.status != Round.Status.CLOSED:
        raise ContestError(_("Chỉ chốt kết quả được đợt thi đã đóng."), status=409)
    for attempt in Attempt.objects.filter(round=round, status=Attempt.Status.IN_PROGRESS).select_related("round__contest"):
        attempt_close_if_overdue(attempt, now)
    if Attempt.objects.filter(round=round, status=Attempt.Status.IN_PROGRESS).exists():
        raise ContestError(_("Còn bài đang làm trong thời gian gia hạn; thử lại sau ít phút."), status=409)
    with transaction.atomic():
        if round.actual_entry_count is None:
            round.actual_entry_count = (
                Attempt.objects.filter(round=round).exclude(status=Attempt.Status.IN_PROGRESS)
                .values("entrant").distinct().count()
            )
        table = RoundResult._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET prediction_error = CASE WHEN prediction IS NULL THEN NULL "
                f"WHEN prediction >= %s THEN prediction - %s ELSE %s - prediction END WHERE round_id = %s",
                [round.actual_entry_count] * 3 + [round.pk],
            )
            cursor.execute(
                f"UPDATE {table} SET final_rank = ranked.rn FROM (SELECT id, ROW_NUMBER() OVER "
                f"(ORDER BY {final_order_sql(round.contest)}) AS rn FROM {table} WHERE round_id = %s) AS ranked "
                f"WHERE {table}.id = ranked.id",
                [round.pk],
            )
        round.status = Round.Status.FINALISED
        round.save(update_fields=["status", "actual_entry_count"])
        _leaderboards_changed(round.contest_id)
    return round


def round_reopen_results(*, round: Round) -> Round:
    """Undo a finalisation (e.g. after a complaint) so results can be corrected and finalised again."""
    if round.status != Round.Status.FINALISED:
        raise ContestError(_("Đợt thi chưa chốt kết quả."), status=409)
    if round.prizes.filter(~Q(confirmed_at=None)).exists():
        raise ContestError(_("Đã có giải được xác nhận; không mở lại kết quả được."), status=409)
    with transaction.atomic():
        round.prizes.all().delete()
        RoundResult.objects.filter(round=round).update(final_rank=None)
        round.status = Round.Status.CLOSED
        round.save(update_fields=["status"])
        _leaderboards_changed(round.contest_id)
    return round
