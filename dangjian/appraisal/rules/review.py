"""Rules of 民主评议党员 (the yearly member review) as data, each with its citation.

National: the procedure (个人自评 → 党员互评 → 民主测评 → 支委会或党员大会评定) and the yearly
frequency (《中国共产党支部工作条例（试行）》), the four grades and "优秀 generally at most one
third of the members" (the central organization department's 共产党员网 guidance on branch work,
“党支部工作”专题·民主评议党员), the handling of an unqualified member (党章 第九条; 第七条 for a
预备党员). Local, as settings a higher committee makes stricter for its subtree from a date
(`ReviewOverride`), never looser: a smaller share of 优秀, and how a 预备党员 is graded
(`ProbationaryPolicy`: by default 不评为优秀, stricter 不评定等次). `rules_in_force` resolves them
for an organization on a day: the strictest of every override above it in force then.

The system's own rules (the roster of the 评议基准日, counts within the number present, one
ballot per member, default follow-up deadlines) say so in their citation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db import models

from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.local_documents import SCHOOL_SUMMARY

REGULATION = "《中国共产党支部工作条例（试行）》"
CONSTITUTION = "《中国共产党章程》"
GUIDANCE = "中央组织部共产党员网“党支部工作”专题·民主评议党员"
SYSTEM = "本系统民主评议规则"


class Step(models.TextChoices):
    """The steps of a round, in order; a round's state is the step it has reached."""

    STUDY = "study", "学习教育"
    SELF_REVIEW = "self_review", "个人自评"
    PEER_REVIEW = "peer_review", "党员互评"
    POLL = "poll", "民主测评"
    DECISION = "decision", "支委会/党员大会评定"
    REPORTED = "reported", "上报并通报本人"
    APPLIED = "applied", "结果运用"


STEPS: tuple[str, ...] = tuple(Step.values)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"
    # Only for a 预备党员 where the rule in force says 不评定等次.
    NOT_GRADED = "not_graded", "不定等次"


# The grades a 民主测评 ballot offers, in the order of the 测评表.
POLL_GRADES: tuple[str, ...] = (Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC, Grade.UNQUALIFIED)
# Grades that count as "合格 or better" for 评先评优 and the like.
PASSING_GRADES = frozenset({Grade.EXCELLENT, Grade.QUALIFIED})


class PollMode(models.TextChoices):
    ENTERED = "entered", "会上填写测评表，汇总后录入"
    ONLINE = "online", "党员在手机上匿名测评"


class Body(models.TextChoices):
    COMMITTEE = "committee_meeting", "支委会"
    GENERAL = "general_meeting", "支部党员大会"


class ProbationaryPolicy(models.TextChoices):
    """How a 预备党员 is graded, from the default to the strictest."""

    NOT_EXCELLENT = "not_excellent", "参加评议，不评为“优秀”"
    UNGRADED = "ungraded", "参加评议，不评定等次"


STRICTNESS: dict[str, int] = {ProbationaryPolicy.NOT_EXCELLENT: 1, ProbationaryPolicy.UNGRADED: 2}


class ReportPeriod(models.TextChoices):
    """A member's own reports through the year (seed 002: 季度自查, 半年初评, 年终总评)."""

    Q1 = "q1", "第一季度自查"
    Q2 = "q2", "第二季度自查"
    Q3 = "q3", "第三季度自查"
    Q4 = "q4", "第四季度自查"
    H1 = "h1", "半年初评"
    ANNUAL = "annual", "年终总评"


