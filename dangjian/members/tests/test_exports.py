"""The xlsx exports: 年度党员花名册 as it stood on 12-31, 年度新党员名册, the filtered member list
(exactly the list page's filter) and the 统计表 — masked, formula-safe, printable, named in
Chinese, audited, refused without the export right (403) or out of scope (404), and limited
per user (429)."""

import datetime
import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dangjian.core.models import AuditEntry
from dangjian.core.roles import Post
from dangjian.members import services
from dangjian.members.models import EventKind, LeaveKind, Member
from dangjian.orgs.models import Position
from dangjian.testing import add_member, login, make_id_number, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
FULL_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@pytest.fixture(autouse=True)
def frozen_today_and_fresh_limits(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    cache.clear()


def download(client, user, name, **params):
    login(client, user)
    return client.get(reverse(f"members:{name}"), params)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def sheet_rows(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def column(rows, title) -> list:
    """The values under a header, down to the end of the table (the signature lines follow a blank row)."""
    header_index = next(i for i, row in enumerate(rows) if title in row)
    position = rows[header_index].index(title)
    values = []
    for row in rows[header_index + 1:]:
        if not any(str(cell).strip() for cell in row):
            break
        values.append(row[position])
    return values


def xml_of(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def with_phones(world):
    for member in Member.objects.all():
        services.update_member(member, phone=f"139{member.pk:08d}")


# --- 年度党员花名册 --------------------------------------------------------------------------

def test_the_roster_of_2025_lists_who_belonged_on_its_last_day(client, world):
    received = services.receive_from_outside(
        org=world.branch_a, name="周新", id_number=make_id_number(datetime.date(1990, 5, 5), 901), received_on=TODAY,
        other_org_name="外省某中学党支部", letter_number="外转〔2026〕8号", joined_on=datetime.date(2015, 7, 1))
    services.record_event(world.m_member_a, EventKind.LEFT, TODAY, leave_kind=LeaveKind.WITHDREW,
                          decision_org="东城区教育党工委")
    response = download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2025)
    assert response.status_code == 200
    rows = sheet_rows(content(response))
    names = column(rows, "姓名")
    assert "杨帆" in names            # left today: still on the 2025 roster
    assert received.name not in names  # arrived today: not on last year's
    assert "林晓" not in names         # admitted in June 2026
    assert len(names) == 9 and column(rows, "序号") == list(range(1, 10))
    assert rows[0][0] == "2025年度党员花名册"
    assert "填报单位：东城区第一中学党支部" in rows[1][0] and "截至日期：2025年12月31日" in rows[1][0]
    assert any("填报人" in str(row[0]) for row in rows[-3:])


def test_the_roster_has_the_usual_columns_and_a_group(client, world):
    rows = sheet_rows(content(download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2026)))
    header = next(row for row in rows if "序号" in row)
    assert header == ["序号", "姓名", "性别", "民族", "出生年月", "籍贯", "学历", "参加工作时间", "岗位", "职务", "职称",
                      "入党时间", "转正时间", "党员类别", "所在党小组", "身份证号", "联系电话"]
    by_name = dict(zip(column(rows, "姓名"), column(rows, "所在党小组"), strict=True))
    assert by_name["张伟"] == "第一党小组" and by_name["杨帆"] == "第二党小组"
    categories = dict(zip(column(rows, "姓名"), column(rows, "党员类别"), strict=True))
    assert categories["林晓"] == "预备党员" and categories["张伟"] == "正式党员"
    assert "截至日期：2026年11月23日" in rows[1][0]  # the current year stops at today


def test_the_roster_and_the_list_carry_native_place_start_of_work_and_office(client, world):
    services.update_member(world.m_member_a, native_place="广西宾阳", work_started_on=datetime.date(2008, 9, 1),
                           office="教研组长")
    for rows in (sheet_rows(content(download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2026))),
                 sheet_rows(content(download(client, world.secretary_a, "export", within=world.branch_a.pk)))):
        facts = {name: (place, started, office) for name, place, started, office in zip(
            column(rows, "姓名"), column(rows, "籍贯"), column(rows, "参加工作时间"), column(rows, "职务"), strict=True)}
        assert facts["杨帆"] == ("广西宾阳", "2008.09", "教研组长")
        assert facts["张伟"] == ("", "", "")  # not recorded: an empty cell, never a guess


def test_a_county_roster_names_each_members_branch(client, world):
    rows = sheet_rows(content(download(client, world.county_admin, "roster", org=world.county_a.pk, year=2026)))
    orgs = column(rows, "所在党组织")
    assert len(orgs) == 15 and orgs.count("东城区实验小学党支部") == 4


