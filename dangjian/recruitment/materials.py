"""Materials of a recruitment file as editable .docx, filled from what the file already knows, so
a secretary does not retype it: 谈话记录, 入党积极分子备案表, 政治审查报告 cover, 发展对象公示,
支部大会决议, 预备党员公示, 转正公示, and the 档案材料目录 for 归档.

Each document needs its step recorded (the facts come from it); what the system cannot know
(the talk's content, the review's text) is left as ruled blank lines to write by hand. python-docx
writes them from scratch, with CJK text in the East Asian font slot (宋体 / 黑体) as Word and WPS
read it — the same approach as dangjian.orglife.minutes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangjian.core.workdays import working_days_between
from dangjian.recruitment.checks import VOTE_LABELS
from dangjian.recruitment.rules import MATERIALS, STEPS

BODY_FONT, TITLE_FONT = "宋体", "黑体"
BLANK = "＿" * 12


@dataclass(frozen=True)
class Material:
    kind: str
    title: str
    needs: str          # the step that must be recorded first ("" = always)


MATERIAL_KINDS = {m.kind: m for m in (
    Material("talk", "入党谈话记录", "02"),
    Material("activist_filing", "入党积极分子备案表", "03"),
    Material("candidate_notice", "发展对象公示", "07"),
    Material("political_review", "政治审查报告", "10"),
    Material("meeting_resolution", "支部大会决议", "15"),
    Material("probationary_notice", "接收预备党员公示", "15"),
    Material("confirm_notice", "预备党员转正公示", "23"),
    Material("checklist", "发展党员档案材料目录", ""),
)}


def available(records) -> list[Material]:
    done = {r.code for r in records}
    return [m for m in MATERIAL_KINDS.values() if not m.needs or m.needs in done]


def _cn(day) -> str:
    if day in (None, ""):
        return f"{BLANK}年{BLANK[:3]}月{BLANK[:3]}日"
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run, name=BODY_FONT, size=12.0, bold=False):
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text, *, size=12.0, bold=False, align=None, font=BODY_FONT, indent=False):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


@dataclass(frozen=True)
class Block:
    """One piece of a material, the same for the .docx and the PDF: a paragraph ("p"), a table of
    label and value ("facts"), a table with a header row ("grid"), or the signature ("sign")."""

    kind: str
    text: str = ""
    rows: tuple = ()
    header: tuple = ()
    indent: bool = False
    lines: tuple = ()


def P(text, indent=True) -> Block:
    return Block("p", text=text, indent=indent)


def FACTS(rows) -> Block:
    return Block("facts", rows=tuple((label, str(value or "")) for label, value in rows))


def SIGN(org_name, day=None, who="党支部（盖章）") -> Block:
    return Block("sign", lines=(f"中共{org_name}", who, _cn(day)))


def _person(file):
    return [("姓　　名", file.name), ("性　　别", file.get_gender_display()),
            ("出生年月", f"{file.birth_date.year}年{file.birth_date.month}月"), ("工作单位及职务", file.unit),
            ("递交入党申请书时间", _cn(file.applied_on))]


def _notice_period(record, limits_days):
    if record is None or not record.facts.get("publicity_start"):
        return f"{_cn(None)}至{_cn(None)}（不少于{limits_days}个工作日）"
    start, end = (datetime.date.fromisoformat(record.facts[k]) for k in ("publicity_start", "publicity_end"))
    return f"{_cn(start)}至{_cn(end)}（{working_days_between(start, end)}个工作日）"


def material_blocks(kind: str, file, records, *, notice_days: int = 5) -> list[Block]:
    """What the material says, from the file's recorded steps (the last record of each step)."""
    steps = {}
    for r in records:
        steps[r.code] = r
    return WRITERS[kind](file, steps, notice_days)


