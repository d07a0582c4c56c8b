"""Every row of an import is checked with the services' own rules, every error is reported by
row and column in Chinese, and any error means nothing is written."""

import datetime

import pytest
import time_machine

from dangjian.core import audit
from dangjian.core.models import AuditEntry
from dangjian.core.snapshots import last_change
from dangjian.members import importer
from dangjian.members.models import Member, MemberEvent
from dangjian.members.tests.importfiles import new_id, person, workbook

TODAY = datetime.date(2026, 11, 23)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0), tick=True):
        yield


def run_as(world, rows, *, user="secretary_a", within="branch_a", dry_run=False, **options):
    return importer.run(workbook(rows, **options), user=world.personas[user] if user else None,
                        within=getattr(world, within) if within else None, dry_run=dry_run)


def errors_of(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def refused(world, row, column, **kwargs):
    """The one-row file is refused; the message for (row 2, column)."""
    before = Member.objects.count()
    result = run_as(world, [row], **kwargs)
    assert Member.objects.count() == before
    assert not result.committed
    found = errors_of(result)
    assert (2, column) in found, result.errors
    return found[(2, column)]


def test_a_clean_file_creates_every_member_through_the_service_with_timeline_and_audit(world):
    rows = [person(name="周一"), person(name="吴二", gender="女", id_number=new_id(male=False), group="第二党小组"),
            person(name="郑三", status="预备党员", joined_on=datetime.date(2026, 3, 1), confirmed_on=None, org_code="")]
    result = run_as(world, rows)
    assert result.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "errors": [], "warnings": []}
    assert result.committed
    wu = Member.objects.get(name="吴二")
    assert (wu.org, wu.group, wu.gender) == (world.branch_a, world.group_a2, "female")
    assert wu.get_phone() == "13912345678" and wu.phone_masked == "139****5678"
    assert Member.objects.get(name="郑三").status == "probationary"  # the empty org code went to the target
    assert MemberEvent.objects.filter(member=wu, kind="record_created").exists()
    entry = AuditEntry.objects.filter(action="member.import").latest("id")
    assert entry.changes["created"] == 3 and entry.actor == world.secretary_a
    # the commit holds the audit chain (head and change marks written once, at its end): the
    # chain still verifies and the branch's pages see the change
    assert audit.verify_chain().ok
    assert last_change(world.branch_a.path) >= AuditEntry.objects.filter(action="member.create").latest("id").pk


def test_a_dry_run_answers_the_same_counts_and_writes_nothing(world):
    before = Member.objects.count()
    result = run_as(world, [person(name="周一"), person(name="吴二")], dry_run=True)
    assert (result.created, result.errors, result.committed) == (2, [], False)
    assert Member.objects.count() == before


@pytest.mark.parametrize(("overrides", "column", "says"), [
    ({"id_number": "110105198503010010"}, "身份证号", "校验码不正确"),
    ({"id_number": "11010519850301001"}, "身份证号", "应为 18 位"),
    ({"id_number": "990105198503010011"}, "身份证号", "省级行政区划代码 99 不存在"),
    ({"id_number": "110105198502300012"}, "身份证号", "出生日期不是有效日期"),
    ({"gender": "女"}, "性别", "性别与身份证号第 17 位不一致"),
    ({"phone": "1391234567"}, "手机号", "手机号码应为 11 位数字"),
    ({"phone": "23912345678"}, "手机号", "以 1 开头"),
    ({"ethnicity": "汉"}, "民族", "应为以下之一"),
    ({"education": "博士"}, "学历", "应为以下之一"),
    ({"job": "教师"}, "岗位", "应为以下之一"),
    ({"status": "积极分子"}, "党员类别", "应为以下之一"),
    ({"status": ""}, "党员类别", "必填项为空"),
    ({"name": ""}, "姓名", "必填项为空"),
    ({"joined_on": ""}, "入党日期", "必填项为空"),
    ({"joined_on": "2026-13-01"}, "入党日期", "不存在"),
    ({"joined_on": "明年"}, "入党日期", "无法识别的日期"),
    ({"joined_on": datetime.date(2026, 12, 1), "confirmed_on": None}, "入党日期", "晚于今天"),
    ({"confirmed_on": datetime.date(2027, 1, 1)}, "转正日期", "晚于今天"),
    ({"joined_on": datetime.date(2013, 6, 30), "confirmed_on": datetime.date(2012, 6, 30)}, "转正日期",
     "转正日期不能早于入党日期"),
    ({"status": "预备党员", "joined_on": datetime.date(2026, 3, 1)}, "转正日期", "预备党员尚未转正"),
    ({"id_number": new_id(datetime.date(2000, 1, 1)), "joined_on": datetime.date(2017, 12, 31),
      "confirmed_on": datetime.date(2018, 12, 31)}, "入党日期", "入党时未满十八周岁"),
    ({"org_code": "NO-SUCH"}, "所属党组织代码", "组织代码不存在"),
    ({"org_code": "C01A-001-1"}, "所属党组织代码", "党员不能直接编入党小组"),
    ({"group": "第九党小组"}, "所属党小组", "下没有名为「第九党小组」的党小组"),
    ({"lost_contact": "不知道"}, "失联党员", "应为以下之一：是、否"),
])
def test_every_row_rule_is_reported_on_its_row_and_column_in_chinese(world, overrides, column, says):
    assert says in refused(world, person(**overrides), column)


