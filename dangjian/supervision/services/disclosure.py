"""党务公开: an item from draft to archive, and the higher committee's catalogue.

    drafted ──review (保密审查, not by the drafter)──▶ reviewed ──approve (the organization's
    secretary)──▶ approved ──publish (audience, period)──▶ published ──archive──▶ archived
    reviewed / approved ──send_back (with the reason)──▶ drafted

《中国共产党党务公开条例（试行）》第十五条 (提出 → 审核（保密审查）→ 审批 → 实施): nothing is published
without its review and approval — `publish` refuses it naming the rule, and a database constraint
refuses a published row without both dates. Each step locks the item, checks the actor, writes the
item's history (DisclosureEvent) and the audit entry in one transaction. `archive_expired` (daily,
dangjian.supervision.tasks) archives the items whose period has ended.
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
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import CatalogueEntry, DisclosureEvent, DisclosureItem
from dangjian.supervision.rules import disclosure as R
from dangjian.supervision.services.rectification import ancestor_paths, parse_date
from dangjian.supervision.sources import get_source

EDITABLE = ("title", "body", "audience", "timing", "starts_on", "ends_on")


def _require(user, action: str, path: str, message: str) -> None:
    if user is not None and not scope_of(user).allows(action, path):
        raise PermissionDenied(message)


def _name(user) -> str:
    return ((user.display_name or user.username) if user is not None else "系统")[:60]


def _event(item: DisclosureItem, step: str, user, note: str = "") -> None:
    DisclosureEvent.objects.create(item=item, step=step, note=note[:300], actor=user, actor_name=_name(user),
                                   occurred_at=timezone.now())


def _lock(item: DisclosureItem) -> DisclosureItem:
    return DisclosureItem.objects.select_for_update(of=("self",)).select_related("org").get(pk=item.pk)


def _clean(data: dict) -> dict:
    clean: dict[str, Any] = {"title": str(data.get("title") or "").strip()[:120],
                             "body": str(data.get("body") or "").strip()[:20000]}
    if data.get("audience") not in R.Audience.values:
        raise RuleViolation(f"请选择公开范围：{'、'.join(R.Audience.labels)}", rule=R.R_CATALOGUE, field="audience")
    if data.get("timing") not in R.Timing.values:
        raise RuleViolation(f"请选择公开时限：{'、'.join(R.Timing.labels)}", rule=R.R_CATALOGUE, field="timing")
    clean["audience"], clean["timing"] = data["audience"], data["timing"]
    for key in ("starts_on", "ends_on"):
        raw = data.get(key)
        clean[key] = parse_date(raw, key, R.R_PERIOD) if raw not in (None, "") else None
    if clean["starts_on"] and clean["ends_on"] and clean["ends_on"] < clean["starts_on"]:
        raise RuleViolation("公开结束日期不得早于开始日期", rule=R.R_PERIOD, field="ends_on")
    return clean


def _check_content(title: str, body: str, table: dict) -> None:
    if not title:
        raise RuleViolation("请填写公开事项的标题", rule=R.R_CONTENT, field="title")
    if not body and not (table or {}).get("rows"):
        raise RuleViolation("请填写公开内容，或选择有数据的数据来源", rule=R.R_CONTENT, field="body")


def catalogue_pick(org: PartyOrg, value: str) -> tuple[CatalogueEntry | None, str]:
    """The catalogue line a draft answers, from the value the page's select (and the API) sends:
    "entry:<id>" for a line of the committee's own catalogue in force for `org`, "default:<key>"
    for a line of the default catalogue where the committee has none; anything else is none."""
    if value.startswith("entry:"):
        owner, entries = catalogue_for(org)
        entry = next((e for e in entries if owner is not None and f"entry:{e.pk}" == value), None)
        return entry, entry.title if entry else ""
    if value.startswith("default:"):
        found = next((e for e in R.DEFAULT_CATALOGUE if f"default:{e.key}" == value), None)
        return None, found.title if found else ""
    return None, ""


def draft_disclosure(org: PartyOrg, *, audience: str, timing: str, title: str = "", body: str = "",
                     starts_on=None, ends_on=None, catalogue_entry: CatalogueEntry | None = None,
                     catalogue_title: str = "", source_key: str = "", source_year: int | None = None,
                     acting_user=None, today: datetime.date | None = None) -> DisclosureItem:
    """拟稿: an item of `org`, its content written by hand or taken from a registered source
    (a snapshot of the source's title, text and table for `source_year`)."""
    today = today or timezone.localdate()
    _require(acting_user, Action.DISCLOSURE_DRAFT, org.path, "您的职务不含“拟订党务公开事项”的权限")
    clean = _clean({"title": title, "body": body, "audience": audience, "timing": timing, "starts_on": starts_on,
                    "ends_on": ends_on})
    table: dict = {}
    if source_key:
        source = get_source(source_key)
        if source is None:
            raise RuleViolation("没有这个数据来源", rule=R.R_CONTENT, field="source_key")
        year = int(source_year or today.year)
        if not 2000 <= year <= today.year:
            raise RuleViolation(f"数据年度须在 2000–{today.year} 之间", rule=R.R_CONTENT, field="source_year")
        if acting_user is not None and not scope_of(acting_user).allows(source.view_action, org.path):
            raise RuleViolation(f"您没有查看“{source.label}”数据的权限，不能据此拟稿", rule=R.R_SOURCE_RIGHT,
                                field="source_key")
        content = source.build(org, year)
        clean["title"] = clean["title"] or content.title[:120]
        clean["body"] = clean["body"] or content.body
        table, source_year = content.table(), year
    _check_content(clean["title"], clean["body"], table)
    if catalogue_entry is not None:
        catalogue_title = catalogue_entry.title
    with transaction.atomic():
        item = DisclosureItem.objects.create(
            org=org, catalogue_entry=catalogue_entry, catalogue_title=(catalogue_title or "")[:120], table=table,
            source_key=source_key, source_year=source_year if source_key else None, drafted_by=acting_user, **clean)
        _event(item, R.Step.DRAFT, acting_user)
        audit.record("disclosure.draft", target=item, actor=acting_user,
                     changes={"title": item.title, "audience": item.audience, "source": source_key,
                              "rows": len(table.get("rows", []))})
        return item


def edit_disclosure(item: DisclosureItem, data: dict, *, acting_user=None) -> DisclosureItem:
    """修改 a draft; once reviewed it is locked (send it back first)."""
    with transaction.atomic():
        item = _lock(item)
        _require(acting_user, Action.DISCLOSURE_DRAFT, item.org.path, "您的职务不含“拟订党务公开事项”的权限")
        if item.state != R.State.DRAFTED:
            raise RuleViolation("已审核的稿件不能再修改", rule=R.R_EDIT_LOCKED, field="state")
        merged = {k: data.get(k, getattr(item, k)) for k in EDITABLE}
        clean = _clean(merged)
        _check_content(clean["title"], clean["body"], item.table)
        before = {k: str(getattr(item, k) or "") for k in EDITABLE}
        for k, v in clean.items():
            setattr(item, k, v)
        item.save(update_fields=list(EDITABLE))
        _event(item, R.Step.EDIT, acting_user)
        audit.record("disclosure.edit", target=item, actor=acting_user,
                     changes=audit.diff(before, {k: str(v or "") for k, v in clean.items()}))
        return item


def review_disclosure(item: DisclosureItem, *, note: str = "", acting_user=None) -> DisclosureItem:
    """保密审查通过: by someone with the review right who did not draft the item."""
    with transaction.atomic():
        item = _lock(item)
        _require(acting_user, Action.DISCLOSURE_REVIEW, item.org.path, f"您的职务不含保密审查的职责。依据：{R.R_REVIEWER}")
        if item.state != R.State.DRAFTED:
            raise RuleViolation(f"只有拟稿状态的事项可以审核（当前：{item.get_state_display()}）", rule=R.R_PROCEDURE,
                                field="state")
        if acting_user is not None and item.drafted_by_id == acting_user.pk:
            raise RuleViolation("拟稿人不能审核自己拟订的稿件，请由其他委员进行保密审查", rule=R.R_REVIEWER, field="state")
        item.state, item.reviewed_by, item.reviewed_at = R.State.REVIEWED, acting_user, timezone.now()
        item.review_note = (note or "").strip()[:300] or "经保密审查，未发现涉密内容和不宜公开的个人信息"
        item.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
        _event(item, R.Step.REVIEW, acting_user, item.review_note)
        audit.record("disclosure.review", target=item, actor=acting_user, changes={"note": item.review_note})
        return item


def may_approve(user, item: DisclosureItem) -> bool:
    """The approval is the organization's own (its secretary; a committee's admin for the
    committee's items): the right from a post on the item's organization itself, not above it."""
    if user is None:
        return True
    scope = scope_of(user)
    return scope.is_superuser or item.org.path in scope.paths_for(Action.DISCLOSURE_APPROVE)


def approve_disclosure(item: DisclosureItem, *, note: str = "", acting_user=None) -> DisclosureItem:
    """审批同意, after the review."""
    with transaction.atomic():
        item = _lock(item)
        if not may_approve(acting_user, item):
            raise PermissionDenied(f"党务公开事项由本党组织书记审批。依据：{R.R_APPROVER}")
        if item.state != R.State.REVIEWED:
            raise RuleViolation(f"须先经保密审查才能审批（当前：{item.get_state_display()}）", rule=R.R_PROCEDURE,
                                field="state")
        item.state, item.approved_by, item.approved_at = R.State.APPROVED, acting_user, timezone.now()
        item.save(update_fields=["state", "approved_by", "approved_at"])
        _event(item, R.Step.APPROVE, acting_user, note)
        audit.record("disclosure.approve", target=item, actor=acting_user)
        return item


def send_back(item: DisclosureItem, *, reason: str, acting_user=None) -> DisclosureItem:
    """退回修改: a reviewed or approved item goes back to its drafter, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("退回修改须写明原因", rule=R.R_SEND_BACK_REASON, field="reason")
    with transaction.atomic():
        item = _lock(item)
        if acting_user is not None and not (scope_of(acting_user).allows(Action.DISCLOSURE_REVIEW, item.org.path)
                                            or may_approve(acting_user, item)):
            raise PermissionDenied("只有审核人或审批人可以退回修改")
        if item.state not in (R.State.REVIEWED, R.State.APPROVED):
            raise RuleViolation(f"当前状态（{item.get_state_display()}）不能退回", rule=R.R_PROCEDURE, field="state")
        item.state, item.reviewed_by, item.reviewed_at, item.approved_by, item.approved_at = (
            R.State.DRAFTED, None, None, None, None)
        item.save(update_fields=["state", "reviewed_by", "reviewed_at", "approved_by", "approved_at"])
        _event(item, R.Step.SEND_BACK, acting_user, reason)
        audit.record("disclosure.send_back", target=item, actor=acting_user, reason=reason[:300])
        return item


def publish_disclosure(item: DisclosureItem, *, starts_on=None, ends_on=None, acting_user=None,
                       today: datetime.date | None = None) -> DisclosureItem:
    """公开: for its audience from `starts_on` (today by default) to `ends_on` (by default the
    common length for its timing); only after the review and the approval."""
    today = today or timezone.localdate()
    with transaction.atomic():
        item = _lock(item)
        _require(acting_user, Action.DISCLOSURE_DRAFT, item.org.path, "您的职务不含“拟订党务公开事项”的权限")
        if item.state != R.State.APPROVED or item.reviewed_at is None or item.approved_at is None:
            missing = "保密审查" if item.reviewed_at is None else "书记审批"
            raise RuleViolation(f"未经{missing}的事项不得公开", rule=R.R_PROCEDURE, field="state", code="not_approved")
        start = parse_date(starts_on, "starts_on", R.R_PERIOD) if starts_on not in (None, "") else (item.starts_on or today)
        end = parse_date(ends_on, "ends_on", R.R_PERIOD) if ends_on not in (None, "") else item.ends_on
        end = end or start + datetime.timedelta(days=R.DEFAULT_DAYS[item.timing])
        if end < start:
            raise RuleViolation("公开结束日期不得早于开始日期", rule=R.R_PERIOD, field="ends_on")
        item.state, item.starts_on, item.ends_on, item.published_on = R.State.PUBLISHED, start, end, today
        item.save(update_fields=["state", "starts_on", "ends_on", "published_on"])
        _event(item, R.Step.PUBLISH, acting_user, f"{item.get_audience_display()}，{start:%Y-%m-%d} 至 {end:%Y-%m-%d}")
        audit.record("disclosure.publish", target=item, actor=acting_user,
                     changes={"audience": item.audience, "starts_on": start.isoformat(), "ends_on": end.isoformat()})
        return item


def archive_disclosure(item: DisclosureItem, *, acting_user=None, today: datetime.date | None = None) -> DisclosureItem:
    today = today or timezone.localdate()
    with transaction.atomic():
        item = _lock(item)
        _require(acting_user, Action.DISCLOSURE_DRAFT, item.org.path, "您的职务不含“拟订党务公开事项”的权限")
        if item.state != R.State.PUBLISHED:
            raise RuleViolation("只有公开中的事项可以归档", rule=R.R_PROCEDURE, field="state")
        item.state, item.archived_on = R.State.ARCHIVED, today
        item.save(update_fields=["state", "archived_on"])
        _event(item, R.Step.ARCHIVE, acting_user)
        audit.record("disclosure.archive", target=item, actor=acting_user)
        return item


def archive_expired(today: datetime.date) -> int:
    """The daily job: items whose period ended before today are archived (history kept)."""
    count = 0
    for item in DisclosureItem.objects.filter(state=R.State.PUBLISHED, ends_on__lt=today):
        archive_disclosure(item, today=today)
        count += 1
    return count


# --- the catalogue -----------------------------------------------------------------------------

def catalogue_for(org: PartyOrg) -> tuple[PartyOrg | None, list]:
    """(the committee whose catalogue applies, its active entries) — the nearest committee at or
    above `org` that wrote one — or (None, the default catalogue) when none did."""
    entries = list(CatalogueEntry.objects.filter(org__path__in=ancestor_paths(org.path), active=True)
                   .select_related("org").order_by("-org__depth", "position", "id"))
    if entries:
        owner = entries[0].org
        return owner, [e for e in entries if e.org_id == owner.pk]
    return None, list(R.DEFAULT_CATALOGUE)


def save_catalogue_entry(org: PartyOrg, data: dict, *, entry: CatalogueEntry | None = None,
                         acting_user=None) -> CatalogueEntry:
    """制定党务公开目录: a line of the higher committee's catalogue (its subtree follows it)."""
    _require(acting_user, Action.DISCLOSURE_CONFIGURE, org.path, f"党务公开目录由上级党组织制定。依据：{R.R_CATALOGUE}")
    title = str(data.get("title") or "").strip()[:120]
    if not title:
        raise RuleViolation("请填写公开事项", rule=R.R_CATALOGUE, field="title")
    clean = _clean({"audience": data.get("audience"), "timing": data.get("timing")})
    fields = {"title": title, "audience": clean["audience"], "timing": clean["timing"],
              "period": str(data.get("period") or "").strip()[:60], "citation": str(data.get("citation") or "").strip()[:200],
              "source_key": str(data.get("source_key") or "").strip()[:40], "active": bool(data.get("active", True))}
    if fields["source_key"] and get_source(fields["source_key"]) is None:
        raise RuleViolation("没有这个数据来源", rule=R.R_CATALOGUE, field="source_key")
    with transaction.atomic():
        before = {k: getattr(entry, k) for k in fields} if entry is not None else {}
        if entry is None:
            position = CatalogueEntry.objects.filter(org=org).count() + 1
            entry = CatalogueEntry.objects.create(org=org, position=position, created_by=acting_user, **fields)
        else:
            for k, v in fields.items():
                setattr(entry, k, v)
            entry.save(update_fields=list(fields))
        audit.record("disclosure.catalogue", target=entry, actor=acting_user, changes=audit.diff(before, fields))
        return entry


def adopt_default_catalogue(org: PartyOrg, *, acting_user=None) -> int:
    """Copy the default catalogue into the committee's own, to edit from there."""
    _require(acting_user, Action.DISCLOSURE_CONFIGURE, org.path, f"党务公开目录由上级党组织制定。依据：{R.R_CATALOGUE}")
    if CatalogueEntry.objects.filter(org=org).exists():
        raise RuleViolation("本组织已有党务公开目录，请直接修改", rule=R.R_CATALOGUE)
    for d in R.DEFAULT_CATALOGUE:
        save_catalogue_entry(org, {"title": d.title, "audience": d.audience, "timing": d.timing, "period": d.period,
                                   "citation": d.citation, "source_key": d.source_key if get_source(d.source_key) else ""},
                             acting_user=acting_user)
    return len(R.DEFAULT_CATALOGUE)
