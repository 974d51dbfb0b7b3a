import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import LearnerProfile
from accounts.scoping import communes_visible_to, scope_to_commune
from tests.accounts.factories import CommuneFactory, LearnerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes():
    home, other = CommuneFactory(name="Biên Hòa"), CommuneFactory(name="Trấn Biên")
    LearnerProfileFactory.create_batch(3, commune=home)
    LearnerProfileFactory.create_batch(2, commune=other)
    return home, other


def _officer(commune):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.COMMUNE_OFFICERS))
    LearnerProfileFactory(user=user, commune=commune)
    return user


def test_commune_officer_sees_only_their_commune(two_communes):
    home, _other = two_communes
    officer = _officer(home)
    visible = scope_to_commune(LearnerProfile.objects.all(), officer)
    assert set(visible.values_list("commune_id", flat=True)) == {home.pk}
    assert visible.count() == 4  # three learners and the officer's own profile


def test_scoping_follows_a_lookup_path(two_communes):
    home, _other = two_communes
    officer = _officer(home)
    from accounts.models import User

    users = scope_to_commune(User.objects.all(), officer, "profile__commune")
    assert users.count() == 4


def test_contest_organiser_sees_every_commune(two_communes):
    organiser = UserFactory()
    organiser.groups.add(Group.objects.get(name=roles.CONTEST_ORGANISERS))
    assert scope_to_commune(LearnerProfile.objects.all(), organiser).count() == 5


def test_user_without_commune_or_permission_sees_nothing(two_communes):
    assert scope_to_commune(LearnerProfile.objects.all(), UserFactory()).count() == 0


def test_anonymous_user_sees_nothing(two_communes):
    from django.contrib.auth.models import AnonymousUser

    assert scope_to_commune(LearnerProfile.objects.all(), AnonymousUser()).count() == 0
    assert communes_visible_to(AnonymousUser()).count() == 0


def test_officer_can_pick_only_their_own_commune_in_filters(two_communes):
    home, _other = two_communes
    assert list(communes_visible_to(_officer(home))) == [home]


def test_roles_exist_after_migrate_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_PERMISSIONS) <= names
    officers = Group.objects.get(name=roles.COMMUNE_OFFICERS)
    codenames = set(officers.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_commune_reports"} <= codenames
    assert "view_all_communes" not in codenames
    organisers = Group.objects.get(name=roles.CONTEST_ORGANISERS)
    assert organisers.permissions.filter(codename="view_personal_data").exists()
    editors = Group.objects.get(name=roles.EDITORS)
    assert editors.page_permissions.exists(), "Wagtail's page permissions carried over to our editors"
