"""Arrears list, collection sheet over a subtree, yearly summary, remittances with their
reconciliation, and the two workbooks — by persona, with bounded query counts."""

import datetime
import io

import pytest
import python_calamine
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.dues import selectors, services
from dangjian.dues.models import Remittance
from dangjian.dues.services import line_for, record_payment
from dangjian.members.models import Member
from dangjian.orgs.tests.growth import grow_county_a
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(dues_world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, dues_world.personas[persona])
        return client

    return make


def pay(member, month, key):
    record_payment(line_for(member, month), amount="40.00", method="cash", paid_on="2026-11-23", idempotency_key=key)


def test_the_arrears_list_says_the_months_and_the_level_in_words_and_colour(as_, dues_world):
    for month in ("2026-05", "2026-06", "2026-07"):
        pay(dues_world.m_member_a, month, month)
    page = as_("secretary_a").get(reverse("dues:arrears"), {"org": dues_world.branch_a.pk})
    text = page.content.decode()
    assert page.status_code == 200
    rows = {row.member_name: row for row in page.context["page_obj"].object_list}
    assert (rows["杨帆"].count, rows["杨帆"].state, rows["杨帆"].state_label) == (3, "warning", "满 3 个月：批评教育")
    assert (rows["张伟"].count, rows["张伟"].state, rows["张伟"].state_label) == (6, "danger", "满 6 个月：提请支部大会")
    assert "《中国共产党章程》第九条" in text and reverse("dues:member", args=[dues_world.m_member_a.pk]) in text
    # Eight unpaid since May; 杨帆 and the probationary member (billed from June) are warnings.
    assert page.context["lapse_count"] == 8 and page.context["warning_count"] == 2


def test_the_arrears_list_is_404_for_another_school_and_403_for_the_principal(as_, dues_world):
    query = {"org": dues_world.branch_a.pk}
    assert as_("secretary_b").get(reverse("dues:arrears"), query).status_code == 404
    assert as_("principal_a").get(reverse("dues:arrears"), query).status_code == 403
    assert as_("member_a").get(reverse("dues:arrears")).status_code == 403


def test_the_county_sees_each_organization_of_its_subtree_with_a_total(as_, dues_world):
    services.set_base(dues_world.m_secretary_b, base="3000.00", category="in_service", effective_month="2026-01")
    services.generate_ledger(dues_world.county_a, "2026-11")
    pay(dues_world.m_member_a, "2026-11", "c1")
    page = as_("county_admin").get(reverse("dues:collection"), {"org": dues_world.county_a.pk, "month": "2026-11"})
    text = page.content.decode()
    assert page.status_code == 200
    assert [r.org_name for r in page.context["rows"]] == ["东城区第一中学党支部", "东城区实验小学党支部", "东城区乡村小学联合党支部"]
    total = page.context["total"]
    assert (total.due_count, total.paid_count, total.missing_base) == (15, 1, 4)
    assert "415.00" in text and "40.00" in text and "东城区教育党工委合计" in text
    assert "已收齐" not in text and "未收齐" in text and "未收缴" in text


def test_the_city_sees_one_row_per_county_and_drills_down_to_the_branches(as_, dues_world):
    services.set_base(dues_world.m_secretary_b, base="3000.00", category="in_service", effective_month="2026-01")
    services.generate_ledger(dues_world.city, "2026-11")
    pay(dues_world.m_member_a, "2026-11", "d1")
    client = as_("city_admin")
    page = client.get(reverse("dues:collection"), {"org": dues_world.city.pk, "month": "2026-11"})
    rows = page.context["rows"]
    assert [(r.org_name, r.drill_down) for r in rows] == [("东城区教育党工委", True), ("西城区教育党工委", True)]
    # The counties' rows add up to the sheet of every billing organization.
    by_branch = selectors.collection_sheet(dues_world.city, datetime.date(2026, 11, 1))[1]
    total = page.context["total"]
    assert (total.due_count, total.paid_count, total.due_amount) == (
        by_branch.due_count, by_branch.paid_count, by_branch.due_amount)
    county_page = f'{reverse("dues:collection")}?org={dues_world.county_a.pk}&month=2026-11'
    assert county_page in page.content.decode()
    # One level down, a branch that bills its own members links to its ledger.
    county = client.get(reverse("dues:collection"), {"org": dues_world.county_a.pk, "month": "2026-11"})
    assert not any(r.drill_down for r in county.context["rows"])
    assert f'{reverse("dues:ledger")}?org={dues_world.branch_a.pk}&month=2026-11' in county.content.decode()


def test_the_collection_sheet_is_404_out_of_scope_and_403_without_dues_view(as_, dues_world):
    query = {"org": dues_world.county_a.pk, "month": "2026-11"}
    assert as_("secretary_a").get(reverse("dues:collection"), query).status_code == 404
    assert as_("principal_a").get(reverse("dues:collection"), {"org": dues_world.branch_a.pk}).status_code == 403
    assert as_("secretary_a").get(reverse("dues:collection"), {"month": "2026-99"}).status_code == 400


