import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AdministrativeUnit, AdministrativeUnitHistory

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[1] / "files"


def test_default_load_is_dong_nai_95_units_as_of_2026():
    call_command("load_units", stdout=io.StringIO())
    communes = AdministrativeUnit.objects.filter(level="commune")
    assert communes.count() == 95
    assert communes.filter(kind="phường").count() == 33
    assert communes.filter(kind="xã").count() == 62
    province = AdministrativeUnit.objects.get(code="75")
    assert (province.level, province.name, province.kind) == ("province", "Đồng Nai", "thành phố")
    assert str(communes.get(code="26068")) == "Phường Biên Hòa"


def test_loading_twice_changes_nothing():
    call_command("load_units", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_units", stdout=out)
    assert "0 mới, 0 thay đổi, 95 giữ nguyên" in out.getvalue()
    assert AdministrativeUnit.objects.filter(level="commune").count() == 95


def test_reclassification_keeps_the_code_and_records_history():
    call_command("load_units", "--file", str(Path("accounts/data/dongnai_units_2025-07-01.csv")),
                 "--effective", "2025-07-01", stdout=io.StringIO())
    unit = AdministrativeUnit.objects.get(code="26485")
    assert unit.kind == "xã"
    pk = unit.pk
    call_command("load_units", stdout=io.StringIO())  # the 30/4/2026 list
    unit.refresh_from_db()
    assert (unit.pk, unit.kind, unit.valid_from) == (pk, "phường", dt.date(2026, 4, 30))
    past = AdministrativeUnitHistory.objects.get(unit=unit)
    assert (past.kind, past.valid_until) == ("xã", dt.date(2026, 4, 29))
    assert AdministrativeUnitHistory.objects.count() == 10  # the ten xã that became phường


def test_any_province_loads_from_the_national_file():
    call_command("load_units", "--national", "--province", "01", stdout=io.StringIO())
    hanoi = AdministrativeUnit.objects.get(code="01")
    assert hanoi.name == "Hà Nội" and hanoi.kind == "thành phố"
    assert hanoi.children.count() == 126
    assert hanoi.children.get(code="00070").name == "Hoàn Kiếm"


def test_malformed_csv_reports_every_problem_and_loads_nothing():
    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", "--file", str(FILES / "units_malformed.csv"), stdout=io.StringIO())
    message = str(excinfo.value)
    assert "Không nạp gì cả" in message
    assert "Dòng 3, cột code: mã đơn vị phải có đúng 5 chữ số" in message
    assert "Dòng 4, cột name: thiếu tên đơn vị" in message
    assert "Dòng 5, cột kind" in message
    assert "Dòng 6, cột code: mã 26068 trùng với dòng 2" in message
    assert AdministrativeUnit.objects.count() == 0


def test_file_with_wrong_columns_is_refused():
    with pytest.raises(CommandError, match="thiếu cột"):
        call_command("load_units", "--file", str(FILES / "units_wrong_header.csv"), stdout=io.StringIO())
    assert AdministrativeUnit.objects.count() == 0


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("load_units", "--file", "/nonexistent.csv", stdout=io.StringIO())
