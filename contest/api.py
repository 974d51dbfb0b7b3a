"""The entrant's JSON API (django-ninja) at /api/contest/: contest and round info, registration,
the entrant's own data, attempts (start, autosave, submit, result), leaderboards and standing.
Session authentication with CSRF for everything that acts for a person; public reads need no
login. Every refusal is a 4xx with a Vietnamese `detail`; correctness is never in a response for
an attempt in progress (attempt_payload)."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, django_auth
from pydantic import StrictBool

from accounts.phone import display_phone
from portal.page_cache import remember_site

from .attempt_tokens import attempt_token, attempt_token_user
from .captcha import check_captcha
from .masking import mask_citizen_id
from .models import Attempt, ContestPage, Entrant, Round
from .services import (ContestError, attempt_of_user, attempt_payload, attempt_save, attempt_start,
                       attempt_submit_own, entrant_register, entrant_request_deletion, entrant_update, leaderboard_page,
                       my_standing, unit_leaderboard)

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

api = NinjaAPI(
    title="Học vụ số – Cuộc thi",
    version="1",
    urls_namespace="contest-api",
    description="API cho người dự thi: thông tin cuộc thi, đăng ký, làm bài, kết quả, bảng xếp hạng.",
    docs_url="/docs",
)
router = Router()


class AttemptGrant:
    """What an attempt token proves: this user started this attempt (contest/attempt_tokens.py)."""

    def __init__(self, user_id):
        self.user_id = user_id


class AttemptTokenAuth(APIKeyHeader):
    """`X-Attempt-Token`, from the attempt's own payload: autosave and submit without the session
    (no session or user read) and without CSRF (a header no other site can make a browser send)."""

    param_name = "X-Attempt-Token"

    def authenticate(self, request, key):
        user_id = attempt_token_user(key, request.resolver_match.kwargs.get("attempt_id"))
        return AttemptGrant(user_id) if user_id is not None else None


# The attempt's writes: the token when the client sends one, the session (with CSRF) otherwise.
attempt_auth = [AttemptTokenAuth(), django_auth]


# --- errors -----------------------------------------------------------------------------------
def _error(request, status, detail, **extra):
    return api.create_response(request, {"detail": str(detail), **extra}, status=status)


@api.exception_handler(ContestError)
def on_contest_error(request, exc):
    return _error(request, exc.status, exc.message, code=exc.code, field=exc.field)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    fields = []
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        fields.append(".".join(loc))
    return _error(request, 422, _("Dữ liệu gửi lên không hợp lệ hoặc thiếu: %(fields)s.") % {
        "fields": ", ".join(f for f in fields if f) or _("nội dung yêu cầu")}, code="invalid", fields=fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, _("Bạn cần đăng nhập."), code="auth")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Không tìm thấy."), code="not_found")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if exc.status_code == 403:
        return _error(request, 403, _("Yêu cầu bị từ chối (thiếu mã CSRF); hãy tải lại trang."), code="csrf")
    return _error(request, exc.status_code, _("Yêu cầu không hợp lệ."), code="invalid")


# --- schemas ----------------------------------------------------------------------------------
class ErrorOut(Schema):
    detail: str
    code: str | None = None
    field: str | None = None


class RoundOut(Schema):
    id: int
    number: int
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    time_limit_seconds: int
    max_attempts: int
    question_count: int
    prediction_question: str | None
    status: str
    state: str
    accepting: bool


class ContestOut(Schema):
    id: int
    title: str
    url: str | None
    intro: str
    organiser: str
    require_citizen_id: bool
    consent_text: str
    consent_version: str
    retention_months: int
    rounds: list[RoundOut]
    registered: bool


class RegisterIn(Schema):
    full_name: str = Field(max_length=150)
    phone: str = Field(max_length=32)
    date_of_birth: dt.date
    commune_id: Id
    workplace: str = Field("", max_length=200)
    audience_group: str = Field(max_length=20)
    citizen_id: str | None = Field(None, max_length=20)
    consent: StrictBool
    consent_version: str | None = Field(None, max_length=20)
    altcha: str | None = Field(None, max_length=4000)


class UpdateIn(Schema):
    full_name: str | None = Field(None, max_length=150)
    phone: str | None = Field(None, max_length=32)
    date_of_birth: dt.date | None = None
    commune_id: Id | None = None
    workplace: str | None = Field(None, max_length=200)
    audience_group: str | None = Field(None, max_length=20)
    citizen_id: str | None = Field(None, max_length=20)


class EntrantOut(Schema):
    id: int
    contest_id: int
    full_name: str
    phone: str
    date_of_birth: dt.date | None
    commune_id: int
    commune: str
    workplace: str
    audience_group: str
    citizen_id_masked: str
    consent_at: dt.datetime
    consent_version: str
    is_excluded: bool
    deletion_requested_at: dt.datetime | None


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    position: int
    text: str
    multiple: bool
    figure_url: str | None
    choices: list[ChoiceOut]
    selected: list[int]


class RevealedQuestionOut(QuestionOut):
    is_correct: bool | None
    correct_choice_ids: list[int]
    explanation: str


class AttemptOut(Schema):
    id: int
    round_id: int
    number: int
    status: str
    started_at: dt.datetime
    deadline: dt.datetime
    server_now: dt.datetime
    submitted_at: dt.datetime | None
    prediction_question: str | None
    prediction: int | None
    questions: list[QuestionOut]
    max_score: int
    token: str = Field(description="Gửi trong tiêu đề X-Attempt-Token khi lưu và nộp bài.")


class ResultOut(Schema):
    id: int
    round_id: int
    number: int
    status: str
    started_at: dt.datetime
    deadline: dt.datetime
    submitted_at: dt.datetime | None
    prediction_question: str | None
    prediction: int | None
    score: int | None
    max_score: int
    correct_count: int | None
    duration_ms: int | None
    questions: list[RevealedQuestionOut]


class AnswerIn(Schema):
    question_id: Id
    choice_ids: list[Id] = Field(default_factory=list, max_length=20)


class SaveIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=200)
    prediction: Annotated[int, Field(ge=0, le=10**12)] | None = None


class SaveOut(Schema):
    saved: int
    deadline: dt.datetime
    server_now: dt.datetime


class SubmitIn(Schema):
    submit_key: str = Field(min_length=1, max_length=64)
    prediction: Annotated[int, Field(ge=0, le=10**12)] | None = None


class SubmitOut(Schema):
    """What submit answers: the outcome only. The marked questions (correct choices,
    explanations) are at GET attempts/{id}/result; building them on every submit of a deadline
    burst would cost more than the submit itself."""

    id: int
    round_id: int
    number: int
    status: str
    submitted_at: dt.datetime | None
    score: int | None
    max_score: int
    correct_count: int | None
    duration_ms: int | None
    result_url: str


class LeaderRowOut(Schema):
    rank: int
    name: str
    commune: str
    score: int
    max_score: int
    duration_ms: int


class LeaderboardOut(Schema):
    page: int
    pages: int
    per_page: int
    total: int
    final: bool
    items: list[LeaderRowOut]


class StandingOut(Schema):
    rank: int
    total: int
    score: int
    max_score: int
    duration_ms: int
    final: bool


class UnitRowOut(Schema):
    name: str
    participants: int
    rate: float | None
    registered_learners: int | None = None


# --- helpers ----------------------------------------------------------------------------------
def _contest(contest_id) -> ContestPage:
    return get_object_or_404(ContestPage.objects.live(), pk=contest_id)


def _round(round_id) -> Round:
    return get_object_or_404(Round.objects.select_related("contest").exclude(status=Round.Status.DRAFT)
                             .filter(contest__live=True), pk=round_id)


def _my_entrant(request, contest_id) -> Entrant:
    entrant = Entrant.objects.select_related("commune").filter(contest_id=contest_id, user=request.user).first()
    if entrant is None:
        raise ContestError(_("Bạn chưa đăng ký dự thi cuộc thi này."), code="not_registered", status=403)
    return entrant


def _user_id(request) -> int:
    """Who acts: the attempt token's user, or the signed-in user."""
    return request.auth.user_id if isinstance(request.auth, AttemptGrant) else request.user.pk