def current_report_period(today) -> str:
    """The report a member writes now: 年终总评 in December, 半年初评 in June, else the quarter's
    自查 (the self-report page opens on it; the home's to-do asks for it)."""
    if today.month == 12:
        return ReportPeriod.ANNUAL
    if today.month == 6:
        return ReportPeriod.H1
    return ("q1", "q2", "q3", "q4")[(today.month - 1) // 3]


# The first month of each report's period: a report cannot be written for a period not begun.
PERIOD_START_MONTH: dict[str, int] = {
    ReportPeriod.Q1: 1, ReportPeriod.Q2: 4, ReportPeriod.Q3: 7, ReportPeriod.Q4: 10,
    ReportPeriod.H1: 1, ReportPeriod.ANNUAL: 1,
}
# The structured parts of a self-report, with their labels; each short.
REPORT_FIELDS: dict[str, str] = {
    "study": "学习情况",
    "work": "履职尽责和完成工作情况",
    "role": "发挥先锋模范作用情况",
    "shortcomings": "存在的不足",
    "plans": "努力方向和改进措施",
}
REPORT_FIELD_MAX = 500


class FollowUpKind(models.TextChoices):
    IMPROVEMENT = "improvement", "改进措施（基本合格）"
    CORRECTION = "correction", "限期改正"
    PERSUASION = "persuasion", "劝其退党"
    REMOVAL = "removal", "除名"
    PROBATION = "probation", "延长预备期或取消预备党员资格"


class Outcome(models.TextChoices):
    DONE = "done", "改进措施已落实"
    IMPROVED = "improved", "经教育已改正"
    NOT_IMPROVED = "not_improved", "经教育仍无转变"
    WITHDREW = "withdrew", "本人同意退党"
    REFUSED = "refused", "坚持不退"
    REMOVED = "removed", "已除名"
    EXTENDED = "extended", "延长预备期"
    CANCELLED = "cancelled", "取消预备党员资格"


OUTCOMES: dict[str, tuple[str, ...]] = {
    FollowUpKind.IMPROVEMENT: (Outcome.DONE,),
    FollowUpKind.CORRECTION: (Outcome.IMPROVED, Outcome.NOT_IMPROVED),
    FollowUpKind.PERSUASION: (Outcome.WITHDREW, Outcome.REFUSED),
    FollowUpKind.REMOVAL: (Outcome.REMOVED,),
    FollowUpKind.PROBATION: (Outcome.EXTENDED, Outcome.CANCELLED),
}
# 党章 第九条: 限期改正; 经教育仍无转变 → 劝退; 坚持不退 → 除名.
NEXT_STEP: dict[tuple[str, str], str] = {
    (FollowUpKind.CORRECTION, Outcome.NOT_IMPROVED): FollowUpKind.PERSUASION,
    (FollowUpKind.PERSUASION, Outcome.REFUSED): FollowUpKind.REMOVAL,
}
# Outcomes that change the member record; they go through the members module's own services,
# and need the name of the higher committee that approved them (党章 第七条、第九条).
RECORD_OUTCOMES = {Outcome.WITHDREW, Outcome.REMOVED, Outcome.EXTENDED, Outcome.CANCELLED}

# Default deadlines of the follow-up tasks. No regulation fixes them: the system's defaults, which
# the owner may change on the task (a 限期改正 of three months is the usual local practice).
FOLLOW_UP_DAYS: dict[str, int] = {
    FollowUpKind.IMPROVEMENT: 90,
    FollowUpKind.CORRECTION: 90,
    FollowUpKind.PERSUASION: 30,
    FollowUpKind.REMOVAL: 30,
    FollowUpKind.PROBATION: 30,
}

# --- the rules, each with its citation ------------------------------------------------------

R_YEARLY = Rule("appraisal_yearly", "党支部一般每年开展 1 次民主评议党员，可以结合组织生活会一并进行；每个支部每年一轮",
                f"{REGULATION}第十八条")
R_ORDER = Rule("appraisal_order", "按照学习教育、个人自评、党员互评、民主测评、支委会或党员大会评定、上报并通报本人、"
               "结果运用的顺序逐步进行，不得跳过环节", f"{REGULATION}第十八条；{GUIDANCE}")
R_AS_OF = Rule("appraisal_as_of", "评议基准日在评议年度内或次年上半年（跨年开展），且不晚于今天；评议名册以基准日的党员名册为准",
               SYSTEM)
R_ORG = Rule("appraisal_org", "民主评议党员以党支部（或直接管理党员的党组织）为单位进行", f"{REGULATION}第十八条")
R_ROSTER = Rule("appraisal_roster", "评议对象是评议基准日组织关系在本支部的党员（停止党籍的除外）", SYSTEM)
R_GRADES = Rule("appraisal_grades", "按照“优秀”“合格”“基本合格”“不合格”对党员进行评定", GUIDANCE)
R_EXCELLENT_CAP = Rule("appraisal_excellent_cap", "评定为“优秀”的比例一般不超过党员总数的 1/3（党员总数指评议基准日组织关系在本支部"
                       "的正式党员）；上级党组织可以规定更低的比例", f"{GUIDANCE}；上级党组织的规定")
R_PROBATIONARY = Rule("appraisal_probationary", "预备党员参加民主评议，但正在接受党组织的教育和考察，不宜评为“优秀”；"
                      "上级党组织规定预备党员不评定等次的，从其规定", "共产党员网党务问答“预备党员为何不宜被评为优秀党员”；上级党组织的规定")
R_COUNTS = Rule("appraisal_counts", "民主测评中，每名党员各等次票数之和不能超过参加测评的人数，票数不能为负数", SYSTEM)
R_PRESENT = Rule("appraisal_present", "参加测评的人数至少 1 人，且不超过评议名册的人数", SYSTEM)
R_BALLOT = Rule("appraisal_ballot", "手机匿名测评：每名党员在一轮评议中只能投票一次，票面不记名，不评议本人", SYSTEM)
R_POLL_DONE = Rule("appraisal_poll_done", "支委会或党员大会根据民主测评情况和党员日常表现提出评定意见：评定前须完成民主测评",
                   f"{REGULATION}第十八条")
R_ALL_GRADED = Rule("appraisal_all_graded", "上报前须对评议名册中的每名党员作出评定，并写明评定的会议和日期", GUIDANCE)
R_REPORT = Rule("appraisal_report", "评议结果向上级党组织报告的同时通报本人；本人在上报后才能看到自己的评定等次",
                "通行做法：学校党组织民主评议党员制度（非全国性法规）")
R_HANDLING = Rule("appraisal_handling", "党员缺乏革命意志，不履行党员义务，不符合党员条件，党的支部应当对他进行教育，要求他限期改正；"
                  "经教育仍无转变的，应当劝他退党。劝党员退党，应当经支部大会讨论决定，并报上级党组织批准。如被劝告退党的党员"
                  "坚持不退，应当提交支部大会讨论，决定把他除名，并报上级党组织批准", f"{CONSTITUTION}第九条")
# 党章第七条 word for word: extending is for one who "需要继续考察和教育"; one who "不履行党员义务，不具备党员
# 条件" is to lose the status (the rule once merged the two, as if either answered the second case).
# 劝退 (第九条) is for full members: a probationary member's follow-up is one of these two.
R_PROBATION_HANDLING = Rule("appraisal_probation_handling", "预备党员“需要继续考察和教育的，可以延长预备期，但不能超过一年；"
                            "不履行党员义务，不具备党员条件的，应当取消预备党员资格”", f"{CONSTITUTION}第七条")
R_IMPROVEMENT = Rule("appraisal_improvement", "对评为“基本合格”的党员指出差距，帮助改进提高：制定改进措施，明确责任人和期限；"
                     "进入结果运用前须写明改进措施", GUIDANCE)
R_FOLLOW_UP = Rule("appraisal_follow_up", "处置和改进任务须有责任人和期限，期限不早于任务开始之日；办结须选择规定的结果", SYSTEM)
R_SELF_REPORT = Rule("appraisal_self_report", "党员开展季度自查、半年初评、年终总评：不能为尚未开始的期间填写，每项不超过 "
                     f"{REPORT_FIELD_MAX} 字", SCHOOL_SUMMARY.cite("每位党员开展季度自查，半年初评，年终总评"))
R_SELF_REPORT_LOCKED = Rule("appraisal_self_report_locked", "本年度民主评议进入民主测评后，年终总评不再修改（测评依据的材料保持不变）",
                            SYSTEM)
R_OVERRIDE = Rule("appraisal_override", "上级党组织可以对本辖区规定更低的“优秀”比例、规定预备党员不评定等次，但不得宽于全国规定"
                  "和上级已有的规定", f"{GUIDANCE}；上级党组织的规定")
R_NOT_FUTURE = Rule("appraisal_not_future", "尚未发生的环节不能登记，日期不能晚于今天，也不能早于上一环节", SYSTEM)


def rules_table() -> list[Rule]:
    return [R_YEARLY, R_ORDER, R_ORG, R_AS_OF, R_ROSTER, R_GRADES, R_EXCELLENT_CAP, R_PROBATIONARY, R_COUNTS, R_PRESENT,
            R_BALLOT, R_POLL_DONE, R_ALL_GRADED, R_REPORT, R_HANDLING, R_PROBATION_HANDLING, R_IMPROVEMENT,
            R_FOLLOW_UP, R_SELF_REPORT, R_SELF_REPORT_LOCKED, R_OVERRIDE, R_NOT_FUTURE]


# --- the transition table ---------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    rule: Rule
    fields: tuple[str, ...] = ()  # facts the form asks for


TRANSITIONS: list[Transition] = [
    Transition(Step.STUDY, Step.SELF_REVIEW, "学习教育结束，开始个人自评", R_ORDER),
    Transition(Step.SELF_REVIEW, Step.PEER_REVIEW, "个人自评结束，召开党员大会开展互评", R_ORDER),
    Transition(Step.PEER_REVIEW, Step.POLL, "开始民主测评", R_ORDER, ("poll_mode",)),
    Transition(Step.POLL, Step.DECISION, "测评结束，提交评定", R_POLL_DONE),
    Transition(Step.DECISION, Step.REPORTED, "评定完成，上报上级党组织并通报本人", R_ALL_GRADED, ("decided_by", "decided_on")),
    Transition(Step.REPORTED, Step.APPLIED, "进入结果运用", R_IMPROVEMENT),
]
BY_EDGE: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITIONS}
FIELD_LABELS = {"poll_mode": "测评方式", "decided_by": "评定会议", "decided_on": "评定日期", "note": "情况说明"}


