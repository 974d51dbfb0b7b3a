"""Organisers create rounds and quotas in the admin; bad input is refused in Vietnamese."""

import pytest
from django.urls import reverse

from contest.models import Round, RoundQuota
from contest.viewsets import quota_viewset, round_viewset
from tests.accounts.factories import CommuneFactory

from .factories import CategoryFactory, make_contest
from .ops_helpers import officer, organiser

pytestmark = pytest.mark.django_db


def round_form(contest, **overrides):
    data = {"contest": contest.pk, "number": 1, "title": "Đợt 1", "opens_at": "2026-12-01 08:00",
            "closes_at": "2026-12-07 20:00", "time_limit_seconds": 900, "max_attempts": 2,
            "prediction_question": "Có bao nhiêu người dự thi đợt này?", "actual_entry_count": ""}
    data.update(overrides)
    return data


def test_organiser_creates_a_round_and_its_quota(client):
    contest = make_contest()
    client.force_login(organiser())
    response = client.post(reverse(round_viewset.get_url_name("add")), round_form(contest))
    assert response.status_code == 302
    created = Round.objects.get(contest=contest, number=1)
    assert created.status == Round.Status.DRAFT and created.max_attempts == 2
    category = CategoryFactory()
    response = client.post(reverse(quota_viewset.get_url_name("add")),
                           {"round": created.pk, "category": category.pk, "count": 10})
    assert response.status_code == 302
    assert created.quotas.get().count == 10


def test_a_round_that_closes_before_it_opens_is_refused_in_vietnamese(client):
    contest = make_contest()
    client.force_login(organiser())
    response = client.post(reverse(round_viewset.get_url_name("add")),
                           round_form(contest, closes_at="2026-11-30 08:00", max_attempts=0))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thời điểm đóng phải sau thời điểm mở." in html
    assert "Mỗi người được thi ít nhất một lượt." in html
    assert not Round.objects.exists()


def test_quota_out_of_range_is_refused(client):
    contest = make_contest()
    round_ = Round.objects.create(contest=contest, number=1, title="Đợt 1", opens_at="2026-12-01T08:00+07:00",
                                  closes_at="2026-12-07T20:00+07:00")
    client.force_login(organiser())
    response = client.post(reverse(quota_viewset.get_url_name("add")),
                           {"round": round_.pk, "category": CategoryFactory().pk, "count": 500})
    assert response.status_code == 200
    assert "Số câu mỗi chủ đề từ 1 đến 200." in response.content.decode()
    assert not RoundQuota.objects.exists()


def test_commune_officers_cannot_edit_rounds(client):
    contest = make_contest()
    client.force_login(officer(CommuneFactory()))
    response = client.post(reverse(round_viewset.get_url_name("add")), round_form(contest))
    assert response.status_code in (302, 403)
    assert not Round.objects.exists()
