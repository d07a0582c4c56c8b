"""write_xlsx writes its table through _RowWriter (each column's formats decided once, a short
path for the common values); what it writes must be exactly what the per-cell _write_row wrote,
to the byte of the sheet's XML: values, types, formats, blanks, neutralised formulas."""

import datetime
import io
import zipfile
from decimal import Decimal

import xlsxwriter
from django.utils.functional import lazy

from dangjian.core.spreadsheets import WORKBOOK_OPTIONS, Column, _Formats, _RowWriter, _write_row

COLUMNS = [
    Column("seq", "序号", kind="int"),
    Column("name", "姓名"),
    Column("id_number", "身份证号", kind="id_number"),
    Column("phone", "联系电话"),
    Column("joined", "入党日期", kind="date"),
    Column("dues", "月缴党费", kind="decimal"),
    Column("note", "备注"),
]
AS_TEXT = {"id_number", "phone"}
lazy_text = lazy(lambda: "=懒惰", str)
TZ8 = datetime.timezone(datetime.timedelta(hours=8))

ROWS = [
    # the member list's kind of row: a tuple of str, None, date and int
    (1, "张伟", "110***********1234", "138****5678", datetime.date(2010, 7, 1), None, ""),
    # formulas and apostrophes, blanks as "" and None, an int and a date in a text column
    (2, "=1+1", "'=quoted", 13800000000, datetime.date(2020, 1, 1), Decimal("12.50"), "@SUM(A1)"),
    # every other type: bool, aware and naive datetime, float, Decimal as int column, a lazy string
    (True, "\tx", None, "", datetime.datetime(2026, 11, 23, 8, 30, tzinfo=TZ8), 3.25, lazy_text()),
    (Decimal("3"), "-2", "+86", None, datetime.datetime(2026, 11, 23, 8, 30), 0, False),
    # a short row, a long row, a mapping with a missing key
    (5, "李娜"),
    (6, "王芳", "x", "y", None, None, "z", "beyond the columns"),
    {"seq": 7, "name": "赵敏", "joined": datetime.date(2001, 7, 1), "note": "\rtail"},
]


def sheet_xml(write) -> str:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    sheet = book.add_worksheet("表")
    formats = _Formats(book)
    write(sheet, formats)
    book.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_row_writer_writes_what_the_per_cell_writer_wrote():
    def per_cell(sheet, formats):
        for number, row in enumerate(ROWS):
            _write_row(sheet, number, COLUMNS, row, AS_TEXT, formats)

    def by_row(sheet, formats):
        write = _RowWriter(sheet, COLUMNS, AS_TEXT, formats)
        for number, row in enumerate(ROWS):
            write(number, row)

    expected = sheet_xml(per_cell)
    assert "&apos;=1+1" in expected or "'=1+1" in expected  # the rows do hold what is to be neutralised
    assert sheet_xml(by_row) == expected
