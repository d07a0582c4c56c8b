"""Rules of organizational life (组织生活, 三会一课) as data, each with its citation.

The national rules are the constants below (《中国共产党支部工作条例（试行）》2018; 思想政治课 is the city
education bureau's local rule, cited by title from dangjian.core.local_documents). A higher committee may make a rule stricter for its subtree from a date
(`FrequencyOverride`), never looser: `check_not_looser` is the one test of "looser", and the
service that saves an override calls it. `rule_in_force(kinds, path, day, overrides)` resolves
the rule for an organization on a day — the deepest override above it that is in force wins.

Periods: a rule's frequency is monthly, quarterly or yearly; a compliance question is asked
for a month, a quarter or a year. A rule is checked in a period only when its own unit fits in
it (a yearly rule is not "missing" in March), so a month shows the monthly rules, a quarter
the monthly and quarterly ones, a year all of them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from django.db import models

from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.local_documents import CITY_BUREAU_OPINION, SCHOOL_DUTY_REPORT, SCHOOL_SUMMARY

REGULATION = "《中国共产党支部工作条例（试行）》"
CONSTITUTION = "《中国共产党章程》"
XIZE = "《中国共产党发展党员工作细则》"
CIVIL_CODE = "《中华人民共和国民法典》"


class Kind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支委会"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"
    HEART_TALK = "heart_talk", "谈心谈话"
    POLITICAL_STUDY = "political_study", "思想政治课"
    LEADERSHIP_LIFE_MEETING = "leadership_life_meeting", "民主生活会"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"


MONTHS_IN: dict[str, int] = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class Attendees(models.TextChoices):
    ALL_MEMBERS = "all_members", "全体党员"
    COMMITTEE = "committee", "支部委员会委员"
    GROUP = "group", "党小组全体党员"
    MEMBERS_AND_STAFF = "members_and_staff", "全体党员和教职工"


class Quorum(models.TextChoices):
    NONE = "none", "不设法定人数"
    # 条例第十一条's own words, read as the law reads 以上 (the number itself included).
    VOTING_HALF = "voting_half", "半数以上有表决权的党员到会（含半数）"
    # The stricter reading: 细则第二十条's words for the meetings on admission and conversion,
    # and what a higher committee may ask of every 党员大会 in its subtree (QuorumSetting).
    VOTING_MAJORITY = "voting_majority", "有表决权的到会人数超过应到会有表决权党员的半数"
    HALF_COMMITTEE = "half_committee", "半数以上委员到会（含半数）"


# How strict each quorum is: a local setting may only move a 党员大会 up this scale.
QUORUM_STRICTNESS: dict[str, int] = {Quorum.VOTING_HALF: 1, Quorum.VOTING_MAJORITY: 2}
VOTING_QUORUMS: frozenset[str] = frozenset(QUORUM_STRICTNESS)


@dataclass(frozen=True)
class ActivityRule:
    kind: str
    frequency: str
    min_count: int          # at least this many in each period of `frequency`
    attendees: str
    quorum: str
    rule: Rule
    effective_from: datetime.date = datetime.date(2018, 10, 28)  # 条例 issued
    source: str = "national"  # "national", or the override's organization name
    # What the base rule is to a user: a national text, or a local one (思想政治课 is the city
    # education bureau's) — a local rule must never be shown as national.
    standing: str = "全国规定"
    quorum_source: str = "national"  # "national", or the organization whose QuorumSetting applies

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def per_year(self) -> int:
        return self.min_count * 12 // MONTHS_IN[self.frequency]

    @property
    def attendees_label(self) -> str:
        return Attendees(self.attendees).label

    @property
    def quorum_label(self) -> str:
        return Quorum(self.quorum).label

    def describe(self) -> str:
        return f"{Frequency(self.frequency).label}至少 {self.min_count} 次"


def _rule(kind: str, text: str, citation: str) -> Rule:
    return Rule(f"orglife_{kind}", text, citation)


NATIONAL: dict[str, ActivityRule] = {r.kind: r for r in [
    ActivityRule(Kind.GENERAL_MEETING, Frequency.QUARTERLY, 1, Attendees.ALL_MEMBERS, Quorum.VOTING_HALF,
                 _rule(Kind.GENERAL_MEETING, "党支部党员大会“由全体党员参加，一般每季度召开1次”；“表决必须有半数以上有表决权的党员"
                       "到会方可进行，赞成人数超过应到会有表决权的党员的半数为通过”。本系统按法律用语“以上”包括本数"
                       f"（{CIVIL_CODE}第一千二百五十九条“民法所称的‘以上’……包括本数”）判断：有表决权的到会人数达到应到会"
                       "有表决权党员的半数，会议有效；讨论接收预备党员、预备党员转正的支部大会另按"
                       f"{XIZE}第二十条、第三十三条须超过半数（在发展党员程序中检查）；上级党组织可以规定本辖区所有党员大会"
                       "均须超过半数", f"{REGULATION}第十一条")),
    ActivityRule(Kind.COMMITTEE_MEETING, Frequency.MONTHLY, 1, Attendees.COMMITTEE, Quorum.HALF_COMMITTEE,
                 _rule(Kind.COMMITTEE_MEETING, "党支部委员会会议“一般每月召开1次，根据需要可以随时召开”，“须有半数以上委员到会"
                       "方可进行”（本系统按“以上”包括本数判断，半数委员到会即可）", f"{REGULATION}第十二条")),
    ActivityRule(Kind.GROUP_MEETING, Frequency.MONTHLY, 1, Attendees.GROUP, Quorum.NONE,
                 _rule(Kind.GROUP_MEETING, "“党小组会一般每月召开1次，组织党员参加政治学习、谈心谈话、开展批评和自我批评等”"
                       "（每个党小组）", f"{REGULATION}第十三条")),
    ActivityRule(Kind.PARTY_LECTURE, Frequency.QUARTERLY, 1, Attendees.ALL_MEMBERS, Quorum.NONE,
                 _rule(Kind.PARTY_LECTURE, "“党支部应当组织党员按期参加党员大会、党小组会和上党课”；条例未写明党课的频次，"
                       "本系统按通行做法以每季度至少 1 次为“按期”；党支部书记每年至少为党员讲 1 次党课",
                       f"{REGULATION}第十六条")),
    ActivityRule(Kind.THEME_DAY, Frequency.MONTHLY, 1, Attendees.ALL_MEMBERS, Quorum.NONE,
                 _rule(Kind.THEME_DAY, "“党支部应当每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和"
                       "志愿服务等”", f"{REGULATION}第十六条")),
    ActivityRule(Kind.LIFE_MEETING, Frequency.YEARLY, 1, Attendees.ALL_MEMBERS, Quorum.NONE,
                 _rule(Kind.LIFE_MEETING, "“党支部每年至少召开1次组织生活会，一般安排在第四季度，也可以根据工作需要随时召开”；"
                       "会上“查摆问题，开展批评和自我批评”", f"{REGULATION}第十七条")),
    ActivityRule(Kind.APPRAISAL, Frequency.YEARLY, 1, Attendees.ALL_MEMBERS, Quorum.NONE,
                 _rule(Kind.APPRAISAL, "“党支部一般每年开展1次民主评议党员”；“民主评议党员可以结合组织生活会一并进行”",
                       f"{REGULATION}第十八条")),
    ActivityRule(Kind.HEART_TALK, Frequency.YEARLY, 1, Attendees.ALL_MEMBERS, Quorum.NONE,
                 _rule(Kind.HEART_TALK, "“党支部应当经常开展谈心谈话。党支部委员之间、党支部委员和党员之间、党员和党员之间，"
                       "每年谈心谈话一般不少于1次”", f"{REGULATION}第十九条")),
    ActivityRule(Kind.POLITICAL_STUDY, Frequency.MONTHLY, 1, Attendees.MEMBERS_AND_STAFF, Quorum.NONE,
                 _rule(Kind.POLITICAL_STUDY, "学校设立“思想政治课”，每月安排 1 个课时对党员和教职工进行理想信念、形势政策教育",
                       CITY_BUREAU_OPINION.cite("在各学校设立“思想政治课”……每月调整安排一个课时")),
                 standing="本市规定"),
    ActivityRule(Kind.LEADERSHIP_LIFE_MEETING, Frequency.YEARLY, 1, Attendees.COMMITTEE, Quorum.NONE,
                 _rule(Kind.LEADERSHIP_LIFE_MEETING, "“党员领导干部还必须参加党委、党组的民主生活会”；民主生活会一般每年召开 1 次",
                       f"{CONSTITUTION}第八条；《县以上党和国家机关党员领导干部民主生活会若干规定》；"
                       f"{SCHOOL_SUMMARY.cite('召开支委民主生活会')}")),
]}

# Yearly checks of people rather than of meeting counts (DOMAIN.md: 谈心谈话 at least yearly per
# member; the secretary gives at least one 党课 a year). Judged in a year's compliance only.
class PersonCheck(models.TextChoices):
    HEART_TALK_EACH = "heart_talk_each", "每名党员谈心谈话"
    SECRETARY_LECTURE = "secretary_lecture", "书记讲党课"


PERSON_CHECK_RULES = {
    PersonCheck.HEART_TALK_EACH: Rule(
        "orglife_heart_talk_each", "支部委员之间、支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于 1 次："
        "每名党员每年至少参加 1 次（以谈心谈话记录的出席名单为准）", f"{REGULATION}第十九条"),
    PersonCheck.SECRETARY_LECTURE: Rule(
        "orglife_secretary_lecture", "党支部书记每年至少为党员讲 1 次党课（以党课记录的授课人为准；年内换届的，任一任书记讲授即可）",
        # 第十六条 sets the yearly lecture for 党委（党组）书记 ("党员领导干部应当定期为基层党员讲党课，党委（党组）书记
        # 每年至少讲1次党课"), not for a branch secretary: holding the branch secretary to it is common practice.
        f"通行做法：对党支部书记参照{REGULATION}第十六条“党委（党组）书记每年至少讲1次党课”"),
}
# The activity whose applicability a check follows: no 谈心谈话 owed, no per-member check.
PERSON_CHECK_FOLLOWS = {PersonCheck.HEART_TALK_EACH: Kind.HEART_TALK,
                        PersonCheck.SECRETARY_LECTURE: Kind.PARTY_LECTURE}


# Which activities an organization of each kind owes. A branch (or joint branch) holds the 三会一课
# and the rest; a school 党委 / 党总支 holds its committee meetings, the leadership's 民主生活会 and the
# school's 思想政治课 (its branches hold the rest). 支委会 only where a committee exists (see below).
BRANCH_ACTIVITIES = (
    Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING, Kind.PARTY_LECTURE, Kind.THEME_DAY,
    Kind.LIFE_MEETING, Kind.APPRAISAL, Kind.HEART_TALK, Kind.POLITICAL_STUDY,
)
COMMITTEE_ACTIVITIES = (Kind.COMMITTEE_MEETING, Kind.LEADERSHIP_LIFE_MEETING, Kind.POLITICAL_STUDY)
ACTIVITIES_BY_ORG_KIND = {
    "branch": BRANCH_ACTIVITIES, "joint_branch": BRANCH_ACTIVITIES,
    "committee": COMMITTEE_ACTIVITIES, "general_branch": COMMITTEE_ACTIVITIES,
}
# 有正式党员 7 人以上的党支部，应当设立党支部委员会 — below that there is no 支委会 to convene.
COMMITTEE_MIN_FULL_MEMBERS = 7
R_COMMITTEE_EXISTS = Rule("orglife_committee_exists", "“有正式党员7人以上的党支部，应当设立党支部委员会”；不足 7 人的"
                          "不设支委会，也就不要求召开支委会", f"{REGULATION}第二十条")

# The 党课 needs its lecturer (the rule the form names when one is missing).
R_LECTURER = Rule("orglife_lecturer", "党课须登记授课人（本组织党员，或系统外授课人的姓名）", f"{REGULATION}第十六条")
R_NOT_FUTURE = Rule("orglife_not_future", "尚未召开的会议不能登记为已召开，请在会后登记，或列入年度计划", "本系统组织生活记录规则")
R_ATTENDEE = Rule("orglife_attendee", "出席和缺席名单只能是会议当日本组织（或本党小组）的党员", "本系统组织生活记录规则")
R_ABSENCE_REASON = Rule("orglife_absence_reason", "缺席须登记原因（请假、病假、公差、其他或无故缺席）", "本系统组织生活记录规则")
R_OVERRIDE = Rule("orglife_override", "上级党组织可以对本辖区规定更严格的组织生活频次，但不得低于全国规定",
                  f"{REGULATION}第十一条至第十九条（全国规定的底线）；上级党组织的规定")
R_QUORUM_SETTING = Rule(
    "orglife_quorum_setting", "上级党组织可以规定本辖区的党支部党员大会一律按“有表决权的到会人数超过应到会有表决权党员的半数”"
    "掌握法定人数（比“半数以上”更严格），须写明依据文件，自生效日期起适用；规定后，下级组织不能改回“半数以上”",
    f"{REGULATION}第十一条；{XIZE}第二十条；上级党组织的规定")

# Editing: a record can be corrected freely for this many days after it was entered, then it is
# locked and a change is an amendment with a reason, kept in history. Why 15: minutes are
# normally checked and signed by the host within two weeks of the meeting (common 党务 practice;
# no regulation sets a number), and an inspection (巡回督导) must see records that do not move.
EDIT_GRACE_DAYS = 15
R_LOCKED = Rule("orglife_locked", f"记录登记 {EDIT_GRACE_DAYS} 天后锁定，之后的更正须作为补正记录并写明原因，留存修改历史",
                "本系统组织生活记录规则（会议记录须经主持人审核签字，一般两周内完成）")

# QR sign-in (扫码签到): a member may sign in from this long before the meeting starts until this
# long after it ends; a meeting without an end time stays open SIGN_IN_WITHOUT_END after its start,
# and one without a start time the whole day it is held. A local setting of this system, not a
# regulation (no rule of the Party sets a sign-in window): members arrive early and a meeting
# overruns, so half an hour either side; past that a sign-in would record a presence nobody saw.
SIGN_IN_OPENS_BEFORE = datetime.timedelta(minutes=30)
SIGN_IN_CLOSES_AFTER = datetime.timedelta(minutes=30)
SIGN_IN_WITHOUT_END = datetime.timedelta(hours=3)
R_SIGN_IN_WINDOW = Rule("orglife_sign_in_window", "扫码签到自会议开始前 30 分钟起、至会议结束后 30 分钟止（未填结束时间的，"
                        "开始后 3 小时止；未填开始时间的，以会议当日为限）", "本系统扫码签到设置（本地设置，非党内法规规定）")
R_SIGN_IN_EXPECTED = Rule("orglife_sign_in_expected", "只有会议应到名单中的党员可以扫码签到", "本系统组织生活记录规则")

# 自行脱党: 《中国共产党章程》第九条 "党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或
# 不做党所分配的工作，就被认为是自行脱党。支部大会应当决定把这样的党员除名，并报上级党组织批准。" The
# warning at three months is this system's own, not the Constitution's (which names no earlier point):
# half-way to the lapse, the secretary is told to talk to the member — as for dues (dues/rules.py
# WARNING_MONTHS). The two are two rules, so that neither is cited for what the other says.
LAPSE_MONTHS = 6
WARNING_MONTHS = 3
R_LAPSE = Rule("orglife_lapse", "党员如果没有正当理由，连续六个月不参加党的组织生活……就被认为是自行脱党",
               f"{CONSTITUTION}第九条")
R_LAPSE_WARNING = Rule("orglife_lapse_warning", f"党员连续 {WARNING_MONTHS} 个月无正当理由不参加组织生活的，提醒党组织及时批评教育",
                       "本系统提醒设置（在自行脱党的六个月之前提醒，非党内法规规定）")
# Shown together wherever the lapse is explained (the pages' 依据, the API's rule field).
LAPSE_RULES_TEXT = f"{R_LAPSE}；{R_LAPSE_WARNING}"

# Red / yellow / green of the compliance table. Not regulated: the thresholds most 党建工作例会测评
# sheets use (seed 001's three-dimension assessment scores ≥ 90% as 好). Settings, not law.
GREEN_FROM = 90
YELLOW_FROM = 60


def colour_of(rate: float | None) -> str:
    if rate is None:
        return "na"
    return "ok" if rate >= GREEN_FROM else "warning" if rate >= YELLOW_FROM else "danger"


# --- periods -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: datetime.date   # first day
    end: datetime.date     # last day (inclusive)
    unit: str              # a Frequency: monthly / quarterly / yearly
    label: str
    code: str              # 2026-09, 2026-Q3, 2026

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def subperiods(self, unit: str) -> tuple[Period, ...]:
        return _subperiods(self, unit)

    def month_starts(self) -> tuple[datetime.date, ...]:
        return _month_starts(self)


@lru_cache(maxsize=4096)
def _month_starts(period: Period) -> tuple[datetime.date, ...]:
    return tuple(p.start for p in _subperiods(period, Frequency.MONTHLY))


@lru_cache(maxsize=4096)
def _subperiods(period: Period, unit: str) -> tuple[Period, ...]:
    """Cached: the compliance fold asks for the same few periods for every organization."""
    step = MONTHS_IN[unit]
    result, month = [], period.start
    while month <= period.end:
        result.append(period_of(month, unit))
        month = add_months(month, step)
    return tuple(result)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=4096)
def period_of(day: datetime.date, unit: str) -> Period:
    if unit == Frequency.MONTHLY:
        start = day.replace(day=1)
        return Period(start, add_months(start, 1) - datetime.timedelta(days=1), unit, f"{day.year}年{day.month}月",
                      f"{day:%Y-%m}")
    if unit == Frequency.QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        start = datetime.date(day.year, quarter * 3 - 2, 1)
        return Period(start, add_months(start, 3) - datetime.timedelta(days=1), unit, f"{day.year}年第{quarter}季度",
                      f"{day.year}-Q{quarter}")
    return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), unit, f"{day.year}年", str(day.year))


_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")
R_PERIOD = Rule("orglife_period", "期间格式为 2026（年）、2026-Q3（季度）或 2026-09（月）", "本系统")


def parse_period(raw: str, field: str = "period") -> Period:
    match = _PERIOD_RE.match((raw or "").strip())
    if not match:
        raise RuleViolation("期间格式有误，应为 2026、2026-Q3 或 2026-09", rule=R_PERIOD, field=field, code="invalid")
    year, month, quarter = int(match[1]), match[2], match[3]
    if not 2000 <= year <= 2100 or (month and not 1 <= int(month) <= 12):
        raise RuleViolation("期间超出范围", rule=R_PERIOD, field=field, code="invalid")
    if month:
        return period_of(datetime.date(year, int(month), 1), Frequency.MONTHLY)
    if quarter:
        return period_of(datetime.date(year, int(quarter) * 3, 1), Frequency.QUARTERLY)
    return period_of(datetime.date(year, 1, 1), Frequency.YEARLY)


def checked_in(rule: ActivityRule, period: Period) -> bool:
    """A rule is checked in a period when its own unit fits in the period."""
    return MONTHS_IN[rule.frequency] <= MONTHS_IN[period.unit]


# --- overrides -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OverrideRow:
    """What the resolver needs of a FrequencyOverride (plain data: cacheable, testable)."""

    path: str
    org_name: str
    kind: str
    frequency: str
    min_count: int
    effective_from: datetime.date


def check_not_looser(kind: str, frequency: str, min_count: int) -> None:
    """Refuse an override below the national rule: its period may not be longer, and it may not
    ask for fewer activities a year (yearly 4 is not "quarterly 1": all four could be in December)."""
    national = NATIONAL[kind]
    if min_count < 1:
        raise RuleViolation("次数至少为 1", rule=R_OVERRIDE, field="min_count")
    candidate = replace(national, frequency=frequency, min_count=min_count)
    if MONTHS_IN[frequency] > MONTHS_IN[national.frequency] or candidate.per_year < national.per_year:
        raise RuleViolation(
            f"{national.label}不得低于{national.standing}（{national.describe()}）：“{candidate.describe()}”更宽松",
            rule=national.rule, field="frequency")


@dataclass(frozen=True)
class QuorumRow:
    """What the resolver needs of a QuorumSetting: from `effective_from`, the meetings of `kind`
    in the subtree at `path` need `quorum` (only ever a stricter one than the national reading)."""

    path: str
    org_name: str
    kind: str
    quorum: str
    effective_from: datetime.date


def check_quorum_stricter(kind: str, quorum: str) -> None:
    """Refuse a quorum setting that is not stricter than the national reading of its meeting."""
    national = NATIONAL.get(kind)
    if national is None or national.quorum not in QUORUM_STRICTNESS:
        raise RuleViolation("只有党支部党员大会的法定人数可以由上级党组织规定", rule=R_QUORUM_SETTING, field="kind")
    if QUORUM_STRICTNESS.get(quorum, 0) <= QUORUM_STRICTNESS[national.quorum]:
        raise RuleViolation(f"只能规定比全国规定（{national.quorum_label}）更严格的法定人数", rule=R_QUORUM_SETTING,
                            field="quorum")


def quorum_in_force(kind: str, path: str, day: datetime.date, rows: list[QuorumRow]) -> tuple[str, str]:
    """(quorum, source) for a meeting of `kind` at `path` held on `day`: the strictest quorum any
    organization above (or at) `path` has set in force then, else the national one. Strictest, not
    deepest: a lower committee cannot undo what a higher one asked."""
    quorum, source = NATIONAL[kind].quorum, "national"
    for row in sorted(rows, key=lambda r: (len(r.path), r.effective_from)):
        if row.kind != kind or row.effective_from > day or not path.startswith(row.path):
            continue
        if QUORUM_STRICTNESS.get(row.quorum, 0) > QUORUM_STRICTNESS.get(quorum, 0):
            quorum, source = row.quorum, row.org_name
    return quorum, source


def rule_in_force(kind: str, path: str, day: datetime.date, overrides: list[OverrideRow],
                  quorum_rows: list[QuorumRow] | None = None) -> ActivityRule:
    """The national rule, or the override in force on `day` from the deepest organization above
    (or at) `path`; among overrides of one organization, the latest effective date wins. With
    `quorum_rows`, the quorum is the one in force there too (`quorum_in_force`)."""
    best: OverrideRow | None = None
    for row in overrides:
        if row.kind != kind or row.effective_from > day or not path.startswith(row.path):
            continue
        if best is None or (len(row.path), row.effective_from) > (len(best.path), best.effective_from):
            best = row
    rule = NATIONAL[kind]
    if best is not None:
        rule = replace(rule, frequency=best.frequency, min_count=best.min_count, effective_from=best.effective_from,
                       source=best.org_name)
    if quorum_rows:
        quorum, source = quorum_in_force(kind, path, day, quorum_rows)
        if source != "national":
            rule = replace(rule, quorum=quorum, quorum_source=source)
    return rule


# --- quorum --------------------------------------------------------------------------------

def is_quorate(quorum: str, *, expected: int, present: int) -> bool | None:
    """None where the activity has no quorum rule. `expected` and `present` count the members
    with a vote (预备党员 attend but do not vote) or the committee members.

    半数以上 includes half (the law's reading of 以上: 民法典 第一千二百五十九条), so 2 of 4 is a
    quorum under 条例 第十一条 and 第十二条; 超过半数 (细则 第二十条, or a higher committee's
    QuorumSetting) does not include it, so 2 of 4 is not."""
    if quorum == Quorum.VOTING_MAJORITY:
        return expected > 0 and present * 2 > expected        # more than half: exactly half is not enough
    if quorum in (Quorum.VOTING_HALF, Quorum.HALF_COMMITTEE):
        return expected > 0 and present * 2 >= expected       # 半数以上 includes half
    return None


# --- study (学习) ---------------------------------------------------------------------------

# Seed 000 (a school's duty report): "建立学习园地，进行心得交流，规定了一年一万字读书笔记" — a
# local rule, so a declared constant with that citation. A note's 字数 is its characters other
# than whitespace, the way Word and WPS count 字数 for Chinese text.
READING_NOTES_TARGET = 10_000
NOTE_MAX_CHARS = 20_000
R_READING_NOTES = Rule("orglife_reading_notes", f"党员每年撰写读书笔记不少于 {READING_NOTES_TARGET:,} 字",
                       SCHOOL_DUTY_REPORT.cite("建立学习园地，进行心得交流，规定了一年一万字读书笔记"))


def char_count(text: str) -> int:
    return sum(1 for ch in text or "" if not ch.isspace())
