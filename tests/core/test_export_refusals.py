"""A refused export is audited under the event type of what was asked for (issue 12, item 5):
a refused roster of applicants among the recruitment exports, not as a member export. Only bulk
exports of personal data are limited (issue 15, item 2): the documents a secretary prints are
served to a user whose allowance is used up, and audited as usual."""

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
    ("recruitment:roster_xlsx", {}, "recruitment.export"),
    ("members:roster", {}, "member.export"),
])
def test_a_refused_export_is_audited_under_the_event_type_of_what_was_asked_for(client, world, url, params, action):
    """A secretary who has used up her ten exports asks for one more: the refusal is found
    among the exports of that kind (recruitment, members), not all among the members'."""
    _used_up(world.secretary_a)
    login(client, world.secretary_a)
    refused = client.get(reverse(url), {"org": world.branch_a.pk, **params})
    assert refused.status_code == 429 and "导出过于频繁" in refused.content.decode()
    entry = AuditEntry.objects.filter(result=AuditEntry.Result.DENIED).latest("id")
    assert (entry.action, entry.actor, entry.org_path) == (action, world.secretary_a, world.branch_a.path)
    assert entry.changes == {"reason": "rate_limited"}


@pytest.mark.parametrize(("url", "params", "action"), [
    ("dues:collection_xlsx", {"month": "2026-11"}, "dues.export"),
    ("orglife:plan_xlsx", {"year": "2026"}, "orglife.export"),
    ("orglife:minutes_period_docx", {"year": "2026"}, "orglife.export"),
])
def test_a_document_to_print_is_served_when_the_allowance_is_used_up(client, world, url, params, action):
    _used_up(world.secretary_a)
    login(client, world.secretary_a)
    served = client.get(reverse(url), {"org": world.branch_a.pk, **params})
    assert served.status_code == 200
    entry = AuditEntry.objects.filter(action=action).latest("id")
    assert (entry.actor, entry.result) == (world.secretary_a, AuditEntry.Result.SUCCESS)
