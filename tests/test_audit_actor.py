"""Who acted, on every audit entry: a service called outside any request (a background import, a
scheduled job, a command) names the acting user it was given, the member import's background
jobs name the importer, a scheduled job with nobody behind it is "系统任务", and inside a request
the logged-in user still stands in for a missing one. The last test keeps the gap from coming
back: any function that takes `acting_user` and writes an audit entry must pass it on."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

import dangjian
from dangjian.core import audit
from dangjian.core.models import AuditEntry


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


def latest(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


def test_a_member_updated_outside_a_request_is_audited_under_the_acting_secretary(world):
    from dangjian.members.services import update_member

    update_member(world.m_member_a, acting_user=world.secretary_a, title="中学高级教师", reason="职称变更")
    entry = latest("member.update")
    assert (entry.actor, entry.actor_name) == (world.secretary_a, "secretary_a")
    assert entry.role  # the secretary's posts, as when the change is made on the page
    assert audit.verify_chain().ok


@pytest.mark.parametrize("action", ["org.update", "school.update", "member.transfer.start", "dues.plan.set"])
def test_services_of_every_app_name_the_acting_user_outside_a_request(world, action):
    from dangjian.dues.services import set_payment_plan
    from dangjian.members.services import start_transfer
    from dangjian.orgs.services import update_org, update_school

    calls = {
        "org.update": lambda: update_org(world.branch_a, acting_user=world.county_admin, name="东一中第一党支部"),
        "school.update": lambda: update_school(world.school_a, acting_user=world.county_admin, staff_count=120),
        "member.transfer.start": lambda: start_transfer(
            world.m_member_a, to_org=world.branch_b, letter_number="东一中党转〔2026〕7号",
            requested_on=datetime.date(2026, 8, 3), reason="工作调动", acting_user=world.secretary_a),
        "dues.plan.set": lambda: set_payment_plan(world.m_member_a, plan="quarterly", consented_on=datetime.date(2026, 1, 5),
                                                  acting_user=world.secretary_a),
    }
    actor = world.county_admin if action in {"org.update", "school.update"} else world.secretary_a
    with on(datetime.date(2026, 8, 3)):
        calls[action]()
    entry = latest(action)
    assert (entry.actor, entry.actor_name) == (actor, actor.get_username())


def test_a_background_member_import_names_the_importer_on_every_entry(world, monkeypatch, settings, tmp_path,
                                                                      django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    from dangjian.members import import_jobs, importer
    from dangjian.members.models import ImportJob, ImportState
    from dangjian.members.tests.importfiles import person, workbook

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(HUEY, "immediate", True)  # the huey tasks run in-process, outside any request
    monkeypatch.setattr(importer, "SYNC_ROWS", 1)  # so both the validation and the commit go to the worker
    yang = world.m_member_a
    rows = [person(name="后台一"), person(name="后台二"),
            person(name="杨帆", id_number=yang.get_id_number(), phone="13600001111", title="中学高级教师",
                   joined_on=yang.joined_on, confirmed_on=yang.confirmed_on, group="第二党小组", education="")]
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.start_job(SimpleUploadedFile("党员信息.xlsx", workbook(rows)), user=world.secretary_a,
                                    org=world.branch_a)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == ImportState.VALIDATED
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs.confirm_job(job, user=world.secretary_a)
    job.refresh_from_db()
    assert (job.state, job.created, job.updated) == (ImportState.COMMITTED, 2, 1)

    written = AuditEntry.objects.filter(id__gt=before)
    assert sorted(written.values_list("action", flat=True)) == [
        "member.create", "member.create", "member.import", "member.update"]
    assert {(e.actor_id, e.actor_name) for e in written} == {(world.secretary_a.pk, "secretary_a")}
    assert audit.verify_chain().ok


def test_an_import_from_the_command_line_without_a_user_is_the_system_s(world):
    from dangjian.members import importer
    from dangjian.members.tests.importfiles import person, workbook

    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = importer.run(workbook([person(name="命令行")]), user=None, within=world.branch_a)
    assert result.committed
    written = AuditEntry.objects.filter(id__gt=before)
    assert sorted(written.values_list("action", flat=True)) == ["member.create", "member.import"]
    assert {(e.actor_id, e.actor_name) for e in written} == {(None, "系统任务")}


def test_the_scheduled_expiry_of_transfer_letters_is_recorded_as_the_system(world):
    from dangjian.members.services import start_transfer
    from dangjian.members.tasks import expire_pending_transfers

    letter_day = datetime.date(2026, 8, 3)
    with on(letter_day):
        letter = start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东一中党转〔2026〕5号",
                                requested_on=letter_day, reason="工作调动", acting_user=world.secretary_a)
    with on(letter.valid_until + datetime.timedelta(days=1)):
        assert expire_pending_transfers.call_local() == 1
    entry = latest("member.transfer.expire")
    assert (entry.actor, entry.actor_name, entry.role) == (None, "系统任务", "")
    assert audit.SYSTEM_ACTOR == "系统任务"
    assert audit.verify_chain().ok


def test_a_ledger_generated_by_the_system_is_recorded_as_the_system(world):
    from dangjian.dues.services import generate_ledger

    with on(datetime.date(2026, 11, 23)):
        generate_ledger(world.branch_a, "2026-11")
    assert latest("dues.ledger.generate").actor_name == "系统任务"


def test_inside_a_request_the_logged_in_user_still_stands_in_for_a_missing_actor(world):
    request = RequestFactory().post("/")
    request.user = world.secretary_a
    entry = audit.record("test.event", target=world.school_a, request=request)
    assert (entry.actor, entry.actor_name) == (world.secretary_a, "secretary_a")
    # An anonymous request keeps what it said (a failed login names the username it was given).
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert audit.record("test.event", request=request).actor_name == ""
    assert audit.record("test.event", request=request, actor_name="no_such_user").actor_name == "no_such_user"


# --- The guard: no function that takes acting_user writes an audit entry without it --------------

SOURCE_ROOT = Path(dangjian.__file__).parent
AUDIT_WRITERS = {"record", "record_many"}


def audit_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names the module reaches the audit log through: the module (`audit`, or an alias)
    and the writers imported by name (`from dangjian.core.audit import record`)."""
    modules, writers = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "dangjian.core":
            modules |= {a.asname or a.name for a in node.names if a.name == "audit"}
        elif isinstance(node, ast.ImportFrom) and node.module == "dangjian.core.audit":
            writers |= {a.asname or a.name for a in node.names if a.name in AUDIT_WRITERS}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == "dangjian.core.audit" and a.asname}
    return modules, writers


