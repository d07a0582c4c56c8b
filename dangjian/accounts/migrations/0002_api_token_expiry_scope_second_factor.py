"""API tokens get an expiry, a scope and the time of the TOTP check made when they were issued
(QUALITY.md item 22).

Tokens issued before this had neither. They keep the read-write access they had, and expire
90 days after they were issued but not before 30 days from this migration: long enough to
replace them without breaking a client on the day of the upgrade, short enough that no old
token lives on. Those of users whose posts need the second factor stop working at once (they
have no TOTP check on record) and must be issued again on the token page."""

import datetime

from django.db import migrations, models
from django.utils import timezone

OLD_TOKEN_DAYS = 90
GRACE_DAYS = 30


def give_old_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    earliest = timezone.now() + datetime.timedelta(days=GRACE_DAYS)
    for token in ApiToken.objects.filter(expires_at__isnull=True).iterator():
        token.expires_at = max(token.created_at + datetime.timedelta(days=OLD_TOKEN_DAYS), earliest)
        token.scope = "write"
        token.name = token.name or "未命名令牌"
        token.save(update_fields=["expires_at", "scope", "name"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="到期时间"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=[("read", "只读"), ("write", "读写")], default="read", max_length=8,
                                   verbose_name="权限"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="second_factor_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="签发时二次验证时间"),
        ),
        migrations.RunPython(give_old_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="到期时间"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="签发时间"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="最近使用"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="name",
            field=models.CharField(max_length=100, verbose_name="名称"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="撤销时间"),
        ),
        migrations.AddIndex(
            model_name="apitoken",
            index=models.Index(fields=["user", "-created_at"], name="apitoken_user_created"),
        ),
    ]
