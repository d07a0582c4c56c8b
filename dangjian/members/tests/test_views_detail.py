"""A member's page: the masked record, status words, probation end, positions and the timeline;
the edit and event forms go through the services, and a refused event shows its rule with
nothing saved; revealing the full numbers needs the permission and a reason, and is audited."""

import datetime

import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.members.models import EventKind, Member, MemberEvent, MemberStatus, Standing
from dangjian.testing import login

pytestmark = pytest.mark.django_db


def page(client, user, member):
    login(client, user)
    return client.get(reverse("members:detail", args=[member.pk]))


def post_event(client, user, member, **fields):
    login(client, user)
    data = {f"event-{k}": v for k, v in fields.items()}
    return client.post(reverse("members:record_event", args=[member.pk]), data)


def test_the_secretary_sees_the_masked_record_positions_and_timeline(client, world):
    response = page(client, world.secretary_a, world.m_secretary_a)
    html = response.content.decode()
    assert world.m_secretary_a.id_number_masked in html and world.m_secretary_a.get_id_number() not in html
    assert "东城区第一中学党支部 书记" in html and "第一党小组" in html
    assert [e.kind for e in response.context["events"]] == [EventKind.RECORD_CREATED]
    assert response.context["can_edit"] and response.context["can_reveal"]


def test_a_probationary_member_shows_the_end_of_probation(client, world):
    response = page(client, world.secretary_a, world.m_probationary_a)
    probation = response.context["badges"]["probation"]
    assert probation["ends"] == datetime.date(2027, 6, 1)
    assert "预备期满" in response.content.decode() and "2027年6月1日" in response.content.decode()


@pytest.mark.parametrize("persona", ["secretary_b", "principal_a"])
def test_a_member_of_another_school_is_not_found(client, world, persona):
    assert page(client, world.personas[persona], world.m_member_a).status_code == 404


def test_the_county_admin_sees_the_member_and_a_committee_member_sees_no_forms_without_edit(client, world):
    assert page(client, world.county_admin, world.m_member_a).status_code == 200
    # member_a has no post: their own record is visible, read-only.
    response = page(client, world.member_a, world.m_member_a)
    assert response.status_code == 200 and "event_form" not in response.context
    assert page(client, world.member_a, world.m_secretary_a).status_code == 404


def test_recording_a_valid_event_adds_it_at_the_end_of_the_timeline(client, world):
    response = post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.LOST_CONTACT,
                          occurred_on="2025-05-06", reason="多次联系未果")
    assert response.status_code == 302
    member = Member.objects.get(pk=world.m_member_a.pk)
    assert member.lost_contact
    events = page(client, world.secretary_a, member).context["events"]
    assert events[-1].kind == EventKind.LOST_CONTACT and events[-1].facts == [("原因 / 说明", "多次联系未果")]


def test_confirming_a_full_member_is_refused_with_the_rule_and_nothing_is_saved(client, world):
    before = MemberEvent.objects.count()
    response = post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.CONFIRMED,
                          occurred_on="2025-05-06")
    assert response.status_code == 200
    errors = response.context["event_form"].errors["kind"]
    assert "不是预备党员" in errors[0] and "《中国共产党章程》第七条" in errors[0]
    assert "依据" in response.content.decode()
    assert MemberEvent.objects.count() == before


def test_confirming_before_the_year_is_out_names_the_date_and_the_rule(client, world):
    response = post_event(client, world.secretary_a, world.m_probationary_a, kind=EventKind.CONFIRMED,
                          occurred_on=datetime.date.today().isoformat())
    message = response.context["event_form"].errors["occurred_on"][0]
    assert "不能提前转正" in message and "第七条" in message
    assert Member.objects.get(pk=world.m_probationary_a.pk).status == MemberStatus.PROBATIONARY


def test_an_extension_passes_its_months_and_a_group_change_its_group(client, world):
    post_event(client, world.org_member_a, world.m_probationary_a, kind=EventKind.PROBATION_EXTENDED,
               occurred_on=datetime.date.today().isoformat(), months="6", decision_org="东城区教育党工委")
    member = Member.objects.get(pk=world.m_probationary_a.pk)
    assert member.probation_extended_to == datetime.date(2027, 12, 1)
    post_event(client, world.org_member_a, member, kind=EventKind.GROUP_CHANGED, occurred_on=datetime.date.today(),
               group=str(world.group_a1.pk))
    assert Member.objects.get(pk=member.pk).group == world.group_a1
    facts = page(client, world.secretary_a, member).context["events"][-1].facts
    assert ("党小组", "第二党小组 → 第一党小组") in facts


