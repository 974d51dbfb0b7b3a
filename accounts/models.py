from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .phone import normalize_phone


class AudienceGroup(models.TextChoices):
    """The audiences the provincial plans name (Kế hoạch triển khai Bình dân học vụ số)."""

    CIVIL_SERVANT = "civil_servant", _("Cán bộ, công chức, viên chức")
    DIGITAL_TEAM = "digital_team", _("Thành viên Tổ công nghệ số cộng đồng")
    STUDENT = "student", _("Học sinh, sinh viên")
    WORKER = "worker", _("Người lao động trong doanh nghiệp, hợp tác xã")
    ELDERLY = "elderly", _("Người cao tuổi")
    DISABLED = "disabled", _("Người khuyết tật")
    OTHER_ADULT = "other_adult", _("Người dân khác")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")
    OTHER = "other", _("Khác")
    UNSTATED = "unstated", _("Không muốn nói")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, *, email, phone, password, **extra):
        if not email and not phone:
            raise ValueError("A user needs a phone number or an e-mail address.")
        user = self.model(
            email=self.normalize_email(email).lower() if email else None,
            phone=normalize_phone(phone) if phone else None,
            **extra,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, *, phone=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email=email, phone=phone, password=password, **extra)

    def create_superuser(self, email=None, password=None, *, phone=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email=email, phone=phone, password=password, **extra)

    def get_by_natural_key(self, username):
        return self.get_by_identifier(username)

    def get_by_identifier(self, identifier: str):
        """Look a user up by what they typed at the login form: an e-mail or a phone number."""
        identifier = (identifier or "").strip()
        if "@" in identifier:
            return self.get(email__iexact=identifier)
        return self.get(phone=normalize_phone(identifier))


class User(AbstractBaseUser, PermissionsMixin):
    """Log in with a Vietnamese phone number or an e-mail address. Names follow Wagtail's
    first/last split, read the Vietnamese way: last_name is the family and middle names (họ và tên
    đệm), first_name the given name (tên), so lists sort by given name as Vietnamese lists do."""

    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=16, unique=True, null=True, blank=True,
        help_text=_("Lưu ở dạng quốc tế (+84…); nhập dạng nào cũng được."),
    )
    first_name = models.CharField(_("tên"), max_length=150, blank=True)
    last_name = models.CharField(_("họ và tên đệm"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    date_joined = models.DateTimeField(_("ngày đăng ký"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_phone_or_email",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email or self.phone or str(self.pk)

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email).lower()
        else:
            self.email = None
        self.phone = normalize_phone(self.phone) if self.phone else None
        if not self.email and not self.phone:
            raise ValidationError(_("Cần có số điện thoại hoặc thư điện tử."))

    def get_full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def get_short_name(self):
        return self.first_name

    def set_full_name(self, full_name: str):
        """Split "Nguyễn Văn An" into họ và tên đệm "Nguyễn Văn" and tên "An"."""
        parts = " ".join((full_name or "").split()).rsplit(" ", 1)
        self.last_name, self.first_name = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])

    @property
    def login_identifier(self):
        return self.email or self.phone


class AdministrativeUnit(models.Model):
    """A province or a commune-level unit (xã, phường, đặc khu). The official GSO code is the stable
    key: names and kinds change (10 Đồng Nai xã became phường on 30/4/2026), codes did not."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã đơn vị"), max_length=5, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40, help_text=_("xã, phường, đặc khu, tỉnh, thành phố"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hết hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"])]
        permissions = [
            ("view_all_communes", _("Xem số liệu của mọi xã, phường")),
            ("view_commune_reports", _("Xem báo cáo của xã, phường mình")),
            ("view_personal_data", _("Xem số CCCD, số điện thoại đầy đủ")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """The official name: the kind, capitalised, then the name ("Phường Biên Hòa")."""
        return f"{self.kind[:1].upper()}{self.kind[1:]} {self.name}"

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class AdministrativeUnitHistory(models.Model):
    """What a unit was called, and what kind it was, before a change took effect."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="history")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField()

    class Meta:
        verbose_name = _("lịch sử đơn vị hành chính")
        verbose_name_plural = _("lịch sử đơn vị hành chính")
        ordering = ["unit", "valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_until"], name="unit_history_once_per_day"),
        ]


class LearnerProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="learners", limit_choices_to={"level": "commune"},
    )
    workplace = models.CharField(_("nơi làm việc, học tập"), max_length=200, blank=True)
    audience_group = models.CharField(
        _("nhóm đối tượng"), max_length=20, choices=AudienceGroup.choices, blank=True,
    )

    class Meta:
        verbose_name = _("hồ sơ người học")
        verbose_name_plural = _("hồ sơ người học")
        indexes = [models.Index(fields=["commune", "audience_group"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="profile_birth_year_range",
            ),
        ]

    def __str__(self):
        return str(self.user)