def test_rules_that_cite_a_regulation_say_which(world):
    message = refused(world, person(id_number=new_id(datetime.date(2000, 1, 1)), joined_on=datetime.date(2017, 12, 31),
                                    confirmed_on=datetime.date(2018, 12, 31)), "入党日期")
    assert "依据：《中国共产党章程》第一条" in message


def test_an_id_number_typed_as_a_number_is_refused_as_having_lost_digits(world):
    message = refused(world, person(id_number="110105198503010011"), "身份证号", numbers_for={"id_number"})
    assert "被保存为数字" in message


def test_an_organization_outside_the_users_scope_reads_exactly_like_a_missing_one(world):
    elsewhere = refused(world, person(org_code="C01A-002"), "所属党组织代码")  # school B's branch
    missing = refused(world, person(org_code="C09Z-999"), "所属党组织代码")
    assert elsewhere.replace("C01A-002", "X") == missing.replace("C09Z-999", "X") == "组织代码不存在：X"


def test_a_county_admin_importing_into_the_county_must_name_each_rows_branch(world):
    message = refused(world, person(org_code=""), "所属党组织代码", user="county_admin", within="county_a")
    assert "请选择党支部" in message and "填写所属党组织代码" in message
    result = run_as(world, [person(org_code="C01A-002", group="")], user="county_admin", within="county_a")
    assert result.created == 1 and Member.objects.filter(org=world.branch_b, name="测试党员").exists()


def test_a_group_must_be_under_the_rows_own_branch(world):
    assert "下没有名为「第一党小组」" in refused(world, person(org_code="C01A-002"), "所属党小组",
                                               user="county_admin", within="county_a")


def test_the_same_id_twice_in_the_file_reports_both_rows_and_writes_nothing(world):
    twin = new_id()
    result = run_as(world, [person(id_number=twin), person(name="别人"), person(id_number=twin.lower())])
    found = errors_of(result)
    assert "另见第 4 行" in found[(2, "身份证号")] and "另见第 2 行" in found[(4, "身份证号")]
    assert (3, "身份证号") not in found
    assert not Member.objects.filter(name="别人").exists()


def test_an_existing_member_in_scope_is_updated_only_in_the_fields_that_changed(world):
    yang = world.m_member_a
    row = person(name="杨帆", id_number=yang.get_id_number(), phone="13600001111", title="中学高级教师",
                 joined_on=yang.joined_on, confirmed_on=yang.confirmed_on, group="第二党小组", education="")
    result = run_as(world, [row])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    yang.refresh_from_db()
    assert (yang.title, yang.get_phone(), yang.job) == ("中学高级教师", "13600001111", "teacher")
    assert yang.education == ""  # an empty cell keeps the stored value rather than erasing it
    event = MemberEvent.objects.filter(member=yang, kind="record_updated").latest("id")
    assert event.detail["fields"] == ["phone", "title"] and event.reason == "批量导入"


