"""The 校长办公会 and 教代会 seats of a school: kept by its secretary or principal on the
议事机构成员 page, never deleted but ended, so that a meeting is judged by the seats of its own day
(frozen on 2026-11-23)."""

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.models import AuditEntry
from dangjian.decisions.models import Body, BodySeat
from dangjian.decisions.services import add_seat, end_seat, seats

from .conftest import d, refused


def test_a_vice_principal_seated_in_september_sits_on_the_principals_office_from_then(world, frozen):
    add_seat(world.branch_a, body=Body.PRINCIPAL_OFFICE, person_name="赵副校长", role="副校长",
             started_on=d("2026-09-01"), acting_user=world.principal_a)
    assert "赵副校长" in [s["name"] for s in seats(world.branch_a, Body.PRINCIPAL_OFFICE, d("2026-09-01"))]
    assert "赵副校长" not in [s["name"] for s in seats(world.branch_a, Body.PRINCIPAL_OFFICE, d("2026-08-31"))]
    assert AuditEntry.objects.filter(action="decisions.seat").exists()


def test_an_ended_seat_is_kept_for_the_meetings_before_its_end(world, frozen):
    seat = add_seat(world.branch_a, body=Body.STAFF_CONGRESS, person_name="钱主席", role="工会主席",
                    started_on=d("2025-09-01"), acting_user=world.secretary_a)
    end_seat(seat, ended_on=d("2026-08-31"), acting_user=world.secretary_a)
    assert "钱主席" in [s["name"] for s in seats(world.branch_a, Body.STAFF_CONGRESS, d("2026-08-31"))]
    assert "钱主席" not in [s["name"] for s in seats(world.branch_a, Body.STAFF_CONGRESS, d("2026-09-01"))]
    assert BodySeat.objects.filter(pk=seat.pk).exists()


def test_bad_seats_are_refused_with_the_reason(world, frozen):
    seat = add_seat(world.branch_a, body=Body.PRINCIPAL_OFFICE, person_name="赵副校长", started_on=d("2026-09-01"),
                    acting_user=world.principal_a)
    twice = refused(lambda: add_seat(world.branch_a, body=Body.PRINCIPAL_OFFICE, person_name="赵副校长",
                                     started_on=d("2026-10-01"), acting_user=world.principal_a))
    assert twice.code == "duplicate" and "先登记原任期终止" in twice.message
    party = refused(lambda: add_seat(world.branch_a, body=Body.PARTY, person_name="某人", started_on=d("2026-10-01"),
                                     acting_user=world.principal_a))
    assert "来自任职" in party.message
    early = refused(lambda: end_seat(seat, ended_on=d("2026-08-01"), acting_user=world.principal_a))
    assert early.field == "ended_on" and "2026-09-01" in early.message
    county = refused(lambda: add_seat(world.county_a, body=Body.STAFF_CONGRESS, person_name="某人",
                                      started_on=d("2026-10-01")))
    assert "学校党组织" in county.message


def test_an_organization_committee_member_may_read_the_seats_but_not_keep_them(world, frozen):
    with pytest.raises(PermissionDenied):
        add_seat(world.branch_a, body=Body.STAFF_CONGRESS, person_name="某人", started_on=d("2026-10-01"),
                 acting_user=world.org_member_a)


def test_the_page_lists_the_bodies_and_takes_a_new_seat(world, frozen, client):
    from dangjian.testing import login

    login(client, world.principal_a)
    response = client.post(f"/decisions/seats/?org={world.branch_a.pk}",
                           {"body": "principal_office", "person_name": "孙主任", "role": "教务主任",
                            "started_on": "2026-09-01"})
    assert response.status_code == 302
    page = client.get(f"/decisions/seats/?org={world.branch_a.pk}").content.decode()
    assert "孙主任" in page and "教务主任" in page and "党组织会议（有表决权，来自任职）" in page
    seat = BodySeat.objects.get(person_name="孙主任")
    ended = client.post(f"/decisions/seats/?org={world.branch_a.pk}", {"end": seat.pk, "ended_on": "2026-08-01"})
    assert ended.status_code == 422 and "不能早于起始日期" in ended.content.decode()
    assert client.post(f"/decisions/seats/?org={world.branch_a.pk}", {"end": "x"}).status_code == 404
