"""Pages of the entrant flow. They call the same services as the API and work without
JavaScript; contest.js adds the countdown and autosave on the take page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.phone import display_phone

from .attempt_tokens import attempt_token
from .forms import EntrantForm, RegistrationForm
from .masking import mask_citizen_id
from .models import Attempt, ContestPage, Entrant, Round
from .services import (ContestError, attempt_close_if_overdue, attempt_payload, attempt_save, attempt_start,
                       attempt_submit, entrant_register, entrant_request_deletion, entrant_update, leaderboard_page,
                       my_standing, unit_leaderboard)
from .services.attempts import grace_deadline


def _entrant_for(request, contest):
    if not request.user.is_authenticated:
        return None
    return Entrant.objects.filter(contest=contest, user=request.user).select_related("commune").first()


def contest_page_context(page, request) -> dict:
    """For the ContestPage template: rounds with state, and the signed-in entrant's situation."""
    entrant = _entrant_for(request, page)
    rounds = list(page.rounds.exclude(status=Round.Status.DRAFT).prefetch_related("quotas"))
    open_attempts, used = {}, {}
    if entrant:
        for attempt in Attempt.objects.filter(entrant=entrant, round__in=rounds):
            used[attempt.round_id] = used.get(attempt.round_id, 0) + 1
            if attempt.status == Attempt.Status.IN_PROGRESS:
                open_attempts[attempt.round_id] = attempt
    now = timezone.now()
    items = []
    for round in rounds:
        attempts_used = used.get(round.pk, 0)
        items.append({
            "round": round, "state": round.state_label(now), "accepting": round.is_accepting(now),
            "open_attempt": open_attempts.get(round.pk), "attempts_used": attempts_used,
            "attempts_left": max(0, round.max_attempts - attempts_used),
        })
    return {"entrant": entrant, "round_items": items}


def _live_contest(contest_id) -> ContestPage:
    return get_object_or_404(ContestPage.objects.live(), pk=contest_id)


def _form_error(form, error: ContestError):
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _profile_initial(user) -> dict:
    initial = {"full_name": user.get_full_name(), "phone": display_phone(user.phone or "")}
    profile = getattr(user, "profile", None)
    if profile:
        initial.update(commune=profile.commune_id, workplace=profile.workplace, audience_group=profile.audience_group)
    return initial


