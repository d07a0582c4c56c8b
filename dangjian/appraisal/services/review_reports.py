"""A member's own reports through the year (seed 002: 季度自查, 半年初评, 年终总评), and the
higher committees' stricter rules of the review. The round reads the reports; the rules decide
the grades the round may give."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.appraisal.models import PollCount, ReviewOverride, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import rules_for
from dangjian.appraisal.services.review_common import parse_date, parse_int
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.members.models import Member
from dangjian.members.services import require
from dangjian.orgs.models import PartyOrg


def may_write_report(user, member: Member) -> bool:
    """The member themselves, or whoever manages the review of their branch (a member without
    an account hands in paper and the clerk enters it)."""
    return getattr(user, "member", None) == member or scope_of(user).allows(Action.APPRAISAL_MANAGE, member.org.path)


def annual_report_locked(member: Member, year: int) -> bool:
    """The year's 年终总评 is no longer written once the round that reviews the member has
    reached its poll: it then holds the member's 测评 row (made for every member of the roster
    when the poll opens), whichever branch the member belongs to now."""
    return PollCount.objects.filter(member=member, round__year=year).exists()


def save_self_report(member: Member, *, year, period: str, parts: dict, acting_user=None,
                     today: datetime.date | None = None) -> SelfReport:
    """Write (or rewrite) one of the member's reports of a year."""
    today = today or timezone.localdate()
    year = parse_int(year, "year", "年度")
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
        if acting_user is not None and not may_write_report(acting_user, member):
            raise PermissionDenied("只能填写本人的自查自评")
        if period not in R.ReportPeriod.values:
            raise RuleViolation("请选择季度自查、半年初评或年终总评", rule=R.R_SELF_REPORT, field="period")
        if not 2000 <= year <= today.year:
            raise RuleViolation(f"年度须在 2000 至 {today.year} 年之间", rule=R.R_SELF_REPORT, field="year")
        start = R.report_period_start(year, period)
        if today < start:
            raise RuleViolation(f"{year}年{R.ReportPeriod(period).label}从 {start:%Y年%m月%d日} 起填写", rule=R.R_SELF_REPORT,
                                field="period", code="not_begun")
        unknown = set(parts) - set(R.REPORT_FIELDS)
        if unknown:
            raise RuleViolation(f"未知的填写项：{'、'.join(sorted(unknown))}", rule=R.R_SELF_REPORT, field=sorted(unknown)[0])
        clean = {name: str(parts.get(name) or "").strip() for name in R.REPORT_FIELDS}
        for name, text in clean.items():
            if len(text) > R.REPORT_FIELD_MAX:
                raise RuleViolation(f"“{R.REPORT_FIELDS[name]}”不超过 {R.REPORT_FIELD_MAX} 字（现 {len(text)} 字）",
                                    rule=R.R_SELF_REPORT, field=name)
        if not any(clean.values()):
            raise RuleViolation("请至少填写一项", rule=R.R_SELF_REPORT, field="study")
        if period == R.ReportPeriod.ANNUAL:
            if annual_report_locked(member, year):
                raise RuleViolation(f"{year}年度民主评议已进入民主测评，年终总评不再修改", rule=R.R_SELF_REPORT_LOCKED,
                                    field="period", code="locked")
        report, created = SelfReport.objects.update_or_create(
            member=member, year=year, period=period,
            defaults={**clean, "submitted_on": today, "entered_by": acting_user})
        audit.record("appraisal.self_report", target=report, actor=acting_user,
                     changes={"member": member.name, "year": year, "period": period, "created": created,
                              "chars": sum(len(t) for t in clean.values())})
        return report


@transaction.atomic
def set_override(org: PartyOrg, *, excellent_percent=None, probationary_policy: str = "", effective_from,
                 reason: str, acting_user=None, today: datetime.date | None = None) -> ReviewOverride:
    """A stricter rule of the review for `org`'s subtree from a date. Refused when looser than
    the national rule or than what is already in force there, or dated in the past (rounds
    already graded must not move)."""
    require(acting_user, Action.APPRAISAL_CONFIGURE, org.path)
    today = today or timezone.localdate()
    effective_from = parse_date(effective_from, "effective_from")
    percent = None if excellent_percent in (None, "") else parse_int(excellent_percent, "excellent_percent",
                                                                      "“优秀”比例上限")
    policy = str(probationary_policy or "")
    R.check_not_looser(percent, policy, rules_for(org, effective_from))
    if effective_from < today:
        raise RuleViolation("生效日期不能早于今天：已经开展的评议不因新规定而改变", rule=R.R_OVERRIDE, field="effective_from")
    reason = str(reason or "").strip()
    if not reason:
        raise RuleViolation("请写明依据（文件名称、文号）", rule=R.R_OVERRIDE, field="reason")
    if ReviewOverride.objects.filter(org=org, effective_from=effective_from).exists():
        raise RuleViolation("该组织在同一生效日期已有规定", rule=R.R_OVERRIDE, field="effective_from", code="duplicate")
    row = ReviewOverride.objects.create(org=org, excellent_percent=percent, probationary_policy=policy,
                                        effective_from=effective_from, reason=reason[:300], created_by=acting_user)
    audit.record("appraisal.override", target=row, actor=acting_user, reason=reason,
                 changes={"excellent_percent": percent, "probationary_policy": policy,
                          "effective_from": effective_from.isoformat()})
    return row
