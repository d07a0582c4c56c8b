"""The attendance table, redrawn for another kind, date or group, draws the marks the form
carries (the hidden "marks" field) and names the marked members who are not expected there;
what the field carries is untrusted: unknown reasons, other organizations' members and broken
JSON are ignored. The browser side is tests/e2e/test_attendance_marks.py."""

import json

from dangjian.members.models import Member


def table(client, world, kind, marks):
    raw = marks if isinstance(marks, str) else json.dumps(marks)
    query = {"org": world.branch_a.pk, "kind": kind, "held_on": "2026-11-10", "marks": raw}
    answer = client.get("/orglife/attendance/", query)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_redrawn_table_keeps_the_marks_and_names_who_dropped_out(world, client_as):
    client = client_as("secretary_a")
    marks = {str(world.m_member_a.pk): {"value": "sick_leave", "note": "住院"},
             str(world.m_secretary_a.pk): {"value": "present", "note": ""}}
    general = table(client, world, "general_meeting", marks)
    assert '<option value="sick_leave" selected>' in general.split(f'id="att-{world.m_member_a.pk}"')[1].split("</select>")[0]
    assert 'value="住院"' in general and "attendance-dropped" not in general

    committee = table(client, world, "committee_meeting", marks)
    assert f'id="att-{world.m_member_a.pk}"' not in committee
    assert "杨帆（病假：住院）" in committee
    assert "张伟（" not in committee  # marked present and still expected: nothing to say


def test_what_the_marks_field_carries_is_checked(world, client_as):
    client = client_as("secretary_a")
    stranger = Member.objects.filter(org=world.branch_b).first()
    marks = {str(stranger.pk): {"value": "sick_leave"}, str(world.m_member_a.pk): {"value": "drop table"},
             "x": {"value": "sick_leave"}}
    committee = table(client, world, "committee_meeting", marks)
    assert stranger.name not in committee and "attendance-dropped" not in committee
    assert "attendance-dropped" not in table(client, world, "committee_meeting", "{not json")