def test_the_file_is_named_in_chinese(client, world):
    response = download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2025)
    disposition = response["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('东城区第一中学党支部_2025年度党员花名册.xlsx')}" in disposition
    assert 'filename="C01A-001-roster-2025.xlsx"' in disposition
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_a_bad_year_is_explained(client, world):
    for year in ("abc", "1900", "2027"):
        response = download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=year)
        assert response.status_code == 400 and "年份须为 1921–2026 之间的整数" in response.content.decode()


# --- 年度新党员名册 -----------------------------------------------------------------------

def test_the_new_member_roster_lists_those_admitted_in_the_year(client, world):
    admitted = services.admit_probationary(
        org=world.branch_a, name="吴新", id_number=make_id_number(datetime.date(1998, 2, 2), 902),
        general_meeting_on=datetime.date(2026, 9, 1),
        event_facts={"detail": {"sponsors": ["张伟", "陈静"]}})
    services.receive_from_outside(  # joined in 2026 elsewhere: not admitted by this branch
        org=world.branch_a, name="外来", id_number=make_id_number(datetime.date(1996, 1, 1), 903), received_on=TODAY,
        other_org_name="外省某中学党支部", letter_number="外转〔2026〕9号", joined_on=datetime.date(2026, 1, 10),
        status="probationary")
    rows = sheet_rows(content(download(client, world.secretary_a, "new_roster", org=world.branch_a.pk, year=2026)))
    assert rows[0][0] == "2026年度新党员名册"
    assert "统计期间：2026年1月1日至2026年11月23日" in rows[1][0]
    assert column(rows, "姓名") == ["林晓", admitted.name]
    sponsors = dict(zip(column(rows, "姓名"), column(rows, "入党介绍人"), strict=True))
    # Sponsors come from the admission record; where none is recorded the cell stays empty.
    assert sponsors == {"林晓": "", "吴新": "张伟、陈静"}
    rows_2025 = sheet_rows(content(download(client, world.secretary_a, "new_roster", org=world.branch_a.pk,
                                            year=2025)))
    assert column(rows_2025, "姓名") == []


# --- the filtered list --------------------------------------------------------------------

def test_the_list_export_has_exactly_the_filtered_members_in_the_list_order(client, world):
    login(client, world.county_admin)
    params = {"within": world.county_a.pk, "gender": "female", "sort": "name"}
    listed = [m.name for m in client.get(reverse("members:list"), params).context["page_obj"].object_list]
    rows = sheet_rows(content(client.get(reverse("members:export"), params)))
    assert column(rows, "姓名") == listed and len(listed) == 6
    assert any("筛选条件：" in str(row[0]) and "性别=女" in str(row[0]) for row in rows)


def test_no_export_holds_a_full_id_number_or_phone(client, world):
    with_phones(world)
    login(client, world.county_admin)
    files = [
        client.get(reverse("members:export")),
        client.get(reverse("members:roster"), {"org": world.county_a.pk, "year": 2026}),
        client.get(reverse("members:new_roster"), {"org": world.county_a.pk, "year": 2026}),
        client.get(reverse("members:stats_export")),
        client.get("/api/v1/members/export"),
    ]
    for response in files:
        assert response.status_code == 200
        xml = xml_of(content(response))
        assert not FULL_ID.findall(xml) and not FULL_PHONE.findall(xml)
    roster = sheet_rows(content(client.get(reverse("members:roster"), {"org": world.branch_a.pk, "year": 2026})))
    phones = dict(zip(column(roster, "姓名"), column(roster, "联系电话"), strict=True))
    ids = dict(zip(column(roster, "姓名"), column(roster, "身份证号"), strict=True))
    member = Member.objects.get(pk=world.m_member_a.pk)
    assert phones["杨帆"] == member.phone_masked and "****" in phones["杨帆"]
    assert ids["杨帆"] == member.id_number_masked and ids["杨帆"] != member.get_id_number()


def test_a_name_that_looks_like_a_formula_stays_text(client, world):
    services.update_member(world.m_member_a, name="=1+1")
    response = download(client, world.secretary_a, "export", q="1+1")
    data = content(response)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    names = column(sheet_rows(data), "姓名")
    assert names == ["'=1+1"]  # a string with the leading apostrophe (QUALITY.md item 18)


# --- the 统计表 ----------------------------------------------------------------------------

