import datetime
import io
import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter

from dangjian.core.errors import RuleViolation
from dangjian.core.spreadsheets import (
    MSG_FLOAT_ID,
    Column,
    neutralise,
    read_xlsx,
    subtitle_line,
    write_template,
    write_xlsx,
)
from dangjian.core.uploads import check_upload

pytestmark = pytest.mark.long_scope

COLUMNS = [
    Column("name", "姓名", required=True),
    Column("id_number", "身份证号", required=True, kind="id_number"),
    Column("gender", "性别", kind="choice", choices=("男", "女")),
    Column("joined", "入党日期", kind="date"),
    Column("phone", "联系电话"),
    Column("years", "党龄", kind="int"),
    Column("dues", "月缴党费", kind="decimal"),
    Column("post", "职务"),
]
INJECTIONS = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil\",\"点我\")", "'=quoted"]


def workbook(rows, *, start_row=0) -> bytes:
    """An import file as a person would make it: plain cells, whatever types they typed."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(start_row + r, c, value, dates)
            elif value is not None:
                sheet.write(start_row + r, c, value)
    book.close()
    return buffer.getvalue()


HEADER = ["姓名", "身份证号", "性别", "入党日期", "联系电话", "党龄", "月缴党费", "职务"]


def read(data, columns=COLUMNS, max_rows=100):
    return read_xlsx(data, columns=columns, max_rows=max_rows)


def refusal(data, columns=COLUMNS, max_rows=100) -> str:
    with pytest.raises(RuleViolation) as caught:
        read(data, columns, max_rows)
    assert caught.value.code == "bad_file"
    return caught.value.message


def sheet_xml(data: bytes, name="xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode()


def report(rows, **options) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title="2026年度党员花名册", subtitle=subtitle_line("某某小学党支部", "2026年度", datetime.date(2026, 11, 23)),
               columns=COLUMNS, rows=rows, signature_lines=options.pop("signature_lines", None),
               text_columns={"phone"}, **options)
    return buffer.getvalue()


MEMBER = {"name": "张三", "id_number": "11010519491231002X", "gender": "女", "joined": datetime.date(1975, 7, 1),
          "phone": "13812345678", "years": 51, "dues": Decimal("12.50"), "post": "教师"}


# --- Round trip and formula injection ---------------------------------------------------------


def test_what_write_xlsx_writes_read_xlsx_reads_back_unchanged_including_formula_like_text():
    rows = [dict(MEMBER, name=text, post=text, phone=text) for text in INJECTIONS] + [MEMBER]
    result = read(report(rows))
    assert result.ok, result.problems
    assert [row.values for row in result.rows] == rows


def test_a_written_report_contains_no_formula_at_all_and_every_injection_is_stored_with_an_apostrophe():
    data = report([dict(MEMBER, name=text) for text in INJECTIONS])
    xml = sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml
    assert "&apos;=1+1" in xml or "'=1+1" in xml
    assert "''=quoted" in xml or "&apos;&apos;=quoted" in xml  # one more, so reading it back is exact


def every_cell(data: bytes):
    """(sheet, coordinate, data_type, value) of every cell as Excel would load it: openpyxl keeps
    a formula as data_type "f" (calamine would show only its cached value)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [(sheet.title, cell.coordinate, cell.data_type, cell.value)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_inert(cells) -> None:
    assert not [c for c in cells if c[2] == "f"], "a live formula"
    assert not [c for c in cells if isinstance(c[3], str) and c[3].startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_titles_subtitles_headers_and_signatures_are_neutralised_like_the_data():
    """An organization named "=HYPERLINK(…)" puts its name at the start of a report's title
    (the annual plan did exactly that): every text cell of the sheet is escaped, not only the rows."""
    hostile = '=HYPERLINK("http://evil","点我")党支部'
    columns = [Column("name", "-姓名"), Column("post", "@职务")]
    data = io.BytesIO()
    write_xlsx(data, title=f"{hostile}2027年度组织生活计划", subtitle="+填报单位：x", columns=columns,
               rows=[{"name": "=1+1", "post": "书记"}], signature_lines=["=SUM(A1:A9)　书记（签字）"])

    cells = every_cell(data.getvalue())

    assert_inert(cells)
    by_place = {c[1]: c[3] for c in cells}
    assert by_place["A1"] == f"'{hostile}2027年度组织生活计划"
    assert (by_place["A2"], by_place["A3"], by_place["B3"]) == ("'+填报单位：x", "'-姓名", "'@职务")
    assert "'=SUM(A1:A9)　书记（签字）" in by_place.values()
    # …and the reader still finds the header and gives back exactly what was written.
    assert [r.values for r in read(data.getvalue(), columns=columns).rows] == [{"name": "=1+1", "post": "书记"}]


def test_a_template_s_headers_and_notes_are_neutralised_too(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, [Column("name", "=姓名", required=True)], [{"name": "-张三"}], notes=["-请勿修改表头"])

    assert_inert(every_cell(path.read_bytes()))


@pytest.mark.parametrize("text", INJECTIONS[:6])
def test_neutralise_puts_an_apostrophe_before_every_trigger_character(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("张三 = 支部书记") == "张三 = 支部书记"


def test_phone_and_id_columns_are_written_as_text_and_formatted_as_text():
    data = report([MEMBER])
    xml = sheet_xml(data)
    assert "13812345678" in xml and "<v>13812345678</v>" not in xml  # a string cell, not a number
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert 'numFmtId="49"' in z.read("xl/styles.xml").decode()  # 49 is Excel's built-in '@'


def test_a_report_is_laid_out_for_printing():
    data = report([MEMBER] * 3, signature_lines=["填报人：　　　审核人：　　　（盖章）"])
    xml = sheet_xml(data)
    assert 'orientation="landscape"' in xml and 'paperSize="9"' in xml and 'fitToHeight="0"' in xml
    assert 'ySplit="3"' in xml  # header frozen
    assert re.search(r'<mergeCell ref="A1:H1"/>', xml) and re.search(r'<mergeCell ref="A2:H2"/>', xml)
    assert "填报人" in xml and "制表日期：2026年11月23日" in xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "_xlnm.Print_Titles" in z.read("xl/workbook.xml").decode()


def test_title_subtitle_and_signature_lines_are_not_read_back_as_members():
    result = read(report([MEMBER, MEMBER]))
    assert [row.number for row in result.rows] == [4, 5]
    assert result.header_row == 3


def test_column_widths_make_room_for_chinese_text():
    xml = sheet_xml(report([dict(MEMBER, post="党支部书记兼校长（主持全面工作）")]))
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', xml)]
    assert widths[1] >= 21  # 18 digits of an ID number
    assert widths[7] >= 30  # 16 Chinese characters count double


# --- Reading what people actually type ---------------------------------------------------------


def test_dates_are_accepted_as_date_cells_iso_slashes_and_chinese_text():
    rows = [HEADER] + [["李四", "11010519491231002X", "男", value] for value in
                       (datetime.date(2026, 11, 23), "2026-11-23", "2026/11/23", "2026年11月23日", " 2026.11.23 ")]
    result = read(workbook(rows))
    assert result.ok, result.problems
    assert {row["joined"] for row in result.rows} == {datetime.date(2026, 11, 23)}


def test_a_date_that_does_not_exist_or_cannot_be_read_is_a_problem_on_its_row():
    result = read(workbook([HEADER, ["李四", "11010519491231002X", "男", "2026-02-30"],
                            ["王五", "11010519491231002X", "男", "去年七月"], ["赵六", "11010519491231002X", "男", 46000]]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "入党日期"), (3, "入党日期"), (4, "入党日期")]
    assert "不存在" in result.problems[0].message and "2026年11月23日" in result.problems[1].message


def test_an_id_number_typed_as_a_number_is_refused_because_it_lost_digits():
    result = read(workbook([HEADER, ["李四", 110105194912310021, "男"], ["王五", "11010519491231002X", "男"]]))
    assert [p.as_dict() for p in result.problems] == [{"row": 2, "column": "身份证号", "message": MSG_FLOAT_ID}]
    assert result.rows[0]["id_number"] is None and result.rows[1]["id_number"] == "11010519491231002X"


def test_a_formula_in_the_file_is_never_evaluated_and_text_starting_with_equals_stays_text():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["=SUM(A1)", "11010519491231002X"])
    sheet.write_formula(1, 7, '=WEBSERVICE("http://evil")', None, "缓存值")
    book.close()
    row = read(buffer.getvalue()).rows[0]
    assert row["name"] == "=SUM(A1)"
    assert row["post"] == "缓存值"  # the cached value, as saved; nothing was computed


def test_the_header_is_found_below_a_title_and_rows_keep_their_excel_numbers():
    rows = [["党员信息采集表"], ["填报单位：某某中学"], [], [" *姓名", "身份证号 ", "备注"], ["李四", "11010519491231002X", "x"],
            [], ["王五", "11010519491231002X"]]
    result = read(workbook(rows, start_row=2), max_rows=5)
    assert result.header_row == 6
    assert [row.number for row in result.rows] == [7, 9]
    assert result.ignored_titles == ["备注"]


def test_numbers_typed_into_text_and_number_columns_are_read_sensibly():
    row = read(workbook([HEADER, ["李四", "11010519491231002X", "男", None, 13812345678, "51", 12.5, True]])).rows[0]
    assert (row["phone"], row["years"], row["dues"], row["post"]) == ("13812345678", 51, Decimal("12.5"), "是")


def test_bad_choices_numbers_and_missing_required_cells_are_each_reported():
    result = read(workbook([HEADER, ["", "11010519491231002X", "未知", None, None, 3.5, "十二元"]]))
    assert [(p.column, p.message) for p in result.problems] == [
        ("姓名", "必填项为空"), ("性别", "应为以下之一：男、女"), ("党龄", "应为整数，不是 3.5"), ("月缴党费", "应为数字，不是「十二元」"),
    ]


# --- Refusals of the whole file -----------------------------------------------------------------


def test_a_missing_header_is_refused_naming_the_missing_titles():
    message = refusal(workbook([["姓名", "电话"], ["李四", "138"]]))
    assert message == "找不到表头，缺少以下列：「身份证号」"


def test_an_empty_sheet_is_refused():
    assert refusal(workbook([])) == "工作表为空，没有可导入的数据"


def test_a_header_without_rows_is_refused():
    assert refusal(workbook([HEADER])) == "表头下没有数据行"


def test_too_many_rows_is_one_refusal_for_the_file_not_one_per_row():
    message = refusal(workbook([HEADER] + [["李四", "11010519491231002X"]] * 11), max_rows=10)
    assert message == "数据共 11 行，超过单次导入上限 10 行；请分成几个文件导入"


def test_a_stray_value_a_million_rows_down_is_refused_naming_the_row_it_sits_in():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["李四", "11010519491231002X"])
    sheet.write_string(1_000_000, 0, "x")
    book.close()
    assert "第 1000001 行" in refusal(buffer.getvalue(), max_rows=10)


def test_a_header_repeated_twice_is_refused():
    assert "出现了不止一次" in refusal(workbook([HEADER + ["姓名"], ["李四", "11010519491231002X"]]))


def test_a_file_that_is_not_a_workbook_is_refused_rather_than_crashing_the_reader():
    assert refusal(b"PK\x03\x04 not really a zip") == "文件被截断或已损坏"


def test_a_missing_sheet_is_refused_by_name():
    with pytest.raises(RuleViolation, match="找不到工作表「名册」"):
        read_xlsx(workbook([HEADER]), columns=COLUMNS, max_rows=1, sheet="名册")


# --- The import template ---------------------------------------------------------------------


def test_the_template_has_the_header_first_the_id_column_as_text_dropdowns_and_instructions(tmp_path):
    path = tmp_path / "党员导入模板.xlsx"
    write_template(path, COLUMNS, [MEMBER])
    data = path.read_bytes()
    assert check_upload(path, kinds={"xlsx"}, max_bytes=1024 * 1024).kind == "xlsx"
    xml = sheet_xml(data)
    assert '<dataValidation type="list"' in xml and '<formula1>"男,女"</formula1>' in xml
    assert 'type="textLength"' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook_xml = z.read("xl/workbook.xml").decode()
        instructions = z.read("xl/worksheets/sheet2.xml").decode() + z.read("xl/sharedStrings.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert workbook_xml.index('name="导入数据"') < workbook_xml.index('name="填写说明"')
    assert 'numFmtId="49"' in styles and re.search(r'<col min="2" max="2" width="[\d.]+" style="\d+"', xml)
    assert "11010519491231002X" in instructions and "示例" in instructions
    # The template's header is what the reader looks for; it holds no rows to import by mistake.
    assert refusal(data) == "表头下没有数据行"


def test_a_long_list_of_choices_is_served_from_a_hidden_sheet(tmp_path):
    schools = tuple(f"某某县第{i}中心小学" for i in range(40))
    path = tmp_path / "t.xlsx"
    write_template(path, [Column("school", "学校", True, "choice", choices=schools)], [])
    assert "选项!$A$1:$A$40" in sheet_xml(path.read_bytes())


# --- Scale ------------------------------------------------------------------------------------


def test_writing_and_reading_a_city_sized_roster_of_22375_rows_by_15_columns_works(tmp_path):
    columns = COLUMNS + [Column(f"extra{i}", f"备注{i}") for i in range(7)]
    row = dict(MEMBER, **{f"extra{i}": f"第{i}项说明文字" for i in range(7)})
    path = tmp_path / "city.xlsx"
    started = time.perf_counter()
    written = write_xlsx(path, title="全市党员花名册", subtitle=subtitle_line("某市教育工委"), columns=columns,
                         rows=(row for _ in range(22_375)), signature_lines=None, text_columns={"phone"})
    wrote = time.perf_counter() - started
    checked = check_upload(path, kinds={"xlsx"}, max_bytes=50 * 1024 * 1024)
    started = time.perf_counter()
    result = read_xlsx(checked.source, columns=columns, max_rows=30_000)
    print(f"\n22,375 × 15: write {wrote:.2f} s, read {time.perf_counter() - started:.2f} s, {path.stat().st_size:,} bytes")
    assert written == 22_375 and len(result.rows) == 22_375 and result.ok
    assert result.rows[-1].number == 22_375 + 3
