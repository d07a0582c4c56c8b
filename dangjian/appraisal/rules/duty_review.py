"""Rules of 书记抓党建述职评议 (双向述职) as data, each with its citation.

Local, from the city's own documents (core.local_documents): the two occasions of the 双向述职 —
every year in the 党建月 the school secretary reports to the higher committee, at year end to all
members at the 党员大会 (市教育局党委《党建工作意见》); the three dimensions of the assessment —
the 党建工作例会's 测评, the 巡回督导's 考评 and the 述职's own 测评 (the city's 2023 summary).
Neither document states weights or grade lines: the system's defaults say so in their source,
and a higher committee sets its own for its subtree (`DutySetting`) naming the document that
fixes them. Weights are the document's own (the nearest committee's setting applies); grade lines
may only be made stricter below (the highest line in force above wins).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.local_documents import CITY_BUREAU_OPINION, CITY_SUMMARY_2023

SYSTEM = "本系统述职评议规则"
TWO_WAY_QUOTE = ("建立党组织书记抓党建工作双向述职制度，规定每年在“党建月”活动期间，学校党组织书记要向上一级党组织述职；"
                 "年底，党组织书记要在党员大会上向全体党员述职")
DIMENSIONS_QUOTE = "通过党建工作例会测评、巡回督导考评、年终述职测评三个维度抓实过程考评"


class Kind(models.TextChoices):
    PARTY_MONTH = "party_month", "党建月向上级党组织述职"
    YEAR_END = "year_end", "年底在党员大会上向全体党员述职"


class Grade(models.TextChoices):
    """The 测评表's four grades, best first (also the composite's grades)."""

    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


GRADES: tuple[str, ...] = tuple(Grade.values)
# The points a vote of each grade is worth in the 述职测评 score (0–100): the system's own
# scale, chosen so that a unanimous grade lands on that grade's default line.
GRADE_POINTS: dict[str, int] = {Grade.GOOD: 100, Grade.FAIRLY_GOOD: 80, Grade.AVERAGE: 60, Grade.POOR: 0}

# The sections of a secretary's 述职报告 when written on screen, in the order of the city's duty
# reports (书记抓党建述职报告: 履行党建责任 … 作风建设), then 意识形态, 整改 and the shortcomings.
REPORT_SECTIONS: tuple[str, ...] = (
    "一、履行党建工作责任情况",
    "二、加强党员干部思想政治建设情况",
    "三、领导班子建设情况",
    "四、党组织建设情况",
    "五、党员干部队伍建设情况",
    "六、党建制度建设情况",
    "七、作风建设和党风廉政建设情况",
    "八、落实意识形态工作责任制情况",
    "九、上年度述职评议问题整改情况",
    "十、存在的不足和下一步打算",
)
SECTION_MAX = 5000
COMMENT_MAX = 500
MAX_PRESENT = 2000


R_TWO_WAY = Rule("duty_two_way", "学校党组织书记每年在“党建月”向上一级党组织述职，年底在党员大会上向全体党员述职；上级教育党组织"
                 "每年每种述职开展一轮，本辖区每个学校党组织的书记都应述职", CITY_BUREAU_OPINION.cite(TWO_WAY_QUOTE))
R_OPENER = Rule("duty_opener", "述职评议由上级教育党组织（市、区县教育工委）开展，学校党组织不能为自己开展述职评议", SYSTEM)
R_DEADLINE = Rule("duty_deadline", "述职报告在述职评议的截止日期前提交；截止后仍须提交（述职是每位书记的责任，不能免除），"
                  "但记为“逾期提交”并在结果中列出", f"{CITY_BUREAU_OPINION.cite()}；{SYSTEM}")
R_REPORTER = Rule("duty_reporter", "述职报告由本组织书记本人撰写和提交；提交后不再修改（测评依据的材料保持不变）", SYSTEM)
R_REPORT_FIRST = Rule("duty_report_first", "先述职，后测评：书记提交述职报告后才能登记测评结果", SYSTEM)
R_COUNTS = Rule("duty_counts", "述职测评按“好、较好、一般、差”四个等次统计票数：各等次票数之和不能超过参加测评的人数，"
                "票数不能为负数；年底述职的参加测评人数不超过本组织党员人数", f"{CITY_SUMMARY_2023.cite(DIMENSIONS_QUOTE)}；{SYSTEM}")
R_PROCESS = Rule("duty_process", "过程考评：党建工作例会测评和巡回督导考评的得分由上级党组织按百分制逐一登记（0–100 分）",
                 CITY_SUMMARY_2023.cite(DIMENSIONS_QUOTE))
R_COMPOSITE = Rule("duty_composite", "综合得分 = 党建工作例会测评 × 权重 + 巡回督导考评 × 权重 + 述职测评 × 权重（权重合计 100%）；"
                   "述职测评得分按每票 好 100、较好 80、一般 60、差 0 分的平均计算；按等次分数线评定好、较好、一般、差",
                   f"{CITY_SUMMARY_2023.cite(DIMENSIONS_QUOTE)}；权重和分数线以上级党组织设定的文件为准")
R_SETTING = Rule("duty_setting", "上级党组织可以按本地文件为本辖区设定三个维度的权重和等次分数线，须写明文件名称；"
                 "下级设定的分数线不得低于上级已设定的分数线", SYSTEM)
R_COMMENT = Rule("duty_comment", "上级党组织对述职书记的点评意见指出的问题列入整改台账，明确责任人和整改期限",
                 f"{CITY_SUMMARY_2023.cite('层层压实责任链条')}；{SYSTEM}")


def rules_table() -> list[Rule]:
    return [R_TWO_WAY, R_OPENER, R_DEADLINE, R_REPORTER, R_REPORT_FIRST, R_COUNTS, R_PROCESS, R_COMPOSITE, R_SETTING,
            R_COMMENT]


# --- weights and grade lines in force -----------------------------------------------------------

@dataclass(frozen=True)
class Weights:
    meeting: int      # 党建工作例会测评, %
    supervision: int  # 巡回督导考评, %
    poll: int         # 述职测评, %
    good_min: int
    fairly_good_min: int
    average_min: int
    weights_source: str = "本系统默认（本地文件未规定权重）"
    lines_source: str = "本系统默认（本地文件未规定分数线）"

    @property
    def lines(self) -> tuple[int, int, int]:
        return self.good_min, self.fairly_good_min, self.average_min


DEFAULT = Weights(meeting=30, supervision=30, poll=40, good_min=90, fairly_good_min=80, average_min=60)


@dataclass(frozen=True)
class SettingRow:
    """What the resolver needs of a DutySetting (plain data, testable)."""

    path: str
    org_name: str
    source: str
    meeting: int
    supervision: int
    poll: int
    good_min: int
    fairly_good_min: int
    average_min: int
    effective_from: datetime.date


def weights_in_force(path: str, day: datetime.date, rows: list[SettingRow]) -> Weights:
    """The deepest (then latest) committee's weights in force on `day` above or at `path`; each
    grade line the highest any of them set, so a lower committee never lowers a higher one's line."""
    applicable = sorted((r for r in rows if r.effective_from <= day and path.startswith(r.path)),
                        key=lambda r: (len(r.path), r.effective_from))
    if not applicable:
        return DEFAULT
    lines = [0, 0, 0]
    lines_source = ""
    for row in applicable:
        mine = (row.good_min, row.fairly_good_min, row.average_min)
        raised = [max(a, b) for a, b in zip(lines, mine, strict=True)]
        if raised != lines:
            lines, lines_source = raised, f"{row.org_name}：{row.source}"
    last = applicable[-1]
    good_min, fairly_good_min, average_min = lines
    return Weights(last.meeting, last.supervision, last.poll, good_min, fairly_good_min, average_min,
                   weights_source=f"{last.org_name}：{last.source}", lines_source=lines_source)


