"""Admin views outside the generic model views: marking essay answers. Each checks its
permission on the server (the menu hides them too, but a URL can be typed)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_forms import MarkForm
from .models import Question, SittingAnswer
from .services import QuizError, essay_mark

MARK_PERMISSION = "quiz.mark_essay"


def forbidden(request):
    """A real 403 (Wagtail turns PermissionDenied into a redirect to the dashboard)."""
    return render(request, "quiz/admin/forbidden.html", {"header_title": _("Không có quyền")}, status=403)


class PermissionRequiredMixin:
    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


def _essays():
    return (SittingAnswer.objects.filter(question__kind=Question.Kind.ESSAY, answered_at__isnull=False,
                                         sitting__finished_at__isnull=False)
            .select_related("question", "sitting__quiz", "sitting__user", "marked_by"))


class MarkingListView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = MARK_PERMISSION
    template_name = "quiz/admin/marking_list.html"
    page_title = gettext_lazy("Chấm câu tự luận")
    header_icon = "edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_marked = self.request.GET.get("da_cham") == "1"
        answers = _essays().filter(is_correct__isnull=not show_marked).order_by(
            "-marked_at" if show_marked else "answered_at")
        context["page_obj"] = Paginator(answers, 50).get_page(self.request.GET.get("p"))
        context["show_marked"] = show_marked
        return context


class MarkView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = MARK_PERMISSION
    template_name = "quiz/admin/mark.html"
    page_title = gettext_lazy("Chấm câu tự luận")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.answer = None
        return super().dispatch(request, *args, **kwargs)

    def get_answer(self):
        if self.answer is None:
            self.answer = get_object_or_404(_essays(), pk=self.kwargs["pk"])
        return self.answer

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["answer"] = self.get_answer()
        context["form"] = form or MarkForm(
            initial={"verdict": "1" if self.answer.is_correct else "0"} if self.answer.is_correct is not None else None)
        return context

    def post(self, request, *args, **kwargs):
        answer = self.get_answer()
        form = MarkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            essay_mark(answer=answer, is_correct=form.cleaned_data["verdict"], marker=request.user)
        except QuizError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Đã chấm câu trả lời."))
        return redirect(reverse("quiz_marking:index"))


# --- import / export of the question bank ---------------------------------------------------------

import logging  # noqa: E402

from django import forms  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.utils import timezone  # noqa: E402

from . import question_bank  # noqa: E402
from .models import Category  # noqa: E402

IMPORT_PERMISSIONS = ("quiz.add_question", "quiz.change_question")
EXPORT_PERMISSION = "quiz.view_question"
export_log = logging.getLogger("quiz.export")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp câu hỏi (.xlsx hoặc .csv)"),
                           error_messages={"required": gettext_lazy("Hãy chọn tệp để nhập.")})


class ExportForm(forms.Form):
    category = forms.ModelChoiceField(label=gettext_lazy("Chủ đề"), queryset=Category.objects.all(), required=False,
                                      empty_label=gettext_lazy("Tất cả chủ đề"))
    fmt = forms.ChoiceField(label=gettext_lazy("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
                            initial="xlsx")


class ImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "quiz/admin/import.html"
    page_title = gettext_lazy("Nhập, xuất câu hỏi")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not all(request.user.has_perm(p) for p in IMPORT_PERMISSIONS):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, report=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or ImportForm(), report=report, export_form=ExportForm(),
                       guide=question_bank.column_guide(), header=question_bank.HEADER)
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        report = question_bank.question_bank_import(file=upload, filename=upload.name)
        if not report.ok:
            return self.render_to_response(self.get_context_data(form=form, report=report), status=400)
        messages.success(request, _("Đã nhập %(created)s câu hỏi mới, cập nhật %(updated)s câu hỏi; "
                                    "%(unchanged)s câu không thay đổi.")
                         % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged})
        return redirect(reverse("quiz_import:index"))


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_download(request, fmt):
    if not request.user.has_perm(EXPORT_PERMISSION):
        return forbidden(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        return _download(("\ufeff" + ",".join(question_bank.HEADER) + "\r\n").encode("utf-8"),
                         "mau-cau-hoi.csv", "text/csv; charset=utf-8")
    return _download(question_bank.export_xlsx(None, with_guide=True), "mau-cau-hoi.xlsx", XLSX)


def export(request):
    if not request.user.has_perm(EXPORT_PERMISSION):
        return forbidden(request)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Tham số xuất không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")
    questions = Question.objects.all()
    category = form.cleaned_data["category"]
    if category:
        questions = questions.filter(category__in=[category, *category.children.all()])
    fmt = form.cleaned_data["fmt"]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"ngan-hang-cau-hoi-{question_bank.safe_filename_part(category.name) + '-' if category else ''}{stamp}.{fmt}"
    content = question_bank.export_csv(questions) if fmt == "csv" else question_bank.export_xlsx(questions)
    export_log.info("question bank export by user %s: %s questions, category=%s, format=%s",
                    request.user.pk, questions.count(), category.pk if category else "all", fmt)
    return _download(content, name, "text/csv; charset=utf-8" if fmt == "csv" else XLSX)
