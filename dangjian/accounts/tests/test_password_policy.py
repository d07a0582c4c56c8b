"""Passwords (QUALITY.md item 6): at least 12 characters, 3 of 4 character classes, no common
or all-digit password, not like the user's own names; argon2; optional rotation."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

import config.settings
from dangjian.accounts.models import User
from dangjian.accounts.tests.probe import lets_through
from dangjian.core.models import AuditEntry
from dangjian.testing import PASSWORD, login

pytestmark = pytest.mark.django_db
CHANGE = "/accounts/password/"
GOOD_NEW_PASSWORD = "Hong-Qi-Piao-2026"


def change_password(client, new, confirm=None, old=PASSWORD):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": confirm or new})


def errors_for(client, new) -> list[str]:
    response = change_password(client, new)
    assert response.status_code == 200, "a refused password re-displays the form"
    return response.context["form"].errors.get("new_password2", [])


@pytest.fixture
def secretary_client(world, client):
    login(client, world.secretary_a)
    return client


def test_a_password_shorter_than_twelve_characters_is_refused_in_chinese(secretary_client):
    assert "密码太短，至少需要 12 个字符。" in errors_for(secretary_client, "Ab1!xyz")


def test_a_password_with_only_two_character_classes_is_refused(secretary_client):
    errors = errors_for(secretary_client, "onlylowercase2026")
    assert any("至少 3 类" in e and "等保" in e for e in errors)


def test_a_common_password_is_refused(secretary_client):
    assert "这个密码太常见了。" in errors_for(secretary_client, "Password1234")


def test_an_all_digit_password_is_refused(secretary_client):
    assert "密码只包含数字。" in errors_for(secretary_client, "202620262026")


def test_a_password_like_the_username_is_refused(secretary_client):
    errors = errors_for(secretary_client, "Secretary_A2026")
    assert any("太相似" in e for e in errors)


def test_the_similarity_check_covers_the_display_name(world):
    user = User(username="pinyin_user", display_name="Zhangweiguo")
    with pytest.raises(ValidationError) as refused:
        validate_password("Zhangweiguo-26", user)
    assert any("姓名" in m and "太相似" in m for m in refused.value.messages)


def test_the_users_own_name_in_pinyin_is_refused(world):
    """Issue 12: 陈静珍 could choose chenjingzhen1A (14 characters, three classes)."""
    user = User.objects.create(username="cjz", display_name="陈静珍")
    for password in ("chenjingzhen1A", "Jingzhen-Chen-2026", "CH3NJingZhen!26"):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user)
        assert "密码不能包含本人姓名的拼音，请换一个与个人信息无关的密码。" in refused.value.messages, password
    validate_password("Hong-Qi-Piao-2026", user)  # a password that is not her name still passes


def test_a_surname_with_a_special_reading_is_spelled_as_a_surname(world):
    user = User.objects.create(username="sxx", display_name="单雄信")
    with pytest.raises(ValidationError):
        validate_password("Shanxiongxin-26", user)


@pytest.mark.parametrize("password", ["P@ssw0rd1234", "Admin@123456", "Qwerty!23456", "Woaini1314!!", "1qaz@WSX3edc"])
def test_a_common_password_in_disguise_is_refused(secretary_client, password):
    errors = errors_for(secretary_client, password)
    assert any(e.startswith("这个密码太常见了") for e in errors), (password, errors)


def test_passwords_that_are_neither_common_nor_a_name_pass(world):
    user = User.objects.create(username="cjz", display_name="陈静珍")
    for password in ("Hong-Qi-Piao-2026", "Dangjian-Test-2026!", "Xue-Xi-Qiang-Guo-7"):
        validate_password(password, user)


def test_a_wrong_old_password_is_refused_in_chinese(secretary_client):
    response = change_password(secretary_client, GOOD_NEW_PASSWORD, old="Not-My-Password-1")
    assert "你的旧密码不正确。请重新输入。" in response.context["form"].errors["old_password"]


def test_the_two_new_passwords_must_match(secretary_client):
    response = change_password(secretary_client, GOOD_NEW_PASSWORD, confirm=GOOD_NEW_PASSWORD + "x")
    assert "输入的两个密码不一致。" in response.context["form"].errors["new_password2"]


def test_the_form_lists_the_rules_in_chinese(secretary_client):
    page = secretary_client.get(CHANGE).content.decode()
    assert "密码至少需要 12 个字符。" in page
    assert "至少 3 类" in page


def test_a_good_password_is_saved_and_stamped(world, secretary_client):
    before = timezone.now()
    response = change_password(secretary_client, GOOD_NEW_PASSWORD)

    assert response.status_code == 302
    world.secretary_a.refresh_from_db()
    assert world.secretary_a.check_password(GOOD_NEW_PASSWORD)
    assert world.secretary_a.password_changed_at >= before
    # The session that changed the password stays logged in.
    assert secretary_client.get(CHANGE).status_code == 200
    entry = AuditEntry.objects.get(action="auth.password_change")
    assert entry.actor == world.secretary_a
    assert GOOD_NEW_PASSWORD not in str(entry.changes) + entry.reason + entry.object_repr


def test_changing_the_password_ends_the_users_other_sessions(world, client):
    from django.test import Client

    other_device = Client()
    login(other_device, world.secretary_a)
    login(client, world.secretary_a)

    change_password(client, GOOD_NEW_PASSWORD)

    response = other_device.get(CHANGE)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_argon2_is_the_production_password_hasher():
    # conftest switches tests to MD5 for speed, so read the settings module itself.
    assert "Argon2PasswordHasher" in config.settings.PASSWORD_HASHERS[0]


def test_an_old_hash_is_upgraded_to_argon2_at_login_without_restarting_the_rotation_clock(
        world, client, password_login, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    stamped = timezone.now() - datetime.timedelta(days=40)
    User.objects.filter(pk=world.secretary_a.pk).update(password_changed_at=stamped)

    assert password_login(client, "secretary_a").status_code == 302

    world.secretary_a.refresh_from_db()
    assert world.secretary_a.password.startswith("argon2")
    assert world.secretary_a.password_changed_at == stamped


class TestRotation:
    def expire(self, user, days: int) -> None:
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=days))
        user.refresh_from_db()

    def test_is_off_by_default(self, world):
        assert config.settings.PASSWORD_MAX_AGE_DAYS == 0
        self.expire(world.secretary_a, 400)
        assert lets_through(world.secretary_a, "/")

    def test_an_expired_password_sends_every_page_to_the_change_form(self, world, client, settings):
        settings.PASSWORD_MAX_AGE_DAYS = 90
        self.expire(world.secretary_a, 91)
        login(client, world.secretary_a)

        for page in ("/", "/orgs/", "/no/such/page/"):
            response = client.get(page)
            assert response.status_code == 302
            assert response.url == CHANGE

        form = client.get(CHANGE)
        assert form.status_code == 200
        assert "您的密码已超过 90 天未修改" in form.content.decode()

    def test_a_password_changed_within_the_period_is_left_alone(self, world, settings):
        settings.PASSWORD_MAX_AGE_DAYS = 90
        self.expire(world.secretary_a, 89)
        assert lets_through(world.secretary_a, "/")

    def test_changing_the_expired_password_lets_the_user_back_in(self, world, client, settings):
        settings.PASSWORD_MAX_AGE_DAYS = 90
        self.expire(world.secretary_a, 91)
        login(client, world.secretary_a)

        assert change_password(client, GOOD_NEW_PASSWORD).status_code == 302

        world.secretary_a.refresh_from_db()
        assert lets_through(world.secretary_a, "/")
