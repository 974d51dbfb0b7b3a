from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit, AudienceGroup

from .captcha import ContestAltchaField


class EntrantForm(forms.Form):
    """The entrant's data. Only what the contest needs (Luật 91/2025 Art. 3: minimisation)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=32,
                            help_text=_("Ví dụ: 0912 345 678. Mỗi số điện thoại đăng ký một lần."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
                                    error_messages={"invalid": _("Nhập ngày sinh hợp lệ, ví dụ 31/12/1990.")})
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"), queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("name"),
        error_messages={"invalid_choice": _("Chọn xã, phường trong danh sách.")},
    )
    workplace = forms.CharField(label=_("Đơn vị công tác, học tập"), max_length=200, required=False)
    audience_group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=[("", "—")] + AudienceGroup.choices)
    citizen_id = forms.CharField(
        label=_("Số căn cước (12 chữ số)"), max_length=20, required=False,
        help_text=_("Không bắt buộc khi đăng ký; người đoạt giải phải khai trước khi nhận giải."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        if contest.require_citizen_id:
            self.fields["citizen_id"].required = True
            self.fields["citizen_id"].help_text = _("Cuộc thi này yêu cầu số căn cước khi đăng ký.")
        for name in ("full_name", "phone", "date_of_birth", "commune", "audience_group", "citizen_id"):
            field = self.fields[name]
            field.error_messages.setdefault("required", _("Mục này là bắt buộc."))
            field.error_messages["required"] = _("Mục này là bắt buộc.")


class RegistrationForm(EntrantForm):
    consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với nội dung xử lý dữ liệu cá nhân nêu trên."), required=True,
        error_messages={"required": _("Bạn cần đánh dấu đồng ý xử lý dữ liệu cá nhân để đăng ký.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)
    altcha = ContestAltchaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["altcha"].localise()
