import datetime

import pytest

from dangjian.dues import services
from dangjian.dues.rules import Category

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    return TODAY


@pytest.fixture
def dues_world(world, frozen):
    """The test world with a base for every member of branch A (4,000 yuan in service from
    2025-01, so 40.00 a month) and branch A's ledgers from 2026-05 to 2026-11."""
    from dangjian.members.models import Member

    for member in Member.objects.filter(org=world.branch_a):
        services.set_base(member, base="4000.00", category=Category.IN_SERVICE, effective_month="2025-01")
    for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"):
        services.generate_ledger(world.branch_a, month)
    return world
