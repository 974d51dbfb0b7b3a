"""seed_contest: a realistic contest, N entrants over the communes, idempotent, consistent ranks."""

import csv
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import AdministrativeUnit, User
from accounts.phone import normalize_phone
from contest.management.commands.seed_contest import BANK_FILE
from contest.models import Attempt, ContestPage, Entrant, Prize, Round, RoundResult
from contest.services import normalize_citizen_id, ranking_final
from quiz.models import Choice, Question

pytestmark = pytest.mark.django_db


def seed(n=300, **kw):
    call_command("seed_contest", entries=n, verbosity=0, **kw)
    return ContestPage.objects.get(slug=kw.get("contest", "cong-dan-so-dong-nai"))


def test_question_bank_file_has_300_varied_questions_in_the_template_columns():
    with open(BANK_FILE, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == ["ma_cau_hoi", "chu_de", "chu_de_con", "loai", "do_kho", "noi_dung"] + [
        f"phuong_an_{i}" for i in range(1, 7)] + ["dap_an_dung", "giai_thich", "dang_dung"]
    assert len(rows) >= 300
    assert len({r["noi_dung"] for r in rows}) == len(rows)
    assert len({r["ma_cau_hoi"] for r in rows}) == len(rows)
    kinds = Counter(r["loai"] for r in rows)
    assert kinds["mot_lua_chon"] and kinds["nhieu_lua_chon"] and kinds["dung_sai"]
    assert len({r["chu_de"] for r in rows}) >= 7
    for r in rows:
        if r["loai"] == "dung_sai":
            assert r["dap_an_dung"] in ("dung", "sai")
        else:
            options = [r[f"phuong_an_{i}"] for i in range(1, 7) if r[f"phuong_an_{i}"]]
            answers = [int(a) for a in r["dap_an_dung"].split(";")]
            assert all(1 <= a <= len(options) for a in answers), r["ma_cau_hoi"]
            assert (len(answers) == 1) == (r["loai"] == "mot_lua_chon"), r["ma_cau_hoi"]


def test_seed_creates_contest_rounds_bank_and_entrants():
    contest = seed(300)
    rounds = list(contest.rounds.order_by("number"))
    assert [r.status for r in rounds] == [Round.Status.FINALISED, Round.Status.OPEN, Round.Status.DRAFT]
    assert all(r.question_count == 10 for r in rounds)
    assert Question.objects.filter(external_id__isnull=False).count() >= 300
    single = Question.objects.filter(kind=Question.Kind.SINGLE).first()
    assert Choice.objects.filter(question=single, is_correct=True).count() == 1
    assert Entrant.objects.filter(contest=contest).count() == 300
    assert RoundResult.objects.filter(round=rounds[0]).count() == 300
    assert Attempt.objects.filter(round=rounds[0], status=Attempt.Status.SUBMITTED).count() == 300
    assert 0 < RoundResult.objects.filter(round=rounds[1]).count() < 300  # about half took the open round
    assert Prize.objects.filter(contest=contest, round=rounds[0]).count() == 16  # 1 + 2 + 3 + 10


def test_entrants_are_plausible_and_spread_over_communes_and_audiences():
    contest = seed(400)
    entrants = list(Entrant.objects.filter(contest=contest))
    communes = AdministrativeUnit.objects.filter(level="commune", parent__code="75").count()
    assert communes == 95
    assert len({e.commune_id for e in entrants}) > 60
    assert len({e.audience_group for e in entrants}) >= 6
    assert len({e.phone for e in entrants}) == 400
    for e in entrants[:100]:
        assert normalize_phone(e.phone) == e.phone
        assert len(e.full_name.split()) >= 3
        if e.citizen_id:
            assert normalize_citizen_id(e.citizen_id, e.date_of_birth) == e.citizen_id


def test_final_ranks_equal_what_the_ranking_service_computes():
    contest = seed(250)
    round = contest.rounds.get(number=1)
    stored = list(RoundResult.objects.filter(round=round).order_by("final_rank").values_list("pk", flat=True))
    round.status = Round.Status.CLOSED  # the service's order before finalisation
    assert list(ranking_final(round).values_list("pk", flat=True)) == stored
    assert RoundResult.objects.filter(round=round, prediction_error__isnull=True).count() == 0


def test_rerun_replaces_the_synthetic_rows():
    seed(200)
    contest = seed(120)
    assert Entrant.objects.filter(contest=contest).count() == 120
    assert User.objects.filter(email__endswith="@seed.invalid").count() == 120
    assert ContestPage.objects.filter(slug="cong-dan-so-dong-nai").count() == 1
    assert contest.rounds.count() == 3
    assert Question.objects.filter(external_id="CDS-001").count() == 1


def test_two_seeded_contests_do_not_touch_each_other():
    seed(50)
    other = seed(30, contest="cuoc-thi-thu-tai")
    first = ContestPage.objects.get(slug="cong-dan-so-dong-nai")
    assert Entrant.objects.filter(contest=first).count() == 50
    assert Entrant.objects.filter(contest=other).count() == 30


def test_bad_arguments_are_refused_in_vietnamese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--entries"):
        call_command("seed_contest", entries=-1, verbosity=0)
    assert not ContestPage.objects.exists()
