"""Demo contest: "Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp" under the
home page with two rounds drawing from the quiz demo questions (quiz.demo runs first). Without
questions in the bank the rounds stay in draft (they cannot be taken). Idempotent."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Locale

from portal.models import HomePage
from quiz.models import Category

from .models import ContestPage, Round, RoundQuota

TITLE = "Công dân số Đồng Nai: Kỹ năng thông minh - Công vụ chuyên nghiệp"
SLUG = "cuoc-thi-cong-dan-so"
QUESTIONS_PER_ROUND = 10
DEMO = "(Nội dung trình diễn.)"

RULES = (
    "<p>Mỗi lượt thi gồm 10 câu hỏi trắc nghiệm rút ngẫu nhiên từ ngân hàng câu hỏi về chuyển đổi số, dịch vụ công "
    "trực tuyến, VNeID, thanh toán không dùng tiền mặt, an toàn trên mạng và trí tuệ nhân tạo; thời gian làm bài 15 phút.</p>"
    "<p>Mỗi người được thi tối đa 2 lượt mỗi đợt; kết quả cao nhất được tính. Xếp hạng theo số câu đúng, rồi câu "
    "dự đoán gần đúng nhất, rồi thời gian làm bài ngắn hơn, rồi nộp bài sớm hơn.</p>"
    "<p>Thành viên Ban tổ chức, Tổ thư ký không được xếp hạng. " + DEMO + "</p>"
)
PRIZES = (
    "<p>Mỗi đợt: 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 10 giải Khuyến khích. Giải tập thể cho 3 xã, phường có tỷ lệ "
    "tham gia cao nhất. Người đoạt giải khai số căn cước để Ban tổ chức xác nhận. " + DEMO + "</p>"
)
TIMELINE = "<p>Đợt 1: bốn tuần kể từ ngày phát động. Đợt 2: bốn tuần tiếp theo. " + DEMO + "</p>"


def _quotas():
    """Spread QUESTIONS_PER_ROUND over the categories that have auto-marked questions."""
    categories = list(
        Category.objects.annotate(n=Count("questions", filter=Q(
            questions__is_active=True, questions__kind__in=["single", "multiple", "true_false"])))
        .filter(n__gt=0).order_by("-n", "pk")
    )
    if sum(c.n for c in categories) < QUESTIONS_PER_ROUND:
        return []
    quotas, left = [], QUESTIONS_PER_ROUND
    for index, category in enumerate(categories):
        share = min(category.n, max(1, -(-left // (len(categories) - index))))
        if share and left:
            quotas.append((category, share))
            left -= share
    if left:  # the larger categories take what the small ones could not
        quotas = [(c, n) for c, n in quotas]
        for i, (category, n) in enumerate(quotas):
            extra = min(left, category.n - n)
            quotas[i] = (category, n + extra)
            left -= extra
    return quotas


def seed(command):
    vi = Locale.objects.filter(language_code="vi").first()
    home = HomePage.objects.filter(locale=vi).first() if vi else None
    if home is None:
        return
    contest = ContestPage.objects.filter(slug=SLUG).first()
    if contest is None:
        contest = home.add_child(instance=ContestPage(
            title=TITLE, slug=SLUG, locale=vi, show_in_menus=True,
            intro="Cuộc thi trực tuyến tìm hiểu kỹ năng số dành cho cán bộ, công chức, Tổ công nghệ số cộng đồng, "
                  "học sinh, sinh viên và người dân Đồng Nai. " + DEMO,
            organiser="Sở Khoa học và Công nghệ (trình diễn)", rules=RULES, prizes=PRIZES, timeline=TIMELINE,
            prize_tiers={"nhat": 1, "nhi": 2, "ba": 3, "khuyen_khich": 10}, collective_prizes=3,
        ))
        contest.save_revision().publish()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    quotas = _quotas()
    windows = [(now - dt.timedelta(days=1), now + dt.timedelta(days=27)), (now + dt.timedelta(days=27), now + dt.timedelta(days=55))]
    for number, (opens, closes) in enumerate(windows, start=1):
        round, created = Round.objects.get_or_create(contest=contest, number=number, defaults=dict(
            title=f"Đợt {number}", opens_at=opens, closes_at=closes, time_limit_seconds=900, max_attempts=2,
            prediction_question="Theo bạn, có bao nhiêu người tham gia đợt thi này?",
        ))
        if quotas and not round.quotas.exists():
            RoundQuota.objects.bulk_create([RoundQuota(round=round, category=c, count=n) for c, n in quotas])
            if round.status == Round.Status.DRAFT:
                round.status = Round.Status.OPEN
                round.save(update_fields=["status"])
    if command is not None and not quotas:
        command.stdout.write("contest.demo: ngân hàng câu hỏi chưa có đủ câu, các đợt thi để ở trạng thái chuẩn bị.")
