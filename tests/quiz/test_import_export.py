"""Question bank files: the template, all-or-nothing import with a row-by-row report, export."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from quiz.models import Category, Choice, Question
from quiz.question_bank import HEADER, export_csv, export_xlsx
from quiz.services import question_bank_import
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["ATS-001", "An toàn số", "Lừa đảo qua mạng", "mot_lua_chon", "de",
     "Khi có người gọi điện xưng công an và yêu cầu chuyển tiền, bạn nên làm gì?",
     "Chuyển tiền ngay", "Cúp máy và báo công an xã", "Cung cấp mã OTP", "", "", "", "2",
     "Công an không yêu cầu chuyển tiền qua điện thoại.", "co"],
    ["DVC-001", "Dịch vụ công trực tuyến", "", "nhieu_lua_chon", "trung_binh",
     "Những kênh nào dùng để nộp hồ sơ trực tuyến?", "Cổng Dịch vụ công quốc gia", "VNeID", "Mạng xã hội lạ", "",
     "", "", "1;2", "", ""],
    ["VNEID-001", "VNeID", "", "dung_sai", "kho", "Tài khoản định danh mức 2 dùng được nhiều dịch vụ hơn mức 1.",
     "", "", "", "", "", "", "dung", "", "co"],
    ["AI-001", "Trí tuệ nhân tạo", "", "tu_luan", "", "Nêu một việc bạn dùng AI để làm nhanh hơn.",
     "", "", "", "", "", "", "", "", "khong"],
]


def xlsx_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER, bom=True):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def run(data, filename="ngan-hang.xlsx"):
    return question_bank_import(file=io.BytesIO(data), filename=filename)


def snapshot():
    return (
        sorted(Question.objects.values_list("external_id", "text", "kind", "difficulty", "is_active", "explanation",
                                            "category__name")),
        sorted(Choice.objects.values_list("question__external_id", "position", "text", "is_correct")),
        sorted(Category.objects.values_list("name", "parent__name")),
    )


@pytest.mark.parametrize("make,filename", [(xlsx_bytes, "a.xlsx"), (csv_bytes, "a.csv")])
def test_good_file_imports_every_type(make, filename):
    report = run(make(GOOD_ROWS), filename)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (4, 0)
    single = Question.objects.get(external_id="ATS-001")
    assert single.kind == Question.Kind.SINGLE and single.difficulty == Question.Difficulty.EASY
    assert str(single.category) == "An toàn số › Lừa đảo qua mạng"
    assert [(c.text, c.is_correct) for c in single.choices.all()] == [
        ("Chuyển tiền ngay", False), ("Cúp máy và báo công an xã", True), ("Cung cấp mã OTP", False)]
    multiple = Question.objects.get(external_id="DVC-001")
    assert [c.is_correct for c in multiple.choices.all()] == [True, True, False]
    assert multiple.difficulty == Question.Difficulty.MEDIUM and multiple.is_active
    true_false = Question.objects.get(external_id="VNEID-001")
    assert [(c.text, c.is_correct) for c in true_false.choices.all()] == [("Đúng", True), ("Sai", False)]
    essay = Question.objects.get(external_id="AI-001")
    assert essay.kind == Question.Kind.ESSAY and not essay.choices.exists() and not essay.is_active


def test_csv_without_bom_and_with_semicolons_is_read():
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, GOOD_ROWS[0]])
    report = run(out.getvalue().encode("utf-8"), "a.csv")
    assert report.ok and report.created == 1


def test_reimport_updates_by_code_and_keeps_choice_ids():
    run(xlsx_bytes(GOOD_ROWS))
    ids = list(Choice.objects.filter(question__external_id="ATS-001").values_list("id", flat=True))
    changed = [list(r) for r in GOOD_ROWS[:1]]
    changed[0][5] = "Câu hỏi đã sửa?"
    changed[0][8] = ""  # one choice fewer
    changed[0][12] = "1"
    report = run(xlsx_bytes(changed + GOOD_ROWS[1:]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    question = Question.objects.get(external_id="ATS-001")
    assert question.text == "Câu hỏi đã sửa?"
    assert [(c.id, c.is_correct) for c in question.choices.all()] == [(ids[0], True), (ids[1], False)]
    assert Question.objects.count() == 4


def test_reimport_reorders_and_rewrites_choices_in_place():
    run(xlsx_bytes(GOOD_ROWS))
    question = Question.objects.get(external_id="ATS-001")
    ids = list(question.choices.values_list("id", flat=True))
    row = list(GOOD_ROWS[0])
    row[6:9] = ["Cúp máy và báo công an xã", "Chuyển tiền ngay", "Cung cấp mã OTP (sửa)"]
    row[12] = "1"
    report = run(xlsx_bytes([row]))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert [(c.id, c.text, c.is_correct) for c in question.choices.order_by("position")] == [
        (ids[0], "Cúp máy và báo công an xã", True), (ids[1], "Chuyển tiền ngay", False),
        (ids[2], "Cung cấp mã OTP (sửa)", False)]


def bad(row_index, column, value):
    rows = [list(r) for r in GOOD_ROWS]
    rows[row_index][HEADER.index(column)] = value
    return rows


@pytest.mark.parametrize("rows,expected", [
    (bad(0, "loai", "trac_nghiem"),
     [(2, "loai", "Loại “trac_nghiem” không hợp lệ; dùng một trong: mot_lua_chon, nhieu_lua_chon, dung_sai, tu_luan.")]),
    (bad(0, "dap_an_dung", "5"),
     [(2, "dap_an_dung", "Đáp án 5 nằm ngoài các phương án đã điền (1–3).")]),
    (bad(1, "noi_dung", ""), [(3, "noi_dung", "Thiếu nội dung câu hỏi.")]),
    (bad(0, "dap_an_dung", "1;2"),
     [(2, "dap_an_dung", "Câu một lựa chọn chỉ có một đáp án đúng (đang có 2).")]),
    (bad(2, "noi_dung", "x" * 2001), [(4, "noi_dung", "Dài quá 2000 ký tự (hiện có 2001).")]),
    (bad(0, "do_kho", "rat_kho"),
     [(2, "do_kho", "Độ khó “rat_kho” không hợp lệ; dùng một trong: de, trung_binh, kho.")]),
    (bad(2, "dap_an_dung", "co le"),
     [(4, "dap_an_dung", "Câu Đúng/Sai cần đáp án “dung” hoặc “sai” (đang là “co le”).")]),
    (bad(3, "dap_an_dung", "1"), [(5, "dap_an_dung", "Câu tự luận không có đáp án đúng; hãy để trống cột này.")]),
    (bad(0, "dang_dung", "roi"), [(2, "dang_dung", "Giá trị “roi” không hợp lệ; dùng “co” hoặc “khong”.")]),
    (bad(1, "ma_cau_hoi", "ATS-001"), [(3, "ma_cau_hoi", "Mã “ATS-001” trùng với dòng 2.")]),
    (bad(0, "dap_an_dung", "hai"),
     [(2, "dap_an_dung", "“hai” không phải số thứ tự phương án (ví dụ: 2 hoặc 1;3).")]),
    (bad(0, "dap_an_dung", ""), [(2, "dap_an_dung", "Thiếu đáp án đúng.")]),
    (bad(0, "phuong_an_2", ""),
     [(2, "phuong_an_1", "Các phương án phải điền liên tục từ phuong_an_1, không bỏ trống ở giữa."),
      (2, "dap_an_dung", "Đáp án 2 nằm ngoài các phương án đã điền (1–3).")]),
])
def test_bad_rows_give_exact_errors_and_change_nothing(rows, expected):
    QuestionFactory(external_id="ATS-001", text="Câu cũ")
    before = snapshot()
    report = run(xlsx_bytes(rows))
    assert [tuple(e) for e in report.errors] == expected
    assert (report.created, report.updated) == (0, 0)
    assert snapshot() == before


def test_every_bad_row_is_reported_at_once():
    rows = bad(0, "loai", "x")
    rows[2][HEADER.index("noi_dung")] = ""
    report = run(csv_bytes(rows), "a.csv")
    assert [(e.row, e.column) for e in report.errors] == [(2, "loai"), (4, "noi_dung")]
    assert not Question.objects.exists()


def test_missing_header_column():
    header = [h for h in HEADER if h != "dap_an_dung"]
    rows = [[v for i, v in enumerate(r) if HEADER[i] != "dap_an_dung"] for r in GOOD_ROWS]
    report = run(xlsx_bytes(rows, header=header))
    assert [tuple(e) for e in report.errors] == [(1, "dap_an_dung", "Thiếu cột “dap_an_dung” trong dòng tiêu đề.")]
    assert not Question.objects.exists()


def test_unknown_header_column():
    report = run(csv_bytes([r + ["x"] for r in GOOD_ROWS], header=HEADER + ["ghi_chu"]), "a.csv")
    assert [tuple(e) for e in report.errors] == [(1, "ghi_chu", "Cột “ghi_chu” không có trong mẫu.")]


@pytest.mark.parametrize("data,filename,message", [
    (b"PK\x03\x04 not really a zip", "a.xlsx", "Tệp không phải tệp Excel (.xlsx) hợp lệ."),
    (b"%PDF-1.4 ...", "a.xlsx", "Tệp không phải tệp Excel (.xlsx) hợp lệ."),
    (b"ma_cau_hoi,chu_de\n", "a.xls", "Chỉ nhận tệp .xlsx hoặc .csv."),
    ("ma_cau_hoi,\u0111\u00ea\n".encode("cp1258"), "a.csv", "Tệp CSV phải lưu với mã UTF-8"),
    (b"", "a.csv", "Tệp trống: thiếu dòng tiêu đề."),
])
def test_unreadable_files(data, filename, message):
    report = run(data, filename)
    assert len(report.errors) == 1 and report.errors[0].message.startswith(message)
    assert not Question.objects.exists()


def test_header_only_file_has_no_questions():
    report = run(csv_bytes([]), "a.csv")
    assert [tuple(e) for e in report.errors] == [(2, "", "Tệp không có câu hỏi nào.")]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_round_trip_is_equal(fmt):
    run(xlsx_bytes(GOOD_ROWS))
    # plus questions made in the admin: no code yet, a sub-category, true/false worded Sai first
    QuestionFactory(category=CategoryFactory(name="Chuyển đổi số"), kind=Question.Kind.MULTIPLE)
    QuestionFactory(kind=Question.Kind.TRUE_FALSE, answers=[("Sai", True), ("Đúng", False)])
    data = export_xlsx(Question.objects.all()) if fmt == "xlsx" else export_csv(Question.objects.all())
    before = snapshot()
    assert None not in [q for q, *_ in before[0]]  # every question got a code on export
    report = run(data, f"x.{fmt}")
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert snapshot() == before
    # and into an empty bank
    Choice.objects.all().delete()
    Question.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    report = run(data, f"x.{fmt}")
    assert report.created == 6
    assert snapshot()[0] == before[0] and snapshot()[2] == before[2]
    assert [c[0:1] + c[2:] for c in snapshot()[1]] == [c[0:1] + c[2:] for c in before[1]]


# --- admin views -------------------------------------------------------------------------------

@pytest.fixture
def organiser_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CONTEST_ORGANISERS))
    client.force_login(user)
    return client


def test_admin_upload_shows_the_error_table_and_imports_nothing(organiser_client):
    upload = SimpleUploadedFile("cau-hoi.xlsx", xlsx_bytes(bad(0, "loai", "abc")))
    response = organiser_client.post("/cms/quiz_import/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không nhập câu nào: tệp có 1 lỗi." in html
    assert "<td>2</td><td>loai</td><td>Loại “abc” không hợp lệ" in html
    assert not Question.objects.exists()


def test_admin_upload_without_a_file(organiser_client):
    response = organiser_client.post("/cms/quiz_import/", {})
    assert response.status_code == 400 and "Hãy chọn tệp để nhập." in response.content.decode()


def test_admin_upload_imports_a_good_file(organiser_client):
    upload = SimpleUploadedFile("cau-hoi.csv", csv_bytes(GOOD_ROWS))
    response = organiser_client.post("/cms/quiz_import/", {"file": upload}, follow=True)
    assert "Đã nhập 4 câu hỏi mới, cập nhật 0 câu hỏi; 0 câu không thay đổi." in response.content.decode()
    assert Question.objects.count() == 4


def test_blank_templates_download(organiser_client):
    response = organiser_client.get("/cms/quiz_import/mau.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[0].max_row == 1  # blank: the guide is on the second sheet
    assert workbook.worksheets[1]["A2"].value == "ma_cau_hoi"
    csv_template = organiser_client.get("/cms/quiz_import/mau.csv").content.decode("utf-8")
    assert csv_template == "\ufeff" + ",".join(HEADER) + "\r\n"
    assert organiser_client.get("/cms/quiz_import/mau.pdf").status_code == 404
    # the blank template, filled in, imports
    filled = openpyxl.load_workbook(io.BytesIO(response.content))
    filled.worksheets[0].append(GOOD_ROWS[0])
    out = io.BytesIO()
    filled.save(out)
    assert run(out.getvalue()).created == 1


def test_admin_export_by_category_is_logged(organiser_client, caplog):
    run(xlsx_bytes(GOOD_ROWS))
    topic = Category.objects.get(name="An toàn số")
    with caplog.at_level("INFO", logger="quiz.export"):
        response = organiser_client.get("/cms/quiz_import/xuat/", {"category": topic.pk, "fmt": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER and [r[0] for r in rows[1:]] == ["ATS-001"]  # the sub-category's question
    assert "1 questions" in caplog.text
    assert organiser_client.get("/cms/quiz_import/xuat/", {"fmt": "pdf"}).status_code == 400


def test_editor_without_import_permission_gets_403(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMUNE_OFFICERS))
    client.force_login(user)
    upload = SimpleUploadedFile("cau-hoi.csv", csv_bytes(GOOD_ROWS))
    assert client.post("/cms/quiz_import/", {"file": upload}).status_code == 403
    assert client.get("/cms/quiz_import/xuat/").status_code == 403
    assert not Question.objects.exists()
