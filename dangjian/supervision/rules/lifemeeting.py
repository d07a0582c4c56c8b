"""Rules of the 组织生活会 (a branch's yearly meeting of criticism and self-criticism) and the
民主生活会 (a school 党委 / 党总支's leadership meeting) as a whole process, each with its citation.

The process (《中国共产党支部工作条例（试行）》第十七条): before the meeting 学习、谈心谈话、听取意见
and each participant's 对照检查材料; at it 查摆问题、开展批评和自我批评; afterwards 制定整改措施、逐一整改落实.
Two rules are local and kept as settings a higher committee makes stricter for its subtree from a
date (`LifeMeetingRule`), never looser, each naming its local document: how many days after the
meeting the 情况报告 must reach the higher committee, and whether the higher committee must send
someone to attend (列席指导). `rules_in_force` resolves them for an organization on a day: the
strictest of the defaults below and every local rule above it in force then.

Citations that could not be checked word for word against an official text say so in
docs/supervision.md; the system's own rules say so in their citation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

from dangjian.core.errors import Rule, RuleViolation

BRANCH_REGULATION = "《中国共产党支部工作条例（试行）》"
LEADERSHIP_REGULATION = "《县以上党和国家机关党员领导干部民主生活会若干规定》"
SYSTEM = "本系统组织生活会规则"


class Kind(models.TextChoices):
    """The same codes as orglife's meeting kinds, so a process links to a record of its kind."""

    LIFE_MEETING = "life_meeting", "组织生活会"
    LEADERSHIP_LIFE_MEETING = "leadership_life_meeting", "民主生活会"


class Stage(models.TextChoices):
    PREPARING = "preparing", "会前准备"
    HELD = "held", "已召开"
    REPORTED = "reported", "情况报告已报送"


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


def reached(stage: str, target: str) -> bool:
    return STAGE_ORDER.index(stage) >= STAGE_ORDER.index(target)


# Which organizations hold which meeting: a branch holds its 组织生活会; a school 党委 or 党总支
# its leadership's 民主生活会 (the same split as orglife.rules.ACTIVITIES_BY_ORG_KIND).
ORG_KINDS: dict[str, tuple[str, ...]] = {
    Kind.LIFE_MEETING: ("branch", "joint_branch"),
    Kind.LEADERSHIP_LIFE_MEETING: ("committee", "general_branch"),
}


class StudyForm(models.TextChoices):
    COLLECTIVE = "collective", "集中学习"
    SEMINAR = "seminar", "专题研讨"
    SELF = "self", "个人自学"


class Channel(models.TextChoices):
    FORUM = "forum", "座谈会"
    INTERVIEW = "interview", "个别访谈"
    FORM = "form", "征求意见表"
    BOX = "box", "意见箱"
    ONLINE = "online", "网上征求"


class Source(models.TextChoices):
    MEMBERS = "members", "党员"
    STAFF = "staff", "教职工"
    PARENTS = "parents", "学生家长"
    PUBLIC = "public", "群众"
    LOWER = "lower", "下级党组织"
    HIGHER = "higher", "上级党组织"


class MaterialState(models.TextChoices):
    DRAFT = "draft", "起草中"
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已审核"
    RETURNED = "returned", "退回修改"


class CriticismKind(models.TextChoices):
    SELF = "self", "自我批评"
    MUTUAL = "mutual", "相互批评"
    RESPONSE = "response", "表态"


# 第十七条 says what a 组织生活会 does before, at and after the meeting ("会前认真学习，谈心谈话，听取意见；会上
# 查摆问题，开展批评和自我批评，明确整改方向；会后制定整改措施，逐一整改落实"); how the system checks each
# (one study session registered, every planned talk held, …) is its own, and the citation says so (the
# article's part comes before the colon, this system's check after it).
SYSTEM_CHECK = "具体核查标准为本系统设置"


def _branch(code: str, text: str, check: str = "", where: str = "第十七条") -> Rule:
    """`text` what the article asks; `check`, if any, how this system checks it (said in the citation)."""
    citation = f"{BRANCH_REGULATION}{where}"
    if not check:
        return Rule(f"lifemeeting_{code}", text, citation)
    return Rule(f"lifemeeting_{code}", f"{text}：{check}", f"{citation}；{SYSTEM_CHECK}")


