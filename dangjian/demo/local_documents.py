"""The demo city's local documents: it registers its education bureau's opinion at the city
committee and switches the opinion's rules (思想政治课, the matters for the branch meeting) on for
the whole city from the first day of the demo's history — so the five years of records are judged
as the city's schools work, under their local rules as well as the national ones."""

from __future__ import annotations

import datetime

from dangjian.core.local_documents import CITY_BUREAU_OPINION
from dangjian.orgs.models import LocalRuleSwitch, PartyOrg
from dangjian.orgs.services.local_documents import adopt_declared

# The opinion states no 文号 nor date of issue; it was published on the web on this day.
PUBLISHED_NOTE = "文件未载明文号和印发日期；网上发布于2022年1月6日"


def write_local_documents(today: datetime.date) -> dict:
    root = PartyOrg.get_root_nodes().first()
    if root is None:
        return {"documents": 0, "switches": 0}
    adopt_declared(root, CITY_BUREAU_OPINION, effective_from=datetime.date(today.year - 5, 1, 1),
                   note=PUBLISHED_NOTE)
    return {"documents": root.local_documents.count(), "switches": LocalRuleSwitch.objects.filter(org=root).count()}
