"""民主评议's lines on the home page's to-do (dangjian.core.todo), for the person:

- whoever has a member record: an online 民主测评 ballot open to him and not yet cast (the
  round's poll step, as the ballot page judges it);
- a member without a post: the self-report of the current period (季度自查, 半年初评 or 年终总评,
  rules.current_report_period, the period the self-report page opens on) not yet written, unless
  the 年终总评 is locked by the year's poll.
The committee's own work on a round is on the round's page; it has no deadline in the data.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.appraisal.models import BallotToken, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services.review_reports import annual_report_locked
from dangjian.core.todo import TODO, TodoItem

MODULE = "民主评议"


def review_todo(user, org, today: datetime.date) -> list[TodoItem]:
    member = getattr(user, "member", None)
    if member is None:
        return []
    items = [TodoItem(title=f"参加{t.round.year}年民主评议党员的民主测评（{t.round.org.name}）", module=MODULE,
                      level=TODO, url=reverse("appraisal:review_ballot", args=[t.round_id]),
                      note="测评不记名，您的选择不与您的账号关联")
             for t in BallotToken.objects.filter(member=member, used_at__isnull=True, round__state=R.Step.POLL,
                                                 round__poll_mode=R.PollMode.ONLINE).select_related("round__org")]
    if org is None:
        period = R.current_report_period(today)
        written = SelfReport.objects.filter(member=member, year=today.year, period=period).exists()
        if not written and not (period == R.ReportPeriod.ANNUAL and annual_report_locked(member, today.year)):
            items.append(TodoItem(title=f"撰写{today.year}年{R.ReportPeriod(period).label}", module=MODULE, level=TODO,
                                  url=f"{reverse('appraisal:self_reports')}?period={period}",
                                  note=str(R.R_SELF_REPORT)))
    return items
