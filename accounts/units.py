"""Loading administrative units from the GSO-derived CSV files.

Two shapes are accepted: a province file `code,name,kind` (the province given on the command line)
and the national file `province_code,province_name,code,name,kind`. The whole file is checked before
anything is written; one bad row means nothing is loaded, and every problem is reported with its
line number, in Vietnamese."""

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, AdministrativeUnitHistory

COMMUNE_KINDS = {"xã", "phường", "đặc khu"}
CODE_RE = re.compile(r"^\d{5}$")
PROVINCE_CODE_RE = re.compile(r"^\d{2}$")


class UnitFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class UnitRow:
    province_code: str
    province_name: str
    code: str
    name: str
    kind: str


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def parse_units(
    stream: io.TextIOBase, *, province_code: str | None = None, province_name: str | None = None,
    only_province: str | None = None,
) -> list[UnitRow]:
    reader = csv.DictReader(stream)
    header = [h.strip() for h in (reader.fieldnames or [])]
    national = {"province_code", "province_name", "code", "name", "kind"} <= set(header)
    provincial = {"code", "name", "kind"} <= set(header)
    if not (national or provincial):
        raise UnitFileError([
            _("Dòng 1: thiếu cột. Tệp cần các cột code,name,kind hoặc province_code,province_name,code,name,kind.")
        ])
    if not national and not province_code:
        raise UnitFileError([_("Tệp không có cột province_code: hãy chỉ rõ tỉnh bằng --province-code.")])

    rows, problems, seen = [], [], {}
    for line_no, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(_("Dòng %(line)d: thừa cột.") % {"line": line_no})
            continue
        record = {k.strip(): _nfc(v) for k, v in raw.items() if k}
        p_code = record.get("province_code") if national else province_code
        p_name = record.get("province_name") if national else (province_name or "")
        if only_province and p_code != only_province:
            continue
        code, name, kind = record.get("code", ""), record.get("name", ""), record.get("kind", "").lower()
        if not PROVINCE_CODE_RE.match(p_code or ""):
            problems.append(_("Dòng %(line)d, cột province_code: mã tỉnh phải có đúng 2 chữ số, nhận được “%(value)s”.") % {"line": line_no, "value": p_code})
        if not CODE_RE.match(code):
            problems.append(_("Dòng %(line)d, cột code: mã đơn vị phải có đúng 5 chữ số, nhận được “%(value)s”.") % {"line": line_no, "value": code})
        if not name:
            problems.append(_("Dòng %(line)d, cột name: thiếu tên đơn vị.") % {"line": line_no})
        elif len(name) > 100:
            problems.append(_("Dòng %(line)d, cột name: tên dài quá 100 ký tự.") % {"line": line_no})
        if kind not in COMMUNE_KINDS:
            problems.append(_("Dòng %(line)d, cột kind: loại đơn vị phải là xã, phường hoặc đặc khu, nhận được “%(value)s”.") % {"line": line_no, "value": kind})
        if code in seen:
            problems.append(_("Dòng %(line)d, cột code: mã %(code)s trùng với dòng %(first)d.") % {"line": line_no, "code": code, "first": seen[code]})
        seen.setdefault(code, line_no)
        rows.append(UnitRow(p_code, p_name, code, name, kind))
    if problems:
        raise UnitFileError(problems)
    if not rows:
        raise UnitFileError([_("Tệp không có đơn vị nào để nạp.")])
    return rows


def _province_kind_and_name(raw_name: str) -> tuple[str, str]:
    for prefix in ("Thành phố", "Tỉnh"):
        if raw_name.startswith(prefix + " "):
            return prefix.lower(), raw_name[len(prefix) + 1:]
    return "tỉnh", raw_name


@transaction.atomic
def load_units(rows: list[UnitRow], *, effective: dt.date | None = None) -> LoadResult:
    """Upsert the units by code. A unit whose name or kind changes keeps its code (other records
    point at it) and gets a history row saying what it was until the day before `effective`."""
    result = LoadResult()
    provinces = {}
    for row in rows:
        if row.province_code in provinces:
            continue
        kind, name = _province_kind_and_name(row.province_name or row.province_code)
        province, created = AdministrativeUnit.objects.get_or_create(
            code=row.province_code,
            defaults={"level": AdministrativeUnit.Level.PROVINCE, "name": name, "kind": kind, "valid_from": effective},
        )
        if not created and row.province_name and (province.name, province.kind) != (name, kind):
            _record_change(province, name=name, kind=kind, effective=effective)
        provinces[row.province_code] = province

    existing = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[r.code for r in rows])}
    for row in rows:
        unit = existing.get(row.code)
        parent = provinces[row.province_code]
        if unit is None:
            AdministrativeUnit.objects.create(
                code=row.code, level=AdministrativeUnit.Level.COMMUNE, parent=parent,
                name=row.name, kind=row.kind, valid_from=effective,
            )
            result.created += 1
        elif (unit.name, unit.kind, unit.parent_id) != (row.name, row.kind, parent.pk):
            unit.parent = parent
            _record_change(unit, name=row.name, kind=row.kind, effective=effective)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _record_change(unit: AdministrativeUnit, *, name: str, kind: str, effective: dt.date | None):
    if (unit.name, unit.kind) != (name, kind):
        until = (effective or dt.date.today()) - dt.timedelta(days=1)
        AdministrativeUnitHistory.objects.update_or_create(
            unit=unit, valid_until=until,
            defaults={"name": unit.name, "kind": unit.kind, "valid_from": unit.valid_from},
        )
        unit.valid_from = effective
    unit.name, unit.kind = name, kind
    unit.save()