def test_an_existing_member_in_another_organization_is_an_error_that_does_not_say_where(world):
    other = world.m_secretary_b  # school B: outside secretary A's scope
    row = person(name="刘芳", id_number=other.get_id_number(), gender="女")
    message = refused(world, row, "身份证号")
    assert message == "该身份证号已在其他组织建档"
    assert "实验小学" not in str(run_as(world, [row]).errors)


def test_differences_in_status_dates_group_or_flags_are_timeline_events_not_import_updates(world):
    lin = world.m_probationary_a
    row = person(name="林晓", id_number=lin.get_id_number(), status="正式党员", joined_on=lin.joined_on,
                 confirmed_on=datetime.date(2026, 10, 1), group="第一党小组", is_mobile="是")
    result = run_as(world, [row])
    found = errors_of(result)
    assert "系统记录（预备党员）" in found[(2, "党员类别")] and "请在党员页面登记" in found[(2, "党员类别")]
    assert "系统记录（第二党小组）" in found[(2, "所属党小组")]
    assert "系统记录（否）" in found[(2, "流动党员")]
    lin.refresh_from_db()
    assert lin.status == "probationary" and not lin.is_mobile


def test_a_member_of_another_branch_in_scope_is_told_to_transfer(world):
    liu = world.m_secretary_b
    row = person(name="刘芳", id_number=liu.get_id_number(), gender="女", group="", org_code="C01A-001",
                 joined_on=liu.joined_on, confirmed_on=liu.confirmed_on)
    found = errors_of(run_as(world, [row], user="county_admin", within="county_a"))
    assert "现在「东城区实验小学党支部」" in found[(2, "所属党组织代码")]


def test_re_importing_the_same_file_changes_nothing(world):
    rows = [person(name=f"党员{i}") for i in range(6)] + [person(name="杨帆", id_number=world.m_member_a.get_id_number(),
                                                             joined_on=world.m_member_a.joined_on,
                                                             confirmed_on=world.m_member_a.confirmed_on,
                                                             group="第二党小组", title="中学高级教师")]
    data = workbook(rows)
    first = importer.run(data, user=world.secretary_a, within=world.branch_a)
    assert (first.created, first.updated, first.unchanged) == (6, 1, 0)
    snapshot = list(Member.objects.order_by("pk").values())
    events = MemberEvent.objects.count()
    second = importer.run(data, user=world.secretary_a, within=world.branch_a)
    assert (second.created, second.updated, second.unchanged, second.errors) == (0, 0, 7, [])
    assert list(Member.objects.order_by("pk").values()) == snapshot
    assert MemberEvent.objects.count() == events


def test_one_bad_row_among_many_stops_every_row(world):
    rows = [person(name=f"党员{i}") for i in range(50)]
    rows[37]["phone"] = "12"
    before = Member.objects.count()
    result = run_as(world, rows)
    assert [(e["row"], e["column"]) for e in result.errors] == [(39, "手机号")]
    assert result.created == 49 and not result.committed  # what would have been written, had it been clean
    assert Member.objects.count() == before


def test_a_duplicate_created_by_someone_else_during_the_commit_undoes_the_whole_import(world, monkeypatch):
    from dangjian.members.services import records as services

    rows = [person(name="甲"), person(name="乙"), person(name="丙")]
    real = services._new_member
    raced = []

    def racing(**record):
        member = real(**record)
        if record["name"] == "丙" and not raced:  # someone else has just filed the same person
            raced.append(record["id_number"])
            services.create_member(org=world.branch_a, name="丙", id_number=record["id_number"],
                                   joined_on=record["joined_on"])
        return member

    monkeypatch.setattr(services, "_new_member", racing)
    before = Member.objects.count()
    result = run_as(world, rows)
    assert not result.committed and "不能重复建档" in errors_of(result)[(4, "身份证号")]
    assert Member.objects.count() == before  # 甲 and 乙 were rolled back with it, and the racer's row too
    assert audit.verify_chain().ok


def test_the_command_line_may_act_as_the_system_within_the_target_subtree(world):
    result = run_as(world, [person(org_code="C01A-002", group="")], user=None, within="county_a")
    assert result.created == 1
    outside = run_as(world, [person(org_code="C01B-001-1", group="")], user=None, within="county_a")
    assert errors_of(outside)[(2, "所属党组织代码")] == "组织代码不存在：C01B-001-1"
