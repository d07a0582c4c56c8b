"""The 变更 column of the audit log speaks Chinese: every key a service writes into an entry's
changes has a name (its app's, the model field's, or one every app shares), coded values read
as words, a before → after pair reads "（空）→ 中学高级教师", and a refused request names the page
in words and the object by its number only.

The guard reads the source with `ast`, like test_audit_labels: for every audit write it takes
the literal keys of the dictionaries in its changes (nested ones and audit.diff's included) and
fails on a key that no registration and no field of the app's models names."""

from __future__ import annotations

import ast
import datetime
import re

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from test_audit_actor import SOURCE_ROOT, audit_names, is_audit_write
from test_audit_labels import visible_text

from dangjian.core.audit_changes import (
    SHARED,
    UNNAMED_KEY,
    change_labels,
    change_values,
    describe_changes,
    page_title,
    register_change_labels,
)
from dangjian.testing import login, make_id_number

# Apps being built while the names came: their keys read through their models' fields or 其他
# until their helpers register them. The exemption ends by itself once an app registers keys.
NOT_YET_NAMED: set[str] = set()
# Export kinds supervision writes that its registration does not name yet (its helper's to add, in
# supervision/audit_labels.py); until then they read as written. Fails once named: remove them.
VALUES_NOT_YET_NAMED = {("supervision", "kind", "history"), ("supervision", "kind", "ledger")}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# --- The guard --------------------------------------------------------------------------------

def _literal_keys(node: ast.AST) -> list[str]:
    return [key.value for sub in ast.walk(node) if isinstance(sub, ast.Dict)
            for key in sub.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)]


def written_change_keys() -> dict[tuple[str, str], str]:
    """(app, key) → where, for every literal key of the changes of an audit write."""
    found: dict[tuple[str, str], str] = {}
    paths = [p for p in SOURCE_ROOT.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]
    for path in sorted(paths):
        tree = ast.parse(path.read_text(), str(path))
        modules, writers = audit_names(tree)
        app = path.relative_to(SOURCE_ROOT).parts[0]
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not is_audit_write(call, modules, writers):
                continue
            parts = [k.value for k in call.keywords if k.arg == "changes"] + call.args[1:]
            for part in parts:
                for key in _literal_keys(part):
                    found.setdefault((app, key), f"{path.relative_to(SOURCE_ROOT)}:{call.lineno}")
    return found


def written_literal_values() -> dict[tuple[str, str, str], str]:
    """(app, key, value) → where, for every literal text value of the changes of an audit write
    (an export's "format": "xlsx"): a code the page must name."""
    found: dict[tuple[str, str, str], str] = {}
    paths = [p for p in SOURCE_ROOT.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]
    for path in sorted(paths):
        tree = ast.parse(path.read_text(), str(path))
        modules, writers = audit_names(tree)
        app = path.relative_to(SOURCE_ROOT).parts[0]
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and is_audit_write(call, modules, writers):
                for part in [k.value for k in call.keywords if k.arg == "changes"]:
                    for sub in ast.walk(part):
                        if isinstance(sub, ast.Dict):
                            for key, value in zip(sub.keys, sub.values, strict=True):
                                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant) \
                                        and isinstance(value.value, str):
                                    found.setdefault((app, key.value, value.value),
                                                     f"{path.relative_to(SOURCE_ROOT)}:{call.lineno}")
    return found


def _model_field_names(app: str) -> set[str]:
    """The fields of the app's models that have a Chinese name (what an unregistered key falls to)."""
    try:
        config = apps.get_app_config(app)
    except LookupError:
        return set()
    return {name for model in config.get_models() for field in model._meta.get_fields()
            if CHINESE.search(str(getattr(field, "verbose_name", "")))
            for name in (field.name, getattr(field, "attname", field.name))}


