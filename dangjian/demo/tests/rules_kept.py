"""The rules each demo story keeps, one function per story, checked alike wherever the story is
written: on the school scale seeded once (school_scale/: through the services), on the county
scale (county_scale/: the bulk path beyond the first schools), and on the test world after the
bulk path alone (the test_*_demo.py modules beside this one)."""

from django.db.models import Q

from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewRound
from dangjian.appraisal.rules import review as AR
from dangjian.appraisal.selectors.review import roster
from dangjian.decisions.models import AgendaItem, Matter
from dangjian.decisions.rules import State, passes, quorate
from dangjian.supervision.models import DisclosureItem, LifeMeeting, RectificationItem, ReviewMaterial
from dangjian.supervision.rules import disclosure as DR
from dangjian.supervision.rules import lifemeeting as LR
from dangjian.supervision.rules import rectification as SR
from dangjian.supervision.selectors.lifemeeting import participant_ids, rules_for

EXECUTED = [State.EXECUTING, State.CLOSED, State.REPORTED]


def assert_review_rules_hold():
    """民主评议党员: 优秀 never above the cap, no 预备党员 优秀, counts within the number present, every
    基本合格 / 不合格 with its follow-up."""
    for round_ in ReviewRound.objects.select_related("org"):
        grades = list(MemberGrade.objects.filter(round=round_))
        full = sum(1 for e in roster(round_) if not e.probationary)
        excellent = sum(1 for g in grades if g.grade == AR.Grade.EXCELLENT)
        assert excellent <= AR.excellent_cap(full, AR.NATIONAL), round_
        assert not [g for g in grades if g.probationary and g.grade == AR.Grade.EXCELLENT]
        if round_.present:
            assert all(c.total <= round_.present for c in PollCount.objects.filter(round=round_))
        low = [g for g in grades if g.grade in (AR.Grade.BASIC, AR.Grade.UNQUALIFIED)]
        assert FollowUp.objects.filter(grade__in=low, previous__isnull=True).count() == len(low)


def assert_decision_rules_hold():
    """No 三重一大 matter executed without a passed decision; every verdict agrees with its numbers."""
    executed = Matter.objects.filter(is_major=True, state__in=EXECUTED)
    assert executed.exists()
    assert not executed.exclude(agenda_items__verdict="passed").exists()
    for item in AgendaItem.objects.select_related("meeting", "matter").exclude(verdict="deferred"):
        size = item.meeting.body_size
        assert quorate(item.eligible, size, personnel=item.matter.personnel)
        assert passes(item.votes_for, size) == (item.verdict == "passed")


def assert_whole_life_meeting_process(life: LifeMeeting) -> None:
    """组织生活会: held, every participant's material approved, every problem on the 整改台账, a
    self-criticism for everyone present, the report's due day from the rule in force on the
    meeting's day."""
    assert life.meeting.kind == "life_meeting" and life.held_on == life.meeting.held_on
    approved = set(ReviewMaterial.objects.filter(life=life, state="approved").values_list("member_id", flat=True))
    assert approved == participant_ids(life)
    assert not ReviewMaterial.objects.filter(life=life, problems__rectification_item__isnull=True).exists()
    present = set(life.meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    assert set(life.criticisms.filter(kind="self").values_list("subject_id", flat=True)) == present
    rules = rules_for(life.org, life.kind, life.held_on)
    assert life.report_due == LR.report_due(life.held_on, rules.report_days)
    assert bool(life.observer_name) == rules.observer_required


def assert_supervision_rules_hold(today):
    """整改台账 and 党务公开: no item without owner or deadline; closed ⇒ asked for with evidence and
    approved; no publication without review and approval."""
    assert not RectificationItem.objects.filter(Q(owner_name="") | Q(deadline__isnull=True)).exists()
    # this demo's items; the life meetings' problems are written (and judged) by dangjian/demo/lifemeetings*.py
    closed = RectificationItem.objects.filter(state=SR.ItemState.CLOSED).exclude(
        batch__origin__startswith="supervision.lifemeeting")
    assert closed.exists()
    assert not closed.exclude(events__kind=SR.EventKind.APPROVED).exists()
    assert not closed.exclude(events__evidence__isnull=False).exists()
    assert not closed.filter(closed_on__gt=today).exists()
    public = DisclosureItem.objects.filter(state__in=[DR.State.PUBLISHED, DR.State.ARCHIVED])
    assert public.exists() and not public.filter(Q(reviewed_at__isnull=True) | Q(approved_at__isnull=True)).exists()