R_ORG = Rule("lifemeeting_org", "组织生活会由党支部（联合党支部）召开；民主生活会由学校党委、党总支领导班子召开",
             f"{BRANCH_REGULATION}第十七条；{LEADERSHIP_REGULATION}（高等学校等基层党组织参照执行）")
R_YEARLY = _branch("yearly", "党支部每年至少召开 1 次组织生活会，一般安排在第四季度，也可以根据工作需要随时召开")
R_STUDY = _branch("study", "组织生活会会前应当认真学习", "召开前须至少登记 1 次学习研讨")
R_OPINIONS = _branch("opinions", "组织生活会会前应当听取意见", "召开前须登记征求到的意见并形成汇总")
R_TALKS = _branch("talks", "组织生活会会前应当谈心谈话", "计划的谈心谈话须全部完成，每名参会党员本年度至少谈心谈话 1 次")
R_MATERIALS = _branch("materials", "会上查摆问题须有准备", "每名参会党员（民主生活会为每名班子成员和班子）的对照检查材料"
                      "须在会前经审核")
R_APPROVAL = Rule("lifemeeting_approval", "对照检查材料由党支部书记审核把关；书记本人的和班子的对照检查材料由上级党组织审核，"
                  "任何人不审核自己的材料", f"{SYSTEM}（通行做法：对照检查材料“一级审核一级”）")
R_PARTICIPANT = _branch("participant", "对照检查材料、谈心谈话、批评和自我批评只能是本组织参会人员的", "组织生活会为会议当日"
                        "本支部的党员（停止党籍的除外），民主生活会为班子成员")
R_CRITICISM = _branch("criticism", "会上查摆问题，开展批评和自我批评", "每名到会人员都须有自我批评的记录，情况报告才能报送")
R_PROBLEMS = _branch("problems", "会后制定整改措施，逐一整改落实", "每个查摆的问题须有整改措施")
R_DUAL_LIFE = Rule("lifemeeting_dual_life", "党员领导干部还应当以普通党员身份参加所在党支部（党小组）组织生活会，"
                   "过好双重组织生活：以普通党员身份参会的，须是会议当日本支部的党员", f"{LEADERSHIP_REGULATION}第三条")
R_OBSERVER = Rule("lifemeeting_observer", "上级党组织派人列席指导：规定须列席的，召开时须登记列席指导人员及其所在的上级党组织",
                  f"{LEADERSHIP_REGULATION}；上级党组织的规定")
R_REPORT = Rule("lifemeeting_report", "会后在规定天数内向上级党组织报送情况报告", f"{LEADERSHIP_REGULATION}；上级党组织的规定")
R_ORDER = Rule("lifemeeting_order", "会前准备 → 召开 → 报送情况报告，依次进行", SYSTEM)
R_NOT_FUTURE = Rule("lifemeeting_not_future", "尚未发生的事项不能登记为已发生", SYSTEM)
R_LOCAL = Rule("lifemeeting_local", "上级党组织可以为本辖区规定更短的报送天数、要求派人列席指导，但不得比默认规定宽松，"
               "并须写明本地文件的名称和文号", f"{SYSTEM}；上级党组织的规定")


@dataclass(frozen=True)
class Defaults:
    """What holds where no local rule says otherwise, with the source of each figure."""

    report_days: int
    report_source: str
    observer_required: bool
    observer_source: str


# The 民主生活会: the 若干规定 asks the leadership to report within 15 days of the meeting and the
# higher committee to send someone. For a branch's 组织生活会 no national rule fixes either; the
# system's default borrows the same 15 days (a setting: every county sets its own, often 7) and
# leaves 列席指导 to the local rule.
DEFAULTS: dict[str, Defaults] = {
    Kind.LEADERSHIP_LIFE_MEETING: Defaults(
        15, f"{LEADERSHIP_REGULATION}：民主生活会召开后 15 日内报送情况报告", True,
        f"{LEADERSHIP_REGULATION}：上级党组织派人参加指导"),
    Kind.LIFE_MEETING: Defaults(
        15, "本系统默认（全国性规定未规定组织生活会情况报告的期限，参照民主生活会的 15 日；以上级党组织的规定为准）", False,
        "全国性规定未要求，以上级党组织的规定为准"),
}
MIN_REPORT_DAYS = 1
DOCUMENT_MAX = 300


