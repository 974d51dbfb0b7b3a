import pytest

from accounts.phone import mask_phone
from contest.masking import mask_citizen_id, mask_name


@pytest.mark.parametrize("name,masked", [
    ("Nguyễn Văn An", "Nguyễn V. A."),
    ("  Trần   thị  bình ", "Trần T. B."),
    ("Lê", "L."),
    ("Đặng Ngọc Ánh Dương", "Đặng N. Á. D."),
    ("", ""),
])
def test_names_keep_family_name_and_initials(name, masked):
    assert mask_name(name) == masked


def test_citizen_id_keeps_three_last_digits():
    assert mask_citizen_id("075090123456") == "*********456"
    assert mask_citizen_id(None) == ""


def test_phone_mask_from_accounts_hides_the_middle():
    masked = mask_phone("+84912345678")
    assert masked.startswith("091") and masked.endswith("678") and "2345" not in masked
