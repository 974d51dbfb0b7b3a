"""Self-hosted CAPTCHA (ALTCHA proof of work, django-altcha): the browser spends a second of CPU
per registration, a script registering thousands pays thousands of seconds. Tests run with
ALTCHA_TEST_MODE (portal/settings/test.py) and skip the check; one test turns it off."""

import json

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
        kwargs.setdefault("hidelogo", True)  # the logo is an aria-hidden link: an axe violation
        super().__init__(*args, **kwargs)

    def localise(self):
        """Widget texts in the request's language (called per form, when the language is known)."""
        self.widget.options["strings"] = json.dumps({
            "label": str(_("Tôi không phải người máy")),
            "verifying": str(_("Đang xác minh…")),
            "verified": str(_("Đã xác minh")),
            "error": str(_("Xác minh thất bại, hãy thử lại.")),
            "expired": str(_("Hết hạn xác minh, hãy thử lại.")),
            "waitAlert": str(_("Đang xác minh… vui lòng chờ.")),
        }, ensure_ascii=False)

    def validate(self, value):
        if getattr(settings, "ALTCHA_TEST_MODE", False):
            return
        if not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        super().validate(value)


def check_captcha(payload: str | None):
    """For the API: raise django.forms.ValidationError (Vietnamese) unless the payload verifies."""
    ContestAltchaField().clean(payload)
