"""What learners do: open lessons (enrolment), report progress, finish reading, pass quizzes,
complete courses and receive certificates. Each write runs in one transaction and locks the
learner's progress row, so concurrent reports of one learner cannot interleave."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import Certificate, CoursePage, Enrolment, LessonPage, LessonProgress, ProgressEvent

# Seconds a report may run ahead of the wall clock (network jitter, timer granularity).
TOLERANCE_SECONDS = 3.0
MAX_DURATION_SECONDS = 6 * 3600
EVENTS = ("tick", "play", "pause", "ended", "hidden", "seek")


@dataclass
class ReportResult:
    accepted: bool
    reason: str
    progress: LessonProgress
    lesson_completed: bool = False
    course_completed: bool = False


def lesson_opened(*, learner, lesson: LessonPage) -> Enrolment:
    """Enrol on the lesson's course the first time any of its lessons is opened; remember the
    lesson as the place to continue from."""
    course = lesson.get_parent().specific
    now = timezone.now()
    enrolment, _created = _get_or_create(Enrolment, learner=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=now)
    return enrolment


def _get_or_create(model, **lookup):
    """get_or_create that survives two first requests racing on the unique constraint."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**lookup)
    except IntegrityError:
        return model.objects.get(**lookup), False


def server_duration(lesson: LessonPage):
    if lesson.video_id:
        asset = getattr(lesson.video, "video_asset", None)
        if asset and asset.duration_seconds:
            return asset.duration_seconds
        if lesson.video.duration:
            return float(lesson.video.duration)
    return None


def progress_report(*, learner, lesson: LessonPage, position: float, seq: int, client_ms: int,
                    event: str = "tick", duration: float | None = None, now=None) -> ReportResult:
    """Apply one player report. Replays (a sequence number already seen) and reports older than
    the last accepted one are ignored. The watched frontier advances by at most the wall-clock
    time since the last accepted report plus TOLERANCE_SECONDS, whatever position is claimed.
    `now` is when the server received the report (queued ticks are applied a little later)."""
    now = now or timezone.now()
    with transaction.atomic():
        _relaxed_commit()
        row = _locked_row(learner, lesson)
        if seq <= row.last_seq:
            return _ignored(row, seq, event, position, "replay")
        if client_ms <= row.last_client_ms:
            return _ignored(row, seq, event, position, "out_of_order")
        if lesson.video_id:
            # An uploaded video: only the server's measurement (ffmpeg) counts, read once per row.
            if not row.duration_seconds:
                row.duration_seconds = server_duration(lesson)
        elif duration and not row.duration_seconds and 0 < duration <= MAX_DURATION_SECONDS:
            # An embed, whose length the server cannot measure: the player's figure, set once.
            row.duration_seconds = duration
        elapsed = (now - row.last_report_at).total_seconds() if row.last_report_at else 0.0
        if elapsed < 0:  # received before the last accepted report: stale
            return _ignored(row, seq, event, position, "out_of_order")
        allowed = row.watched_until + max(elapsed, 0.0) + TOLERANCE_SECONDS
        position = max(0.0, position)
        if row.duration_seconds:
            position = min(position, row.duration_seconds)
        capped = min(position, allowed)
        reason = "capped" if capped < position else "ok"
        row.watched_until = max(row.watched_until, capped)
        if event == "ended" and row.duration_seconds and row.duration_seconds - row.watched_until <= TOLERANCE_SECONDS:
            row.watched_until = row.duration_seconds
        row.position_seconds = 0.0 if event == "ended" else capped
        row.last_seq, row.last_client_ms, row.last_report_at = seq, client_ms, now
        row.reports += 1
        newly = _refresh_completion(row, lesson, now)
        row.save()
        _log(row, seq, event, position, True, reason)
        course_done = _refresh_course(learner, lesson) if newly else False
    return ReportResult(True, reason, row, lesson_completed=row.completed_at is not None, course_completed=course_done)


def _relaxed_commit():
    """Player reports arrive every few seconds and each supersedes the last: on PostgreSQL, do
    not wait for the WAL flush at commit (a crash may lose the last instant of reports, never
    consistency). This is what lets one server take thousands of learners at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _locked_row(learner, lesson) -> LessonProgress:
    """The learner's row for the lesson, locked for this transaction; created on first use."""
    row = LessonProgress.objects.select_for_update().filter(learner=learner, lesson=lesson).first()
    if row is None:
        try:
            with transaction.atomic():
                LessonProgress.objects.create(learner=learner, lesson=lesson)
        except IntegrityError:  # another request created it first
            pass
        row = LessonProgress.objects.select_for_update().get(learner=learner, lesson=lesson)
    return row


def _ignored(row, seq, event, position, reason):
    _log(row, seq, event, position, False, reason)
    return ReportResult(False, reason, row, lesson_completed=row.completed_at is not None)


