"""The pages walked by the people who use them: the principal proposes, the secretary talks it
over and records the meeting and its votes, the principal executes; the county oversees."""

import datetime

from django.urls import reverse

from dangjian.decisions import services
from dangjian.decisions.models import DecisionMeeting, Matter
from dangjian.decisions.rules import State
from dangjian.testing import login

from .conftest import communicated, d, meeting_with


def test_the_principal_proposes_a_matter_and_a_bad_amount_is_refused_next_to_its_field(client, world, frozen):
    login(client, world.principal_a)
    url = reverse("decisions:matter_new")
    form = {"org": world.branch_a.pk, "title": "购置录播设备", "category": "large_expense", "raised_on": "2026-11-20"}
    response = client.post(url, {**form, "amount": "-500"})
    assert response.status_code == 422 and "金额不能为负数" in response.content.decode()
    response = client.post(url, {**form, "amount": "86000"})
    matter = Matter.objects.get(title="购置录播设备")
    assert response.status_code == 302 and matter.is_major and matter.state == State.DRAFT


def test_the_matter_page_shows_its_timeline_and_only_the_next_allowed_steps(client, world, committee):
    matter = communicated(world)
    login(client, world.principal_a)
    page = client.get(reverse("decisions:matter", args=[matter.pk])).content.decode()
    assert "书记与校长酝酿沟通" in page and "校长办公会第12次会议研究" in page
    assert 'id="to-' not in page  # on the agenda only through a meeting the secretary records
    response = client.post(reverse("decisions:transition", args=[matter.pk]),
                           {"to": "executing", "executing-occurred_on": "2026-11-20"})
    assert response.status_code == 302  # not offered: sent back with a message, nothing changed
    matter.refresh_from_db()
    assert matter.state == State.COMMUNICATED


def test_the_secretary_records_the_meeting_and_a_verdict_the_numbers_refuse(client, world, committee):
    matter = communicated(world)
    login(client, world.secretary_a)
    seats = [committee[n].pk for n in ("张伟", "陈静")]
    response = client.post(reverse("decisions:meeting_new") + f"?org={world.branch_a.pk}", {
        "held_on": "2026-10-10", "host_name": "张伟", "present": seats, "matters": [matter.pk],
        "observers": "周校长 校长"})
    meeting = DecisionMeeting.objects.get()
    assert response.status_code == 302 and meeting.quorate is False  # 2 of 6 is less than half
    item = meeting.items.get()
    vote_url = reverse("decisions:vote", args=[meeting.pk])
    response = client.post(vote_url, {"item": item.pk, f"i{item.pk}-verdict": "passed", f"i{item.pk}-votes_for": "2"})
    assert response.status_code == 422


def test_the_principal_may_not_record_votes(client, world, committee):
    matter = communicated(world)
    meeting = meeting_with(world, committee, ["张伟", "陈静", "马强", "胡敏"], [matter])
    login(client, world.principal_a)
    item = meeting.items.get()
    response = client.post(reverse("decisions:vote", args=[meeting.pk]),
                           {"item": item.pk, f"i{item.pk}-verdict": "passed", f"i{item.pk}-votes_for": "4"})
    assert response.status_code == 403
    page = client.get(reverse("decisions:meeting", args=[meeting.pk])).content.decode()
    assert "列席，无表决权" in page and "登记表决结果</button>" not in page


def test_the_minutes_and_the_resolution_are_generated(client, world, committee):
    from dangjian.decisions.services import record_votes

    matter = communicated(world)
    meeting = meeting_with(world, committee, ["张伟", "陈静", "马强", "胡敏"], [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 4, "resolution": "同意改造，预算38万元"}],
                 acting_user=world.secretary_a)
    login(client, world.org_member_a)
    response = client.get(reverse("decisions:document_docx", args=[meeting.pk]) + "?kind=resolution")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    from dangjian.decisions.documents import record

    rec = record(meeting, "resolution")
    assert rec["title"] == "支部委员会会议决议"
    assert any("同意改造，预算38万元" in value for _, value in rec["facts"])


