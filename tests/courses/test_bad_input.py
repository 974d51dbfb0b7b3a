"""Bad input to every endpoint: a clear 4xx and nothing changed."""

import json

import pytest
from django.urls import reverse

from courses.models import Enrolment, LessonPage, LessonProgress
from courses.selectors import beacon_token

from .factories import UserFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    _course, lessons = make_course(lessons=[{"youtube_url": "https://youtu.be/dQw4w9WgXcQ",
                                             "completion_rule": LessonPage.CompletionRule.WATCH}])
    return lessons[0]


def nothing_changed():
    return not LessonProgress.objects.exists() and not Enrolment.objects.exists()


def beacon(client, lesson_id, body, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(reverse("courses:progress", args=[lesson_id]), data, content_type=content_type)


def good(user, lesson, **override):
    return {"token": beacon_token(user.pk, lesson.pk), "seq": 0, "t": 1000, "position": 1, "event": "tick", **override}


def test_anonymous_report_is_refused(client, lesson):
    response = beacon(client, lesson.pk, {"seq": 0, "t": 1, "position": 1})
    assert response.status_code == 403 and "đăng nhập" in response.json()["error"]
    assert nothing_changed()


@pytest.mark.parametrize("mutate, status", [
    (lambda b: "không phải json", 400),
    (lambda b: "[1, 2]", 400),
    (lambda b: {**b, "token": "forged"}, 403),
    (lambda b: {**b, "seq": -1}, 400),
    (lambda b: {**b, "seq": "1"}, 400),
    (lambda b: {**b, "seq": 1.5}, 400),
    (lambda b: {**b, "t": 0}, 400),
    (lambda b: {**b, "position": "NaN"}, 400),
    (lambda b: {**b, "position": -5}, 400),
    (lambda b: {**b, "position": 10**9}, 400),
    (lambda b: {**b, "position": True}, 400),
    (lambda b: {**b, "event": "teleport"}, 400),
    (lambda b: {**b, "duration": -1}, 400),
    (lambda b: {k: v for k, v in b.items() if k != "seq"}, 400),
    (lambda b: {**b, "pad": "x" * 5000}, 413),
])
def test_malformed_reports_are_refused(client, lesson, mutate, status):
    user = UserFactory()
    client.force_login(user)
    body = mutate(good(user, lesson))
    response = beacon(client, lesson.pk, body)
    assert response.status_code == status
    assert response.json()["error"]
    assert nothing_changed()


def test_token_of_another_lesson_or_user_is_refused(client, lesson):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    assert beacon(client, lesson.pk, good(other, lesson)).status_code == 403
    assert beacon(client, lesson.pk, good(user, lesson, token=beacon_token(user.pk, lesson.pk + 999))).status_code == 403
    assert nothing_changed()


def test_unknown_or_unpublished_lesson(client, lesson):
    user = UserFactory()
    client.force_login(user)
    assert beacon(client, 999999, good(user, lesson, token=beacon_token(user.pk, 999999))).status_code == 404
    lesson.unpublish()
    assert beacon(client, lesson.pk, good(user, lesson)).status_code == 404
    assert nothing_changed()


def test_get_is_not_allowed(client, lesson):
    client.force_login(UserFactory())
    assert client.get(reverse("courses:progress", args=[lesson.pk])).status_code == 405


def test_mark_read_refused_for_video_lessons_and_anonymous(client, lesson):
    response = client.post(reverse("courses:mark-read", args=[lesson.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    client.force_login(UserFactory())
    response = client.post(reverse("courses:mark-read", args=[lesson.pk]))
    assert response.status_code == 400 and "xem video" in response.content.decode()
    assert client.post(reverse("courses:mark-read", args=[999999])).status_code == 404
    assert client.get(reverse("courses:mark-read", args=[lesson.pk])).status_code == 405
    assert nothing_changed()


def test_mark_read_requires_csrf(lesson):
    from django.test import Client

    _course, lessons = make_course(title="Khác", slug="khac", lessons=[{}])
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(reverse("courses:mark-read", args=[lessons[0].pk])).status_code == 403
    assert nothing_changed()


def test_unknown_caption_and_certificate(client):
    assert client.get(reverse("courses:caption", args=[424242])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("courses:certificate-pdf", args=["abc"])).status_code == 404
    assert client.get(reverse("courses_pages:verify", args=["x" * 300])).status_code == 404


def test_my_learning_needs_login(client):
    response = client.get(reverse("courses_pages:my-learning"))
    assert response.status_code == 302


def test_course_filters_ignore_nonsense(client):
    course, _ = make_course(lessons=[{}])
    index = course.get_parent()
    response = client.get(index.url + "?doi-tuong=<script>&cap-do=x&linh-vuc=zz&trang=abc")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
