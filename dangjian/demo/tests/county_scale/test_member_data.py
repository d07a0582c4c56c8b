"""The county scale's member records and their five years of history are what the services
would have written: every date obeys the rules of dangjian.members.rules (checked here through
the same functions the services use), every member on the roll has exactly one open membership
and nobody else has one, every transfer has both halves, and the record's fields have the shares
a school system shows; with the scale's counts, shapes and ID numbers. (The school scale's quiet
history for the personas: ../school_scale/test_member_data.py.)"""

import datetime
from collections import Counter, defaultdict

import pytest
from django.db.models import Count
from django.utils import timezone

from dangjian.core.pinyin import name_initials, name_pinyin
from dangjian.core.validators import mask_phone, parse_id_number, validate_mobile
from dangjian.demo.tests.seeding import assert_valid_tree
from dangjian.members.models import (
    ACTIVE_STANDINGS,
    EventKind,
    Job,
    LeaveKind,
    Member,
    MemberEvent,
    Membership,
    MemberStatus,
    Standing,
    Transfer,
    TransferState,
)
from dangjian.members.rules import (
    EXTENSION_MAX_MONTHS,
    EXTENSION_MIN_MONTHS,
    MIN_AGE_AT_ADMISSION,
    PROBATION_MONTHS,
    TRANSFER_LETTER_VALID_DAYS,
    add_months,
)
from dangjian.members.services import probation_ends
from dangjian.orgs import selectors
from dangjian.orgs.models import OrgKind, Ownership, PartyOrg, Position, School
from dangjian.orgs.rules import JOINT_BRANCH_MAX_SCHOOLS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine_neutral("the county scale is the school scale's generator at a larger size: the school scale is "
                               "seeded and checked on PostgreSQL, and so is the decisions' bulk path "
                               "(test_decisions_demo)"),
]

ENDINGS = {EventKind.LEFT: Standing.LEFT, EventKind.DECEASED: Standing.DECEASED,
           EventKind.PROBATION_CANCELLED: Standing.LEFT}


def timelines() -> dict[int, list[MemberEvent]]:
    lines = defaultdict(list)
    for event in MemberEvent.objects.order_by("member_id", "occurred_on", "id"):
        lines[event.member_id].append(event)
    return lines


def periods() -> dict[int, list[Membership]]:
    result = defaultdict(list)
    for period in Membership.objects.order_by("member_id", "started_on", "id"):
        result[period.member_id].append(period)
    return result


def test_county_history_obeys_the_membership_rules():
    today = timezone.localdate()
    members = {m.pk: m for m in Member.objects.all()}
    lines, spans = timelines(), periods()

    for member in members.values():
        events, own = lines[member.pk], spans[member.pk]
        assert events, member.name
        assert add_months(member.birth_date, 12 * MIN_AGE_AT_ADMISSION) <= member.joined_on <= today
        # Dates on the timeline: never after today, never before 入党日期.
        assert all(member.joined_on <= e.occurred_on <= today for e in events), member.name
        # Membership periods: the first starts at 入党日期, they follow each other without overlap.
        assert own[0].started_on == member.joined_on
        for earlier, later in zip(own, own[1:], strict=False):
            assert earlier.ended_on == later.started_on
        open_periods = [p for p in own if p.ended_on is None]
        if member.standing in ACTIVE_STANDINGS:
            assert [p.org_id for p in open_periods] == [member.org_id], member.name
            assert member.left_on is None
        else:
            assert open_periods == [] and own[-1].ended_on == member.left_on, member.name
            # Nothing after leaving, and leaving is the last line.
            assert events[-1].occurred_on == member.left_on
            assert events[-1].kind in {EventKind.LEFT, EventKind.DECEASED, EventKind.TRANSFER_OUT}

        if member.status == MemberStatus.FULL:
            assert member.probation_extended_to is None
            assert member.confirmed_on >= probation_ends(member), member.name
        else:
            assert member.confirmed_on is None
            assert probation_ends(member) > today  # still running: nobody is overdue for 转正
            if member.probation_extended_to is None:
                assert member.joined_on > add_months(today, -PROBATION_MONTHS), member.name

    confirmed = MemberEvent.objects.filter(kind=EventKind.CONFIRMED)
    assert confirmed.exists()
    for event in confirmed:
        member = members[event.member_id]
        assert event.occurred_on == member.confirmed_on
        assert event.occurred_on >= add_months(member.joined_on, PROBATION_MONTHS)
        assert event.decision_org
    for event in MemberEvent.objects.filter(kind=EventKind.ADMITTED):
        assert event.occurred_on == members[event.member_id].joined_on


