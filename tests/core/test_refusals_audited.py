"""Every refused request leaves an audit entry (QUALITY.md item 11, issue 12 item 5): a 403 on a
page or in the API as `permission.denied`, and a signed-in user's 404 on a real route as
`permission.not_found`, because "not yours" answers 404 on purpose. The entry names the route
and the id asked for, the user, role, address, request id and result, and nothing of the query
string, the posted data or the answer.

Before the fix hundreds of 403s wrote no audit row at all."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.testing import login

SECRET_QUERY = "q=110105198503010013&note=机密"
ID_NUMBER = "110105198503010013"


def page_without_csrf_token(answer) -> str:
    # The token is masked afresh on every answer; everything else must be byte for byte the same.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer.content.decode())


def refusals(action: str = "permission.denied"):
    return AuditEntry.objects.filter(action=action).order_by("id")


def everything_written(entry: AuditEntry) -> str:
    return " ".join(str(getattr(entry, name)) for name in (
        "action", "object_type", "object_id", "object_repr", "org_path", "changes", "reason"))


def test_a_page_refused_to_a_principal_is_audited_with_the_route_the_user_and_the_request(client, world):
    login(client, world.principal_a)
    answer = client.get(f"{reverse('core:audit')}?{SECRET_QUERY}", REMOTE_ADDR="10.1.2.3")
    assert answer.status_code == 403
    (entry,) = refusals()
    assert (entry.actor, entry.actor_name, entry.result) == (world.principal_a, "principal_a", "denied")
    assert entry.role and entry.source_ip == "10.1.2.3"
    assert entry.request_id == answer["X-Request-Id"]
    assert entry.changes == {"url_name": "core:audit", "method": "GET", "status": 403, "args": {}}
    assert entry.reason == "只有上级党组织管理员可以查看审计日志"
    assert ID_NUMBER not in everything_written(entry) and "机密" not in everything_written(entry)


def test_a_refused_post_names_the_object_but_keeps_nothing_that_was_posted(client, world):
    # member_a sees her own record, but revealing ID numbers is a secretary's right: 403.
    login(client, world.member_a)
    member = world.m_member_a
    answer = client.post(reverse("members:reveal", args=[member.pk]), {"reason": f"想看 {ID_NUMBER} 机密"})
    assert answer.status_code == 403
    (entry,) = refusals()
    assert entry.object_id == str(member.pk)
    assert entry.changes["url_name"] == "members:reveal" and entry.changes["method"] == "POST"
    assert entry.changes["args"] == {"pk": str(member.pk)}
    assert ID_NUMBER not in everything_written(entry) and "机密" not in everything_written(entry)


def test_an_api_call_refused_with_403_is_audited_too(client, world):
    login(client, world.member_a)
    upload = SimpleUploadedFile("机密名单.xlsx", ID_NUMBER.encode(), content_type="application/octet-stream")
    answer = client.post(f"/api/v1/members/import?{SECRET_QUERY}", {"file": upload, "org": "机密"})
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    (entry,) = refusals()
    assert (entry.actor, entry.result) == (world.member_a, "denied")
    assert entry.changes == {"url_name": "api:member_import", "method": "POST", "status": 403, "args": {}}
    assert entry.request_id == answer["X-Request-Id"] and entry.reason == answer.json()["message"]
    assert ID_NUMBER not in everything_written(entry) and "机密" not in everything_written(entry)


def test_every_refusal_is_one_entry_and_the_chain_still_verifies(client, world):
    from dangjian.core import audit

    login(client, world.principal_a)
    for _ in range(25):
        assert client.get(reverse("core:audit")).status_code == 403
    assert refusals().count() == 25
    assert audit.verify_chain().ok


def test_another_schools_record_and_a_missing_one_answer_alike_and_are_both_recorded(client, world):
    """secretary_b asks for branch A's member and for a number that does not exist: the same 404,
    and the same kind of entry, so neither the answer nor the log's shape tells them apart."""
    login(client, world.secretary_b)
    theirs = client.get(reverse("members:detail", args=[world.m_member_a.pk]))
    missing = client.get(reverse("members:detail", args=[987654321]))
    assert theirs.status_code == missing.status_code == 404
    assert page_without_csrf_token(theirs) == page_without_csrf_token(missing)
    first, second = refusals("permission.not_found")
    assert (first.object_id, second.object_id) == (str(world.m_member_a.pk), "987654321")
    assert {first.result, second.result} == {"failure"}
    assert first.changes.keys() == second.changes.keys() and first.reason == second.reason == ""
    assert first.actor == world.secretary_b and first.changes["url_name"] == "members:detail"


def test_what_is_not_an_object_lookup_by_a_user_is_not_recorded(client, world):
    # Nobody signed in (the login page is where they go), a path no route knows, the API's
    # catch-all for unknown paths: nothing was refused to anyone.
    assert client.get(reverse("members:detail", args=[world.m_member_a.pk])).status_code == 302
    login(client, world.secretary_a)
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/api/v1/no-such-endpoint").status_code == 404
    assert not refusals("permission.not_found").exists() and not refusals().exists()
