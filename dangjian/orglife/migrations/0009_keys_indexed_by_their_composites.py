"""Three single-column indexes dropped: each is the leading column of a composite index that
serves the same lookups (see the fields' comments in models.py).

Only the indexes are dropped. Django's own AlterField would also drop and re-add each foreign key,
which checks every row again: minutes for a province's attendance, for constraints that do not
change. The index names are the ones Django gave them (the same on every engine)."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {  # index: (table, column), for the way back
    "orglife_attendance_meeting_id_a0041894": ("orglife_attendance", "meeting_id"),
    "orglife_attendance_member_id_b7102683": ("orglife_attendance", "member_id"),
    "orglife_meeting_org_id_6d20de6d": ("orglife_meeting", "org_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0005_member_native_place_work_start_office"),
        ("orglife", "0008_compliance_summary"),
        ("orgs", "0004_school_coverage_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                                   f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                                 for name, (table, column) in DROPPED.items()],
            state_operations=[
                migrations.AlterField(
                    model_name="attendance",
                    name="meeting",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="attendance", to="orglife.meeting"),
                ),
                migrations.AlterField(
                    model_name="attendance",
                    name="member",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="orglife_attendance", to="members.member"),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="org",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="meetings", to="orgs.partyorg", verbose_name="党组织"),
                ),
            ],
        ),
    ]