def test_county_history_has_transfers_leavers_extensions_and_flags_that_hang_together():
    today = timezone.localdate()
    members = {m.pk: m for m in Member.objects.all()}
    lines, spans = timelines(), periods()
    kinds = Counter(MemberEvent.objects.values_list("kind", flat=True))

    # Transfers inside the system: both halves on the same day with the same letter, the
    # accepted letter on record, and the membership moving on that day.
    arrivals = MemberEvent.objects.filter(kind=EventKind.TRANSFER_IN)
    assert arrivals.count() >= 10
    for arrival in arrivals:
        departure = MemberEvent.objects.get(member=arrival.member_id, kind=EventKind.TRANSFER_OUT,
                                            occurred_on=arrival.occurred_on)
        assert (departure.org_id, departure.other_org_id) == (arrival.other_org_id, arrival.org_id)
        assert departure.letter_number == arrival.letter_number
        letter = Transfer.objects.get(member=arrival.member_id, state=TransferState.ACCEPTED)
        assert letter.decided_on == arrival.occurred_on and letter.letter_number == arrival.letter_number
        assert letter.requested_on <= letter.decided_on <= letter.valid_until
        assert letter.valid_until == letter.requested_on + datetime.timedelta(days=TRANSFER_LETTER_VALID_DAYS)
        own = spans[arrival.member_id]
        assert [(p.org_id, p.ended_on) for p in own] == [(arrival.other_org_id, arrival.occurred_on),
                                                         (arrival.org_id, None)]
        assert members[arrival.member_id].org_id == arrival.org_id
        # Both schools are county schools, and they are different schools.
        county, school = 2 * PartyOrg.steplen, 3 * PartyOrg.steplen
        assert arrival.org.path[:county] == arrival.other_org.path[:county]
        assert arrival.org.path[:school] != arrival.other_org.path[:school]

    # Pending letters: still valid, from where the member is now, one per member at most.
    pending = Transfer.objects.filter(state=TransferState.PENDING)
    assert pending.exists()
    for letter in pending:
        assert letter.valid_until >= today and letter.member.org_id == letter.from_org_id and letter.member.is_active

    # Leaving: 出党 with its way and approving organization; 去世; moved to an organization
    # outside the system with the letter. Standing and dates follow.
    leavers = Member.objects.exclude(standing__in=ACTIVE_STANDINGS)
    assert leavers.exists() and leavers.count() < len(members) * 0.02
    for event in MemberEvent.objects.filter(kind=EventKind.LEFT):
        assert event.decision_org and event.detail["leave_kind"] in LeaveKind.values
        assert members[event.member_id].standing == Standing.LEFT
    for event in MemberEvent.objects.filter(kind=EventKind.DECEASED):
        assert members[event.member_id].standing == Standing.DECEASED
    outside = MemberEvent.objects.filter(kind=EventKind.TRANSFER_OUT, other_org__isnull=True)
    for event in outside:
        assert event.other_org_name and event.letter_number
        assert members[event.member_id].standing == Standing.TRANSFERRED_OUT
    assert kinds[EventKind.TRANSFER_OUT] == kinds[EventKind.TRANSFER_IN] + outside.count()

    # 延长预备期: one, 6–12 months from the end of the first year, still running.
    extended = Member.objects.exclude(probation_extended_to=None)
    assert 1 <= extended.count() <= 2 and kinds[EventKind.PROBATION_EXTENDED] == extended.count()
    for member in extended:
        first_year = add_months(member.joined_on, PROBATION_MONTHS)
        assert add_months(first_year, EXTENSION_MIN_MONTHS) <= member.probation_extended_to
        assert member.probation_extended_to <= add_months(first_year, EXTENSION_MAX_MONTHS)
        assert member.status == MemberStatus.PROBATIONARY and member.probation_extended_to > today
        line = MemberEvent.objects.get(member=member, kind=EventKind.PROBATION_EXTENDED)
        assert line.occurred_on == first_year and line.detail["until"] == member.probation_extended_to.isoformat()

    # Moves between party groups end in the member's present group, a group of her branch.
    for event in MemberEvent.objects.filter(kind=EventKind.GROUP_CHANGED).select_related("member__group"):
        group = event.member.group
        assert group is not None and event.detail["to"] == group.name and event.detail["from"] != group.name
        assert group.kind == OrgKind.GROUP and group.path.startswith(event.member.org.path)

    # Flags have the events behind them.
    for member in Member.objects.filter(lost_contact=True):
        assert any(e.kind == EventKind.LOST_CONTACT for e in lines[member.pk])
    for member in Member.objects.filter(is_mobile=True):
        assert any(e.kind == EventKind.MOBILE_REGISTERED for e in lines[member.pk])

    # Five years of admissions, every year of them.
    admitted = Counter(e.occurred_on.year for e in MemberEvent.objects.filter(kind=EventKind.ADMITTED))
    first = add_months(today, -60)
    assert all(admitted[year] > 0 for year in range(first.year + 1, today.year + 1)), admitted

    # Whoever holds a post is on the roll.
    holders = Position.objects.filter(member__isnull=False, ended_on__isnull=True)
    assert not holders.exclude(member__standing__in=ACTIVE_STANDINGS).exists()


