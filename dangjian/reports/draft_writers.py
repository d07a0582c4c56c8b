"""The three drafts of a school, section by section, from the facts (draft_sections has the
sentences). Each returns the title and the sections in the document's order; the headings are
those of the documents people write by hand, so that the draft reads like one."""

from __future__ import annotations

from dangjian.appraisal.rules import duty_review as duty_rules
from dangjian.orglife.rules import Kind
from dangjian.reports import draft_sections as S
from dangjian.reports.draft_sections import Section, write
from dangjian.reports.facts import SchoolFacts
from dangjian.reports.models import DraftKind

PARTY = "党组织"
SECRETARY = "书记"

SELF_CHECK_HEADINGS = [
    ("opening", ""),
    ("mechanism", "一、完善机制，落实制度"),
    ("management", "二、加强党务管理工作"),
    ("recruitment", "三、认真做好发展党员工作"),
    ("excellence", "四、开展创先争优活动，强化党的组织建设"),
    ("integrity", "五、深入推进党风廉政建设"),
    ("disclosure", "六、做好党务公开工作，自觉接受广大党员群众的监管"),
    ("closing", "七、存在的不足和下一步打算"),
]

# The parts of the year, in the order of a secretary's 述职: the 年度党建工作总结 writes them as the
# organization's year under its own headings; the 述职报告 under the 述职评议's own (its rules own
# them: a report drafted here, on the drafts pages or inside a round's entry, has the same parts as
# one a secretary writes on the entry's page).
PART_KEYS = ("responsibility", "ideology", "leadership", "organization", "members", "institutions", "conduct",
             "ideological_work", "rectification", "next")
ANNUAL_HEADINGS = [("opening", ""), *zip(PART_KEYS, (
    "一、履行党建工作责任情况", "二、加强思想政治建设", "三、加强领导班子建设", "四、加强党组织建设", "五、加强党员队伍建设",
    "六、加强党建制度建设", "七、加强作风建设和党风廉政建设", "八、落实意识形态工作责任制", "九、整改落实情况",
    "十、存在的不足和下一步打算"), strict=True)]
DUTY_HEADINGS = [("opening", ""), *zip(PART_KEYS, duty_rules.REPORT_SECTIONS, strict=True)]


def headings_of(kind: str) -> list[str]:
    rows = {DraftKind.SELF_CHECK: SELF_CHECK_HEADINGS, DraftKind.ANNUAL_SUMMARY: ANNUAL_HEADINGS}.get(kind, DUTY_HEADINGS)
    return [heading for _key, heading in rows if heading]


def title_of(kind: str, facts: SchoolFacts) -> str:
    return f"{facts.org_name}{facts.period.label}{DraftKind(kind).label}"


def generate(kind: str, facts: SchoolFacts) -> list[Section]:
    if kind == DraftKind.SELF_CHECK:
        return self_check(facts)
    return duty_report(facts) if kind == DraftKind.DUTY_REPORT else annual_summary(facts)


def _sections(headings, texts: dict[str, str]) -> list[Section]:
    return [Section(key, heading, texts[key]) for key, heading in headings]


def self_check(f: SchoolFacts) -> list[Section]:
    """党建工作自查报告: the six parts of a school's 自查报告, and what is still wanting."""
    return _sections(SELF_CHECK_HEADINGS, {
        "opening": S._join(
            f"{f.period.label}，{f.org_name}在上级党组织的领导下，坚持以习近平新时代中国特色社会主义思想为指导，"
            "按照全面从严治党要求，加强党的政治、思想、组织、作风和制度建设，对照党建工作要求逐项开展了自查。"
            "现将自查情况报告如下。",
            write(PARTY, "本年度党建工作的总体思路、主要目标和突出成效（一段）")),
        "mechanism": S._join(
            "1.落实组织生活制度。" + S.orglife_sentence(f),
            "2.健全班子建设。" + S.term_sentence(f),
            "3.坚持民主集中制。" + S.decisions_sentence(f),
            write(PARTY, "年度党建工作计划的制定和分解落实情况，党员活动室等党建阵地建设和党建活动经费安排情况")),
        "management": S._join(
            "1.党员管理。" + S.members_sentence(f) + S.review_sentence(f),
            "2." + S.dues_sentence(f),
            "3.学习教育。" + S.study_sentence(f),
            write(PARTY, "文书档案管理，党员花名册、统计报表报送和党建信息报送情况")),
        "recruitment": S._join(
            "按照“控制总量、优化结构、提高质量、发挥作用”的总要求，严格履行发展党员程序。" + S.recruitment_sentence(f),
            write(PARTY, "以一线青年骨干教师为重点的发展党员工作做法，对入党积极分子和预备党员的培养教育和考察情况")),
        "excellence": S._join(
            S.rating_sentence(f) + S.lecture_sentence(f),
            write(PARTY, "创先争优、党员先锋岗、党员示范课等活动，党员在教育教学中发挥先锋模范作用的事例")),
        "integrity": S._join(
            S.decisions_sentence(f),
            S.rectification_sentence(f),
            write(PARTY, "廉政教育活动、师德师风建设和廉政风险防控情况")),
        "disclosure": S._join(
            S.disclosure_sentence(f),
            write(PARTY, "党务公开的内容、形式、时限和党员群众意见的反馈处理情况")),
        "closing": S._join(
            S.shortfall_sentence(f),
            write(PARTY, "存在问题的原因分析和下一步改进措施")),
    })


