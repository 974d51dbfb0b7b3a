import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from accounts.models import AudienceGroup
from contest.models import ContestPage, Entrant, Round, RoundQuota
from quiz.models import Category, Choice, Question
from tests.accounts.factories import CommuneFactory, UserFactory  # noqa: F401


def home_page():
    from portal import demo
    from portal.models import HomePage

    vi = Locale.objects.get_or_create(language_code="vi")[0]
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        demo.seed(None)
        home = HomePage.objects.get(locale=vi)
    return home


def make_contest(**fields) -> ContestPage:
    home = home_page()
    defaults = dict(title="Công dân số thử", slug=f"cuoc-thi-thu-{ContestPage.objects.count() + 1}",
                    intro="Cuộc thi thử.", organiser="Sở Khoa học và Công nghệ", grace_seconds=30)
    defaults.update(fields)
    page = home.add_child(instance=ContestPage(**defaults))
    page.save_revision().publish()
    return ContestPage.objects.get(pk=page.pk)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    slug = factory.Sequence(lambda n: f"chu-de-{n}")


def make_question(category, *, kind=Question.Kind.SINGLE, correct=(0,), options=4, text=None):
    question = Question.objects.create(category=category, kind=kind, text=text or f"Câu hỏi thử {Question.objects.count() + 1}?")
    for i in range(options):
        Choice.objects.create(question=question, text=f"Phương án {i + 1}", is_correct=i in correct, position=i)
    return question


def make_bank(category=None, n=10):
    category = category or CategoryFactory()
    return category, [make_question(category) for _i in range(n)]


def make_round(contest, *, category=None, count=5, number=None, status=Round.Status.OPEN, **fields) -> Round:
    now = timezone.now()
    defaults = dict(number=number or contest.rounds.count() + 1, title=f"Đợt {contest.rounds.count() + 1}",
                    opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=6),
                    time_limit_seconds=600, max_attempts=2, status=status)
    defaults.update(fields)
    round = Round.objects.create(contest=contest, **defaults)
    if category is None:
        category, _qs = make_bank(n=max(count, 10))
    RoundQuota.objects.create(round=round, category=category, count=count)
    return round


def entrant_data(**fields):
    data = dict(full_name="Nguyễn Văn An", phone="0912 345 678", date_of_birth=dt.date(1990, 5, 1),
                workplace="UBND xã", audience_group=AudienceGroup.CIVIL_SERVANT, citizen_id="")
    data.update(fields)
    return data


_phone_seq = iter(range(1, 10**6))


def make_entrant(contest, *, user=None, commune=None, **fields) -> Entrant:
    from contest.services import entrant_register

    user = user or UserFactory()
    data = entrant_data(phone=f"0913{next(_phone_seq):06d}", **fields)
    data["commune"] = commune or CommuneFactory()
    return entrant_register(contest=contest, user=user, consent=True, **data)


def make_result(round, *, score, duration_ms=60_000, prediction=None, submitted_at=None, entrant=None,
                commune=None, **entrant_fields):
    """A closed attempt and its result with chosen figures (rankings are about those figures)."""
    from contest.models import Attempt, RoundResult

    entrant = entrant or make_entrant(round.contest, commune=commune, **entrant_fields)
    submitted_at = submitted_at or timezone.now()
    number = Attempt.objects.filter(entrant=entrant, round=round).count() + 1
    attempt = Attempt.objects.create(
        entrant=entrant, round=round, number=number, started_at=submitted_at - dt.timedelta(milliseconds=duration_ms),
        deadline=submitted_at, submitted_at=submitted_at, status="submitted", score=score, max_score=10,
        correct_count=score, duration_ms=duration_ms, prediction=prediction, submit_key="k")
    return RoundResult.objects.create(
        round=round, entrant=entrant, attempt=attempt, score=score, max_score=10, duration_ms=duration_ms,
        prediction=prediction, submitted_at=submitted_at, commune=entrant.commune, workplace=entrant.workplace,
        audience_group=entrant.audience_group)