def test_an_extension_of_three_months_is_refused_next_to_the_months(client, world):
    response = post_event(client, world.secretary_a, world.m_probationary_a, kind=EventKind.PROBATION_EXTENDED,
                          occurred_on=datetime.date.today().isoformat(), months="3")
    assert "6 至 12 个月" in response.context["event_form"].errors["months"][0]


def test_a_group_of_another_branch_is_not_offered(client, world):
    response = post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.GROUP_CHANGED,
                          occurred_on="2025-07-01", group="999999")
    assert response.status_code == 200 and "group" in response.context["event_form"].errors


def test_leaving_needs_the_way_and_the_approving_organization(client, world):
    response = post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.LEFT, occurred_on="2025-07-01")
    assert "批准组织" in response.context["event_form"].errors["decision_org"][0]
    post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.LEFT, occurred_on="2025-07-01",
               leave_kind="withdrew", decision_org="东城区教育党工委")
    member = Member.objects.get(pk=world.m_member_a.pk)
    assert member.standing == Standing.LEFT
    response = page(client, world.secretary_a, member)
    assert "event_form" not in response.context and "不再登记变更事项" in response.content.decode()


def test_a_future_date_is_refused(client, world):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = post_event(client, world.secretary_a, world.m_member_a, kind=EventKind.LOST_CONTACT,
                          occurred_on=tomorrow)
    assert "晚于今天" in response.context["event_form"].errors["occurred_on"][0]


@pytest.mark.parametrize("persona", ["member_a", "principal_a"])
def test_recording_without_the_edit_permission_is_forbidden_or_not_found(client, world, persona):
    response = post_event(client, world.personas[persona], world.m_member_a, kind=EventKind.LOST_CONTACT,
                          occurred_on="2025-01-01")
    assert response.status_code == (403 if persona == "member_a" else 404)


def test_editing_the_record_goes_through_the_service_and_keeps_the_phone_unless_typed(client, world):
    member = world.m_member_a
    login(client, world.secretary_a)
    url = reverse("members:edit", args=[member.pk])
    data = {"name": "杨帆", "ethnicity": "回族", "education": "bachelor", "job": "teacher", "title": "一级教师",
            "reason": "核对档案"}
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.ethnicity, member.title) == ("回族", "一级教师")
    assert member.events.last().kind == EventKind.RECORD_UPDATED
    response = client.post(url, {**data, "phone": "12345"})
    assert "手机号码应为 11 位数字" in response.context["edit_form"].errors["phone"][0]
    client.post(url, {**data, "phone": "13912345678"})
    member.refresh_from_db()
    assert member.get_phone() == "13912345678" and member.phone_masked == "139****5678"


def test_the_edit_form_is_forbidden_to_a_member_and_get_is_not_allowed(client, world):
    login(client, world.member_a)
    assert client.post(reverse("members:edit", args=[world.m_member_a.pk]), {"name": "x"}).status_code == 403
    login(client, world.secretary_a)
    assert client.get(reverse("members:edit", args=[world.m_member_a.pk])).status_code == 405


def test_revealing_needs_a_reason_shows_the_numbers_once_and_is_audited(client, world):
    member = world.m_member_a
    login(client, world.secretary_a)
    url = reverse("members:reveal", args=[member.pk])
    assert member.get_id_number() not in client.get(url).content.decode()
    short = client.post(url, {"reason": "看"})
    assert "至少 4 个字" in short.content.decode() and member.get_id_number() not in short.content.decode()
    response = client.post(url, {"reason": "办理组织关系转接核对身份"})
    assert member.get_id_number() in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.filter(action="member.reveal").latest("id")
    assert entry.reason == "办理组织关系转接核对身份"
    assert member.get_id_number() not in str(entry.changes)


@pytest.mark.parametrize("persona,status", [("org_member_a", 200), ("county_admin", 200), ("member_a", 403),
                                             ("secretary_b", 404), ("principal_a", 404)])
def test_who_may_reveal(client, world, persona, status):
    login(client, world.personas[persona])
    assert client.get(reverse("members:reveal", args=[world.m_member_a.pk])).status_code == status
