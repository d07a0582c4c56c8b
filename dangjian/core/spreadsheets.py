"""Reading import workbooks and writing printable, formula-safe ones.

Reading uses python-calamine, which never evaluates a formula (it returns the value Excel
cached), so a hostile workbook cannot make the server compute anything. The reader finds the
header row by the declared Chinese titles, keeps the spreadsheet's own row numbers so every
problem can be reported as "第 N 行「列」", and collects cell problems instead of stopping at
the first, because the import answers with every bad row at once (QUALITY.md item 17).

Writing uses xlsxwriter and only ever writes strings with `write_string`: a value such as
"=HYPERLINK(...)" stays text, and any string starting with = + - @, tab, CR or NUL is
written with a leading apostrophe (item 18) so it also stays inert after a copy to CSV.
The reader strips exactly that apostrophe again, so a written file re-imports unchanged.
Every text cell — data, titles, subtitles, column headers, signature lines, the template's
notes — goes through `_text` or `_merged_text`: an organization named "=…" makes a report
title starting with "=" too. (The one exception is the template's hidden list of choices,
written from the code's own constants, whose values must equal what a person picks.)
"""

from __future__ import annotations

import datetime
import io
import itertools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import python_calamine
import xlsxwriter
from django.utils import timezone

from dangjian.core.errors import RuleViolation

KINDS = {"text", "date", "int", "decimal", "id_number", "choice"}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
# How far down the header may sit: a title, a subtitle and a few lines of notes above it.
HEADER_SEARCH_ROWS = 20
MSG_FLOAT_ID = "身份证号被保存为数字，末尾几位已丢失；请把该列设为文本后重新填写"


@dataclass(frozen=True)
class Column:
    """One column of an import or export: the key the code uses and the title people see."""

    key: str
    title: str
    required: bool = False
    kind: str = "text"
    choices: Sequence[str] = ()
    width: float | None = None  # in Excel character units; None picks one from the content
    help: str = ""  # one line for the 填写说明 sheet

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"choice column {self.key!r} needs choices")


@dataclass(frozen=True)
class CellProblem:
    row: int  # the row number Excel shows
    column: str  # the column's title
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"第 {self.row} 行「{self.column}」：{self.message}"


@dataclass
class SheetRow:
    number: int  # the row number Excel shows
    values: dict  # column key → value (None where the cell is empty or had a problem)

    def __getitem__(self, key):
        return self.values[key]

    def get(self, key, default=None):
        return self.values.get(key, default)


@dataclass
class ReadResult:
    rows: list[SheetRow]
    problems: list[CellProblem] = field(default_factory=list)
    header_row: int = 0
    sheet_name: str = ""
    ignored_titles: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _refuse(message: str) -> RuleViolation:
    return RuleViolation(message, field="file", code="bad_file")


# --- Reading ---------------------------------------------------------------------------------


def read_xlsx(path_or_bytes, *, columns: list[Column], max_rows: int, sheet: int | str = 0) -> ReadResult:
    """Read one sheet of an .xlsx into rows keyed by column key, with cell problems in Chinese.

    The file should already have passed `uploads.check_upload`; whatever calamine still
    refuses becomes a RuleViolation, never another exception.
    """
    book = _open_workbook(path_or_bytes)
    try:
        return _rows_to_result(_load_sheet(book, sheet, max_rows), columns=columns, max_rows=max_rows)
    except python_calamine.CalamineError:
        raise _refuse("文件被截断或已损坏") from None
    finally:
        book.close()


def _open_workbook(path_or_bytes) -> python_calamine.CalamineWorkbook:
    try:
        if isinstance(path_or_bytes, bytes | bytearray | memoryview):
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(bytes(path_or_bytes)))
        if isinstance(path_or_bytes, str | os.PathLike):
            return python_calamine.CalamineWorkbook.from_path(os.fspath(path_or_bytes))
        return python_calamine.CalamineWorkbook.from_filelike(path_or_bytes)
    except python_calamine.PasswordError:
        raise _refuse("文件已加密，请先取消密码保护再上传") from None
    except python_calamine.CalamineError:
        raise _refuse("文件被截断或已损坏") from None
    except (OSError, ValueError):
        raise _refuse("文件被截断或已损坏") from None