def test_the_county_sees_a_large_expense_without_a_decision(client, world, frozen):
    services.record_expenditure(world.branch_a, paid_on=d("2026-06-01"), amount="48000", purpose="采购空调")
    services.record_expenditure(world.branch_a, paid_on=d("2026-06-02"), amount="800", purpose="办公用品")
    login(client, world.county_admin)
    page = client.get(reverse("decisions:oversight") + f"?org={world.county_a.pk}&year=2026").content.decode()
    assert "东城区第一中学" in page and 'id="total-undecided">1<' in page
    page = client.get(reverse("decisions:oversight_school", args=[world.branch_a.pk]) + "?year=2026").content.decode()
    assert "采购空调" in page and "办公用品" not in page
    assert datetime.date.today()  # the page answered for a committee admin


def test_an_overdue_owner_and_the_secretary_are_reminded_once(world, committee):
    from dangjian.core.models import Notification
    from dangjian.decisions.reminders import send_execution_reminders
    from dangjian.decisions.services import record_votes

    matter = communicated(world)
    meeting = meeting_with(world, committee, ["张伟", "陈静", "马强", "胡敏"], [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 4}], acting_user=world.secretary_a)
    services.transition(matter, State.EXECUTING, occurred_on=d("2026-10-12"), owner=world.org_member_a,
                        facts={"unit": "总务处", "deadline": "2026-11-10"}, acting_user=world.principal_a)
    assert send_execution_reminders(d("2026-11-23")) == 2
    assert send_execution_reminders(d("2026-11-23")) == 0
    assert Notification.objects.filter(user=world.secretary_a, title__startswith="决定事项已逾期").exists()


def test_the_principal_attaches_the_budget_and_a_committee_member_reads_it(client, world, frozen, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.core.tests.files import png

    settings.MEDIA_ROOT = tmp_path
    matter = services.create_matter(world.branch_a, title="食堂改造", category="construction", amount="200000",
                                    acting_user=world.principal_a)
    login(client, world.principal_a)
    url = reverse("decisions:attachment_add", args=[matter.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("预算.txt", b"not a document")})
    assert refused.status_code == 422 and not matter.attachments.exists()
    assert client.post(url, {"file": SimpleUploadedFile("预算表.png", png())}).status_code == 302
    item = matter.attachments.get()
    client.logout()
    login(client, world.org_member_a)
    response = client.get(reverse("decisions:attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.post(url, {"file": SimpleUploadedFile("x.png", png())}).status_code == 403


def test_the_rules_page_shows_who_sits_on_each_body_today(client, world, frozen):
    login(client, world.secretary_a)
    page = client.get(reverse("decisions:rules") + f"?org={world.branch_a.pk}").content.decode()
    assert "张伟（书记）、陈静（组织委员）" in page and "周校长（校长）" in page
    assert "中共中央办公厅《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）（六）" in page

def test_the_county_asks_more_than_half_on_the_rules_page_and_the_school_reads_it(client, world, frozen):
    login(client, world.county_admin)
    url = reverse("decisions:rules") + f"?org={world.county_a.pk}"
    assert "现按<strong>半数以上委员到会</strong>" in client.get(url).content.decode()
    past = client.post(url, {"action": "quorum", "citation": "东教党〔2026〕15号", "effective_on": "2026-11-01"})
    assert past.status_code == 422 and "生效日期不能早于今天" in past.content.decode()
    done = client.post(url, {"action": "quorum", "citation": "东教党〔2026〕15号", "effective_on": "2026-11-23"})
    assert done.status_code == 302 and services.strict_quorum_for(world.branch_a, d("2026-11-23"))[0]
    client.logout()
    login(client, world.secretary_a)
    page = client.get(reverse("decisions:rules") + f"?org={world.branch_a.pk}").content.decode()
    assert "现按<strong>到会委员超过应到会委员的半数</strong>" in page and "东教党〔2026〕15号" in page
    assert 'id="quorum-form"' not in page  # a school sets no quorum of its own
