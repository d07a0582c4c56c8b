"""A refused export is audited under the event type of what was asked for (issue 12, item 5):
a refused dues workbook among the dues exports, a refused meeting record among orglife's, not
all of them as member exports as before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.core import exports
from dangjian.core.models import AuditEntry
from dangjian.testing import login


def _used_up(user) -> None:
    for _ in range(10):
        exports.throttle(user, "member.export")


@pytest.mark.parametrize(("url", "params", "action"), [
    ("dues:collection_xlsx", {"month": "2026-11"}, "dues.export"),
    ("orglife:plan_xlsx", {"year": "2026"}, "orglife.export"),
    ("orglife:minutes_period_docx", {"year": "2026"}, "orglife.export"),
    ("recruitment:roster_xlsx", {}, "recruitment.export"),
    ("members:roster", {}, "member.export"),
])
def test_a_refused_export_is_audited_under_the_event_type_of_what_was_asked_for(client, world, url, params, action):
    """A secretary who has used up her ten exports asks for one more: the refusal is found
    among the exports of that kind (dues, meetings, recruitment), not among the members'."""
    _used_up(world.secretary_a)
    login(client, world.secretary_a)
    refused = client.get(reverse(url), {"org": world.branch_a.pk, **params})
    assert refused.status_code == 429 and "导出过于频繁" in refused.content.decode()
    entry = AuditEntry.objects.filter(result=AuditEntry.Result.DENIED).latest("id")
    assert (entry.action, entry.actor, entry.org_path) == (action, world.secretary_a, world.branch_a.path)
    assert entry.changes == {"reason": "rate_limited"}
