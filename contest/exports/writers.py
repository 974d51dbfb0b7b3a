"""Row writers for exports: XLSX (xlsxwriter in constant_memory mode: each row is flushed to the
temporary sheet file as soon as the next starts, so memory stays flat in the row count) and CSV
(UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly when the file is double-clicked).

Columns are typed once ("s" text, "n" number, "d" date, "t" date-time) so the hot loop calls the
right xlsxwriter method directly; identifiers such as phone numbers and citizen IDs are text, which
keeps their leading zeros."""

import csv
import datetime as dt

import xlsxwriter

XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included


class XlsxRowWriter:
    def __init__(self, path, headers, types, sheet_name):
        self.workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                         "strings_to_formulas": False, "strings_to_urls": False})
        self.headers, self.types, self.sheet_name = headers, types, sheet_name[:28]
        self.bold = self.workbook.add_format({"bold": True})
        self.date_format = self.workbook.add_format({"num_format": "dd/mm/yyyy"})
        self.datetime_format = self.workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self):
        self.sheets += 1
        name = self.sheet_name if self.sheets == 1 else f"{self.sheet_name} {self.sheets}"
        self.sheet = self.workbook.add_worksheet(name)
        self.sheet.write_row(0, 0, self.headers, self.bold)
        self.sheet.freeze_panes(1, 0)
        for col, kind in enumerate(self.types):
            width = {"s": 22, "n": 10, "d": 12, "t": 19}[kind]
            self.sheet.set_column(col, col, width)
        self.row = 1
        sheet = self.sheet
        self._writers = []
        for kind in self.types:
            if kind == "s":
                self._writers.append(lambda r, c, v, w=sheet.write_string: w(r, c, v))
            elif kind == "n":
                self._writers.append(lambda r, c, v, w=sheet.write_number: w(r, c, v))
            elif kind == "d":
                self._writers.append(lambda r, c, v, w=sheet.write_datetime, f=self.date_format: w(r, c, v, f))
            else:
                self._writers.append(lambda r, c, v, w=sheet.write_datetime, f=self.datetime_format: w(r, c, v, f))

    def write(self, values):
        if self.row >= XLSX_MAX_ROWS:
            self._new_sheet()
        row = self.row
        for col, (write, value) in enumerate(zip(self._writers, values)):
            if value is not None and value != "":
                write(row, col, value)
        self.row = row + 1

    def close(self):
        self.workbook.close()


class CsvRowWriter:
    def __init__(self, path, headers, types, sheet_name):
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(headers)
        self.types = types

    def write(self, values):
        self.writer.writerow([_csv_value(v) for v in values])

    def close(self):
        self.file.close()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


WRITERS = {"xlsx": XlsxRowWriter, "csv": CsvRowWriter}
