"""The online contest ("Công dân số Đồng Nai"): a Wagtail page per contest, its rounds (đợt thi),
entrants, attempts with their drawn questions, one best result per entrant and round, prizes and
the organisers' export jobs. Names are fixed by the cross-branch contract (brief/CONTRACTS.md):
contest-ops builds admin views and exports on them.

Integrity rules live in the database (unique phone / citizen ID per contest, one attempt in
progress per entrant and round, one result per entrant and round) so that concurrent requests on
several web workers cannot break them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from accounts.models import AudienceGroup

TIE_BREAKS = ("prediction", "duration", "submitted_at")
DEFAULT_TIE_BREAKS = ["prediction", "duration", "submitted_at"]
PRIZE_TIERS = ("nhat", "nhi", "ba", "khuyen_khich")
TIER_LABELS = {
    "nhat": _("Giải Nhất"),
    "nhi": _("Giải Nhì"),
    "ba": _("Giải Ba"),
    "khuyen_khich": _("Giải Khuyến khích"),
    "tap_the": _("Giải tập thể"),
}


def default_tie_breaks():
    return list(DEFAULT_TIE_BREAKS)


def default_prize_tiers():
    return {"nhat": 1, "nhi": 2, "ba": 3, "khuyen_khich": 10}


DEFAULT_CONSENT_TEXT = (
    "Tôi đồng ý để Ban tổ chức cuộc thi xử lý các thông tin tôi khai (họ tên, ngày sinh, số điện thoại, "
    "xã/phường, nơi làm việc, nhóm đối tượng và số căn cước nếu có) chỉ nhằm tổ chức cuộc thi, chấm điểm, "
    "công bố kết quả (tên được che bớt) và trao giải. Dữ liệu được lưu trong thời hạn nêu trên rồi xóa; "
    "tôi có quyền xem, sửa và yêu cầu xóa dữ liệu của mình bất cứ lúc nào trên trang \"Dữ liệu của tôi\"."
)


class ContestPage(Page):
    intro = models.TextField(_("giới thiệu ngắn"), blank=True, max_length=1000)
    rules = RichTextField(_("thể lệ"), blank=True)
    prizes = RichTextField(_("cơ cấu giải thưởng"), blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    timeline = RichTextField(_("thời gian, lịch trình"), blank=True)
    require_citizen_id = models.BooleanField(
        _("bắt buộc số căn cước khi đăng ký"), default=False,
        help_text=_("Nếu không bắt buộc, người đoạt giải vẫn phải khai số căn cước trước khi xác nhận giải."),
    )
    exclude_organisers = models.BooleanField(
        _("loại thành viên Ban tổ chức khỏi xếp hạng"), default=True,
        help_text=_("Thành viên nhóm \"Ban tổ chức cuộc thi\" vẫn thi thử được nhưng không được xếp hạng, trao giải."),
    )
    tie_breaks = models.JSONField(
        _("thứ tự tiêu chí phụ"), default=default_tie_breaks, blank=True,
        help_text=_("Sau điểm số: danh sách theo thứ tự gồm \"prediction\" (sai số dự đoán), "
                    "\"duration\" (thời gian làm bài), \"submitted_at\" (nộp sớm hơn)."),
    )
    prize_tiers = models.JSONField(
        _("số giải mỗi hạng"), default=default_prize_tiers, blank=True,
        help_text=_("Ví dụ {\"nhat\": 1, \"nhi\": 2, \"ba\": 3, \"khuyen_khich\": 10}."),
    )
    collective_prizes = models.PositiveSmallIntegerField(_("số giải tập thể (xã, phường)"), default=0)
    grace_seconds = models.PositiveSmallIntegerField(
        _("thời gian gia hạn (giây)"), default=30,
        help_text=_("Bài làm được nhận thêm chừng này giây sau hạn để bù độ trễ mạng, rồi tự đóng."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("thời hạn lưu dữ liệu (tháng)"), default=12,
        help_text=_("Dữ liệu cá nhân người dự thi được xóa sau thời hạn này kể từ khi cuộc thi kết thúc."),
    )
    consent_text = models.TextField(_("nội dung đồng ý xử lý dữ liệu cá nhân"), default=DEFAULT_CONSENT_TEXT)
    consent_version = models.CharField(
        _("phiên bản nội dung đồng ý"), max_length=20, default="1",
        help_text=_("Tăng khi sửa nội dung đồng ý; mỗi người dự thi lưu phiên bản họ đã đồng ý."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("organiser"),
        FieldPanel("timeline"),
        FieldPanel("rules"),
        FieldPanel("prizes"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([
            FieldPanel("require_citizen_id"),
            FieldPanel("exclude_organisers"),
            FieldPanel("tie_breaks"),
            FieldPanel("prize_tiers"),
            FieldPanel("collective_prizes"),
            FieldPanel("grace_seconds"),
            FieldPanel("retention_months"),
            FieldPanel("consent_text"),
            FieldPanel("consent_version"),
        ], heading=_("Quy định cuộc thi")),
    ]
    template = "contest/contest_page.html"

    class Meta:
        verbose_name = _("trang cuộc thi")
        verbose_name_plural = _("trang cuộc thi")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if not isinstance(self.tie_breaks, list) or any(t not in TIE_BREAKS for t in self.tie_breaks) \
                or len(set(self.tie_breaks)) != len(self.tie_breaks):
            errors["tie_breaks"] = _("Chỉ gồm \"prediction\", \"duration\", \"submitted_at\", mỗi tiêu chí một lần.")
        if not isinstance(self.prize_tiers, dict) or any(
            k not in PRIZE_TIERS or not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 10000
            for k, v in self.prize_tiers.items()
        ):
            errors["prize_tiers"] = _("Hạng giải là nhat, nhi, ba, khuyen_khich; số giải từ 0 đến 10000.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .views import contest_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(contest_page_context(self, request))
        return context


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Chuẩn bị")
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")
        FINALISED = "finalised", _("Đã chốt kết quả")

    contest = models.ForeignKey(ContestPage, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("đợt số"))
    title = models.CharField(_("tên đợt"), max_length=200)
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=900)
    max_attempts = models.PositiveSmallIntegerField(_("số lượt thi tối đa"), default=1)
    prediction_question = models.CharField(
        _("câu hỏi dự đoán"), max_length=500, blank=True,
        help_text=_("Ví dụ: Có bao nhiêu người tham gia đợt thi này? Để trống nếu không có."),
    )
    actual_entry_count = models.PositiveIntegerField(
        _("đáp án câu dự đoán"), null=True, blank=True,
        help_text=_("Con số thực tế; để trống thì khi chốt kết quả lấy số người dự thi của đợt."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        verbose_name = _("đợt thi")
        verbose_name_plural = _("đợt thi")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="round_window_valid"),
            models.CheckConstraint(condition=Q(time_limit_seconds__gte=10), name="round_time_limit_min"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="round_max_attempts_min"),
        ]

    def __str__(self):
        return f"{self.title}"

    @property
    def has_prediction(self) -> bool:
        return bool(self.prediction_question.strip())

    def is_accepting(self, now=None) -> bool:
        """Whether an entrant may start an attempt now."""
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    def state_label(self, now=None):
        now = now or timezone.now()
        if self.status == self.Status.FINALISED:
            return _("Đã có kết quả")
        if self.status == self.Status.CLOSED or now >= self.closes_at:
            return _("Đã kết thúc")
        if self.status == self.Status.OPEN and now >= self.opens_at:
            return _("Đang diễn ra")
        return _("Sắp diễn ra")

    @property
    def question_count(self) -> int:
        return sum(q.count for q in self.quotas.all())


class RoundQuota(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    category = models.ForeignKey("quiz.Category", verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("số câu"))

    class Meta:
        verbose_name = _("số câu theo chủ đề")
        verbose_name_plural = _("số câu theo chủ đề")
        constraints = [
            models.UniqueConstraint(fields=["round", "category"], name="quota_once_per_category"),
            models.CheckConstraint(condition=Q(count__gte=1, count__lte=200), name="quota_count_range"),
        ]


class Entrant(models.Model):
    """One registration per person per contest. Personal data is erased (anonymised) when the
    entrant's deletion request is processed; results stay, without a name."""

    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="entrants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contest_entries",
    )
    phone = models.CharField(_("số điện thoại"), max_length=16, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    commune = models.ForeignKey(
        "accounts.AdministrativeUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT,
        related_name="contest_entrants",
    )
    workplace = models.CharField(_("đơn vị công tác, học tập"), max_length=200, blank=True)
    audience_group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=AudienceGroup.choices)
    citizen_id = models.CharField(_("số căn cước"), max_length=12, null=True, blank=True)
    consent_at = models.DateTimeField(_("đồng ý lúc"))
    consent_version = models.CharField(_("phiên bản nội dung đồng ý"), max_length=20)
    is_excluded = models.BooleanField(_("không xếp hạng (Ban tổ chức)"), default=False)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deletion_requested_at = models.DateTimeField(_("yêu cầu xóa dữ liệu lúc"), null=True, blank=True)
    erased_at = models.DateTimeField(_("đã xóa dữ liệu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người dự thi")
        verbose_name_plural = _("người dự thi")
        constraints = [
            models.UniqueConstraint(fields=["contest", "phone"], name="entrant_phone_once_per_contest"),
            models.UniqueConstraint(fields=["contest", "user"], name="entrant_user_once_per_contest"),
            models.UniqueConstraint(
                fields=["contest", "citizen_id"], condition=Q(citizen_id__isnull=False),
                name="entrant_citizen_id_once_per_contest",
            ),
            models.CheckConstraint(
                condition=Q(citizen_id__isnull=True) | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="entrant_citizen_id_12_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["contest", "commune"]),
            models.Index(fields=["contest", "workplace"]),
            models.Index(fields=["deletion_requested_at"], condition=Q(erased_at__isnull=True,
                         deletion_requested_at__isnull=False), name="entrant_deletion_pending"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def masked_name(self) -> str:
        from .masking import mask_name

        return mask_name(self.full_name)

    @property
    def masked_phone(self) -> str:
        from accounts.phone import mask_phone

        return mask_phone(self.phone or "")


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang làm")
        SUBMITTED = "submitted", _("Đã nộp")
        EXPIRED = "expired", _("Hết giờ")

    # No single-column indexes: attempt_number_unique leads with entrant, (round, status) with
    # round, and every index is written again when a submit closes the attempt.
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    number = models.PositiveSmallIntegerField(_("lượt thứ"))
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    deadline = models.DateTimeField(_("hạn nộp"))
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    score = models.PositiveIntegerField(_("điểm"), default=0)
    max_score = models.PositiveIntegerField(_("điểm tối đa"), default=0)
    correct_count = models.PositiveIntegerField(_("số câu đúng"), default=0)
    duration_ms = models.PositiveBigIntegerField(_("thời gian làm bài (ms)"), null=True, blank=True)
    prediction = models.PositiveBigIntegerField(_("dự đoán"), null=True, blank=True)
    submit_key = models.CharField(_("mã nộp bài"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        constraints = [
            models.UniqueConstraint(
                fields=["entrant", "round"], condition=Q(status="in_progress"),
                name="attempt_one_in_progress",
            ),
            models.UniqueConstraint(fields=["entrant", "round", "number"], name="attempt_number_unique"),
        ]
        indexes = [
            models.Index(fields=["deadline"], condition=Q(status="in_progress"), name="attempt_open_deadline"),
            models.Index(fields=["round", "status"]),
        ]

    def __str__(self):
        return f"{self.entrant} – {self.round} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AttemptAnswer(models.Model):
    """One drawn question of an attempt, in the order shown, with the choices in the order shown."""

    # answer_position_unique leads with attempt: no separate index to write on every autosave.
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey("quiz.Question", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    choice_order = models.JSONField(default=list)
    # The key as it stood when the question was drawn, kept with the paper (and refreshed while the
    # attempt is open if an organiser corrects it: contest.signals). Closing marks against it with
    # one count, reading no choice and writing no row per answer. Sent to nobody before the attempt
    # closes (attempt_payload).
    correct_ids = models.JSONField(default=list)
    selected = models.JSONField(default=list)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="answer_position_unique"),
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_question_unique"),
        ]

    @property
    def is_correct(self) -> bool:
        """Exactly the correct choices, and something chosen (contest_attempt_close() counts the same)."""
        return bool(self.selected) and set(self.selected) == set(self.correct_ids)


class RoundResult(models.Model):
    """The entrant's best attempt of a round (score desc, then duration asc), upserted on submit.
    Commune, workplace and audience are copied here so leaderboards and exports need no join."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results", db_index=False)  # Meta.indexes lead with it
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="results")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField()
    max_score = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveBigIntegerField()
    prediction = models.PositiveBigIntegerField(null=True, blank=True)
    prediction_error = models.PositiveBigIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField()
    commune = models.ForeignKey("accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    workplace = models.CharField(max_length=200, blank=True)
    audience_group = models.CharField(max_length=20, choices=AudienceGroup.choices)
    final_rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả đợt thi")
        verbose_name_plural = _("kết quả đợt thi")
        constraints = [
            models.UniqueConstraint(fields=["round", "entrant"], name="result_once_per_round"),
        ]
        indexes = [
            models.Index(fields=["round", "-score", "duration_ms", "submitted_at"], name="result_live_rank"),
            models.Index(fields=["round", "final_rank"], name="result_final_rank"),
            models.Index(fields=["round", "commune"]),
        ]


class Prize(models.Model):
    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="prize_awards")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="prizes",
                              help_text=_("Để trống: giải chung cuộc."))
    tier = models.CharField(_("hạng giải"), max_length=20)
    rank = models.PositiveIntegerField(_("thứ hạng"))
    entrant = models.ForeignKey(Entrant, null=True, blank=True, on_delete=models.CASCADE, related_name="prizes")
    commune = models.ForeignKey("accounts.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text=_("Giải tập thể."))
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["contest", "round", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(entrant__isnull=False) & Q(commune__isnull=True))
                | (Q(entrant__isnull=True) & Q(commune__isnull=False)),
                name="prize_entrant_xor_commune",
            ),
            models.UniqueConstraint(fields=["round", "entrant"], condition=Q(round__isnull=False, entrant__isnull=False),
                                    name="prize_once_per_round_entrant"),
            models.UniqueConstraint(fields=["contest", "entrant"], condition=Q(round__isnull=True, entrant__isnull=False),
                                    name="prize_once_overall_entrant"),
            models.UniqueConstraint(fields=["contest", "commune"], condition=Q(commune__isnull=False),
                                    name="prize_once_per_commune"),
        ]

    @property
    def tier_label(self):
        return TIER_LABELS.get(self.tier, self.tier)


class ExportRecord(models.Model):
    """An export job and its audit row: who asked, when, for what, how many rows (contest-ops)."""

    class Kind(models.TextChoices):
        RESULTS = "results", _("Kết quả")
        STATISTICS = "statistics", _("Thống kê")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    contest = models.ForeignKey(ContestPage, null=True, blank=True, on_delete=models.CASCADE, related_name="exports")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    scope_round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scope_commune = models.ForeignKey("accounts.AdministrativeUnit", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    fmt = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveBigIntegerField(default=0)
    row_count = models.PositiveBigIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="contest/exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bản xuất dữ liệu")
        verbose_name_plural = _("bản xuất dữ liệu")
        ordering = ["-created_at"]
