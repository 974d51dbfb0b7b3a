"""The contest's services: views, the API, admin views (contest-ops) and tasks call these; they
validate, enforce the rules and raise ContestError (Vietnamese message, HTTP status) on refusal."""

from .attempts import (attempt_close_if_overdue, attempt_expire_overdue, attempt_of_user, attempt_payload,
                       attempt_save, attempt_start, attempt_submit, attempt_submit_own, draw_questions, result_upsert)
from .citizen_id import normalize_citizen_id
from .errors import ContestError
from .registration import (entrant_erase, entrant_process_deletions, entrant_register, entrant_request_deletion,
                           entrant_set_excluded, entrant_update, is_organiser)
from .results import (Standing, leaderboard_page, my_standing, overall_ranking, prize_confirm, prizes_assign, ranking,
                      ranking_final, ranking_live, unit_leaderboard)
from .rounds import round_close, round_finalise, round_open, round_reopen_results

__all__ = [
    "ContestError", "Standing", "attempt_close_if_overdue", "attempt_expire_overdue", "attempt_of_user", "attempt_payload",
    "attempt_save", "attempt_start", "attempt_submit", "attempt_submit_own", "draw_questions", "entrant_erase", "entrant_process_deletions",
    "entrant_register", "entrant_request_deletion", "entrant_set_excluded", "entrant_update", "is_organiser",
    "leaderboard_page", "my_standing", "normalize_citizen_id", "overall_ranking", "prize_confirm", "prizes_assign",
    "ranking", "ranking_final", "ranking_live", "result_upsert", "round_close", "round_finalise", "round_open",
    "round_reopen_results", "unit_leaderboard",
]
