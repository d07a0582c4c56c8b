"""A committee's (the city's or a county's) 中小学校党建工作总结, drafted from the 全景's facts: the
statistics table and the sentences built from figures come from committee_facts — the same
object the 全景 page shows — so every figure in the document is the page's for the same subtree
and date (test_summary reads both). A figure the system does not hold reads 【待补充：…】 naming
what is missing; the paragraphs of experience, causes and proposals are left for people, marked
【由…撰写：…】. The file is a first draft to edit in Word: the system keeps no copy and sends it
nowhere (the school drafts' versioning is for a school's own documents).

The parts follow the brief the city's summary answers: 基本情况 (with the statistics), 做法和
经验, 问题和不足, 对策和建议."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from dangjian.core.docx import TITLE_FONT, a4_document, heading, paragraph, table
from dangjian.orglife.rules import GREEN_FROM
from dangjian.orgs.models import SCHOOL_ORG_KINDS, OrgKind
from dangjian.reports.committee_facts import CommitteeFacts, UnitFacts
from dangjian.reports.coverage_change import CoverageChange


def missing(what: str) -> str:
    return f"【待补充：{what}】"


def write(who: str, what: str) -> str:
    """A paragraph left for people, saying who writes it and what it should cover."""
    return f"【由{who}撰写：{what}】"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


def _yuan(value) -> str:
    return f"{value:,.2f}"


@dataclass
class SummaryDocument:
    org: str
    title: str
    subtitle: str
    sections: list[dict]                       # {"key", "heading", "text"}: paragraphs split by a blank line
    statistics: list[tuple[str, str, str]]     # 表1: (项目, 数据, 口径)
    unit_header: list[str]
    unit_rows: list[list[str]] = field(default_factory=list)
    unit_title: str = ""

    def paragraphs(self, section: dict) -> list[str]:
        return [p.strip() for p in section["text"].split("\n\n") if p.strip()]


def _school_kinds(f: CommitteeFacts) -> dict[str, int]:
    """The school-level organizations by kind (党委, 党总支, 党支部, 联合党支部), in the model's order."""
    return {label: f.kinds.get(label, 0) for value, label in OrgKind.choices if value in SCHOOL_ORG_KINDS}


# --- the statistics (表1) -----------------------------------------------------------------------

