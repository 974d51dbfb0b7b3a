"""The learning report in the Wagtail admin, for organisers (every commune) and commune officers
(their own commune only: every query goes through accounts.scoping)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AudienceGroup
from accounts.scoping import can_view_all_communes, communes_visible_to

from . import reports
from .models import CoursePage, ReportExport

REPORT_PERMISSION = "accounts.view_commune_reports"


def can_see_report(user) -> bool:
    return user.is_active and (can_view_all_communes(user) or user.has_perm(REPORT_PERMISSION))


def _check(request):
    if not can_see_report(request.user):
        raise PermissionDenied


def report(request):
    _check(request)
    filters = reports.parse_filters(request.GET, request.user)
    communes = reports.with_bars(reports.by_commune(request.user, filters), "learners", "completers")
    weeks = reports.with_bars(reports.by_week(request.user, filters), "enrolments")
    for index, week in enumerate(weeks):
        week["x"], week["y"] = index * 10 + 1, 100 - week["enrolments_pct"]
    hollow = sorted((r for r in communes if r["hollow"]), key=lambda r: -r["gap"])
    context = {
        "filters": filters,
        "communes": communes,
        "hollow": hollow,
        "audiences": reports.with_bars(list(reports.by_audience(request.user, filters)), "learners"),
        "courses": reports.with_bars(list(reports.by_course(request.user, filters)), "enrolments"),
        "weeks": weeks,
        "chart_width": max(len(weeks), 1) * 10,
        "commune_choices": communes_visible_to(request.user).order_by("code"),
        "course_choices": CoursePage.objects.filter(locale__language_code="vi").order_by("title"),
        "audience_choices": AudienceGroup.choices,
        "totals": {k: sum(r[k] for r in communes) for k in ("learners", "enrolments", "completions", "completers")},
        "export_query": request.GET.urlencode(),
    }
    status = 400 if filters.errors else 200
    return render(request, "courses/admin/report.html", context, status=status)


def report_export(request):
    _check(request)
    filters = reports.parse_filters(request.GET, request.user)
    if filters.errors:
        return HttpResponse(_("Bộ lọc không hợp lệ: %(names)s") % {"names": ", ".join(filters.errors)}, status=400,
                            content_type="text/plain; charset=utf-8")
    data, count = reports.xlsx_bytes(request.user, filters)
    ReportExport.objects.create(user=request.user, commune_id=filters.commune_id, date_from=filters.date_from,
                                date_to=filters.date_to, row_count=count)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-hoc-tap-{stamp}.xlsx"'
    return response
