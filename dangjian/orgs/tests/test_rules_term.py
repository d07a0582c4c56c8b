"""换届到期 is judged once, by dangjian.orgs.rules.term_status, and the organization pages, the
structure findings (page and API), the dashboard and the 换届 reminders all say what it says."""

import datetime
import os

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.orgs import services
from dangjian.orgs.rules import R_TERM, TERM_WARNING_DAYS, check_structure, term_status, term_warning_days
from dangjian.orgs.tests.test_structure_rules import facts
from dangjian.testing import login

TODAY = datetime.date(2026, 11, 23)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


# --- the rule at its boundaries ----------------------------------------------------------------

@pytest.mark.parametrize(("term_end", "state", "label", "left"), [
    (days(-1), "danger", "逾期未换届", -1),    # the day after the last day of the term
    (days(0), "warning", "即将到期", 0),       # the last day of the term is still within it
    (days(180), "warning", "即将到期", 180),   # the warning window includes its last day
    (days(181), "ok", "正常", 181),
    (None, "na", "未登记任期", None),
])
def test_a_term_is_overdue_the_day_after_it_ends_and_due_soon_within_the_warning_window(term_end, state, label, left):
    term = term_status("branch", term_end, TODAY, 180)
    assert (term.state, term.label, term.days_left) == (state, label, left)


@pytest.mark.parametrize("kind", ["education_committee", "group"])
def test_an_organization_without_an_elected_committee_has_no_term_to_judge(kind):
    assert term_status(kind, days(-400), TODAY, 180).state == "na"


def test_the_structure_finding_about_the_term_follows_the_same_judgement():
    for n in (-1, 0, 180, 181):
        term = term_status("branch", days(n), TODAY, 180)
        found = [f.level for f in check_structure(facts(term_end=days(n)), TODAY, 180) if f.rule.code == "term"]
        assert found == ([term.state] if term.state in {"danger", "warning"} else [])


def test_the_warning_window_is_the_deployments_setting(settings):
    settings.TERM_WARNING_DAYS = 30
    assert term_warning_days() == 30
    assert term_status("branch", days(31), TODAY).state == "ok"
    assert term_status("branch", days(30), TODAY).state == "warning"


@pytest.mark.skipif("DANGJIAN_TERM_WARNING_DAYS" in os.environ, reason="the deployment sets its own window")
def test_without_a_setting_the_window_is_the_rules_half_year(settings):
    assert settings.TERM_WARNING_DAYS == TERM_WARNING_DAYS == 180
    del settings.TERM_WARNING_DAYS
    assert term_warning_days() == TERM_WARNING_DAYS


# --- the page, the API, the dashboard and the reminder agree --------------------------------------

@pytest.mark.parametrize(("offset", "state", "notice"), [
    (30, "warning", "任期即将届满，请筹备换届"),
    (-1, "danger", "任期已届满，请尽快换届"),
])
def test_the_page_the_api_the_dashboard_and_the_reminder_say_the_same_for_one_branch(
        world, time_machine, offset, state, notice):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    world.branch_b.term_start, world.branch_b.term_end = datetime.date(2023, 11, 1), days(offset)
    world.branch_b.save()
    expected = term_status(world.branch_b.kind, world.branch_b.term_end, TODAY)
    assert expected.state == state
    client = Client()
    login(client, world.county_admin)

    page = client.get(reverse("orgs:detail", args=[world.branch_b.pk]))
    assert page.context["term"] == (expected.state, expected.label)
    assert [f.level for f in page.context["findings"] if f.rule.code == "term"] == [expected.state]

    answer = client.get(f"/api/v1/orgs/{world.branch_b.pk}").json()
    assert [f["level"] for f in answer["findings"] if f["rule_code"] == "term"] == [expected.state]

    home = client.get(reverse("core:home"))
    assert (home.context["terms_overdue"], home.context["terms_expiring"]) == (
        (1, 0) if expected.overdue else (0, 1))
    # the card names the rule it counts by, as the rule itself cites it (it once cited 选举工作条例 第五条)
    assert f"依据：{R_TERM}" in home.content.decode() and "第五条" not in R_TERM.citation

    assert services.send_term_reminders(TODAY) > 0
    sent = Notification.objects.get(user=world.secretary_b, key__startswith=f"term:{world.branch_b.pk}:")
    assert sent.level == expected.state and sent.title == f"{world.branch_b.name}{notice}"