def annual_summary(f: SchoolFacts) -> list[Section]:
    """年度党建工作总结: the headings of a secretary's 述职, written as the organization's year."""
    return _sections(ANNUAL_HEADINGS, _duty_texts(f, who=PARTY, opening=S._join(
        f"{f.period.label}，{f.org_name}在上级党组织的领导下，认真落实全面从严治党主体责任，围绕学校教育教学中心工作，"
        "加强党的建设，较好地完成了各项工作任务。现将一年来的党建工作总结如下。",
        write(PARTY, "本年度党建工作的总体情况和主要成效（一段）"))))


def duty_report(f: SchoolFacts) -> list[Section]:
    """书记抓党建工作述职报告: the same parts in the secretary's own voice, under the 述职评议's headings."""
    return _sections(DUTY_HEADINGS, _duty_texts(f, who=SECRETARY, opening=S._join(
        f"本人任{f.org_name}书记，是学校党建工作第一责任人。现将{f.period.label}履行抓党建工作职责的情况报告如下，"
        "请予评议。",
        write(SECRETARY, "本人履行第一责任人职责的总体情况：亲自研究部署、亲自推动落实了哪些党建工作（一段）"))))


def _duty_texts(f: SchoolFacts, *, who: str, opening: str) -> dict[str, str]:
    closing = ("以上述职，请予评议。" if who == SECRETARY else "")
    return {
        "opening": opening,
        "responsibility": S._join(
            S.orglife_sentence(f),
            write(who, "党建工作计划的制定，书记履行第一责任人职责、班子成员落实“一岗双责”的做法")),
        "ideology": S._join(
            S.lecture_sentence(f) + S.study_sentence(f),
            write(who, "理论学习中心组学习、党员集中学习的主要内容和思想政治工作的做法")),
        "leadership": S._join(
            S.term_sentence(f) + f"{f.period.label}召开支委会{S.meetings_of(f, Kind.COMMITTEE_MEETING)}。",
            S.decisions_sentence(f),
            write(who, "班子团结协作、民主生活会（组织生活会）和批评与自我批评的情况")),
        "organization": S._join(
            f"组织生活落实率为{S._t(f, 'orglife_rate')}，召开支部党员大会{S.meetings_of(f, Kind.GENERAL_MEETING)}、"
            f"党小组会{S.meetings_of(f, Kind.GROUP_MEETING)}。" + S.rating_sentence(f),
            write(who, "支部设置、党小组建设和党建工作与教育教学深度融合的做法")),
        "members": S._join(
            S.members_sentence(f) + S.recruitment_sentence(f),
            S.review_sentence(f),
            write(who, "党员教育管理、关心关爱党员和党员发挥先锋模范作用的情况")),
        "institutions": S._join(
            S.dues_sentence(f),
            write(who, "党组织会议议事规则、“三会一课”、党员管理等制度的建立和执行情况")),
        "conduct": S._join(
            S.disclosure_sentence(f),
            write(who, "落实中央八项规定精神、廉洁从教、师德师风建设和警示教育的情况")),
        "ideological_work": write(who, "落实意识形态工作责任制，课堂、讲座、校园网络和宣传阵地管理的情况"),
        "rectification": S._join(
            S.rectification_sentence(f),
            write(who, "上一年度述职评议和巡察、督导指出问题的整改措施及成效")),
        "next": S._join(
            S.shortfall_sentence(f),
            write(who, "存在不足的原因分析和下一步加强党建工作的打算"),
            closing),
    }
