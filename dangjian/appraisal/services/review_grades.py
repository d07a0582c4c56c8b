"""The grades of a round, decided by the 支委会 / 党员大会 (step “评定”). All the rows of one
submission are checked before any is written — someone not on the roster, a grade the rules do
not allow for a 预备党员, 优秀 above the share in force — and a refusal saves nothing."""

from __future__ import annotations

from django.db import transaction

from dangjian.appraisal.models import MemberGrade, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster, rules_for
from dangjian.appraisal.services.review_common import lock_round, member_label, parse_int, require_state
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.members.services import require

NOTE_MAX = 300


def _parse_rows(rows, entries: dict, acting_user, round_: ReviewRound) -> dict[int, tuple[str, str]]:
    parsed: dict[int, tuple[str, str]] = {}
    for index, row in enumerate(rows):
        try:
            member_id = parse_int(row.get("member_id"), "member_id", "党员编号")
            if member_id not in entries:
                raise RuleViolation(f"{member_label(member_id, acting_user)}不是评议基准日（{round_.as_of:%Y-%m-%d}）"
                                    f"“{round_.org.name}”的党员，不能评定", rule=R.R_ROSTER, field="member_id",
                                    code="not_on_roster")
            if member_id in parsed:
                raise RuleViolation(f"{entries[member_id].member.name}重复出现", rule=R.R_GRADES, field="member_id")
            grade = str(row.get("grade") or "")
            note = str(row.get("note") or "").strip()
            if len(note) > NOTE_MAX:
                raise RuleViolation(f"评定意见不超过 {NOTE_MAX} 字", rule=R.R_GRADES, field="note")
        except RuleViolation as refusal:
            refusal.index = index
            raise
        parsed[member_id] = (grade, note)
    return parsed


def record_grades(round_: ReviewRound, rows: list[dict], *, acting_user=None) -> list[MemberGrade]:
    """Record (or correct, while the round is at 评定) the grades of some or all of the roster.
    `rows`: {"member_id", "grade", "note"}. The 优秀 share is checked over the whole round."""
    with transaction.atomic():
        round_ = lock_round(round_)
        require(acting_user, Action.APPRAISAL_MANAGE, round_.org.path)
        require_state(round_, R.Step.DECISION, "登记评定等次")
        entries = {e.member.pk: e for e in roster(round_)}
        rules = rules_for(round_.org, round_.as_of)
        parsed = _parse_rows(rows, entries, acting_user, round_)
        if not parsed:
            raise RuleViolation("请至少评定一名党员", rule=R.R_GRADES, field="grades")
        for index, (member_id, (grade, _)) in enumerate(parsed.items()):
            entry = entries[member_id]
            try:
                R.check_grade(entry.member.name, grade, entry.probationary, rules)
            except RuleViolation as refusal:
                refusal.index = index
                raise
        merged = dict(MemberGrade.objects.filter(round=round_).values_list("member_id", "grade"))
        merged.update({member_id: grade for member_id, (grade, _) in parsed.items()})
        full = [e for e in entries.values() if not e.probationary]
        excellent = sum(1 for e in full if merged.get(e.member.pk) == R.Grade.EXCELLENT)
        R.check_excellent_cap(excellent, len(full), rules)
        existing = {g.member_id: g for g in MemberGrade.objects.filter(round=round_, member_id__in=list(parsed))}
        saved, changes = [], {}
        for member_id, (grade, note) in parsed.items():
            entry = entries[member_id]
            row = existing.get(member_id) or MemberGrade(round=round_, member=entry.member)
            before = row.get_grade_display() if row.pk else ""
            row.grade, row.note, row.probationary = grade, note, entry.probationary
            row.save()
            saved.append(row)
            if before != row.get_grade_display():
                changes[entry.member.name] = [before, row.get_grade_display()] if before else row.get_grade_display()
        audit.record("appraisal.grades", target=round_, actor=acting_user,
                     changes={"grades": changes, "excellent": excellent, "cap": R.excellent_cap(len(full), rules)})
        return saved
