"""Courses and lessons (Wagtail pages), the competency taxonomy, learners' enrolments and progress,
certificates and the processed renditions of uploaded videos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from accounts.models import AudienceGroup

PAGE_SIZE = 12
RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "image", "document-link"]


@register_snippet
class CompetencyArea(TranslatableMixin, models.Model):
    """An area of a digital-skills framework. Editable: the seed is the six domains of Thông tư
    02/2025/TT-BGDĐT (the verified national framework); the areas of Quyết định 757/QĐ-BKHCN
    Phụ lục I could not be verified and are for editors to enter from the official text."""

    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True, max_length=1000)
    framework = models.CharField(_("khung năng lực"), max_length=200, blank=True,
                                 help_text=_("Văn bản ban hành khung, ví dụ Thông tư 02/2025/TT-BGDĐT."))
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("framework"),
              FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lĩnh vực năng lực số")
        verbose_name_plural = _("lĩnh vực năng lực số")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "code"], name="competency_code_per_locale"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Level(models.TextChoices):
    BASIC = "basic", _("Cơ bản")
    INTERMEDIATE = "intermediate", _("Trung bình")
    ADVANCED = "advanced", _("Nâng cao")


class CourseIndexPage(Page):
    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("trang danh sách khóa học")

    def courses(self):
        return (CoursePage.objects.live().child_of(self)
                .select_related("competency_area", "cover_image").prefetch_related("audiences")
                .order_by("path"))

    def get_context(self, request, *args, **kwargs):
        from content.models import filter_querystring, paginate

        context = super().get_context(request, *args, **kwargs)
        items = self.courses()
        audience = request.GET.get("doi-tuong", "")
        area = request.GET.get("linh-vuc", "")
        level = request.GET.get("cap-do", "")
        if audience in AudienceGroup.values:
            items = items.filter(audiences__group=audience).distinct()
        if area:
            items = items.filter(competency_area__code=area)
        if level in Level.values:
            items = items.filter(level=level)
        context.update(
            course_page=paginate(request, items, PAGE_SIZE),
            audiences=AudienceGroup.choices,
            areas=CompetencyArea.objects.filter(locale=self.locale),
            levels=Level.choices,
            active={"audience": audience, "area": area, "level": level},
            querystring=filter_querystring(request),
        )
        return context


class CoursePage(Page):
    class CompletionRule(models.TextChoices):
        REQUIRED_LESSONS = "required", _("Hoàn thành mọi bài bắt buộc")
        ALL_LESSONS = "all", _("Hoàn thành mọi bài học")

    summary = models.TextField(_("tóm tắt"), max_length=500)
    body = RichTextField(_("giới thiệu khóa học"), blank=True, features=RICH_FEATURES)
    competency_area = models.ForeignKey(CompetencyArea, verbose_name=_("lĩnh vực năng lực"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="courses")
    level = models.CharField(_("cấp độ"), max_length=20, choices=Level.choices, default=Level.BASIC)
    cover_image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh bìa"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    cover_alt = models.CharField(_("mô tả ảnh bìa"), max_length=250, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("thời lượng ước tính (phút)"), default=15,
                                                         validators=[MinValueValidator(1), MaxValueValidator(6000)])
    completion_rule = models.CharField(_("điều kiện hoàn thành khóa"), max_length=10,
                                       choices=CompletionRule.choices, default=CompletionRule.REQUIRED_LESSONS)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        InlinePanel("audiences", label=_("nhóm đối tượng"), min_num=1),
        MultiFieldPanel([FieldPanel("competency_area"), FieldRowPanel([FieldPanel("level"), FieldPanel("estimated_minutes")]),
                         FieldPanel("completion_rule")], heading=_("phân loại")),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("ảnh bìa")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("khóa học")
        constraints = [
            models.CheckConstraint(condition=Q(estimated_minutes__gte=1), name="course_minutes_positive"),
        ]

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Ảnh bìa cần mô tả cho người khiếm thị.")})

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def counted_lessons(self):
        """The lessons the completion rule counts."""
        lessons = self.lessons()
        if self.completion_rule == self.CompletionRule.REQUIRED_LESSONS:
            lessons = lessons.filter(required=True)
        return lessons

    def audience_labels(self):
        labels = dict(AudienceGroup.choices)
        return [labels.get(a.group, a.group) for a in self.audiences.all()]

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        context["lessons"] = lessons
        if request.user.is_authenticated:
            context.update(selectors.course_state(request.user, self, lessons))
        return context


class CourseAudience(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="audiences")
    group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=AudienceGroup.choices)

    panels = [FieldPanel("group")]

    class Meta(Orderable.Meta):
        verbose_name = _("nhóm đối tượng")
        constraints = [models.UniqueConstraint(fields=["course", "group"], name="course_audience_once")]


class LessonPage(Page):
    class CompletionRule(models.TextChoices):
        WATCH = "watch", _("Xem đủ tỉ lệ video")
        QUIZ = "quiz", _("Đạt bài kiểm tra")
        WATCH_AND_QUIZ = "watch_quiz", _("Xem đủ tỉ lệ video và đạt bài kiểm tra")
        READ = "read", _("Người học bấm “Tôi đã đọc xong”")

    summary = models.TextField(_("tóm tắt"), blank=True, max_length=500)
    video = models.ForeignKey("wagtailmedia.Media", verbose_name=_("video tải lên"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    youtube_url = models.URLField(_("hoặc video YouTube"), blank=True,
                                  help_text=_("Địa chỉ video trên YouTube, dùng khi không tải video lên."))
    audio = models.ForeignKey("wagtailmedia.Media", verbose_name=_("bản nghe (âm thanh)"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    body = RichTextField(_("nội dung bài học"), blank=True, features=RICH_FEATURES)
    transcript = models.TextField(_("lời thoại (bản chữ của video)"), blank=True,
                                  help_text=_("Hiện dưới video; công cụ tìm kiếm dùng nội dung này."))
    required = models.BooleanField(_("bài bắt buộc"), default=True)
    completion_rule = models.CharField(_("điều kiện hoàn thành bài"), max_length=12, choices=CompletionRule.choices,
                                       default=CompletionRule.WATCH)
    watch_percent = models.PositiveSmallIntegerField(_("tỉ lệ video cần xem (%)"), default=80,
                                                     validators=[MinValueValidator(1), MaxValueValidator(100)])
    quiz = models.ForeignKey("quiz.Quiz", verbose_name=_("bài kiểm tra"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="lessons")
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("điểm đạt bài kiểm tra (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Để trống thì dùng điểm đạt của bài kiểm tra."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([
            HelpPanel(content=_("Tải video lên (hệ thống tự tạo ảnh xem trước và bản nhẹ cho mạng chậm) "
                                "hoặc dán địa chỉ YouTube. Nhớ thêm phụ đề cho người khiếm thính.")),
            FieldPanel("video"), FieldPanel("youtube_url"), FieldPanel("audio"),
        ], heading=_("video và âm thanh")),
        InlinePanel("captions", label=_("phụ đề WebVTT")),
        FieldPanel("transcript"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("tài liệu đính kèm")),
        MultiFieldPanel([FieldPanel("required"), FieldPanel("completion_rule"), FieldPanel("watch_percent"),
                         FieldPanel("quiz"), FieldPanel("quiz_pass_mark")], heading=_("hoàn thành")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("transcript"),
                                          index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài học")
        constraints = [
            models.CheckConstraint(condition=Q(watch_percent__gte=1, watch_percent__lte=100), name="lesson_watch_percent_range"),
            models.CheckConstraint(condition=Q(quiz_pass_mark__isnull=True) | Q(quiz_pass_mark__lte=100),
                                   name="lesson_pass_mark_range"),
        ]

    def clean(self):
        super().clean()
        if self.video_id and self.youtube_url:
            raise ValidationError({"youtube_url": _("Chọn video tải lên hoặc video YouTube, không chọn cả hai.")})
        if self.youtube_url and not youtube_id(self.youtube_url):
            raise ValidationError({"youtube_url": _("Địa chỉ này không phải video YouTube.")})
        watch = self.completion_rule in (self.CompletionRule.WATCH, self.CompletionRule.WATCH_AND_QUIZ)
        if watch and not (self.video_id or self.youtube_url):
            raise ValidationError({"completion_rule": _("Bài không có video thì không thể yêu cầu xem video.")})
        quiz_rule = self.completion_rule in (self.CompletionRule.QUIZ, self.CompletionRule.WATCH_AND_QUIZ)
        if quiz_rule and not self.quiz_id:
            raise ValidationError({"completion_rule": _("Chọn bài kiểm tra cho bài học trước khi yêu cầu đạt bài kiểm tra.")})

    @property
    def course(self):
        return self.get_parent().specific

    @property
    def needs_watch(self):
        return self.completion_rule in (self.CompletionRule.WATCH, self.CompletionRule.WATCH_AND_QUIZ)

    @property
    def needs_quiz(self):
        return self.completion_rule in (self.CompletionRule.QUIZ, self.CompletionRule.WATCH_AND_QUIZ)

    @property
    def youtube_id(self):
        return youtube_id(self.youtube_url)

    def has_captions(self):
        return self.captions.exists()

    def serve(self, request, *args, **kwargs):
        from . import services

        if request.user.is_authenticated and request.method == "GET" and self.live:
            services.lesson_opened(learner=request.user, lesson=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.lesson_context(request, self))
        return context


def youtube_id(url):
    """The 11-character video id of a YouTube address, or "" when it is not one."""
    import re
    from urllib.parse import parse_qs, urlparse

    if not url:
        return ""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    candidate = ""
    if host in ("youtu.be",):
        candidate = parsed.path.lstrip("/").split("/")[0]
    elif host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if parsed.path == "/watch":
            candidate = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            candidate = parsed.path.split("/")[2]
    return candidate if re.fullmatch(r"[A-Za-z0-9_-]{11}", candidate or "") else ""


class LessonCaption(TranslatableMixin, Orderable):
    """A WebVTT caption track in one language: an uploaded .vtt document or text typed here."""

    lesson = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("ngôn ngữ phụ đề"), max_length=12, default="vi",
                                help_text=_("Mã ngôn ngữ, ví dụ vi, en."))
    label = models.CharField(_("tên hiển thị"), max_length=60, default="Tiếng Việt")
    file = models.ForeignKey("wagtaildocs.Document", verbose_name=_("tệp .vtt"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nội dung WebVTT"), blank=True,
                            help_text=_("Bắt đầu bằng dòng WEBVTT; để trống nếu tải tệp .vtt."))

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("label")]), FieldPanel("file"), FieldPanel("text")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("phụ đề")
        verbose_name_plural = _("phụ đề")

    def clean(self):
        super().clean()
        if not self.file_id and not self.text.strip():
            raise ValidationError(_("Phụ đề cần tệp .vtt hoặc nội dung WebVTT."))
        if self.text.strip() and not self.text.lstrip("\ufeff").startswith("WEBVTT"):
            raise ValidationError({"text": _("Nội dung WebVTT phải bắt đầu bằng dòng “WEBVTT”.")})

    def vtt_text(self):
        if self.text.strip():
            return self.text
        if self.file_id:
            with self.file.file.open("rb") as handle:
                return handle.read().decode("utf-8-sig", errors="replace")
        return "WEBVTT\n"

    def get_url(self):
        return reverse("courses:caption", args=[self.pk])


class LessonAttachment(TranslatableMixin, Orderable):
    lesson = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("tài liệu"), on_delete=models.CASCADE,
                                 related_name="+")
    title = models.CharField(_("tên hiển thị"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")

    @property
    def display_title(self):
        return self.title or self.document.title


class VideoAsset(models.Model):
    """What the ffmpeg job made of an uploaded video: its duration, a poster frame and a small
    rendition (360p, about 300 kbit/s) for slow or metered connections."""

    class Status(models.TextChoices):
        PENDING = "pending", _("đang chờ")
        DONE = "done", _("đã xử lý")
        FAILED = "failed", _("lỗi")

    media = models.OneToOneField("wagtailmedia.Media", on_delete=models.CASCADE, related_name="video_asset")
    source_name = models.CharField(max_length=255, blank=True, help_text="file name the outputs were made from")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    duration_seconds = models.FloatField(_("thời lượng (giây)"), null=True, blank=True)
    poster = models.FileField(_("ảnh xem trước"), upload_to="courses/posters", blank=True)
    low_rendition = models.FileField(_("bản nhẹ 360p"), upload_to="courses/low", blank=True)
    low_size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản xử lý video")
        verbose_name_plural = _("bản xử lý video")
        constraints = [models.CheckConstraint(condition=Q(duration_seconds__isnull=True) | Q(duration_seconds__gte=0),
                                              name="video_duration_non_negative")]


class Enrolment(models.Model):
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("ngày ghi danh"), auto_now_add=True)
    last_lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("ghi danh")
        verbose_name_plural = _("ghi danh")
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="enrolment_once_per_course")]
        indexes = [models.Index(fields=["course", "completed_at"]), models.Index(fields=["enrolled_at"]),
                   models.Index(fields=["completed_at"])]

    def __str__(self):
        return f"{self.learner} · {self.course}"


class LessonProgress(models.Model):
    """One row per (learner, lesson). `watched_until` is the furthest point the learner has been
    allowed to reach: it moves forward at most as fast as wall-clock time passes between accepted
    reports, so a forged report cannot skip a video."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    position_seconds = models.FloatField(default=0)
    watched_until = models.FloatField(default=0)
    duration_seconds = models.FloatField(null=True, blank=True)
    last_seq = models.BigIntegerField(default=-1)
    last_client_ms = models.BigIntegerField(default=0)
    last_report_at = models.DateTimeField(null=True, blank=True)
    reports = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiến độ bài học")
        verbose_name_plural = _("tiến độ bài học")
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="progress_once_per_lesson"),
            models.CheckConstraint(condition=Q(position_seconds__gte=0) & Q(watched_until__gte=0),
                                   name="progress_non_negative"),
        ]
        indexes = [models.Index(fields=["lesson", "completed_at"])]

    @property
    def watched_percent(self):
        if not self.duration_seconds:
            return 0
        return min(100, int(self.watched_until * 100 / self.duration_seconds))


