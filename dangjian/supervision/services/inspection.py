"""巡回督导: a committee opens a round (period, schools in scope, checklist with maximum scores),
records per school the score of each entry and the findings, turns findings into rectification
items (through services.liaison.raise_finding, source 督导), and closes the round.

All of it is the committee administrator's (liaison.manage on the round's committee)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.orgs.models import OrgKind, PartyOrg, School
from dangjian.supervision.models import (
    ChecklistEntry,
    InspectionResult,
    InspectionRound,
    InspectionScore,
    RectificationItem,
)
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.rules.rectification import Source
from dangjian.supervision.services.liaison import raise_finding, require_manager, school_under
from dangjian.supervision.services.rectification import parse_date


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RuleViolation("请填写数字，如 8 或 8.5", rule=R.R_SCORE, field=field) from None
    if not number.is_finite() or number != number.quantize(Decimal("0.1")):
        raise RuleViolation("分数最多保留一位小数", rule=R.R_SCORE, field=field)
    return number


@transaction.atomic
def open_round(committee: PartyOrg, *, title: str, starts_on, ends_on, schools: Iterable[School],
               checklist: Iterable[Mapping], acting_user=None) -> InspectionRound:
    require_manager(acting_user, committee)
    if committee.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("巡回督导由县（市、区）或市级教育党（工）委组织", rule=R.R_ROUND, field="committee")
    title = str(title or "").strip()[:120]
    if not title:
        raise RuleViolation("请填写督导名称", rule=R.R_ROUND, field="title")
    start = parse_date(starts_on, "starts_on", R.R_ROUND)
    end = parse_date(ends_on, "ends_on", R.R_ROUND)
    if end < start:
        raise RuleViolation("结束日期不能早于开始日期", rule=R.R_ROUND, field="ends_on")
    schools = list({s.pk: s for s in schools}.values())
    if not schools:
        raise RuleViolation("请选择督导的学校", rule=R.R_ROUND, field="schools")
    for school in schools:
        if not school_under(school, committee):
            raise RuleViolation(f"{school.name}不是{committee.name}所辖的学校", rule=R.R_ROUND, field="schools")
    entries = []
    for n, row in enumerate(checklist, start=1):
        text = str(row.get("text") or "").strip()[:200]
        if not text:
            continue
        top = _decimal(row.get("max_score"), "checklist")
        if not Decimal("0") < top <= R.MAX_SCORE:
            raise RuleViolation(f"第 {n} 项（{text}）的分值须大于 0、不超过 {R.MAX_SCORE}", rule=R.R_ROUND, field="checklist")
        entries.append((text, top))
    if not entries:
        raise RuleViolation("请至少列出一项督导考评内容及其分值", rule=R.R_ROUND, field="checklist")
    if len(entries) > R.MAX_CHECKLIST:
        raise RuleViolation(f"督导考评内容不超过 {R.MAX_CHECKLIST} 项", rule=R.R_ROUND, field="checklist")
    rnd = InspectionRound.objects.create(committee=committee, title=title, starts_on=start, ends_on=end,
                                         created_by=acting_user)
    ChecklistEntry.objects.bulk_create([ChecklistEntry(round=rnd, number=n, text=t, max_score=m)
                                        for n, (t, m) in enumerate(entries, start=1)])
    InspectionResult.objects.bulk_create([InspectionResult(round=rnd, school=s) for s in schools])
    audit.record("inspection.open", target=rnd, actor=acting_user,
                 changes={"title": title, "period": f"{start}～{end}", "schools": len(schools), "checklist": len(entries)})
    return rnd


@transaction.atomic
def record_inspection(result: InspectionResult, *, inspected_on, inspectors: str, scores: Mapping, findings: str = "",
                      acting_user=None, today: datetime.date | None = None) -> InspectionResult:
    """One school's scores (entry id or number → score) and findings; recording again replaces them."""
    today = today or timezone.localdate()
    result = InspectionResult.objects.select_for_update().select_related("round__committee", "school").get(pk=result.pk)
    rnd = result.round
    require_manager(acting_user, rnd.committee)
    if rnd.state != R.RoundState.OPEN:
        raise RuleViolation("督导已结束，不能再登记", rule=R.R_SCORE, field="inspected_on")
    day = parse_date(inspected_on, "inspected_on", R.R_SCORE)
    if not rnd.starts_on <= day <= rnd.ends_on:
        raise RuleViolation(f"督导日期须在督导期间 {rnd.starts_on}～{rnd.ends_on} 内", rule=R.R_SCORE, field="inspected_on")
    if day > today:
        raise RuleViolation("督导日期不能晚于今天", rule=R.R_SCORE, field="inspected_on")
    inspectors = str(inspectors or "").strip()[:200]
    if not inspectors:
        raise RuleViolation("请写明督导人员", rule=R.R_SCORE, field="inspectors")
    given = {str(k): v for k, v in scores.items()}
    rows = []
    for entry in rnd.checklist.all():
        raw = given.get(str(entry.pk), given.get(f"n{entry.number}"))
        if raw in (None, ""):
            raise RuleViolation(f"第 {entry.number} 项（{entry.text}）未打分", rule=R.R_SCORE, field=f"score_{entry.pk}")
        score = _decimal(raw, f"score_{entry.pk}")
        if not Decimal("0") <= score <= entry.max_score:
            raise RuleViolation(f"第 {entry.number} 项（{entry.text}）得分须在 0～{entry.max_score} 之间",
                                rule=R.R_SCORE, field=f"score_{entry.pk}")
        rows.append(InspectionScore(result=result, entry=entry, score=score))
    result.scores.all().delete()
    InspectionScore.objects.bulk_create(rows)
    result.inspected_on, result.inspectors = day, inspectors
    result.findings = str(findings or "").strip()[:4000]
    result.total = sum((r.score for r in rows), Decimal("0"))
    result.recorded_by = acting_user
    result.save()
    audit.record("inspection.record", target=result, actor=acting_user,
                 changes={"school": result.school.name, "inspected_on": day.isoformat(), "total": str(result.total)})
    return result


def raise_inspection_finding(result: InspectionResult, *, problem: str, owner_name: str, deadline, measures: str = "",
                             acting_user=None, today: datetime.date | None = None) -> RectificationItem:
    result = InspectionResult.objects.select_related("round__committee", "school__party_org").get(pk=result.pk)
    require_manager(acting_user, result.round.committee)
    if result.inspected_on is None:
        raise RuleViolation("该校尚未督导，请先登记督导结果", rule=R.R_SCORE, field="problem")
    rnd = result.round
    return raise_finding(
        school=result.school, issuer=rnd.committee, source=Source.SUPERVISION, issued_on=result.inspected_on,
        issuer_detail="巡回督导", title=f"{rnd.title}反馈问题整改", origin=f"supervision.inspection:{result.pk}",
        problem=problem, owner_name=owner_name, deadline=deadline, measures=measures, acting_user=acting_user,
        today=today)


@transaction.atomic
def close_round(rnd: InspectionRound, *, acting_user=None) -> InspectionRound:
    rnd = InspectionRound.objects.select_for_update().select_related("committee").get(pk=rnd.pk)
    require_manager(acting_user, rnd.committee)
    if rnd.state == R.RoundState.CLOSED:
        return rnd
    rnd.state = R.RoundState.CLOSED
    rnd.save(update_fields=["state"])
    pending = rnd.results.filter(inspected_on__isnull=True).count()
    audit.record("inspection.close", target=rnd, actor=acting_user, changes={"not_inspected": pending})
    return rnd
