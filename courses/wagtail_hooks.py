from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import LessonPage

CAPTION_WARNING = gettext_lazy("Bài học có video nhưng chưa có phụ đề: người khiếm thính và người xem không bật "
                               "tiếng sẽ không theo dõi được. Hãy thêm phụ đề WebVTT.")


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("hoc-tap/bao-cao/", admin_views.report, name="courses_report"),
        path("hoc-tap/bao-cao/xuat.xlsx", admin_views.report_export, name="courses_report_export"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem(gettext_lazy("Báo cáo học tập"), reverse("courses_report"), icon_name="table", order=300)


def _lesson_lacks_captions(page):
    page = page.specific if hasattr(page, "specific") else page
    return isinstance(page, LessonPage) and bool(page.video_id or page.youtube_url) and not page.captions.exists()


def _warn(request, page):
    if _lesson_lacks_captions(page):
        messages.warning(request, str(CAPTION_WARNING))


@hooks.register("before_edit_page")
def warn_before_edit(request, page):
    if request.method == "GET":
        _warn(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn(request, page)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn(request, page)