def _log(row, seq, event, position, accepted, reason):
    if getattr(settings, "COURSES_KEEP_PROGRESS_EVENTS", False):
        ProgressEvent.objects.create(progress=row, seq=seq, event=event, position_seconds=position,
                                     accepted=accepted, reason=reason)


def rule_met(row: LessonProgress, lesson: LessonPage) -> bool:
    Rule = LessonPage.CompletionRule
    watched = bool(row.duration_seconds) and row.watched_until >= row.duration_seconds * lesson.watch_percent / 100 - 0.01
    quiz = row.quiz_passed_at is not None
    return {
        Rule.WATCH: watched,
        Rule.QUIZ: quiz,
        Rule.WATCH_AND_QUIZ: watched and quiz,
        Rule.READ: row.read_at is not None,
    }.get(lesson.completion_rule, False)


def _refresh_completion(row, lesson, now) -> bool:
    """Mark the row complete if the rule is met now; True when it just became complete."""
    if row.completed_at is None and rule_met(row, lesson):
        row.completed_at = now
        return True
    return False


def mark_read(*, learner, lesson: LessonPage) -> ReportResult:
    """The no-JavaScript path: "Tôi đã đọc xong" on a text lesson."""
    now = timezone.now()
    lesson_opened(learner=learner, lesson=lesson)
    _get_or_create(LessonProgress, learner=learner, lesson=lesson)
    with transaction.atomic():
        row = LessonProgress.objects.select_for_update().get(learner=learner, lesson=lesson)
        if row.read_at is None:
            row.read_at = now
        newly = _refresh_completion(row, lesson, now)
        row.save()
        course_done = _refresh_course(learner, lesson) if newly else False
    return ReportResult(True, "ok", row, lesson_completed=row.completed_at is not None, course_completed=course_done)


def quiz_passed(*, learner, lesson: LessonPage) -> ReportResult:
    now = timezone.now()
    lesson_opened(learner=learner, lesson=lesson)
    _get_or_create(LessonProgress, learner=learner, lesson=lesson)
    with transaction.atomic():
        row = LessonProgress.objects.select_for_update().get(learner=learner, lesson=lesson)
        if row.quiz_passed_at is None:
            row.quiz_passed_at = now
        newly = _refresh_completion(row, lesson, now)
        row.save()
        course_done = _refresh_course(learner, lesson) if newly else False
    return ReportResult(True, "ok", row, lesson_completed=row.completed_at is not None, course_completed=course_done)


def sitting_passes_lesson(sitting, lesson: LessonPage) -> bool:
    if lesson.quiz_pass_mark is not None:
        if not sitting.max_score:
            return False
        return sitting.score * 100 >= lesson.quiz_pass_mark * sitting.max_score
    return bool(sitting.passed)


def on_sitting_finished(sender, sitting, **kwargs):
    """quiz.signals.sitting_finished: a passed sitting of a lesson's quiz counts for that lesson."""
    for lesson in LessonPage.objects.live().filter(quiz_id=sitting.quiz_id):
        if sitting_passes_lesson(sitting, lesson):
            quiz_passed(learner=sitting.user, lesson=lesson)


def course_complete_for(learner, course: CoursePage) -> bool:
    counted = list(course.counted_lessons().values_list("pk", flat=True))
    if not counted:
        return False
    done = LessonProgress.objects.filter(learner=learner, lesson_id__in=counted, completed_at__isnull=False).count()
    return done == len(counted)


def _refresh_course(learner, lesson) -> bool:
    """After a lesson completes: complete the enrolment and issue the certificate if the course
    is now complete. Returns True when the course just became complete."""
    course = lesson.get_parent().specific
    if not course_complete_for(learner, course):
        return False
    now = timezone.now()
    _get_or_create(Enrolment, learner=learner, course=course)
    updated = Enrolment.objects.filter(learner=learner, course=course, completed_at__isnull=True).update(completed_at=now)
    if updated:
        certificate_issue(learner=learner, course=course)
    return bool(updated)


def new_certificate_code() -> str:
    return secrets.token_urlsafe(16)


def certificate_issue(*, learner, course: CoursePage) -> Certificate:
    existing = Certificate.objects.filter(learner=learner, course=course).first()
    if existing:
        return existing
    name = learner.get_full_name() or str(learner)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(learner=learner, course=course, code=new_certificate_code(),
                                                         learner_name=name, course_title=course.title)
            break
        except IntegrityError:
            existing = Certificate.objects.filter(learner=learner, course=course).first()
            if existing:
                return existing
    else:  # five collisions of 128-bit random codes: something is badly wrong
        raise RuntimeError("could not allocate a unique certificate code")
    from .tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.delay(certificate.pk))
    return certificate