def register(request, contest_id):
    contest = _live_contest(contest_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if _entrant_for(request, contest):
        messages.info(request, _("Bạn đã đăng ký cuộc thi này."))
        return redirect("contest:my_data", contest_id=contest.pk)
    form = RegistrationForm(request.POST or None, contest=contest,
                            initial={**_profile_initial(request.user), "consent_version": contest.consent_version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("altcha", None)
            try:
                entrant_register(contest=contest, user=request.user, consent=data.pop("consent"),
                                 consent_version=data.pop("consent_version") or None, **data)
            except ContestError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Đăng ký dự thi thành công. Chúc bạn làm bài tốt!"))
                return redirect(contest.url)
    return render(request, "contest/register.html", {"contest": contest, "form": form,
                                                     "page_title": _("Đăng ký dự thi")}, status=status)


@login_required
def my_data(request, contest_id):
    contest = _live_contest(contest_id)
    entrant = _entrant_for(request, contest)
    if entrant is None:
        return redirect("contest:register", contest_id=contest.pk)
    initial = {f: getattr(entrant, f) for f in ("full_name", "date_of_birth", "workplace", "audience_group", "citizen_id")}
    initial.update(phone=display_phone(entrant.phone or ""), commune=entrant.commune_id)
    form = EntrantForm(initial=initial, contest=contest)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            entrant_request_deletion(entrant=entrant)
            messages.success(request, _("Đã ghi nhận yêu cầu xóa dữ liệu. Dữ liệu sẽ được xóa trong thời hạn luật định."))
            return redirect("contest:my_data", contest_id=contest.pk)
        form = EntrantForm(request.POST, contest=contest)
        status = 400
        if form.is_valid():
            try:
                entrant_update(entrant=entrant, **form.cleaned_data)
            except ContestError as error:
                _form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("contest:my_data", contest_id=contest.pk)
    return render(request, "contest/my_data.html", {
        "contest": contest, "entrant": entrant, "form": form, "citizen_id_masked": mask_citizen_id(entrant.citizen_id),
        "phone": display_phone(entrant.phone or ""), "page_title": _("Dữ liệu dự thi của tôi"),
    }, status=status)


@require_POST
def round_start(request, round_id):
    round = get_object_or_404(Round.objects.select_related("contest").exclude(status=Round.Status.DRAFT), pk=round_id)
    if not request.user.is_authenticated:
        return redirect_to_login(round.contest.url)
    entrant = _entrant_for(request, round.contest)
    if entrant is None:
        return redirect("contest:register", contest_id=round.contest_id)
    try:
        attempt = attempt_start(entrant=entrant, round=round)
    except ContestError as error:
        messages.error(request, error.message)
        return redirect(round.contest.url)
    return redirect("contest:take", attempt_id=attempt.pk)


def _my_attempt(request, attempt_id) -> Attempt:
    if not request.user.is_authenticated:
        raise Http404
    attempt = (Attempt.objects.select_related("round__contest", "entrant")
               .filter(pk=attempt_id, entrant__user=request.user).first())
    if attempt is None:
        raise Http404
    return attempt_close_if_overdue(attempt)


def _answers_from_post(post, payload) -> dict:
    """The plain form shows every question, so a question absent from the POST was left (or made)
    unanswered: an unticked checkbox sends nothing."""
    return {question["id"]: post.getlist(f"q{question['id']}") for question in payload["questions"]}


def take(request, attempt_id):
    try:
        attempt = _my_attempt(request, attempt_id)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("contest:result", attempt_id=attempt.pk)
    payload = attempt_payload(attempt, reveal=False)
    error, status = None, 200
    if request.method == "POST":
        answers = _answers_from_post(request.POST, payload)
        prediction = request.POST.get("prediction", "").strip() or None
        try:
            if "submit" in request.POST:
                attempt_save(attempt=attempt, answers=answers, prediction=prediction)
                attempt_submit(attempt=attempt, submit_key=request.POST.get("submit_key", ""))
                return redirect("contest:result", attempt_id=attempt.pk)
            attempt_save(attempt=attempt, answers=answers, prediction=prediction)
            messages.success(request, _("Đã lưu câu trả lời."))
            return redirect("contest:take", attempt_id=attempt.pk)
        except ContestError as exc:
            attempt.refresh_from_db()
            if attempt.status != Attempt.Status.IN_PROGRESS:
                return redirect("contest:result", attempt_id=attempt.pk)
            error, status = exc.message, exc.status
            payload = attempt_payload(attempt, reveal=False)
    now = timezone.now()
    return render(request, "contest/take.html", {
        "attempt": attempt, "payload": payload, "round": attempt.round, "contest": attempt.round.contest,
        "submit_key": uuid.uuid4().hex, "error": error, "server_now": now,
        "seconds_left": max(0, int((attempt.deadline - now).total_seconds())),
        "grace_deadline": grace_deadline(attempt),
        "api_save_url": f"/api/contest/attempts/{attempt.pk}/answers",
        "api_submit_url": f"/api/contest/attempts/{attempt.pk}/submit",
        "attempt_token": attempt_token(request.user.pk, attempt.pk),
        "page_title": attempt.round.title,
    }, status=status)


def result(request, attempt_id):
    try:
        attempt = _my_attempt(request, attempt_id)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("contest:take", attempt_id=attempt.pk)
    standing = my_standing(round=attempt.round, entrant=attempt.entrant)
    return render(request, "contest/result.html", {
        "attempt": attempt, "payload": attempt_payload(attempt), "round": attempt.round,
        "contest": attempt.round.contest, "standing": standing, "page_title": _("Kết quả bài thi"),
    })


def leaderboard(request, round_id):
    round = get_object_or_404(Round.objects.select_related("contest").exclude(status=Round.Status.DRAFT)
                              .filter(contest__live=True), pk=round_id)
    try:
        page_number = int(request.GET.get("trang", 1))
    except ValueError:
        page_number = 1
    page_number = max(1, min(page_number, 10**6))
    board = leaderboard_page(round=round, page=page_number, per_page=50)
    entrant = _entrant_for(request, round.contest)
    standing = my_standing(round=round, entrant=entrant) if entrant else None
    return render(request, "contest/leaderboard.html", {
        "round": round, "contest": round.contest, "board": board, "standing": standing,
        "communes": unit_leaderboard(contest=round.contest, by="commune", limit=10),
        "workplaces": unit_leaderboard(contest=round.contest, by="workplace", limit=10),
        "page_title": _("Bảng xếp hạng – %(round)s") % {"round": round.title},
        "previous_url": f"{reverse('contest:leaderboard', args=[round.pk])}?trang={board['page'] - 1}" if board["page"] > 1 else None,
        "next_url": f"{reverse('contest:leaderboard', args=[round.pk])}?trang={board['page'] + 1}" if board["page"] < board["pages"] else None,
    })
