"""The question bank in the Wagtail admin: one menu group "Ngân hàng câu hỏi" with topics,
questions (choices inline), quizzes (ordered questions inline), essay marking and import/export."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .admin_forms import QuestionAdminForm, QuestionChooserFilterForm
from .models import Category, Question, Quiz


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "folder-inverse"
    menu_label = _("Chủ đề")
    list_display = ["name", "parent", "slug"]
    search_fields = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent")]


class QuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = Question
        fields = ["category", "kind", "difficulty", "is_active"]


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Câu hỏi")
    list_display = ["__str__", "category", "kind", "difficulty", BooleanColumn("is_active", label=_("đang dùng"))]
    filterset_class = QuestionFilterSet
    search_fields = ["text", "external_id"]
    list_per_page = 50
    edit_handler = ObjectList([
        FieldPanel("category"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("difficulty")]),
        FieldPanel("text"),
        FieldPanel("figure"),
        InlinePanel("choices", label=_("Phương án trả lời"), panels=[FieldPanel("text"), FieldPanel("is_correct")],
                    max_num=6,
                    help_text=_("Câu Đúng/Sai: hai phương án “Đúng” và “Sai”. Câu tự luận: không có phương án.")),
        FieldPanel("explanation"),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("external_id")]),
    ], base_form_class=QuestionAdminForm)


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = _("Chọn câu hỏi")
    choose_another_text = _("Chọn câu hỏi khác")
    edit_item_text = _("Sửa câu hỏi")
    form_fields = ["category", "kind", "text"]
    per_page = 30

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(filter_form_class=QuestionChooserFilterForm, **kwargs)


class QuizViewSet(ModelViewSet):
    model = Quiz
    icon = "list-ol"
    menu_label = _("Bài kiểm tra")
    list_display = ["title", "slug", BooleanColumn("draft", label=_("bản nháp")), "pass_mark"]
    search_fields = ["title", "slug"]
    panels = [
        FieldPanel("title"), FieldPanel("slug"), FieldPanel("description"),
        MultiFieldPanel([
            FieldPanel("random_order"), FieldPanel("max_questions"), FieldPanel("answers_at_end"),
            FieldPanel("exam_paper"), FieldPanel("single_attempt"), FieldPanel("pass_mark"), FieldPanel("draft"),
        ], heading=_("Cài đặt")),
        FieldPanel("success_text"), FieldPanel("fail_text"),
        InlinePanel("quiz_questions", label=_("Câu hỏi"), panels=[FieldPanel("question")]),
    ]


class PermissionMenuItem(MenuItem):
    permission = None

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class MarkingViewSet(ViewSet):
    name = "quiz_marking"
    icon = "edit"
    menu_label = _("Chấm tự luận")

    @property
    def menu_item_class(self):
        return type("MarkingMenuItem", (PermissionMenuItem,), {"permission": admin_views.MARK_PERMISSION})

    def get_urlpatterns(self):
        return [
            path("", admin_views.MarkingListView.as_view(), name="index"),
            path("<int:pk>/", admin_views.MarkView.as_view(), name="mark"),
        ]


class ImportExportViewSet(ViewSet):
    name = "quiz_import"
    icon = "upload"
    menu_label = _("Nhập, xuất câu hỏi")

    @property
    def menu_item_class(self):
        return type("ImportMenuItem", (PermissionMenuItem,), {"permission": "quiz.add_question"})

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportView.as_view(), name="index"),
            path("mau.<str:fmt>", admin_views.template_download, name="template"),
            path("xuat/", admin_views.export, name="export"),
        ]


question_chooser_viewset = QuestionChooserViewSet("quiz_question_chooser")


class QuestionBankGroup(ViewSetGroup):
    menu_label = _("Ngân hàng câu hỏi")
    menu_icon = "help"
    menu_order = 300
    items = (
        QuestionViewSet("quiz_questions"),
        QuizViewSet("quiz_quizzes"),
        CategoryViewSet("quiz_categories"),
        MarkingViewSet(),
        ImportExportViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_question_bank():
    return [question_chooser_viewset, QuestionBankGroup()]
