"""书记抓党建述职评议's services: a round opened by the county with one entry per school
organization and its secretary; the report saved, submitted before the deadline or marked late
after it; the 测评 counts within the number present; the composite under the weights in force
and a committee's own settings; a 点评意见 put on the school's 整改台账; the drafter hook; the
secretary's to-do line. Dates are passed as `today` (the services take it), no clock frozen."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.appraisal import duty_drafts
from dangjian.appraisal.models import DutyComment, DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import history_of, results_by_county
from dangjian.appraisal.services import duty_review as S
from dangjian.appraisal.services import duty_review_assessment as A
from dangjian.appraisal.todo import duty_todo
from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.todo import DUE_SOON, OVERDUE, TODO
from dangjian.supervision.models import RectificationItem

d = datetime.date.fromisoformat
OPENED = d("2026-06-01")
DEADLINE = d("2026-06-20")


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def county_round(world, kind=R.Kind.PARTY_MONTH, year=2026):
    return S.open_round(world.county_a, kind=kind, year=year, deadline=DEADLINE, acting_user=world.county_admin,
                        today=OPENED)


def entry_of(round_, org) -> DutyEntry:
    return DutyEntry.objects.get(round=round_, org=org)


def submitted(world, round_, org=None, user=None, day=OPENED) -> DutyEntry:
    entry = entry_of(round_, org or world.branch_a)
    return S.save_report(entry, sections=[("一、履行党建工作责任情况", "全年召开支委会 12 次。")], submit=True,
                         acting_user=user or world.secretary_a, today=day)


def test_the_county_opens_a_round_every_school_organization_of_its_subtree_is_due_with_its_secretary(world):
    round_ = county_round(world)
    entries = {e.org.name: e for e in round_.entries.select_related("org")}
    assert set(entries) == {world.branch_a.name, world.branch_b.name, world.joint.name}
    assert (entries[world.branch_a.name].secretary_name, entries[world.branch_a.name].secretary) == (
        "张伟", world.secretary_a)
    assert entries[world.joint.name].secretary_name == ""  # 书记空缺: still due
    assert [s["heading"] for s in entries[world.branch_b.name].sections] == list(R.REPORT_SECTIONS)
    assert AuditEntry.objects.filter(action="appraisal.duty_round.create", object_id=str(round_.pk)).exists()


def test_the_city_round_takes_a_school_committee_once_not_its_branches(world):
    round_ = S.open_round(world.city, kind=R.Kind.YEAR_END, year=2026, deadline=DEADLINE,
                          acting_user=world.city_admin, today=OPENED)
    names = set(round_.entries.values_list("org__name", flat=True))
    assert world.committee_c.name in names and world.branch_c1.name not in names
    assert len(names) == 4


def test_only_a_higher_committee_opens_a_round_and_once_a_year_for_each_kind(world):
    refusal = refused(lambda: S.open_round(world.county_a, kind=R.Kind.PARTY_MONTH, year=2026, deadline=DEADLINE,
                                           acting_user=world.secretary_a, today=OPENED))
    assert refusal.rule is R.R_OPENER
    refusal = refused(lambda: S.open_round(world.branch_a, kind=R.Kind.PARTY_MONTH, year=2026, deadline=DEADLINE,
                                           acting_user=world.secretary_a, today=OPENED))
    assert refusal.rule is R.R_OPENER
    with pytest.raises(PermissionDenied):
        S.open_round(world.county_b, kind=R.Kind.PARTY_MONTH, year=2026, deadline=DEADLINE,
                     acting_user=world.county_admin, today=OPENED)
    county_round(world)
    assert refused(lambda: county_round(world)).code == "duplicate"
    county_round(world, kind=R.Kind.YEAR_END)  # the other of the 双向述职 the same year


def test_a_report_submitted_before_the_deadline_is_on_time_and_then_no_longer_changes(world):
    round_ = county_round(world)
    entry = S.save_report(entry_of(round_, world.branch_a), sections=[("一、履行党建工作责任情况", "草稿")],
                          acting_user=world.secretary_a, today=OPENED)
    assert entry.submitted_on is None and entry.sections[0]["text"] == "草稿"
    entry = submitted(world, round_, day=DEADLINE)
    assert (entry.submitted_on, entry.late) == (DEADLINE, False)
    refusal = refused(lambda: S.save_report(entry, sections=[("一", "改")], acting_user=world.secretary_a,
                                            today=DEADLINE))
    assert refusal.rule is R.R_REPORTER and refusal.code == "submitted"


def test_a_report_after_the_deadline_is_still_taken_and_marked_late(world):
    round_ = county_round(world)
    entry = submitted(world, round_, day=DEADLINE + datetime.timedelta(days=1))
    assert entry.late is True
    assert AuditEntry.objects.filter(action="appraisal.duty_report.submit", object_id=str(entry.pk)).exists()


def test_an_empty_report_is_not_submitted(world):
    round_ = county_round(world)
    refusal = refused(lambda: S.save_report(entry_of(round_, world.branch_a), sections=[], submit=True,
                                            acting_user=world.secretary_a, today=OPENED))
    assert refusal.code == "empty"


def test_the_report_is_the_secretarys_own(world):
    round_ = county_round(world)
    entry = entry_of(round_, world.branch_a)
    for user in (world.org_member_a, world.county_admin):  # they see it, but it is not theirs to write
        assert refused(lambda user=user: S.save_report(entry, sections=[], acting_user=user,
                                                       today=OPENED)).rule is R.R_REPORTER
    with pytest.raises(PermissionDenied):
        S.save_report(entry, sections=[], acting_user=world.secretary_b, today=OPENED)


def test_a_word_report_is_checked_like_every_upload(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    round_ = county_round(world)
    entry = entry_of(round_, world.branch_a)
    refusal = refused(lambda: S.save_report(entry, file=b"not a word document", acting_user=world.secretary_a,
                                            today=OPENED))
    assert refusal.code == "bad_file"
    import docx

    document = docx.Document()
    document.add_paragraph("一、履行党建工作责任情况")
    path = tmp_path / "述职报告.docx"
    document.save(path)
    entry = S.save_report(entry, file=str(path), submit=True, acting_user=world.secretary_a, today=OPENED)
    assert entry.report_file and entry.submitted_on == OPENED


def test_counts_need_the_report_first_and_stay_within_the_number_present(world):
    round_ = county_round(world)
    entry = entry_of(round_, world.branch_a)
    refusal = refused(lambda: A.record_assessment(entry, present=10, counts={"good": 8},
                                                  acting_user=world.county_admin))
    assert refusal.rule is R.R_REPORT_FIRST
    submitted(world, round_)
    refusal = refused(lambda: A.record_assessment(entry, present=10, counts={"good": 8, "fairly_good": 3},
                                                  acting_user=world.county_admin))
    assert (refusal.rule, refusal.code) == (R.R_COUNTS, "counts_above_present")
    assert "超过参加测评的 10 人" in refusal.message
    assert DutyEntry.objects.get(pk=entry.pk).present is None  # nothing saved


def test_the_school_does_not_grade_its_own_secretary(world):
    round_ = county_round(world)
    entry = submitted(world, round_)
    assert refused(lambda: A.record_assessment(entry, present=10, counts={"good": 8},
                                               acting_user=world.secretary_a)).rule is R.R_OPENER


def test_at_the_year_end_those_present_are_at_most_the_organizations_members(world):
    round_ = county_round(world, kind=R.Kind.YEAR_END)
    entry = submitted(world, round_, org=world.branch_b, user=world.secretary_b)  # branch B: 4 members
    refusal = refused(lambda: A.record_assessment(entry, present=5, counts={"good": 4},
                                                  acting_user=world.county_admin))
    assert refusal.code == "present_above_members"
    assert A.record_assessment(entry, present=4, counts={"good": 4}, acting_user=world.county_admin).present == 4


def test_the_composite_weighs_the_three_dimensions_and_grades_by_the_lines(world):
    round_ = county_round(world)
    entry = submitted(world, round_)
    entry = A.record_assessment(entry, present=10, counts={"good": 8, "fairly_good": 2},
                                acting_user=world.county_admin)
    assert (entry.poll_score, entry.composite, entry.grade) == (Decimal("96.0"), None, "")  # two dimensions missing
    entry = A.record_assessment(entry, meeting_score="90", supervision_score="80", acting_user=world.county_admin)
    # 90 × 30% + 80 × 30% + 96 × 40% = 89.4: below 90, so 较好 (the system's defaults)
    assert (entry.present, entry.composite, entry.grade) == (10, Decimal("89.4"), R.Grade.FAIRLY_GOOD)
    assert refused(lambda: A.record_assessment(entry, meeting_score="101", acting_user=world.county_admin)).rule \
        is R.R_PROCESS


def test_a_committee_sets_the_weights_of_its_local_document_and_lines_only_stricter_below(world):
    A.set_weights(world.city, meeting=30, supervision=30, poll=40, good_min=92, fairly_good_min=80, average_min=60,
                  source="市教育局党委《党建工作意见》", effective_from="2026-01-01", acting_user=world.city_admin)
    refusal = refused(lambda: A.set_weights(world.county_a, meeting=20, supervision=20, poll=60, good_min=90,
                                            fairly_good_min=80, average_min=60, source="东城区考核办法",
                                            effective_from="2026-01-01", acting_user=world.county_admin))
    assert (refusal.rule, refusal.code, refusal.field) == (R.R_SETTING, "looser", "good_min")
    assert refused(lambda: A.set_weights(world.county_a, meeting=20, supervision=20, poll=50, good_min=95,
                                         fairly_good_min=80, average_min=60, source="东城区考核办法",
                                         effective_from="2026-01-01", acting_user=world.county_admin)).code \
        == "weights_sum"
    assert refused(lambda: A.set_weights(world.county_a, meeting=20, supervision=20, poll=60, good_min=95,
                                         fairly_good_min=80, average_min=60, source=" ",
                                         effective_from="2026-01-01", acting_user=world.county_admin)).field \
        == "source"
    A.set_weights(world.county_a, meeting=20, supervision=20, poll=60, good_min=95, fairly_good_min=85,
                  average_min=60, source="东城区教育党工委《述职评议考核办法》", effective_from="2026-01-01",
                  acting_user=world.county_admin)
    round_ = county_round(world)
    entry = submitted(world, round_)
    entry = A.record_assessment(entry, present=10, counts={"good": 10}, meeting_score="90", supervision_score="90",
                                acting_user=world.county_admin)
    # 90 × 20% + 90 × 20% + 100 × 60% = 96 ≥ the county's 95: 好
    assert (entry.composite, entry.grade) == (Decimal("96.0"), R.Grade.GOOD)
    assert refused(lambda: A.set_weights(world.branch_a, meeting=20, supervision=20, poll=60, good_min=95,
                                         fairly_good_min=85, average_min=60, source="x", effective_from="2026-01-01",
                                         acting_user=world.secretary_a)).rule is R.R_OPENER


def test_weights_in_force_name_their_documents(world):
    rows = [R.SettingRow("0001", "市", "市文件", 30, 30, 40, 92, 80, 60, d("2026-01-01")),
            R.SettingRow("00010001", "区", "区文件", 20, 20, 60, 90, 85, 60, d("2026-01-01"))]
    weights = R.weights_in_force("000100010001", d("2026-06-01"), rows)
    assert (weights.meeting, weights.poll, weights.weights_source) == (20, 60, "区：区文件")
    assert weights.lines == (92, 85, 60)  # each line the highest set above
    assert R.weights_in_force("000100010001", d("2025-06-01"), rows) == R.DEFAULT


def test_a_comment_becomes_an_item_on_the_schools_rectification_ledger_once(world):
    round_ = county_round(world)
    entry = submitted(world, round_)
    comment = A.add_comment(entry, "党员发展计划执行不到位，全年未发展新党员", acting_user=world.county_admin)
    item = A.rectify_comment(comment, deadline="2026-09-30", acting_user=world.county_admin, today=OPENED)
    assert (item.org, item.batch.issuer, item.batch.source, item.owner_name) == (
        world.branch_a, world.county_a, "duty_report", "张伟")
    assert item.problem == comment.text and item.deadline == d("2026-09-30")
    assert A.rectify_comment(comment, deadline="2026-09-30", acting_user=world.county_admin, today=OPENED).pk == item.pk
    assert DutyComment.objects.get(pk=comment.pk).rectification_item_id == item.pk
    assert RectificationItem.objects.filter(org=world.branch_a).count() == 1
    with pytest.raises(RuleViolation):
        A.rectify_comment(comment, deadline="2026-09-30", acting_user=world.secretary_a, today=OPENED)


def test_the_drafter_registered_by_a_higher_app_fills_the_draft(world, monkeypatch):
    round_ = county_round(world)
    entry = entry_of(round_, world.branch_a)
    # whatever the reports app registered is put back afterwards
    monkeypatch.setattr(duty_drafts, "_drafter", [])
    assert refused(lambda: S.draft_from_system(entry, acting_user=world.secretary_a, today=OPENED)).code == "no_drafter"
    duty_drafts.register_duty_report_drafter(lambda e: [("一、履行党建工作责任情况", f"{e.org.name}全年召开支委会 12 次。")])
    entry = S.draft_from_system(entry, acting_user=world.secretary_a, today=OPENED)
    assert entry.sections == [{"heading": "一、履行党建工作责任情况", "text": f"{world.branch_a.name}全年召开支委会 12 次。"}]
    assert entry.submitted_on is None  # a draft: the secretary reads, edits and submits it


def test_the_secretary_has_a_todo_line_until_the_report_is_submitted(world):
    round_ = county_round(world)
    levels = {day: [i.level for i in duty_todo(world.secretary_a, world.branch_a, d(day))]
              for day in ("2026-06-01", "2026-06-15", "2026-06-21")}
    assert levels == {"2026-06-01": [TODO], "2026-06-15": [DUE_SOON], "2026-06-21": [OVERDUE]}
    assert duty_todo(world.org_member_a, world.branch_a, OPENED) == []
    submitted(world, round_)
    assert duty_todo(world.secretary_a, world.branch_a, OPENED) == []


def test_results_by_county_and_a_secretarys_history(world):
    this_year = county_round(world)
    last_year = S.open_round(world.county_a, kind=R.Kind.PARTY_MONTH, year=2025, deadline=DEADLINE,
                             acting_user=world.county_admin, today=OPENED)
    for round_ in (this_year, last_year):
        entry = submitted(world, round_)
        A.record_assessment(entry, present=10, counts={"good": 10}, meeting_score="90", supervision_score="90",
                            acting_user=world.county_admin)
    S.open_round(world.county_b, kind=R.Kind.PARTY_MONTH, year=2026, deadline=DEADLINE, acting_user=world.city_admin,
                 today=OPENED)
    groups = results_by_county(world.city_admin, world.city, year=2026)
    assert [(g.name, g.due, g.submitted, g.assessed) for g in groups] == [
        (world.county_a.name, 3, 1, 1), (world.county_b.name, 1, 0, 0)]
    assert groups[0].average == Decimal("94.0") and dict(groups[0].grade_counts())["好"] == 1
    # a secretary sees only the school's own row
    assert [(g.due, [e.org for e in g.rows]) for g in results_by_county(world.secretary_a, world.branch_a, year=2026)] \
        == [(1, [world.branch_a])]
    history = history_of(world.county_admin, entry_of(this_year, world.branch_a))
    assert [e.round.year for e in history] == [2026, 2025]
    assert history_of(world.secretary_b, entry_of(this_year, world.branch_b))[0].org == world.branch_b
