"""廉政风险台账: a school's risk points, their yearly review and the list's 公示 to the staff.

    create_risk ──▶ active ──review_risk (维持 / 调整等级: next review within a year)──▶ active
                           ──review_risk (销号, with the reason)──▶ closed
    publish_risks: the school's active risks as a snapshot (RiskPublication), printable as PDF / .docx

Each service parses its input, locks what it changes, checks risk.manage on the school's
organization, refuses a broken rule naming it (rules/integrity_risk.py) before anything is
written — a risk without owner or measures saves nothing — then writes and records the audit
entry with the acting user. The pages, the API and the demo call these functions.

Publishing does not draft a 党务公开 item: the list goes to the school's staff, party members or
not, as the school's internal-control notice; 党务公开 (《中国共产党党务公开条例（试行）》) is the
party organization's affairs with its own review and approval, which a secretary starts from the
党务公开 pages when the school's catalogue lists the risk list (docs/integrity-risks.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.decisions.models import Power
from dangjian.orgs.models import PartyOrg, School
from dangjian.staff.models import StaffMember
from dangjian.supervision.models import IntegrityRisk, RiskPublication, RiskReview
from dangjian.supervision.rules import integrity_risk as R
from dangjian.supervision.services.rectification import parse_date


def _require(user, path: str) -> None:
    if user is not None and not scope_of(user).allows(Action.RISK_MANAGE, path):
        raise PermissionDenied("您的职务不含“维护廉政风险点及防控措施”的权限")


def _name(user) -> str:
    return ((user.display_name or user.username) if user is not None else "系统")[:60]


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def schools_of(org: PartyOrg) -> list[School]:
    """The schools whose party organization is `org` (a 联合支部 has several)."""
    return list(School.objects.filter(party_org=org).order_by("code"))


def current_staff(org: PartyOrg, on: datetime.date):
    """Who may own a risk of the school on `on`: its staff employed that day."""
    return StaffMember.objects.filter(school__party_org=org).current(on).order_by("department", "name", "pk")


def _owner(org: PartyOrg, owner: Any, on: datetime.date) -> StaffMember:
    if owner in (None, ""):
        raise RuleViolation("请指定风险点的责任人", rule=R.R_OWNER, field="owner")
    owner_id = owner.pk if isinstance(owner, StaffMember) else owner
    try:
        owner_id = int(owner_id)
    except (TypeError, ValueError):
        raise RuleViolation("责任人不在本校教职工名册中", rule=R.R_OWNER, field="owner") from None
    found = current_staff(org, on).filter(pk=owner_id).first()
    if found is None:
        raise RuleViolation("责任人须是本校在职教职工（名册中没有此人，或已离职、尚未入职）", rule=R.R_OWNER, field="owner")
    return found


def _power(org: PartyOrg, power: Any) -> Power | None:
    if power in (None, ""):
        return None
    power_id = power.pk if isinstance(power, Power) else power
    try:
        power_id = int(power_id)
    except (TypeError, ValueError):
        raise RuleViolation("没有这个小微权力事项", rule=R.R_POWER, field="power") from None
    found = Power.objects.filter(pk=power_id, org=org).first()
    if found is None:
        raise RuleViolation("所选权力事项不在本校的小微权力清单中", rule=R.R_POWER, field="power")
    return found


def _level(value, field: str = "level") -> str:
    if value not in R.Level.values:
        raise RuleViolation(f"请选择风险等级：{'、'.join(R.Level.labels)}", rule=R.R_LEVEL, field=field)
    return str(value)


def _due(value, start: datetime.date, field: str = "review_due") -> datetime.date:
    due = parse_date(value, field, R.R_REVIEW_YEARLY) if value not in (None, "") else R.a_year_after(start)
    if not start <= due <= R.a_year_after(start):
        raise RuleViolation(f"复核日期须在 {start:%Y-%m-%d} 至 {R.a_year_after(start):%Y-%m-%d} 之间（每年至少复核一次）",
                            rule=R.R_REVIEW_YEARLY, field=field)
    return due


def create_risk(org: PartyOrg, *, post: str, description: str, level: str, measures: str, owner: Any,
                power: Any = None, review_due: Any = None, identified_on: Any = None, acting_user=None,
                today: datetime.date | None = None) -> IntegrityRisk:
    """登记 a risk point of the school's post (and small power): all of it or nothing."""
    today = today or timezone.localdate()
    _require(acting_user, org.path)
    if not schools_of(org):
        raise RuleViolation(f"{org.name}不是学校党组织，不建立廉政风险台账", rule=R.R_SCHOOL, field="org")
    chosen_power = _power(org, power)
    clean_post = _text(post, 60) or (chosen_power.responsible_post[:60] if chosen_power else "")
    if not clean_post:
        raise RuleViolation("请填写风险点所在的岗位", rule=R.R_LEDGER, field="post")
    clean_description = _text(description, 300)
    if not clean_description:
        raise RuleViolation("请填写风险点描述", rule=R.R_LEDGER, field="description")
    clean_level = _level(level)
    clean_measures = _text(measures, 4000)
    if not clean_measures:
        raise RuleViolation("请填写防控措施：没有防控措施的风险点不能登记", rule=R.R_MEASURES, field="measures")
    start = parse_date(identified_on, "identified_on", R.R_LEDGER) if identified_on not in (None, "") else today
    if start > today:
        raise RuleViolation("确定日期不得晚于今天", rule=R.R_LEDGER, field="identified_on")
    chosen_owner = _owner(org, owner, start)
    due = _due(review_due, start)
    with transaction.atomic():
        risk = IntegrityRisk.objects.create(
            org=org, post=clean_post, power=chosen_power, description=clean_description, level=clean_level,
            measures=clean_measures, owner=chosen_owner, identified_on=start, review_due=due, created_by=acting_user)
        audit.record("integrity_risk.create", target=risk, actor=acting_user, changes={
            "post": clean_post, "power": chosen_power.name if chosen_power else "", "level": clean_level,
            "owner": chosen_owner.name, "review_due": due.isoformat()})
    return risk


