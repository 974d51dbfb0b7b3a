"""Organisers create and edit rounds and their per-topic question quotas in the admin. Opening,
closing and finalising stay with the actions in admin_views (they run the services)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Round, RoundQuota


class RoundForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Thời điểm đóng phải sau thời điểm mở."))
        if (data.get("time_limit_seconds") or 10) < 10:
            self.add_error("time_limit_seconds", _("Thời gian làm bài tối thiểu 10 giây."))
        if data.get("max_attempts") == 0:
            self.add_error("max_attempts", _("Mỗi người được thi ít nhất một lượt."))
        return data


class QuotaForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if data.get("count") is not None and not 1 <= data["count"] <= 200:
            self.add_error("count", _("Số câu mỗi chủ đề từ 1 đến 200."))
        return data


class RoundViewSet(ModelViewSet):
    model = Round
    form_fields = ["contest", "number", "title", "opens_at", "closes_at", "time_limit_seconds", "max_attempts",
                   "prediction_question", "actual_entry_count"]
    list_display = ["title", "contest", "number", "opens_at", "closes_at", "status"]
    list_filter = ["contest", "status"]
    icon = "date"
    add_to_admin_menu = False
    name = "contest_rounds"
    url_prefix = "contest/round-editor"

    edit_handler = ObjectList([
        FieldPanel("contest"), FieldPanel("number"), FieldPanel("title"), FieldPanel("opens_at"),
        FieldPanel("closes_at"), FieldPanel("time_limit_seconds"), FieldPanel("max_attempts"),
        FieldPanel("prediction_question"), FieldPanel("actual_entry_count"),
    ], base_form_class=RoundForm)


class RoundQuotaViewSet(ModelViewSet):
    model = RoundQuota
    form_fields = ["round", "category", "count"]
    list_display = ["round", "category", "count"]
    list_filter = ["round"]
    icon = "list-ol"
    add_to_admin_menu = False
    name = "contest_quotas"
    url_prefix = "contest/quota-editor"
    edit_handler = ObjectList([FieldPanel("round"), FieldPanel("category"), FieldPanel("count")],
                              base_form_class=QuotaForm)


round_viewset = RoundViewSet()
quota_viewset = RoundQuotaViewSet()