def _my_attempt(request, attempt_id) -> Attempt:
    """Only the entrant's own attempt; another person's looks like a missing one."""
    # grace_seconds annotated rather than the contest page joined (a wide Wagtail row).
    queryset = Attempt.objects.select_related("round").annotate(grace_seconds=F("round__contest__grace_seconds"))
    return attempt_of_user(user_id=_user_id(request), attempt_id=attempt_id, queryset=queryset)


def round_out(round: Round) -> dict:
    return {
        "id": round.pk, "number": round.number, "title": round.title, "opens_at": round.opens_at,
        "closes_at": round.closes_at, "time_limit_seconds": round.time_limit_seconds,
        "max_attempts": round.max_attempts, "question_count": round.question_count,
        "prediction_question": round.prediction_question or None, "status": round.status,
        "state": str(round.state_label()), "accepting": round.is_accepting(),
    }


def entrant_out(entrant: Entrant) -> dict:
    return {
        "id": entrant.pk, "contest_id": entrant.contest_id, "full_name": entrant.full_name,
        "phone": display_phone(entrant.phone or ""), "date_of_birth": entrant.date_of_birth,
        "commune_id": entrant.commune_id, "commune": entrant.commune.full_name, "workplace": entrant.workplace,
        "audience_group": entrant.audience_group, "citizen_id_masked": mask_citizen_id(entrant.citizen_id),
        "consent_at": entrant.consent_at, "consent_version": entrant.consent_version,
        "is_excluded": entrant.is_excluded, "deletion_requested_at": entrant.deletion_requested_at,
    }