def test_county_records_have_the_shares_of_a_school_system():
    members = list(Member.objects.all())
    total = len(members)

    retired = [m for m in members if m.job == Job.RETIRED]
    assert 0.10 <= len(retired) / total <= 0.20
    assert all(m.birth_date < datetime.date(1966, 1, 1) for m in retired)
    assert all(m.birth_date >= datetime.date(1965, 1, 1) for m in members if m.job != Job.RETIRED)

    ethnicities = Counter(m.ethnicity for m in members)
    assert 0.70 <= ethnicities["汉族"] / total <= 0.90
    assert ethnicities.most_common(2)[1][0] == "壮族" and len(ethnicities) >= 5

    teachers = [m for m in members if m.job == Job.TEACHER]
    graduates = sum(m.education in ("bachelor", "postgraduate") for m in teachers)
    assert graduates / len(teachers) >= 0.75
    titles = Counter(m.title for m in teachers)
    assert {"正高级教师", "高级教师", "一级教师", "二级教师"} <= set(titles)
    assert titles["正高级教师"] / len(teachers) <= 0.05
    assert 0.7 <= sum(m.job == Job.TEACHER for m in members if m.job != Job.RETIRED) / (total - len(retired)) <= 0.9

    phones = [m.get_phone() for m in members]
    assert sum(bool(p) for p in phones) / total >= 0.9
    assert len({p for p in phones if p}) == sum(bool(p) for p in phones)
    for member, phone in zip(members, phones, strict=True):
        if phone:
            assert validate_mobile(phone) == phone and member.phone_masked == mask_phone(phone)
        assert member.name_pinyin == name_pinyin(member.name) and member.name_initials == name_initials(member.name)

    for flag in ("lost_contact", "is_mobile", "in_hardship"):
        flagged = sum(getattr(m, flag) for m in members)
        assert 0 < flagged < total * 0.05, flag
    probationary = [m for m in members if m.status == MemberStatus.PROBATIONARY]
    assert 0.01 <= len(probationary) / total <= 0.05

def test_county_scale_counts_shapes_and_ids():
    county = PartyOrg.objects.get(depth=2)

    schools = School.objects.all()
    assert schools.count() == 150
    assert schools.filter(ownership=Ownership.PUBLIC).count() == 120
    assert 1_400 <= Member.objects.count() <= 1_600
    retirees_share = Member.objects.filter(birth_date__lt=datetime.date(1966, 1, 1)).count() / Member.objects.count()
    assert 0.10 <= retirees_share <= 0.20
    assert Member.objects.filter(status=MemberStatus.PROBATIONARY).exists()
    assert_valid_tree()

    coverage = selectors.coverage_for(county)
    assert coverage.public_rate == 100.0
    assert 85 <= coverage.private_rate < 100
    for school in schools.filter(party_org__isnull=True):
        assert school.ownership == Ownership.PRIVATE and school.no_org_reason

    joint = Counter(School.objects.filter(party_org__kind=OrgKind.JOINT_BRANCH).values_list("party_org", flat=True))
    assert joint and min(joint.values()) >= 2 and max(joint.values()) <= JOINT_BRANCH_MAX_SCHOOLS

    # Every school-level organization has a secretary on record, and some break a rule.
    school_orgs = selectors.school_orgs_within(county)
    findings = selectors.findings_for(school_orgs)
    assert any(findings.values())
    flagged = sum(1 for items in findings.values() if items)
    assert flagged < len(school_orgs) / 4

    seen = set()
    for member in Member.objects.all():
        facts = parse_id_number(member.get_id_number())
        assert facts.birth_date == member.birth_date
        assert facts.gender == member.gender
        seen.add(facts.number)
    assert len(seen) == Member.objects.count()

    # Branches with groups have 10 members or more; groups have members.
    groups = PartyOrg.objects.filter(kind=OrgKind.GROUP).annotate(n=Count("group_members"))
    assert groups.exists() and all(g.n > 0 for g in groups)


