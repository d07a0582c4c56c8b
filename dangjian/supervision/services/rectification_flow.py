"""整改台账: an item's way to 销号 — progress reports with evidence, the 销号 request, and the
issuing level's decision (approve or return).

    open / returned ──report_progress──▶ in_progress ──request_closure──▶ requested
    requested ──approve_closure (the issuing level)──▶ closed
    requested ──return_closure (the issuing level, with a reason)──▶ returned

Each step locks the item, checks the actor (the school works on the item; only the level that
raised it, or the committee above, decides — `rectification.may_approve`), refuses what breaks a
rule with the rule named, writes the timeline entry and the audit entry in one transaction.
Evidence files are checked by dangjian.core.uploads (type by content, size, zip bombs, macros)
before anything is written, and stored as the step's last write; a refused or failed step leaves
no file behind.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.models import Notification
from dangjian.core.notify import notify
from dangjian.supervision.models import Evidence, ItemEvent, RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services.rectification import parse_date, require_approver, require_worker

EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_PER_REPORT = 10
TEXT_MAX = 2000


def _lock(item: RectificationItem) -> RectificationItem:
    return (RectificationItem.objects.select_for_update(of=("self",)).select_related("org", "batch", "batch__issuer")
            .get(pk=item.pk))


def _name(user) -> str:
    return ((user.display_name or user.username) if user is not None else "系统")[:60]


def _day(value, today: datetime.date, item: RectificationItem) -> datetime.date:
    day = parse_date(value, "occurred_on") if value not in (None, "") else today
    if day > today:
        raise RuleViolation("日期不能晚于今天", rule=R.R_STATE, field="occurred_on")
    if day < item.batch.issued_on:
        raise RuleViolation("日期不能早于问题反馈日期", rule=R.R_STATE, field="occurred_on")
    return day


def _not_closed(item: RectificationItem, what: str) -> None:
    if item.state == R.ItemState.CLOSED:
        raise RuleViolation(f"该事项已于 {item.closed_on:%Y-%m-%d} 销号，不能再{what}", rule=R.R_CLOSED_FINAL,
                            field="state", code="closed")


def _check_evidence(files: Sequence) -> list:
    """Every file checked before anything is written: one refused file refuses the step."""
    from dangjian.core.uploads import check_upload

    if len(files) > EVIDENCE_PER_REPORT:
        raise RuleViolation(f"每次最多附 {EVIDENCE_PER_REPORT} 份佐证材料", rule=R.R_EVIDENCE, field="files")
    return [check_upload(f, kinds=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES) for f in files]


def _store_evidence(event: ItemEvent, checked: list, acting_user) -> list[Evidence]:
    """The last write of a step (nothing after it can fail but the commit): the files are copied
    to storage and their rows inserted; if either fails, the copied files are removed again."""
    from dangjian.core.uploads import store_upload

    stored = []
    try:
        rows = []
        for c in checked:
            path = store_upload(c)
            stored.append(path)
            rows.append(Evidence(event=event, file_kind=c.kind, name=(c.name or f"佐证材料{c.extension}")[:200],
                                 size=c.size, sha256=c.sha256, path=str(path), uploaded_by=acting_user))
        return Evidence.objects.bulk_create(rows)
    except BaseException:
        for path in stored:
            path.unlink(missing_ok=True)
        raise


def _names(checked: list) -> list[str]:
    return [(c.name or f"佐证材料{c.extension}")[:200] for c in checked]


def report_progress(item: RectificationItem, *, progress, text: str, files: Sequence = (), occurred_on=None,
                    acting_user=None, today: datetime.date | None = None) -> ItemEvent:
    """整改进展: a percentage and what was done, with evidence; moves an open or returned item
    to 整改中. Refused on a closed item, and while a 销号 request waits for its decision."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    try:
        progress = int(str(progress).strip())
    except ValueError:
        raise RuleViolation("整改进度须为 0–100 的整数", rule=R.R_PROGRESS, field="progress") from None
    if not 0 <= progress <= 100:
        raise RuleViolation("整改进度须为 0–100 的整数", rule=R.R_PROGRESS, field="progress")
    if not text:
        raise RuleViolation("请写明整改进展情况", rule=R.R_PROGRESS, field="text")
    with transaction.atomic():
        item = _lock(item)
        require_worker(acting_user, item)
        _not_closed(item, "报告进展")
        if item.state == R.ItemState.REQUESTED:
            raise RuleViolation("销号申请正在审核，审核结果出来前不能报告进展", rule=R.R_STATE, field="state")
        day = _day(occurred_on, today, item)
        checked = _check_evidence(files)
        event = ItemEvent.objects.create(item=item, kind=R.EventKind.PROGRESS, occurred_on=day, text=text[:TEXT_MAX],
                                         progress=progress, actor=acting_user, actor_name=_name(acting_user))
        before = {"state": item.state, "progress": item.progress}
        item.state, item.progress = R.ItemState.IN_PROGRESS, progress
        item.save(update_fields=["state", "progress"])
        audit.record("rectification.progress", target=item, actor=acting_user,
                     changes={**audit.diff(before, {"state": item.state, "progress": progress}),
                              "evidence": _names(checked)})
        _store_evidence(event, checked, acting_user)
        return event


