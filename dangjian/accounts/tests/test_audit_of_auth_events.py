"""Logins, logouts, failed logins and lockouts are in the audit log (QUALITY.md item 11),
with the username and the address, and never the password."""

import json

import pytest
from django.urls import reverse

from dangjian.core.audit import verify_chain
from dangjian.core.models import AuditEntry
from dangjian.testing import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "Guess-Password-99!"


def entry_text(entry: AuditEntry) -> str:
    fields = ("actor_name", "role", "source_ip", "action", "object_type", "object_id", "object_repr",
              "org_path", "result", "reason")
    return json.dumps({f: getattr(entry, f) for f in fields} | {"changes": entry.changes}, ensure_ascii=False)


def test_a_login_is_recorded_with_the_user_role_and_address(world, client, password_login):
    password_login(client, "secretary_a", ip="10.1.2.3")

    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == world.secretary_a
    assert entry.result == AuditEntry.Result.SUCCESS
    assert entry.source_ip == "10.1.2.3"
    assert "secretary" in entry.role
    assert entry.request_id


def test_a_logout_is_recorded(world, client, password_login):
    password_login(client, "secretary_a")
    client.post(reverse("accounts:logout"))

    entry = AuditEntry.objects.get(action="auth.logout")
    assert entry.actor == world.secretary_a


def test_a_failed_login_is_recorded_with_the_username_and_without_the_password(world, client, password_login):
    password_login(client, "secretary_a", WRONG, ip="10.1.2.4")

    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.result == AuditEntry.Result.FAILURE
    assert entry.actor is None
    assert entry.actor_name == "secretary_a"
    assert entry.changes == {"username": "secretary_a"}
    assert entry.source_ip == "10.1.2.4"


def test_a_failed_login_for_an_unknown_username_is_recorded_too(world, client, password_login):
    password_login(client, "no_such_user", WRONG)
    assert AuditEntry.objects.filter(action="auth.login_failed", actor_name="no_such_user").exists()


def test_a_lockout_is_recorded_once_and_each_refused_attempt_after_it(world, client, password_login):
    for _ in range(5):
        password_login(client, "secretary_a", WRONG, ip="10.1.2.5")
    password_login(client, "secretary_a", PASSWORD, ip="10.1.2.5")

    lockout = AuditEntry.objects.get(action="auth.lockout")
    assert lockout.result == AuditEntry.Result.DENIED
    assert lockout.actor_name == "secretary_a"
    assert lockout.changes["ip_address"] == "10.1.2.5"
    assert lockout.changes["failures"] == 5
    assert "30 分钟" in lockout.reason

    failures = AuditEntry.objects.filter(action="auth.login_failed").order_by("id")
    assert failures.count() == 6
    assert failures.last().reason == "账号或地址已锁定"


def test_no_audit_entry_ever_holds_a_password(world, client, password_login):
    password_login(client, "secretary_a", WRONG)
    password_login(client, "secretary_a")
    client.post(reverse("accounts:logout"))
    for _ in range(6):
        password_login(client, "org_member_a", WRONG, ip="10.9.9.9")

    entries = list(AuditEntry.objects.all())
    assert {e.action for e in entries} >= {"auth.login", "auth.logout", "auth.login_failed", "auth.lockout"}
    for entry in entries:
        text = entry_text(entry)
        assert PASSWORD not in text and WRONG not in text


def test_auth_entries_keep_the_audit_chain_intact(world, client, password_login):
    password_login(client, "secretary_a", WRONG)
    password_login(client, "secretary_a")
    client.post(reverse("accounts:logout"))
    report = verify_chain()
    assert report.ok and report.checked >= 3
