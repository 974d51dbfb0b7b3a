import datetime as dt

import pytest
from django.contrib.auth.models import Group

from accounts.roles import CONTEST_ORGANISERS
from contest.models import Entrant
from contest.services import (ContestError, entrant_erase, entrant_process_deletions, entrant_register,
                              entrant_request_deletion, entrant_update, normalize_citizen_id)
from tests.accounts.factories import CommuneFactory, UserFactory

from .factories import entrant_data, make_contest, make_entrant

pytestmark = pytest.mark.django_db


def register(contest, user=None, **fields):
    data = entrant_data(**fields)
    data.setdefault("commune", CommuneFactory())
    if data["commune"] is None:
        data["commune"] = CommuneFactory()
    consent = data.pop("consent", True)
    return entrant_register(contest=contest, user=user or UserFactory(), consent=consent, **data)


def test_register_normalises_phone_and_records_consent_version():
    contest = make_contest(consent_version="3")
    entrant = register(contest, phone="0912.345.678")
    assert entrant.phone == "+84912345678"
    assert entrant.consent_version == "3" and entrant.consent_at is not None
    assert not entrant.is_excluded


@pytest.mark.parametrize("consent", [False, None, "on", 1])
def test_register_requires_explicit_consent(consent):
    contest = make_contest()
    with pytest.raises(ContestError) as error:
        register(contest, consent=consent)
    assert "đồng ý" in str(error.value)
    assert Entrant.objects.count() == 0


def test_same_phone_twice_in_one_contest_is_refused_with_409():
    contest = make_contest()
    register(contest, phone="0912345678")
    with pytest.raises(ContestError) as error:
        register(contest, phone="+84 912 345 678")
    assert error.value.status == 409 and "Số điện thoại" in str(error.value)
    assert Entrant.objects.count() == 1


def test_same_citizen_id_twice_is_refused():
    contest = make_contest()
    register(contest, phone="0912345678", citizen_id="075090123456")
    with pytest.raises(ContestError) as error:
        register(contest, phone="0912345679", citizen_id="075 090 123 456")
    assert error.value.field == "citizen_id" and error.value.status == 409


def test_same_user_twice_is_refused():
    contest, user = make_contest(), UserFactory()
    register(contest, user=user, phone="0912345678")
    with pytest.raises(ContestError):
        register(contest, user=user, phone="0912345679")


@pytest.mark.parametrize("raw,message", [
    ("07509012345", "12 chữ số"),
    ("0750901234567", "12 chữ số"),
    ("07509012345a", "12 chữ số"),
    ("999090123456", "mã tỉnh"),
    ("003090123456", "mã tỉnh"),
    ("075099123456", "ngày sinh"),  # born 1999 by the ID, 1990 by the form
    ("075390123456", "năm sinh"),  # 2090
])
def test_citizen_id_validation(raw, message):
    with pytest.raises(Exception) as error:
        normalize_citizen_id(raw, dt.date(1990, 5, 1))
    assert message in str(error.value)


def test_citizen_id_accepts_valid_numbers_for_both_centuries():
    assert normalize_citizen_id("075090123456", dt.date(1990, 1, 1)) == "075090123456"
    assert normalize_citizen_id("001 305 123 456", dt.date(2005, 1, 1)) == "001305123456"


def test_citizen_id_required_when_the_contest_says_so():
    contest = make_contest(require_citizen_id=True)
    with pytest.raises(ContestError) as error:
        register(contest, citizen_id="")
    assert error.value.field == "citizen_id"
    assert register(contest, citizen_id="075090123456").citizen_id == "075090123456"


@pytest.mark.parametrize("field,value", [
    ("full_name", ""), ("full_name", "x" * 151), ("phone", "123"), ("phone", "0" * 500),
    ("date_of_birth", "1990-13-01"), ("date_of_birth", dt.date.today()), ("date_of_birth", 12),
    ("commune", 10**20), ("commune", "abc"), ("commune", None), ("audience_group", "alien"), ("workplace", "x" * 201),
])
def test_bad_fields_are_refused_and_nothing_is_saved(field, value):
    contest = make_contest()
    fields = {field: value}
    if field == "commune":
        data = entrant_data()
        data["commune"] = value
        with pytest.raises(ContestError) as error:
            entrant_register(contest=contest, user=UserFactory(), consent=True, **data)
    else:
        with pytest.raises(ContestError) as error:
            register(contest, **fields)
    assert error.value.field == field and error.value.status == 400
    assert Entrant.objects.count() == 0


def test_organisers_are_excluded_when_the_contest_says_so():
    organiser = UserFactory()
    organiser.groups.add(Group.objects.get(name=CONTEST_ORGANISERS))
    assert register(make_contest(exclude_organisers=True), user=organiser).is_excluded
    assert not register(make_contest(exclude_organisers=False), user=organiser).is_excluded


def test_entrant_corrects_data_and_duplicates_are_refused():
    contest = make_contest()
    first = make_entrant(contest)
    second = make_entrant(contest)
    entrant_update(entrant=second, full_name="Trần Thị Bình", citizen_id="075090123456")
    second.refresh_from_db()
    assert second.full_name == "Trần Thị Bình" and second.citizen_id == "075090123456"
    with pytest.raises(ContestError):
        entrant_update(entrant=second, phone=first.phone)
    second.refresh_from_db()
    assert second.phone != first.phone


def test_deletion_request_is_recorded_then_processing_erases_personal_data():
    contest = make_contest()
    entrant = make_entrant(contest, citizen_id="075090123456")
    entrant_request_deletion(entrant=entrant)
    entrant.refresh_from_db()
    assert entrant.deletion_requested_at and not entrant.erased_at and entrant.phone
    assert entrant_process_deletions() == 1
    entrant.refresh_from_db()
    assert entrant.erased_at and entrant.phone is None and entrant.citizen_id is None
    assert entrant.user_id is None and entrant.date_of_birth is None and "Nguyễn" not in entrant.full_name
    assert entrant_process_deletions() == 0
    # The phone is free again: the person may register anew.
    make_entrant(contest)
    assert entrant_erase(entrant=entrant).erased_at == entrant.erased_at
