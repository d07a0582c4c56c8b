"""民主评议's lines on the home page's to-do (dangjian.core.todo), for the person:

- whoever has a member record: an online 民主测评 ballot open to him and not yet cast (the
  round's poll step, as the ballot page judges it);
- a member without a post: the self-report of the current period (季度自查, 半年初评 or 年终总评,
  rules.current_report_period, the period the self-report page opens on) not yet written, unless
  the 年终总评 is locked by the year's poll.
The committee's own work on a round is on the round's page; it has no deadline in the data.
书记抓党建述职评议 (duty_todo): the secretary's report due in a round, until it is submitted.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangjian.appraisal.models import BallotToken, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services.review_reports import annual_report_locked
from dangjian.core.todo import DUE_SOON, OVERDUE, TODO, TodoItem

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


def duty_todo(user, org, today: datetime.date) -> list[TodoItem]:
    """述职评议: a secretary's report due in an open round and not submitted yet — amber in the last
    week before the deadline, red after it (still to be submitted: R_DEADLINE marks it late)."""
    from dangjian.appraisal.rules import duty_review as D
    from dangjian.appraisal.selectors.duty_review import due_reports

    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for entry in due_reports(user, today):
        deadline = entry.round.deadline
        level = OVERDUE if deadline < today else DUE_SOON if (deadline - today).days <= 7 else TODO
        items.append(TodoItem(title=f"提交{entry.round.year}年度书记抓党建述职报告（{entry.round.get_kind_display()}，"
                                    f"{entry.org.name}）", module="述职评议", level=level, due=deadline,
                              url=reverse("appraisal:duty_report", args=[entry.pk]), note=str(D.R_DEADLINE)))
    return items