@dataclass
class _LoadedSheet:
    name: str
    rows: list[list]  # from row 1 of the sheet: rows[i] is Excel row i + 1
    last_row: int  # Excel number of the last row holding a value (0 when empty)
    note_rows: set[int]  # Excel numbers of rows under a horizontal merge (titles, signatures)


def _load_sheet(book, sheet, max_rows: int) -> _LoadedSheet:
    try:
        target = book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet)
    except (python_calamine.WorksheetNotFound, IndexError):
        raise _refuse(f"找不到工作表「{sheet}」" if isinstance(sheet, str) else "工作簿中没有工作表") from None
    end = target.end
    last_row = end[0] + 1 if end else 0
    # skip_empty_area=False keeps Excel's own numbering (iter_rows' starting row differs between
    # calamine versions). Loading stops at a cap, so a sheet with a value in row 1,000,000
    # costs neither the time nor the memory of a million rows; blank rows in between are allowed for.
    cap = HEADER_SEARCH_ROWS + 2 * max_rows + 100
    rows = target.to_python(skip_empty_area=False, nrows=min(last_row, cap)) if last_row else []
    notes: set[int] = set()
    for (top, left), (bottom, right) in target.merged_cell_ranges or []:
        if right > left:
            notes.update(range(top + 1, bottom + 2))
    return _LoadedSheet(target.name, rows, last_row, notes)


def _normalise_title(value) -> str:
    # People add spaces (also full-width ones), line breaks and a "*" to mark required columns.
    # A title written by write_xlsx/write_template carries item 18's apostrophe if it needs one.
    text = re.sub(r"\s+", "", _unquote(str(value or ""))).replace("\u3000", "")
    return text.strip("*＊")


