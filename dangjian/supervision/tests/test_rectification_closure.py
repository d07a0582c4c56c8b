"""From progress to 销号: school A reports progress with evidence and asks for 销号; only the county
that raised the item (or the city above it) approves or returns it; a closed item takes no more
reports; an item past its deadline goes to its owner, and after the escalation days to the county."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.models import AuditEntry, Notification
from dangjian.supervision.models import Evidence, RectificationItem
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.services.rectification import create_rectification_batch
from dangjian.supervision.services.rectification_overdue import escalation_days, send_overdue_reminders, set_escalation
from dangjian.supervision.tests.rectification_helpers import (
    TODAY,
    evidence,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
    item,
    refused,
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def first(world):
    return inspection_batch(world).items.get(number=1)


def requested(world, first):
    flow.report_progress(first, progress=60, text="已制定年度发展计划", files=[evidence()], acting_user=world.secretary_a)
    flow.request_closure(first, text="计划已按季度对照检查", acting_user=world.secretary_a)
    first.refresh_from_db()
    return first


def test_the_secretary_reports_progress_with_evidence(world, first):
    event = flow.report_progress(first, progress=60, text="已制定年度发展计划", files=[evidence()],
                                 acting_user=world.secretary_a)
    first.refresh_from_db()

    assert (first.state, first.progress) == (R.ItemState.IN_PROGRESS, 60)
    stored = Evidence.objects.get(event=event)
    assert stored.file_kind == "png" and stored.name == "整改照片.png"
    assert AuditEntry.objects.filter(action="rectification.progress", actor=world.secretary_a).exists()


def test_a_progress_report_is_a_percentage_with_words(world, first):
    assert refused(lambda: flow.report_progress(first, progress=101, text="x", acting_user=world.secretary_a)).rule == R.R_PROGRESS
    assert refused(lambda: flow.report_progress(first, progress=50, text=" ", acting_user=world.secretary_a)).rule == R.R_PROGRESS
    flow.report_progress(first, progress=100, text="完成", acting_user=world.secretary_a)  # 100 is allowed


def test_a_file_that_is_not_evidence_refuses_the_report_and_stores_nothing(world, first, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("宏.xlsm", b"not a workbook at all")
    violation = refused(lambda: flow.report_progress(first, progress=30, text="进展", files=[evidence(), bad],
                                                     acting_user=world.secretary_a))

    assert violation.code == "bad_file"
    first.refresh_from_db()
    assert first.state == R.ItemState.OPEN and not first.events.filter(kind="progress").exists()
    assert not list(tmp_path.rglob("*.png"))


def test_asking_for_closure_needs_evidence_on_the_item(world, first):
    flow.report_progress(first, progress=90, text="基本完成", acting_user=world.secretary_a)

    violation = refused(lambda: flow.request_closure(first, text="已完成", acting_user=world.secretary_a))

    assert violation.rule == R.R_EVIDENCE
    flow.request_closure(first, text="已完成", files=[evidence()], acting_user=world.secretary_a)
    first.refresh_from_db()
    assert (first.state, first.progress, first.requested_on) == (R.ItemState.REQUESTED, 100, TODAY)


def test_the_school_cannot_close_an_item_raised_by_the_county(world, first):
    first = requested(world, first)

    with pytest.raises(PermissionDenied) as caught:
        flow.approve_closure(first, acting_user=world.secretary_a)

    assert str(R.R_CLOSE_BY_ISSUER) in str(caught.value)
    first.refresh_from_db()
    assert first.state == R.ItemState.REQUESTED


def test_the_county_approves_the_closure(world, first):
    first = requested(world, first)

    flow.approve_closure(first, note="材料齐全，同意销号", acting_user=world.county_admin)
    first.refresh_from_db()

    assert (first.state, first.closed_on) == (R.ItemState.CLOSED, TODAY)
    assert AuditEntry.objects.filter(action="rectification.approve", actor=world.county_admin).exists()


def test_the_city_above_the_county_may_decide_another_county_may_not(world, first):
    first = requested(world, first)
    with pytest.raises(PermissionDenied):
        flow.approve_closure(first, acting_user=world.county_b_admin)

    flow.approve_closure(first, acting_user=world.city_admin)
    first.refresh_from_db()
    assert first.state == R.ItemState.CLOSED


def test_the_county_returns_a_request_with_its_reason_and_the_school_works_on(world, first):
    first = requested(world, first)

    assert refused(lambda: flow.return_closure(first, reason="", acting_user=world.county_admin)).rule == R.R_RETURN_REASON
    flow.return_closure(first, reason="缺少第三季度对照检查记录", acting_user=world.county_admin)
    first.refresh_from_db()
    assert (first.state, first.requested_on) == (R.ItemState.RETURNED, None)

    flow.report_progress(first, progress=95, text="补充第三季度记录", acting_user=world.secretary_a)
    flow.request_closure(first, text="已补充", acting_user=world.secretary_a)  # earlier evidence counts
    first.refresh_from_db()
    assert first.state == R.ItemState.REQUESTED


def test_a_progress_report_on_a_closed_item_is_refused_naming_the_rule(world, first):
    first = requested(world, first)
    flow.approve_closure(first, acting_user=world.county_admin)

    violation = refused(lambda: flow.report_progress(first, progress=100, text="补充", acting_user=world.secretary_a))

    assert violation.rule == R.R_CLOSED_FINAL and violation.code == "closed"


def test_no_decision_on_an_item_that_did_not_ask_and_no_report_while_one_waits(world, first):
    assert refused(lambda: flow.approve_closure(first, acting_user=world.county_admin)).rule == R.R_STATE
    first = requested(world, first)
    assert refused(lambda: flow.report_progress(first, progress=100, text="再报", acting_user=world.secretary_a)).rule == R.R_STATE
    assert refused(lambda: flow.request_closure(first, text="再申请", acting_user=world.secretary_a)).code == "duplicate"


def test_another_school_cannot_work_on_school_as_item(world, first):
    with pytest.raises(PermissionDenied):
        flow.report_progress(first, progress=10, text="x", acting_user=world.secretary_b)


def test_the_principal_as_owner_may_report_on_his_own_item(world):
    batch = inspection_batch(world, items=[item("校务公开栏更新不及时", owner="周校长")])
    own = batch.items.get()
    assert own.owner == world.principal_a

    flow.report_progress(own, progress=50, text="已更新公开栏", acting_user=world.principal_a)
    other = inspection_batch(world, items=[item()], reference="东教巡反〔2026〕4号").items.get()
    with pytest.raises(PermissionDenied):
        flow.report_progress(other, progress=50, text="x", acting_user=world.principal_a)


# --- overdue and escalation ----------------------------------------------------------------------

def overdue_item(world, days_late: int) -> RectificationItem:
    deadline = TODAY - datetime.timedelta(days=days_late)
    return inspection_batch(world, items=[item(deadline=deadline.isoformat())]).items.get()


def test_an_item_is_overdue_from_the_day_after_its_deadline(world):
    assert not R.is_overdue("open", TODAY, TODAY)
    assert R.is_overdue("open", TODAY - datetime.timedelta(days=1), TODAY)
    assert not R.is_overdue("requested", TODAY - datetime.timedelta(days=9), TODAY)
    assert R.status_of("in_progress", TODAY - datetime.timedelta(days=3), TODAY) == ("danger", "逾期 3 天")


def test_the_owner_and_the_secretary_hear_of_an_overdue_item_once(world):
    late = overdue_item(world, 1)

    first_run, second_run = send_overdue_reminders(TODAY), send_overdue_reminders(TODAY)

    assert (first_run.overdue, first_run.reminded, first_run.escalated) == (1, 1, 0)  # owner == secretary: one
    assert second_run.reminded == 0
    assert Notification.objects.get(user=world.secretary_a).level == "danger"
    late.refresh_from_db()
    assert late.escalated_on is None


def test_after_the_escalation_days_the_item_goes_to_the_county(world):
    almost, due = overdue_item(world, R.ESCALATE_AFTER_DAYS - 1), overdue_item(world, R.ESCALATE_AFTER_DAYS)

    run = send_overdue_reminders(TODAY)

    assert run.escalated == 1
    almost.refresh_from_db(), due.refresh_from_db()
    assert almost.escalated_on is None and due.escalated_on == TODAY
    assert due.events.filter(kind="escalated").count() == 1
    assert Notification.objects.filter(user=world.county_admin, key=f"rectification:escalated:{due.pk}").exists()
    assert send_overdue_reminders(TODAY).escalated == 0


def test_a_county_may_set_fewer_escalation_days_with_its_document_never_more(world):
    wider = refused(lambda: set_escalation(world.county_a, days=45, citation="东教党〔2026〕9号", effective_on="2026-11-01",
                                           acting_user=world.county_admin))
    assert wider.rule == R.R_ESCALATE_SETTING
    assert refused(lambda: set_escalation(world.county_a, days=15, citation="", effective_on="2026-11-01",
                                          acting_user=world.county_admin)).field == "citation"
    with pytest.raises(PermissionDenied):
        set_escalation(world.branch_a, days=10, citation="x", effective_on="2026-11-01", acting_user=world.secretary_a)

    set_escalation(world.county_a, days=15, citation="东教党〔2026〕9号", effective_on="2026-11-01",
                   acting_user=world.county_admin)

    assert escalation_days(world.branch_a.path, TODAY) == (15, "东城区教育党工委：东教党〔2026〕9号")
    assert escalation_days(world.branch_c1.path, TODAY)[0] == R.ESCALATE_AFTER_DAYS
    late = overdue_item(world, 15)
    send_overdue_reminders(TODAY)
    late.refresh_from_db()
    assert late.escalated_on == TODAY


def test_a_self_check_item_is_closed_by_the_county_above_the_school(world):
    batch = create_rectification_batch(world.branch_a, source="self_check", issued_on="2026-10-08",
                                       items=[item()], acting_user=world.secretary_a, today=TODAY)
    own = requested(world, batch.items.get())

    with pytest.raises(PermissionDenied):
        flow.approve_closure(own, acting_user=world.secretary_a)
    flow.approve_closure(own, acting_user=world.county_admin)


def test_the_daily_job_reminds_escalates_and_archives(world):
    from dangjian.supervision.tasks import rectification_reminders

    overdue_item(world, R.ESCALATE_AFTER_DAYS)

    assert rectification_reminders.call_local() == {"overdue": 1, "reminded": 1, "escalated": 1, "archived": 0}
    assert rectification_reminders.call_local() == {"overdue": 1, "reminded": 0, "escalated": 0, "archived": 0}