def next_of(step: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == step), None)


def step_index(step: str) -> int:
    return STEPS.index(step)


def reached(state: str, step: str) -> bool:
    return step_index(state) >= step_index(step)


def as_of_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The 评议基准日 of a year's round: within the year, or the first half of the next (a round
    for a year often ends in January or February)."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 6, 30)


# --- the rules in force: national, made stricter by higher committees -----------------------

NATIONAL_EXCELLENT_SHARE = Fraction(1, 3)
NATIONAL_PROBATIONARY = ProbationaryPolicy.NOT_EXCELLENT


@dataclass(frozen=True)
class ReviewRules:
    excellent_share: Fraction
    probationary_policy: str
    share_source: str = "全国规定"
    policy_source: str = "全国规定"

    @property
    def share_label(self) -> str:
        return share_label(self.excellent_share)

    @property
    def policy_label(self) -> str:
        return ProbationaryPolicy(self.probationary_policy).label


NATIONAL = ReviewRules(NATIONAL_EXCELLENT_SHARE, NATIONAL_PROBATIONARY)


def share_label(share: Fraction) -> str:
    return "1/3" if share == NATIONAL_EXCELLENT_SHARE else f"{float(share * 100):g}%"


@dataclass(frozen=True)
class OverrideRow:
    """What the resolver needs of a ReviewOverride (plain data: cacheable, testable)."""

    path: str
    org_name: str
    excellent_percent: int | None
    probationary_policy: str
    effective_from: datetime.date


