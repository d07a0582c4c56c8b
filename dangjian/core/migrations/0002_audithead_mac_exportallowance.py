import hashlib
import hmac

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def sign_the_existing_head(apps, schema_editor):
    """A log written before heads were signed keeps verifying: its head is signed as it stands
    (the same computation as dangjian.core.audit.head_mac, repeated so that this migration does
    not change if that module does). A head already cut before this runs stays as wrong as it
    was: the count still has to match the chain."""
    from dangjian.core.crypto import derive_key

    AuditHead = apps.get_model("core", "AuditHead")
    for head in AuditHead.objects.all():
        payload = f"{head.last_id}|{head.last_hash}|{head.count}"
        head.mac = hmac.new(derive_key("audit-head"), payload.encode(), hashlib.sha256).hexdigest()
        head.save(update_fields=["mac"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(sign_the_existing_head, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ExportAllowance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stamps", models.JSONField(default=list)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                              to=settings.AUTH_USER_MODEL)),
            ],
        ),
    ]
