"""`manage.py seed_contest --entries N [--contest SLUG]`: a realistic contest for demos and load
tests. It loads the question bank (contest/data/question_bank.csv, 300+ questions), creates the
contest page with three rounds (one finalised, one open, one to come) and N synthetic entrants
spread over the province's communes and audience groups, each with a submitted attempt and result in
the finalised round and, for a share of them, in the open round.

Bulk paths: PostgreSQL COPY (psycopg 3, `cursor.copy`) in batches, executemany on SQLite; ids are
reserved up front so rows of different tables can refer to each other without a round trip. A
million entries load in a few minutes. Re-running is safe: the contest's entrants, attempts,
results and prizes and its synthetic users (e-mail seed-<slug>-<n>@seed.invalid) are removed first,
so the seeded contest is for demos and benchmarks only, never for a real contest."""

import csv
import datetime as dt
import itertools
import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import AdministrativeUnit, AudienceGroup, User
from quiz.models import Category, Choice, Question

from ...models import Attempt, AttemptAnswer, ContestPage, Entrant, ExportRecord, Prize, Round, RoundQuota, RoundResult

BANK_FILE = Path(__file__).resolve().parents[2] / "data" / "question_bank.csv"
SEED_DOMAIN = "seed.invalid"
DEFAULT_SLUG = "cong-dan-so-dong-nai"
FINAL_STAGING = "seed_contest_final_results"

KINDS = {"mot_lua_chon": Question.Kind.SINGLE, "nhieu_lua_chon": Question.Kind.MULTIPLE,
         "dung_sai": Question.Kind.TRUE_FALSE, "tu_luan": Question.Kind.ESSAY}
DIFFICULTY = {"de": 1, "trung_binh": 2, "kho": 3}

# Ten questions per round, drawn per topic (category names as in the bank's chu_de column).
ROUND_PLANS = [
    ("Đợt 1: Chuyển đổi số và dịch vụ công", -21, -14, 1, {
        "Chuyển đổi số": 2, "Dịch vụ công trực tuyến": 2, "VNeID và định danh điện tử": 2,
        "Thanh toán không dùng tiền mặt": 1, "An toàn trên mạng và phòng chống lừa đảo": 2,
        "Trí tuệ nhân tạo (AI)": 1}),
    ("Đợt 2: Kỹ năng số và an toàn trên mạng", -7, 7, 2, {
        "Kỹ năng số cơ bản": 2, "An toàn trên mạng và phòng chống lừa đảo": 3,
        "Thanh toán không dùng tiền mặt": 2, "Trí tuệ nhân tạo (AI)": 2, "VNeID và định danh điện tử": 1}),
    ("Đợt 3: Trí tuệ nhân tạo và công dân số", 14, 21, 2, {
        "Dịch vụ công trực tuyến": 3, "Chuyển đổi số": 2, "Trí tuệ nhân tạo (AI)": 2,
        "An toàn trên mạng và phòng chống lừa đảo": 2, "Kỹ năng số cơ bản": 1}),
]
PREDICTION = "Theo bạn, có bao nhiêu người tham gia đợt thi này?"

# Family names roughly by their share in Vietnam; middle and given names by gender.
FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 4), ("Hoàng", 3), ("Phan", 4),
          ("Vũ", 2), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1.5), ("Ngô", 1.5), ("Dương", 1),
          ("Lý", 0.5), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 0.5), ("Tô", 0.3), ("Châu", 0.3),
          ("Điểu", 0.3), ("Thị", 0)]
MIDDLE = {"male": ["Văn", "Minh", "Quốc", "Đức", "Hữu", "Thanh", "Hoàng", "Gia", "Công", "Ngọc", "Trung", "Anh"],
          "female": ["Thị", "Ngọc", "Thanh", "Thu", "Kim", "Minh", "Bảo", "Phương", "Mỹ", "Hồng", "Diệu", "Khánh"]}
GIVEN = {"male": ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
                  "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành",
                  "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Bảo", "Đạt", "Khôi", "Lộc", "Tín"],
         "female": ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
                    "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo",
                    "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Vy", "Yến", "Nhi", "Hiền", "Ly", "Tuyết", "Xuân"]}
AUDIENCE = [(AudienceGroup.CIVIL_SERVANT, 22), (AudienceGroup.DIGITAL_TEAM, 6), (AudienceGroup.STUDENT, 30),
            (AudienceGroup.WORKER, 20), (AudienceGroup.ELDERLY, 5), (AudienceGroup.DISABLED, 1),
            (AudienceGroup.OTHER_ADULT, 16)]