def rules_in_force(path: str, day: datetime.date, overrides: list[OverrideRow]) -> ReviewRules:
    """The national rules made stricter by every override in force on `day` on an organization
    above (or at) `path`: the smallest share and the strictest probationary policy win, so a
    lower committee can never loosen what a higher one set."""
    rules = NATIONAL
    for row in sorted(overrides, key=lambda r: (len(r.path), r.effective_from)):
        if row.effective_from > day or not path.startswith(row.path):
            continue
        if row.excellent_percent is not None and Fraction(row.excellent_percent, 100) < rules.excellent_share:
            rules = ReviewRules(Fraction(row.excellent_percent, 100), rules.probationary_policy, row.org_name,
                                rules.policy_source)
        if row.probationary_policy and STRICTNESS[row.probationary_policy] > STRICTNESS[rules.probationary_policy]:
            rules = ReviewRules(rules.excellent_share, row.probationary_policy, rules.share_source, row.org_name)
    return rules


def check_not_looser(excellent_percent: int | None, probationary_policy: str, in_force: ReviewRules) -> None:
    """Refuse an override that loosens the national rule or the rules already in force there."""
    if excellent_percent is None and not probationary_policy:
        raise RuleViolation("请至少规定一项：“优秀”比例上限或预备党员评定办法", rule=R_OVERRIDE, field="excellent_percent")
    if excellent_percent is not None:
        if not 1 <= excellent_percent <= 100:
            raise RuleViolation("“优秀”比例上限须为 1–100 之间的整数百分比", rule=R_OVERRIDE, field="excellent_percent")
        if Fraction(excellent_percent, 100) > in_force.excellent_share:
            raise RuleViolation(f"“优秀”比例上限 {excellent_percent}% 宽于现行规定（{in_force.share_label}，"
                                f"{in_force.share_source}），只能规定更低的比例", rule=R_EXCELLENT_CAP,
                                field="excellent_percent")
    if probationary_policy:
        if probationary_policy not in STRICTNESS:
            raise RuleViolation("预备党员评定办法无效", rule=R_OVERRIDE, field="probationary_policy")
        if STRICTNESS[probationary_policy] < STRICTNESS[in_force.probationary_policy]:
            raise RuleViolation(f"“{ProbationaryPolicy(probationary_policy).label}”宽于现行规定"
                                f"（{in_force.policy_label}，{in_force.policy_source}）", rule=R_PROBATIONARY,
                                field="probationary_policy")


