"""The question bank, quizzes built from it, and sittings (one person taking one quiz once).
contest/ and courses/ draw questions from here; the flow of a sitting lives in quiz/services.py."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Deferrable, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Category(models.Model):
    """A topic of the bank; sub-categories through `parent` (e.g. An toàn số → Lừa đảo qua mạng)."""

    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("mã"), max_length=100, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc chủ đề"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("chủ đề câu hỏi")
        verbose_name_plural = _("chủ đề câu hỏi")
        ordering = ["name"]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Một đáp án đúng")
        MULTIPLE = "multiple", _("Nhiều đáp án đúng")
        TRUE_FALSE = "true_false", _("Đúng/Sai")
        ESSAY = "essay", _("Tự luận (chấm tay)")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Dễ")
        MEDIUM = 2, _("Trung bình")
        HARD = 3, _("Khó")

    category = models.ForeignKey(Category, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("loại câu hỏi"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("nội dung câu hỏi"), max_length=2000)
    figure = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hình minh họa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    explanation = models.TextField(_("giải thích"), blank=True, max_length=4000,
                                   help_text=_("Hiện cho người làm sau khi trả lời."))
    difficulty = models.PositiveSmallIntegerField(_("độ khó"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    external_id = models.CharField(
        _("mã câu hỏi"), max_length=50, unique=True, null=True, blank=True,
        help_text=_("Mã do ban tổ chức đặt (cột ma_cau_hoi khi nhập Excel); nhập lại cùng mã sẽ cập nhật câu hỏi."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["category", "id"]
        indexes = [models.Index(fields=["category", "is_active"])]

    def __str__(self):
        return self.text[:80]


class Choice(models.Model):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=1000)
    is_correct = models.BooleanField(_("đúng"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question", "position", "id"]
        constraints = [
            # Deferred: reordering in the admin saves the rows one by one, swapping positions.
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique",
                                    deferrable=Deferrable.DEFERRED),
        ]

    # modelcluster numbers inline rows into this field (ordered inline in the admin)
    sort_order_field = "position"

    def __str__(self):
        return self.text[:80]


class Quiz(ClusterableModel):
    """A quiz with the settings django-quiz-app offered."""

    title = models.CharField(_("tên bài kiểm tra"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True, max_length=4000)
    random_order = models.BooleanField(
        _("xáo trộn thứ tự"), default=False,
        help_text=_("Mỗi lượt làm bài có thứ tự câu hỏi và phương án khác nhau."))
    max_questions = models.PositiveIntegerField(
        _("số câu tối đa"), null=True, blank=True,
        help_text=_("Để trống để dùng tất cả câu hỏi; nếu đặt, mỗi lượt rút ngẫu nhiên hoặc lấy đủ số câu đầu."))
    answers_at_end = models.BooleanField(
        _("hiện đáp án khi kết thúc"), default=False,
        help_text=_("Nếu không chọn, đáp án và giải thích hiện ngay sau mỗi câu."))
    exam_paper = models.BooleanField(
        _("lưu bài làm"), default=False,
        help_text=_("Lưu mọi lượt làm bài kèm câu trả lời; nếu không, chỉ giữ bài làm gần nhất."))
    single_attempt = models.BooleanField(_("chỉ được làm một lần"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("điểm đạt (%)"), default=50, validators=[MaxValueValidator(100)])
    success_text = models.TextField(_("lời nhắn khi đạt"), blank=True, max_length=2000)
    fail_text = models.TextField(_("lời nhắn khi chưa đạt"), blank=True, max_length=2000)
    draft = models.BooleanField(
        _("bản nháp"), default=False,
        help_text=_("Bản nháp không hiện trong danh sách; chỉ người có quyền sửa bài kiểm tra làm thử được."))
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bài kiểm tra")
        verbose_name_plural = _("bài kiểm tra")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="quiz_pass_mark_0_100"),
            models.CheckConstraint(condition=Q(max_questions__isnull=True) | Q(max_questions__gte=1),
                                   name="quiz_max_questions_positive"),
        ]

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, verbose_name=_("câu hỏi"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    sort_order_field = "position"

    class Meta:
        verbose_name = _("câu hỏi trong bài")
        verbose_name_plural = _("câu hỏi trong bài")
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique",
                                    deferrable=Deferrable.DEFERRED),
            models.UniqueConstraint(fields=["quiz", "position"], name="quizquestion_position_unique",
                                    deferrable=Deferrable.DEFERRED),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}"


class Sitting(models.Model):
    """One person taking one quiz once. The questions drawn are its SittingAnswer rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người làm"), on_delete=models.CASCADE,
                             related_name="quiz_sittings")
    quiz = models.ForeignKey(Quiz, verbose_name=_("bài kiểm tra"), on_delete=models.CASCADE, related_name="sittings")
    started_at = models.DateTimeField(_("bắt đầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    score = models.PositiveIntegerField(_("số câu đúng"), default=0)
    max_score = models.PositiveIntegerField(_("số câu"), default=0)
    passed = models.BooleanField(_("đạt"), null=True, blank=True,
                                 help_text=_("Trống khi chưa xong hoặc còn câu tự luận chưa chấm."))

    class Meta:
        verbose_name = _("lượt làm bài")
        verbose_name_plural = _("lượt làm bài")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], condition=Q(finished_at__isnull=True),
                                    name="sitting_one_open_per_user_quiz"),
            models.CheckConstraint(condition=Q(score__lte=models.F("max_score")), name="sitting_score_le_max"),
        ]
        indexes = [models.Index(fields=["user", "quiz", "finished_at"])]

    def __str__(self):
        return f"{self.user} — {self.quiz}"

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def score_percent(self) -> int:
        return round(self.score * 100 / self.max_score) if self.max_score else 0


class SittingAnswer(models.Model):
    """One drawn question of a sitting, with the order its choices were shown in and the answer."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("câu hỏi"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("thứ tự"))
    choice_order = models.JSONField(default=list, blank=True)
    selected = models.JSONField(default=list, blank=True)
    text_answer = models.TextField(_("bài tự luận"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(_("đúng"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "position"], name="sittinganswer_position_unique"),
            models.UniqueConstraint(fields=["sitting", "question"], name="sittinganswer_question_unique"),
        ]
        permissions = [("mark_essay", _("Chấm câu tự luận"))]

    def __str__(self):
        return f"{self.sitting_id} #{self.position}"

    @property
    def is_answered(self):
        return self.answered_at is not None


class CategoryProgress(models.Model):
    """Running totals per person and category for the progress page; kept separately because
    answers of sittings that are not exam papers are not kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_progress")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    correct = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiến độ theo chủ đề")
        verbose_name_plural = _("tiến độ theo chủ đề")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="categoryprogress_unique"),
            models.CheckConstraint(condition=Q(correct__lte=models.F("total")), name="categoryprogress_correct_le_total"),
        ]

    @property
    def percent(self) -> int:
        return round(self.correct * 100 / self.total) if self.total else 0
