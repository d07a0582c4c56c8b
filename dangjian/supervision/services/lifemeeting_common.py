"""What the 组织生活会 services share: parsing input, locking a process, checking its stage, and
naming a person in a refusal without revealing one the actor may not see."""

from __future__ import annotations

import datetime

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.members.models import Member
from dangjian.members.services import require
from dangjian.supervision.models.lifemeeting import LifeMeeting
from dangjian.supervision.rules import lifemeeting as R


def parse_date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise RuleViolation("日期格式不正确，应为 YYYY-MM-DD", field=field, code="invalid") from None


def optional_date(value, field: str) -> datetime.date | None:
    return None if value in (None, "") else parse_date(value, field)


def parse_id(value, field: str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise RuleViolation(f"{label}须为编号", field=field, code="invalid") from None
    if not 0 < number < 2**63:
        raise RuleViolation(f"{label}编号超出范围", field=field, code="invalid")
    return number


def text(value, field: str, label: str, *, required: bool = True, limit: int = R.TEXT_MAX) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise RuleViolation(f"请填写{label}", field=field, code="invalid")
    if len(cleaned) > limit:
        raise RuleViolation(f"{label}不能超过 {limit} 个字", field=field, code="invalid")
    return cleaned


def choice(value, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise RuleViolation(f"{label}无效，可选：{'、'.join(choices.labels)}", field=field, code="invalid")
    return value


def not_future(day: datetime.date, today: datetime.date, field: str) -> None:
    if day > today:
        raise RuleViolation(f"日期 {day:%Y-%m-%d} 晚于今天：尚未发生的事项不能登记", rule=R.R_NOT_FUTURE, field=field,
                            code="future")


def lock(life: LifeMeeting) -> LifeMeeting:
    return LifeMeeting.objects.select_for_update(of=("self",)).select_related("org", "meeting").get(pk=life.pk)


def past_date(value, today: datetime.date, field: str) -> datetime.date:
    """A date that has already come (R_NOT_FUTURE)."""
    day = parse_date(value, field)
    not_future(day, today, field)
    return day


def begin(life: LifeMeeting, acting_user, stage: str, what: str) -> LifeMeeting:
    """The start of every step: the process locked, the actor's orglife.manage on its organization
    (403), and the stage the step belongs to (R_ORDER)."""
    life = lock(life)
    require(acting_user, Action.ORGLIFE_MANAGE, life.org.path)
    require_stage(life, stage, what)
    return life


def require_stage(life: LifeMeeting, stage: str, what: str) -> None:
    if life.stage != stage:
        raise RuleViolation(f"只有在“{R.Stage(stage).label}”阶段才能{what}（当前：{life.get_stage_display()}）",
                            rule=R.R_ORDER, field="stage", code="wrong_stage")


def member_label(member_id, acting_user) -> str:
    """A member's name when the actor may see the record, else only the number they sent."""
    members = Member.objects.visible_to(acting_user) if acting_user is not None else Member.objects.all()
    member = members.filter(pk=member_id).first()
    return member.name if member is not None else f"编号为 {member_id} 的人员"


def participant(life: LifeMeeting, member_id, people: set[int], acting_user, field: str, what: str) -> Member:
    """The member `member_id` if they take part in the meeting, else the refusal naming R_PARTICIPANT
    (for someone outside the branch by number only: their name is not the actor's to see)."""
    pk = parse_id(member_id, field, "人员")
    if pk not in people:
        where = "本支部（参会）党员" if life.kind == R.Kind.LIFE_MEETING else "本组织领导班子成员"
        raise RuleViolation(f"{member_label(pk, acting_user)}不是{where}，不能登记其{what}", rule=R.R_PARTICIPANT,
                            field=field, code="not_participant")
    return Member.objects.get(pk=pk)
