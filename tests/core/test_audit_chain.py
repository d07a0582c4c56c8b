import datetime
import hashlib
import hmac
import io
import json
import secrets

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangjian.core import audit
from dangjian.core.models import AppendOnlyError, AuditEntry, AuditHead


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


# --- the tail cut, the head forged (issue 12, item 1) -----------------------------------------

def _cut_the_tail_and_forge_the_head(entries, keep: int):
    """What an attacker with the database alone does: delete the newest rows, then copy the new
    last row's id, hash and count into the head, so that the head matches the shortened chain."""
    survivor = entries[keep - 1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id > %s", [survivor.pk])
        cursor.execute("UPDATE core_audithead SET last_id = %s, last_hash = %s, count = count - %s",
                       [survivor.pk, survivor.entry_hash, len(entries) - keep])


def test_the_newest_entries_deleted_and_the_head_rewritten_to_match_are_detected(world):
    entries = _three_entries(world)
    _cut_the_tail_and_forge_the_head(entries, keep=1)
    report = audit.verify_chain()
    assert not report.ok and "链头签名无效" in report.problem
    with pytest.raises(CommandError, match="链头签名无效"):
        call_command("verify_audit")


def test_a_head_signed_with_a_guessed_key_does_not_verify(world):
    """Even an attacker who knows how the MAC is computed, but not the key, signs in vain."""
    entries = _three_entries(world)
    _cut_the_tail_and_forge_the_head(entries, keep=2)
    payload = f"{entries[1].pk}|{entries[1].entry_hash}|{AuditHead.objects.get().count}"
    forged = hmac.new(secrets.token_bytes(32), payload.encode(), hashlib.sha256).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audithead SET mac = %s", [forged])
    report = audit.verify_chain()
    assert not report.ok and "链头签名无效" in report.problem


def _checkpoint_file(tmp_path, name="audit-checkpoints.jsonl"):
    path = tmp_path / name
    call_command("verify_audit", "--write-checkpoint", str(path), stdout=io.StringIO())
    return path


def test_an_honest_log_verifies_against_its_checkpoints_as_it_grows(world, tmp_path):
    _three_entries(world)
    path = _checkpoint_file(tmp_path)
    _three_entries(world)
    _checkpoint_file(tmp_path)
    out = io.StringIO()
    call_command("verify_audit", "--checkpoint", str(path), stdout=out)
    assert "与 2 个检查点相符" in out.getvalue()
    assert len(path.read_text().splitlines()) == 2


def test_writing_a_checkpoint_prints_it_for_the_jobs_log(world, tmp_path):
    _three_entries(world)
    out = io.StringIO()
    call_command("verify_audit", "--write-checkpoint", str(tmp_path / "cp.jsonl"), stdout=out)
    line = (tmp_path / "cp.jsonl").read_text().strip()
    assert f"审计检查点：{line}" in out.getvalue()
    assert json.loads(line)["count"] == AuditEntry.objects.count()


def test_a_tail_cut_below_a_checkpoint_is_detected_even_with_an_older_genuine_head_put_back(world, tmp_path):
    """The head MAC stops a forged head; a head copied from an older state of the database is
    genuinely signed, so only a checkpoint kept outside the database can tell it is stale."""
    first = _three_entries(world)
    old_head = AuditHead.objects.values("last_id", "last_hash", "count", "mac").get()
    _three_entries(world)
    path = _checkpoint_file(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id > %s", [first[-1].pk])
        cursor.execute("UPDATE core_audithead SET last_id = %s, last_hash = %s, count = %s, mac = %s",
                       [old_head["last_id"], old_head["last_hash"], old_head["count"], old_head["mac"]])
    assert audit.verify_chain().ok  # the database alone cannot see it: an older, genuine state
    with pytest.raises(CommandError, match="比检查点.*短"):
        call_command("verify_audit", "--checkpoint", str(path))
    with pytest.raises(CommandError, match="比检查点.*短"):
        call_command("verify_audit", "--write-checkpoint", str(path))  # the nightly job checks its own file


def test_a_chain_rewritten_after_a_checkpoint_does_not_match_it(world, tmp_path):
    _three_entries(world)
    path = _checkpoint_file(tmp_path)
    body = json.loads(path.read_text())
    report = audit.verify_chain(checkpoints=[audit.Checkpoint(body["count"], body["last_id"], "f" * 64,
                                                              body["written_at"])])
    assert not report.ok and "与检查点" in report.problem


def test_a_checkpoint_edited_to_match_a_shorter_log_is_refused(world, tmp_path):
    entries = _three_entries(world)
    path = _checkpoint_file(tmp_path)
    body = json.loads(path.read_text())
    body.update(count=body["count"] - 1, last_id=entries[1].pk, last_hash=entries[1].entry_hash)
    path.write_text(json.dumps(body) + "\n")
    with pytest.raises(CommandError, match="签名无效"):
        call_command("verify_audit", "--checkpoint", str(path))


def test_a_chain_held_for_a_long_transaction_verifies_and_marks_the_places_it_changed(world):
    from django.db import transaction

    from dangjian.core.snapshots import last_change

    head_before = AuditHead.objects.get(singleton=1)
    with transaction.atomic(), audit.chain_held():
        entries = _three_entries(world)
        audit.record_many("test.batch", [(world.school_b, {"n": 1}), (world.school_a, {"n": 2})])
        # held: the head row is not rewritten until the block ends
        assert AuditHead.objects.get(singleton=1).count == head_before.count
    head = AuditHead.objects.get(singleton=1)
    assert head.count == head_before.count + 5 and head.last_id > entries[-1].pk
    assert audit.verify_chain().ok
    assert last_change(world.school_a.audit_org_path) == head.last_id
    assert last_change(world.school_b.audit_org_path) == head.last_id


def test_a_held_chain_refuses_to_write_its_head_past_an_entry_rolled_back():
    from django.db import transaction

    # the inner atomic is a savepoint rolled back inside the held chain
    with pytest.raises(RuntimeError, match="rolled back"), transaction.atomic(), audit.chain_held(), \
            transaction.atomic():
        audit.record("test.event", org_path="0001")
        transaction.set_rollback(True)
    assert audit.verify_chain().ok

