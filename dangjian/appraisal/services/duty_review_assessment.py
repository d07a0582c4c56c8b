"""述职评议's assessment, by the committee that opened the round: the 测评 counts with the number
present, the process scores of the 党建工作例会 and the 督导, the composite and its grade under the
weights in force; the 点评意见 and putting one on the school's 整改台账 through supervision's
service; and a committee's own weights and grade lines for its subtree."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.appraisal.models import DutyComment, DutyEntry, DutySetting
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import member_count, weights_for, weights_of_round
from dangjian.appraisal.services.duty_review import lock_entry, require_committee
from dangjian.appraisal.services.review_common import parse_date, parse_int
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.orgs.models import PartyOrg


def _score(raw, field: str, label: str) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise RuleViolation(f"{label}须为数字", rule=R.R_PROCESS, field=field) from None
    if not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(R.TENTH):
        raise RuleViolation(f"{label}须在 0–100 分之间，最多一位小数", rule=R.R_PROCESS, field=field)
    return value.quantize(R.TENTH)


def record_assessment(entry: DutyEntry, *, present=None, counts: dict | None = None, meeting_score=None,
                      supervision_score=None, acting_user=None) -> DutyEntry:
    """Enter (or correct) the 测评 counts and the process scores; the composite and its grade follow.
    Blank counts or scores leave that part open; the counts need the submitted report first."""
    with transaction.atomic():
        entry = lock_entry(entry)
        require_committee(acting_user, entry.round.org, "登记述职评议结果")
        members = member_count(entry.org) if entry.round.kind == R.Kind.YEAR_END else None
        changes = apply_assessment(entry, present=present, counts=counts, meeting_score=meeting_score,
                                   supervision_score=supervision_score, members=members,
                                   weights=weights_of_round(entry.round))
        entry.save()
        audit.record("appraisal.duty_assessment", target=entry, actor=acting_user, changes=changes)
        return entry


def apply_assessment(entry: DutyEntry, *, present, counts: dict | None, meeting_score, supervision_score,
                     members: int | None, weights: R.Weights) -> dict:
    """Judge an assessment of the (locked) entry and set it on the entry, unsaved; the audit
    entry's changes. `members`: the organization's members for a 年底 round (member_count), else
    None; `weights`: the round's (weights_of_round). Shared by record_assessment and the batch."""
    meeting = _score(meeting_score, "meeting_score", "党建工作例会测评得分")
    supervision = _score(supervision_score, "supervision_score", "巡回督导考评得分")
    changes: dict = {}
    if present not in (None, "") or any(str(v).strip() not in ("", "0") for v in (counts or {}).values()):
        if entry.submitted_on is None:
            raise RuleViolation(f"{entry.org.name}的书记尚未提交述职报告，不能登记测评结果", rule=R.R_REPORT_FIRST,
                                field="present", code="no_report")
        present_n = parse_int(present, "present", "参加测评人数")
        parsed = {g: parse_int((counts or {}).get(g) or 0, g, f"“{R.Grade(g).label}”票数") for g in R.GRADES}
        R.check_counts(parsed, present_n, members=members)
        entry.present = present_n
        entry.good, entry.fairly_good, entry.average, entry.poor = (parsed[g] for g in R.GRADES)
        entry.poll_score = R.poll_score(parsed)
        changes.update(present=present_n, counts={R.Grade(g).label: parsed[g] for g in R.GRADES})
    entry.meeting_score, entry.supervision_score = meeting, supervision
    entry.composite = R.composite(meeting, supervision, entry.poll_score, weights)
    entry.grade = R.grade_of(entry.composite, weights)
    changes.update(meeting_score=str(meeting) if meeting is not None else "",
                   supervision_score=str(supervision) if supervision is not None else "",
                   composite=str(entry.composite) if entry.composite is not None else "",
                   grade=entry.get_grade_display())
    return changes


# --- 点评意见 and 整改 --------------------------------------------------------------------------

def add_comment(entry: DutyEntry, text: str, *, acting_user=None) -> DutyComment:
    text = str(text or "").strip()
    if not text:
        raise RuleViolation("请填写点评意见", rule=R.R_COMMENT, field="text")
    if len(text) > R.COMMENT_MAX:
        raise RuleViolation(f"点评意见不超过 {R.COMMENT_MAX} 字", rule=R.R_COMMENT, field="text")
    with transaction.atomic():
        entry = lock_entry(entry)
        require_committee(acting_user, entry.round.org, "点评述职")
        comment = DutyComment.objects.create(entry=entry, text=text, created_by=acting_user)
        audit.record("appraisal.duty_comment", target=entry, actor=acting_user, changes={"comment": text[:100]})
        return comment


