"""The export limit counts bulk exports of personal data only (issue 15, item 2; QUALITY.md item
15): a secretary printing a meeting's minutes eleven times in a row gets eleven PDFs, and still
has her ten roster exports; the eleventh roster in ten minutes is refused in Chinese."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import record_meeting
from dangjian.testing import login


def test_eleven_minutes_pdfs_in_a_row_are_all_served_and_leave_the_roster_allowance_whole(client, world):
    meeting = record_meeting(world.branch_a, kind=Kind.THEME_DAY, held_on=datetime.date(2026, 11, 10),
                             place="党员活动室", topic="主题党日：重温入党誓词", attendance=[])
    login(client, world.secretary_a)
    pdfs = [client.get(reverse("orglife:minutes_pdf", args=[meeting.pk])) for _ in range(11)]
    assert [answer.status_code for answer in pdfs] == [200] * 11
    assert all(answer["Content-Type"] == "application/pdf" for answer in pdfs)
    assert AuditEntry.objects.filter(action="orglife.export", actor=world.secretary_a).count() == 11

    rosters = [client.get(reverse("members:roster"), {"org": world.branch_a.pk}) for _ in range(11)]
    assert [answer.status_code for answer in rosters] == [200] * 10 + [429]
    refused = rosters[-1].content.decode()
    assert "导出过于频繁：批量导出党员等个人信息（花名册、名单、统计表）每 10 分钟最多 10 次" in refused
    assert int(rosters[-1]["Retry-After"]) > 0
