import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from tests.accounts.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser(email="admin@example.com", password="mat-khau-rat-dai")
    client.force_login(admin)
    return client


def _form(**overrides):
    data = {"email": "", "phone": "0912 345 678", "first_name": "Xã", "last_name": "Võ Văn",
            "password1": "mat-khau-rat-dai", "password2": "mat-khau-rat-dai",
            "groups": [Group.objects.get(name=roles.COMMUNE_OFFICERS).pk]}
    data.update(overrides)
    return data


def test_admin_creates_a_commune_officer_with_phone_only_and_a_commune(admin_client):
    commune = CommuneFactory(name="Biên Hòa")
    response = admin_client.post("/cms/users/new/", _form(commune=commune.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    officer = User.objects.get(phone="+84912345678")
    assert officer.email is None
    assert officer.profile.commune == commune
    assert officer.groups.filter(name=roles.COMMUNE_OFFICERS).exists()


def test_admin_user_form_needs_phone_or_email(admin_client):
    response = admin_client.post("/cms/users/new/", _form(phone=""))
    assert response.status_code == 200
    assert "Cần có số điện thoại hoặc thư điện tử" in response.content.decode()
    assert User.objects.count() == 1


def test_admin_user_form_rejects_a_bad_phone(admin_client):
    response = admin_client.post("/cms/users/new/", _form(phone="12345"))
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert User.objects.count() == 1


def test_units_are_listed_in_the_admin(admin_client):
    CommuneFactory(name="Trấn Biên", code="26041")
    response = admin_client.get("/cms/administrative_units/?q=26041")
    assert response.status_code == 200
    assert "Trấn Biên" in response.content.decode()


def test_admin_user_edit_form_shows_phone_and_commune(admin_client):
    commune = CommuneFactory(name="Long Bình")
    user = User.objects.create_user(phone="0987654321", password="mat-khau-rat-dai")
    from accounts.models import LearnerProfile

    LearnerProfile.objects.create(user=user, commune=commune)
    page = admin_client.get(f"/cms/users/edit/{user.pk}/").content.decode()
    assert "+84987654321" in page
    assert f'<option value="{commune.pk}" selected>' in page
