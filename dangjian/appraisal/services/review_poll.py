"""民主测评: the counts per member and grade, either entered by the secretary from the paper
测评表 or collected from the members' phones — anonymously, once each.

Anonymity: a ballot adds one to the counts of the members it grades and marks the voter's token
used; nothing links the choices to the voter (no ballot row, no choice in the audit entry). The
token row is locked before it is checked, and the unique (round, member) constraint means one
token per member, so a double submission is refused, not counted twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dangjian.appraisal.models import BallotToken, PollCount, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.appraisal.services.review_common import lock_round, member_label, parse_int, require_state
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.members.models import Member
from dangjian.members.services import require


def record_counts(round_: ReviewRound, *, present, rows: list[dict], acting_user=None) -> ReviewRound:
    """The 测评 results from the paper forms: how many took part, and per member the votes for
    each grade. Every sum must stay within the number present — the rows already saved included —
    or nothing is saved."""
    present = parse_int(present, "present", "参加测评人数")
    with transaction.atomic():
        round_ = lock_round(round_)
        require(acting_user, Action.APPRAISAL_MANAGE, round_.org.path)
        require_state(round_, R.Step.POLL, "录入民主测评结果")
        if round_.poll_mode != R.PollMode.ENTERED:
            raise RuleViolation("本轮采用手机匿名测评，票数由党员投票自动汇总，不能手工录入", rule=R.R_BALLOT,
                                field="present", code="online_poll")
        entries = {e.member.pk: e for e in roster(round_)}
        R.check_present(present, len(entries))
        parsed: dict[int, dict[str, int]] = {}
        for index, row in enumerate(rows):
            try:
                member_id = parse_int(row.get("member_id"), "member_id", "党员编号")
                if member_id not in entries:
                    raise RuleViolation(f"{member_label(member_id, acting_user)}不是评议基准日本支部的党员", rule=R.R_ROSTER,
                                        field="member_id", code="not_on_roster")
                counts = {g: parse_int(row.get(g, 0) or 0, g, R.Grade(g).label) for g in R.POLL_GRADES}
                R.check_counts(entries[member_id].member.name, counts, present)
            except RuleViolation as refusal:
                refusal.index = index
                raise
            parsed[member_id] = counts
        # Rows not in this submission must also fit a smaller number present.
        for saved in PollCount.objects.filter(round=round_).exclude(member_id__in=list(parsed)).select_related("member"):
            R.check_counts(saved.member.name, saved.as_dict(), present)
        for member_id, counts in parsed.items():
            PollCount.objects.update_or_create(round=round_, member_id=member_id, defaults=counts)
        round_.present = present
        round_.save(update_fields=["present", "updated_at"])
        audit.record("appraisal.poll.counts", target=round_, actor=acting_user,
                     changes={"present": present, "members": len(parsed)})
        return round_


def open_ballot(round_: ReviewRound, voter: Member) -> BallotToken | None:
    """The voter's unused token of a round in its online 测评, or None."""
    if round_.state != R.Step.POLL or round_.poll_mode != R.PollMode.ONLINE:
        return None
    return BallotToken.objects.filter(round=round_, member=voter, used_at__isnull=True).first()


def cast_ballot(round_: ReviewRound, *, voter: Member, choices: dict, acting_user=None) -> int:
    """One member's anonymous ballot: a grade (or none: 弃权) for each other member of the
    roster. Returns how many members it graded."""
    if acting_user is not None and getattr(acting_user, "member", None) != voter:
        raise RuleViolation("只能由党员本人投票", rule=R.R_BALLOT, field="voter", code="not_voter")
    with transaction.atomic():
        round_ = lock_round(round_)
        if round_.state != R.Step.POLL or round_.poll_mode != R.PollMode.ONLINE:
            raise RuleViolation("本轮评议当前不在手机匿名测评环节", rule=R.R_BALLOT, field="round", code="not_open")
        token = BallotToken.objects.select_for_update().filter(round=round_, member=voter).first()
        if token is None:
            raise RuleViolation("您不在本轮评议名册中", rule=R.R_BALLOT, field="voter", code="not_on_roster")
        if token.used_at is not None:
            raise RuleViolation("您已经投过票，每人只能投一次", rule=R.R_BALLOT, field="voter", code="already_voted")
        subjects = set(round_.tokens.exclude(member=voter).values_list("member_id", flat=True))
        graded: dict[int, str] = {}
        for raw_id, grade in (choices or {}).items():
            subject = parse_int(raw_id, "choices", "党员编号")
            if subject not in subjects:
                raise RuleViolation("只能评议本轮名册中的其他党员（不评议本人）", rule=R.R_BALLOT, field="choices")
            if grade in ("", None):
                continue  # 弃权
            if grade not in R.POLL_GRADES:
                raise RuleViolation("测评等次只能是优秀、合格、基本合格或不合格", rule=R.R_GRADES, field="choices")
            graded[subject] = grade
        for subject, grade in graded.items():
            PollCount.objects.filter(round=round_, member_id=subject).update(**{grade: F(grade) + 1})
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        # The entry says that a ballot was cast, never what it said.
        audit.record("appraisal.poll.ballot", target=round_, actor=acting_user, changes={"graded": len(graded)})
        return len(graded)