def request_closure(item: RectificationItem, *, text: str, files: Sequence = (), occurred_on=None,
                    acting_user=None, today: datetime.date | None = None) -> ItemEvent:
    """申请销号: the school reports the item done (at 100 %) with at least one piece of evidence
    on the item (this request's files or an earlier report's), and waits for the issuing level."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        raise RuleViolation("请写明整改完成情况", rule=R.R_EVIDENCE, field="text")
    with transaction.atomic():
        item = _lock(item)
        require_worker(acting_user, item)
        _not_closed(item, "申请销号")
        if item.state == R.ItemState.REQUESTED:
            raise RuleViolation("已申请销号，正在等待上级党组织审核", rule=R.R_STATE, field="state", code="duplicate")
        day = _day(occurred_on, today, item)
        if not files and not Evidence.objects.filter(event__item=item).exists():
            raise RuleViolation("申请销号须至少附一份整改佐证材料", rule=R.R_EVIDENCE, field="files")
        checked = _check_evidence(files)
        event = ItemEvent.objects.create(item=item, kind=R.EventKind.REQUESTED, occurred_on=day, text=text[:TEXT_MAX],
                                         progress=100, actor=acting_user, actor_name=_name(acting_user))
        before = {"state": item.state, "progress": item.progress}
        item.state, item.progress, item.requested_on = R.ItemState.REQUESTED, 100, day
        item.save(update_fields=["state", "progress", "requested_on"])
        audit.record("rectification.request_closure", target=item, actor=acting_user,
                     changes={**audit.diff(before, {"state": item.state, "progress": 100}),
                              "evidence": _names(checked)})
        _store_evidence(event, checked, acting_user)
        transaction.on_commit(lambda: _tell_approvers(item, today))
        return event


def _awaiting(item: RectificationItem, what: str) -> None:
    _not_closed(item, what)
    if item.state != R.ItemState.REQUESTED:
        raise RuleViolation(f"该事项尚未申请销号（当前：{item.get_state_display()}），不能{what}", rule=R.R_STATE,
                            field="state")


def approve_closure(item: RectificationItem, *, note: str = "", occurred_on=None, acting_user=None,
                    today: datetime.date | None = None) -> ItemEvent:
    """同意销号: by the issuing level or the committee above it, never by the school."""
    today = today or timezone.localdate()
    with transaction.atomic():
        item = _lock(item)
        require_approver(acting_user, item)
        _awaiting(item, "销号")
        day = _day(occurred_on, today, item)
        if item.requested_on and day < item.requested_on:
            raise RuleViolation("销号日期不能早于申请日期", rule=R.R_STATE, field="occurred_on")
        event = ItemEvent.objects.create(item=item, kind=R.EventKind.APPROVED, occurred_on=day,
                                         text=(note or "").strip()[:TEXT_MAX] or "经审核，同意销号",
                                         actor=acting_user, actor_name=_name(acting_user))
        item.state, item.closed_on = R.ItemState.CLOSED, day
        item.save(update_fields=["state", "closed_on"])
        audit.record("rectification.approve", target=item, actor=acting_user,
                     changes={"state": [R.ItemState.REQUESTED, R.ItemState.CLOSED], "closed_on": day.isoformat()})
        transaction.on_commit(lambda: _tell_school(item, "已同意销号", Notification.Level.INFO))
        return event


def return_closure(item: RectificationItem, *, reason: str, acting_user=None,
                   today: datetime.date | None = None) -> ItemEvent:
    """退回: the request is not accepted; the reason says what is still to be done."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("退回须写明理由和进一步整改的要求", rule=R.R_RETURN_REASON, field="reason")
    with transaction.atomic():
        item = _lock(item)
        require_approver(acting_user, item)
        _awaiting(item, "退回")
        event = ItemEvent.objects.create(item=item, kind=R.EventKind.RETURNED, occurred_on=today,
                                         text=reason[:TEXT_MAX], actor=acting_user, actor_name=_name(acting_user))
        item.state, item.requested_on = R.ItemState.RETURNED, None
        item.save(update_fields=["state", "requested_on"])
        audit.record("rectification.return", target=item, actor=acting_user, reason=reason[:300],
                     changes={"state": [R.ItemState.REQUESTED, R.ItemState.RETURNED]})
        transaction.on_commit(lambda: _tell_school(item, f"销号申请被退回：{reason[:60]}", Notification.Level.WARNING))
        return event


def _tell_school(item: RectificationItem, what: str, level: str) -> None:
    from dangjian.supervision.services.rectification_overdue import school_keepers

    url = reverse("supervision:item", args=[item.pk])
    for user in {u.pk: u for u in [item.owner, *school_keepers(item.org_id)] if u is not None}.values():
        notify(user, key=f"rectification:decision:{item.pk}:{item.state}:{timezone.now():%Y%m%d%H%M%S}",
               title=f"整改事项{what}", body=item.problem[:80], url=url, level=level)


def _tell_approvers(item: RectificationItem, today: datetime.date) -> None:
    from dangjian.supervision.services.rectification_overdue import approvers_of

    url = reverse("supervision:item", args=[item.pk])
    for user in approvers_of(item, today):
        notify(user, key=f"rectification:requested:{item.pk}:{item.requested_on}", title=f"{item.org.name}申请销号",
               body=item.problem[:80], url=url)
