"""core.bulk.insert_rows writes plain rows (binary COPY on PostgreSQL, multi-row INSERT elsewhere):
what goes in reads back through the ORM as the ORM itself would have written it, on both engines."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from dangjian.core.bulk import indexes_built_after, insert_rows
from dangjian.orglife.models import Attendance, Meeting

TRICKY_TEXT = "第一项\t议程\\附件\n第二项\r结束：“两学一做”"


def test_a_meeting_and_its_attendance_written_as_plain_rows_read_back_exactly(world):
    created = timezone.now().replace(microsecond=123456)
    values = {"org_id": world.branch_a.pk, "kind": "general_meeting", "held_on": datetime.date(2024, 5, 24),
              "starts_at": datetime.time(15, 30), "place": "党员活动室", "topic": "学习党章", "minutes": TRICKY_TEXT,
              "counts_month": datetime.date(2024, 5, 1), "expected_count": 3, "present_count": 2, "quorate": None,
              "created_at": created, "updated_at": created}
    # every column, as the demo writes them: the given values, the model's defaults for the rest
    fields = [f for f in Meeting._meta.concrete_fields if f.attname != "id"]
    written = insert_rows(Meeting, [f.attname for f in fields],
                          [tuple(values.get(f.attname, f.get_default()) for f in fields)])
    assert written == 1
    meeting = Meeting.objects.get(org=world.branch_a, held_on=datetime.date(2024, 5, 24))
    assert (meeting.starts_at, meeting.minutes, meeting.quorate, meeting.created_at, meeting.expected_count) == (
        datetime.time(15, 30), TRICKY_TEXT, None, created, 3)

    people = [world.m_secretary_a, world.m_member_a]
    insert_rows(Attendance, ["meeting_id", "member_id", "present", "absence_reason", "note", "can_vote", "held_on"],
                ((meeting.pk, p.pk, p is world.m_secretary_a, "" if p is world.m_secretary_a else "sick_leave",
                  "", True, meeting.held_on) for p in people))
    assert sorted(meeting.attendance.values_list("member_id", "present", "absence_reason")) == sorted(
        [(world.m_secretary_a.pk, True, ""), (world.m_member_a.pk, False, "sick_leave")])


def test_amounts_given_as_whole_numbers_or_decimals_are_stored_to_the_cent(world):
    from dangjian.dues.models import DuesLine
    from dangjian.dues.services import LINE_COLUMNS

    month = datetime.date(2024, 3, 1)
    line = {"member_id": world.m_member_a.pk, "org_id": world.branch_a.pk, "month": month, "category": "in_service",
            "base": Decimal("5000.00"), "rate": Decimal("0.0100"), "amount_due": 50,
            "rule": "《中国共产党党费使用和管理规定》", "paid_total": Decimal("50.00"), "extra_total": 0}
    insert_rows(DuesLine, LINE_COLUMNS, [tuple(line[c] for c in LINE_COLUMNS)])
    line = DuesLine.objects.get(member=world.m_member_a, month=month)
    assert (line.amount_due, line.paid_total, line.extra_total, line.rate) == (
        Decimal("50.00"), Decimal("50.00"), Decimal("0.00"), Decimal("0.0100"))


def _index_definitions(table):
    with connection.cursor() as cursor:
        return {(c["unique"], tuple(c["columns"]), bool(c.get("primary_key")))
                for c in connection.introspection.get_constraints(cursor, table).values() if c["index"] or c["unique"]}


def test_indexes_dropped_for_a_bulk_load_are_all_back_afterwards_and_still_refuse_duplicates(world):
    table = Attendance._meta.db_table
    before = _index_definitions(table)
    meeting = Meeting.objects.create(org=world.branch_a, kind="general_meeting", held_on=datetime.date(2024, 5, 24),
                                     place="党员活动室", topic="学习党章", counts_month=datetime.date(2024, 5, 1))
    row = (meeting.pk, world.m_member_a.pk, True, "", "", True, meeting.held_on)
    columns = ["meeting_id", "member_id", "present", "absence_reason", "note", "can_vote", "held_on"]
    with indexes_built_after(Attendance):
        if connection.vendor == "postgresql":  # only the primary key is left while the rows go in
            assert _index_definitions(table) == {(True, ("id",), True)}
        insert_rows(Attendance, columns, [row])
    assert _index_definitions(table) == before

    with pytest.raises(IntegrityError), indexes_built_after(Attendance):
        insert_rows(Attendance, columns, [row])  # the same member at the same meeting again
    # the caller went on after the refusal: the row and the indexes are as they were
    assert _index_definitions(table) == before
    assert Attendance.objects.filter(meeting=meeting).count() == 1
