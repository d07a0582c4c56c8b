import datetime

import pytest
import time_machine

from dangjian.dues import services
from dangjian.dues.rules import Category

TODAY = datetime.date(2026, 11, 23)


FROZEN_AT = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN_AT, tick=False)
    return TODAY


def with_dues(world) -> None:
    """A base for every member of branch A (4,000 yuan in service from 2025-01, so 40.00 a
    month) and branch A's ledgers from 2026-05 to 2026-11, made on the frozen day."""
    from dangjian.members.models import Member

    with time_machine.travel(FROZEN_AT, tick=False):
        for member in Member.objects.filter(org=world.branch_a):
            services.set_base(member, base="4000.00", category=Category.IN_SERVICE, effective_month="2025-01")
        for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"):
            services.generate_ledger(world.branch_a, month)


@pytest.fixture
def dues_world(request, world, frozen):
    """The test world with_dues. A module whose every test uses this sets
    `EXTEND_SHARED_WORLD = with_dues`: its shared world is then built with them, once."""
    if getattr(request.module, "EXTEND_SHARED_WORLD", None) is not with_dues:
        with_dues(world)
    return world
