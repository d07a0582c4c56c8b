"""The text of the drafts, written from the facts: each section a heading and paragraphs, some
sentences built from figures (a figure the system does not hold reads 【待补充：…】), some left for
people and marked 【由…撰写：…】 with what the paragraph should say. The 自查报告 follows a school's
党建工作自查报告 (six parts); the 年度党建工作总结 and the 述职报告 follow the secretaries' 述职报告
(履行责任, 思想政治, 班子, 组织, 队伍, 制度, 作风与廉政, plus 意识形态, 整改 and 不足与下一步 that the
city bureau's 《党建工作意见》 asks a 述职 to cover)."""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.orglife.rules import Kind
from dangjian.reports.facts import SchoolFacts


@dataclass
class Section:
    key: str
    heading: str
    text: str

    def as_dict(self) -> dict:
        return {"key": self.key, "heading": self.heading, "text": self.text}


def write(who: str, what: str) -> str:
    """A paragraph left for people, saying who writes it and what it should cover."""
    return f"【由{who}撰写：{what}】"


def _t(facts: SchoolFacts, key: str) -> str:
    return facts[key].text


def _n(facts: SchoolFacts, key: str) -> int:
    value = facts.value(key)
    return value if isinstance(value, int) else 0


def _join(*paragraphs: str) -> str:
    return "\n\n".join(p for p in paragraphs if p)


# --- sentences shared by the three drafts ---------------------------------------------------------

def orglife_sentence(f: SchoolFacts) -> str:
    p = f.period.label
    if not f.activities:
        return f"{p}，{_t(f, 'orglife_rate')}。"
    meetings = "、".join(f"{label}{meetings}次" for _kind, label, meetings, _done, _due in f.activities)
    text = (f"{p}，按照“三会一课”等制度，本组织应开展的组织生活共{_t(f, 'orglife_required')}，已按规定开展"
            f"{_t(f, 'orglife_done')}，落实率{_t(f, 'orglife_rate')}；其中{meetings}。")
    if _n(f, "orglife_missing"):
        text += f"另有{_t(f, 'orglife_missing')}缺失或未达到法定人数，需要补开或整改。"
    return text


def term_sentence(f: SchoolFacts) -> str:
    return (f"本届委员会任期自{_t(f, 'term_start')}至{_t(f, 'term_end')}，换届情况：{_t(f, 'term_status')}；"
            f"党组织书记为{_t(f, 'secretary')}同志。")


def decisions_sentence(f: SchoolFacts) -> str:
    text = (f"坚持重大事项集体研究决定，{f.period.label}召开党组织会议研究议事决策{_t(f, 'decision_meetings')}，研究决定议题"
            f"{_t(f, 'decided')}，其中“三重一大”事项{_t(f, 'decided_major')}。")
    problems = []
    if _n(f, "non_quorate"):
        problems.append(f"{_t(f, 'non_quorate')}会议未达到法定人数")
    if _n(f, "execution_overdue"):
        problems.append(f"{_t(f, 'execution_overdue')}决定逾期未办结")
    if _n(f, "undecided_large"):
        problems.append(f"{_t(f, 'undecided_large')}大额经费支出未经集体决策")
    return text + (f"需要改进的是：{'；'.join(problems)}。" if problems else "未发现未经集体决策的大额经费支出。")


def members_sentence(f: SchoolFacts) -> str:
    day = f.as_of
    return (f"截至{day.year}年{day.month}月{day.day}日，本组织共有党员{_t(f, 'members_total')}，其中正式党员"
            f"{_t(f, 'members_full')}、预备党员{_t(f, 'members_probationary')}，女党员{_t(f, 'members_women')}。")


def review_sentence(f: SchoolFacts) -> str:
    if f["review_graded"].is_missing:
        return f"{f.period.year}年度民主评议党员：{_t(f, 'review_graded')}。"
    return (f"{f.period.year}年度民主评议党员，参加评议{_t(f, 'review_graded')}，评定为优秀{_t(f, 'review:excellent')}、"
            f"合格{_t(f, 'review:qualified')}、基本合格{_t(f, 'review:basic')}、不合格{_t(f, 'review:unqualified')}。")


def dues_sentence(f: SchoolFacts) -> str:
    if f["dues_due"].is_missing:
        text = f"党费收缴。{f.period.label}党费收缴情况：{_t(f, 'dues_due')}。"
    else:
        text = (f"党费收缴。{f.period.label}已生成党费台账{_t(f, 'dues_months')}，应缴党费{_t(f, 'dues_due')}，实缴"
                f"{_t(f, 'dues_paid')}，收缴率{_t(f, 'dues_rate')}，应缴未缴{_t(f, 'dues_unpaid')}；党员自愿多交"
                f"{_t(f, 'dues_extra')}。")
    if _n(f, "arrears_members"):
        return text + f"目前欠缴名单中有{_t(f, 'arrears_members')}党员连续未交党费，共{_t(f, 'arrears_amount')}。"
    return text + "目前欠缴名单（截至上月连续未交党费的党员）中没有党员。"


