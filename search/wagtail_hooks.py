"""Admin: the abbreviation/synonym list organisers edit, and the search report (what people look
for, and what they look for and do not find)."""

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Max
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import QueryLog, Synonym

REPORT_DAYS = (7, 30, 90)


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = gettext_lazy("Từ viết tắt, đồng nghĩa")
    menu_order = 900
    add_to_admin_menu = False
    list_display = ["terms", "case_sensitive", "active", "note"]
    list_filter = ["active", "case_sensitive"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


@permission_required("search.view_querylog", raise_exception=True)
def search_report(request):
    try:
        days = int(request.GET.get("ngay", 30))
    except ValueError:
        days = 30
    days = days if days in REPORT_DAYS else 30
    since = timezone.now() - dt.timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since)
    top = logs.values("query").annotate(count=Count("id"), last=Max("created_at")).order_by("-count", "query")[:50]
    zero = (logs.filter(results=0).values("query").annotate(count=Count("id"), last=Max("created_at"))
            .order_by("-count", "query")[:50])
    context = {"top": top, "zero": zero, "days": days, "choices": REPORT_DAYS, "total": logs.count(),
               "zero_total": logs.filter(results=0).count(), "page_title": _("Báo cáo tìm kiếm")}
    return render(request, "search/admin_report.html", context)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("search-report/", search_report, name="search_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_querylog")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(gettext_lazy("Tìm kiếm"), reverse("search_report"), icon_name="search", order=900)


@hooks.register("register_settings_menu_item")
def register_synonym_menu_item():
    return MenuItem(gettext_lazy("Từ viết tắt, đồng nghĩa"), reverse("wagtailsnippets_search_synonym:list"),
                    icon_name="search", order=900)
