"""整改台账: creating batches and items — the public service other modules call.

Other modules put problems on the ledger through two functions, never through the models:

    from dangjian.supervision.services.rectification import (
        create_rectification_batch, create_rectification_item)

    batch = create_rectification_batch(
        org, source="life_meeting", issued_on=meeting.held_on, title="2026年度组织生活会查摆问题整改",
        items=[{"problem": "...", "measures": "...", "owner_name": "张伟", "deadline": "2027-03-31"}],
        origin=f"orglife.meeting:{meeting.pk}", acting_user=request.user)
    item = create_rectification_item(batch, problem="...", owner_name="张伟", deadline=day,
                                     origin=f"appraisal.task:{task.pk}", acting_user=user)

- `source` is a `rules.rectification.Source` value; `issuer` the organization that raised the
  problems (default: the nearest higher committee for 巡察/督导/述职评议/评星扣分/审计/信访, the
  organization itself for 自查/组织生活会/民主生活会). Its level approves the 销号.
- every item needs a problem, an owner (责任人) and a deadline not before `issued_on`; the
  refusal is a RuleViolation naming the rule (its `index` is the 0-based item refused);
- `origin` makes a call idempotent: the same origin again returns the first batch (or item)
  unchanged, so a module may call again after a failure without doubling the ledger;
- owner and leader accounts are found by name among the organization's members and position
  holders when not given (exactly one match, else the name alone is kept);
- `acting_user` None is the system itself (demo data, commands); a user needs
  rectification.issue on the issuer (a higher committee) or rectification.manage on the
  organization (its own problems).

Everything is validated before anything is written; one transaction writes the batch, its
items, their first timeline entry and the audit entries; the owners with accounts are told
once the transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.notify import notify
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.members.models import Member
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.supervision.models import ItemEvent, RectificationBatch, RectificationItem
from dangjian.supervision.rules import rectification as R

STEPLEN = PartyOrg.steplen
MAX_ITEMS = 500
TEXT_LIMITS = {"leader_name": 60, "unit": 60, "owner_name": 60}


def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEPLEN, len(path) + 1, STEPLEN)]


def parse_date(value, field: str, rule=None) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RuleViolation("日期格式不正确，应为 YYYY-MM-DD，如 2026-11-23", rule=rule, field=field) from None


# --- who may do what ---------------------------------------------------------------------------

def nearest_committee(org: PartyOrg) -> PartyOrg | None:
    """The education committee directly above an organization (the level a school reports to)."""
    return (PartyOrg.objects.filter(path__in=ancestor_paths(org.path)[:-1], kind=OrgKind.EDUCATION_COMMITTEE)
            .order_by("-depth").first())


def parent_of(org: PartyOrg) -> PartyOrg | None:
    return PartyOrg.objects.filter(path=org.path[:-STEPLEN]).first() if len(org.path) > STEPLEN else None


def approval_level(item_org: PartyOrg, issuer: PartyOrg) -> PartyOrg:
    """The organization whose level approves a 销号: the issuer when it is above the item's
    organization, else (the organization's own problems) the organization just above it."""
    if issuer.path != item_org.path:
        return issuer
    parent = parent_of(item_org)
    return parent if parent is not None else item_org


def may_approve(user, item: RectificationItem) -> bool:
    """rectification.issue from a post on the approval level or above — strictly above the item's
    organization, so a school (which never holds the right on itself) cannot close its items."""
    if user is None:
        return True
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    level = approval_level(item.org, item.batch.issuer)
    return any(level.path.startswith(p) and item.org.path.startswith(p) and p != item.org.path
               for p in scope.paths_for(Action.RECTIFICATION_ISSUE))


def require_approver(user, item: RectificationItem) -> None:
    if not may_approve(user, item):
        raise PermissionDenied(f"销号须由下达整改任务的上级党组织审核。依据：{R.R_CLOSE_BY_ISSUER}")


def may_work_on(user, item: RectificationItem) -> bool:
    """The school's committee members and clerk (rectification.manage), and the item's own
    责任人 or 责任领导 where they have an account, report progress and ask for 销号."""
    if user is None:
        return True
    if scope_of(user).allows(Action.RECTIFICATION_MANAGE, item.org.path):
        return True
    return getattr(user, "pk", None) is not None and user.pk in (item.owner_id, item.leader_id)


def require_worker(user, item: RectificationItem) -> None:
    if not may_work_on(user, item):
        raise PermissionDenied("只有本组织落实整改的党组织委员、党务干事，或本事项的责任人、责任领导可以办理")


def _issuer_for(org: PartyOrg, source: str, issuer: PartyOrg | None) -> PartyOrg:
    info = R.SOURCES[source]
    if issuer is None:
        issuer = org if info.issuer == R.Issuer.SELF else nearest_committee(org)
        if issuer is None:
            issuer = parent_of(org) or org
    above = issuer.path != org.path and org.path.startswith(issuer.path)
    if info.issuer == R.Issuer.HIGHER and not above:
        raise RuleViolation(f"“{info.label}”反馈的问题须由{org.name}的上级党组织下达", rule=R.R_ISSUER, field="issuer")
    if info.issuer == R.Issuer.SELF and issuer.pk != org.pk:
        raise RuleViolation(f"“{info.label}”查摆的问题由{org.name}自己列入台账", rule=R.R_ISSUER, field="issuer")
    if info.issuer == R.Issuer.EITHER and not (above or issuer.pk == org.pk):
        raise RuleViolation("下达单位须为整改单位本身或其上级党组织", rule=R.R_ISSUER, field="issuer")
    return issuer


def require_issuer(user, org: PartyOrg, issuer: PartyOrg) -> None:
    """A higher committee's batch needs rectification.issue on the issuer; an organization's own
    problems need rectification.manage on it."""
    if user is None:
        return
    scope = scope_of(user)
    if issuer.pk == org.pk:
        if not scope.allows(Action.RECTIFICATION_MANAGE, org.path):
            raise PermissionDenied("您的职务不含“落实整改、报告进展、申请销号”的权限")
    elif not scope.allows(Action.RECTIFICATION_ISSUE, issuer.path):
        raise PermissionDenied(f"只有{issuer.name}（或其上级党组织）可以下达其整改任务。依据：{R.R_ISSUER}")


# --- validating items ---------------------------------------------------------------------------

@dataclass
class CleanItem:
    problem: str
    measures: str
    leader_name: str
    unit: str
    owner_name: str
    deadline: datetime.date
    origin: str = ""
    owner: Any = None
    leader: Any = None


@dataclass
class ItemProblem:
    index: int          # 0-based position of the item
    field: str
    message: str
    rule: Rule | None = None


@dataclass
class Checked:
    items: list[CleanItem] = field(default_factory=list)
    problems: list[ItemProblem] = field(default_factory=list)


def _text(data: Mapping, key: str) -> str:
    return str(data.get(key) or "").strip()


def clean_item(data: Mapping, issued_on: datetime.date) -> CleanItem:
    """One item's facts, or the first RuleViolation naming its rule."""
    problem = _text(data, "problem")
    if not problem:
        raise RuleViolation("请写明存在的问题", rule=R.R_PROBLEM, field="problem")
    owner_name = _text(data, "owner_name")
    if not owner_name:
        raise RuleViolation("每项整改任务须明确责任人", rule=R.R_OWNER, field="owner_name")
    raw = data.get("deadline")
    if raw in (None, ""):
        raise RuleViolation("每项整改任务须明确整改期限", rule=R.R_DEADLINE, field="deadline")
    deadline = parse_date(raw, "deadline", R.R_DEADLINE)
    if deadline < issued_on:
        raise RuleViolation(f"整改期限 {deadline:%Y-%m-%d} 早于问题反馈日期 {issued_on:%Y-%m-%d}", rule=R.R_DEADLINE,
                            field="deadline")
    values = {key: _text(data, key) for key in TEXT_LIMITS}
    for key, limit in TEXT_LIMITS.items():
        if len(values[key]) > limit:
            raise RuleViolation(f"不能超过 {limit} 个字", field=key)
    return CleanItem(problem=problem[:2000], measures=_text(data, "measures")[:4000], leader_name=values["leader_name"],
                     unit=values["unit"], owner_name=owner_name, deadline=deadline,
                     origin=_text(data, "origin")[:120], owner=data.get("owner"), leader=data.get("leader"))


def check_items(items: Iterable[Mapping], issued_on: datetime.date) -> Checked:
    """Every item checked, every refusal collected (the importer lists them all)."""
    result = Checked()
    for index, data in enumerate(items):
        try:
            result.items.append(clean_item(data, issued_on))
        except RuleViolation as violation:
            result.problems.append(ItemProblem(index, violation.field or "", violation.message, violation.rule))
    return result


def _first_refusal(checked: Checked) -> None:
    if checked.problems:
        p = checked.problems[0]
        violation = RuleViolation(f"第 {p.index + 1} 项：{p.message}", rule=p.rule, field=p.field)
        violation.index = p.index
        raise violation


# --- accounts of the people responsible -------------------------------------------------------

def accounts_by_name(org: PartyOrg, names: set[str], today: datetime.date) -> dict[str, Any]:
    """name → user for the names that match exactly one account in the organization's subtree (a
    member with an account, or a position holder — the principal is often 责任领导)."""
    if not names:
        return {}
    found: dict[str, set[int]] = {}
    for name, user_id in (Member.objects.active().filter(org__path__startswith=org.path, name__in=names,
                                                         user__isnull=False).values_list("name", "user_id")):
        found.setdefault(name, set()).add(user_id)
    for name, user_id in (Position.objects.active_on(today).filter(org__path__startswith=org.path, person_name__in=names,
                                                                   user__isnull=False)
                          .values_list("person_name", "user_id")):
        found.setdefault(name, set()).add(user_id)
    from django.contrib.auth import get_user_model

    unique = {name: next(iter(ids)) for name, ids in found.items() if len(ids) == 1}
    users = get_user_model().objects.in_bulk(set(unique.values()))
    return {name: users[user_id] for name, user_id in unique.items() if user_id in users}


# --- creating ------------------------------------------------------------------------------------

def default_title(source: str, issuer: PartyOrg, issued_on: datetime.date) -> str:
    return f"{issued_on.year}年{issuer.name}{R.SOURCES[source].label}反馈问题整改"


def _same_origin(origin: str, org: PartyOrg):
    existing = RectificationBatch.objects.filter(origin=origin).select_related("org", "issuer").first()
    if existing is not None and existing.org_id != org.pk:
        raise RuleViolation("该来源记录已用于另一个组织的整改批次", field="origin", code="idempotency_conflict")
    return existing


def create_rectification_batch(org: PartyOrg, *, source: str, issued_on, items: Iterable[Mapping] = (),
                               title: str = "", issuer: PartyOrg | None = None, issuer_detail: str = "",
                               reference: str = "", origin: str = "", acting_user=None,
                               today: datetime.date | None = None) -> RectificationBatch:
    """A batch of problems from one source, all items or none (see the module docstring)."""
    if source not in R.Source.values:
        raise RuleViolation(f"问题来源无效，可选：{'、'.join(R.Source.labels)}", rule=R.R_BATCH, field="source")
    issued_on = parse_date(issued_on, "issued_on", R.R_BATCH)
    today = today or timezone.localdate()
    if issued_on > today:
        raise RuleViolation("反馈（下达）日期不能晚于今天", rule=R.R_BATCH, field="issued_on")
    origin = (origin or "").strip()[:120]
    items = list(items)
    if len(items) > MAX_ITEMS:
        raise RuleViolation(f"一个批次最多 {MAX_ITEMS} 项整改任务", rule=R.R_BATCH, field="items")
    with transaction.atomic():
        if origin and (existing := _same_origin(origin, org)) is not None:
            require_issuer(acting_user, org, existing.issuer)
            return existing
        issuer = _issuer_for(org, source, issuer)
        require_issuer(acting_user, org, issuer)
        checked = check_items(items, issued_on)
        _first_refusal(checked)
        batch = RectificationBatch(
            org=org, source=source, issuer=issuer, issuer_detail=issuer_detail.strip()[:60],
            title=(title.strip() or default_title(source, issuer, issued_on))[:120], issued_on=issued_on,
            reference=reference.strip()[:60], report_due=R.report_due(source, issued_on), origin=origin,
            created_by=acting_user)
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError:
            existing = _same_origin(origin, org) if origin else None
            if existing is None:
                raise
            return existing  # the same origin raced us: its batch is the answer
        audit.record("rectification.batch_create", target=batch, actor=acting_user,
                     changes={"source": source, "issuer": issuer.name, "issued_on": issued_on.isoformat(),
                              "reference": batch.reference, "items": len(checked.items)})
        _write_items(batch, checked.items, start=1, acting_user=acting_user, today=today)
        return batch


def create_rectification_item(batch: RectificationBatch, *, problem: str, owner_name: str, deadline,
                              measures: str = "", leader_name: str = "", unit: str = "", owner=None, leader=None,
                              origin: str = "", acting_user=None,
                              today: datetime.date | None = None) -> RectificationItem:
    """One more item on an existing batch (same rights as creating the batch); idempotent by origin."""
    today = today or timezone.localdate()
    origin = (origin or "").strip()[:120]
    with transaction.atomic():
        batch = RectificationBatch.objects.select_for_update().select_related("org", "issuer").get(pk=batch.pk)
        require_issuer(acting_user, batch.org, batch.issuer)
        if origin:
            existing = RectificationItem.objects.filter(origin=origin).first()
            if existing is not None:
                if existing.batch_id != batch.pk:
                    raise RuleViolation("该来源记录已用于另一个整改批次", field="origin", code="idempotency_conflict")
                return existing
        clean = clean_item({"problem": problem, "owner_name": owner_name, "deadline": deadline, "measures": measures,
                            "leader_name": leader_name, "unit": unit, "owner": owner, "leader": leader,
                            "origin": origin}, batch.issued_on)
        last = batch.items.aggregate(n=Max("number"))["n"] or 0
        return _write_items(batch, [clean], start=last + 1, acting_user=acting_user, today=today)[0]


def _write_items(batch: RectificationBatch, items: list[CleanItem], *, start: int, acting_user,
                 today: datetime.date) -> list[RectificationItem]:
    names = {i.owner_name for i in items if i.owner is None} | {i.leader_name for i in items
                                                               if i.leader is None and i.leader_name}
    accounts = accounts_by_name(batch.org, names, today)
    rows = [RectificationItem(
        batch=batch, org=batch.org, number=start + n, problem=i.problem, measures=i.measures,
        leader_name=i.leader_name, leader=i.leader or accounts.get(i.leader_name), unit=i.unit,
        owner_name=i.owner_name, owner=i.owner or accounts.get(i.owner_name), deadline=i.deadline, origin=i.origin)
        for n, i in enumerate(items)]
    RectificationItem.objects.bulk_create(rows)
    if any(r.pk is None for r in rows):  # SQLite before 3.35 does not return ids
        ids = dict(batch.items.filter(number__in=[r.number for r in rows]).values_list("number", "id"))
        for r in rows:
            r.pk = ids[r.number]
    actor_name = (acting_user.display_name or acting_user.username) if acting_user is not None else "系统"
    ItemEvent.objects.bulk_create([
        ItemEvent(item=r, kind=R.EventKind.CREATED, occurred_on=batch.issued_on, actor=acting_user,
                  actor_name=actor_name[:60], text=f"{batch.get_source_display()}：{batch.title}") for r in rows])
    audit.record_many("rectification.item_create", [
        (r, {"batch": batch.pk, "number": r.number, "owner": r.owner_name, "deadline": r.deadline.isoformat()})
        for r in rows], actor=acting_user)
    transaction.on_commit(lambda: _tell_owners(rows, batch))
    return rows


def _tell_owners(rows: list[RectificationItem], batch: RectificationBatch) -> None:
    for r in rows:
        if r.owner is not None:
            notify(r.owner, key=f"rectification:new:{r.pk}", title=f"新的整改任务：{r.problem[:40]}",
                   body=f"{batch.title}，整改期限 {r.deadline:%Y-%m-%d}。", url=reverse("supervision:item", args=[r.pk]))


@transaction.atomic
def mark_report_submitted(batch: RectificationBatch, *, reported_on, acting_user=None,
                          today: datetime.date | None = None) -> RectificationBatch:
    """整改情况报告已报送: the organization records the day its report went up."""
    today = today or timezone.localdate()
    batch = RectificationBatch.objects.select_for_update().select_related("org", "issuer").get(pk=batch.pk)
    if acting_user is not None and not scope_of(acting_user).allows(Action.RECTIFICATION_MANAGE, batch.org.path):
        raise PermissionDenied("整改情况报告由整改单位报送")
    day = parse_date(reported_on, "reported_on")
    if day > today or day < batch.issued_on:
        raise RuleViolation("报送日期须在反馈日期之后、今天之前", rule=R.R_BATCH, field="reported_on")
    before = batch.reported_on
    batch.reported_on = day
    batch.save(update_fields=["reported_on"])
    audit.record("rectification.report_submitted", target=batch, actor=acting_user,
                 changes=audit.diff({"reported_on": str(before or "")}, {"reported_on": day.isoformat()}))
    return batch
