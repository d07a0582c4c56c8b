"""Many paper files at once (bulk.open_files): each judged exactly as open_file judges it — the
same files, steps, breaches and audited facts — a refused one answered in its place without a
trace, and a number of queries that does not grow with the number of files. And many plans at
once (set_plans), checked as set_plan checks one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.members.models import Member
from dangjian.recruitment import rules as R
from dangjian.recruitment.bulk import FileSpec, open_files
from dangjian.recruitment.models import DevelopmentPlan, RecruitmentFile, StepRecord
from dangjian.recruitment.services import open_file, set_plan, set_plans
from dangjian.testing import make_id_number

from .conftest import APPLIED, BIRTH, happy_path

pytestmark = pytest.mark.django_db
FILE_FIELDS = ("org_id", "name", "gender", "birth_date", "id_number_masked", "unit", "applied_on", "state", "stage",
               "last_code", "next_code", "due_on", "earliest_on", "stop_reason", "member_id")
STEP_FIELDS = ("code", "occurred_on", "facts", "passed", "breaches", "reason", "note")


def _steps(world, until: str, late_talk: bool = False) -> list[dict]:
    items = []
    for code, day, facts in happy_path(world):
        if code == "17":   # an approval admits a member: see test_an_approval_goes_through_open_file
            break
        item = {"step": code, "occurred_on": day, **facts}
        if code == "02" and late_talk:
            item.update(occurred_on="2023-05-20", reason="申请人外出培训，回校后安排谈话")
        items.append(item)
        if code == until:
            break
    return items


def _spec(world, seq: int, until: str = "15", **extra) -> FileSpec:
    return FileSpec(org=world.branch_a, name=f"申请人{seq}", id_number=make_id_number(BIRTH, 600 + seq),
                    applied_on=APPLIED, unit="数学教师", note="补录", steps=_steps(world, until, **extra))


def _written(file) -> tuple:
    steps = [tuple(getattr(r, f) for f in STEP_FIELDS) for r in StepRecord.objects.filter(file=file)
             .order_by("occurred_on", "id")]
    audit = []
    for entry in AuditEntry.objects.filter(object_id=str(file.pk), object_type="recruitment.recruitmentfile"):
        if entry.action == "recruitment.files":   # the batch's one entry a file names each step
            opened = {k: v for k, v in entry.changes.items() if k != "steps"}
            audit += [{"step": "01", **opened}, *entry.changes["steps"]]
        else:
            assert entry.action == "recruitment.steps"
            audit.append(entry.changes)
    file.refresh_from_db()
    return tuple(getattr(file, f) for f in FILE_FIELDS), steps, sorted(audit, key=lambda c: (c["step"], c.get("occurred_on", "")))


def test_a_batch_writes_what_open_file_writes_one_by_one(world, frozen):
    """The same files and steps, and in the audit log the same facts of every step (one entry a
    file in the batch, one a step from open_file)."""
    specs = [_spec(world, 1, "15"), _spec(world, 2, "07", late_talk=True), _spec(world, 3, "02")]
    by_batch = [_written(f) for f in open_files(specs)]
    RecruitmentFile.objects.all().delete()
    one_by_one = [_written(open_file(org=s.org, name=s.name, id_number=s.id_number, applied_on=s.applied_on,
                                     unit=s.unit, note=s.note, steps=s.steps)) for s in specs]
    assert by_batch == one_by_one
    assert any(step[4] for _, steps, _ in by_batch for step in steps)   # the late talk, with its reason


def test_a_refused_file_leaves_no_trace_and_the_others_are_written(world, frozen):
    young = FileSpec(org=world.branch_a, name="未成年", id_number=make_id_number(datetime.date(2008, 1, 1), 611),
                     applied_on=APPLIED, steps=[])
    late_without_reason = _spec(world, 4, "02")
    late_without_reason.steps[0]["occurred_on"] = "2023-05-20"
    twice = _spec(world, 1, "03")   # the same person as the first: one open file per person
    results = open_files([_spec(world, 1, "15"), young, late_without_reason, twice, _spec(world, 5, "09")])
    refusals = [r for r in results if isinstance(r, RuleViolation)]
    assert [r.rule for r in refusals] == [R.R_AGE, R.T_TALK, R.R_ONE_FILE]
    assert refusals[1].code == "reason_required" and refusals[2].code == "duplicate"
    assert sorted(RecruitmentFile.objects.values_list("name", flat=True)) == ["申请人1", "申请人5"]
    assert StepRecord.objects.count() == len(_steps(world, "15")) + len(_steps(world, "09")) + 2


def test_the_queries_do_not_grow_with_the_files(world, frozen):
    """Reads once a batch; inserts in the database's batches of rows, never one a file. (Files
    up to 09 wait for no committee: a waiting file's in-app notices are one per file and user.)"""
    with CaptureQueriesContext(connection) as few:
        open_files([_spec(world, k, "09") for k in range(1, 3)])
    with CaptureQueriesContext(connection) as many:
        open_files([_spec(world, k, "09") for k in range(10, 22)])
    assert RecruitmentFile.objects.count() == 14

    def reads(captured):
        return [q["sql"] for q in captured if not q["sql"].startswith("INSERT")]

    assert len(reads(many.captured_queries)) == len(reads(few.captured_queries))
    assert len(many.captured_queries) - len(reads(many.captured_queries)) < 12


def test_an_approval_goes_through_open_file_and_admits_the_member(world, frozen):
    everything = [{"step": code, "occurred_on": day, **facts} for code, day, facts in happy_path(world)]
    members = Member.objects.count()
    spec = FileSpec(org=world.branch_a, name="赵明", id_number=make_id_number(BIRTH, 700), applied_on=APPLIED,
                    steps=everything)
    [file] = open_files([spec, _spec(world, 1, "03")])[:1]
    file.refresh_from_db()
    assert file.member is not None and file.last_code == "25" and Member.objects.count() == members + 1
    assert RecruitmentFile.objects.count() == 2


def test_plans_set_together_are_checked_and_audited_as_set_plan_does(world, frozen):
    set_plan(world.branch_a, 2025, admitted=3)
    plans = set_plans([{"org": world.county_a, "year": 2025, "admitted": 10, "activists": 15, "basis": "东教组〔2025〕1号"},
                       {"org": world.branch_a, "year": 2025, "admitted": 4}])
    assert [(p.org, p.admitted) for p in DevelopmentPlan.objects.order_by("org__path")] == [
        (world.county_a, 10), (world.branch_a, 4)] and len(plans) == 2
    changed = AuditEntry.objects.filter(action="recruitment.plan", object_id=str(plans[1].pk)).order_by("id").last()
    assert changed.changes["before"]["admitted"] == 3 and changed.changes["after"]["admitted"] == 4
    # One refusal refuses them all, with set_plan's reason.
    refusal = pytest.raises(RuleViolation, set_plans, [{"org": world.branch_b, "year": 2025, "admitted": 2},
                                                     {"org": world.branch_a, "year": 2025, "admitted": -1}])
    assert refusal.value.field == "admitted" and not DevelopmentPlan.objects.filter(org=world.branch_b).exists()
