"""Forms of the admin: the question editor checks its choices as a whole."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm

from .models import Category, Question


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        formset = self.formsets.get("choices")
        if not kind or formset is None or not formset.is_valid():
            return cleaned
        kept = [f.cleaned_data for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("text")]
        correct = sum(1 for c in kept if c.get("is_correct"))
        if kind == Question.Kind.ESSAY:
            if kept:
                self.add_error(None, _("Câu tự luận không có phương án trả lời."))
        elif len(kept) < 2:
            self.add_error(None, _("Cần ít nhất hai phương án trả lời."))
        elif kind == Question.Kind.MULTIPLE and correct < 1:
            self.add_error(None, _("Cần ít nhất một phương án đúng."))
        elif kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
            self.add_error(None, _("Câu một lựa chọn hoặc Đúng/Sai cần đúng một phương án đúng."))
        if kind == Question.Kind.TRUE_FALSE and len(kept) != 2:
            self.add_error(None, _("Câu Đúng/Sai có đúng hai phương án."))
        return cleaned


class QuestionChooserFilterForm(BaseFilterForm):
    """Search by words of the text or the organiser's code, and narrow to a topic (the bank is
    not in the search index: plain database lookups suffice for a few thousand questions)."""

    q = forms.CharField(label=_("Tìm"), required=False)
    category = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Category.objects.all(), required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(text__icontains=query) | objects.filter(external_id__iexact=query)
            self.is_searching, self.search_query = True, query
        if self.cleaned_data.get("category"):
            objects = objects.filter(category=self.cleaned_data["category"])
        return objects


class MarkForm(forms.Form):
    verdict = forms.TypedChoiceField(
        label=_("Kết quả chấm"), widget=forms.RadioSelect, coerce=lambda v: v == "1",
        choices=[("1", _("Đạt (tính là câu đúng)")), ("0", _("Không đạt"))],
        error_messages={"required": _("Hãy chọn kết quả chấm.")},
    )