def _find_header(numbered: list[tuple[int, list]], columns: list[Column]) -> tuple[int, int, dict[str, int], list[str]]:
    """Index into `numbered`, Excel row number, key → column index, and titles not declared."""
    wanted = {_normalise_title(c.title): c for c in columns}
    required = {_normalise_title(c.title) for c in columns if c.required}
    best: tuple[int, set[str]] = (-1, set())
    for index, (_number, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        titles = [_normalise_title(cell) for cell in cells]
        present = set(titles) & set(wanted)
        if len(present) > len(best[1]):
            best = (index, present)
        if required <= present and present:
            positions: dict[str, int] = {}
            for position, title in enumerate(titles):
                if title in wanted:
                    if wanted[title].key in positions:
                        raise _refuse(f"表头「{wanted[title].title}」出现了不止一次，请只保留一列")
                    positions[wanted[title].key] = position
            ignored = [str(cells[i]).strip() for i, t in enumerate(titles) if t and t not in wanted]
            return index, numbered[index][0], positions, ignored
    if not any(any(str(cell).strip() for cell in cells) for _number, cells in numbered):
        raise _refuse("工作表为空，没有可导入的数据")
    missing = [c.title for c in columns if c.required and _normalise_title(c.title) not in best[1]]
    missing = missing or [c.title for c in columns]
    raise _refuse("找不到表头，缺少以下列：" + "、".join(f"「{t}」" for t in missing))


def _rows_to_result(loaded: _LoadedSheet, *, columns, max_rows) -> ReadResult:
    numbered = [(index + 1, cells) for index, cells in enumerate(loaded.rows)]
    if not any(any(_present(c) for c in cells) for _n, cells in numbered):
        raise _refuse("工作表为空，没有可导入的数据")
    head = [(n, cells) for n, cells in numbered if any(_present(c) for c in cells)][:HEADER_SEARCH_ROWS]
    _index, header_number, positions, ignored = _find_header(head, columns)
    if loaded.last_row > len(loaded.rows):
        # One refusal for the file, not thousands of row errors: the file has to be split.
        raise _refuse(f"数据行数超过单次导入上限 {max_rows} 行（工作表用到第 {loaded.last_row} 行）；请分成几个文件导入")
    body = [
        (n, cells) for n, cells in numbered[header_number:]
        if any(_present(c) for c in cells) and not _is_note(n, cells, loaded.note_rows)
    ]
    if not body:
        raise _refuse("表头下没有数据行")
    if len(body) > max_rows:
        raise _refuse(f"数据共 {len(body)} 行，超过单次导入上限 {max_rows} 行；请分成几个文件导入")
    result = ReadResult(rows=[], header_row=header_number, sheet_name=loaded.name, ignored_titles=ignored)
    for number, cells in body:
        values = {}
        for column in columns:
            position = positions.get(column.key)
            raw = cells[position] if position is not None and position < len(cells) else ""
            try:
                values[column.key] = _convert(raw, column)
            except _CellError as problem:
                values[column.key] = None
                result.problems.append(CellProblem(number, column.title, str(problem)))
                continue
            if values[column.key] is None and column.required:
                result.problems.append(CellProblem(number, column.title, "必填项为空"))
        result.rows.append(SheetRow(number, values))
    return result


def _is_note(number: int, cells: list, note_rows: set[int]) -> bool:
    """A line written across the merged width of the table (title, 填报人 signature), not a record."""
    return number in note_rows and sum(1 for c in cells if _present(c)) == 1


def _present(cell) -> bool:
    return not (cell is None or (isinstance(cell, str) and not cell.strip()))


class _CellError(Exception):
    pass


def _convert(raw, column: Column):
    if not _present(raw):
        return None
    kind = column.kind
    if kind == "id_number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise _CellError(MSG_FLOAT_ID)
        return _unquote(str(raw)).strip().upper()
    if kind == "date":
        return _to_date(raw)
    if kind == "int":
        return _to_int(raw)
    if kind == "decimal":
        return _to_decimal(raw)
    text = _to_text(raw)
    if kind == "choice":
        if text not in column.choices:
            raise _CellError("应为以下之一：" + "、".join(column.choices))
    return text


def _unquote(text: str) -> str:
    """Undo exactly what `neutralise` did: one apostrophe before (apostrophes and) a trigger."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_TRIGGERS) else text


def _to_text(raw) -> str:
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a phone or post code typed as a number; 11 digits are exact in a double
    if isinstance(raw, datetime.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, datetime.date | datetime.time):
        return raw.isoformat()
    text = _unquote(str(raw))
    # Tabs and line breaks are the neutralised characters themselves, so they are not stripped.
    return text.strip(" \u3000") if text[:1] not in ("\t", "\r") else text


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def _to_date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        # A bare number is ambiguous (a serial day count? 20261123?); say so instead of guessing.
        raise _CellError("日期被保存为数字，请设为日期格式，或写成 2026-11-23 / 2026年11月23日")
    text = re.sub(r"\s+", "", str(raw))
    text = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})T?00:00(:00)?$", r"\1", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise _CellError(f"日期「{raw}」不存在") from None
    raise _CellError(f"无法识别的日期「{raw}」，请写成 2026-11-23、2026/11/23 或 2026年11月23日")


def _to_int(raw) -> int:
    if isinstance(raw, bool):
        raise _CellError("应为整数")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise _CellError(f"应为整数，不是 {raw:g}")
    text = str(raw).strip().replace(",", "")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise _CellError(f"应为整数，不是「{raw}」")


def _to_decimal(raw) -> Decimal:
    if isinstance(raw, bool):
        raise _CellError("应为数字")
    if isinstance(raw, int | float):
        # repr of a float is the shortest string that round-trips: 0.1 stays 0.1, not 0.1000000000000000055…
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _CellError(f"应为数字，不是「{raw}」") from None
    if not value.is_finite():
        raise _CellError(f"应为数字，不是「{raw}」")
    return value


# --- Writing ---------------------------------------------------------------------------------

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,  # rows stream to a temp file: 22,375 members do not sit in memory as cells
}
FONT = "宋体"
A4 = 9
# How many rows of the import template carry the text format, validations and borders.
TEMPLATE_ROWS = 5000


# The first characters after which a string needs a closer look: a trigger, or the apostrophes
# that may stand before one. Any other first character settles it at once (most cells).
_CHECK_FIRST = frozenset("".join(FORMULA_TRIGGERS) + "'")


def neutralise(value: str) -> str:
    """The leading apostrophe of QUALITY.md item 18 for a string that a spreadsheet would run.

    A value that already starts with apostrophes before a trigger ("'=x") gets one more, so the
    reader, which removes exactly one, gives back what was stored: the mapping is reversible.
    """
    if value[:1] not in _CHECK_FIRST:
        return value
    return "'" + value if value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


def _text(sheet, row: int, col: int, value, cell_format=None) -> None:
    """The one way a string enters a cell: as a string, never a formula, neutralised (item 18)."""
    sheet.write_string(row, col, neutralise(str(value)), cell_format)


def _merged_text(sheet, row: int, first_col: int, last_col: int, value, cell_format) -> None:
    """A line across the table (title, subtitle, signature). merge_range writes its value with
    xlsxwriter's generic write(), which type-guesses and never neutralises, so the merge gets
    an empty string and the text is written over its first cell through `_text`."""
    if last_col > first_col:
        sheet.merge_range(row, first_col, row, last_col, "", cell_format)
    _text(sheet, row, first_col, value, cell_format)


def display_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def subtitle_line(organization: str, period: str = "", made_on: datetime.date | None = None) -> str:
    """"填报单位：…　统计期间：…　制表日期：2026年11月23日" — the line under a report's title."""
    made_on = made_on or timezone.localdate()
    parts = [f"填报单位：{organization}"]
    if period:
        parts.append(f"统计期间：{period}")
    parts.append(f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日")
    return "　　".join(parts)


DEFAULT_SIGNATURE = ["填报人：　　　　　　审核人：　　　　　　（盖章）　　　　　　　　年　　月　　日"]


def write_xlsx(path_or_buffer, *, title: str, subtitle: str, columns: list[Column], rows: Iterable,
               signature_lines: list[str] | None = None, text_columns: AbstractSet[str] = frozenset(),
               sheet_name: str = "Sheet1") -> int:
    """Write a printable report: title, subtitle, bordered table, signature lines. Returns the row count.

    `rows` yields mappings keyed by column key (or sequences in column order). Columns whose
    key is in `text_columns`, and every id_number column, are written as text and formatted
    '@', so a phone or ID number re-imports exactly as written.
    """
    workbook = xlsxwriter.Workbook(path_or_buffer, WORKBOOK_OPTIONS)
    try:
        sheet = workbook.add_worksheet(sheet_name[:31])
        formats = _Formats(workbook)
        rows = iter(rows)
        sample = list(itertools.islice(rows, 200))
        as_text = {c.key for c in columns if c.kind == "id_number"} | set(text_columns)
        last = max(len(columns) - 1, 0)
        _set_widths(sheet, columns, sample, as_text, formats)

        sheet.set_row(0, 30)
        _merged_text(sheet, 0, 0, last, title, formats.title)
        _merged_text(sheet, 1, 0, last, subtitle, formats.subtitle)
        _write_header(sheet, 2, columns, formats)

        write_row = _RowWriter(sheet, columns, as_text, formats)
        count = 0
        for index, row in enumerate(itertools.chain(sample, rows)):
            write_row(3 + index, row)
            count += 1

        signature_row = 3 + count + 1
        for offset, line in enumerate(DEFAULT_SIGNATURE if signature_lines is None else signature_lines):
            _merged_text(sheet, signature_row + offset, 0, last, line, formats.signature)

        sheet.freeze_panes(3, 0)
        _print_setup(sheet, header_rows=(2, 2))
    finally:
        workbook.close()
    return count


def write_template(path, columns: list[Column], example_rows: Iterable = (), *, sheet_name: str = "导入数据",
                   notes: Sequence[str] = ()) -> None:
    """The downloadable import template: a header row, pre-formatted columns, and 填写说明.

    The data sheet comes first (the importer reads sheet 0) and holds only the header, so a
    forgotten example row can never be imported as a person; the examples sit on the 填写说明
    sheet, laid out exactly like the data sheet.
    """
    workbook = xlsxwriter.Workbook(path, {**WORKBOOK_OPTIONS, "constant_memory": False})
    try:
        formats = _Formats(workbook)
        sheet = workbook.add_worksheet(sheet_name[:31])
        help_sheet = workbook.add_worksheet("填写说明")
        for index, column in enumerate(columns):
            width = column.width or _natural_width(column, [])
            column_format = formats.text_plain if column.kind == "id_number" else None
            if column.kind == "date":
                column_format = formats.date_plain
            sheet.set_column(index, index, width, column_format)
            help_sheet.set_column(index, index, max(width, 12))
        for index, column in enumerate(columns):
            _text(sheet, 0, index, column.title, formats.header_required if column.required else formats.header)
            if column.help:
                sheet.write_comment(0, index, column.help)
        _template_validations(workbook, sheet, columns)
        sheet.freeze_panes(1, 0)
        _print_setup(sheet, header_rows=(0, 0))

        line = 0
        _text(help_sheet, line, 0, "填写说明", formats.title_left)
        line += 1
        general = [
            "1. 请在第一个工作表「" + sheet_name + "」中逐行填写，不要修改、删除或调换表头。",
            "2. 红色表头为必填项。身份证号一列已设为文本格式，请直接输入 18 位号码，不要改成数字格式。",
            "3. 日期请写成 2026-11-23、2026/11/23 或 2026年11月23日，或使用 Excel 的日期格式。",
            "4. 有下拉列表的列请从列表中选择。",
            "5. 上传前请删除空行以外的多余内容；不要上传含宏（.xlsm）或设置了密码的文件。",
            *notes,
        ]
        for text in general:
            _text(help_sheet, line, 0, text)
            line += 1
        line += 1
        _text(help_sheet, line, 0, "各列说明", formats.bold)
        line += 1
        for column in columns:
            parts = ["必填" if column.required else "选填", _KIND_HINTS[column.kind]]
            if column.kind == "choice":
                parts.append("可选：" + "、".join(column.choices))
            if column.help:
                parts.append(column.help)
            _text(help_sheet, line, 0, f"「{column.title}」：" + "；".join(parts))
            line += 1
        examples = list(example_rows)
        if examples:
            line += 1
            _text(help_sheet, line, 0, "示例（仅供参考，请勿复制示例人员）", formats.bold)
            line += 1
            _write_header(help_sheet, line, columns, formats)
            as_text = {c.key for c in columns if c.kind == "id_number"}
            for row in examples:
                line += 1
                _write_row(help_sheet, line, columns, row, as_text, formats)
    finally:
        workbook.close()


_KIND_HINTS = {
    "text": "文字",
    "date": "日期",
    "int": "整数",
    "decimal": "数字",
    "id_number": "18 位身份证号，文本格式",
    "choice": "从下拉列表中选择",
}


class _Formats:
    def __init__(self, workbook):
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1}
        add = workbook.add_format
        self.title = add({**base, "bold": True, "font_size": 18, "align": "center"})
        self.title_left = add({**base, "bold": True, "font_size": 14})
        self.subtitle = add({**base, "align": "center"})
        self.header = add({**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"})
        self.header_required = add({**cell, "bold": True, "align": "center", "text_wrap": True,
                                    "bg_color": "#F2F2F2", "font_color": "#C00000"})
        self.bold = add({**base, "bold": True})
        # 49 is Excel's built-in "@" (text); WPS and older Excel recognise it where a custom "@" may not.
        self.text = add({**cell, "num_format": 49})
        self.text_plain = add({**base, "num_format": 49})
        self.general = add(cell)
        self.date = add({**cell, "num_format": "yyyy-mm-dd", "align": "center"})
        self.date_plain = add({**base, "num_format": "yyyy-mm-dd"})
        self.int = add({**cell, "num_format": "0"})
        self.decimal = add({**cell, "num_format": "0.00"})
        self.signature = add({**base, "align": "left"})


def _natural_width(column: Column, sample: list) -> float:
    if column.width:
        return column.width
    floor = {"id_number": 21, "date": 12, "int": 8, "decimal": 10}.get(column.kind, 8)
    widest = display_width(column.title) + 2
    for row in sample:
        value = _value_of(row, column, 0)
        if value is not None:
            widest = max(widest, display_width(str(value)) + 2)
    return min(max(floor, widest), 40)  # 40 wraps long 职务 text instead of blowing the page width


def _set_widths(sheet, columns, sample, as_text, formats) -> None:
    for index, column in enumerate(columns):
        # The column format '@' (not only each cell's) keeps a number typed later as text.
        sheet.set_column(index, index, _natural_width(column, sample), formats.text_plain if column.key in as_text else None)


def _write_header(sheet, row: int, columns, formats) -> None:
    sheet.set_row(row, 24)
    for index, column in enumerate(columns):
        _text(sheet, row, index, column.title, formats.header)


def _value_of(row, column: Column, index: int):
    if isinstance(row, Mapping):
        return row.get(column.key)
    return row[index] if index < len(row) else None


class _RowWriter:
    """Writes the table's rows as _write_row does, with what each column needs — its key, whether
    it is text, its formats — worked out once for the sheet instead of once per cell: a city's
    member list is 447,500 cells, and the per-cell lookups cost as much as xlsxwriter's own work.
    The common values (str, None, date, int — exactly those types) take a short path; anything
    else (bool, datetime, Decimal, float, a str subclass) goes through _write_row's one cell."""

    def __init__(self, sheet, columns, as_text, formats):
        self.sheet, self.columns, self.as_text, self.formats = sheet, columns, as_text, formats
        self.keys = [c.key for c in columns]
        text = [c.key in as_text for c in columns]
        # Per column: its index, its format for strings and blanks, and its format for dates and
        # whole numbers — None where the column is text, so those go the general way (as text).
        self.plan = [
            (index, formats.text if text[index] else formats.general,
             None if text[index] else formats.date,
             None if text[index] else formats.int if c.kind == "int" else formats.decimal if c.kind == "decimal"
             else formats.general)
            for index, c in enumerate(columns)
        ]

    def __call__(self, number: int, row) -> None:
        sheet, width = self.sheet, len(self.keys)
        if isinstance(row, Mapping):
            values = [row.get(key) for key in self.keys]
        elif len(row) < width:
            values = [*row, *([None] * (width - len(row)))]
        else:
            values = row
        write_string, write_blank = sheet.write_string, sheet.write_blank
        # strict=False: a row longer than the columns writes the columns only, as _write_row did.
        for (index, string_format, date_format, number_format), value in zip(self.plan, values, strict=False):
            kind = type(value)
            if kind is str:
                if not value:
                    write_blank(number, index, None, string_format)
                elif value[0] in _CHECK_FIRST:
                    write_string(number, index, neutralise(value), string_format)
                else:
                    write_string(number, index, value, string_format)
            elif value is None:
                write_blank(number, index, None, string_format)
            elif kind is datetime.date and date_format is not None:
                sheet.write_datetime(number, index, value, date_format)
            elif kind is int and number_format is not None:
                sheet.write_number(number, index, float(value), number_format)
            else:
                _write_cell(sheet, number, index, self.columns[index], value, self.as_text, self.formats)


def _write_row(sheet, number: int, columns, row, as_text, formats) -> None:
    for index, column in enumerate(columns):
        _write_cell(sheet, number, index, column, _value_of(row, column, index), as_text, formats)


def _write_cell(sheet, number: int, index: int, column: Column, value, as_text, formats) -> None:
    if value is None or value == "":
        sheet.write_blank(number, index, None, formats.text if column.key in as_text else formats.general)
    elif column.key in as_text or isinstance(value, str):
        # Every string goes through write_string: never a formula, never a URL, never a number.
        _text(sheet, number, index, value, formats.text if column.key in as_text else formats.general)
    elif isinstance(value, bool):
        _text(sheet, number, index, "是" if value else "否", formats.general)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(number, index, timezone.localtime(value).replace(tzinfo=None)
                             if timezone.is_aware(value) else value, formats.date)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(number, index, value, formats.date)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(number, index, float(value), formats.int if column.kind == "int" else
                           formats.decimal if column.kind == "decimal" else formats.general)
    else:
        _text(sheet, number, index, value, formats.general)


def _print_setup(sheet, *, header_rows: tuple[int, int]) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    sheet.repeat_rows(*header_rows)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _template_validations(workbook, sheet, columns) -> None:
    lists_sheet = None
    for index, column in enumerate(columns):
        if column.kind == "choice":
            source: list[str] | str = list(column.choices)
            if len(",".join(column.choices)) > 250:
                # Excel caps an inline list at 255 characters; longer lists live on a hidden sheet.
                if lists_sheet is None:
                    lists_sheet = workbook.add_worksheet("选项")
                    lists_sheet.hide()
                for position, choice in enumerate(column.choices):
                    lists_sheet.write_string(position, index, choice)
                letter = xlsxwriter.utility.xl_col_to_name(index)
                source = f"=选项!${letter}$1:${letter}${len(column.choices)}"
            sheet.data_validation(1, index, TEMPLATE_ROWS, index, {
                "validate": "list", "source": source,
                "error_title": "请从列表中选择", "error_message": "只能填写下拉列表中的值：" + "、".join(column.choices)[:200],
            })
        elif column.kind == "id_number":
            sheet.data_validation(1, index, TEMPLATE_ROWS, index, {
                "validate": "length", "criteria": "==", "value": 18, "error_type": "warning",
                "error_title": "身份证号位数不对", "error_message": "身份证号应为 18 位（末位可为 X）",
            })
