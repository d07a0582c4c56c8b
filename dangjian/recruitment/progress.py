"""Where a file stands: which step comes next, which may be repeated, the stage, and the
deadlines that follow from the rules (with the limits in force for the file's organization).

Pure functions over a file's recorded steps, so the board, the file page, the due list, the
API and the service that records a step all agree on "what is next and by when".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dangjian.core.workdays import add_working_days
from dangjian.members.rules import add_months, probation_end
from dangjian.recruitment import rules as R
from dangjian.recruitment.rules import CODES, STEP_BY_CODE, Unit


def add(day: datetime.date, value: int, unit: str) -> datetime.date:
    if unit == Unit.MONTHS:
        return add_months(day, value)
    if unit == Unit.WORKING_DAYS:
        return add_working_days(day, value)
    return day + datetime.timedelta(days=value)


def latest(records, *codes, kind: str | None = None):
    """The last passed record of one of `codes` (optionally of a 考察/汇报 kind), or None."""
    for record in reversed(records):
        if record.code in codes and (kind is None or record.facts.get("kind") == kind):
            return record
    return None


def date_of(records, code: str) -> datetime.date | None:
    record = latest(records, code)
    return record.occurred_on if record else None


def next_code(records) -> str:
    """The next step in order. 06 and 21 count once here; repeating them is `repeatable_now`.
    After a 转正 discussion that did not pass, or an approved extension of the probation, the
    支部大会 discusses the 转正 again (23, then 24)."""
    last_confirm = latest([r for r in records if r.code in ("23", "24")], "23", "24")
    if last_confirm is not None:
        if last_confirm.code == "23":
            return "24" if last_confirm.passed else "23"
        meeting = latest([r for r in records if r.passed], "23")
        if meeting is not None and meeting.facts.get("outcome") == "extend":
            return "23"
    done = {r.code for r in records if r.passed}
    return next((code for code in CODES if code not in done), "")


def repeatable_now(records) -> list[str]:
    done = {r.code for r in records}
    allowed = []
    if "06" in done and "07" not in done:
        allowed.append("06")
    if "21" in done and "25" not in done:
        allowed.append("21")
    return allowed


def stage_of(records) -> str:
    last = max((r.code for r in records), default="01")
    return STEP_BY_CODE[last].stage


def probation_ends(records, member=None) -> datetime.date | None:
    if member is not None and member.probation_extended_to:
        return member.probation_extended_to
    meeting = date_of(records, "15")
    return probation_end(meeting) if meeting else None


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: datetime.date
    rule: R.Limit
    kind: str = "due"       # "due": do it by then; "earliest": not before then

    @property
    def text(self) -> str:
        verb = "不早于" if self.kind == "earliest" else "最迟"
        return f"{self.label}：{verb} {self.due_on:%Y-%m-%d}"


def deadlines(records, limits: dict[str, int], member=None) -> list[Deadline]:
    """What the rules say about the next steps: their last day, or their first possible day."""
    if not records:
        return []
    nxt = next_code(records)
    out: list[Deadline] = []

    def due(label, anchor, rule, kind="due"):
        if anchor is not None:
            value = limits.get(rule.code, rule.value)
            if kind == "earliest" and value == 0:
                return
            out.append(Deadline(label, add(anchor, value, rule.unit), rule, kind))

    if nxt == "02":
        due("派人谈话", date_of(records, "01"), R.T_TALK)
    if nxt == "03":
        due("确定入党积极分子", date_of(records, "01"), R.T_ACTIVIST_WAIT, "earliest")
    if nxt in ("06", "07"):
        last_assessment = latest(records, "06", kind="assessment")
        due("半年考察", last_assessment.occurred_on if last_assessment else date_of(records, "03"), R.T_ASSESSMENT)
        last_report = latest(records, "06", kind="report")
        if limits.get(R.T_REPORT.code, R.T_REPORT.value):
            due("思想汇报", last_report.occurred_on if last_report else date_of(records, "03"), R.T_REPORT)
        due("确定发展对象", date_of(records, "03"), R.T_ONE_YEAR, "earliest")
    if nxt == "15":
        due("支部大会讨论", date_of(records, "13"), R.T_MEETING_AFTER_PREREVIEW)
    if nxt == "17":
        due("上级党委审批", date_of(records, "15"), R.T_APPROVAL)
    ends = probation_ends(records, member)
    if nxt in ("21", "22", "23") and ends is not None:
        report = latest(records, "21", kind="report")
        if nxt in ("21", "22") and limits.get(R.T_REPORT.code, R.T_REPORT.value):
            due("思想汇报", report.occurred_on if report else date_of(records, "15"), R.T_REPORT)
        if nxt in ("21", "22"):
            out.append(Deadline("提出转正申请", ends, R.T_CONFIRM_REQUEST))
        out.append(Deadline("支部大会讨论转正", ends, R.T_PROBATION, "earliest"))
    if nxt == "24":
        due("上级党委审批转正", date_of(records, "23"), R.T_CONFIRM_APPROVAL)
    return out


def due_and_earliest(items: list[Deadline]) -> tuple[datetime.date | None, datetime.date | None]:
    dues = [d.due_on for d in items if d.kind == "due"]
    earliest = [d.due_on for d in items if d.kind == "earliest"]
    return (min(dues) if dues else None), (max(earliest) if earliest else None)
