"""The fast path for periodic player reports ("tick"): with Redis, the request only checks the
signed token and appends the report to a Redis list; a Celery beat job applies queued reports in
batches through services.progress_report (one transaction with select_for_update each), using
the time the server RECEIVED each report, so the wall-clock cap is the same as if it had been
applied at once. Pause, end and page-hide reports, which the learner waits on, stay synchronous.
Order is safe either way: a late tick has a lower sequence number and is ignored."""

import json
import logging

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)
KEY = "courses:progress-queue"
BATCH = 1000
_client = None


def enabled() -> bool:
    flag = getattr(settings, "COURSES_PROGRESS_QUEUE", None)
    if flag is not None:
        return bool(flag)
    return bool(settings.REDIS_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def client():
    global _client
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL)
    return _client


def push(*, user_id, lesson_id, position, seq, client_ms, event, duration):
    item = {"u": user_id, "l": lesson_id, "p": position, "s": seq, "t": client_ms, "e": event, "d": duration,
            "r": timezone.now().timestamp()}
    client().rpush(KEY, json.dumps(item, separators=(",", ":")))


def drain(limit=50_000) -> int:
    """Apply queued reports, oldest first; returns how many were taken off the queue."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from . import services
    from .models import LessonPage

    done = 0
    users, lessons = {}, {}
    while done < limit:
        pipe = client().pipeline()
        pipe.lrange(KEY, 0, BATCH - 1)
        pipe.ltrim(KEY, BATCH, -1)
        items, _ = pipe.execute()
        if not items:
            break
        for raw in items:
            done += 1
            try:
                item = json.loads(raw)
                user = users.get(item["u"]) or get_user_model().objects.filter(pk=item["u"], is_active=True).first()
                lesson = lessons.get(item["l"]) or LessonPage.objects.live().filter(pk=item["l"]).first()
                if user is None or lesson is None:
                    continue
                users[user.pk], lessons[lesson.pk] = user, lesson
                services.progress_report(
                    learner=user, lesson=lesson, position=float(item["p"]), seq=int(item["s"]),
                    client_ms=int(item["t"]), event=item["e"], duration=item["d"],
                    now=dt.datetime.fromtimestamp(item["r"], tz=dt.timezone.utc))
            except (ValueError, KeyError, TypeError):
                log.warning("dropped a malformed queued progress report")
            except Exception:  # one bad report must not strand the rest of the batch
                log.exception("could not apply a queued progress report")
    return done