def test_every_key_written_into_an_entrys_changes_has_a_chinese_name():
    written = written_change_keys()
    assert len(written) > 200  # the walk reached every app
    named_apps = {app for app in NOT_YET_NAMED if change_labels(app)}
    assert named_apps == set(), f"remove these apps from NOT_YET_NAMED: {named_apps}"
    missing = sorted(f"{key}  ({where})" for (app, key), where in written.items()
                     if app not in NOT_YET_NAMED and not CHINESE.search(key)
                     and key not in change_labels(app) and key not in change_labels(SHARED)
                     and key not in _model_field_names(app))
    assert missing == [], "keys of audit changes without a Chinese name (register them in the app's " \
                          "audit_labels.py):\n" + "\n".join(missing)


def test_every_code_written_literally_as_a_value_has_a_chinese_name():
    written = written_literal_values()
    assert ("members", "format", "xlsx") in written
    unnamed = {(app, key, value): where for (app, key, value), where in written.items()
               if app not in NOT_YET_NAMED and not CHINESE.search(value)
               and value not in change_values(app).get(key, {}) and value not in change_values(SHARED).get(key, {})}
    named_since = VALUES_NOT_YET_NAMED - set(unnamed)
    assert named_since == set(), f"remove these from VALUES_NOT_YET_NAMED: {named_since}"
    missing = sorted(f"{key}={value}  ({where})" for (app, key, value), where in unnamed.items()
                     if (app, key, value) not in VALUES_NOT_YET_NAMED)
    assert missing == [], "coded values of audit changes without a Chinese name:\n" + "\n".join(missing)


def test_every_registered_name_is_chinese():
    groups = [SHARED, "core", "accounts", "orgs", "members", "dues", "recruitment", "orglife", "decisions"]
    names = {label for group in groups for label in change_labels(group).values()}
    assert len(names) > 100
    assert [name for name in names if not CHINESE.search(name) or re.search(r"[a-z_]", name)] == []


# --- How an entry reads -----------------------------------------------------------------------

def words(action: str, object_type: str, changes: dict) -> str:
    return "；".join(f"{item.label}：{item.text}" for item in describe_changes(action, object_type, changes))


def test_a_refused_request_names_the_page_the_request_and_the_object_number_only():
    assert words("permission.not_found", "", {"url_name": "members:detail", "method": "GET", "status": 404,
                                              "args": {"pk": "11"}}) == \
        "页面：党员名册；请求方式：查看；应答：未找到；对象编号：11"
    assert words("permission.denied", "", {"url_name": "core:audit", "method": "POST", "status": 403,
                                           "args": {}}) == "页面：审计日志；请求方式：提交；应答：拒绝；对象编号：（空）"


def test_a_page_outside_the_menu_is_named_after_its_module_and_never_by_its_route():
    assert page_title("members:no_such_page") == "党员模块页面"
    assert page_title("nowhere:page") == "其他页面"


def test_a_new_member_reads_with_the_models_field_names_and_choice_labels():
    assert words("member.create", "members.member", {"name": "谢娟", "org": "C01A-003", "status": "probationary"}) == \
        "姓名：谢娟；党组织：C01A-003；党员类别：预备党员"


def test_a_change_reads_before_and_after_with_an_empty_value_named():
    assert words("member.update", "members.member", {"title": ["", "中学高级教师"]}) == "职称：（空） → 中学高级教师"
    assert words("member.update", "members.member", {"status": ["probationary", "full"]}) == \
        "党员类别：预备党员 → 正式党员"


def test_the_second_factor_an_export_and_a_new_organization_read_in_words():
    assert words("auth.otp_verified", "accounts.user", {"device": "手机", "failures": 0}) == "验证设备：手机；累计失败次数：0"
    assert words("member.export", "", {"kind": "member_list", "rows": 3, "filters": {"status": "full"},
                                       "masked": True, "format": "xlsx"}) == \
        "类别：党员名册；行数：3；筛选条件：党员类别：正式党员；已脱敏：是；格式：Excel 表格"
    assert words("org.create", "orgs.partyorg", {"after": {"kind": "branch", "is_active": True}}) == \
        "新建内容：类别：党支部，有效：是"


