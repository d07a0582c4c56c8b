"""A recruitment step decided at a 支委会 or 支部党员大会 names that meeting's record in
organizational life, or enters it from the step, so the meeting is entered once.

Recruitment and orglife are sibling apps (neither imports the other): the step keeps the record's
number and reads it through dangjian.orgs.meeting_records, which orglife fills. This module sits
in tests/ because it drives both apps."""

import datetime

import pytest
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.orglife.models import Meeting
from dangjian.orglife.services import record_meeting
from dangjian.recruitment.models import StepRecord
from dangjian.recruitment.services import open_file, record_step
from dangjian.recruitment.tests.conftest import APPLIED, BIRTH, on, vote, walk
from dangjian.testing import login, make_id_number

pytestmark = pytest.mark.django_db
d = datetime.date.fromisoformat
ACTIVIST_FACTS = {"opinions": True, "decided_by": "committee_meeting", "occurred_on": "2024-09-01"}


@pytest.fixture
def applicant(world):
    """The recruitment tests' 赵明, applying to branch A on 2023-03-01, on their frozen day."""
    with on(datetime.date(2026, 11, 23)):
        yield open_file(org=world.branch_a, name="赵明", id_number=make_id_number(BIRTH, 700), applied_on=APPLIED)


def committee_meeting(org, day="2024-09-01", kind="committee_meeting"):
    return record_meeting(org, kind=kind, held_on=d(day), topic="研究确定发展对象", place="党员活动室")