@dataclass(frozen=True)
class LocalRow:
    """What the resolver needs of a LifeMeetingRule (plain data: testable without a database)."""

    path: str
    org_name: str
    kind: str
    report_days: int | None
    observer_required: bool
    effective_from: datetime.date
    document: str


@dataclass(frozen=True)
class InForce:
    kind: str
    report_days: int
    report_source: str
    observer_required: bool
    observer_source: str

    @property
    def report_rule(self) -> Rule:
        return Rule(R_REPORT.code, f"会后 {self.report_days} 日内向上级党组织报送情况报告", self.report_source)

    @property
    def observer_rule(self) -> Rule:
        return Rule(R_OBSERVER.code, R_OBSERVER.text, self.observer_source)


def _local_source(row: LocalRow) -> str:
    return f"{row.org_name}：{row.document}"


def rules_in_force(kind: str, path: str, day: datetime.date, rows: list[LocalRow]) -> InForce:
    """The strictest of the default and every local rule of an organization above (or at) `path`
    in force on `day`: the fewest report days, and 列席指导 if any of them asks for it."""
    base = DEFAULTS[kind]
    days, days_source = base.report_days, base.report_source
    observer, observer_source = base.observer_required, base.observer_source
    for row in sorted(rows, key=lambda r: (len(r.path), r.effective_from)):
        if row.kind != kind or row.effective_from > day or not path.startswith(row.path):
            continue
        if row.report_days is not None and row.report_days < days:
            days, days_source = row.report_days, _local_source(row)
        if row.observer_required and not observer:
            observer, observer_source = True, _local_source(row)
    return InForce(kind, days, days_source, observer, observer_source)


def check_local(kind: str, report_days: int | None, observer_required: bool, document: str) -> None:
    """Refuse a local rule looser than the default, or one that names no local document."""
    if kind not in Kind.values:
        raise RuleViolation("会议类型无效", rule=R_LOCAL, field="kind")
    base = DEFAULTS[kind]
    if report_days is None and not observer_required:
        raise RuleViolation("请规定报送天数，或要求派人列席指导", rule=R_LOCAL, field="report_days")
    if report_days is not None:
        if report_days < MIN_REPORT_DAYS:
            raise RuleViolation(f"报送天数至少为 {MIN_REPORT_DAYS} 天", rule=R_LOCAL, field="report_days")
        if report_days > base.report_days:
            raise RuleViolation(f"{Kind(kind).label}情况报告的报送期限不得长于默认的 {base.report_days} 日（{base.report_source}）",
                                rule=R_LOCAL, field="report_days")
    if not (document or "").strip():
        raise RuleViolation("请写明本地文件的名称和文号（如《××区教育党工委关于召开年度组织生活会的通知》（×教党〔2026〕×号））",
                            rule=R_LOCAL, field="document")
    if len(document.strip()) > DOCUMENT_MAX:
        raise RuleViolation(f"文件名称不能超过 {DOCUMENT_MAX} 个字", rule=R_LOCAL, field="document")


# --- the report's deadline --------------------------------------------------------------------

def report_due(held_on: datetime.date, days: int) -> datetime.date:
    """The last day the 情况报告 may go up: `days` calendar days after the meeting (a meeting on
    the 1st with 15 days is due by the 16th)."""
    return held_on + datetime.timedelta(days=days)


def report_status(due: datetime.date | None, reported_on: datetime.date | None, today: datetime.date) -> str:
    """on_time / late (reported after the due day) / overdue (not reported, due day passed) /
    pending (not yet due) / na (no meeting yet)."""
    if due is None:
        return "na"
    if reported_on is not None:
        return "on_time" if reported_on <= due else "late"
    return "overdue" if today > due else "pending"


REPORT_STATUS_LABELS = {"on_time": "按期报送", "late": "逾期报送", "overdue": "逾期未报", "pending": "待报送", "na": "—"}
REPORT_STATUS_COLOURS = {"on_time": "ok", "late": "warning", "overdue": "danger", "pending": "warning", "na": "na"}

# Rectification deadlines proposed for a problem when the material gives none: three months from
# the meeting is the common 整改期限 of a 组织生活会's 整改清单 (a default, editable per problem).
DEFAULT_RECTIFICATION_DAYS = 90
TEXT_MAX = 2000
SHORT_MAX = 300
