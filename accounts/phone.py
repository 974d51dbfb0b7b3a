"""Vietnamese phone numbers: people type 0912 345 678, 0912.345.678, +84 912345678 or 84912345678.
We store E.164 (+84912345678), the one form that compares equal however it was typed."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _("Số điện thoại không hợp lệ. Nhập số di động hoặc cố định Việt Nam, ví dụ 0912 345 678.")


def normalize_phone(raw: str) -> str:
    """Return the E.164 form of a Vietnamese number, or raise ValidationError in Vietnamese."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """National form for people: 0912 345 678."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(e164: str) -> str:
    """For public lists: keep the last three digits only (0912 *** *678 → 091****678)."""
    if not e164:
        return ""
    national = display_phone(e164).replace(" ", "")
    return national[:3] + "*" * (len(national) - 6) + national[-3:]


def looks_like_phone(identifier: str) -> bool:
    return "@" not in (identifier or "")
