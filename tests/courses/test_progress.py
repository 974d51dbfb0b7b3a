"""Progress reports: forged jumps are capped by wall-clock time, replays and out-of-order reports
are ignored, one row per (learner, lesson)."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError
from django.urls import reverse

from courses import services
from courses.models import Enrolment, LessonPage, LessonProgress
from courses.selectors import beacon_token

from .factories import UserFactory, make_course

pytestmark = pytest.mark.django_db

WATCH = LessonPage.CompletionRule.WATCH


@pytest.fixture
def lesson(tmp_path):
    course, lessons = make_course(lessons=[{"title": "Video", "youtube_url": "https://youtu.be/dQw4w9WgXcQ",
                                            "completion_rule": WATCH, "watch_percent": 80}])
    return lessons[0]


def post(client, lesson, user, **body):
    payload = {"token": beacon_token(user.pk, lesson.pk), "event": "tick", **body}
    return client.post(reverse("courses:progress", args=[lesson.pk]), json.dumps(payload),
                       content_type="text/plain")


def age_last_report(user, lesson, seconds):
    """Pretend the last accepted report came `seconds` ago (the wall clock moved on)."""
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    row.last_report_at -= dt.timedelta(seconds=seconds)
    row.save(update_fields=["last_report_at"])


def test_forged_jump_is_capped_to_elapsed_time(client, lesson):
    user = UserFactory()
    client.force_login(user)
    first = post(client, lesson, user, seq=0, t=1000, position=0, duration=100).json()
    assert first["accepted"] and first["watched_until"] == 0
    forged = post(client, lesson, user, seq=1, t=2000, position=95).json()
    assert forged["accepted"] and forged["reason"] == "capped"
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    assert row.watched_until <= services.TOLERANCE_SECONDS + 1
    assert row.completed_at is None


def test_honest_watching_completes_the_lesson(client, lesson):
    user = UserFactory()
    client.force_login(user)
    post(client, lesson, user, seq=0, t=1000, position=0, duration=100)
    for seq in range(1, 9):
        age_last_report(user, lesson, 10)
        data = post(client, lesson, user, seq=seq, t=1000 + seq * 10_000, position=seq * 10).json()
        assert data["reason"] == "ok"
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    assert row.watched_until == 80 and row.completed_at is not None
    assert Enrolment.objects.filter(learner=user, course=lesson.get_parent()).exists()


def test_replayed_report_is_ignored(client, lesson):
    user = UserFactory()
    client.force_login(user)
    post(client, lesson, user, seq=0, t=1000, position=0, duration=100)
    age_last_report(user, lesson, 30)
    assert post(client, lesson, user, seq=1, t=2000, position=20).json()["accepted"]
    age_last_report(user, lesson, 60)
    replay = post(client, lesson, user, seq=1, t=2000, position=20).json()
    assert replay["accepted"] is False and replay["reason"] == "replay"
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    assert row.reports == 2 and row.last_seq == 1 and row.watched_until == 20


def test_out_of_order_report_is_ignored(client, lesson):
    user = UserFactory()
    client.force_login(user)
    post(client, lesson, user, seq=0, t=5000, position=0, duration=100)
    age_last_report(user, lesson, 30)
    # a later sequence number but an older client timestamp: sent before the last accepted one
    late = post(client, lesson, user, seq=3, t=4000, position=25).json()
    assert late["accepted"] is False and late["reason"] == "out_of_order"
    assert LessonProgress.objects.get(learner=user, lesson=lesson).watched_until == 0


def test_seeking_back_keeps_the_frontier(client, lesson):
    user = UserFactory()
    client.force_login(user)
    post(client, lesson, user, seq=0, t=1000, position=0, duration=100)
    age_last_report(user, lesson, 40)
    post(client, lesson, user, seq=1, t=2000, position=40)
    back = post(client, lesson, user, seq=2, t=3000, position=5).json()
    assert back["position"] == 5 and back["watched_until"] == 40


def test_one_row_per_learner_and_lesson(lesson):
    user = UserFactory()
    LessonProgress.objects.create(learner=user, lesson=lesson)
    with pytest.raises(IntegrityError):
        LessonProgress.objects.create(learner=user, lesson=lesson)


def test_client_duration_cannot_shrink_once_set(client, lesson):
    user = UserFactory()
    client.force_login(user)
    post(client, lesson, user, seq=0, t=1000, position=0, duration=100)
    post(client, lesson, user, seq=1, t=2000, position=1, duration=2)
    assert LessonProgress.objects.get(learner=user, lesson=lesson).duration_seconds == 100


@pytest.mark.skipif(not __import__("os").environ.get("REDIS_URL"), reason="the queued path needs Redis (REDIS_URL)")
def test_queued_ticks_are_applied_with_their_receive_time(client, lesson, settings):
    from courses import progress_queue
    from courses.tasks import apply_queued_progress

    settings.COURSES_PROGRESS_QUEUE = True
    progress_queue.client().delete(progress_queue.KEY)
    user = UserFactory()
    client.force_login(user)
    first = post(client, lesson, user, seq=0, t=1000, position=0, duration=100)
    assert first.status_code == 202 and first.json()["reason"] == "queued"
    assert not LessonProgress.objects.exists()  # nothing written in the request
    post(client, lesson, user, seq=1, t=2000, position=90)  # forged jump, queued
    post(client, lesson, user, seq=1, t=2000, position=90)  # replay, queued
    apply_queued_progress()
    row = LessonProgress.objects.get(learner=user, lesson=lesson)
    assert row.reports == 2 and row.last_seq == 1
    assert row.watched_until <= services.TOLERANCE_SECONDS + 1 and row.completed_at is None
    # a forged token is refused before anything is queued
    bad = client.post(reverse("courses:progress", args=[lesson.pk]), json.dumps(
        {"token": "x", "seq": 5, "t": 9000, "position": 1}), content_type="text/plain")
    assert bad.status_code == 403 and progress_queue.client().llen(progress_queue.KEY) == 0