def test_the_statistics_table_is_printable(client, world):
    response = download(client, world.county_admin, "stats_export", as_of="2025-12-31")
    rows = sheet_rows(content(response))
    assert rows[0][0] == "党员统计表"
    assert "填报单位：东城区教育党工委" in rows[1][0] and "截至日期：2025年12月31日" in rows[1][0] and "制表日期" in rows[1][0]
    header = next(row for row in rows if "统计项目" in row)
    assert header == ["统计项目", "类别", "人数", "占比"]
    body = {(r[1]): r[2] for r in rows if len(r) > 2 and isinstance(r[2], float)}
    assert body["合计"] == 14 and body["男"] == 8 and body["女"] == 6
    assert any("填报人" in str(row[0]) for row in rows[-2:])
    assert quote("东城区教育党工委_党员统计表_截至20251231.xlsx") in response["Content-Disposition"]


# --- who may export ------------------------------------------------------------------------

def test_export_needs_the_export_right(client, world):
    assert download(client, world.principal_a, "roster", org=world.branch_a.pk, year=2025).status_code == 403
    publicity = make_user("publicity_a", "宣传委员")
    Position.objects.create(org=world.branch_a, post=Post.PUBLICITY_MEMBER, user=publicity, person_name="宣传委员",
                            started_on=datetime.date(2024, 9, 1))
    for name in ("roster", "new_roster", "export"):
        assert download(client, publicity, name, org=world.branch_a.pk).status_code == 403
    assert download(client, publicity, "stats_export").status_code == 200  # figures only, no person
    assert download(client, world.member_a, "export").status_code == 403
    login(client, publicity)
    assert client.get("/api/v1/members/export").status_code == 403


def test_another_schools_organization_is_not_found(client, world):
    assert download(client, world.secretary_b, "roster", org=world.branch_a.pk).status_code == 404
    assert download(client, world.secretary_b, "new_roster", org=world.branch_a.pk).status_code == 404
    assert download(client, world.secretary_b, "export", within=world.branch_a.pk).status_code == 404
    assert download(client, world.secretary_b, "stats_export", within=world.branch_a.pk).status_code == 404
    assert download(client, world.county_admin, "roster", org=world.branch_c1.pk).status_code == 404
    assert download(client, world.county_admin, "roster", org="x").status_code == 404
    login(client, world.secretary_b)
    response = client.get("/api/v1/members/export", {"within": world.branch_a.pk})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_eleventh_export_in_ten_minutes_is_refused(client, world, time_machine):
    for _ in range(10):
        assert download(client, world.secretary_a, "roster", org=world.branch_a.pk).status_code == 200
    refused = download(client, world.secretary_a, "roster", org=world.branch_a.pk)
    assert refused.status_code == 429 and "导出过于频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    login(client, world.secretary_a)
    api = client.get("/api/v1/members/export")
    assert api.status_code == 429 and api.json()["code"] == "rate_limited" and "10 分钟" in api.json()["message"]
    # Another user is not affected, and the window slides.
    assert download(client, world.org_member_a, "roster", org=world.branch_a.pk).status_code == 200
    time_machine.shift(datetime.timedelta(minutes=11))
    assert download(client, world.secretary_a, "roster", org=world.branch_a.pk).status_code == 200


def test_every_export_is_audited_with_counts_and_filters_not_data(client, world):
    download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2025)
    download(client, world.secretary_a, "export", gender="female")
    entries = list(AuditEntry.objects.filter(action="member.export").order_by("id"))
    assert [e.changes["kind"] for e in entries] == ["roster", "member_list"]
    assert entries[0].changes["rows"] == 9 and entries[0].changes["filters"] == {"org": "C01A-001", "year": 2025}
    assert entries[1].changes["filters"] == {"gender": "female"} and entries[1].changes["rows"] == 4
    assert entries[0].actor == world.secretary_a and entries[0].org_path == world.branch_a.path
    assert "杨帆" not in str([e.changes for e in entries])


def test_a_refused_export_is_audited_too(client, world, settings):
    settings.DANGJIAN_EXPORT_LIMIT = 1
    download(client, world.secretary_a, "roster", org=world.branch_a.pk)
    download(client, world.secretary_a, "roster", org=world.branch_a.pk)
    denied = AuditEntry.objects.get(action="member.export", result=AuditEntry.Result.DENIED)
    assert denied.changes == {"reason": "rate_limited"}


def test_a_member_admitted_this_year_is_on_this_years_roster_only(client, world):
    add_member(world.branch_a, "新人", status="probationary", joined_on=datetime.date(2026, 1, 5))
    rows = sheet_rows(content(download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2025)))
    assert "新人" not in column(rows, "姓名")
    rows = sheet_rows(content(download(client, world.secretary_a, "roster", org=world.branch_a.pk, year=2026)))
    assert "新人" in column(rows, "姓名")
