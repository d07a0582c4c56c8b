"""廉政风险台账: school A's secretary registers the risk points of its small powers with measures and
an owner on the school's staff; a risk without owner or measures, or owned by someone who left or
works elsewhere, is refused naming the rule with nothing saved; reviews keep the yearly cycle; what
is due shows on the school's to-do; the list is published to the staff as a document; and the
小微权力清单 in decisions shows each power's risks."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.todo import OVERDUE
from dangjian.supervision.integrity_risk_documents import risk_list, write_docx
from dangjian.supervision.models import IntegrityRisk, RiskPublication
from dangjian.supervision.rules import integrity_risk as R
from dangjian.supervision.selectors.integrity_risk import power_risk_counts
from dangjian.supervision.services import integrity_risk as S
from dangjian.supervision.tests.integrity_risk_helpers import purchase_risk, with_risk_ledger_people
from dangjian.supervision.tests.rectification_helpers import TODAY, frozen  # noqa: F401 - a fixture
from dangjian.supervision.todo import integrity_risk_todo
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_risk_ledger_people
d = datetime.date.fromisoformat


def test_the_secretary_registers_a_risk_of_a_small_power_with_its_owner_and_a_review_a_year_on(world):
    risk = purchase_risk(world)

    assert (risk.power, risk.owner, risk.level) == (world.power_purchase_a, world.staff_head_a, R.Level.HIGH)
    assert risk.identified_on == TODAY and risk.review_due == d("2027-11-23")
    entry = AuditEntry.objects.filter(action="integrity_risk.create").latest("id")
    assert entry.actor == world.secretary_a and entry.object_id == str(risk.pk)


def test_the_post_defaults_to_the_powers_responsible_post(world):
    assert purchase_risk(world, post="").post == "总务处"


@pytest.mark.parametrize(("change", "field", "rule"), [
    ({"owner": None}, "owner", R.R_OWNER),
    ({"measures": "  "}, "measures", R.R_MEASURES),
    ({"description": ""}, "description", R.R_LEDGER),
    ({"level": "severe"}, "level", R.R_LEVEL),
])
def test_a_risk_without_owner_measures_description_or_level_is_refused_naming_the_rule_and_nothing_saved(
        world, change, field, rule):
    with pytest.raises(RuleViolation) as refused:
        purchase_risk(world, **change)

    assert (refused.value.field, refused.value.rule) == (field, rule)
    assert not IntegrityRisk.objects.exists() and not AuditEntry.objects.filter(action="integrity_risk.create").exists()


def test_an_owner_who_left_or_works_at_another_school_is_refused(world):
    with pytest.raises(RuleViolation, match="在职教职工") as former:
        purchase_risk(world, owner=world.staff_former_a.pk)
    assert former.value.rule == R.R_OWNER
    with pytest.raises(RuleViolation, match="在职教职工"):
        purchase_risk(world, owner=world.staff_c.pk)
    # before he left, 赵老师 could own a risk identified then
    assert purchase_risk(world, owner=world.staff_former_a.pk, identified_on="2026-03-01").owner == world.staff_former_a


def test_a_power_of_another_school_is_refused_and_only_the_schools_keepers_register(world):
    with pytest.raises(RuleViolation, match="不在本校的小微权力清单中") as other:
        purchase_risk(world, power=world.power_c.pk)
    assert other.value.rule == R.R_POWER
    for outsider in (world.member_a, world.secretary_b, world.county_admin):
        with pytest.raises(PermissionDenied):
            purchase_risk(world, by=outsider)
    assert purchase_risk(world, by=world.principal_a).created_by == world.principal_a


def test_the_review_date_is_at_most_a_year_after_the_risk_is_identified(world):
    assert purchase_risk(world, review_due="2027-11-23").review_due == d("2027-11-23")
    with pytest.raises(RuleViolation, match="每年至少复核一次") as late:
        purchase_risk(world, review_due="2027-11-24")
    assert late.value.rule == R.R_REVIEW_YEARLY
    with pytest.raises(RuleViolation, match="复核日期须在"):
        purchase_risk(world, review_due="2026-11-22")


def test_a_yearly_review_keeps_changes_or_closes_a_risk_with_who_and_when(world):
    risk = purchase_risk(world, identified_on="2025-11-01", review_due="2026-11-01")

    kept = S.review_risk(risk, outcome="kept", reviewed_on="2026-11-20", acting_user=world.secretary_a)
    risk.refresh_from_db()
    assert (kept.reviewer_name, kept.next_due, risk.review_due) == ("张伟", d("2027-11-20"), d("2027-11-20"))

    with pytest.raises(RuleViolation, match="调整等级须改为另一等级"):
        S.review_risk(risk, outcome="changed", level="high", acting_user=world.secretary_a)
    S.review_risk(risk, outcome="changed", level="medium", measures="纳入政府采购平台", acting_user=world.principal_a)
    risk.refresh_from_db()
    assert (risk.level, risk.measures) == (R.Level.MEDIUM, "纳入政府采购平台")

    with pytest.raises(RuleViolation, match="销号须写明理由"):
        S.review_risk(risk, outcome="closed", acting_user=world.secretary_a)
    S.review_risk(risk, outcome="closed", note="采购改由区集中采购中心办理", acting_user=world.secretary_a)
    risk.refresh_from_db()
    assert risk.state == R.RiskState.CLOSED and risk.closed_on == TODAY
    with pytest.raises(RuleViolation) as closed:
        S.review_risk(risk, outcome="kept", acting_user=world.secretary_a)
    assert closed.value.rule == R.R_CLOSED
    assert [v.outcome for v in risk.reviews.order_by("id")] == ["kept", "changed", "closed"]


def test_a_review_may_not_predate_the_last_one_nor_lie_in_the_future(world):
    risk = purchase_risk(world, identified_on="2026-01-10", review_due="2026-12-01")
    with pytest.raises(RuleViolation, match="复核日期须在 2026-01-10 至今天之间"):
        S.review_risk(risk, outcome="kept", reviewed_on="2026-01-09", acting_user=world.secretary_a)
    with pytest.raises(RuleViolation, match="至今天之间"):
        S.review_risk(risk, outcome="kept", reviewed_on="2026-11-24", acting_user=world.secretary_a)


def test_reviews_due_show_on_the_schools_to_do_overdue_and_within_the_month(world):
    purchase_risk(world, identified_on="2025-11-01", review_due="2026-11-01")
    purchase_risk(world, description="资助对象评定优亲厚友", power=world.power_aid_a.pk, level="medium",
                  identified_on="2025-12-10", review_due="2026-12-10")
    purchase_risk(world, description="验收走过场", level="low")

    lines = integrity_risk_todo(world.secretary_a, world.branch_a, TODAY)
    assert [(i.title, i.level) for i in lines][0] == ("1 个廉政风险点已过复核日期，须年度复核", OVERDUE)
    assert lines[1].title == "1 个廉政风险点将于 30 天内到期复核" and "show=due" in lines[1].url
    assert integrity_risk_todo(world.member_a, world.branch_a, TODAY) == []
    assert integrity_risk_todo(world.county_admin, world.county_a, TODAY) == []


def test_each_small_power_counts_its_active_risks_for_those_who_read_the_ledger(world):
    purchase_risk(world)
    purchase_risk(world, description="验收与采购由同一人办理", level="medium")
    ids = [world.power_purchase_a.pk, world.power_aid_a.pk, world.power_c.pk]

    counts = power_risk_counts(world.secretary_a, ids)
    assert counts[world.power_purchase_a.pk][0] == 2 and counts[world.power_aid_a.pk][0] == 0
    assert f"power={world.power_purchase_a.pk}" in counts[world.power_purchase_a.pk][1]
    assert world.power_c.pk not in counts          # school C's ledger is not hers to read
    assert power_risk_counts(world.member_a, ids) == {}


def test_the_powers_page_in_decisions_links_to_the_risks(client, world):
    purchase_risk(world)
    login(client, world.secretary_a)

    page = client.get(reverse("decisions:powers"), {"org": world.branch_a.pk}).content.decode()
    assert "廉政风险点 1 个" in page and "廉政风险点 0 个" in page
    edit = client.get(reverse("decisions:power_edit", args=[world.power_purchase_a.pk])).content.decode()
    assert "廉政风险点 1 个" in edit


def test_the_list_is_published_to_the_staff_and_printed_as_published(world):
    with pytest.raises(RuleViolation, match="没有在册的风险点"):
        S.publish_risks(world.branch_a, acting_user=world.secretary_a)
    purchase_risk(world)
    publication = S.publish_risks(world.branch_a, year=2026, acting_user=world.secretary_a)
    purchase_risk(world, description="后来登记的风险点")   # not part of what was published

    assert (publication.published_on, publication.published_by_name, len(publication.rows)) == (TODAY, "张伟", 1)
    doc = risk_list(world.branch_a, 2026)
    assert doc.title == "2026年度廉政风险点及防控措施一览表" and doc.schools == "东城区第一中学"
    assert len(doc.rows) == 1 and "公示人：张伟" in doc.record
    out = io.BytesIO()
    write_docx(doc, out)
    text = "\n".join(c.text for t in Document(io.BytesIO(out.getvalue())).tables for r in t.rows for c in r.cells)
    assert "询价时指定供应商" in text and "后来登记的风险点" not in text
    with pytest.raises(RuleViolation, match="公示日期不得晚于今天"):
        S.publish_risks(world.branch_a, published_on="2026-11-24", acting_user=world.secretary_a)
    assert RiskPublication.objects.count() == 1


def test_the_api_refuses_a_risk_without_measures_naming_the_rule(client, world):
    login(client, world.secretary_a)
    body = {"org": world.branch_a.pk, "description": "询价时指定供应商", "level": "high", "measures": "",
            "owner": world.staff_head_a.pk, "power": world.power_purchase_a.pk}
    refused = client.post(reverse("api:integrity_risk_create"), body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "measures"
    assert "防控机制" in refused.json()["rule"]
    made = client.post(reverse("api:integrity_risk_create"), {**body, "measures": "三家以上询价"},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["post"] == "总务处" and made.json()["status"] == "ok"