def statistics(f: CommitteeFacts) -> list[tuple[str, str, str]]:
    t = f.total
    school_kinds = _school_kinds(f)
    plan = (f"{t.admitted}名（年度计划{t.plan_admitted}名，完成{t.plan_share}%）" if t.plan_admitted
            else f"{t.admitted}名（{missing(f'{f.year}年度发展党员计划：系统中尚未制定')}）")
    rating = (("、".join(f"{s}星{t.star_counts[s]}个" for s in range(len(t.star_counts) - 1, -1, -1))
               + f"；摘星{t.revoked}个") if f.rating_year else missing("评星定级结果：系统中尚无评定结果"))
    students = f"{t.students}人" if t.students else missing("在校学生数：学校信息中未填报")
    dues = (f"收缴率{_pct(t.dues_rate)}（应缴{_yuan(t.dues_due_amount)}元，实缴{_yuan(t.dues_paid_amount)}元）"
            if t.dues_due_count else missing(f"{f.dues_month:%Y年%-m月}党费台账：尚未生成"))
    return [
        ("学校总数", f"{t.schools_total}所（公办{t.public_schools}所、民办{t.private_schools}所）", "学校信息"),
        # a school record without its teachers filled in says 0: unknown, not none
        ("教职工数", f"{t.staff}人（专任教师" + (f"{t.teachers}人）" if t.teachers else f"{missing('专任教师数：学校信息中未填报')}）"),
         "学校信息"),
        ("在校学生数", students, "学校信息"),
        ("党组织覆盖率", f"合计{_pct(t.coverage_rate)}（公办{_pct(t.public_rate)}、民办{_pct(t.private_rate)}）",
         "已建立党组织的学校占学校总数"),
        ("学校党组织", "、".join(f"{label}{n}个" for label, n in school_kinds.items()), "按组织类别"),
        ("党员", f"{t.members}名（正式党员{t.full_members}名、预备党员{t.probationary}名）", "在册党员"),
        ("发展党员", plan, f"{f.year}年接收预备党员"),
        ("入党积极分子、发展对象", f"确定入党积极分子{t.activists}名、发展对象{t.candidates}名", f"{f.year}年"),
        ("组织生活达标", f"{t.orglife_compliant}/{t.orglife_assessed}个党组织（{_pct(t.orglife_rate)}）",
         f"{f.quarter.label}，落实率达到{GREEN_FROM}%"),
        ("党费收缴", dues, f"{f.dues_month:%Y年%-m月}，含补交"),
        ("党费欠缴", f"连续3个月以上{t.arrears_3}名，其中6个月以上{t.arrears_6}名", f"截至{f.as_of:%Y年%-m月%-d日}"),
        ("评星定级", rating, f"{f.rating_year}年" if f.rating_year else "—"),
        ("“六好”党组织", f"{t.titles}个" if f.rating_year else missing("“六好”评定结果"), "获评达标称号"),
        ("软弱涣散党组织", f"{t.weak}个", "正在整顿"),
        ("整改", f"共{t.rect_total}项，已销号{t.rect_closed}项，未销号{t.rect_open}项，逾期{t.rect_overdue}项",
         "整改台账"),
        ("议事决策监督", f"发现问题{t.decision_findings}项，涉及{t.decision_schools}所学校", f"{f.year}年"),
    ]


def _unit_row(u: UnitFacts, city: bool) -> list[str]:
    if not u.org_id:
        return [u.name, str(u.schools_total), "—", "未建立党组织", "—", "—", "—", "—", "—", "—"]
    plan = str(u.plan_admitted) if u.plan_admitted is not None else "无计划"
    stars = str(u.star_counts[5]) if city or u.is_total else (f"{u.stars}星" if u.stars is not None else "—")
    return [u.name, str(u.schools_total), str(u.members), f"{u.orglife_compliant}/{u.orglife_assessed}",
            _pct(u.dues_rate), str(u.arrears_3), f"{u.admitted}/{plan}", stars, str(u.weak),
            f"{u.rect_open}/{u.rect_overdue}"]


# --- the text ----------------------------------------------------------------------------------