def check_setting(meeting: int, supervision: int, poll: int, good_min: int, fairly_good_min: int, average_min: int,
                  source: str, in_force: Weights) -> None:
    """Refuse weights that do not add up, lines out of order, a line below the one in force above,
    or a setting without the document that fixes it."""
    if not source.strip():
        raise RuleViolation("请写明规定权重和分数线的文件名称（发文机关、标题、文号）", rule=R_SETTING, field="source")
    for value, field, label in ((meeting, "meeting", "党建工作例会测评权重"), (supervision, "supervision", "巡回督导考评权重"),
                                (poll, "poll", "述职测评权重")):
        if not 0 <= value <= 100:
            raise RuleViolation(f"{label}须在 0–100 之间", rule=R_COMPOSITE, field=field)
    if meeting + supervision + poll != 100:
        raise RuleViolation(f"三个维度的权重合计为 {meeting + supervision + poll}%，须为 100%", rule=R_COMPOSITE,
                            field="poll", code="weights_sum")
    if not 100 >= good_min > fairly_good_min > average_min > 0:
        raise RuleViolation("分数线须为 100 ≥ “好” > “较好” > “一般” > 0", rule=R_COMPOSITE, field="good_min")
    for value, floor, field, label in ((good_min, in_force.good_min, "good_min", "好"),
                                       (fairly_good_min, in_force.fairly_good_min, "fairly_good_min", "较好"),
                                       (average_min, in_force.average_min, "average_min", "一般")):
        if value < floor and in_force.lines_source != DEFAULT.lines_source:
            raise RuleViolation(f"“{label}”的分数线 {value} 分低于现行规定的 {floor} 分（{in_force.lines_source}），"
                                "只能规定更高的分数线", rule=R_SETTING, field=field, code="looser")


