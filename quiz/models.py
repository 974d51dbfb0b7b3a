"""The question bank. Quizzes, sittings and marking are built on these (see quiz/ README in the
module docstrings of the files that use them); contest/ and courses/ draw questions from here."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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


class Question(models.Model):
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
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=1000)
    is_correct = models.BooleanField(_("đúng"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique"),
        ]

    def __str__(self):
        return self.text[:80]
