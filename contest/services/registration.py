"""Registration, the entrant's own data (view, correct, delete) and exclusion of organisers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, AudienceGroup
from accounts.phone import normalize_phone
from accounts.roles import CONTEST_ORGANISERS

from ..models import Entrant, RoundResult
from .citizen_id import normalize_citizen_id
from .errors import ContestError
from .results import leaderboards_changed

MIN_AGE = 10
EDITABLE_FIELDS = ("full_name", "phone", "date_of_birth", "commune", "workplace", "audience_group", "citizen_id")


def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.groups.filter(name=CONTEST_ORGANISERS).exists())


def clean_entrant_data(*, contest, data: dict, entrant: Entrant | None = None) -> dict:
    """Validate and normalise registration fields; raises ContestError naming the first bad field."""
    cleaned = {}
    full_name = " ".join(str(data.get("full_name") or "").split())
    if not full_name or len(full_name) > 150:
        raise ContestError(_("Nhập họ và tên (tối đa 150 ký tự)."), field="full_name")
    cleaned["full_name"] = full_name
    try:
        cleaned["phone"] = normalize_phone(str(data.get("phone") or ""))
    except ValidationError as error:
        raise ContestError(error.messages[0], field="phone") from None
    dob = data.get("date_of_birth")
    if isinstance(dob, str):
        try:
            dob = dt.date.fromisoformat(dob)
        except ValueError:
            dob = None
    today = timezone.localdate()
    if not isinstance(dob, dt.date) or dob.year < 1900 or dob > today.replace(year=today.year - MIN_AGE):
        raise ContestError(_("Nhập ngày sinh hợp lệ (người dự thi từ %(age)d tuổi).") % {"age": MIN_AGE},
                           field="date_of_birth")
    cleaned["date_of_birth"] = dob
    commune = data.get("commune")
    if not isinstance(commune, AdministrativeUnit):
        try:
            commune = AdministrativeUnit.objects.get(pk=int(commune), level=AdministrativeUnit.Level.COMMUNE)
        except (TypeError, ValueError, OverflowError, AdministrativeUnit.DoesNotExist):
            raise ContestError(_("Chọn xã, phường trong danh sách."), field="commune") from None
    elif commune.level != AdministrativeUnit.Level.COMMUNE:
        raise ContestError(_("Chọn xã, phường trong danh sách."), field="commune")
    cleaned["commune"] = commune
    workplace = " ".join(str(data.get("workplace") or "").split())
    if len(workplace) > 200:
        raise ContestError(_("Đơn vị công tác, học tập tối đa 200 ký tự."), field="workplace")
    cleaned["workplace"] = workplace
    audience = data.get("audience_group")
    if audience not in AudienceGroup.values:
        raise ContestError(_("Chọn nhóm đối tượng trong danh sách."), field="audience_group")
    cleaned["audience_group"] = audience
    raw_id = str(data.get("citizen_id") or "").strip()
    if raw_id:
        try:
            cleaned["citizen_id"] = normalize_citizen_id(raw_id, dob)
        except ValidationError as error:
            raise ContestError(error.messages[0], field="citizen_id") from None
    elif contest.require_citizen_id:
        raise ContestError(_("Cuộc thi này yêu cầu số căn cước (12 chữ số)."), field="citizen_id")
    else:
        cleaned["citizen_id"] = None
    return cleaned


def _duplicate_error(contest, cleaned, exclude_pk=None):
    others = Entrant.objects.filter(contest=contest).exclude(pk=exclude_pk)
    if others.filter(phone=cleaned["phone"]).exists():
        return ContestError(_("Số điện thoại này đã đăng ký dự thi cuộc thi này."), code="duplicate", status=409,
                            field="phone")
    if cleaned.get("citizen_id") and others.filter(citizen_id=cleaned["citizen_id"]).exists():
        return ContestError(_("Số căn cước này đã đăng ký dự thi cuộc thi này."), code="duplicate", status=409,
                            field="citizen_id")
    return ContestError(_("Tài khoản này đã đăng ký dự thi cuộc thi này."), code="duplicate", status=409)


def entrant_register(*, contest, user, consent: bool, consent_version: str | None = None, **data) -> Entrant:
    """Register `user` for `contest`. `data`: full_name, phone, date_of_birth (date or ISO string),
    commune (unit or id), workplace, audience_group, citizen_id. Consent must be given explicitly
    for the contest's current consent text version. Uniqueness is the database's (phone, user,
    citizen ID per contest): a concurrent duplicate gets the same 409 as a sequential one."""
    if not user or not user.is_authenticated:
        raise ContestError(_("Đăng nhập để đăng ký dự thi."), code="auth", status=401)
    if consent is not True:
        raise ContestError(_("Bạn cần đánh dấu đồng ý xử lý dữ liệu cá nhân để đăng ký."), field="consent")
    if consent_version is not None and str(consent_version) != contest.consent_version:
        raise ContestError(_("Nội dung đồng ý đã thay đổi; hãy đọc lại và đồng ý."), field="consent", status=409)
    cleaned = clean_entrant_data(contest=contest, data=data)
    if Entrant.objects.filter(contest=contest, user=user).exists():
        raise ContestError(_("Tài khoản này đã đăng ký dự thi cuộc thi này."), code="duplicate", status=409)
    entrant = Entrant(
        contest=contest, user=user, consent_at=timezone.now(), consent_version=contest.consent_version,
        is_excluded=contest.exclude_organisers and is_organiser(user), **cleaned,
    )
    try:
        with transaction.atomic():
            entrant.save()
    except IntegrityError:
        raise _duplicate_error(contest, cleaned) from None
    return entrant


def entrant_update(*, entrant: Entrant, **data) -> Entrant:
    """The entrant corrects their data (all registration fields at once, like the form)."""
    if entrant.erased_at:
        raise ContestError(_("Dữ liệu của bạn đã được xóa."), status=409)
    merged = {f: getattr(entrant, f) for f in EDITABLE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    cleaned = clean_entrant_data(contest=entrant.contest, data=merged, entrant=entrant)
    if entrant.prizes.filter(confirmed_at__isnull=False).exists() and cleaned["citizen_id"] != entrant.citizen_id:
        raise ContestError(_("Giải thưởng đã được xác nhận theo số căn cước này; liên hệ Ban tổ chức để sửa."),
                           status=409, field="citizen_id")
    for field, value in cleaned.items():
        setattr(entrant, field, value)
    try:
        with transaction.atomic():
            entrant.save()
            # Results carry a copy of commune/workplace/audience for fast leaderboards.
            RoundResult.objects.filter(entrant=entrant).update(
                commune=entrant.commune, workplace=entrant.workplace, audience_group=entrant.audience_group)
            leaderboards_changed(entrant.contest_id)  # the name and commune shown on them
    except IntegrityError:
        entrant.refresh_from_db()
        raise _duplicate_error(entrant.contest, cleaned, exclude_pk=entrant.pk) from None
    return entrant


def entrant_request_deletion(*, entrant: Entrant) -> Entrant:
    """Record the request (Luật 91/2025 Art. 14); processing erases the data (entrant_erase)."""
    if entrant.deletion_requested_at is None:
        entrant.deletion_requested_at = timezone.now()
        entrant.save(update_fields=["deletion_requested_at", "updated_at"])
    return entrant


def entrant_erase(*, entrant: Entrant) -> Entrant:
    """Erase the personal data: name, phone, birth date, workplace, citizen ID, link to the account.
    The entrant row stays (anonymous) so the round's counts and the erasure itself stay on record;
    the entrant leaves the rankings and unconfirmed prizes."""
    with transaction.atomic():
        entrant = Entrant.objects.select_for_update().get(pk=entrant.pk)
        if entrant.erased_at:
            return entrant
        entrant.full_name = _("(đã xóa)")
        entrant.phone = None
        entrant.date_of_birth = None
        entrant.workplace = ""
        entrant.citizen_id = None
        entrant.user = None
        entrant.is_excluded = True
        entrant.erased_at = timezone.now()
        if entrant.deletion_requested_at is None:
            entrant.deletion_requested_at = entrant.erased_at
        entrant.save()
        RoundResult.objects.filter(entrant=entrant).delete()
        entrant.prizes.filter(confirmed_at__isnull=True).delete()
        leaderboards_changed(entrant.contest_id)
    return entrant


def entrant_process_deletions() -> int:
    """Erase every entrant whose deletion was requested and not yet done."""
    done = 0
    for entrant in Entrant.objects.filter(deletion_requested_at__isnull=False, erased_at__isnull=True).iterator():
        entrant_erase(entrant=entrant)
        done += 1
    return done


def entrant_set_excluded(*, entrant: Entrant, excluded: bool) -> Entrant:
    """Exclude (or re-admit) an entrant from rankings and prizes. Results of an excluded entrant
    are removed; re-admission rebuilds them from their closed attempts."""
    from .attempts import result_upsert

    with transaction.atomic():
        entrant.is_excluded = excluded
        entrant.save(update_fields=["is_excluded", "updated_at"])
        if excluded:
            RoundResult.objects.filter(entrant=entrant).delete()
            entrant.prizes.filter(confirmed_at__isnull=True).delete()
        else:
            for attempt in entrant.attempts.exclude(status="in_progress"):
                result_upsert(attempt)
        leaderboards_changed(entrant.contest_id)
    return entrant
