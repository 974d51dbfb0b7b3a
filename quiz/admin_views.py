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
