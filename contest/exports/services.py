"""Export jobs: `export_request` checks the request and records it (the ExportRecord is the audit
row: who, when, what); `export_run` (a Celery task) writes the file row by row, updating
rows_done as it goes, and records the final row count."""

import logging
import os
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..access import is_contest_organiser, officer_commune_id, sees_personal_data
from ..models import ExportRecord, Round
from ..services.errors import ContestError
from .datasets import DATASETS
from .storage import export_storage
from .writers import WRITERS

log = logging.getLogger(__name__)
PROGRESS_EVERY = 5000


def export_request(*, user, contest, kind: str, fmt: str, round: Round | None = None, commune=None,
                   run=True) -> ExportRecord:
    """Record an export and queue it. Organisers may export anything; a commune officer only their
    own commune (an empty commune means theirs). Raises ContestError (403/400) otherwise."""
    if kind not in ExportRecord.Kind.values or fmt not in ExportRecord.Format.values:
        raise ContestError(_("Loại hoặc định dạng bản xuất không hợp lệ."))
    if round is not None and round.contest_id != contest.pk:
        raise ContestError(_("Đợt thi không thuộc cuộc thi này."), field="round")
    if commune is not None and commune.level != "commune":
        raise ContestError(_("Chọn xã, phường trong danh sách."), field="commune")
    if not is_contest_organiser(user):
        own = officer_commune_id(user)
        if own is None:
            raise ContestError(_("Bạn không có quyền xuất dữ liệu cuộc thi."), code="forbidden", status=403)
        if commune is not None and commune.pk != own:
            raise ContestError(_("Bạn chỉ được xuất dữ liệu của xã, phường mình."), code="forbidden", status=403)
        from accounts.models import AdministrativeUnit

        commune = AdministrativeUnit.objects.get(pk=own)
    record = ExportRecord.objects.create(user=user, contest=contest, kind=kind, fmt=fmt, scope_round=round,
                                         scope_commune=commune)
    log.info("contest export %s requested by user %s: %s %s round=%s commune=%s", record.pk, user.pk, kind, fmt,
             getattr(round, "pk", None), getattr(commune, "pk", None))
    if run:
        from ..tasks import export_run as task

        transaction.on_commit(lambda: task.delay(record.pk))
    return record


def export_filename(record: ExportRecord) -> str:
    """The name the downloader sees: ket-qua_<contest>_dot-1_<commune code>_<date>.xlsx"""
    parts = ["ket-qua" if record.kind == ExportRecord.Kind.RESULTS else "thong-ke",
             slugify(record.contest.slug if record.contest_id else "cuoc-thi")[:40]]
    if record.scope_round_id:
        parts.append(f"dot-{record.scope_round.number}")
    if record.scope_commune_id:
        parts.append(record.scope_commune.code)
    parts.append(timezone.localtime(record.created_at).strftime("%Y%m%d-%H%M"))
    return "_".join(parts) + f".{record.fmt}"


def export_run(record_id: int) -> ExportRecord:
    """Write the export's file. Runs once per record: a record already done or failed is left
    alone (a retried message must not overwrite the audit row)."""
    record = ExportRecord.objects.select_related("user", "contest", "scope_round", "scope_commune").get(pk=record_id)
    if record.status in (ExportRecord.Status.DONE, ExportRecord.Status.FAILED):
        return record
    user = record.user
    storage = export_storage()
    # A random folder per file: names never guessable, and never served (private storage).
    name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{export_filename(record)}"
    path = storage.path(name)
    try:
        if user is None or not user.is_active or not (is_contest_organiser(user) or officer_commune_id(user)):
            raise ContestError(_("Người yêu cầu không còn quyền xuất dữ liệu."), status=403)
        dataset = DATASETS[record.kind](record, user, personal_data=sees_personal_data(user))
        expected = dataset.count()
        ExportRecord.objects.filter(pk=record.pk).update(status=ExportRecord.Status.RUNNING, row_count=expected,
                                                         rows_done=0)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        writer = WRITERS[record.fmt](path, [str(h) for h in dataset.headers], dataset.types, str(dataset.sheet_name))
        done = 0
        try:
            write = writer.write
            for row in dataset.rows():
                write(row)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    ExportRecord.objects.filter(pk=record.pk).update(rows_done=done)
        finally:
            writer.close()
    except Exception as error:  # the audit row must say the export failed, whatever the reason
        log.exception("contest export %s failed", record.pk)
        if os.path.exists(path):
            os.remove(path)
        ExportRecord.objects.filter(pk=record.pk).update(status=ExportRecord.Status.FAILED, error=str(error)[:2000],
                                                         finished_at=timezone.now())
        record.refresh_from_db()
        return record
    ExportRecord.objects.filter(pk=record.pk).update(status=ExportRecord.Status.DONE, rows_done=done, row_count=done,
                                                     file=name, finished_at=timezone.now())
    record.refresh_from_db()
    log.info("contest export %s done: %s rows", record.pk, done)
    return record