def test_a_key_nobody_named_reads_other_with_its_value_and_never_the_key():
    assert words("member.update", "members.member", {"retired_field": "x"}) == f"{UNNAMED_KEY}：x"
    assert words("retired.event", "", {"whatever": 1}) == "其他：1"


def test_a_key_named_twice_differently_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="两个名称"):
        register_change_labels({"url_name": "网址"}, group="core")
    with pytest.raises(ImproperlyConfigured, match="缺少中文名称"):
        register_change_labels({"brand_new": "new_key"}, group="core")
    register_change_labels({"url_name": "页面"}, group="core")  # ready() again: harmless


# --- The page ---------------------------------------------------------------------------------

def change_cells(html: str) -> list[str]:
    return [visible_text(cell) for cell in re.findall(r'<div class="diff">(.*?)</div>\s*</td>', html, re.S)]


def test_a_morning_of_work_reads_in_words_in_the_changes_column(world):
    """The county admin signs in with the phone's code; the secretary opens a page only the county
    may open, asks for another school's member, corrects a member's title and records a new
    member. The county admin then reads the log: no code name in the changes column."""
    from dangjian.members.services import create_member, update_member

    admin = Client()
    admin.force_login(world.county_admin)
    admin.get("/accounts/otp/")
    device = TOTPDevice.objects.get(user=world.county_admin)
    code = f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=device.digits):06d}"
    assert admin.post("/accounts/otp/", {"token": code, "next": "/"}).status_code == 302

    secretary = Client()
    login(secretary, world.secretary_a)
    assert secretary.get(reverse("core:audit")).status_code == 403
    assert secretary.get(reverse("members:detail", args=[world.m_secretary_b.pk])).status_code == 404
    update_member(world.m_member_a, acting_user=world.secretary_a, title="中学高级教师", reason="职称变更")
    create_member(org=world.branch_a, name="林晓", id_number=make_id_number(datetime.date(1990, 5, 1), 901),
                  acting_user=world.secretary_a, status="probationary")

    response = admin.get(reverse("core:audit"))
    assert response.status_code == 200
    cells = change_cells(response.content.decode())
    shown = "\n".join(cells)
    assert len(cells) >= 6
    assert re.findall(r"[a-z_]+：", shown) == []
    for expected in ("验证设备：", "页面：审计日志", "页面：党员名册", "应答：未找到", "应答：拒绝",
                     f"对象编号：{world.m_secretary_b.pk}", "职称：（空） → 中学高级教师", "党员类别：预备党员"):
        assert expected in shown, expected
    for code_name in ("url_name", "members:detail", "probationary", "GET", "'pk'"):
        assert code_name not in shown


def test_the_demo_seeds_summary_reads_in_words_down_to_each_apps_counts():
    summary = {"scale": "county", "orgs_by_kind": {"branch": 3}, "dues": {"payments": 12},
               "appraisal_review": {"grades": {"excellent": 2}}}
    shown = words("demo.seed", "", summary)
    assert shown == "规模：一个县区；各类党组织：党支部：3；党费：交纳记录：12；民主评议党员：评定等次：优秀：2"


def test_two_ids_or_two_rules_read_as_a_list_not_as_a_change():
    assert words("decisions.meeting", "decisions.meeting", {"matters": [4, 9]}) == "议题编号：4、9"
    assert words("decisions.transition", "decisions.matter", {"state": ["draft", "proposed"]}) == \
        "状态：草拟 → 校长办公会已研究"
    assert words("recruitment.step.15", "recruitment.recruitmentfile",
                 {"breaches": ["probation_one_year", "confirm_approval_three_months"]}) == \
        "未满足的规定：预备期为一年，从支部大会通过之日算起；预备期满方可讨论转正、上级党委应当在三个月内审批预备党员转正的决议"
