"""Rules of the 整改台账 (rectification ledger) as data, each with its citation.

Where a number is not set by a regulation the rule says so (本系统惯例) and a higher committee
may make it stricter for its subtree with its own document (`EscalationSetting`), never looser.
Citations checked against published texts are marked in docs/supervision.md; the two-month
report of a 巡察 is the 巡视工作条例's rule for 巡视, which 巡察 at city and county level follow by
common practice (their own 巡察 rules are local documents).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import COLLEGE_DUTY_REPORT

SEED_000 = COLLEGE_DUTY_REPORT.cite("明确了责任领导、责任单位、责任人及整改期限，实施台账管理…件件有着落、事事有回音")
INSPECTION_REGULATION = "《中国共产党巡视工作条例》（2015年）第二十七条"
SYSTEM = "本系统整改台账规则"


class Issuer(models.TextChoices):
    """Who raises the problems of a source: the higher committee, the organization itself, or either."""

    HIGHER = "higher", "上级党组织"
    SELF = "self", "本组织"
    EITHER = "either", "上级或本组织"


class Source(models.TextChoices):
    INSPECTION = "inspection", "巡察"
    SUPERVISION = "supervision", "督导"
    LIAISON = "liaison", "联系点走访"
    DUTY_REPORT = "duty_report", "述职评议"
    LEADERSHIP_LIFE_MEETING = "leadership_life_meeting", "民主生活会"
    LIFE_MEETING = "life_meeting", "组织生活会"
    STAR_RATING = "star_rating", "评星扣分"
    SELF_CHECK = "self_check", "自查"
    AUDIT = "audit", "审计"
    COMPLAINT = "complaint", "信访"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class SourceInfo:
    source: str
    issuer: str               # an Issuer
    report_months: int | None  # the 整改情况报告 is due this many months after the feedback
    report_rule: Rule | None = None

    @property
    def label(self) -> str:
        return Source(self.source).label


R_REPORT_INSPECTION = Rule(
    "rectification_report_inspection",
    "被巡察党组织收到反馈意见后应认真整改落实，一般于 2 个月内报送整改情况报告",
    f"{INSPECTION_REGULATION}对巡视的规定（“于2个月内将整改情况报告…报送”）；市县和学校巡察参照执行，为通行做法，"
    "以本地巡察工作办法为准")

SOURCES: dict[str, SourceInfo] = {s.source: s for s in [
    SourceInfo(Source.INSPECTION, Issuer.HIGHER, 2, R_REPORT_INSPECTION),
    SourceInfo(Source.SUPERVISION, Issuer.HIGHER, None),
    SourceInfo(Source.LIAISON, Issuer.HIGHER, None),
    SourceInfo(Source.DUTY_REPORT, Issuer.HIGHER, None),
    SourceInfo(Source.LEADERSHIP_LIFE_MEETING, Issuer.SELF, None),
    SourceInfo(Source.LIFE_MEETING, Issuer.SELF, None),
    SourceInfo(Source.STAR_RATING, Issuer.HIGHER, None),
    SourceInfo(Source.SELF_CHECK, Issuer.SELF, None),
    SourceInfo(Source.AUDIT, Issuer.HIGHER, None),
    SourceInfo(Source.COMPLAINT, Issuer.HIGHER, None),
    SourceInfo(Source.OTHER, Issuer.EITHER, None),
]}


class ItemState(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    REQUESTED = "requested", "申请销号"
    CLOSED = "closed", "已销号"
    RETURNED = "returned", "退回"


# Items the school still has to work on: these can be overdue. An item waiting for 销号 is the
# approver's to do, not the school's; a closed one is done.
WORKING_STATES = (ItemState.OPEN, ItemState.IN_PROGRESS, ItemState.RETURNED)
OPEN_STATES = (*WORKING_STATES, ItemState.REQUESTED)


class EventKind(models.TextChoices):
    CREATED = "created", "列入台账"
    PROGRESS = "progress", "报告进展"
    REQUESTED = "requested", "申请销号"
    APPROVED = "approved", "同意销号"
    RETURNED = "returned", "退回"
    ESCALATED = "escalated", "逾期上报"


R_OWNER = Rule("rectification_owner", "每项整改任务须明确责任人（可同时写明责任领导、责任单位）", SEED_000)
R_DEADLINE = Rule("rectification_deadline", "每项整改任务须明确整改期限，且不早于问题反馈（下达）日期", SEED_000)
R_PROBLEM = Rule("rectification_problem", "每项整改任务须写明存在的问题", SEED_000)
R_ISSUER = Rule("rectification_issuer", "巡察、督导、述职评议、评星扣分、审计、信访反馈的问题由上级党组织下达，下达单位须为整改单位的上级"
                "党组织；自查、组织生活会、民主生活会查摆的问题由本组织列入台账", SYSTEM)
R_CLOSE_BY_ISSUER = Rule("rectification_close_by_issuer", "整改事项销号须经下达整改任务的上级党组织（或更高一级党组织）审核同意，"
                         "学校党组织不能自行销号；本组织自查的问题由上级党组织审核销号", f"{SEED_000}；{SYSTEM}（对账销号）")
R_CLOSED_FINAL = Rule("rectification_closed_final", "已销号的整改事项不再报告进展、不再改动；发现问题反弹的，另行列入台账",
                      SYSTEM)
R_EVIDENCE = Rule("rectification_evidence", "申请销号须报告整改完成情况，并至少附一份整改佐证材料（文件、照片、记录等）",
                  f"{SEED_000}；{SYSTEM}")
R_RETURN_REASON = Rule("rectification_return_reason", "退回销号申请须写明理由和进一步整改的要求", SYSTEM)
R_STATE = Rule("rectification_state", "整改事项按 待整改 → 整改中 → 申请销号 → 已销号 / 退回 的顺序办理", SYSTEM)
R_PROGRESS = Rule("rectification_progress", "整改进展以百分比（0–100）报告，须写明进展情况", SYSTEM)
R_IMPORT = Rule("rectification_import", "导入整改问题清单时全部行无误才写入，有一行错误则整表不写入", SYSTEM)
R_BATCH = Rule("rectification_batch", "整改批次须写明来源、下达单位、反馈日期和名称", SYSTEM)

# Escalation: an item past its deadline is the owner's (and the school's) reminder from the day
# after; after this many days it goes to the level above. No regulation sets the number: 30 days
# is this system's convention (one month of grace past a deadline the school set itself); a
# higher committee may set fewer days for its subtree with the document it comes from.
ESCALATE_AFTER_DAYS = 30
R_ESCALATE = Rule("rectification_escalate", f"整改事项逾期 {ESCALATE_AFTER_DAYS} 天仍未完成的，提醒上一级党组织督办",
                  "本系统惯例（非法规数字）；上级党组织可设定更短的天数并写明依据文件")
R_ESCALATE_SETTING = Rule("rectification_escalate_setting", "上级党组织可对本辖区设定更短的逾期上报天数（不得更长），"
                          "须写明依据文件", "本系统规则：地方规定只能更严")
MAX_ESCALATE_DAYS = ESCALATE_AFTER_DAYS


def report_due(source: str, issued_on: datetime.date) -> datetime.date | None:
    """The day the 整改情况报告 of a batch is due, where its source sets one (巡察: 2 months)."""
    months = SOURCES[source].report_months
    if months is None:
        return None
    index = issued_on.year * 12 + issued_on.month - 1 + months
    year, month = index // 12, index % 12 + 1
    # the same day of the month, or the month's last day (31 Dec + 2 months = 28/29 Feb)
    return datetime.date(year, month, min(issued_on.day, calendar.monthrange(year, month)[1]))


def is_overdue(state: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    return state in WORKING_STATES and deadline is not None and deadline < today


def days_overdue(state: str, deadline: datetime.date | None, today: datetime.date) -> int:
    return (today - deadline).days if deadline is not None and is_overdue(state, deadline, today) else 0


def status_of(state: str, deadline: datetime.date | None, today: datetime.date) -> tuple[str, str]:
    """(level, words) for the colour and the label shown everywhere: done green, waiting amber,
    overdue red — never the colour alone."""
    if state == ItemState.CLOSED:
        return "ok", "已销号"
    if is_overdue(state, deadline, today):
        return "danger", f"逾期 {(today - deadline).days} 天" if deadline else "逾期"
    if state == ItemState.REQUESTED:
        return "warning", "待审核销号"
    if state == ItemState.RETURNED:
        return "warning", "退回整改"
    return "info", ItemState(state).label