def attempt_out(attempt: Attempt, user_id: int) -> dict:
    payload = attempt_payload(attempt, reveal=False)
    payload["server_now"] = timezone.now()
    payload["token"] = attempt_token(user_id, attempt.pk)
    return payload


# --- endpoints --------------------------------------------------------------------------------
@router.get("/contests/{contest_id}", response={200: ContestOut, 404: ErrorOut}, summary="Thông tin cuộc thi và các đợt thi")
def contest_info(request, contest_id: Id):
    remember_site(request)  # for the page URL (PageCacheMiddleware leaves it to API views)
    contest = _contest(contest_id)
    rounds = contest.rounds.exclude(status=Round.Status.DRAFT).prefetch_related("quotas")
    registered = request.user.is_authenticated and contest.entrants.filter(user=request.user).exists()
    return {
        "id": contest.pk, "title": contest.title, "url": contest.get_url(request), "intro": contest.intro,
        "organiser": contest.organiser, "require_citizen_id": contest.require_citizen_id,
        "consent_text": contest.consent_text, "consent_version": contest.consent_version,
        "retention_months": contest.retention_months, "rounds": [round_out(r) for r in rounds],
        "registered": registered,
    }


@router.post("/contests/{contest_id}/register", auth=django_auth,
             response={201: EntrantOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
             summary="Đăng ký dự thi")
def register(request, contest_id: Id, payload: RegisterIn):
    contest = _contest(contest_id)
    try:
        check_captcha(payload.altcha)
    except DjangoValidationError as error:
        raise ContestError(error.messages[0], code="captcha", field="altcha") from None
    data = payload.dict(exclude={"altcha", "consent", "consent_version", "commune_id"})
    entrant = entrant_register(contest=contest, user=request.user, consent=payload.consent,
                               consent_version=payload.consent_version, commune=payload.commune_id, **data)
    return Status(201, entrant_out(entrant))


@router.get("/contests/{contest_id}/me", auth=django_auth, response={200: EntrantOut, 403: ErrorOut, 404: ErrorOut},
            summary="Dữ liệu đăng ký của tôi")
def my_data(request, contest_id: Id):
    _contest(contest_id)
    return entrant_out(_my_entrant(request, contest_id))


@router.patch("/contests/{contest_id}/me", auth=django_auth,
              response={200: EntrantOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
              summary="Sửa dữ liệu đăng ký của tôi")
def my_data_update(request, contest_id: Id, payload: UpdateIn):
    _contest(contest_id)
    entrant = _my_entrant(request, contest_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "citizen_id"}
    if "commune_id" in data:
        data["commune"] = data.pop("commune_id")
    return entrant_out(entrant_update(entrant=entrant, **data))


@router.post("/contests/{contest_id}/me/delete-request", auth=django_auth,
             response={202: EntrantOut, 403: ErrorOut, 404: ErrorOut}, summary="Yêu cầu xóa dữ liệu của tôi")
def my_data_delete(request, contest_id: Id):
    _contest(contest_id)
    return Status(202, entrant_out(entrant_request_deletion(entrant=_my_entrant(request, contest_id))))


@router.get("/contests/{contest_id}/units", response={200: list[UnitRowOut], 404: ErrorOut},
            summary="Xếp hạng xã, phường hoặc đơn vị theo số người tham gia")
def units(request, contest_id: Id, by: Literal["commune", "workplace"] = "commune"):
    return unit_leaderboard(contest=_contest(contest_id), by=by)


@router.post("/rounds/{round_id}/attempts", auth=django_auth,
             response={201: AttemptOut, 200: AttemptOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Bắt đầu (hoặc tiếp tục) lượt thi")
def start(request, round_id: Id):
    round = _round(round_id)
    entrant = _my_entrant(request, round.contest_id)
    before = Attempt.objects.filter(entrant=entrant, round=round, status=Attempt.Status.IN_PROGRESS).values_list("pk", flat=True).first()
    attempt = attempt_start(entrant=entrant, round=round)
    return Status(200 if attempt.pk == before else 201, attempt_out(attempt, request.user.pk))


@router.get("/attempts/{attempt_id}", auth=django_auth, response={200: AttemptOut, 404: ErrorOut},
            summary="Bài đang làm (tiếp tục sau khi tải lại)")
def attempt_get(request, attempt_id: Id):
    return attempt_out(_my_attempt(request, attempt_id), request.user.pk)


@router.put("/attempts/{attempt_id}/answers", auth=attempt_auth,
            response={200: SaveOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
            summary="Lưu câu trả lời (tự động lưu)")
def attempt_answers(request, attempt_id: Id, payload: SaveIn):
    attempt = _my_attempt(request, attempt_id)
    answers = {}
    for item in payload.answers:
        if item.question_id in answers:
            raise ContestError(_("Mỗi câu hỏi chỉ gửi một lần trong một yêu cầu."), field="answers")
        answers[item.question_id] = item.choice_ids
    attempt_save(attempt=attempt, answers=answers, prediction=payload.prediction)
    return {"saved": len(answers), "deadline": attempt.deadline, "server_now": timezone.now()}


@router.post("/attempts/{attempt_id}/submit", auth=attempt_auth,
             response={200: SubmitOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
             summary="Nộp bài (gửi lại cùng mã nộp bài không tạo kết quả thứ hai)")
def attempt_submit_view(request, attempt_id: Id, payload: SubmitIn):
    attempt = attempt_submit_own(user_id=_user_id(request), attempt_id=attempt_id, submit_key=payload.submit_key,
                                 prediction=payload.prediction)
    closed = attempt.status != Attempt.Status.IN_PROGRESS
    return {
        "id": attempt.pk, "round_id": attempt.round_id, "number": attempt.number, "status": attempt.status,
        "submitted_at": attempt.submitted_at, "score": attempt.score if closed else None,
        "max_score": attempt.max_score, "correct_count": attempt.correct_count if closed else None,
        "duration_ms": attempt.duration_ms if closed else None,
        "result_url": f"{request.path.rsplit('/', 1)[0]}/result",
    }


@router.get("/attempts/{attempt_id}/result", auth=django_auth, response={200: ResultOut, 404: ErrorOut, 409: ErrorOut},
            summary="Kết quả lượt thi (chỉ khi đã kết thúc)")
def attempt_result(request, attempt_id: Id):
    attempt = _my_attempt(request, attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        raise ContestError(_("Bài thi chưa kết thúc."), code="in_progress", status=409)
    return attempt_payload(attempt)


@router.get("/rounds/{round_id}/leaderboard", response={200: LeaderboardOut, 404: ErrorOut, 422: ErrorOut},
            summary="Bảng xếp hạng (tên được che bớt)")
def leaderboard(request, round_id: Id, page: Annotated[int, Field(ge=1, le=10**6)] = 1,
                per_page: Annotated[int, Field(ge=1, le=100)] = 50):
    return leaderboard_page(round=_round(round_id), page=page, per_page=per_page)


@router.get("/rounds/{round_id}/my-standing", auth=django_auth,
            response={200: StandingOut, 403: ErrorOut, 404: ErrorOut}, summary="Thứ hạng của tôi")
def standing(request, round_id: Id):
    round = _round(round_id)
    entrant = _my_entrant(request, round.contest_id)
    result = my_standing(round=round, entrant=entrant)
    if result is None:
        raise ContestError(_("Bạn chưa có kết quả ở đợt thi này."), code="no_result", status=404)
    return result.__dict__


api.add_router("/", router)
