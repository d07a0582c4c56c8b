"""The compliance summary the committees' pages read: the same totals as the live computation,
in the same order, with the time it was computed; a meeting recorded or corrected counts at once;
a summary of another day is not read. And one organization's compliance alone equals its row in
its subtree's, with the rules resolved once per set of rule-bearing ancestors. Frozen on
2026-11-23."""

import datetime
import re

import pytest

from dangjian.orglife import compliance as C
from dangjian.orglife import summaries
from dangjian.orglife.models import ComplianceSnapshot, ComplianceSummary
from dangjian.orglife.rules import Kind, parse_period

pytestmark = pytest.mark.django_db
D = datetime.date


def table_rows(html: str) -> list[tuple[str, str]]:
    """(organization, rate) of each row of the page's table, in order."""
    body = html.split('id="compliance-table"', 1)[1]
    return re.findall(r'<td><a href="[^"]*">([^<]+)</a></td>\s*<td class="text-end rate">([^<]+)</td>', body)


def test_the_summary_holds_the_live_totals_of_every_organization(world, hold, frozen):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 15))
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 10, 9), makeup_for=D(2026, 7, 1), topic="补开第三季度党员大会")
    done = summaries.refresh(frozen)
    assert done["periods"] == 6   # this and last month, quarter and year
    for code in ("2026-11", "2026-10", "2026-Q4", "2026-Q3", "2026", "2025"):
        live = {r.org_id: (r.required, r.held, r.missing, r.rate)
                for r in C.subtree_compliance(world.city, parse_period(code), frozen)}
        stored = {s.org_id: (s.required, s.held, s.missing, s.rate) for s in ComplianceSummary.objects.filter(period=code)}
        assert stored == live, code


def test_the_city_page_reads_the_summary_in_the_live_order_and_says_when_it_was_computed(world, client_as, hold,
                                                                                         frozen):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 15))
    client = client_as("city_admin")
    urls = [f"/orglife/compliance/?org={world.city.pk}&period=2026-Q4&sort={sort}" for sort in C.SORTS]
    live = [client.get(url).content.decode() for url in urls]
    assert "数据截至" not in live[0]
    summaries.refresh(frozen)
    read = [client.get(url).content.decode() for url in urls]
    for before, after in zip(live, read, strict=True):
        assert table_rows(after) == table_rows(before) and table_rows(after)
        assert re.findall(r"</span> (\d+)", after) == re.findall(r"</span> (\d+)", before)   # the colour counts
    assert "下级组织数据截至 2026年11月23日 10:00" in read[0]


def test_a_meeting_recorded_after_the_refresh_counts_at_once(world, client_as, hold, frozen):
    summaries.refresh(frozen)
    row = ComplianceSummary.objects.get(period="2026-11", org=world.branch_a)
    assert row.held == 0
    meeting = hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 10))
    for code in ("2026-11", "2026-Q4", "2026"):
        live = C.org_compliance(world.branch_a, parse_period(code), frozen)
        row = ComplianceSummary.objects.get(period=code, org=world.branch_a)
        assert (row.required, row.held, row.missing) == (live.required, live.held, live.missing)
    assert ComplianceSummary.objects.get(period="2026-11", org=world.branch_a).held == 1
    # moved to October by a correction: November loses it, October gains it
    from dangjian.orglife.services import update_meeting

    update_meeting(meeting, held_on=D(2026, 10, 20))
    assert ComplianceSummary.objects.get(period="2026-11", org=world.branch_a).held == 0
    assert ComplianceSummary.objects.get(period="2026-10", org=world.branch_a).held == 1


def test_a_summary_of_another_day_is_not_read(world, client_as, hold, frozen):
    summaries.refresh(D(2026, 11, 22))
    assert summaries.current(parse_period("2026-Q4"), frozen) is None
    page = client_as("city_admin").get(f"/orglife/compliance/?org={world.city.pk}&period=2026-Q4").content.decode()
    assert "数据截至" not in page and table_rows(page)


def test_a_full_refresh_drops_the_periods_no_longer_kept(world, frozen):
    summaries.refresh(D(2026, 9, 30))
    summaries.refresh(frozen)
    assert set(ComplianceSnapshot.objects.values_list("period", flat=True)) == {
        "2026-11", "2026-10", "2026-Q4", "2026-Q3", "2026", "2025"}
    assert not ComplianceSummary.objects.filter(period="2026-09").exists()


def test_one_organization_alone_equals_its_row_in_the_subtree(world, hold, frozen):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 8, 15))
    hold(world.branch_a, Kind.GROUP_MEETING, D(2026, 8, 8), group=world.group_a1)
    for code in ("2026-08", "2026-Q3", "2026"):
        period = parse_period(code)
        rows = C.subtree_compliance(world.city, period, frozen)
        for row in rows:
            from dangjian.orgs.models import PartyOrg

            alone = C.org_compliance(PartyOrg.objects.get(pk=row.org_id), period, frozen)
            assert (alone.required, alone.held, alone.missing) == (row.required, row.held, row.missing)
            assert [(c.kind, c.status, c.lacking) for c in alone.checks] == [(c.kind, c.status, c.lacking) for c in row.checks]
            assert ([(a.kind, [s.status for s in a.subs]) for a in alone.activities]
                    == [(a.kind, [s.status for s in a.subs]) for a in row.activities])


def test_a_county_s_stricter_rule_reaches_its_branches_only(world, hold, frozen, time_machine):
    """Rules are resolved once per set of rule-bearing ancestors: a county's override must reach
    every branch under it and none under its neighbour, whatever order the fold meets them in."""
    from dangjian.orglife.services import set_override

    set_override(world.county_a, kind=Kind.GENERAL_MEETING, frequency="monthly", min_count=1,
                 effective_from=D(2026, 12, 1), reason="区委组织部〔2026〕8号")
    time_machine.move_to(datetime.datetime(2027, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    december = parse_period("2026-12")
    rows = {r.org_id: r for r in C.subtree_compliance(world.city, december, D(2027, 1, 5))}
    general = lambda row: [a for a in row.activities if a.kind == Kind.GENERAL_MEETING]  # noqa: E731
    assert general(rows[world.branch_a.pk]) and general(rows[world.branch_a.pk])[0].rule.source == "东城区教育党工委"
    assert general(rows[world.branch_b.pk]) and general(rows[world.joint.pk])
    assert not general(rows[world.branch_c1.pk])   # 西城区: the national (quarterly) rule, not checked in a month


def test_the_county_s_home_line_reads_the_year_s_summary_and_counts_a_meeting_at_once(world, hold, frozen):
    from django.core.cache import cache

    from dangjian.orglife.todo import orglife_todo

    cache.clear()
    computed = orglife_todo(world.county_admin, world.county_a, frozen)
    summaries.refresh(frozen)
    read = orglife_todo(world.county_admin, world.county_a, frozen)
    assert [i.title for i in read] == [i.title for i in computed] and read
    assert read[0].note == "数据截至 11月23日 10:00"
    missing = sum(r.missing for r in C.subtree_compliance(world.county_a, parse_period("2026"), frozen))
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 10), makeup_for=D(2026, 10, 1))   # October's, made up
    assert f"（共 {missing - 1} 项）" in orglife_todo(world.county_admin, world.county_a, frozen)[0].title
    cache.clear()   # the file cache outlives the test's transaction
