"""The committee's 中小学校党建工作总结 (issue 16): every figure of its statistics table equals the
全景 page's figure for the same subtree and date (the test downloads the .docx, reads it back
with python-docx and opens the page); the parts are in order, the paragraphs for people and the
figures the system lacks are marked; the PDF renders. Same world as test_panorama."""

from __future__ import annotations

import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from docx import Document

from dangjian.staff.models import StaffMember, StaffPost
from dangjian.testing import login

_TESTS = str(Path(settings.BASE_DIR) / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from matrix.world import extend_world  # noqa: E402

EXTEND_SHARED_WORLD = extend_world
# The four headings of the city's 《2023年中小学校党建工作总结》.
HEADINGS = ["一、背景与起因", "二、主要做法", "三、成效与反响", "四、经验与探讨"]
NUMBER = r"([\d,]+(?:\.\d+)?|—)"


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def _docx(client, org) -> Document:
    response = client.get(f"/reports/panorama/summary.docx?org={org.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def _statistics(document) -> dict[str, str]:
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["项目", "数据", "口径"]
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}


def _numbers(pattern: str, text: str) -> list:
    found = re.fullmatch(pattern.replace("N", NUMBER), text)
    assert found, (pattern, text)
    return [None if g == "—" else Decimal(g.replace(",", "")) for g in found.groups()]


def _rate(value):
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("who,where", [("county_admin", "county_a"), ("city_admin", "city")])
def test_every_figure_of_the_summary_is_the_panoramas(world, who, where):
    client = _client(getattr(world, who))
    org = getattr(world, where)
    t = client.get(f"/reports/panorama/?org={org.pk}").context["facts"].total
    stats = _statistics(_docx(client, org))

    assert _numbers("N所（公办N所、民办N所）", stats["学校总数"]) == [t.schools_total, t.public_schools,
                                                                        t.private_schools]
    # Not filled in on the world's school records; school A keeps a staff register (the matrix
    # world's), whose 专任教师 the facts count instead.
    teachers = StaffMember.objects.current().filter(post=StaffPost.TEACHER, school__supervisor__path__startswith=org.path)
    assert t.teachers == teachers.count() > 0
    assert stats["教职工数"] == f"{t.staff}人（专任教师{t.teachers}人）"
    assert stats["在校学生数"] == "【待补充：在校学生数：学校信息中未填报】" and t.students == 0
    assert _numbers("合计N%?（公办N%?、民办N%?）", stats["党组织覆盖率"]) == [
        _rate(t.coverage_rate), _rate(t.public_rate), _rate(t.private_rate)]
    assert _numbers("N名（正式党员N名、预备党员N名）", stats["党员"]) == [t.members, t.full_members, t.probationary]
    # no development plan in the world: the figure done, and the plan marked as missing
    assert t.plan_admitted is None
    assert re.fullmatch(rf"{t.admitted}名（【待补充：\d{{4}}年度发展党员计划：系统中尚未制定】）", stats["发展党员"])
    assert _numbers("确定入党积极分子N名、发展对象N名", stats["入党积极分子、发展对象"]) == [t.activists, t.candidates]
    assert _numbers("N/N个党组织（N%?）", stats["组织生活达标"]) == [
        t.orglife_compliant, t.orglife_assessed, _rate(t.orglife_rate)]
    assert _numbers("收缴率N%?（应缴N元，实缴N元）", stats["党费收缴"]) == [
        _rate(t.dues_rate), t.dues_due_amount, t.dues_paid_amount]
    assert _numbers("连续3个月以上N名，其中6个月以上N名", stats["党费欠缴"]) == [t.arrears_3, t.arrears_6]
    assert _numbers("5星N个、4星N个、3星N个、2星N个、1星N个、0星N个；摘星N个", stats["评星定级"]) == [
        *(t.star_counts[s] for s in range(5, -1, -1)), t.revoked]
    assert _numbers("N个", stats["“六好”党组织"]) == [t.titles]
    assert _numbers("N个", stats["软弱涣散党组织"]) == [t.weak]
    assert _numbers("共N项，已销号N项，未销号N项，逾期N项", stats["整改"]) == [
        t.rect_total, t.rect_closed, t.rect_open, t.rect_overdue]
    assert _numbers("发现问题N项，涉及N所学校", stats["议事决策监督"]) == [t.decision_findings, t.decision_schools]
    # the figures compared are not all nothing
    assert t.members and t.dues_due_amount and t.arrears_3 and t.rect_total and t.weak


@pytest.mark.parametrize("who,where", [("county_admin", "county_a"), ("city_admin", "city")])
def test_each_row_of_the_unit_table_is_the_panoramas_row(world, who, where):
    """表2, row by row: the same units in the same order as the page's table, with its figures."""
    client = _client(getattr(world, who))
    org = getattr(world, where)
    facts = client.get(f"/reports/panorama/?org={org.pk}").context["facts"]
    rows = [[c.text for c in row.cells] for row in _docx(client, org).tables[1].rows[1:]]
    units = [*facts.units, facts.total]
    assert [r[0] for r in rows] == [u.name for u in units]
    for row, u in zip(rows, units, strict=True):
        assert int(row[1]) == u.schools_total, u.name
        if not u.org_id:
            continue
        assert (int(row[2]), row[3], row[5]) == (u.members, f"{u.orglife_compliant}/{u.orglife_assessed}",
                                                 str(u.arrears_3)), u.name
        assert row[4] == ("—" if u.dues_rate is None else f"{u.dues_rate}%"), u.name
        assert row[9] == f"{u.rect_open}/{u.rect_overdue}" and row[8] == str(u.weak), u.name


def test_parts_in_order_with_the_unit_table_and_marks(world):
    client = _client(world.county_admin)
    document = _docx(client, world.county_a)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == HEADINGS
    text = "\n".join(p.text for p in document.paragraphs)
    assert "中小学校党建工作总结" in text and world.county_a.name in text
    # the parts of background, practice, results and lessons are left for people too, and say so
    assert text.count("【由东城区教育党工委撰写：") >= 3
    # the shortfalls the data shows are written out in part one, as the city's summary does
    problems = text.split(HEADINGS[0])[1].split(HEADINGS[1])[0]  # 背景与起因: "主要是：…"
    assert "连续3个月以上未交纳党费" in problems and "软弱涣散党组织正在整顿" in problems
    units = document.tables[1]
    assert [c.text for c in units.rows[0].cells][:3] == ["学校（党组织）", "学校", "党员"]
    names = [row.cells[0].text for row in units.rows[1:]]
    assert names == [world.branch_a.name, world.branch_b.name, world.joint.name, world.school_p.name,
                     f"{world.county_a.name}合计"]


def test_pdf_renders(world, tmp_path):
    from dangjian.core.pdf import page_count, pdf_page_png

    response = _client(world.city_admin).get(f"/reports/panorama/summary.pdf?org={world.city.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert page_count(response.content) >= 2
    assert pdf_page_png(response.content, tmp_path / "summary.png").stat().st_size > 10_000


def test_scoped_like_the_page(world):
    assert _client(world.secretary_a).get("/reports/panorama/summary.docx").status_code == 403
    county = _client(world.county_admin)
    assert county.get(f"/reports/panorama/summary.pdf?org={world.city.pk}").status_code == 404
    assert county.get(f"/reports/panorama/summary.docx?org={world.branch_a.pk}").status_code == 404
