"""What the 民主评议党员 services share: parsing dates, locking a round, naming a member in a
refusal without revealing one the actor may not see."""

from __future__ import annotations

import datetime

from dangjian.appraisal.models import ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.core.errors import RuleViolation
from dangjian.members.models import Member


def parse_date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise RuleViolation("日期格式不正确，应为 YYYY-MM-DD", field=field, code="invalid") from None


def parse_int(value, field: str, label: str) -> int:
    if isinstance(value, bool):
        raise RuleViolation(f"{label}须为整数", field=field, code="invalid")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise RuleViolation(f"{label}须为整数", field=field, code="invalid") from None


def not_future(day: datetime.date, today: datetime.date, field: str) -> None:
    if day > today:
        raise RuleViolation(f"日期 {day:%Y-%m-%d} 晚于今天", rule=R.R_NOT_FUTURE, field=field, code="future")


def lock_round(round_: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round_.pk)


def member_label(member_id, acting_user) -> str:
    """A member's name when the actor may see the record, else only the number they sent."""
    member = Member.objects.visible_to(acting_user).filter(pk=member_id).first() if acting_user is not None else \
        Member.objects.filter(pk=member_id).first()
    return member.name if member is not None else f"编号为 {member_id} 的人员"


def require_state(round_: ReviewRound, step: str, what: str) -> None:
    if round_.state != step:
        raise RuleViolation(f"只有在“{R.Step(step).label}”环节才能{what}（本轮当前在“{round_.get_state_display()}”环节）",
                            rule=R.R_ORDER, field="state", code="wrong_step")