def _figures(f: CommitteeFacts) -> tuple[str, str, str]:
    """Three paragraphs of figures: the schools and members; recruitment, organizational life and
    dues; ratings, 整顿, 整改 and the oversight of decisions."""
    t, root = f.total, f.root.name
    counts = _school_kinds(f)
    kinds = "、".join(f"{label}{n}个" for label, n in counts.items() if n)
    students = f"在校学生{t.students}人" if t.students else f"在校学生{missing('在校学生数')}"
    first = (f"截至{f.as_of:%Y年%-m月%-d日}，{root}所辖中小学校共{t.schools_total}所（公办{t.public_schools}所、"
             f"民办{t.private_schools}所），{students}、教职工{t.staff}人，在册党员{t.members}名（正式党员"
             f"{t.full_members}名、预备党员{t.probationary}名）。学校党组织覆盖率{_pct(t.coverage_rate)}（公办学校"
             f"{_pct(t.public_rate)}、民办学校{_pct(t.private_rate)}），学校党组织共{sum(counts.values())}个"
             f"{f'（{kinds}）' if kinds else ''}。")
    if t.plan_admitted:
        plan = f"完成年度计划{t.plan_admitted}名的{t.plan_share}%"
    else:
        plan = missing(f"{f.year}年度发展党员计划完成情况：系统中尚未制定年度计划")
    second = (f"{f.year}年，发展党员{t.admitted}名，{plan}；确定入党积极分子{t.activists}名、发展对象"
              f"{t.candidates}名。{f.quarter.label}，应开展组织生活的党组织{t.orglife_assessed}个，落实率达到"
              f"{GREEN_FROM}%的{t.orglife_compliant}个（{_pct(t.orglife_rate)}）。")
    if t.dues_due_count:
        second += (f"{f.dues_month:%Y年%-m月}党费应缴{_yuan(t.dues_due_amount)}元、实缴{_yuan(t.dues_paid_amount)}元，"
                   f"收缴率{_pct(t.dues_rate)}；")
    else:
        second += missing(f"{f.dues_month:%Y年%-m月}党费收缴情况：台账尚未生成") + "；"
    second += f"连续3个月以上未交纳党费的党员{t.arrears_3}名，其中6个月以上{t.arrears_6}名。"
    if f.rating_year:
        stars = "、".join(f"{s}星级{t.star_counts[s]}个" for s in range(len(t.star_counts) - 1, 0, -1)
                          if t.star_counts[s])
        third = (f"{f.rating_year}年评星定级共评定党组织{t.rated}个{('，其中' + stars) if stars else ''}；"
                 f"获评“六好”党组织{t.titles}个；摘星{t.revoked}个。")
    else:
        third = missing("评星定级和“六好”创建结果：系统中尚无评定结果") + "。"
    third += (f"正在整顿的软弱涣散党组织{t.weak}个。整改台账共有整改事项{t.rect_total}项，已销号{t.rect_closed}项，"
              f"未销号{t.rect_open}项（其中逾期{t.rect_overdue}项）；{f.year}年议事决策监督发现问题"
              f"{t.decision_findings}项，涉及{t.decision_schools}所学校。")
    return first, second, third


def problems(f: CommitteeFacts) -> list[str]:
    """The shortfalls the data shows, each a sentence; empty when the data shows none."""
    t = f.total
    found = []
    if t.orglife_assessed and t.orglife_compliant < t.orglife_assessed:
        found.append(f"组织生活落实不到位：{f.quarter.label}有{t.orglife_assessed - t.orglife_compliant}个党组织"
                     f"落实率未达到{GREEN_FROM}%。")
    uncovered = t.schools_total - t.covered
    if uncovered:
        found.append(f"党的组织覆盖还有空白点：{uncovered}所学校尚未建立党组织（民办学校覆盖率{_pct(t.private_rate)}）。")
    if t.arrears_3:
        lapse = f"，其中{t.arrears_6}名达6个月以上" if t.arrears_6 else ""
        found.append(f"党费收缴不够及时：{t.arrears_3}名党员连续3个月以上未交纳党费{lapse}。")
    if t.rect_overdue:
        found.append(f"整改落实不够有力：{t.rect_overdue}项整改事项逾期未完成。")
    if t.weak:
        found.append(f"仍有{t.weak}个软弱涣散党组织正在整顿。")
    if t.decision_findings:
        found.append(f"议事决策还不够规范：监督发现问题{t.decision_findings}项，涉及{t.decision_schools}所学校。")
    if t.plan_admitted and t.admitted < t.plan_admitted:
        found.append(f"发展党员进度滞后：完成年度计划的{t.plan_share}%。")
    return found


NUMERALS = "一二三四五六七八九十"


def coverage_sentence(change: CoverageChange) -> str:
    """The coverage against an earlier day, as seed 001 puts it (覆盖率由87%提高到100%)."""
    def moved(then, now) -> str:
        if then is None or now is None or then == now:
            return f"为{_pct(now)}"
        return f"由{_pct(then)}{'提高' if now > then else '降低'}到{_pct(now)}"

    t, n = change.then, change.now
    opened = (f"；期间新建学校{change.opened.schools}所，其中{change.opened.with_org}所同步建立党组织"
              if change.opened.schools else "")
    return (f"与{change.since:%Y年%-m月%-d日}相比，公办学校党组织覆盖率{moved(t.public_rate, n.public_rate)}，"
            f"民办学校党组织覆盖率{moved(t.private_rate, n.private_rate)}{opened}。")