def refusal(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


# --- linking an existing record ------------------------------------------------------------

def test_a_step_names_the_committee_meeting_that_decided_it(world, applicant):
    walk(world, applicant, until="06")
    meeting = committee_meeting(world.branch_a)
    step = record_step(applicant, "07", ACTIVIST_FACTS, world.secretary_a, meeting=meeting.pk)
    assert StepRecord.objects.get(pk=step.pk).meeting_record == meeting.pk
    entry = AuditEntry.objects.filter(action="recruitment.step.07").latest("id")
    assert entry.changes["meeting_record"] == meeting.pk and "meeting_created" not in entry.changes
    assert Meeting.objects.count() == 1  # nothing entered twice


@pytest.mark.parametrize(("meeting_of", "says"), [
    (lambda w: committee_meeting(w.branch_a, day="2024-08-30"), "与办理日期 2024-09-01 不一致"),
    (lambda w: committee_meeting(w.branch_a, kind="general_meeting"), "所选记录是支部党员大会，本步骤由支部委员会研究决定"),
    (lambda w: committee_meeting(w.branch_b), "没有找到东城区第一中学党支部的这条会议记录"),
])
def test_a_record_of_another_day_kind_or_branch_is_refused_with_the_rule(world, applicant, meeting_of, says):
    walk(world, applicant, until="06")
    meeting = meeting_of(world)
    refused = refusal(lambda: record_step(applicant, "07", ACTIVIST_FACTS, world.secretary_a, meeting=meeting.pk))
    assert says in refused.message and refused.field == "meeting"
    assert refused.rule.code == "meeting_record" and "第十三条" in refused.rule.citation
    assert not StepRecord.objects.filter(file=applicant, code="07").exists()


def test_a_step_not_decided_at_a_meeting_names_none(world, applicant):
    meeting = committee_meeting(world.branch_a, day="2023-03-20")
    refused = refusal(lambda: record_step(applicant, "02", {"talker": "陈静", "occurred_on": "2023-03-20"},
                                          world.secretary_a, meeting=meeting.pk))
    assert "不是由会议研究决定的步骤" in refused.message


# --- entering the record from the step -----------------------------------------------------

def test_the_general_meeting_is_entered_from_the_step_with_its_resolution(world, applicant):
    walk(world, applicant, until="15", skip_last=True)
    step = record_step(applicant, "15", {"vote": vote(), "occurred_on": "2024-12-20"}, world.secretary_a,
                       new_meeting_place="学校会议室")
    meeting = Meeting.objects.get(pk=step.meeting_record)
    assert (meeting.org, meeting.kind, meeting.held_on, meeting.place) == (world.branch_a, "general_meeting",
                                                                           d("2024-12-20"), "学校会议室")
    assert meeting.topic == "支部大会讨论（赵明）"
    assert "支部大会讨论：赵明" in meeting.resolutions and "赞成 8" in meeting.resolutions
    assert meeting.created_by == world.secretary_a
    assert AuditEntry.objects.filter(action="orglife.meeting_create", object_id=str(meeting.pk)).exists()
    assert AuditEntry.objects.filter(action="recruitment.step.15").latest("id").changes["meeting_created"] is True


def test_a_new_record_needs_its_place(world, applicant):
    walk(world, applicant, until="06")
    refused = refusal(lambda: record_step(applicant, "07", ACTIVIST_FACTS, world.secretary_a, new_meeting_place=" "))
    assert refused.field == "meeting_place" and "会议地点" in refused.message
    assert not Meeting.objects.exists()


def test_a_refused_step_enters_no_meeting(world, applicant):
    walk(world, applicant, until="06")
    too_early = {**ACTIVIST_FACTS, "occurred_on": "2024-08-31"}  # a day short of a year as activist
    refusal(lambda: record_step(applicant, "07", too_early, world.secretary_a, new_meeting_place="党员活动室"))
    assert not Meeting.objects.exists()


def test_the_book_enters_records_through_organizational_lifes_own_rules(world):
    """The county's education committee holds no 支部党员大会: orglife refuses, naming its field."""
    from dangjian.orgs.meeting_records import meeting_book

    with pytest.raises(RuleViolation) as caught:
        meeting_book().create(world.county_a, kind="general_meeting", held_on=d("2024-09-01"), topic="t", place="p",
                              resolutions="", acting_user=None)
    assert caught.value.field == "kind"


# --- the pages and the API -------------------------------------------------------------------

def test_the_step_form_offers_the_branchs_meetings_and_a_new_one(client, world, applicant):
    walk(world, applicant, until="06")
    meeting = committee_meeting(world.branch_a)
    committee_meeting(world.branch_b)
    login(client, world.secretary_a)
    form = client.get(reverse("recruitment:file", args=[applicant.pk]) + "?step=07").context["form"]
    choices = dict(form.fields["meeting"].choices)
    assert choices == {"": "不关联会议记录", "new": "根据本步骤新建会议记录（日期、会议类型取本步骤）",
                       str(meeting.pk): "2024-09-01 支委会：研究确定发展对象"}


def test_the_secretary_links_the_step_on_the_page_and_the_timeline_links_to_the_meeting(client, world, applicant):
    walk(world, applicant, until="06")
    meeting = committee_meeting(world.branch_a)
    login(client, world.secretary_a)
    response = client.post(reverse("recruitment:record", args=[applicant.pk]), {
        "step": "07", "occurred_on": "2024-09-01", "opinions": "on", "decided_by": "committee_meeting",
        "meeting": str(meeting.pk)})
    assert response.status_code == 302
    page = client.get(reverse("recruitment:file", args=[applicant.pk])).content.decode()
    link = reverse("orglife:detail", args=[meeting.pk])
    assert f'会议记录：<a href="{link}">2024-09-01 支委会：研究确定发展对象</a>' in page


def test_a_refusal_on_the_page_lands_next_to_the_meeting_field(client, world, applicant):
    walk(world, applicant, until="06")
    meeting = committee_meeting(world.branch_a, day="2024-08-30")
    login(client, world.secretary_a)
    response = client.post(reverse("recruitment:record", args=[applicant.pk]), {
        "step": "07", "occurred_on": "2024-09-01", "opinions": "on", "decided_by": "committee_meeting",
        "meeting": str(meeting.pk)})
    assert response.status_code == 422
    assert "与办理日期 2024-09-01 不一致" in str(response.context["form"].errors["meeting"])


def test_the_api_records_a_step_with_a_new_meeting_and_returns_its_number(client, world, applicant):
    walk(world, applicant, until="06")
    login(client, world.secretary_a)
    response = client.post(f"/api/v1/recruitment/files/{applicant.pk}/steps", {
        "step": "07", "date": "2024-09-01", "opinions": True, "decided_by": "committee_meeting",
        "new_meeting_place": "党员活动室"}, content_type="application/json")
    assert response.status_code == 201, response.content
    number = response.json()["meeting_record"]
    assert Meeting.objects.get(pk=number).kind == "committee_meeting"
