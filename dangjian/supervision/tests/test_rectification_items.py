"""Putting problems on the ledger: the county's 巡察 feedback for school A, a school's own
self-check, and the service other modules call — each item with an owner and a deadline, the
batch written whole or not at all, an origin never doubled."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.models import AuditEntry
from dangjian.supervision.models import ItemEvent, RectificationBatch, RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services.rectification import create_rectification_batch, create_rectification_item
from dangjian.supervision.tests.rectification_helpers import (
    FEEDBACK_DAY,
    TODAY,
    d,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
    item,
    refused,
)

pytestmark = pytest.mark.usefixtures("frozen")


def test_the_county_puts_its_inspection_feedback_on_school_as_ledger(world):
    batch = inspection_batch(world)

    assert batch.issuer == world.county_a and batch.org == world.branch_a
    assert batch.title == "2026年东城区教育党工委巡察反馈问题整改"
    assert [(i.number, i.owner_name, i.state) for i in batch.items.all()] == [(1, "张伟", "open"), (2, "陈静", "open")]
    assert ItemEvent.objects.filter(item__batch=batch, kind="created").count() == 2
    assert AuditEntry.objects.filter(action="rectification.item_create", actor=world.county_admin).count() == 2


def test_owners_with_accounts_are_linked_by_name_and_others_keep_their_name(world):
    batch = inspection_batch(world, items=[item(owner="张伟"), item("食堂采购台账不全", owner="总务处王主任")])
    first, second = batch.items.all()

    assert first.owner == world.secretary_a and first.leader == world.secretary_a
    assert second.owner is None and second.owner_name == "总务处王主任"


def test_the_inspection_report_is_due_two_months_after_the_feedback(world):
    assert inspection_batch(world).report_due == datetime.date(2026, 11, 10)
    assert R.report_due("inspection", datetime.date(2026, 12, 31)) == datetime.date(2027, 2, 28)
    assert R.report_due("self_check", FEEDBACK_DAY) is None


def test_an_item_without_an_owner_is_refused_naming_the_rule_and_nothing_is_written(world):
    violation = refused(lambda: inspection_batch(world, items=[item(), item("党费公示不及时", owner="")]))

    assert violation.rule == R.R_OWNER and violation.index == 1
    assert violation.message == "第 2 项：每项整改任务须明确责任人"
    assert not RectificationBatch.objects.exists()


def test_an_item_without_a_deadline_or_with_one_before_the_feedback_is_refused(world):
    assert refused(lambda: inspection_batch(world, items=[item(deadline="")])).rule == R.R_DEADLINE
    early = refused(lambda: inspection_batch(world, items=[item(deadline="2026-09-09")]))
    assert early.rule == R.R_DEADLINE and "早于问题反馈日期" in early.message
    # the feedback day itself is allowed (the boundary)
    assert inspection_batch(world, items=[item(deadline="2026-09-10")]).items.get().deadline == FEEDBACK_DAY


def test_a_school_cannot_issue_an_inspection_batch_to_itself(world):
    with pytest.raises(PermissionDenied):
        inspection_batch(world, by=world.secretary_a)
    wrong_issuer = refused(lambda: inspection_batch(world, issuer=world.branch_a, by=world.secretary_a))
    assert wrong_issuer.rule == R.R_ISSUER


def test_another_county_cannot_issue_to_school_a(world):
    with pytest.raises(PermissionDenied):
        inspection_batch(world, by=world.county_b_admin)


def test_the_school_lists_its_own_self_check_problems(world):
    batch = create_rectification_batch(world.branch_a, source="self_check", issued_on="2026-10-08",
                                       items=[item(deadline="2027-01-31")], acting_user=world.secretary_a, today=TODAY)

    assert batch.issuer == world.branch_a and batch.title == "2026年东城区第一中学党支部自查反馈问题整改"
    assert refused(lambda: create_rectification_batch(world.branch_a, source="self_check", issued_on="2026-10-08",
                                                      issuer=world.county_a, items=[item()],
                                                      acting_user=world.county_admin, today=TODAY)).rule == R.R_ISSUER


def test_the_same_origin_twice_gives_back_the_first_batch(world):
    def send():
        return create_rectification_batch(world.branch_a, source="life_meeting", issued_on="2026-11-20",
                                          items=[item(deadline="2027-03-31")], origin="orglife.meeting:7",
                                          acting_user=world.secretary_a, today=TODAY)

    first, second = send(), send()

    assert first.pk == second.pk and RectificationItem.objects.count() == 1
    other = refused(lambda: create_rectification_batch(world.branch_b, source="life_meeting", issued_on="2026-11-20",
                                                       items=[item()], origin="orglife.meeting:7",
                                                       acting_user=world.secretary_b, today=TODAY))
    assert other.code == "idempotency_conflict"


def test_another_module_adds_an_item_to_a_batch_once(world):
    batch = inspection_batch(world)

    def add():
        return create_rectification_item(batch, problem="评星扣分：党建阵地建设不达标", owner_name="陈静",
                                         deadline=d("2027-02-28"), origin="appraisal.rating_task:3",
                                         acting_user=world.county_admin, today=TODAY)

    added, again = add(), add()

    assert added.pk == again.pk and added.number == 3 and added.owner == world.org_member_a
    assert batch.items.count() == 3


def test_a_future_feedback_day_and_an_unknown_source_are_refused(world):
    assert refused(lambda: inspection_batch(world, issued_on=TODAY + datetime.timedelta(days=1))).rule == R.R_BATCH
    unknown = refused(lambda: create_rectification_batch(world.branch_a, source="gossip", issued_on=FEEDBACK_DAY,
                                                         acting_user=world.county_admin, today=TODAY))
    assert unknown.rule == R.R_BATCH and unknown.field == "source"
