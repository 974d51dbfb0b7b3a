"""Question banks as spreadsheets: the template fixed in CONTRACTS.md (see quiz/README.md), read
from XLSX (openpyxl) or CSV and written with xlsxwriter or csv.

Import is all-or-nothing: every row is checked first and any error means nothing is written;
rows are upserted by ma_cau_hoi inside one transaction."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Category, Choice, Question
from .signals import choices_imported

OPTION_COLUMNS = [f"phuong_an_{i}" for i in range(1, 7)]
HEADER = ["ma_cau_hoi", "chu_de", "chu_de_con", "loai", "do_kho", "noi_dung", *OPTION_COLUMNS,
          "dap_an_dung", "giai_thich", "dang_dung"]
KINDS = {"mot_lua_chon": Question.Kind.SINGLE, "nhieu_lua_chon": Question.Kind.MULTIPLE,
         "dung_sai": Question.Kind.TRUE_FALSE, "tu_luan": Question.Kind.ESSAY}
KIND_CODES = {v: k for k, v in KINDS.items()}
DIFFICULTIES = {"de": Question.Difficulty.EASY, "trung_binh": Question.Difficulty.MEDIUM,
                "kho": Question.Difficulty.HARD}
DIFFICULTY_CODES = {v: k for k, v in DIFFICULTIES.items()}
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = {"ma_cau_hoi": 50, "chu_de": 200, "chu_de_con": 200, "noi_dung": 2000, "giai_thich": 4000,
          **{c: 1000 for c in OPTION_COLUMNS}}


@dataclass
class RowError:
    row: int | None  # the spreadsheet's row number (header = 1); None for the file as a whole
    column: str
    message: str

    def __iter__(self):  # (row, column, message)
        return iter((self.row, self.column, self.message))


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Row:
    number: int
    code: str
    topic: str
    subtopic: str
    kind: str
    difficulty: int
    text: str
    options: list[tuple[str, bool]]
    explanation: str
    is_active: bool


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(file, filename) -> tuple[list[list[str]], list[RowError]]:
    name = (filename or "").lower()
    data = file.read()
    if len(data) > MAX_FILE_BYTES:
        return [], [RowError(None, "", _("Tệp lớn quá 5 MB."))]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = []
            for values in sheet.iter_rows(values_only=True):
                rows.append([_cell(v) for v in values])
                if len(rows) > MAX_ROWS + 1:
                    break
            workbook.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
            return [], [RowError(None, "", _("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy lưu lại bằng Excel "
                                             "dưới dạng “Sổ làm việc Excel (.xlsx)” hoặc dùng tệp mẫu."))]
        return rows, []
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(None, "", _("Tệp CSV phải lưu với mã UTF-8 (trong Excel: “CSV UTF-8”)."))]
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        try:
            return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)], []
        except csv.Error:
            return [], [RowError(None, "", _("Tệp CSV không đọc được."))]
    return [], [RowError(None, "", _("Chỉ nhận tệp .xlsx hoặc .csv."))]


def _parse(rows: list[list[str]]) -> tuple[list[_Row], list[RowError]]:
    errors: list[RowError] = []
    if not rows:
        return [], [RowError(1, "", _("Tệp trống: thiếu dòng tiêu đề."))]
    header = [h.strip().lower() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    for column in HEADER:
        if column not in header:
            errors.append(RowError(1, column, _("Thiếu cột “%(column)s” trong dòng tiêu đề.") % {"column": column}))
    for column in header:
        if column not in HEADER:
            errors.append(RowError(1, column or "?", _("Cột “%(column)s” không có trong mẫu.") % {"column": column}))
    if len(set(header)) != len(header):
        errors.append(RowError(1, "", _("Dòng tiêu đề có cột trùng tên.")))
    if errors:
        return [], errors
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if len(body) > MAX_ROWS:
        return [], [RowError(None, "", _("Tệp có quá %(n)s dòng câu hỏi; hãy chia thành nhiều tệp.") % {"n": MAX_ROWS})]
    if not body:
        return [], [RowError(2, "", _("Tệp không có câu hỏi nào."))]

    parsed, seen = [], {}
    for number, values in body:
        record = {column: (values[i] if i < len(values) else "") for i, column in enumerate(header)}
        row_errors = []

        def error(column, message, row_errors=row_errors, number=number):
            row_errors.append(RowError(number, column, message))

        for column, limit in LIMITS.items():
            if len(record[column]) > limit:
                error(column, _("Dài quá %(limit)s ký tự (hiện có %(n)s).") % {"limit": limit, "n": len(record[column])})
        code = record["ma_cau_hoi"]
        if not code:
            error("ma_cau_hoi", _("Thiếu mã câu hỏi."))
        elif code in seen:
            error("ma_cau_hoi", _("Mã “%(code)s” trùng với dòng %(row)s.") % {"code": code, "row": seen[code]})
        else:
            seen[code] = number
        if not record["chu_de"]:
            error("chu_de", _("Thiếu chủ đề."))
        if not record["noi_dung"]:
            error("noi_dung", _("Thiếu nội dung câu hỏi."))
        kind = KINDS.get(record["loai"].lower())
        if kind is None:
            error("loai", _("Loại “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.")
                  % {"value": record["loai"], "allowed": ", ".join(KINDS)})
        difficulty = DIFFICULTIES.get(record["do_kho"].lower() or "trung_binh")
        if difficulty is None:
            error("do_kho", _("Độ khó “%(value)s” không hợp lệ; dùng một trong: %(allowed)s.")
                  % {"value": record["do_kho"], "allowed": ", ".join(DIFFICULTIES)})
        active = {"": True, "co": True, "có": True, "khong": False, "không": False}.get(record["dang_dung"].lower())
        if active is None:
            error("dang_dung", _("Giá trị “%(value)s” không hợp lệ; dùng “co” hoặc “khong”.") % {"value": record["dang_dung"]})

        options = {i: record[c] for i, c in enumerate(OPTION_COLUMNS, start=1) if record[c]}
        answer = record["dap_an_dung"]
        choices: list[tuple[str, bool]] = []
        if kind == Question.Kind.ESSAY:
            if options:
                error("phuong_an_1", _("Câu tự luận không có phương án; hãy để trống các cột phương án."))
            if answer:
                error("dap_an_dung", _("Câu tự luận không có đáp án đúng; hãy để trống cột này."))
        elif kind == Question.Kind.TRUE_FALSE:
            value = answer.lower()
            if value not in ("dung", "đúng", "sai"):
                error("dap_an_dung", _("Câu Đúng/Sai cần đáp án “dung” hoặc “sai” (đang là “%(value)s”).") % {"value": answer})
            extra = [i for i in options if i > 2]
            if extra:
                error(OPTION_COLUMNS[extra[0] - 1], _("Câu Đúng/Sai chỉ dùng phương án 1 và 2."))
            says_true = value in ("dung", "đúng")
            texts = [options.get(1) or _("Đúng"), options.get(2) or _("Sai")]
            # "dung" marks the choice reading Đúng, wherever it is; with other wording, choice 1.
            true_index = 1 if _truth(texts[1]) is True or _truth(texts[0]) is False else 0
            choices = [(t, (i == true_index) == says_true) for i, t in enumerate(texts)]
        elif kind is not None:
            numbers = sorted(options)
            if numbers != list(range(1, len(numbers) + 1)):
                error("phuong_an_1", _("Các phương án phải điền liên tục từ phuong_an_1, không bỏ trống ở giữa."))
            if len(options) < 2:
                error("phuong_an_2", _("Cần ít nhất hai phương án."))
            picked = []
            for part in [p.strip() for p in answer.split(";") if p.strip()]:
                if not part.isdigit():
                    error("dap_an_dung", _("“%(value)s” không phải số thứ tự phương án (ví dụ: 2 hoặc 1;3).") % {"value": part})
                elif int(part) not in options:
                    error("dap_an_dung", _("Đáp án %(n)s nằm ngoài các phương án đã điền (1–%(max)s).")
                          % {"n": part, "max": max(options) if options else 0})
                else:
                    picked.append(int(part))
            if not answer:
                error("dap_an_dung", _("Thiếu đáp án đúng."))
            elif kind == Question.Kind.SINGLE and len(set(picked)) > 1:
                error("dap_an_dung", _("Câu một lựa chọn chỉ có một đáp án đúng (đang có %(n)s).") % {"n": len(set(picked))})
            choices = [(options[i], i in picked) for i in sorted(options)]

        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(_Row(number, code, record["chu_de"], record["chu_de_con"], kind, difficulty,
                           record["noi_dung"], choices, record["giai_thich"], active))
    return parsed, errors


def _truth(text: str):
    """True for a choice reading Đúng, False for Sai, None for other wording."""
    return {"đúng": True, "dung": True, "true": True, "sai": False, "false": False}.get(text.strip().lower())


def _slug_for(name: str) -> str:
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:80] or "chu-de"
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _category(topic: str, subtopic: str, cache: dict) -> Category:
    key = (topic.lower(), subtopic.lower())
    if key in cache:
        return cache[key]
    parent = Category.objects.filter(parent__isnull=True, name__iexact=topic).first()
    if parent is None:
        parent = Category.objects.create(name=topic, slug=_slug_for(topic))
    category = parent
    if subtopic:
        category = Category.objects.filter(parent=parent, name__iexact=subtopic).first()
        if category is None:
            category = Category.objects.create(name=subtopic, parent=parent, slug=_slug_for(f"{topic} {subtopic}"))
    cache[key] = category
    return category


def _save_all(rows: list[_Row]) -> tuple[int, int, int]:
    """Upsert the questions in a few bulk queries (a 5,000-row file would otherwise take a dozen
    queries a row). Existing choices are updated in place, so their ids stay valid in the papers
    that recorded them; extra ones are added or removed. Returns (created, updated, unchanged)."""
    cache: dict = {}
    categories = [_category(row.topic, row.subtopic, cache) for row in rows]
    existing = Question.objects.in_bulk([row.code for row in rows], field_name="external_id")
    new, changed, kept = [], [], []
    fields = ["category_id", "kind", "difficulty", "text", "explanation", "is_active"]
    for row, category in zip(rows, categories):
        question = existing.get(row.code) or Question(external_id=row.code)
        before = [getattr(question, f) for f in fields]
        question.category, question.kind, question.difficulty = category, row.kind, row.difficulty
        question.text, question.explanation, question.is_active = row.text, row.explanation, row.is_active
        if question.pk is None:
            new.append(question)
        elif before != [getattr(question, f) for f in fields]:
            question.updated_at = timezone.now()
            changed.append(question)
        else:
            kept.append(question)
    Question.objects.bulk_create(new, batch_size=500)
    _update_rows(Question, changed, [*fields, "updated_at"])
    questions = {q.external_id: q for q in new + changed + kept}
    if any(q.pk is None for q in new):  # backends that do not return ids from bulk inserts
        questions.update(Question.objects.in_bulk([q.external_id for q in new], field_name="external_id"))

    old_choices: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question__in=[q.pk for q in changed + kept]).order_by("position", "id"):
        old_choices.setdefault(choice.question_id, []).append(choice)
    to_create, to_update, to_delete, touched = [], [], [], set()
    kept_ids = {q.pk for q in kept}
    for row in rows:
        question = questions[row.code]
        old = old_choices.get(question.pk, [])
        if question.pk in kept_ids and (len(old) != len(row.options) or any(
                (c.text, c.is_correct, c.position) != (t, ok, p)
                for p, (c, (t, ok)) in enumerate(zip(old, row.options), start=1))):
            touched.add(question.pk)  # only its choices changed
        for position, (text, correct) in enumerate(row.options, start=1):
            if old:
                choice = old.pop(0)
                if (choice.text, choice.is_correct, choice.position) != (text, correct, position):
                    choice.text, choice.is_correct, choice.position = text, correct, position
                    to_update.append(choice)
            else:
                to_create.append(Choice(question=question, text=text, is_correct=correct, position=position))
        to_delete += old
    Choice.objects.filter(pk__in=[c.pk for c in to_delete]).delete()
    # Positions may swap within a question: fine, the unique (question, position) constraint
    # is checked at commit (deferred) where the database has it.
    _update_rows(Choice, to_update, ["text", "is_correct", "position"])
    Choice.objects.bulk_create(to_create, batch_size=1000)
    Question.objects.filter(pk__in=touched).update(updated_at=timezone.now())
    rewritten = {c.question_id for c in to_update + to_create + to_delete}
    if rewritten:
        choices_imported.send(sender=Choice, question_ids=rewritten)
    return len(new), len(changed) + len(touched), len(kept) - len(touched)


def _update_rows(model, objects, fields):
    """One parametrised UPDATE run for many rows (executemany): Django's bulk_update builds a
    CASE expression per field and row, which costs seconds of Python for a few thousand rows."""
    if not objects:
        return
    meta = model._meta
    qn = connection.ops.quote_name
    columns = [meta.get_field(f) for f in fields]
    sql = (f"UPDATE {qn(meta.db_table)} SET " + ", ".join(f"{qn(c.column)} = %s" for c in columns)
           + f" WHERE {qn(meta.pk.column)} = %s")
    params = [[c.get_db_prep_save(getattr(o, c.attname), connection) for c in columns] + [o.pk] for o in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def question_bank_import(*, file, filename) -> ImportReport:
    rows, errors = _read_rows(file, filename)
    if errors:
        return ImportReport(errors=errors)
    parsed, errors = _parse(rows)
    if errors:
        return ImportReport(errors=errors)
    with transaction.atomic():
        created, updated, unchanged = _save_all(parsed)
    return ImportReport(created=created, updated=updated, unchanged=unchanged)


# --- export -------------------------------------------------------------------------------------

def _export_values(question: Question) -> list[str]:
    choices = list(question.choices.all())  # prefetched, in position order
    category = question.category
    topic, subtopic = (category.parent.name, category.name) if category.parent_id else (category.name, "")
    if question.kind == Question.Kind.TRUE_FALSE:
        correct = next((c for c in choices if c.is_correct), None)
        truth = _truth(correct.text) if correct else None
        if truth is None:
            truth = bool(choices) and choices[0].is_correct
        answer = "dung" if truth else "sai"
    else:
        answer = ";".join(str(i) for i, c in enumerate(choices, start=1) if c.is_correct)
    options = [c.text for c in choices[:6]] + [""] * (6 - min(len(choices), 6))
    return [question.external_id, topic, subtopic, KIND_CODES[question.kind], DIFFICULTY_CODES[question.difficulty],
            question.text, *options, answer, question.explanation, "co" if question.is_active else "khong"]


def export_queryset(queryset):
    """Questions to export, each with a code: one without is given `CH<id>` (saved) so that the
    exported file imports back onto the same questions."""
    missing = queryset.filter(external_id__isnull=True) | queryset.filter(external_id="")
    for pk in missing.values_list("pk", flat=True):
        code = f"CH{pk:06d}"
        if not Question.objects.filter(external_id=code).exists():
            Question.objects.filter(pk=pk).update(external_id=code)
    return (queryset.exclude(external_id__isnull=True).exclude(external_id="")
            .select_related("category", "category__parent").prefetch_related("choices").order_by("category", "id"))


def export_csv(queryset) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for question in export_queryset(queryset).iterator(chunk_size=500):
        writer.writerow(_export_values(question))
    return out.getvalue().encode("utf-8")


def export_xlsx(queryset, *, with_guide=False) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("cau_hoi")
    sheet.write_row(0, 0, HEADER, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(HEADER) - 1, 18)
    sheet.set_column(HEADER.index("noi_dung"), HEADER.index("noi_dung"), 50, wrap)
    if queryset is not None:
        for r, question in enumerate(export_queryset(queryset).iterator(chunk_size=500), start=1):
            for c, value in enumerate(_export_values(question)):
                sheet.write_string(r, c, value or "")
    if with_guide:
        guide = workbook.add_worksheet("huong_dan")
        guide.set_column(0, 0, 16)
        guide.set_column(1, 1, 90, wrap)
        guide.write_row(0, 0, [_("Cột"), _("Cách điền")], bold)
        for r, (column, text) in enumerate(column_guide(), start=1):
            guide.write_string(r, 0, column)
            guide.write_string(r, 1, str(text))
    workbook.close()
    return out.getvalue()


def column_guide():
    return [
        ("ma_cau_hoi", _("Mã câu hỏi do ban tổ chức đặt, không trùng (tối đa 50 ký tự). Nhập lại cùng mã sẽ cập nhật câu hỏi.")),
        ("chu_de", _("Tên chủ đề; chưa có thì được tạo mới.")),
        ("chu_de_con", _("Chủ đề con (không bắt buộc), thuộc chủ đề ở cột chu_de.")),
        ("loai", _("mot_lua_chon, nhieu_lua_chon, dung_sai hoặc tu_luan.")),
        ("do_kho", _("de, trung_binh hoặc kho (để trống = trung_binh).")),
        ("noi_dung", _("Nội dung câu hỏi (tối đa 2000 ký tự).")),
        ("phuong_an_1 … phuong_an_6", _("Các phương án, điền liên tục từ phuong_an_1 (tối đa 1000 ký tự mỗi phương án). "
                                        "Câu dung_sai có thể để trống (tự tạo Đúng/Sai); câu tu_luan để trống.")),
        ("dap_an_dung", _("Số thứ tự phương án đúng, cách nhau bởi dấu chấm phẩy (ví dụ 2 hoặc 1;3); "
                          "câu dung_sai ghi dung hoặc sai; câu tu_luan để trống.")),
        ("giai_thich", _("Giải thích hiện sau khi trả lời (không bắt buộc, tối đa 4000 ký tự).")),
        ("dang_dung", _("co hoặc khong (để trống = co).")),
    ]


def safe_filename_part(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", slugify(text.replace("đ", "d")))[:40] or "cau-hoi"