def study_sentence(f: SchoolFacts) -> str:
    return (f"{f.period.year}年党员撰写读书笔记{_t(f, 'notes_count')}、共{_t(f, 'notes_chars')}，"
            f"{_t(f, 'notes_met')}党员达到每年{_t(f, 'notes_target')}的要求（应写{_t(f, 'notes_members')}）。")


def recruitment_sentence(f: SchoolFacts) -> str:
    year = f.period.year
    current = (f"目前在培养入党申请人{_t(f, 'files:application')}、入党积极分子{_t(f, 'files:activist')}、"
               f"发展对象{_t(f, 'files:candidate')}，另有{_t(f, 'files:probation')}预备党员在接收和考察期内。")
    names = ("activists", "candidates", "admitted")
    if all(f[f"plan:{name}"].is_missing for name in names):
        done = (f"{year}年确定入党积极分子{_t(f, 'done:activists')}、发展对象{_t(f, 'done:candidates')}，发展党员"
                f"{_t(f, 'done:admitted')}；年度发展计划：【待补充：{year}年度发展党员计划】。")
    else:
        done = (f"{year}年确定入党积极分子{_t(f, 'done:activists')}（计划{_t(f, 'plan:activists')}），确定发展对象"
                f"{_t(f, 'done:candidates')}（计划{_t(f, 'plan:candidates')}），发展党员{_t(f, 'done:admitted')}"
                f"（计划{_t(f, 'plan:admitted')}）。")
    return current + done


def rating_sentence(f: SchoolFacts) -> str:
    year = f.period.year
    if not f["rating_stars"].is_missing:
        return f"在{year}年度评星定级中，本组织被评定为{_t(f, 'rating_stars')}级党组织。"
    if not f["rating_state"].is_missing:
        return f"{year}年度评星定级目前进行到“{_t(f, 'rating_state')}”，星级评定后补充：{_t(f, 'rating_stars')}。"
    return f"{year}年度评星定级：{_t(f, 'rating_state')}。"


def rectification_sentence(f: SchoolFacts) -> str:
    text = (f"整改台账现有整改事项{_t(f, 'rect_total')}，已销号{_t(f, 'rect_closed')}，尚未销号"
            f"{_t(f, 'rect_open')}")
    if _n(f, "rect_overdue"):
        return text + f"，其中{_t(f, 'rect_overdue')}已超过整改期限。"
    return text + ("，均在整改期限内推进。" if _n(f, "rect_open") else "。")


def disclosure_sentence(f: SchoolFacts) -> str:
    return f"按照党务公开目录，目前已公开（含已归档）党务公开事项{_t(f, 'disclosed')}。"


def shortfalls(f: SchoolFacts) -> list[str]:
    """What the figures themselves show still wanting, for 不足与下一步."""
    lines = []
    if _n(f, "orglife_missing"):
        lines.append(f"组织生活有{_t(f, 'orglife_missing')}缺失或未达到法定人数")
    rate = f.value("dues_rate")
    if rate is not None and rate < 100:
        lines.append(f"党费收缴率为{_t(f, 'dues_rate')}，尚未做到按月足额交纳")
    planned, done = f.value("plan:admitted"), f.value("done:admitted")
    if planned and done is not None and done < planned:
        lines.append(f"发展党员{_t(f, 'done:admitted')}，未完成年度计划{_t(f, 'plan:admitted')}")
    if _n(f, "rect_overdue"):
        lines.append(f"{_t(f, 'rect_overdue')}整改事项逾期未完成")
    members, met = _n(f, "notes_members"), _n(f, "notes_met")
    if members and met < members:
        lines.append(f"还有{members - met}名党员读书笔记未达到年度字数要求")
    return lines


def shortfall_sentence(f: SchoolFacts) -> str:
    lines = shortfalls(f)
    if not lines:
        return "从系统记录的数据看，本期各项党建工作指标均已完成。"
    return "从系统记录的数据看，还存在以下不足：" + "；".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "。"


def meetings_of(f: SchoolFacts, kind: str) -> str:
    key = f"meetings:{kind}"
    return f[key].text if key in f else "0次"


def lecture_sentence(f: SchoolFacts) -> str:
    return (f"{f.period.label}讲党课{meetings_of(f, Kind.PARTY_LECTURE)}，开展主题党日{meetings_of(f, Kind.THEME_DAY)}，"
            f"召开组织生活会{meetings_of(f, Kind.LIFE_MEETING)}。")