def summary_document(f: CommitteeFacts, change: CoverageChange | None = None) -> SummaryDocument:
    """The summary under the four headings of the city's 《2023年中小学校党建工作总结》: its 背景与起因
    gives the figures and the weak points (主要是：…), 主要做法 and 经验与探讨 are the writers', 成效与反响
    the results the figures show."""
    root = f.root.name
    people, work, results = _figures(f)
    shortfalls = problems(f)
    if shortfalls:
        weak = "但也存在着一些薄弱环节和突出问题，主要是：" + "".join(
            f"（{NUMERALS[i]}）{text}" for i, text in enumerate(shortfalls))
    else:
        weak = "系统数据未显示突出问题。"
    sections = [
        {"key": "background", "heading": "一、背景与起因", "text": "\n\n".join([
            people, work, weak + "主要数据见表1、表2。",
            write(root, "本地中小学校党建工作的背景和起因，逐项分析上述问题的原因，补充系统数据反映不出的问题"
                        "（如党建与业务融合、队伍建设等）")])},
        {"key": "practice", "heading": "二、主要做法",
         "text": write(root, "主要做法：工作机制、组织覆盖、“六好”标准和评星定级、书记抓党建述职评议、党组织领导的"
                             "校长负责制、党建与教育教学融合等，每条写明做法")},
        {"key": "results", "heading": "三、成效与反响", "text": "\n\n".join([
            results + (coverage_sentence(change) if change else ""),
            write(root, "各项做法取得的成效和师生、社会的反响，可引用表中数据")])},
        {"key": "lessons", "heading": "四、经验与探讨",
         "text": write(root, "经验与探讨，并针对第一部分所列问题提出下一步的对策和建议，写明责任单位和完成时限")},
    ]
    city = f.city
    header = ["区县" if city else "学校（党组织）", "学校", "党员", "组织生活达标", "党费收缴率", "欠缴3月+",
              "发展党员/计划", "五星" if city else "星级", "软弱涣散", "整改未销号/逾期"]
    rows = [_unit_row(u, city) for u in f.units] + [_unit_row(f.total, city)]
    return SummaryDocument(
        org=root, title="中小学校党建工作总结",
        subtitle=f"（{f.year}年度 · 数据截至{f.as_of:%Y年%-m月%-d日} · 初稿）",
        sections=sections, statistics=statistics(f), unit_header=header, unit_rows=rows,
        unit_title=f"表2　各{'区县' if city else '学校'}情况")


# --- .docx and PDF -----------------------------------------------------------------------------

STATISTICS_TITLE = "表1　基本情况统计表"


def write_docx(out, doc: SummaryDocument) -> None:
    document = a4_document()
    paragraph(document, doc.org, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, doc.title, size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, doc.subtitle, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in doc.sections:
        heading(document, section["heading"])
        for text in doc.paragraphs(section):
            body = paragraph(document, text, size=12)
            body.paragraph_format.first_line_indent = Cm(0.85)
            body.paragraph_format.line_spacing = 1.5
        if section["key"] == "background":
            paragraph(document, STATISTICS_TITLE, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                      font_name=TITLE_FONT)
            table(document, ["项目", "数据", "口径"], [list(row) for row in doc.statistics], [3.4, 8.4, 4.2])
            paragraph(document, doc.unit_title, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                      font_name=TITLE_FONT)
            table(document, doc.unit_header, doc.unit_rows)
    document.save(out)


def render_pdf(doc: SummaryDocument) -> bytes:
    from dangjian.core.pdf import render_pdf as render

    sections = [{**s, "paragraphs": doc.paragraphs(s)} for s in doc.sections]
    return render("reports/panorama_summary_print.html", {"doc": doc, "sections": sections,
                                                          "statistics_title": STATISTICS_TITLE})
