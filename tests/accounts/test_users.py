import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import LearnerProfile, User

pytestmark = pytest.mark.django_db


def test_user_created_with_phone_only_stores_e164_and_no_email():
    user = User.objects.create_user(phone="0912 345 678", password="mat-khau-rat-dai")
    assert (user.phone, user.email) == ("+84912345678", None)
    assert user.check_password("mat-khau-rat-dai")


def test_user_needs_a_phone_or_an_email_even_below_the_manager():
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(password="x")])


def test_same_phone_typed_differently_cannot_make_two_accounts():
    User.objects.create_user(phone="0912345678", password="mat-khau-rat-dai")
    with pytest.raises(IntegrityError):
        User.objects.create_user(phone="+84 912 345 678", password="mat-khau-rat-dai")


def test_full_name_is_split_the_vietnamese_way():
    user = User(email="a@example.com")
    user.set_full_name("  Nguyễn   Thị Minh  Khai ")
    assert (user.last_name, user.first_name) == ("Nguyễn Thị Minh", "Khai")
    assert user.get_full_name() == "Nguyễn Thị Minh Khai"


def test_superuser_can_log_in_to_the_cms_with_email(client):
    User.objects.create_superuser(email="admin@example.com", password="mat-khau-rat-dai")
    assert client.login(username="admin@example.com", password="mat-khau-rat-dai")
    assert client.get("/cms/").status_code == 200


def _signup(client, **overrides):
    data = {"full_name": "Trần Văn Bình", "identifier": "0987654321", "password1": "hoc-ky-nang-so",
            "password2": "hoc-ky-nang-so", "birth_year": "1960", "audience_group": "elderly"}
    data.update(overrides)
    return client.post(reverse("accounts:signup"), data)


def test_signup_by_phone_creates_user_and_profile_and_logs_in(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert user.get_full_name() == "Trần Văn Bình"
    assert LearnerProfile.objects.get(user=user).audience_group == "elderly"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"identifier": "12345"}, "Số điện thoại không hợp lệ"),
        ({"identifier": "ten@"}, "thư điện tử không hợp lệ"),
        ({"identifier": ""}, "Trường này là bắt buộc"),
        ({"password2": "khac-nhau-hoan-toan"}, "Hai mật khẩu không khớp"),
        ({"password1": "12345678", "password2": "12345678"}, "Mật khẩu"),
        ({"birth_year": "1800"}, "1900"),
        ({"full_name": "   "}, "bắt buộc"),
    ],
)
def test_bad_signup_input_gets_a_vietnamese_message_and_creates_nothing(client, overrides, message):
    response = _signup(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_signup_with_a_phone_that_already_has_an_account_is_refused(client):
    User.objects.create_user(phone="0987654321", password="mat-khau-rat-dai")
    response = _signup(client, identifier="+84 987 654 321")
    assert response.status_code == 400
    assert "đã có tài khoản" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_ignores_an_external_next_url(client):
    response = client.post(reverse("accounts:signup") + "?next=https://evil.example/", {
        "full_name": "Lê An", "identifier": "an@example.com", "password1": "hoc-ky-nang-so", "password2": "hoc-ky-nang-so"})
    assert response.status_code == 302
    assert response["Location"] == "/"
