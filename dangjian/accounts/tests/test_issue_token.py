"""`manage.py issue_token`: prints a bearer token once, stores only its digest, audits the
issue without the token."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def test_it_prints_a_token_whose_digest_is_stored_for_that_user(world):
    token = issue("secretary_a", "--name", "数据同步")

    stored = ApiToken.objects.get(user=world.secretary_a)
    assert token.startswith("dj_") and len(token) > 40
    assert stored.digest == ApiToken.digest_of(token)
    assert stored.name == "数据同步"
    assert token not in {stored.digest, stored.prefix}


def test_every_call_issues_a_different_token(world):
    assert issue("secretary_a") != issue("secretary_a")
    assert ApiToken.objects.filter(user=world.secretary_a).count() == 2


def test_the_issue_is_audited_without_the_token(world):
    token = issue("secretary_a", "--name", "报表客户端")

    entry = AuditEntry.objects.get(action="api_token.issue")
    assert entry.object_type == "accounts.apitoken"
    assert entry.object_id == str(ApiToken.objects.get().pk)
    assert entry.changes == {"user": "secretary_a", "name": "报表客户端"}
    recorded = json.dumps([entry.changes, entry.reason, entry.object_repr, entry.actor_name], ensure_ascii=False)
    assert token not in recorded
    assert token[3:11] not in recorded  # not even a piece of it


def test_an_unknown_username_is_an_error_in_chinese(world):
    with pytest.raises(CommandError, match="用户不存在：ghost"):
        issue("ghost")
    assert not ApiToken.objects.exists()


def test_a_disabled_user_gets_no_token(world):
    world.member_a.is_active = False
    world.member_a.save()
    with pytest.raises(CommandError, match="已停用"):
        issue("member_a")
