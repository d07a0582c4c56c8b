"""`manage.py revoke_token`: an operator revokes a token by id, or every live token of a user;
each revocation is audited, and the token stops working at once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from dangjian.accounts.models import ApiToken
from dangjian.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def revoke(*args) -> str:
    out = StringIO()
    call_command("revoke_token", *args, stdout=out)
    return out.getvalue()


def me_with(token: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_a_token_revoked_by_id_stops_working_at_once_and_the_revocation_is_audited(world):
    record, token = ApiToken.issue(world.secretary_a, "数据同步")
    assert me_with(token) == 200

    output = revoke(str(record.pk), "--reason", "笔记本电脑丢失")

    assert f"#{record.pk} secretary_a“数据同步”：已撤销" in output
    assert me_with(token) == 401
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert entry.object_id == str(record.pk) and entry.actor_name == "命令行 revoke_token"
    assert entry.reason == "笔记本电脑丢失"


def test_revoking_by_user_ends_every_live_token_of_that_user_and_no_one_elses(world):
    first, _ = ApiToken.issue(world.secretary_a, "一")
    second, _ = ApiToken.issue(world.secretary_a, "二")
    other, other_token = ApiToken.issue(world.secretary_b, "外校")

    revoke("--user", "secretary_a")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at and second.revoked_at
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 2
    assert me_with(other_token) == 200


def test_revoking_twice_is_said_and_not_audited_twice(world):
    record, _ = ApiToken.issue(world.secretary_a, "数据同步")
    revoke(str(record.pk))
    assert "此前已撤销" in revoke(str(record.pk))
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_an_unknown_id_revokes_nothing(world):
    record, _ = ApiToken.issue(world.secretary_a, "数据同步")
    with pytest.raises(CommandError, match="令牌不存在：999999"):
        revoke(str(record.pk), "999999")
    record.refresh_from_db()
    assert record.revoked_at is None


def test_the_list_shows_a_users_tokens_and_changes_nothing(world):
    live, _ = ApiToken.issue(world.secretary_a, "数据同步")
    gone, _ = ApiToken.issue(world.secretary_a, "旧脚本")
    gone.revoked_at = timezone.now()
    gone.save()

    output = revoke("--user", "secretary_a", "--list")

    assert f"#{live.pk}\t数据同步\t只读" in output and "有效" in output
    assert f"#{gone.pk}\t旧脚本" in output and "已撤销" in output
    live.refresh_from_db()
    assert live.revoked_at is None


def test_it_asks_for_ids_or_a_user(world):
    with pytest.raises(CommandError, match="二者选一"):
        revoke()
