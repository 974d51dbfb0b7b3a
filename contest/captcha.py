"""Self-hosted CAPTCHA (ALTCHA proof of work, django-altcha): the browser spends a second of CPU
per registration, a script registering thousands pays thousands of seconds. Tests run with
ALTCHA_TEST_MODE (portal/settings/test.py) and skip the check; one test turns it off."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField

MESSAGES = {
    "error": _("Không kiểm tra được mã chống máy tự động; hãy tải lại trang và thử lại."),
    "invalid": _("Mã chống máy tự động không hợp lệ; hãy thử lại."),
    "required": _("Hãy chờ ô \"Tôi không phải người máy\" được xác minh rồi gửi lại."),
    "replay": _("Mã chống máy tự động đã được dùng; hãy tải lại trang."),
}


class ContestAltchaField(AltchaField):
    default_error_messages = MESSAGES

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Xác minh chống máy tự động"))
        kwargs.setdefault("required", False)  # the widget fills it; validate() decides
        kwargs.setdefault("hidefooter", True)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        if getattr(settings, "ALTCHA_TEST_MODE", False):
            return
        if not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        super().validate(value)


def check_captcha(payload: str | None):
    """For the API: raise django.forms.ValidationError (Vietnamese) unless the payload verifies."""
    ContestAltchaField().clean(payload)
