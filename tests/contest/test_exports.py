"""Exports: rows equal the database's, commune scoping, masking, audit rows, download permissions."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.phone import mask_phone
from contest.exports.services import export_request, export_run
from contest.exports.storage import export_storage
from contest.models import ExportRecord, RoundResult
from contest.services import ContestError
from tests.contest.ops_helpers import contest_with_results, editor, officer, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_exports(settings, tmp_path):
    settings.CONTEST_EXPORT_ROOT = str(tmp_path / "exports")


@pytest.fixture
def data():
    return contest_with_results(per_commune=(4, 3))


def read_rows(record):
    with export_storage().open(record.file.name, "rb") as f:
        content = f.read()
    if record.fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        return rows[0], rows[1:]
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def run(user, contest, **kw):
    record = export_request(user=user, contest=contest, run=False, **kw)
    return export_run(record.pk)


def db_rows(round, commune=None):
    qs = RoundResult.objects.filter(round=round).select_related("entrant", "commune")
    if commune is not None:
        qs = qs.filter(commune=commune)
    return qs.order_by("-score", "duration_ms", "submitted_at", "id")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_results_export_rows_equal_the_database(data, fmt):
    contest, round, _communes, _entrants = data
    record = run(organiser(), contest, kind="results", fmt=fmt, round=round)
    assert record.status == ExportRecord.Status.DONE
    header, rows = read_rows(record)
    assert header[:4] == ["Đợt", "Hạng chung cuộc", "Họ và tên", "Số điện thoại"]
    expected = list(db_rows(round))
    assert len(rows) == len(expected) == 7
    for row, result in zip(rows, expected):
        entrant = result.entrant
        cells = [str(c) if c is not None else "" for c in row]
        assert cells[2] == entrant.full_name
        assert cells[3] == "0" + entrant.phone[3:]  # full phone for organisers, leading zero kept
        assert cells[5] == entrant.citizen_id  # text: 12 digits with the leading zero
        assert cells[6] == result.commune.code
        assert cells[7] == result.commune.full_name
        assert float(cells[10]) == result.score
        assert float(cells[12]) == round_(result.duration_ms / 1000)
        submitted = timezone.localtime(result.submitted_at).replace(tzinfo=None, microsecond=0)
        assert cells[15].replace("T", " ")[:19] == submitted.isoformat(sep=" ")


def round_(value):
    return round(value, 1)


def test_audit_row_records_who_what_and_row_count(data):
    contest, round, communes, _entrants = data
    user = organiser()
    record = run(user, contest, kind="results", fmt="xlsx", commune=communes[1])
    assert (record.user, record.kind, record.fmt, record.scope_commune) == (user, "results", "xlsx", communes[1])
    assert record.row_count == record.rows_done == 3
    assert record.finished_at is not None and record.created_at <= record.finished_at


def test_commune_officer_export_holds_only_their_commune_with_masked_personal_data(data):
    contest, round, communes, _entrants = data
    user = officer(communes[0])
    record = run(user, contest, kind="results", fmt="csv")
    assert record.scope_commune == communes[0]  # forced to their own commune
    header, rows = read_rows(record)
    expected = list(db_rows(round, communes[0]))
    assert len(rows) == len(expected) == 4
    assert {r[6] for r in rows} == {communes[0].code}
    assert header[4] == "Năm sinh"
    for row, result in zip(rows, expected):
        assert row[3] == mask_phone(result.entrant.phone)
        assert row[5] != result.entrant.citizen_id and row[5].endswith(result.entrant.citizen_id[-3:])
        assert row[4] == str(result.entrant.date_of_birth.year)


def test_commune_officer_with_personal_data_permission_sees_it_in_full(data):
    from django.contrib.auth.models import Permission

    contest, round, communes, _entrants = data
    user = officer(communes[0])
    user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    header, rows = read_rows(run(user, contest, kind="results", fmt="csv"))
    phones = {"0" + r.entrant.phone[3:] for r in db_rows(round, communes[0])}
    assert {r[3] for r in rows} == phones


def test_commune_officer_cannot_request_another_commune(data):
    contest, _round, communes, _entrants = data
    with pytest.raises(ContestError) as error:
        export_request(user=officer(communes[0]), contest=contest, kind="results", fmt="xlsx", commune=communes[1])
    assert error.value.status == 403
    assert not ExportRecord.objects.exists()


def test_editor_cannot_request_an_export(data):
    contest, *_rest = data
    with pytest.raises(ContestError):
        export_request(user=editor(), contest=contest, kind="results", fmt="xlsx")
    assert not ExportRecord.objects.exists()


def test_statistics_export_counts_equal_the_database(data):
    contest, round, communes, entrants = data
    record = run(organiser(), contest, kind="statistics", fmt="xlsx")
    header, rows = read_rows(record)
    assert header == ["Mã xã", "Xã, phường", "Nhóm đối tượng", "Số người đăng ký", "Số người có kết quả",
                      "Số bài đã nộp", "Điểm trung bình"]
    assert sum(r[3] for r in rows) == len(entrants)
    assert sum(r[4] for r in rows) == RoundResult.objects.filter(round=round).count()
    by_commune = {}
    for r in rows:
        by_commune[r[0]] = by_commune.get(r[0], 0) + r[3]
    assert by_commune == {communes[0].code: 4, communes[1].code: 3}
    assert record.row_count == len(rows)


def test_statistics_for_an_officer_hold_only_their_commune(data):
    contest, _round, communes, _entrants = data
    _header, rows = read_rows(run(officer(communes[1]), contest, kind="statistics", fmt="csv"))
    assert {r[0] for r in rows} == {communes[1].code}
    assert sum(int(r[3]) for r in rows) == 3


def test_export_task_runs_once(data):
    contest, *_rest = data
    record = run(organiser(), contest, kind="results", fmt="csv")
    name = record.file.name
    again = export_run(record.pk)
    assert again.file.name == name and again.status == ExportRecord.Status.DONE


def test_export_file_is_not_under_media_root(data, settings):
    contest, *_rest = data
    record = run(organiser(), contest, kind="results", fmt="csv")
    path = export_storage().path(record.file.name)
    assert not path.startswith(str(settings.MEDIA_ROOT))


# Downloads ---------------------------------------------------------------------------------------

def download_url(record):
    return reverse("contest_admin:export_download", args=[record.pk])


def test_organiser_downloads_an_export(client, data):
    contest, *_rest = data
    user = organiser()
    record = run(user, contest, kind="results", fmt="csv")
    client.force_login(user)
    response = client.get(download_url(record))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")


def test_commune_officer_downloads_their_own_commune_export_but_not_another(client, data):
    contest, _round, communes, _entrants = data
    own_officer, other_officer = officer(communes[0]), officer(communes[1])
    mine = run(own_officer, contest, kind="results", fmt="csv")
    theirs = run(other_officer, contest, kind="results", fmt="csv")
    province = run(organiser(), contest, kind="results", fmt="csv")
    client.force_login(own_officer)
    assert client.get(download_url(mine)).status_code == 200
    assert client.get(download_url(theirs)).status_code == 403
    assert client.get(download_url(province)).status_code == 403


def test_officer_cannot_download_an_organisers_unmasked_export_of_their_commune(client, data):
    contest, _round, communes, _entrants = data
    record = run(organiser(), contest, kind="results", fmt="csv", commune=communes[0])
    user = officer(communes[0])
    client.force_login(user)
    assert client.get(download_url(record)).status_code == 403


def test_anonymous_and_editor_cannot_download(client, data):
    contest, *_rest = data
    record = run(organiser(), contest, kind="results", fmt="csv")
    response = client.get(download_url(record))
    assert response.status_code in (302, 403)
    assert b"".join(getattr(response, "streaming_content", [response.content])) .find(b"\xef\xbb\xbf") == -1
    client.force_login(editor())
    assert client.get(download_url(record)).status_code == 403


def test_download_of_an_unfinished_export_is_a_404(client, data):
    contest, *_rest = data
    user = organiser()
    record = export_request(user=user, contest=contest, kind="results", fmt="csv", run=False)
    client.force_login(user)
    assert client.get(download_url(record)).status_code == 404
