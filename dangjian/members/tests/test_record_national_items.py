"""籍贯, 参加工作时间 and 职务 — items of the national member information system
(全国党员管理信息系统) — are on the record: entered on the member's page, imported from the
template (all or nothing, a bad date named by row and column), read by the API. A start of work
after today or before the sixteenth birthday is refused with its basis."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.members import importer, services
from dangjian.members.models import Member
from dangjian.members.tests.importfiles import new_id, person, workbook
from dangjian.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0), tick=True):
        yield


# --- the service ---------------------------------------------------------------------------

def test_a_new_record_keeps_native_place_start_of_work_and_office(world):
    member = services.create_member(org=world.branch_a, name="韦新", id_number=new_id(datetime.date(1990, 4, 2)),
                                    joined_on=datetime.date(2015, 7, 1), native_place=" 广西宾阳 ",
                                    work_started_on=datetime.date(2012, 9, 1), office="教导主任")
    member.refresh_from_db()
    assert (member.native_place, member.work_started_on, member.office) == ("广西宾阳", datetime.date(2012, 9, 1),
                                                                             "教导主任")


def test_an_edit_of_the_three_items_is_audited_under_their_chinese_names(world):
    services.update_member(world.m_member_a, acting_user=world.secretary_a, native_place="湖南长沙",
                           work_started_on=datetime.date(2007, 9, 1), office="年级组长")
    entry = AuditEntry.objects.filter(action="member.update").latest("id")
    assert set(entry.changes) == {"native_place", "work_started_on", "office"}
    labels = {f.name: str(f.verbose_name) for f in Member._meta.fields}
    assert [labels[key] for key in sorted(entry.changes)] == ["籍贯", "职务", "参加工作时间"]


@pytest.mark.parametrize(("started", "rule", "says"), [
    (datetime.date(2026, 12, 1), "not_in_future", "晚于今天"),
    (datetime.date(2001, 2, 28), "working_age", "早于年满十六周岁"),  # born 1985-03-01: sixteen on 2001-03-01
])
def test_a_start_of_work_after_today_or_before_sixteen_is_refused_with_its_basis(world, started, rule, says):
    with pytest.raises(RuleViolation) as refused:
        services.update_member(world.m_member_a, work_started_on=started)
    assert refused.value.rule.code == rule and says in refused.value.message
    assert refused.value.field == "work_started_on"
    world.m_member_a.refresh_from_db()
    assert world.m_member_a.work_started_on is None


def test_the_sixteenth_birthday_itself_is_a_valid_start(world):
    services.update_member(world.m_member_a, work_started_on=datetime.date(2001, 3, 1))
    world.m_member_a.refresh_from_db()
    assert world.m_member_a.work_started_on == datetime.date(2001, 3, 1)


def test_the_working_age_rule_cites_the_labour_law():
    from dangjian.members.rules import R_WORKING_AGE

    assert "劳动法" in R_WORKING_AGE.citation and "第十五条" in R_WORKING_AGE.citation


# --- the page ------------------------------------------------------------------------------

def edit(client, member, **fields):
    data = {"name": member.name, "ethnicity": member.ethnicity, "education": member.education, "job": member.job,
            "title": member.title, "office": member.office, "native_place": member.native_place,
            "work_started_on": member.work_started_on or "", "phone": "", "reason": "核对档案", **fields}
    return client.post(reverse("members:edit", args=[member.pk]), data)


def test_the_secretary_enters_the_items_on_the_page_and_reads_them_on_the_record(client, world):
    login(client, world.secretary_a)
    response = edit(client, world.m_member_a, native_place="广西宾阳", work_started_on="2008-09-01", office="教研组长")
    assert response.status_code == 302
    html = client.get(reverse("members:detail", args=[world.m_member_a.pk])).content.decode()
    assert "<dt>籍贯</dt><dd>广西宾阳</dd>" in html
    assert "<dt>参加工作时间</dt><dd>2008年9月1日</dd>" in html
    assert "<dt>职务</dt><dd>教研组长</dd>" in html


def test_a_start_of_work_in_the_future_is_shown_next_to_the_field_and_nothing_is_saved(client, world):
    login(client, world.secretary_a)
    response = edit(client, world.m_member_a, native_place="广西宾阳", work_started_on="2027-09-01")
    assert response.status_code == 200
    assert "晚于今天" in str(response.context["edit_form"].errors["work_started_on"])
    world.m_member_a.refresh_from_db()
    assert (world.m_member_a.native_place, world.m_member_a.work_started_on) == ("", None)


def test_the_new_record_form_takes_the_items(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("members:create"), {
        "org": world.branch_a.pk, "name": "覃可", "id_number": new_id(datetime.date(1992, 6, 6)), "ethnicity": "壮族",
        "job": "management", "status": "full", "joined_on": "2016-06-30", "confirmed_on": "2017-06-30",
        "native_place": "广西上林", "work_started_on": "2014-09-01", "office": "德育主任"})
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="覃可")
    assert (member.native_place, member.work_started_on, member.office) == ("广西上林", datetime.date(2014, 9, 1),
                                                                             "德育主任")


# --- the import ----------------------------------------------------------------------------

def test_the_template_has_the_three_columns_with_an_example():
    titles = [column.title for column in importer.COLUMNS]
    assert {"籍贯", "参加工作时间", "职务"} <= set(titles)
    example = importer.example_row()
    assert example["native_place"] and example["office"] and example["work_started_on"] < datetime.date.today()


def test_imported_rows_carry_the_three_items(world):
    rows = [person(name="蒙一", native_place="广西横县", work_started_on=datetime.date(2010, 8, 30), office="总务主任")]
    result = importer.run(workbook(rows), user=world.secretary_a, within=world.branch_a)
    assert result.committed, result.errors
    member = Member.objects.get(name="蒙一")
    assert (member.native_place, member.work_started_on, member.office) == ("广西横县", datetime.date(2010, 8, 30),
                                                                             "总务主任")


def test_a_bad_start_of_work_in_row_7_writes_no_row_and_names_row_and_column(world):
    rows = [person(name=f"覃{i}", id_number=new_id()) for i in range(5)]
    rows.append(person(name="覃错", id_number=new_id(datetime.date(1990, 1, 1)),
                       work_started_on=datetime.date(2004, 9, 1)))  # 14 years old
    rows.append(person(name="覃后", id_number=new_id(), work_started_on=datetime.date(2027, 1, 1)))
    before = Member.objects.count()
    result = importer.run(workbook(rows), user=world.secretary_a, within=world.branch_a)
    assert not result.committed and Member.objects.count() == before
    found = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert set(found) == {(7, "参加工作时间"), (8, "参加工作时间")}
    assert "早于年满十六周岁" in found[(7, "参加工作时间")] and "劳动法" in found[(7, "参加工作时间")]
    assert "晚于今天" in found[(8, "参加工作时间")]


def test_an_unreadable_start_of_work_is_a_cell_error(world):
    result = importer.run(workbook([person(work_started_on="去年九月")]), user=world.secretary_a,
                          within=world.branch_a)
    assert not result.committed
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "参加工作时间")]


def test_an_import_fills_the_items_of_an_existing_record_and_blank_cells_keep_them(world):
    member = world.m_member_a
    row = person(name=member.name, id_number=member.get_id_number(), gender=member.get_gender_display(), title="",
                 education="", job="", phone="", joined_on=member.joined_on, confirmed_on=member.confirmed_on,
                 status=member.get_status_display(), group=member.group.name, native_place="广西宾阳", office="",
                 work_started_on=datetime.date(2008, 9, 1))
    result = importer.run(workbook([row]), user=world.secretary_a, within=world.branch_a)
    assert result.committed and result.updated == 1, result.errors
    member.refresh_from_db()
    assert (member.native_place, member.work_started_on) == ("广西宾阳", datetime.date(2008, 9, 1))


# --- the API -------------------------------------------------------------------------------

def test_the_api_reads_the_three_items(client, world):
    services.update_member(world.m_member_a, native_place="广西宾阳", work_started_on=datetime.date(2008, 9, 1),
                           office="教研组长")
    login(client, world.secretary_a)
    item = client.get(f"/api/v1/members/{world.m_member_a.pk}").json()
    assert (item["native_place"], item["work_started_on"], item["office"]) == ("广西宾阳", "2008-09-01", "教研组长")
    listed = client.get(f"/api/v1/members/?q={world.m_member_a.name}").json()["items"][0]
    assert listed["native_place"] == "广西宾阳"