AGE = {AudienceGroup.STUDENT: (15, 23), AudienceGroup.ELDERLY: (60, 80), AudienceGroup.CIVIL_SERVANT: (23, 58),
       AudienceGroup.DIGITAL_TEAM: (20, 60), AudienceGroup.WORKER: (19, 55), AudienceGroup.DISABLED: (18, 65),
       AudienceGroup.OTHER_ADULT: (18, 70)}
SKILL = {AudienceGroup.STUDENT: 0.72, AudienceGroup.CIVIL_SERVANT: 0.78, AudienceGroup.DIGITAL_TEAM: 0.85,
         AudienceGroup.WORKER: 0.62, AudienceGroup.ELDERLY: 0.55, AudienceGroup.DISABLED: 0.6,
         AudienceGroup.OTHER_ADULT: 0.6}
WORKPLACES = {
    AudienceGroup.CIVIL_SERVANT: ["UBND {c}", "Trạm Y tế {c}", "Công an {c}", "Trường Tiểu học {c}",
                                  "Sở Khoa học và Công nghệ", "Trung tâm Phục vụ hành chính công {c}"],
    AudienceGroup.DIGITAL_TEAM: ["Tổ công nghệ số cộng đồng {c}"],
    AudienceGroup.STUDENT: ["Trường THPT {c}", "Trường THCS {c}", "Trường Đại học Đồng Nai",
                            "Trường Cao đẳng Công nghệ cao Đồng Nai", "Trường Đại học Lạc Hồng"],
    AudienceGroup.WORKER: ["Khu công nghiệp Amata", "Khu công nghiệp Nhơn Trạch 3", "Hợp tác xã nông nghiệp {c}",
                           "Khu công nghiệp Long Thành", "Công ty cổ phần cao su Đồng Phú"],
    AudienceGroup.ELDERLY: ["Hội Người cao tuổi {c}", ""],
    AudienceGroup.DISABLED: ["Hội Người khuyết tật {c}", ""],
    AudienceGroup.OTHER_ADULT: ["", "Hộ kinh doanh chợ {c}", "Hội Nông dân {c}", "Hội Liên hiệp phụ nữ {c}"],
}
# Mobile prefixes (after +84) for synthetic numbers: all valid Vietnamese mobile ranges.
PHONE_PREFIXES = ["56", "58", "59", "81", "82", "83", "84", "85", "86", "87"]


def synthetic_phone(j: int) -> str:
    """A distinct valid mobile number for each j < 10**8 (a bijection on the 7 last digits)."""
    return f"+84{PHONE_PREFIXES[j % 10]}{(j // 10) * 7919 % 10**7:07d}"


def ascii_slug(text: str) -> str:
    return slugify(text.replace("đ", "d").replace("Đ", "D"))[:100]


