"""The contest's place in the Wagtail admin: a "Cuộc thi" menu (participation, rounds and prizes,
exports) shown to organisers and commune officers; the views check permissions themselves."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views
from .viewsets import quota_viewset, round_viewset
from .access import can_view_participation

app_name = "contest_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:contest_id>/participation/", admin_views.participation, name="participation"),
    path("<int:contest_id>/rounds/", admin_views.rounds, name="rounds"),
    path("<int:contest_id>/prizes/", admin_views.contest_prizes, name="contest_prizes"),
    path("rounds/<int:round_id>/<slug:action>/", admin_views.round_action, name="round_action"),
    path("exports/", admin_views.exports, name="exports"),
    path("exports/<int:pk>/download/", admin_views.export_download, name="export_download"),
]


@hooks.register("register_admin_urls")
def register_contest_admin_urls():
    return [path("contest/", include((urlpatterns, app_name), namespace=app_name))]


class ContestMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_participation(request.user)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_viewset")
def register_round_editors():
    return [round_viewset, quota_viewset]


class ContestSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return can_view_participation(request.user)


@hooks.register("register_admin_menu_item")
def register_contest_menu():
    menu = Menu(items=[
        ContestMenuItem(_("Theo dõi, đợt thi"), reverse("contest_admin:index"), icon_name="list-ul", order=100),
        PermissionMenuItem(_("Sửa đợt thi"), reverse(round_viewset.get_url_name("index")), icon_name="date",
                           order=150, permission="contest.change_round"),
        PermissionMenuItem(_("Số câu theo chủ đề"), reverse(quota_viewset.get_url_name("index")), icon_name="list-ol",
                           order=160, permission="contest.change_roundquota"),
        ContestMenuItem(_("Xuất dữ liệu"), reverse("contest_admin:exports"), icon_name="download", order=200),
    ])
    return ContestSubmenu(_("Cuộc thi"), menu, icon_name="pick", name="contest", order=350)