def rectify_comment(comment: DutyComment, *, deadline, owner_name: str = "", acting_user=None,
                    today: datetime.date | None = None):
    """Put a 点评意见 on the school's 整改台账 (source 述职评议, issued by the round's committee):
    one batch per secretary's entry, one item per comment; a second call returns the same item."""
    from dangjian.supervision.rules.rectification import Source
    from dangjian.supervision.services.rectification import create_rectification_batch, create_rectification_item

    today = today or timezone.localdate()
    deadline = parse_date(deadline, "deadline")
    with transaction.atomic():
        comment = DutyComment.objects.select_for_update(of=("self",)).select_related(
            "entry__org", "entry__round__org").get(pk=comment.pk)
        entry = comment.entry
        require_committee(acting_user, entry.round.org, "下达述职评议整改任务")
        owner = str(owner_name or "").strip() or entry.secretary_name
        if not owner:
            raise RuleViolation("请填写整改责任人（本组织书记空缺）", rule=R.R_COMMENT, field="owner_name")
        batch = create_rectification_batch(
            entry.org, source=Source.DUTY_REPORT, issued_on=today, issuer=entry.round.org,
            title=f"{entry.round.year}年度书记抓党建述职评议点评意见整改",
            origin=f"appraisal.duty_entry:{entry.pk}", acting_user=acting_user, today=today)
        item = create_rectification_item(batch, problem=comment.text, owner_name=owner, deadline=deadline,
                                         measures="", origin=f"appraisal.duty_comment:{comment.pk}",
                                         acting_user=acting_user, today=today)
        if comment.rectification_item_id != item.pk:
            comment.rectification_item_id = item.pk
            comment.save(update_fields=["rectification_item_id"])
            audit.record("appraisal.duty_rectify", target=entry, actor=acting_user,
                         changes={"comment": comment.text[:100], "rectification_item": item.pk, "deadline": deadline.isoformat()})
        return item


# --- a committee's weights and grade lines -----------------------------------------------------

def set_weights(org: PartyOrg, *, meeting, supervision, poll, good_min, fairly_good_min, average_min, source: str,
                effective_from, acting_user=None) -> DutySetting:
    values = [parse_int(v, f, label) for v, f, label in (
        (meeting, "meeting", "党建工作例会测评权重"), (supervision, "supervision", "巡回督导考评权重"),
        (poll, "poll", "述职测评权重"), (good_min, "good_min", "“好”分数线"),
        (fairly_good_min, "fairly_good_min", "“较好”分数线"), (average_min, "average_min", "“一般”分数线"))]
    effective_from = parse_date(effective_from, "effective_from")
    source = str(source or "").strip()[:300]
    with transaction.atomic():
        require_committee(acting_user, org, "设定述职评议的权重和分数线")
        # The lines in force from above (the committee's own earlier rows are superseded, not a floor).
        parent_path = org.path[:-PartyOrg.steplen]
        above = weights_for(PartyOrg(path=parent_path), effective_from) if parent_path else R.DEFAULT
        meeting_w, supervision_w, poll_w, good, fairly_good, average = values
        R.check_setting(meeting_w, supervision_w, poll_w, good, fairly_good, average, source, above)
        try:
            with transaction.atomic():
                setting = DutySetting.objects.create(
                    org=org, meeting_weight=meeting_w, supervision_weight=supervision_w, poll_weight=poll_w,
                    good_min=good, fairly_good_min=fairly_good, average_min=average, source=source,
                    effective_from=effective_from, created_by=acting_user)
        except IntegrityError:
            raise RuleViolation(f"“{org.name}”在 {effective_from:%Y-%m-%d} 已有一条设定，请换一个生效日期",
                                rule=R.R_SETTING, field="effective_from", code="duplicate") from None
        audit.record("appraisal.duty_setting", target=setting, actor=acting_user,
                     changes={"weights": f"{values[0]}/{values[1]}/{values[2]}",
                              "lines": f"{values[3]}/{values[4]}/{values[5]}", "source": source,
                              "effective_from": effective_from.isoformat()})
        return setting