class Command(BaseCommand):
    help = ("Tạo cuộc thi mẫu \"Công dân số Đồng Nai\" với ngân hàng câu hỏi, 3 đợt thi và N người dự thi tổng hợp "
            "(xóa dữ liệu tổng hợp của lần chạy trước).")

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=1000, help="số người dự thi tổng hợp (mặc định 1000)")
        parser.add_argument("--contest", default=DEFAULT_SLUG, help="slug trang cuộc thi")
        parser.add_argument("--open-share", type=float, default=0.5,
                            help="tỉ lệ người dự thi đã nộp bài ở đợt đang mở (0..1, mặc định 0,5)")
        parser.add_argument("--batch", type=int, default=50_000, help="số người mỗi lô ghi")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (kết quả lặp lại được)")

    def handle(self, *args, **options):
        n = options["entries"]
        self.verbosity = options["verbosity"]
        if n < 0 or n > 50_000_000:
            raise CommandError("--entries phải từ 0 đến 50.000.000.")
        if not 0 <= options["open_share"] <= 1:
            raise CommandError("--open-share phải từ 0 đến 1.")
        slug = ascii_slug(options["contest"])
        if not slug:
            raise CommandError("--contest phải là một slug hợp lệ.")
        started = time.monotonic()
        communes = self.communes()
        categories = self.load_bank()
        contest = self.contest(slug)
        rounds = self.rounds(contest, categories)
        self.step("bank, contest, rounds", started)
        with transaction.atomic():
            self.skip_row_triggers()
            mark = time.monotonic()
            self.clear(contest, slug, rounds)
            self.step("clear previous rows", mark)
            mark = time.monotonic()
            self.insert(contest, slug, rounds, communes, n, options)
            self.step("insert", mark)
            mark = time.monotonic()
        self.step("commit", mark)
        mark = time.monotonic()
        self.finish(contest, rounds)
        self.step("finalise round 1, prizes", mark)
        self.stdout.write(self.style.SUCCESS(
            f"Cuộc thi \"{contest.title}\" ({contest.url_path}): {n} người dự thi, "
            f"{time.monotonic() - started:.1f} s."))

    def step(self, what, since):
        if self.verbosity >= 2:
            self.stdout.write(f"  {what}: {time.monotonic() - since:.1f} s")

    # Reference data ------------------------------------------------------------------------------

    def communes(self):
        province = getattr(settings, "PROVINCE_CODE", "75")
        qs = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE, parent__code=province)
        if not qs.exists():
            call_command("load_units", verbosity=0)
        communes = list(qs.order_by("code")) or list(
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("code"))
        if not communes:
            raise CommandError("Chưa có xã, phường nào; chạy manage.py load_units trước.")
        return communes

    def load_bank(self) -> dict:
        """Create the bank's categories and questions that are missing (by ma_cau_hoi); existing
        questions are left as organisers may have edited them."""
        with open(BANK_FILE, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        categories = {}
        for name in dict.fromkeys(r["chu_de"] for r in rows):
            category = Category.objects.filter(name=name, parent=None).first()
            if category is None:
                slug, i = ascii_slug(name), 1
                while Category.objects.filter(slug=slug).exists():
                    i += 1
                    slug = f"{ascii_slug(name)[:95]}-{i}"
                category = Category.objects.create(name=name, slug=slug)
            categories[name] = category
        existing = set(Question.objects.filter(external_id__in=[r["ma_cau_hoi"] for r in rows])
                       .values_list("external_id", flat=True))
        new_rows = [r for r in rows if r["ma_cau_hoi"] not in existing]
        with transaction.atomic():
            questions = Question.objects.bulk_create([
                Question(category=categories[r["chu_de"]], kind=KINDS[r["loai"]], text=r["noi_dung"],
                         explanation=r["giai_thich"], difficulty=DIFFICULTY[r["do_kho"]],
                         is_active=r["dang_dung"] != "khong", external_id=r["ma_cau_hoi"])
                for r in new_rows])
            if connection.vendor != "postgresql" or any(q.pk is None for q in questions):
                ids = dict(Question.objects.filter(external_id__in=[r["ma_cau_hoi"] for r in new_rows])
                           .values_list("external_id", "pk"))
            else:
                ids = {q.external_id: q.pk for q in questions}
            choices = []
            for r in new_rows:
                answer = r["dap_an_dung"].strip()
                if r["loai"] == "dung_sai":
                    options = [r["phuong_an_1"] or "Đúng", r["phuong_an_2"] or "Sai"]
                    correct = {1} if answer == "dung" else {2}
                else:
                    options = [r[f"phuong_an_{i}"] for i in range(1, 7) if r[f"phuong_an_{i}"]]
                    correct = {int(a) for a in answer.split(";") if a}
                choices += [Choice(question_id=ids[r["ma_cau_hoi"]], text=text, is_correct=i in correct,
                                   position=i - 1) for i, text in enumerate(options, start=1)]
            Choice.objects.bulk_create(choices)
        return categories

    def contest(self, slug) -> ContestPage:
        contest = ContestPage.objects.filter(slug=slug).first()
        if contest:
            return contest
        from wagtail.models import Locale

        from portal import demo
        from portal.models import HomePage

        vi = Locale.objects.get_or_create(language_code="vi")[0]
        home = HomePage.objects.filter(locale=vi).first()
        if home is None:
            demo.seed(None)
            home = HomePage.objects.get(locale=vi)
        page = ContestPage(
            title="Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp", slug=slug,
            intro=("Cuộc thi trực tuyến tìm hiểu chuyển đổi số, dịch vụ công trực tuyến, VNeID, thanh toán không "
                   "dùng tiền mặt, an toàn trên mạng và trí tuệ nhân tạo, hưởng ứng Phong trào \"Bình dân học vụ số\"."),
            organiser="Sở Khoa học và Công nghệ thành phố Đồng Nai",
            rules=("<p>Mỗi đợt thi có 10 câu hỏi trắc nghiệm rút ngẫu nhiên theo chủ đề, làm trong 15 phút, và một câu "
                   "dự đoán số người tham gia. Xếp hạng theo số câu đúng, rồi sai số dự đoán, thời gian làm bài và "
                   "thời điểm nộp bài.</p><p>Mỗi người đăng ký một lần bằng số điện thoại của mình; thành viên Ban tổ "
                   "chức không được xếp hạng.</p>"),
            prizes=("<p>Mỗi đợt: 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 10 giải Khuyến khích. Giải tập thể cho 3 xã, "
                    "phường có tỉ lệ tham gia cao nhất.</p>"),
            timeline="<p>Ba đợt thi, mỗi đợt một đến hai tuần; kết quả công bố sau khi chốt mỗi đợt.</p>",
            collective_prizes=3,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        return ContestPage.objects.get(pk=page.pk)

    def rounds(self, contest, categories) -> list[Round]:
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        rounds = []
        for number, (title, start, end, attempts, quotas) in enumerate(ROUND_PLANS, start=1):
            round, _created = Round.objects.update_or_create(contest=contest, number=number, defaults=dict(
                title=title, opens_at=now + dt.timedelta(days=start), closes_at=now + dt.timedelta(days=end),
                time_limit_seconds=900, max_attempts=attempts, prediction_question=PREDICTION if number != 2 else "",
                actual_entry_count=None,
                status=[Round.Status.CLOSED, Round.Status.OPEN, Round.Status.DRAFT][number - 1]))
            RoundQuota.objects.filter(round=round).exclude(category__in=[categories[c] for c in quotas]).delete()
            for name, count in quotas.items():
                RoundQuota.objects.update_or_create(round=round, category=categories[name], defaults={"count": count})
            rounds.append(round)
        return rounds

    # Bulk rows -----------------------------------------------------------------------------------

    def clear(self, contest, slug, rounds):
        round_ids = [r.pk for r in rounds] + list(Round.objects.filter(contest=contest).exclude(
            pk__in=[r.pk for r in rounds]).values_list("pk", flat=True))
        marks = ", ".join(["%s"] * len(round_ids))
        t = {m: m._meta.db_table for m in (Prize, RoundResult, AttemptAnswer, Attempt, Entrant, User, ExportRecord)}
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {t[Prize]} WHERE contest_id = %s", [contest.pk])
            c.execute(f"DELETE FROM {t[RoundResult]} WHERE round_id IN ({marks})", round_ids)
            c.execute(f"DELETE FROM {t[AttemptAnswer]} WHERE attempt_id IN "
                      f"(SELECT id FROM {t[Attempt]} WHERE round_id IN ({marks}))", round_ids)
            c.execute(f"DELETE FROM {t[Attempt]} WHERE round_id IN ({marks})", round_ids)
            c.execute(f"DELETE FROM {t[Entrant]} WHERE contest_id = %s", [contest.pk])
            c.execute(f"DELETE FROM {t[User]} WHERE email LIKE %s", [f"seed-{slug}-%@{SEED_DOMAIN}"])

    def skip_row_triggers(self):
        """On PostgreSQL, check foreign keys row by row as rows arrive rather than queueing a
        million deferred checks for the commit; where the role may (a superuser, as on a bench or
        demo machine), skip those checks for this transaction altogether: every id written here
        was just reserved or read from the database."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                with transaction.atomic():
                    c.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # not a superuser: keep the (immediate) checks
                pass

    def reserve_ids(self, model, count) -> int:
        """First id of a block of `count` ids nobody else will get."""
        table = model._meta.db_table
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
                c.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = c.fetchone()[0]
                c.execute(f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
                          f"(SELECT last_value FROM {sequence}))")
                first = c.fetchone()[0] + 1
                c.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
                return first
            c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return c.fetchone()[0] + 1

    def insert(self, contest, slug, rounds, communes, n, options):
        rng = random.Random(options["seed"])
        now = timezone.now()
        round1, round2 = rounds[0], rounds[1]
        self.final_round_id = round1.pk
        self.create_staging()
        max1 = sum(q.count for q in round1.quotas.all())
        max2 = sum(q.count for q in round2.quotas.all())
        # Bigger wards get more entrants: phường weigh 3, xã 2, a few at 1 (the "vùng lõm").
        weights = [3 if c.kind == "phường" else (1 if i % 9 == 0 else 2) for i, c in enumerate(communes)]
        families, family_w = zip(*[f for f in FAMILY if f[1]])
        groups, group_w = zip(*AUDIENCE)
        # Phones in use by anybody else (other contests' synthetic users included; this contest's
        # were just deleted).
        taken = set(User.objects.filter(phone__isnull=False).values_list("phone", flat=True))
        share = options["open_share"]
        # Who also took the open round: a stream of its own, drawn twice (count, then rows).
        open_count = sum(1 for flag in _flags(options["seed"] + 1, n, share) if flag)
        open_flags = _flags(options["seed"] + 1, n, share)
        commune_cum = list(itertools.accumulate(weights))
        family_cum = list(itertools.accumulate(family_w))
        group_cum = list(itertools.accumulate(group_w))
        first_user = self.reserve_ids(User, n)
        first_entrant = self.reserve_ids(Entrant, n)
        first_attempt = self.reserve_ids(Attempt, n + open_count)
        next_attempt = first_attempt
        r1_start, r1_end = round1.opens_at, round1.closes_at
        r2_start, r2_end = round2.opens_at, min(round2.closes_at, now)
        phone_j = 0
        batch = max(1000, options["batch"])
        users, entrants, attempts, results = [], [], [], []
        for i in range(n):
            open_round = next(open_flags)
            gender = "female" if rng.random() < 0.52 else "male"
            group = rng.choices(groups, cum_weights=group_cum)[0]
            commune = rng.choices(communes, cum_weights=commune_cum)[0]
            family = rng.choices(families, cum_weights=family_cum)[0]
            middle = rng.choice(MIDDLE[gender])
            given = rng.choice(GIVEN[gender])
            low, high = AGE[group]
            born = now.date() - dt.timedelta(days=rng.randint(low * 365 + 30, high * 365))
            while True:
                phone = synthetic_phone(phone_j)
                phone_j += 1
                if phone not in taken:
                    break
            citizen_id = None
            if i % 5 == 0:  # one in five gave a citizen ID (optional in this contest)
                century = (0 if born.year < 2000 else 2) + (gender == "female")
                citizen_id = f"0{rng.choice(['75', '70', '79', '38'])}{century}{born.year % 100:02d}{(i // 5) % 10**6:06d}"
            place = rng.choice(WORKPLACES[group]).format(c=commune.full_name)
            user_id, entrant_id = first_user + i, first_entrant + i
            registered = r1_start + dt.timedelta(seconds=rng.randint(0, int((r1_end - r1_start).total_seconds()) - 3600))
            users.append((user_id, "!seed", False, f"seed-{slug}-{i}@{SEED_DOMAIN}", phone, given,
                          f"{family} {middle}", False, True, registered))
            entrants.append((entrant_id, contest.pk, user_id, phone, f"{family} {middle} {given}", born, commune.pk,
                             place, group, citizen_id, registered, contest.consent_version, False, registered,
                             registered))
            taken_rounds = [(round1, max1, (registered, r1_end))]
            if open_round:
                taken_rounds.append((round2, max2, (r2_start, r2_end)))
            for round, max_score, window in taken_rounds:
                score = sum(rng.random() < SKILL[group] for _q in range(max_score))
                duration = rng.randint(45_000, round.time_limit_seconds * 1000 - 5_000)
                span = max(1, int((window[1] - window[0]).total_seconds()) - round.time_limit_seconds)
                started = window[0] + dt.timedelta(seconds=rng.randint(0, span))
                submitted = started + dt.timedelta(milliseconds=duration)
                prediction = (max(0, int(rng.gauss(n, n * 0.3 + 10))) if round.has_prediction else None)
                attempt_id = next_attempt
                next_attempt += 1
                attempts.append((attempt_id, entrant_id, round.pk, 1, started,
                                 started + dt.timedelta(seconds=round.time_limit_seconds), submitted,
                                 Attempt.Status.SUBMITTED, score, max_score, score, duration, prediction,
                                 f"seed-{attempt_id}"))
                results.append((round.pk, entrant_id, attempt_id, score, max_score, duration, prediction, submitted,
                                commune.pk, place, group))
            if len(users) >= batch:
                self.flush(users, entrants, attempts, results)
                users, entrants, attempts, results = [], [], [], []
                self.stdout.write(f"  {i + 1}/{n}")
        self.flush(users, entrants, attempts, results)
        self.insert_final_results(contest, round1, n)

    USER_COLUMNS = ("id", "password", "is_superuser", "email", "phone", "first_name", "last_name", "is_staff",
                    "is_active", "date_joined")
    ENTRANT_COLUMNS = ("id", "contest_id", "user_id", "phone", "full_name", "date_of_birth", "commune_id", "workplace",
                       "audience_group", "citizen_id", "consent_at", "consent_version", "is_excluded", "created_at",
                       "updated_at")
    ATTEMPT_COLUMNS = ("id", "entrant_id", "round_id", "number", "started_at", "deadline", "submitted_at", "status",
                       "score", "max_score", "correct_count", "duration_ms", "prediction", "submit_key")
    RESULT_COLUMNS = ("round_id", "entrant_id", "attempt_id", "score", "max_score", "duration_ms", "prediction",
                      "submitted_at", "commune_id", "workplace", "audience_group")

    def flush(self, users, entrants, attempts, results):
        self.write(User._meta.db_table, self.USER_COLUMNS, users)
        self.write(Entrant._meta.db_table, self.ENTRANT_COLUMNS, entrants)
        self.write(Attempt._meta.db_table, self.ATTEMPT_COLUMNS, attempts)
        # The finalised round's results wait in a bare table; `finish` inserts them once, ranked.
        self.write(FINAL_STAGING, self.RESULT_COLUMNS, [r for r in results if r[0] == self.final_round_id])
        self.write(RoundResult._meta.db_table, self.RESULT_COLUMNS, [r for r in results if r[0] != self.final_round_id])

    def create_staging(self):
        timestamp = "timestamp with time zone" if connection.vendor == "postgresql" else "text"
        types = ["bigint"] * 3 + ["integer", "integer", "bigint", "bigint", timestamp, "bigint", "varchar(200)",
                                  "varchar(20)"]
        columns = ", ".join(f"{name} {kind}" for name, kind in zip(self.RESULT_COLUMNS, types))
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {FINAL_STAGING}")
            c.execute(f"CREATE TEMPORARY TABLE {FINAL_STAGING} ({columns})")

    def insert_final_results(self, contest, round, n):
        """Results of the finalised round, with prediction errors against the round's actual entry
        count (everybody took it: n) and final ranks in the contest's tie-break order (the same
        ORDER BY as contest.services.round_finalise), written once instead of written and then
        updated twice: a million index updates less."""
        from ...services.rounds import final_order_sql

        columns = ", ".join(self.RESULT_COLUMNS)
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {RoundResult._meta.db_table} ({columns}, prediction_error, final_rank) "
                f"SELECT {columns}, prediction_error, ROW_NUMBER() OVER (ORDER BY {final_order_sql(contest)}) "
                f"FROM (SELECT {columns}, CASE WHEN prediction IS NULL THEN NULL WHEN prediction >= %s "
                f"THEN prediction - %s ELSE %s - prediction END AS prediction_error, "
                f"ROW_NUMBER() OVER (ORDER BY entrant_id) AS id FROM {FINAL_STAGING}) AS staged",
                [n, n, n])
            c.execute(f"DROP TABLE {FINAL_STAGING}")
        Round.objects.filter(pk=round.pk).update(status=Round.Status.FINALISED, actual_entry_count=n)

    def write(self, table, columns, rows):
        if not rows:
            return
        names = ", ".join(columns)
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                with c.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    chunk = []
                    for row in rows:
                        chunk.append("\t".join(_pg_text(v) for v in row))
                        if len(chunk) == 10_000:
                            copy.write("\n".join(chunk) + "\n")
                            chunk = []
                    if chunk:
                        copy.write("\n".join(chunk) + "\n")
            else:
                marks = ", ".join(["%s"] * len(columns))
                adapt = connection.ops.adapt_datetimefield_value
                c.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                              [[_sqlite_value(v, adapt) for v in row] for row in rows])

    def finish(self, contest, rounds):
        from ...services import prizes_assign

        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                for model in (User, Entrant, Attempt, RoundResult):
                    c.execute(f"ANALYZE {model._meta.db_table}")
        prizes_assign(contest=contest, round=Round.objects.get(pk=rounds[0].pk))


def _flags(seed, n, share):
    rng = random.Random(seed)
    return (rng.random() < share for _i in range(n))


def _sqlite_value(value, adapt):
    if isinstance(value, dt.datetime):
        return adapt(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _pg_text(value) -> str:
    """One value in PostgreSQL's COPY text format (our values never hold tabs, newlines or backslashes)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)