def write_material(out, kind: str, file, records, *, notice_days: int = 5) -> None:
    """The material as an editable .docx."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _para(doc, file.org.name, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    _para(doc, MATERIAL_KINDS[kind].title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    for block in material_blocks(kind, file, records, notice_days=notice_days):
        DOCX_BLOCKS[block.kind](doc, block)
    doc.save(out)


def material_pdf(kind: str, file, records, *, notice_days: int = 5) -> bytes:
    """The same material as a PDF to print as is (core.pdf: WeasyPrint, CJK fonts embedded)."""
    from dangjian.core.pdf import render_pdf

    return render_pdf("recruitment/material_print.html", {
        "org_name": file.org.name, "title": MATERIAL_KINDS[kind].title,
        "blocks": material_blocks(kind, file, records, notice_days=notice_days)})


def _docx_facts(doc, block):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in block.rows:
        cells = table.add_row().cells
        for cell, text, bold in ((cells[0], label, True), (cells[1], value, False)):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), size=11, bold=bold)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(4), Cm(12)


def _docx_grid(doc, block):
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _font(cell.paragraphs[0].add_run(text), size=11, bold=True)
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(text), size=10.5)


def _docx_sign(doc, block):
    _para(doc, "")
    for line in block.lines:
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)


DOCX_BLOCKS = {"p": lambda doc, b: _para(doc, b.text, indent=b.indent), "facts": _docx_facts, "grid": _docx_grid,
               "sign": _docx_sign}


def _talk(file, steps, _):
    talk = steps["02"]
    return [FACTS([*_person(file), ("谈话时间", _cn(talk.occurred_on)), ("谈话人", talk.facts.get("talker", "")),
                   ("谈话内容", "\n\n\n\n\n"), ("谈话对象签字", ""), ("谈话人签字", "")])]


def _activist_filing(file, steps, _):
    from dangjian.recruitment.rules import DECIDED_BY, RECOMMENDATION

    decision, mentors = steps["03"], steps.get("05")
    return [FACTS([*_person(file), ("推荐方式", dict(RECOMMENDATION).get(decision.facts.get("recommendation"), "")),
                   ("研究决定", dict(DECIDED_BY).get(decision.facts.get("decided_by"), "")),
                   ("确定为入党积极分子时间", _cn(decision.occurred_on)),
                   ("培养联系人", "、".join(p["name"] for p in mentors.facts.get("mentors", [])) if mentors else ""),
                   ("上级党委备案意见", "\n\n")]),
            SIGN(file.org.name, decision.occurred_on)]


def _candidate_notice(file, steps, days):
    decided, activist = steps["07"], steps.get("03")
    return [P(f"经党支部委员会研究，拟将{file.name}同志列为发展对象，现将有关情况予以公示："),
            FACTS([*_person(file), ("确定为入党积极分子时间", _cn(activist.occurred_on if activist else None)),
                   ("确定为发展对象时间", _cn(decided.occurred_on))]),
            P(f"公示时间：{_notice_period(steps.get('12'), days)}。公示期间，党员和群众可通过来电、来信、来访等方式"
              "向党支部反映公示对象的情况和问题。反映情况要实事求是，以真实姓名反映。"),
            SIGN(file.org.name, steps["12"].facts.get("publicity_start") if "12" in steps else None)]


def _political_review(file, steps, _):
    review = steps["10"]
    conclusion = "合格" if review.facts.get("conclusion") == "pass" else "不合格"
    return [FACTS([*_person(file), ("审查内容", "对党的理论和路线、方针、政策的态度；政治历史和在重大政治斗争中的表现；"
                                            "遵纪守法和遵守社会公德情况；直系亲属和与本人关系密切的主要社会关系的政治情况"),
                   ("审查结论", conclusion), ("审查时间", _cn(review.occurred_on)), ("审查意见", "\n\n\n")]),
            SIGN(file.org.name, review.occurred_on)]


def _meeting_resolution(file, steps, _):
    meeting = steps["15"]
    v = meeting.facts.get("vote") or {}
    numbers = {k: v.get(k, 0) for k in VOTE_LABELS}
    text = (f"{_cn(meeting.occurred_on)}，党支部召开支部党员大会，讨论{file.name}同志的入党问题。应到会有表决权的"
            f"正式党员{numbers['should_attend']}名，实到会有表决权的党员{numbers['attended']}名，"
            f"因故未到会提交书面意见的{numbers['written']}名，到会人数超过应到会有表决权人数的半数。"
            f"经无记名投票表决，赞成{numbers['yes']}票，反对{numbers['no']}票，弃权{numbers['abstain']}票。")
    text += (f"赞成票超过应到会有表决权的正式党员的半数，同意接收{file.name}同志为中共预备党员，报上级党委审批。"
             if meeting.passed else "赞成票未超过应到会有表决权的正式党员的半数，接收预备党员的决议未通过。")
    blocks = [P(text)]
    sponsors = steps.get("09")
    if sponsors:
        blocks.append(P(f"入党介绍人：{'、'.join(p['name'] for p in sponsors.facts.get('sponsors', []))}"))
    return [*blocks, SIGN(file.org.name, meeting.occurred_on, who="支部书记（签字）：　　　　　（党支部盖章）")]


def _probationary_notice(file, steps, days):
    meeting = steps["15"]
    return [P(f"{_cn(meeting.occurred_on)}，经党支部大会讨论，同意接收{file.name}同志为中共预备党员，"
              "拟报上级党委审批，现予公示："),
            FACTS(_person(file)),
            P(f"公示时间：{_notice_period(steps.get('17'), days)}。对公示对象有意见的，请向党支部或上级党委反映。"),
            SIGN(file.org.name, steps["17"].facts.get("publicity_start") if "17" in steps else None)]


def _confirm_notice(file, steps, days):
    meeting = steps["23"]
    joined = steps["15"].occurred_on if "15" in steps else None
    return [P(f"{file.name}同志于{_cn(joined)}被接收为中共预备党员，预备期满。{_cn(meeting.occurred_on)}，"
              f"经党支部大会讨论，拟同意其按期转为中共正式党员，现予公示："),
            FACTS(_person(file)),
            P(f"公示时间：{_notice_period(steps.get('24'), days)}。对公示对象有意见的，请向党支部或上级党委反映。"),
            SIGN(file.org.name, meeting.occurred_on)]


def _checklist(file, steps, _):
    rows, number = [], 0
    for step in STEPS:
        for name in MATERIALS[step.code]:
            number += 1
            record = steps.get(step.code)
            rows.append((str(number), name, step.label, _cn(record.occurred_on) if record else "（未形成）"))
    return [P(f"姓名：{file.name}　　所在党组织：{file.org.name}　　递交入党申请书：{_cn(file.applied_on)}", indent=False),
            Block("grid", header=("序号", "材料名称", "对应步骤", "形成日期"), rows=tuple(rows)),
            P("整理人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　归档日期：＿＿＿＿年＿＿月＿＿日", indent=False)]


WRITERS = {"talk": _talk, "activist_filing": _activist_filing, "candidate_notice": _candidate_notice,
           "political_review": _political_review, "meeting_resolution": _meeting_resolution,
           "probationary_notice": _probationary_notice, "confirm_notice": _confirm_notice, "checklist": _checklist}
