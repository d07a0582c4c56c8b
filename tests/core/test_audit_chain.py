import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangjian.core import audit
from dangjian.core.models import AppendOnlyError, AuditEntry


def _three_entries(world):
    return [audit.record("test.event", target=world.school_a, changes={"n": i}) for i in range(3)]


def test_a_fresh_log_verifies(world):
    _three_entries(world)
    call_command("verify_audit")
    assert audit.verify_chain().ok


def test_an_entry_edited_in_the_database_is_detected(world):
    entries = _three_entries(world)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'tampered' WHERE id = %s", [entries[1].pk])
    report = audit.verify_chain()
    assert not report.ok and report.entry_id == entries[1].pk
    with pytest.raises(CommandError, match="被修改"):
        call_command("verify_audit")


def test_an_entry_deleted_from_the_middle_is_detected(world):
    entries = _three_entries(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    assert not audit.verify_chain().ok


def test_the_last_entry_deleted_is_detected_by_the_head(world):
    entries = _three_entries(world)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].pk])
    report = audit.verify_chain()
    assert not report.ok and "链尾" in report.problem


def test_the_orm_refuses_to_edit_or_delete_entries(world):
    entry = _three_entries(world)[0]
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")


def test_full_id_numbers_and_phones_never_reach_the_log(world):
    entry = audit.record("test.pii", changes={"id": "110105198503010013", "phone": "13812345678", "password": "x"},
                         reason="身份证 110105198503010013 手机 13812345678")
    assert "110105198503010013" not in str(entry.changes) + entry.reason
    assert "13812345678" not in str(entry.changes) + entry.reason
    assert entry.changes["password"] == "***"


def test_many_members_filed_at_once_are_chained_one_entry_each(world):
    from dangjian.members.services import create_members
    from dangjian.testing import make_id_number

    before = AuditEntry.objects.filter(action="member.create").count()
    records = [{"org": world.branch_b, "name": f"批量{n}", "id_number": make_id_number(datetime.date(1990, 1, 1), 900 + n),
                "joined_on": datetime.date(2015, 7, 1), "confirmed_on": datetime.date(2016, 7, 1)} for n in range(5)]
    created = create_members(records, acting_user=world.secretary_b)
    entries = AuditEntry.objects.filter(action="member.create").order_by("id")[before:]
    assert [e.object_id for e in entries] == [str(m.pk) for m in created]
    assert {e.actor_id for e in entries} == {world.secretary_b.pk}
    assert audit.verify_chain().ok
