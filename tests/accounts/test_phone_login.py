import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.phone import mask_phone, normalize_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"])
def test_phone_numbers_typed_any_common_way_normalise_to_e164(typed):
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["", "12345", "0912", "+1 202 555 0100", "abc", "0" * 40])
def test_invalid_phone_numbers_get_a_vietnamese_message(typed):
    with pytest.raises(ValidationError) as excinfo:
        normalize_phone(typed)
    assert "Số điện thoại không hợp lệ" in excinfo.value.messages[0]


def test_masked_phone_keeps_only_first_and_last_digits():
    assert mask_phone("+84912345678") == "091****678"


def test_login_by_phone_in_another_format(client):
    user = User.objects.create_user(phone="0912345678", password="mat-khau-rat-dai")
    response = client.post(reverse("accounts:login"), {"identifier": "+84 912 345 678", "password": "mat-khau-rat-dai"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_email_ignores_case(client):
    user = User.objects.create_user(email="an@example.com", password="mat-khau-rat-dai")
    response = client.post(reverse("accounts:login"), {"identifier": "An@Example.COM", "password": "mat-khau-rat-dai"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_vietnamese_message(client):
    User.objects.create_user(phone="0912345678", password="mat-khau-rat-dai")
    response = client.post(reverse("accounts:login"), {"identifier": "0912345678", "password": "sai"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "mật khẩu không đúng" in response.content.decode()
