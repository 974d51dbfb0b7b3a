"""The 12-digit personal identification number (số định danh cá nhân, printed on the CCCD card):
3 digits for the province where the birth was registered, 1 digit for century and sex, 2 digits
for the year of birth, 6 random digits (Thông tư 07/2016/TT-BCA, Art. 7). Province codes are the
63 pre-2025 codes: cards issued before the 2025 merger keep them, and the 34 current provinces
(code 75 = Đồng Nai, DOMAIN_FACTS 1.1) all keep one of those codes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 "
    "037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)


def normalize_citizen_id(raw: str, date_of_birth: dt.date | None = None) -> str:
    """Return the 12 digits (spaces and dots removed) or raise ValidationError in Vietnamese."""
    value = "".join((raw or "").split()).replace(".", "")
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("Số căn cước gồm đúng 12 chữ số."), code="citizen_id_length")
    if value[:3] not in PROVINCE_CODES:
        raise ValidationError(_("Ba chữ số đầu của số căn cước không phải mã tỉnh, thành phố hợp lệ."),
                              code="citizen_id_province")
    century_digit = int(value[3])
    if century_digit > 9:  # pragma: no cover - digits only
        raise ValidationError(_("Số căn cước không hợp lệ."), code="citizen_id_century")
    year = 1900 + (century_digit // 2) * 100 + int(value[4:6])
    if year > dt.date.today().year:
        raise ValidationError(_("Chữ số thứ 4 đến thứ 6 của số căn cước không khớp một năm sinh hợp lệ."),
                              code="citizen_id_year")
    if date_of_birth and date_of_birth.year != year:
        raise ValidationError(_("Năm sinh trong số căn cước không khớp ngày sinh đã khai."), code="citizen_id_dob")
    return value
