"""Question bank import of a full-size file (5,000 rows, the import's limit) through
quiz.question_bank.question_bank_import, against reading the same workbook with openpyxl alone
(the part no importer can skip). Runs into an empty bank (all inserts), then with every row
edited (all updates), then the same file again (nothing changes). The admin upload is a plain request, so the whole import must fit well inside a
proxy's usual 60 s timeout.

    .venv/bin/python bench/quiz_import.py [--quick]
"""

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import PY, ROOT, bench_database, target  # noqa: E402

CHILD = r"""
import io, sys, time
import django
django.setup()
import openpyxl
from quiz.question_bank import HEADER, question_bank_import

rows = int(sys.argv[1])


def workbook(edit):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    kinds = ["mot_lua_chon", "nhieu_lua_chon", "dung_sai", "tu_luan"]
    topics = ["Chuyển đổi số", "Dịch vụ công trực tuyến", "VNeID", "Thanh toán số", "An toàn trên mạng", "Trí tuệ nhân tạo"]
    for i in range(rows):
        kind = kinds[i % 4]
        options = {"mot_lua_chon": ["A", "B", "C", "D"], "nhieu_lua_chon": ["A", "B", "C", "D"]}.get(kind, [])
        if edit:
            options = options[::-1]
        answer = {"mot_lua_chon": "2", "nhieu_lua_chon": "1;3", "dung_sai": "dung", "tu_luan": ""}[kind]
        sheet.append([f"B-{i:05d}", topics[i % 6], "Phần %d" % (i % 3) if i % 2 else "", kind, "de",
                      f"Câu hỏi thử số {i} về kỹ năng số?{edit}", *[f"{o} {i}" for o in options],
                      *[""] * (6 - len(options)), answer, "Giải thích ngắn.", "co"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


data = workbook("")

t = time.perf_counter()
wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
parse = time.perf_counter() - t

results = []
# into an empty bank; every row edited (text and choice order); the same file again (no change)
for label, content in (("insert", data), ("update", workbook(" (sửa)")), ("same", workbook(" (sửa)"))):
    t = time.perf_counter()
    report = question_bank_import(file=io.BytesIO(content), filename="bench.xlsx")
    results.append((label, time.perf_counter() - t, report.created, report.updated, len(report.errors)))
print("PARSE", n - 1, parse)
for label, seconds, created, updated, errors in results:
    print("RUN", label, seconds, created, updated, errors)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows = 1000 if args.quick else 5000
    with bench_database() as db_url:
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local", "DEBUG": "false"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        subprocess.run([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        out = subprocess.run([PY, "-c", CHILD, str(rows)], cwd=ROOT, env=env, check=True, capture_output=True,
                             text=True).stdout
    backend = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    parse = next(line.split() for line in out.splitlines() if line.startswith("PARSE"))
    parse_seconds = float(parse[2])
    runs = [line.split() for line in out.splitlines() if line.startswith("RUN")]
    for _, label, seconds, created, updated, errors in runs:
        seconds = float(seconds)
        print(f"{label:6} {rows} rows in {seconds:6.2f} s = {rows / seconds:7.0f} rows/s  "
              f"({seconds / parse_seconds:.1f}× the openpyxl read of {parse_seconds:.2f} s; "
              f"created {created}, updated {updated}, errors {errors})")
    worst = max(float(r[2]) for r in runs) * (5000 / rows)
    target("quiz_import_5000_rows_seconds", worst, "<", 30, unit="s",
           note=f"slower of insert/update{' scaled from ' + str(rows) + ' rows' if rows != 5000 else ''}, "
                f"{backend}; baseline openpyxl read-only parse {parse_seconds:.2f} s")


if __name__ == "__main__":
    main()