def review_risk(risk: IntegrityRisk, *, outcome: str, reviewed_on: Any = None, level: str = "", measures: str = "",
                owner: Any = None, note: str = "", next_due: Any = None, acting_user=None,
                today: datetime.date | None = None) -> RiskReview:
    """年度复核: 维持 (the same level), 调整等级 (another level), or 销号 (with the reason); the next
    review date is at most a year after this one. Measures and owner may be updated with it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        risk = IntegrityRisk.objects.select_for_update(of=("self",)).select_related("org", "owner").get(pk=risk.pk)
        _require(acting_user, risk.org.path)
        if risk.state == R.RiskState.CLOSED:
            raise RuleViolation("该风险点已销号，不再复核", rule=R.R_CLOSED)
        if outcome not in R.Outcome.values:
            raise RuleViolation(f"请选择复核结论：{'、'.join(R.Outcome.labels)}", rule=R.R_REVIEW, field="outcome")
        on = parse_date(reviewed_on, "reviewed_on", R.R_REVIEW) if reviewed_on not in (None, "") else today
        last = risk.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first() or risk.identified_on
        if not last <= on <= today:
            raise RuleViolation(f"复核日期须在 {last:%Y-%m-%d} 至今天之间", rule=R.R_REVIEW, field="reviewed_on")
        clean_note = _text(note, 300)
        before = {"level": risk.level, "state": risk.state, "review_due": risk.review_due.isoformat(),
                  "measures": risk.measures, "owner": risk.owner.name}
        after_level, due = risk.level, None
        if outcome == R.Outcome.CLOSED:
            if not clean_note:
                raise RuleViolation("销号须写明理由（如：该权力事项已取消、岗位职责调整）", rule=R.R_REVIEW, field="note")
            risk.state, risk.closed_on = R.RiskState.CLOSED, on
        else:
            if outcome == R.Outcome.CHANGED:
                after_level = _level(level)
                if after_level == risk.level:
                    raise RuleViolation(f"调整等级须改为另一等级（现为{risk.get_level_display()}）；等级不变请选“维持”",
                                        rule=R.R_REVIEW, field="level")
            new_measures = _text(measures, 4000)
            if new_measures:
                risk.measures = new_measures
            if owner not in (None, ""):
                risk.owner = _owner(risk.org, owner, on)
            due = _due(next_due, on, "next_due")
            risk.level, risk.review_due = after_level, due
        review = RiskReview.objects.create(
            risk=risk, reviewed_on=on, outcome=outcome, level_before=before["level"], level_after=after_level,
            note=clean_note, next_due=due, reviewer=acting_user, reviewer_name=_name(acting_user))
        risk.save()
        after = {"level": risk.level, "state": risk.state, "review_due": risk.review_due.isoformat(),
                 "measures": risk.measures, "owner": risk.owner.name}
        audit.record("integrity_risk.review", target=risk, actor=acting_user,
                     changes={"outcome": outcome, **audit.diff(before, after)})
    return review


def publication_rows(risks) -> list[dict]:
    """The rows of the list as printed (and as a 公示 keeps them)."""
    return [{"post": r.post, "power": r.power.name if r.power_id else "", "description": r.description,
             "level": r.get_level_display(), "measures": r.measures, "owner": r.owner.name,
             "review_due": r.review_due.isoformat()} for r in risks]


def active_risks(org: PartyOrg):
    return (IntegrityRisk.objects.filter(org=org, state=R.RiskState.ACTIVE)
            .select_related("power", "owner").order_by("power_id", "post", "id"))


def list_title(org: PartyOrg, year: int) -> str:
    return f"{year}年度廉政风险点及防控措施一览表"


def publish_risks(org: PartyOrg, *, year: Any = None, published_on: Any = None, acting_user=None,
                  today: datetime.date | None = None) -> RiskPublication:
    """公示 the school's active risk list to its staff: the snapshot, the date and who published it."""
    today = today or timezone.localdate()
    _require(acting_user, org.path)
    schools = schools_of(org)
    if not schools:
        raise RuleViolation(f"{org.name}不是学校党组织，不建立廉政风险台账", rule=R.R_SCHOOL, field="org")
    on = parse_date(published_on, "published_on", R.R_PUBLISH) if published_on not in (None, "") else today
    if on > today:
        raise RuleViolation("公示日期不得晚于今天", rule=R.R_PUBLISH, field="published_on")
    try:
        clean_year = int(year) if year not in (None, "") else on.year
    except (TypeError, ValueError):
        raise RuleViolation("年度应为四位数字，如 2026", rule=R.R_PUBLISH, field="year") from None
    if not 2000 <= clean_year <= today.year + 1:
        raise RuleViolation(f"年度须在 2000–{today.year + 1} 之间", rule=R.R_PUBLISH, field="year")
    with transaction.atomic():
        # one publisher at a time per school: lock the organization row
        PartyOrg.objects.select_for_update().filter(pk=org.pk).first()
        rows = publication_rows(active_risks(org))
        if not rows:
            raise RuleViolation("台账中没有在册的风险点，不能公示", rule=R.R_PUBLISH)
        publication = RiskPublication.objects.create(
            org=org, year=clean_year, title=list_title(org, clean_year),
            school_names="、".join(s.name for s in schools)[:300], published_on=on, published_by=acting_user,
            published_by_name=_name(acting_user), rows=rows)
        audit.record("integrity_risk.publish", target=publication, actor=acting_user,
                     changes={"year": clean_year, "count": len(rows), "published_on": on.isoformat()})
    return publication