def is_audit_write(call: ast.Call, modules: set[str], writers: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr in AUDIT_WRITERS and isinstance(func.value, ast.Name) and func.value.id in modules
    return isinstance(func, ast.Name) and func.id in writers


def audit_writes_without_the_acting_user(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source, filename)
    modules, writers = audit_names(tree)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = function.args
        if "acting_user" not in {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}:
            continue
        for call in ast.walk(function):
            if isinstance(call, ast.Call) and is_audit_write(call, modules, writers) \
                    and "actor" not in {k.arg for k in call.keywords}:
                found.append(f"{filename}:{call.lineno} {function.name}")
    return found


def test_the_guard_catches_an_audit_write_that_drops_the_acting_user():
    source = (
        "from dangjian.core import audit\n"
        "from dangjian.core.audit import record_many as many\n"
        "def kept(x, *, acting_user=None):\n    audit.record('a', target=x, actor=acting_user)\n"
        "def dropped(x, *, acting_user=None):\n    audit.record('a', target=x)\n"
        "def dropped_bulk(xs, acting_user):\n    many('a', xs)\n"
        "def no_acting_user(x):\n    audit.record('a', target=x)\n"
    )
    assert audit_writes_without_the_acting_user(source) == ["<source>:6 dropped", "<source>:8 dropped_bulk"]


def test_every_function_that_takes_acting_user_passes_it_to_the_audit_entry():
    modules = [p for p in SOURCE_ROOT.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]
    assert len(modules) > 100  # the walk reached the apps
    found = [hit for path in sorted(modules)
             for hit in audit_writes_without_the_acting_user(path.read_text(), str(path.relative_to(SOURCE_ROOT)))]
    assert found == [], "audit.record/record_many without actor=acting_user:\n" + "\n".join(found)