def test_the_collection_page_needs_no_more_queries_for_a_bigger_county(as_, dues_world,
                                                                        django_assert_max_num_queries):
    client = as_("county_admin")
    for name in ("dues:collection", "dues:arrears"):
        query = {"org": dues_world.county_a.pk, "month": "2026-11"}
        client.get(reverse(name), query)
        with django_assert_max_num_queries(20) as small:
            client.get(reverse(name), query)
        counts = len(small.captured_queries)
        if name == "dues:collection":
            grow_county_a(dues_world, 5)
            for member in Member.objects.filter(name__startswith="党员"):
                services.set_base(member, base="6000.00", category="in_service", effective_month="2026-01")
            for month in ("2026-08", "2026-09", "2026-10", "2026-11"):
                services.generate_ledger(dues_world.county_a, month)
        with django_assert_max_num_queries(counts):
            client.get(reverse(name), query)


def test_the_yearly_summary_lists_the_months(as_, dues_world):
    pay(dues_world.m_member_a, "2026-10", "y1")
    page = as_("org_member_a").get(reverse("dues:yearly"), {"org": dues_world.branch_a.pk, "year": "2026"})
    assert page.status_code == 200
    assert [r.org_name for r in page.context["rows"]][0] == "2026年05月"
    # Nine members for seven months, the probationary one from June (her 支部大会): 69 × 40.00.
    total = page.context["total"]
    assert (total.due_count, total.due_amount, total.paid_amount) == (69, 2760, 40)
    assert as_("org_member_a").get(reverse("dues:yearly"), {"year": "20x6"}).status_code == 400


def test_a_remittance_is_recorded_and_set_beside_what_was_collected(as_, dues_world):
    pay(dues_world.m_member_a, "2026-10", "r1")
    pay(dues_world.m_secretary_a, "2026-10", "r2")
    client = as_("org_member_a")
    data = {"org": dues_world.branch_a.pk, "period_start": "2026-10", "period_end": "2026-11", "amount": "80.00",
            "remitted_on": "2026-11-23", "reference": "HK-01"}
    done = client.post(reverse("dues:remittances") + "?year=2026", data, follow=True)
    text = done.content.decode()
    assert "已登记上缴 80.00 元（2026年10月至2026年11月，接收组织：东城区教育党工委）" in text
    q4 = done.context["reconciliation"][3]
    assert (q4.collected, q4.remitted, q4.difference) == (80, 80, 0) and "相符" in text


@pytest.mark.parametrize(("field", "value", "says"), [
    ("amount", "0", "上缴金额须大于 0"), ("period_end", "2026-12", "不能上缴尚未到来的月份的党费"),
    ("period_end", "2026-08", "所属期止不能早于所属期起"),
])
def test_a_bad_remittance_is_refused_by_its_field(as_, dues_world, field, value, says):
    data = {"org": dues_world.branch_a.pk, "period_start": "2026-10", "period_end": "2026-11", "amount": "80.00",
            "remitted_on": "2026-11-23", field: value}
    answer = as_("secretary_a").post(reverse("dues:remittances"), data)
    assert answer.status_code == 422 and says in answer.content.decode()
    assert not Remittance.objects.exists()


def test_remittances_may_be_read_by_viewers_and_recorded_only_by_managers(as_, dues_world):
    data = {"org": dues_world.branch_a.pk, "period_start": "2026-10", "period_end": "2026-10", "amount": "40",
            "remitted_on": "2026-11-23"}
    assert as_("principal_a").post(reverse("dues:remittances"), data).status_code == 403
    assert as_("secretary_b").post(reverse("dues:remittances"), data).status_code == 404
    assert as_("city_admin").get(reverse("dues:remittances"), {"org": dues_world.branch_a.pk}).status_code == 200
    assert not Remittance.objects.exists()


def cells(response):
    data = b"".join(response.streaming_content)
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_the_collection_sheet_downloads_as_a_printable_workbook_and_is_audited(as_, dues_world):
    answer = as_("secretary_a").get(reverse("dues:collection_xlsx"), {"org": dues_world.branch_a.pk, "month": "2026-11"})
    assert answer.status_code == 200 and "filename*=UTF-8''" in answer["Content-Disposition"]
    sheet = cells(answer)
    assert sheet[0][0] == "2026年11月党费收缴情况表" and sheet[3][0] == "东城区第一中学党支部"
    assert AuditEntry.objects.filter(action="dues.export").count() == 1


def test_the_disclosure_statement_needs_the_export_right(as_, dues_world):
    pay(dues_world.m_member_a, "2026-11", "d1")
    answer = as_("org_member_a").get(reverse("dues:disclosure_xlsx"), {"org": dues_world.branch_a.pk, "year": "2026"})
    rows = {row[0]: row for row in cells(answer)[3:13]}
    assert rows["杨帆"][12] == 40.0
    assert as_("principal_a").get(reverse("dues:disclosure_xlsx"), {"org": dues_world.branch_a.pk}).status_code == 403
    assert as_("secretary_b").get(reverse("dues:disclosure_xlsx"), {"org": dues_world.branch_a.pk}).status_code == 404
    assert as_("secretary_a").get(reverse("dues:disclosure_xlsx"), {"org": dues_world.branch_a.pk,
                                                                   "year": "1800"}).status_code == 400


def test_a_dues_table_to_print_is_not_counted_against_the_bulk_export_limit(as_, dues_world, settings):
    """The collection sheet is a document a secretary prints (issue 15, item 2): a limit of one
    bulk export does not stop the second and third copy."""
    settings.DANGJIAN_EXPORT_LIMIT = 1
    client = as_("secretary_a")
    query = {"org": dues_world.branch_a.pk, "month": "2026-11"}
    assert [client.get(reverse("dues:collection_xlsx"), query).status_code for _ in range(3)] == [200, 200, 200]