class ProgressEvent(models.Model):
    """Raw player reports, kept only when COURSES_KEEP_PROGRESS_EVENTS is on (for audits)."""

    progress = models.ForeignKey(LessonProgress, on_delete=models.CASCADE, related_name="events")
    received_at = models.DateTimeField(auto_now_add=True)
    seq = models.BigIntegerField()
    event = models.CharField(max_length=12)
    position_seconds = models.FloatField()
    accepted = models.BooleanField()
    reason = models.CharField(max_length=20, blank=True)


class Certificate(models.Model):
    """Issued once per (learner, course). The code is the only key the public verification page
    accepts: 128 bits from `secrets`, so codes cannot be guessed or enumerated."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(_("mã chứng nhận"), max_length=40, unique=True)
    learner_name = models.CharField(_("họ và tên"), max_length=300)
    course_title = models.CharField(_("khóa học"), max_length=255)
    issued_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="courses/certificates", blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="certificate_once_per_course")]

    def __str__(self):
        return f"{self.code} · {self.learner_name}"

    def get_absolute_url(self):
        return reverse("courses_pages:verify", args=[self.code])


class ReportExport(models.Model):
    """Audit log of the learning report's XLSX exports: who, when, which commune, how many rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    commune = models.ForeignKey("accounts.AdministrativeUnit", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt xuất báo cáo học tập")
        verbose_name_plural = _("lượt xuất báo cáo học tập")
        ordering = ["-created_at"]
