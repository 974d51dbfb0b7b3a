import json
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import progress_queue, selectors, services
from .models import Certificate, LessonCaption, LessonPage

MAX_BODY = 2048
MAX_SEQ = 2**53
MAX_POSITION = services.MAX_DURATION_SECONDS


def _error(message, status=400):
    return JsonResponse({"accepted": False, "error": message}, status=status)


def _number(value, *, low, high, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if integer and not isinstance(value, int):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if low <= value <= high else None


@csrf_exempt  # sendBeacon cannot send the CSRF header; the signed per-user, per-lesson token replaces it
@require_POST
def progress_beacon(request, lesson_id):
    """Player reports: JSON {token, seq, t (client ms), position, event, duration?}."""
    if len(request.body) > MAX_BODY:
        return _error(_("Báo cáo quá lớn."), status=413)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(_("Dữ liệu không phải JSON hợp lệ."))
    if not isinstance(data, dict):
        return _error(_("Dữ liệu không phải JSON hợp lệ."))
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return _error(_("Cần đăng nhập để lưu tiến độ."), status=403)
    # The signed token names the user and lesson the page was rendered for (it is only ever put in
    # a logged-in learner's own lesson page); it stands in for the CSRF header sendBeacon lacks.
    user_id = selectors.beacon_token_user(data.get("token"), lesson_id)
    if user_id is None:
        return _error(_("Phiên xem bài đã hết hạn, hãy tải lại trang."), status=403)
    seq = _number(data.get("seq"), low=0, high=MAX_SEQ, integer=True)
    client_ms = _number(data.get("t"), low=1, high=MAX_SEQ, integer=True)
    position = _number(data.get("position"), low=0, high=MAX_POSITION)
    event = data.get("event", "tick")
    duration = data.get("duration")
    if seq is None or client_ms is None or position is None:
        return _error(_("Thiếu hoặc sai số thứ tự, thời điểm hay vị trí xem."))
    if event not in services.EVENTS:
        return _error(_("Loại sự kiện không hợp lệ."))
    if duration is not None:
        duration = _number(duration, low=0, high=MAX_POSITION)
        if duration is None:
            return _error(_("Thời lượng video không hợp lệ."))
    if event == "tick" and progress_queue.enabled():
        # Ticks, the bulk of the traffic, touch neither the session nor the database here: the
        # token proves user and lesson, and the worker re-checks both before applying.
        progress_queue.push(user_id=user_id, lesson_id=lesson_id, position=float(position), seq=seq,
                            client_ms=client_ms, event=event, duration=duration)
        return JsonResponse({"accepted": True, "reason": "queued"}, status=202)
    if not request.user.is_authenticated or request.user.pk != user_id:
        return _error(_("Cần đăng nhập để lưu tiến độ."), status=403)
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return _error(_("Không tìm thấy bài học."), status=404)
    result = services.progress_report(learner=request.user, lesson=lesson, position=float(position), seq=seq,
                                      client_ms=client_ms, event=event, duration=duration)
    row = result.progress
    return JsonResponse({
        "accepted": result.accepted, "reason": result.reason, "position": row.position_seconds,
        "watched_until": row.watched_until, "watched_percent": row.watched_percent,
        "lesson_completed": result.lesson_completed, "course_completed": result.course_completed,
    })


@login_required
@require_POST
def mark_read(request, lesson_id):
    """The no-JavaScript form "Tôi đã đọc xong" of text lessons."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if lesson.completion_rule != LessonPage.CompletionRule.READ:
        return HttpResponse(_("Bài học này hoàn thành bằng cách xem video hoặc làm bài kiểm tra."), status=400,
                            content_type="text/plain; charset=utf-8")
    result = services.mark_read(learner=request.user, lesson=lesson)
    if result.course_completed:
        messages.success(request, _("Chúc mừng! Bạn đã hoàn thành khóa học và nhận giấy chứng nhận."))
    else:
        messages.success(request, _("Đã ghi nhận bạn đọc xong bài này."))
    return redirect(lesson.get_url(request))


@require_GET
def caption_vtt(request, caption_id):
    caption = get_object_or_404(LessonCaption.objects.select_related("file"), pk=caption_id)
    if not caption.lesson.live:
        raise Http404
    response = HttpResponse(caption.vtt_text(), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
@require_GET
def certificate_pdf(request, code):
    """The learner's own certificate as PDF; rendered now if the Celery job has not run yet."""
    certificate = Certificate.objects.filter(code=code, learner=request.user).first()
    if certificate is None:
        raise Http404
    if not certificate.pdf:
        from .certificates import render_pdf

        render_pdf(certificate)
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=f"chung-nhan-{certificate.code}.pdf",
                        content_type="application/pdf")


@require_GET
def verify(request, code):
    """Public: name, course and date of a certificate, nothing more."""
    certificate = Certificate.objects.filter(code=code).only("code", "learner_name", "course_title", "issued_at").first()
    status = 200 if certificate else 404
    response = render(request, "courses/verify.html", {"certificate": certificate, "code": code,
                                                        "page_title": _("Kiểm tra giấy chứng nhận")}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def my_learning(request):
    return render(request, "courses/my_learning.html", {"rows": selectors.my_learning(request.user),
                                                        "page_title": _("Việc học của tôi")})
