"""What an export contains. A dataset is a header row, the column types and an iterator of rows,
read with a server-side cursor (`iterator(chunk_size=...)`: PostgreSQL streams the rows in chunks,
nothing holds the whole result), plus a count for the progress bar.

Rows are limited by the export's scope (round, commune) and by the requester's commune scope, and
personal data is masked unless the requester may see it (accounts.view_personal_data)."""

from dataclasses import dataclass
from typing import Callable, Iterator

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AudienceGroup
from accounts.phone import mask_phone

from ..masking import mask_citizen_id
from ..models import ExportRecord
from ..statistics import commune_audience_table, results_for

CHUNK_SIZE = 2000


@dataclass
class Dataset:
    sheet_name: str
    headers: list
    types: str
    count: Callable[[], int]
    rows: Callable[[], Iterator[tuple]]


def national_phone(e164: str | None) -> str:
    """+84912345678 → 0912345678 (what people type and recognise)."""
    if not e164:
        return ""
    return "0" + e164[3:] if e164.startswith("+84") else e164


def results_queryset(record: ExportRecord, user):
    qs = results_for(contest=record.contest, user=user, round=record.scope_round, commune=record.scope_commune)
    return qs.order_by("round__number", F("final_rank").asc(nulls_last=True), "-score", "duration_ms",
                       "submitted_at", "id")


RESULT_FIELDS = ("round__number", "final_rank", "entrant__full_name", "entrant__phone", "entrant__date_of_birth",
                 "entrant__citizen_id", "commune__code", "commune__kind", "commune__name", "workplace",
                 "audience_group", "score", "max_score", "duration_ms", "prediction", "prediction_error",
                 "submitted_at")


def results_dataset(record: ExportRecord, user, *, personal_data: bool) -> Dataset:
    headers = [_("Đợt"), _("Hạng chung cuộc"), _("Họ và tên"), _("Số điện thoại"), _("Ngày sinh"), _("Số căn cước"),
               _("Mã xã"), _("Xã, phường"), _("Đơn vị công tác, học tập"), _("Nhóm đối tượng"), _("Điểm"),
               _("Điểm tối đa"), _("Thời gian làm bài (giây)"), _("Dự đoán"), _("Sai số dự đoán"), _("Nộp bài lúc")]
    types = "nnssdsssssnnnnnt"
    if not personal_data:
        headers[4] = _("Năm sinh")
        types = types[:4] + "n" + types[5:]
    labels = {value: str(label) for value, label in AudienceGroup.choices}
    tz = timezone.get_current_timezone()
    queryset = results_queryset(record, user)

    def rows():
        for (number, rank, name, phone, dob, citizen_id, code, kind, commune, workplace, group, score, max_score,
             duration_ms, prediction, prediction_error, submitted_at) in (
                queryset.values_list(*RESULT_FIELDS).iterator(chunk_size=CHUNK_SIZE)):
            if personal_data:
                phone_out, dob_out, cid_out = national_phone(phone), dob, citizen_id or ""
            else:
                phone_out = mask_phone(phone) if phone else ""
                dob_out = dob.year if dob else None
                cid_out = mask_citizen_id(citizen_id)
            yield (number, rank, name, phone_out, dob_out, cid_out, code,
                   f"{kind[:1].upper()}{kind[1:]} {commune}", workplace, labels.get(group, group), score,
                   max_score, round(duration_ms / 1000, 1), prediction, prediction_error,
                   submitted_at.astimezone(tz).replace(tzinfo=None) if submitted_at else None)

    return Dataset(sheet_name=_("Kết quả"), headers=headers, types=types, count=queryset.count, rows=rows)


def statistics_dataset(record: ExportRecord, user, *, personal_data: bool) -> Dataset:
    headers = [_("Mã xã"), _("Xã, phường"), _("Nhóm đối tượng"), _("Số người đăng ký"), _("Số người có kết quả"),
               _("Số bài đã nộp"), _("Điểm trung bình")]
    rows_list = None

    def materialise():
        nonlocal rows_list
        if rows_list is None:
            # At most 95 communes × 7 groups: small, so kept in memory.
            rows_list = list(commune_audience_table(contest=record.contest, user=user, round=record.scope_round,
                                                    commune=record.scope_commune))
        return rows_list

    return Dataset(sheet_name=_("Thống kê"), headers=headers, types="sssnnnn",
                   count=lambda: len(materialise()), rows=lambda: iter(materialise()))


DATASETS = {ExportRecord.Kind.RESULTS: results_dataset, ExportRecord.Kind.STATISTICS: statistics_dataset}