# --- the grading checks (pure: the services call them, the tests probe their boundaries) -----

def excellent_cap(full_members: int, rules: ReviewRules) -> int:
    """How many may be graded 优秀: "no more than" the share of the full members, rounded down."""
    share = rules.excellent_share
    return full_members * share.numerator // share.denominator


def check_excellent_cap(excellent: int, full_members: int, rules: ReviewRules) -> None:
    cap = excellent_cap(full_members, rules)
    if excellent > cap:
        raise RuleViolation(f"评为“优秀”的有 {excellent} 人，超过上限 {cap} 人（正式党员 {full_members} 人的 "
                            f"{rules.share_label}，{rules.share_source}）", rule=R_EXCELLENT_CAP, field="grade",
                            code="excellent_cap")


def allowed_grades(is_probationary: bool, rules: ReviewRules) -> tuple[str, ...]:
    if not is_probationary:
        return POLL_GRADES
    if rules.probationary_policy == ProbationaryPolicy.UNGRADED:
        return (Grade.NOT_GRADED,)
    return (Grade.QUALIFIED, Grade.BASIC, Grade.UNQUALIFIED)


def check_grade(name: str, grade: str, is_probationary: bool, rules: ReviewRules) -> None:
    if grade not in Grade.values:
        raise RuleViolation(f"{name}的评定等次无效", rule=R_GRADES, field="grade")
    allowed = allowed_grades(is_probationary, rules)
    if grade in allowed:
        return
    if is_probationary:
        raise RuleViolation(f"{name}是预备党员，按现行规定（{rules.policy_label}，{rules.policy_source}）"
                            f"不能评定为“{Grade(grade).label}”", rule=R_PROBATIONARY, field="grade")
    raise RuleViolation(f"{name}是正式党员，须评定为优秀、合格、基本合格或不合格之一", rule=R_GRADES, field="grade")


def check_counts(name: str, counts: dict[str, int], present: int) -> None:
    for grade in POLL_GRADES:
        value = counts.get(grade, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RuleViolation(f"{name}的“{Grade(grade).label}”票数须为不小于 0 的整数", rule=R_COUNTS, field=grade)
    total = sum(counts.get(g, 0) for g in POLL_GRADES)
    if total > present:
        raise RuleViolation(f"{name}的各等次票数合计 {total} 票，超过参加测评的 {present} 人", rule=R_COUNTS,
                            field="counts", code="counts_above_present")


def check_present(present: int, roster_size: int) -> None:
    if not isinstance(present, int) or isinstance(present, bool) or present < 1 or present > roster_size:
        raise RuleViolation(f"参加测评人数须在 1 到 {roster_size} 人之间（评议名册 {roster_size} 人）", rule=R_PRESENT,
                            field="present")


def report_period_start(year: int, period: str) -> datetime.date:
    return datetime.date(year, PERIOD_START_MONTH[period], 1)
