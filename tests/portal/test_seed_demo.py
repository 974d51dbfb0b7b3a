import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Locale, Site

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from portal.models import HomePage

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", "--only", "accounts.demo", "portal.demo", stdout=io.StringIO())


def test_seed_demo_is_idempotent_and_makes_a_bilingual_home_page():
    _seed()
    _seed()
    homes = HomePage.objects.all()
    assert sorted(homes.values_list("locale__language_code", flat=True)) == ["en", "vi"]
    vi_home = homes.get(locale__language_code="vi")
    assert Site.objects.get(is_default_site=True).root_page_id == vi_home.pk
    assert homes.get(locale__language_code="en").translation_key == vi_home.translation_key
    assert Locale.objects.filter(language_code="en").exists()


def test_seed_demo_creates_one_demo_user_per_role_who_can_log_in(client):
    _seed()
    for role in roles.ROLE_PERMISSIONS:
        if role == roles.ADMINISTRATORS:
            continue
        assert Group.objects.get(name=role).user_set.count() == 1, role
    assert User.objects.filter(is_superuser=True).count() == 1
    assert client.login(username="0901000006", password=DEMO_PASSWORD)


def test_home_page_is_vietnamese_and_english_home_is_prefixed(client):
    _seed()
    vi = client.get("/")
    assert vi.status_code == 200
    assert 'lang="vi"' in vi.content.decode() and "Bình dân học vụ số" in vi.content.decode()
    en = client.get("/en/")
    assert en.status_code == 200
    assert 'lang="en"' in en.content.decode() and "Digital Literacy for All" in en.content.decode()


def test_seed_demo_refuses_production_settings():
    with override_settings(DEMO_CONTENT_ALLOWED=False):
        with pytest.raises(CommandError, match="production"):
            call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
