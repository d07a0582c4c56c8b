"""The demo's 责任书 / 承诺书 (dangjian/demo/pledges.py) on the test world with its staff register:
the personas' county opens the year's 主体责任书, schools A and B their 师德师风承诺书, in January;
the letters are signed on screen by those with an account, by scan for the others, a few missing.
(Here, not under dangjian/supervision: supervision's tests may not import the demo.)"""

import datetime

import pytest

from dangjian.demo.pledges import write_pledges
from dangjian.supervision.models import PledgeCampaign, PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.tests.pledge_helpers import with_staff
from dangjian.supervision.tests.rectification_helpers import TODAY, frozen  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_staff


def test_the_demo_opens_the_years_letters_and_leaves_a_few_unsigned(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    counts = write_pledges(TODAY, seed=7)
    assert counts.campaigns == 3   # county A's 主体责任书, schools A's and B's 师德师风承诺书
    assert counts.on_screen + counts.scanned + counts.missing == counts.signers == 4 + 6 + 2
    # (school A's six: 赵老师 was still on the staff in January, when the letters were opened)
    assert counts.missing >= 2     # one in each persona school at least
    county = PledgeCampaign.objects.get(org=world.county_a)
    assert (county.kind, county.opened_on, county.deadline) == (R.Kind.PARTY_DUTY, datetime.date(2026, 1, 10),
                                                                 datetime.date(2026, 2, 24))
    screen = PledgeSignature.objects.filter(method=R.Method.SCREEN).values_list("staff__user__username", flat=True)
    assert set(screen) <= {"principal_a", "secretary_a", "secretary_b"}
    assert not PledgeSignature.objects.filter(method=R.Method.SCAN, scan_path="").exists()
