"""Public pages: the list of quizzes, taking one (plain forms, one question a page), the result,
and the person's progress. The server draws and grades; a page shows whether a choice is right
only after the answer is recorded."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import CategoryProgress, Question, Quiz, Sitting
from .services import QuizError, answers_with_choices, quiz_visible_to, sitting_answer, sitting_finish, sitting_start


def safe_next(request) -> str:
    """The ?next= address to return to after the result, if it points at this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if ok else ""


def _with_next(url, next_url, **params):
    if next_url:
        params["next"] = next_url
    return f"{url}?{urlencode(params)}" if params else url


def _visible_quiz(request, slug) -> Quiz:
    quiz = get_object_or_404(Quiz, slug=slug)
    if not quiz_visible_to(quiz, request.user):
        raise Http404
    return quiz


@login_required
def quiz_list(request):
    quizzes = (Quiz.objects.filter(draft=False)
               .annotate(question_count=Count("quiz_questions", filter=Q(quiz_questions__question__is_active=True)))
               .filter(question_count__gt=0))
    finished = {}
    for sitting in Sitting.objects.filter(user=request.user, finished_at__isnull=False).order_by("finished_at"):
        finished[sitting.quiz_id] = sitting  # the latest one wins
    rows = [(quiz, finished.get(quiz.pk)) for quiz in quizzes]
    return render(request, "quiz/quiz_list.html", {"rows": rows, "page_title": _("Bài kiểm tra")})


@login_required
def take(request, slug):
    quiz = _visible_quiz(request, slug)
    next_url = safe_next(request)
    try:
        sitting = sitting_start(quiz=quiz, user=request.user)
    except QuizError as error:
        last = Sitting.objects.filter(quiz=quiz, user=request.user, finished_at__isnull=False).first()
        return render(request, "quiz/refused.html", {"quiz": quiz, "message": error.message, "last": last,
                                                     "page_title": quiz.title}, status=409)
    answers = answers_with_choices(sitting)
    by_position = {a.position: a for a in answers}
    error = None

    if request.method == "POST":
        try:
            answer = sitting_answer(sitting=sitting, question_id=request.POST.get("question"),
                                    choice_ids=request.POST.getlist("choice"), text=request.POST.get("text", ""))
        except QuizError as exc:
            error = exc.message
            current = next((a for a in answers if str(a.question_id) == request.POST.get("question")), None)
        else:
            if quiz.answers_at_end:
                following = next((a for a in answers if a.position > answer.position and not a.is_answered), None)
                following = following or next((a for a in answers if not a.is_answered and a.pk != answer.pk), None)
                params = {"cau": following.position} if following else {"xong": 1}
                return redirect(_with_next(reverse("quiz:take", args=[slug]), next_url, **params))
            return redirect(_with_next(reverse("quiz:take", args=[slug]), next_url, xem=answer.position))
    else:
        current = None

    feedback = None
    if request.method == "GET" and not quiz.answers_at_end and request.GET.get("xem", "").isdigit():
        feedback = by_position.get(int(request.GET["xem"]))
        if feedback and not feedback.is_answered:
            feedback = None
    if current is None and feedback is None:
        wanted = request.GET.get("cau", "")
        if quiz.answers_at_end and wanted.isdigit() and int(wanted) in by_position:
            current = by_position[int(wanted)]
        elif "xong" not in request.GET:
            current = next((a for a in answers if not a.is_answered), None)

    context = {
        "quiz": quiz, "sitting": sitting, "answers": answers, "current": current, "feedback": feedback,
        "error": error, "next": next_url, "page_title": quiz.title,
        "answered_count": sum(1 for a in answers if a.is_answered),
        "more_to_answer": any(not a.is_answered for a in answers),
        "Kind": Question.Kind,
    }
    return render(request, "quiz/take.html", context, status=400 if error else 200)


@login_required
@require_POST
def finish(request, slug):
    quiz = _visible_quiz(request, slug)
    sitting = Sitting.objects.filter(quiz=quiz, user=request.user, finished_at__isnull=True).first()
    if sitting is None:
        # Finished already (a second click): show the latest result.
        sitting = Sitting.objects.filter(quiz=quiz, user=request.user).first()
        if sitting is None:
            raise Http404
    sitting = sitting_finish(sitting=sitting)
    return redirect(_with_next(reverse("quiz:result", args=[sitting.pk]), safe_next(request)))


@login_required
def result(request, sitting_id):
    sitting = get_object_or_404(Sitting.objects.select_related("quiz", "user"), pk=sitting_id,
                                finished_at__isnull=False)
    if sitting.user_id != request.user.pk and not request.user.has_perm("quiz.mark_essay"):
        raise Http404  # another person's paper: not even its existence is shown
    answers = answers_with_choices(sitting)
    context = {
        "sitting": sitting, "quiz": sitting.quiz, "answers": answers, "next": safe_next(request),
        "pending": any(a.is_correct is None for a in answers), "Kind": Question.Kind,
        "page_title": _("Kết quả: %(quiz)s") % {"quiz": sitting.quiz.title},
    }
    return render(request, "quiz/result.html", context)


@login_required
def progress(request):
    categories = (CategoryProgress.objects.filter(user=request.user, total__gt=0)
                  .select_related("category", "category__parent").order_by("category__name"))
    sittings = (Sitting.objects.filter(user=request.user, finished_at__isnull=False)
                .select_related("quiz").annotate(kept=Count("answers")).order_by("-finished_at")[:100])
    return render(request, "quiz/progress.html", {"categories": categories, "sittings": sittings,
                                                  "page_title": _("Tiến độ của tôi")})
