from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import AdministrativeUnit, AudienceGroup, Gender, LearnerProfile, User
from .phone import looks_like_phone, normalize_phone


def clean_identifier(value: str) -> tuple[str | None, str | None]:
    """Split what someone typed into (email, phone), validated, with a Vietnamese message."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Nhập số điện thoại hoặc thư điện tử."), code="required")
    if looks_like_phone(value):
        return None, normalize_phone(value)
    try:
        forms.EmailField().clean(value)
    except ValidationError:
        raise ValidationError(_("Địa chỉ thư điện tử không hợp lệ, ví dụ ten@example.com."), code="invalid_email") from None
    return value.lower(), None


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        identifier, password = cleaned.get("identifier"), cleaned.get("password")
        if identifier and password:
            email, phone = clean_identifier(identifier)
            self.user = authenticate(self.request, username=email or phone, password=password)
            if self.user is None:
                raise ValidationError(
                    _("Số điện thoại/thư điện tử hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường trong mật khẩu."),
                    code="invalid_login",
                )
        return cleaned

    def get_user(self):
        return self.user


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    identifier = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"), max_length=254,
        help_text=_("Dùng để đăng nhập. Ví dụ: 0912 345 678"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, max_length=256,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Ít nhất 8 ký tự, không toàn chữ số."))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False, max_length=256,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900, max_value=2100)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", "—")] + Gender.choices)
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"), required=False,
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("name"),
    )
    workplace = forms.CharField(label=_("Nơi làm việc, học tập"), required=False, max_length=200)
    audience_group = forms.ChoiceField(label=_("Nhóm đối tượng"), required=False,
                                       choices=[("", "—")] + AudienceGroup.choices)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError(_("Nhập họ và tên."))
        return name

    def clean_identifier(self):
        email, phone = clean_identifier(self.cleaned_data["identifier"])
        if email and User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Thư điện tử này đã có tài khoản. Hãy đăng nhập."), code="duplicate")
        if phone and User.objects.filter(phone=phone).exists():
            raise ValidationError(_("Số điện thoại này đã có tài khoản. Hãy đăng nhập."), code="duplicate")
        return email, phone

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif p1:
            ident = cleaned.get("identifier") or (None, None)
            probe = User(email=ident[0], phone=ident[1])
            probe.set_full_name(cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = LearnerProfile
        fields = ["birth_year", "gender", "commune", "workplace", "audience_group"]


# --- Wagtail admin user forms: phone and Vietnamese names, e-mail optional when a phone is given --
class _AdminUserFormMixin(forms.ModelForm):
    email = forms.EmailField(required=False, label=_("Thư điện tử"))
    phone = forms.CharField(required=False, label=_("Số điện thoại"), max_length=32)
    last_name = forms.CharField(required=False, label=_("Họ và tên đệm"), max_length=150)
    first_name = forms.CharField(required=True, label=_("Tên"), max_length=150)

    commune = forms.ModelChoiceField(
        label=_("Xã, phường"), required=False,
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("name"),
        help_text=_("Cán bộ xã, phường chỉ xem được số liệu của đơn vị này."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = getattr(self.instance, "profile", None) if self.instance.pk else None
        if profile is not None:
            self.fields["commune"].initial = profile.commune_id

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            LearnerProfile.objects.update_or_create(user=user, defaults={"commune": self.cleaned_data.get("commune")})
        return user

    def clean_phone(self):
        value = self.cleaned_data.get("phone")
        return normalize_phone(value) if value else None

    def clean_email(self):
        value = self.cleaned_data.get("email")
        return value.lower() if value else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(_("Cần có số điện thoại hoặc thư điện tử."))
        phone = cleaned.get("phone")
        if phone and User.objects.exclude(pk=self.instance.pk).filter(phone=phone).exists():
            self.add_error("phone", _("Số điện thoại này đã có tài khoản."))
        return cleaned


class AdminUserCreationForm(_AdminUserFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"phone"}


class AdminUserEditForm(_AdminUserFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"phone"}
