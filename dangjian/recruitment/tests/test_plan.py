"""年度发展计划: a committee or a branch plans the year's numbers (seed 000: "发展党员10名"); the
board and the API show them against the steps actually recorded, for the organization and for
each next-level organization; every change is audited with the old and new numbers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.recruitment.selectors import plan_vs_actual
from dangjian.recruitment.services import set_plan
from dangjian.testing import login

from .conftest import refused, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted_in_2025(world, applicant):
    """赵明 is approved as a probationary member on 2025-02-20 (step 17 of the happy path)."""
    return walk(world, applicant, until="17")


def test_the_county_plans_ten_and_sees_one_admitted_in_branch_a(world, admitted_in_2025):
    set_plan(world.county_a, 2025, admitted=10, activists=15, basis="东教组〔2025〕1号", acting_user=world.county_admin)
    set_plan(world.branch_a, 2025, admitted=3, acting_user=world.secretary_a)
    summary = plan_vs_actual(world.county_admin, world.county_a, 2025)
    assert summary["own"]["admitted"] == 10 and summary["below"]["admitted"] == 3
    assert summary["actual"] == {"activists": 0, "candidates": 0, "admitted": 1}
    row = next(r for r in summary["rows"] if r["org"] == world.branch_a)
    assert row["planned"]["admitted"] == 3 and row["actual"]["admitted"] == 1


def test_without_a_plan_of_its_own_the_county_compares_with_its_branches_added_up(world, admitted_in_2025):
    set_plan(world.branch_a, 2025, admitted=3)
    set_plan(world.branch_b, 2025, admitted=2)
    summary = plan_vs_actual(world.county_admin, world.county_a, 2025)
    assert summary["own"] is None and summary["planned"]["admitted"] == 5


def test_the_activist_of_2023_counts_in_2023_and_not_in_2025(world, admitted_in_2025):
    assert plan_vs_actual(world.county_admin, world.county_a, 2023)["actual"]["activists"] == 1
    assert plan_vs_actual(world.county_admin, world.county_a, 2025)["actual"]["activists"] == 0


def test_changing_the_plan_is_audited_with_the_old_and_new_numbers(world, frozen):
    set_plan(world.branch_a, 2026, admitted=2, acting_user=world.secretary_a)
    set_plan(world.branch_a, 2026, admitted=3, basis="支委会研究调整", acting_user=world.secretary_a)
    entry = AuditEntry.objects.filter(action="recruitment.plan").order_by("-id").first()
    assert entry.changes["before"]["admitted"] == 2 and entry.changes["after"]["admitted"] == 3
    assert entry.reason == "支委会研究调整"


def test_another_schools_secretary_may_not_plan_for_branch_a(world, frozen):
    with pytest.raises(PermissionDenied):
        set_plan(world.branch_a, 2026, admitted=5, acting_user=world.secretary_b)


def test_a_negative_plan_is_refused(world, frozen):
    assert refused(lambda: set_plan(world.branch_a, 2026, admitted=-1)).field == "admitted"


def test_the_board_shows_the_plan_against_this_years_work(client, world, frozen):
    set_plan(world.branch_a, 2026, admitted=10, basis="党委年度计划")
    login(client, world.secretary_a)
    page = client.get(reverse("recruitment:board")).content.decode()
    assert "2026年度发展计划与完成情况" in page and "发展党员（接收预备党员）" in page and "10 名" in page


def test_the_secretary_sets_the_plan_on_its_page(client, world, frozen):
    login(client, world.secretary_a)
    url = f"{reverse('recruitment:plan')}?org={world.branch_a.pk}&year=2026"
    response = client.post(url, {"year": "2026", "admitted": "4", "activists": "6", "basis": "支委会研究"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "本级计划：发展党员 <strong>4</strong> 名" in page


def test_an_empty_plan_comes_back_with_its_error(client, world, frozen):
    login(client, world.secretary_a)
    response = client.post(f"{reverse('recruitment:plan')}?org={world.branch_a.pk}", {"year": "2026", "admitted": ""})
    assert response.status_code == 422 and "admitted" in response.context["form"].errors


def test_the_api_answers_the_plan_and_the_next_level(world, admitted_in_2025):
    set_plan(world.county_a, 2025, admitted=10)
    api = Client()
    login(api, world.county_admin)
    body = api.get(f"/api/v1/recruitment/plan?org={world.county_a.pk}&year=2025").json()
    assert body["own_plan"]["admitted"] == 10 and body["actual"]["admitted"] == 1
    assert [r["org"]["name"] for r in body["rows"]] == ["东城区第一中学党支部"]
    other = Client()
    login(other, world.secretary_b)
    assert other.get(f"/api/v1/recruitment/plan?org={world.branch_a.pk}").status_code == 404
