"""The learning report: commune scoping, the "vùng lõm" highlight, XLSX export equal to the
database and logged, bad filters refused."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.models import AudienceGroup, LearnerProfile
from courses import services
from courses.models import Enrolment, ReportExport

from .factories import CommuneFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


def learner(commune, group=AudienceGroup.OTHER_ADULT):
    user = UserFactory()
    LearnerProfile.objects.create(user=user, commune=commune, audience_group=group)
    return user


def staff(role, commune=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    if commune:
        LearnerProfile.objects.create(user=user, commune=commune)
    return user


@pytest.fixture
def data():
    a, b, c = CommuneFactory(name="An Phước"), CommuneFactory(name="Bình Lộc"), CommuneFactory(name="Cẩm Mỹ")
    course, lessons = make_course(lessons=[{}])
    other, other_lessons = make_course(title="Khóa hai", slug="khoa-hai", lessons=[{}])
    people = {"a_done": learner(a, AudienceGroup.ELDERLY), "a_open": learner(a), "b_open": learner(b, AudienceGroup.WORKER)}
    services.mark_read(learner=people["a_done"], lesson=lessons[0])
    services.lesson_opened(learner=people["a_done"], lesson=other_lessons[0])
    services.lesson_opened(learner=people["a_open"], lesson=lessons[0])
    services.lesson_opened(learner=people["b_open"], lesson=lessons[0])
    return {"a": a, "b": b, "c": c, "course": course, **people}


def test_commune_officer_sees_only_their_commune(client, data):
    officer = staff(roles.COMMUNE_OFFICERS, data["b"])
    client.force_login(officer)
    response = client.get(reverse("courses_report"))
    assert response.status_code == 200
    rows = response.context["communes"]
    assert [r["commune"] for r in rows] == [data["b"]]
    assert rows[0]["learners"] == 1 and rows[0]["completions"] == 0
    assert response.context["totals"]["enrolments"] == 1
    # asking for another commune by URL is refused, and still shows only their own
    forced = client.get(reverse("courses_report") + f"?xa={data['a'].pk}")
    assert forced.status_code == 400
    assert [r["commune"] for r in forced.context["communes"]] == [data["b"]]
    export = client.get(reverse("courses_report_export") + f"?xa={data['a'].pk}")
    assert export.status_code == 400 and not ReportExport.objects.exists()


def test_officer_without_commune_sees_nothing_and_learners_are_refused(client, data):
    client.force_login(staff(roles.COMMUNE_OFFICERS))
    response = client.get(reverse("courses_report"))
    assert response.status_code == 200 and response.context["communes"] == []
    client.force_login(data["a_open"])
    assert client.get(reverse("courses_report")).status_code in (302, 403)
    assert client.get(reverse("courses_report_export")).status_code in (302, 403)


def test_organiser_sees_every_commune_and_hollow_communes(client, data):
    client.force_login(staff(roles.CONTEST_ORGANISERS))
    response = client.get(reverse("courses_report") + "?muc-tieu=40")
    rows = {r["commune"].pk: r for r in response.context["communes"]}
    assert rows[data["a"].pk]["learners"] == 2 and rows[data["a"].pk]["completers"] == 1
    assert rows[data["a"].pk]["rate"] == 50.0 and not rows[data["a"].pk]["hollow"]
    # b (0 of 1) and c (no learners at all) are below 40%
    assert rows[data["b"].pk]["hollow"] and rows[data["c"].pk]["hollow"]
    assert "vùng lõm" in response.content.decode()
    audiences = {r["learner__profile__audience_group"]: r for r in response.context["audiences"]}
    assert audiences[AudienceGroup.ELDERLY]["completions"] == 1


def test_export_rows_equal_the_database_and_are_logged(client, data):
    organiser = staff(roles.CONTEST_ORGANISERS)
    client.force_login(organiser)
    response = client.get(reverse("courses_report_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    by_code = {row[0]: row for row in rows}
    from accounts.models import AdministrativeUnit

    communes = AdministrativeUnit.objects.filter(level="commune")
    assert set(by_code) == set(communes.values_list("code", flat=True))
    elderly_col = header.index("Người học — Người cao tuổi")
    for commune in communes:
        enrolments = Enrolment.objects.filter(learner__profile__commune=commune)
        row = by_code[commune.code]
        assert row[2] == enrolments.values("learner").distinct().count()
        assert row[3] == enrolments.count()
        assert row[4] == enrolments.filter(completed_at__isnull=False).count()
        assert row[elderly_col] == enrolments.filter(
            learner__profile__audience_group=AudienceGroup.ELDERLY).values("learner").distinct().count()
    log = ReportExport.objects.get()
    assert log.user == organiser and log.row_count == len(rows)


def test_bad_filters_are_refused(client, data):
    client.force_login(staff(roles.CONTEST_ORGANISERS))
    for query in ("?tu=2026-13-45", "?muc-tieu=500", "?doi-tuong=aliens", "?khoa=abc", "?xa=-1"):
        assert client.get(reverse("courses_report") + query).status_code == 400
        assert client.get(reverse("courses_report_export") + query).status_code == 400
    assert not ReportExport.objects.exists()
