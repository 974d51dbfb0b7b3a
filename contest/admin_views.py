"""Organiser views in the Wagtail admin (menu "Cuộc thi"): live participation, round open/close,
ranking finalisation, prizes, and exports with progress. Each view checks the user's role
server-side (contest/access.py); commune officers see only their own commune's figures and exports.
State changes go through the contest services, which enforce the rules."""

import logging
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import AdministrativeUnit
from accounts.scoping import communes_visible_to

from . import statistics
from .access import can_download, can_view_participation, is_contest_organiser, officer_commune_id, visible_exports
from .exports.services import export_filename, export_request
from .exports.storage import export_storage
from .models import ContestPage, ExportRecord, Prize, Round
from .services import ContestError, prizes_assign, round_close, round_finalise, round_open

log = logging.getLogger(__name__)


def forbidden(request):
    """A plain 403. (Wagtail's admin turns a raised PermissionDenied into a redirect to the
    dashboard; an explicit status is clearer for people and for tests.)"""
    return TemplateResponse(request, "contest/admin/forbidden.html", status=403)


def allowed(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


@allowed(can_view_participation)
def index(request):
    contests = ContestPage.objects.order_by("-first_published_at", "-pk")
    return TemplateResponse(request, "contest/admin/index.html", {
        "contests": contests, "is_organiser": is_contest_organiser(request.user),
    })


@allowed(can_view_participation)
def participation(request, contest_id):
    contest = get_object_or_404(ContestPage, pk=contest_id)
    user = request.user
    hours = statistics.submissions_per_hour(contest=contest, user=user, hours=24)
    communes = statistics.entrants_by_commune(contest=contest, user=user)
    audience = statistics.entrants_by_audience(contest=contest, user=user)
    return TemplateResponse(request, "contest/admin/participation.html", {
        "contest": contest,
        "summary": statistics.participation_summary(contest=contest, user=user),
        "hours": _with_bars(hours, "count"),
        "communes": _with_bars(communes, "entrants"),
        "audience": _with_bars(audience, "entrants"),
        "is_organiser": is_contest_organiser(user),
        "officer_commune": officer_commune_id(user),
    })


def _with_bars(rows, key):
    """Add a bar length (0–100 %) to each row for the CSS bar charts."""
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "bar": round(100 * r[key] / top, 1)} for r in rows]


@allowed(is_contest_organiser)
def rounds(request, contest_id):
    contest = get_object_or_404(ContestPage, pk=contest_id)
    rows = (Round.objects.filter(contest=contest).order_by("number")
            .annotate(attempt_count=Count("attempts", filter=~Q(attempts__status="in_progress"), distinct=True)))
    prizes = (Prize.objects.filter(contest=contest).select_related("entrant", "commune", "round")
              .order_by("round__number", "rank"))
    page = Paginator(prizes, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "contest/admin/rounds.html", {
        "contest": contest, "rounds": rows, "prizes": page, "statuses": Round.Status,
    })


ROUND_ACTIONS = {
    "open": (round_open, gettext_lazy("Đã mở %(round)s.")),
    "close": (round_close, gettext_lazy("Đã đóng %(round)s.")),
    "finalise": (round_finalise, gettext_lazy("Đã chốt kết quả %(round)s.")),
}


@allowed(is_contest_organiser)
@require_POST
def round_action(request, round_id, action):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    try:
        if action == "prizes":
            prizes_assign(contest=round.contest, round=round)
            messages.success(request, _("Đã xét giải %(round)s.") % {"round": round.title})
        elif action in ROUND_ACTIONS:
            service, message = ROUND_ACTIONS[action]
            service(round=round)
            messages.success(request, message % {"round": round.title})
        else:
            raise Http404
    except ContestError as error:
        messages.error(request, error.message)
    return redirect("contest_admin:rounds", round.contest_id)


@allowed(is_contest_organiser)
@require_POST
def contest_prizes(request, contest_id):
    contest = get_object_or_404(ContestPage, pk=contest_id)
    try:
        prizes_assign(contest=contest, round=None)
        messages.success(request, _("Đã xét giải chung cuộc."))
    except ContestError as error:
        messages.error(request, error.message)
    return redirect("contest_admin:rounds", contest.pk)


class ExportForm(forms.Form):
    contest = forms.ModelChoiceField(label=gettext_lazy("Cuộc thi"), queryset=ContestPage.objects.all())
    kind = forms.ChoiceField(label=gettext_lazy("Nội dung"), choices=ExportRecord.Kind.choices)
    round = forms.ModelChoiceField(label=gettext_lazy("Đợt thi"), queryset=Round.objects.select_related("contest"),
                                   required=False, empty_label=gettext_lazy("Cả cuộc thi"))
    commune = forms.ModelChoiceField(label=gettext_lazy("Xã, phường"), queryset=AdministrativeUnit.objects.none(),
                                     required=False, empty_label=gettext_lazy("Mọi xã, phường được xem"))
    fmt = forms.ChoiceField(label=gettext_lazy("Định dạng"), choices=ExportRecord.Format.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_visible_to(user)
        self.fields["round"].label_from_instance = lambda r: f"{r.contest.title} – {r.title}"

    def clean(self):
        data = super().clean()
        if data.get("round") and data.get("contest") and data["round"].contest_id != data["contest"].pk:
            self.add_error("round", _("Đợt thi không thuộc cuộc thi đã chọn."))
        return data


@allowed(can_view_participation)
def exports(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                export_request(user=user, contest=data["contest"], kind=data["kind"], fmt=data["fmt"],
                               round=data["round"], commune=data["commune"])
            except ContestError as error:
                if error.status == 403:
                    return forbidden(request)
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(request, _("Đã ghi nhận yêu cầu xuất dữ liệu; tệp sẽ sẵn sàng trong giây lát."))
                return redirect("contest_admin:exports")
        else:
            status = 400
    else:
        form = ExportForm(user=user, initial={"fmt": "xlsx", "kind": "results"})
    records = visible_exports(user, ExportRecord.objects.select_related("user", "contest", "scope_round",
                                                                         "scope_commune"))
    page = Paginator(records, 30).get_page(request.GET.get("p"))
    running = any(r.status in (ExportRecord.Status.QUEUED, ExportRecord.Status.RUNNING) for r in page)
    return TemplateResponse(request, "contest/admin/exports.html", {
        "form": form, "records": page, "running": running, "is_organiser": is_contest_organiser(user),
    }, status=status)


def export_download(request, pk):
    record = get_object_or_404(ExportRecord.objects.select_related("contest", "scope_round", "scope_commune"), pk=pk)
    if not can_download(request.user, record):
        return forbidden(request)
    if record.status != ExportRecord.Status.DONE or not record.file.name:
        raise Http404(_("Bản xuất chưa sẵn sàng."))
    storage = export_storage()
    if not storage.exists(record.file.name):
        raise Http404(_("Tệp đã bị xóa."))
    log.info("contest export %s downloaded by user %s", record.pk, request.user.pk)
    content_type = ("text/csv; charset=utf-8" if record.fmt == "csv"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return FileResponse(storage.open(record.file.name, "rb"), as_attachment=True,
                        filename=export_filename(record), content_type=content_type)

