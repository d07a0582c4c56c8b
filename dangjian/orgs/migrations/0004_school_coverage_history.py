# The coverage history of a school (issue 18): when it opened and since when it has had a party
# organization, so that the 覆盖率 can be read as of a past day. Written by hand, not by
# makemigrations, to hold these two fields only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_local_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='school',
            name='opened_on',
            field=models.DateField(blank=True, null=True, verbose_name='建校（开办）日期'),
        ),
        migrations.AddField(
            model_name='school',
            name='covered_on',
            field=models.DateField(blank=True, help_text='建立本校党组织或纳入联合党支部之日；无党组织的学校为空', null=True,
                                   verbose_name='党组织覆盖日期'),
        ),
    ]
