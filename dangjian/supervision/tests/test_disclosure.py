"""党务公开 from draft to archive: the organization committee member drafts the dues 公示表, the
secretary reviews and approves it, it is published to the members, and a member sees it; nothing
is published without its review and approval; the catalogue is the higher committee's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from dangjian.core.models import AuditEntry
from dangjian.supervision.models import DisclosureItem
from dangjian.supervision.rules import disclosure as R
from dangjian.supervision.selectors.disclosure import public_history, published_to
from dangjian.supervision.services import disclosure as S
from dangjian.supervision.sources import DisclosureSource, SourceContent, all_sources, get_source, register_source
from dangjian.supervision.tests.rectification_helpers import TODAY, frozen, refused  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("frozen")


def with_dues(w):
    """Branch A's members with a base and the year's dues paid for October (what the 公示表 shows)."""
    from dangjian.dues import services as dues
    from dangjian.dues.models import DuesLine
    from dangjian.dues.rules import Category
    from dangjian.dues.services import record_payment
    from dangjian.members.models import Member

    for member in Member.objects.filter(org=w.branch_a):
        dues.set_base(member, base="4000.00", category=Category.IN_SERVICE, effective_month="2026-01")
    dues.generate_ledger(w.branch_a, "2026-10")
    for n, line in enumerate(DuesLine.objects.filter(org=w.branch_a)):
        record_payment(line, amount="40.00", method="cash", paid_on=datetime.date(2026, 10, 20),
                       idempotency_key=f"disclosure-{n}")


EXTEND_SHARED_WORLD = with_dues


def dues_draft(world, **kw):
    return S.draft_disclosure(world.branch_a, audience="party", timing="regular", source_key="dues_statement",
                              source_year=2026, acting_user=kw.pop("by", world.org_member_a), today=TODAY, **kw)


def test_the_dues_statement_is_drafted_from_the_dues_ledger(world):
    item = dues_draft(world)

    assert item.title == "东城区第一中学党支部2026年度党费交纳情况公示"
    assert item.table["columns"][:2] == ["姓名", "所在党组织"] and item.table["columns"][11] == "10月"
    row = next(r for r in item.table["rows"] if r[0] == "杨帆")
    assert row[11] == "40.00" and row[14] == "40.00"
    assert item.state == R.State.DRAFTED and item.events.get().step == "draft"


def test_the_secretary_reviews_and_approves_and_the_member_sees_it_published(world):
    item = dues_draft(world)
    S.review_disclosure(item, acting_user=world.secretary_a)
    S.approve_disclosure(item, acting_user=world.secretary_a)
    S.publish_disclosure(item, acting_user=world.org_member_a, today=TODAY)
    item.refresh_from_db()

    assert (item.state, item.starts_on, item.ends_on) == (R.State.PUBLISHED, TODAY, TODAY + datetime.timedelta(days=30))
    assert list(published_to(world.member_a, TODAY)) == [item]
    assert list(published_to(world.member_a, TODAY + datetime.timedelta(days=31))) == []
    assert not published_to(world.secretary_b, TODAY).exists()  # another school's member
    assert not published_to(world.principal_a, TODAY).exists()  # 党内 only: the principal holds no member record
    assert [e.step for e in item.events.order_by("occurred_at", "id")] == ["draft", "review", "approve", "publish"]
    assert AuditEntry.objects.filter(action="disclosure.publish", actor=world.org_member_a).exists()


def test_a_publication_without_review_is_refused_naming_the_rule(world):
    item = dues_draft(world)

    violation = refused(lambda: S.publish_disclosure(item, acting_user=world.org_member_a))

    assert violation.rule == R.R_PROCEDURE and violation.message == "未经保密审查的事项不得公开"
    S.review_disclosure(item, acting_user=world.secretary_a)
    assert refused(lambda: S.publish_disclosure(item, acting_user=world.org_member_a)).message == "未经书记审批的事项不得公开"


def test_the_database_refuses_a_published_row_without_review_and_approval(world):
    item = dues_draft(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItem.objects.filter(pk=item.pk).update(state=R.State.PUBLISHED, published_on=TODAY)


def test_the_drafter_does_not_review_her_own_draft(world):
    item = dues_draft(world, by=world.secretary_a)

    assert refused(lambda: S.review_disclosure(item, acting_user=world.secretary_a)).rule == R.R_REVIEWER
    S.review_disclosure(item, acting_user=world.org_member_a)


def test_only_the_organizations_secretary_approves_not_the_county_above(world):
    item = S.review_disclosure(dues_draft(world), acting_user=world.secretary_a)

    with pytest.raises(PermissionDenied):
        S.approve_disclosure(item, acting_user=world.county_admin)
    with pytest.raises(PermissionDenied):
        S.approve_disclosure(item, acting_user=world.org_member_a)
    S.approve_disclosure(item, acting_user=world.secretary_a)


def test_a_reviewed_draft_is_locked_until_sent_back_with_a_reason(world):
    item = S.review_disclosure(dues_draft(world), acting_user=world.secretary_a)

    assert refused(lambda: S.edit_disclosure(item, {"title": "改"}, acting_user=world.org_member_a)).rule == R.R_EDIT_LOCKED
    assert refused(lambda: S.send_back(item, reason="", acting_user=world.secretary_a)).rule == R.R_SEND_BACK_REASON
    S.send_back(item, reason="请删去已转出党员", acting_user=world.secretary_a)
    edited = S.edit_disclosure(item, {"title": "2026年度党费交纳情况公示（修订）"}, acting_user=world.org_member_a)
    assert (edited.state, edited.title, edited.reviewed_at) == (R.State.DRAFTED, "2026年度党费交纳情况公示（修订）", None)


def test_a_drafter_without_the_sources_right_cannot_pull_its_data(world):
    """The 宣传委员 drafts, but may not read the 民主评议 grades (appraisal.manage): a source needing
    that right is refused to her; her own text is not."""
    from dangjian.core.roles import Post
    from dangjian.orgs.models import Position

    Position.objects.create(org=world.branch_a, post=Post.PUBLICITY_MEMBER, user=world.member_a, person_name="杨帆",
                            member=world.m_member_a, started_on=datetime.date(2024, 9, 1))
    register_source(DisclosureSource("test_grades", "测试评定", "appraisal.manage",
                                     lambda org, year: SourceContent("评定", "正文", ["姓名"], [["甲"]])))
    try:
        violation = refused(lambda: S.draft_disclosure(world.branch_a, audience="party", timing="regular",
                                                       source_key="test_grades", acting_user=world.member_a))
        assert violation.rule == R.R_SOURCE_RIGHT
        assert S.draft_disclosure(world.branch_a, audience="party", timing="regular", source_key="test_grades",
                                  acting_user=world.org_member_a, today=TODAY).table["rows"] == [["甲"]]
    finally:
        from dangjian.supervision import sources

        sources._sources.pop("test_grades")
    S.draft_disclosure(world.branch_a, audience="party", timing="regular", title="主题党日安排", body="每月第一个周五",
                       acting_user=world.member_a, today=TODAY)


def test_a_period_that_ends_before_it_starts_and_an_empty_item_are_refused(world):
    assert refused(lambda: S.draft_disclosure(world.branch_a, audience="party", timing="timely", title="x", body="y",
                                              starts_on="2026-12-01", ends_on="2026-11-30",
                                              acting_user=world.org_member_a)).rule == R.R_PERIOD
    assert refused(lambda: S.draft_disclosure(world.branch_a, audience="party", timing="timely", title="x",
                                              acting_user=world.org_member_a)).rule == R.R_CONTENT


def test_expired_items_are_archived_and_stay_in_the_history(world):
    item = dues_draft(world)
    S.review_disclosure(item, acting_user=world.secretary_a)
    S.approve_disclosure(item, acting_user=world.secretary_a)
    S.publish_disclosure(item, ends_on="2026-11-30", acting_user=world.org_member_a, today=TODAY)

    assert S.archive_expired(datetime.date(2026, 11, 30)) == 0  # the last day is still within the period
    assert S.archive_expired(datetime.date(2026, 12, 1)) == 1
    item.refresh_from_db()
    assert item.state == R.State.ARCHIVED and list(public_history(world.member_a)) == [item]


def test_school_wide_items_reach_the_principal(world):
    item = S.draft_disclosure(world.branch_a, audience="school", timing="timely", title="发展对象公示", body="拟将……",
                              acting_user=world.org_member_a, today=TODAY)
    S.review_disclosure(item, acting_user=world.secretary_a)
    S.approve_disclosure(item, acting_user=world.secretary_a)
    S.publish_disclosure(item, acting_user=world.secretary_a, today=TODAY)

    assert list(published_to(world.principal_a, TODAY)) == [item]


def test_the_catalogue_is_the_default_until_the_county_writes_its_own(world):
    owner, entries = S.catalogue_for(world.branch_a)
    assert owner is None and entries[0].source_key == "dues_statement"

    with pytest.raises(PermissionDenied):
        S.save_catalogue_entry(world.branch_a, {"title": "x", "audience": "party", "timing": "regular"},
                               acting_user=world.secretary_a)
    S.adopt_default_catalogue(world.county_a, acting_user=world.county_admin)
    S.save_catalogue_entry(world.county_a, {"title": "师德师风建设情况", "audience": "public", "timing": "regular",
                                            "period": "每学期", "citation": "东教党〔2026〕5号"},
                           acting_user=world.county_admin)

    owner, entries = S.catalogue_for(world.branch_a)
    assert owner == world.county_a and entries[-1].title == "师德师风建设情况" and len(entries) == 9
    assert S.catalogue_for(world.branch_c1)[0] is None


def test_a_read_over_several_organizations_gives_each_what_it_gets_alone(world):
    orgs = [world.city, world.county_a, world.branch_a, world.branch_b, world.county_b]  # nested subtrees too
    for source in all_sources():
        together = source.contents(orgs, 2026)
        assert {org.pk: source.build(org, 2026) for org in orgs} == together, source.key
    statement = get_source("dues_statement").contents(orgs, 2026)
    assert len(statement[world.county_a.pk].rows) == len(statement[world.branch_a.pk].rows) > 0
    assert statement[world.county_b.pk].rows == []


def test_an_app_above_registers_its_own_source(world):
    register_source(DisclosureSource("test_results", "测试结果", "appraisal.view",
                                     lambda org, year: SourceContent(f"{org.name}{year}年测试", "正文", ["项"], [["1"]])))
    try:
        assert get_source("test_results").build(world.branch_a, 2026).table() == {"columns": ["项"], "rows": [["1"]]}
        assert {"dues_statement", "decisions_powers", "recruitment_notices", "rectification_results"} <= {
            s.key for s in all_sources()}
    finally:
        from dangjian.supervision import sources

        sources._sources.pop("test_results")
