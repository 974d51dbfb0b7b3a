"""Read-side queries: what a learner sees on course, lesson and my-learning pages."""

from urllib.parse import quote

from django.core import signing
from django.urls import reverse

from .models import Certificate, Enrolment, LessonPage, LessonProgress

BEACON_SALT = "courses.progress-beacon"
BEACON_MAX_AGE = 24 * 3600


def beacon_token(user_id: int, lesson_id: int) -> str:
    """Proof, carried in the beacon body, that the report comes from the lesson page this user
    opened: sendBeacon cannot send the CSRF header, so this token stands in for it."""
    return signing.dumps([user_id, lesson_id], salt=BEACON_SALT, compress=False)


def beacon_token_user(token, lesson_id: int):
    """The user id the token was issued to for this lesson, or None."""
    try:
        user_id, token_lesson = signing.loads(token, salt=BEACON_SALT, max_age=BEACON_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return user_id if token_lesson == lesson_id and isinstance(user_id, int) else None


def beacon_token_valid(token, user_id: int, lesson_id: int) -> bool:
    try:
        return signing.loads(token, salt=BEACON_SALT, max_age=BEACON_MAX_AGE) == [user_id, lesson_id]
    except (signing.BadSignature, TypeError, ValueError):
        return False


def course_state(user, course, lessons):
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(learner=user, lesson__in=[l.pk for l in lessons])}
    enrolment = Enrolment.objects.filter(learner=user, course=course).select_related("last_lesson").first()
    certificate = Certificate.objects.filter(learner=user, course=course).first()
    rows = [(lesson, progress.get(lesson.pk)) for lesson in lessons]
    done = sum(1 for _l, p in rows if p and p.completed_at)
    return {"lesson_rows": rows, "enrolment": enrolment, "certificate": certificate, "lessons_done": done,
            "continue_lesson": enrolment.last_lesson if enrolment and enrolment.last_lesson_id else None}


def lesson_context(request, lesson: LessonPage):
    course = lesson.get_parent().specific
    siblings = list(course.lessons().only("pk", "title", "url_path", "path"))
    index = next((i for i, s in enumerate(siblings) if s.pk == lesson.pk), 0)
    asset = None
    if lesson.video_id:
        asset = getattr(lesson.video, "video_asset", None)
    context = {
        "course": course,
        "lesson_number": index + 1,
        "lesson_count": len(siblings),
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
        "asset": asset if asset and asset.status == "done" else None,
        "captions": list(lesson.captions.all()),
        "attachments": list(lesson.attachments.select_related("document")),
        "progress": None,
        "quiz": lesson.quiz if lesson.quiz_id else None,
    }
    if context["quiz"] is not None:
        context["quiz_url"] = reverse("quiz:take", args=[context["quiz"].slug]) + "?next=" + quote(lesson.get_url(request))
    if request.user.is_authenticated:
        progress = LessonProgress.objects.filter(learner=request.user, lesson=lesson).first()
        context["progress"] = progress
        context["beacon"] = {
            "url": reverse("courses:progress", args=[lesson.pk]),
            "token": beacon_token(request.user.pk, lesson.pk),
            "seq": (progress.last_seq + 1) if progress else 0,
            "position": progress.position_seconds if progress else 0,
        }
        context["certificate"] = Certificate.objects.filter(learner=request.user, course=course).first()
    return context


def my_learning(user):
    enrolments = list(Enrolment.objects.filter(learner=user).select_related("course", "last_lesson")
                      .order_by("completed_at", "-last_activity_at"))
    certificates = {c.course_id: c for c in Certificate.objects.filter(learner=user)}
    rows = []
    for enrolment in enrolments:
        counted = list(enrolment.course.specific.counted_lessons().values_list("pk", flat=True))
        done = LessonProgress.objects.filter(learner=user, lesson_id__in=counted, completed_at__isnull=False).count()
        resume = enrolment.last_lesson or enrolment.course.specific.lessons().first()
        rows.append({"enrolment": enrolment, "course": enrolment.course, "done": done, "total": len(counted),
                     "percent": int(done * 100 / len(counted)) if counted else 0, "resume": resume,
                     "certificate": certificates.get(enrolment.course_id)})
    return rows