# --- the scores (pure) ----------------------------------------------------------------------------

TENTH = Decimal("0.1")


def check_counts(counts: dict[str, int], present: int, *, members: int | None) -> None:
    if not isinstance(present, int) or isinstance(present, bool) or present < 1:
        raise RuleViolation("参加测评人数须为不小于 1 的整数", rule=R_COUNTS, field="present")
    if members is not None and present > members:
        raise RuleViolation(f"年底述职在党员大会上测评，参加测评人数 {present} 人超过本组织党员 {members} 人", rule=R_COUNTS,
                            field="present", code="present_above_members")
    if present > MAX_PRESENT:
        raise RuleViolation(f"参加测评人数不超过 {MAX_PRESENT} 人", rule=R_COUNTS, field="present")
    for grade in GRADES:
        value = counts.get(grade, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RuleViolation(f"“{Grade(grade).label}”的票数须为不小于 0 的整数", rule=R_COUNTS, field=grade)
    total = sum(counts.get(g, 0) for g in GRADES)
    if total > present:
        raise RuleViolation(f"各等次票数合计 {total} 票，超过参加测评的 {present} 人", rule=R_COUNTS, field="counts",
                            code="counts_above_present")
    if total == 0:
        raise RuleViolation("请录入各等次的票数", rule=R_COUNTS, field="counts")


def poll_score(counts: dict[str, int]) -> Decimal | None:
    votes = sum(counts.get(g, 0) for g in GRADES)
    if not votes:
        return None
    points = sum(counts.get(g, 0) * GRADE_POINTS[g] for g in GRADES)
    return (Decimal(points) / Decimal(votes)).quantize(TENTH, ROUND_HALF_UP)


def composite(meeting: Decimal | None, supervision: Decimal | None, poll: Decimal | None,
              weights: Weights) -> Decimal | None:
    """The weighted score, once all three dimensions are in (a missing one leaves it open)."""
    if meeting is None or supervision is None or poll is None:
        return None
    total = (meeting * weights.meeting + supervision * weights.supervision + poll * weights.poll) / Decimal(100)
    return total.quantize(TENTH, ROUND_HALF_UP)


def grade_of(score: Decimal | None, weights: Weights) -> str:
    if score is None:
        return ""
    if score >= weights.good_min:
        return Grade.GOOD
    if score >= weights.fairly_good_min:
        return Grade.FAIRLY_GOOD
    if score >= weights.average_min:
        return Grade.AVERAGE
    return Grade.POOR
