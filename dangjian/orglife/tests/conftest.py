import datetime

import pytest

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    return TODAY


@pytest.fixture
def hold(frozen):
    """hold(org, kind, day, absent={member: reason}, **facts) -> Meeting, recorded by the system."""
    from dangjian.orglife.services import AttendanceLine, record_meeting

    def make(org, kind, day, *, absent=None, acting_user=None, **facts):
        facts.setdefault("place", "党员活动室")
        facts.setdefault("topic", "学习贯彻党的二十届四中全会精神")
        lines = [AttendanceLine(m.pk, False, reason, "外出培训" if reason == "other" else "")
                 for m, reason in (absent or {}).items()]
        return record_meeting(org, kind=kind, held_on=day, attendance=lines, acting_user=acting_user, **facts)

    return make


@pytest.fixture
def client_as(world, frozen):
    """client_as("secretary_a") -> a test client logged in as that persona."""
    from django.test import Client

    from dangjian.testing import login

    def make(persona: str) -> Client:
        client = Client()
        login(client, world.personas[persona])
        return client

    return make
