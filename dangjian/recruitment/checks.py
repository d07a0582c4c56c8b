"""The checks of one step: its facts cleaned, and every rule of dangjian.recruitment.rules that
applies to it. A refusal raises RuleViolation naming the rule; a warning rule that is broken
becomes a Breach, which record_step stores only with the user's reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian.core.errors import RuleViolation
from dangjian.core.workdays import working_days_between
from dangjian.members.models import Member, MemberStatus, Standing
from dangjian.recruitment import rules as R
from dangjian.recruitment.progress import add, add_months, date_of, latest, probation_ends
from dangjian.recruitment.rules import Breach, Fact, Severity, Step

VOTE_FIELDS = ("should_attend", "attended", "written", "yes", "no", "abstain")
VOTE_LABELS = {"should_attend": "应到会有表决权的正式党员", "attended": "实到会有表决权的党员",
               "written": "书面表决意见", "yes": "赞成", "no": "反对", "abstain": "弃权"}


def members_within(ids: list[int], path: str) -> dict[int, Member]:
    """The members among `ids` whose organization is `path` or below it, by id (one query)."""
    return {m.pk: m for m in Member.objects.filter(pk__in=ids, org__path__startswith=path)}


@dataclass
class Context:
    file: object
    step: Step
    day: datetime.date
    facts: dict
    records: list
    limits: dict[str, int]
    breaches: list[Breach] = field(default_factory=list)
    passed: bool = True
    # How the people a step names are found: one query per step, or (services.open_files) a
    # batch's members read once. Either answers exactly what members_within answers.
    find_members: Callable[[list[int], str], dict] = members_within

    def limit(self, rule: R.Limit) -> int:
        return self.limits.get(rule.code, rule.value)

    def over(self, rule: R.Limit, message: str):
        """A rule is broken: refuse, or note it for the reason the user must give."""
        if rule.severity == Severity.REFUSE:
            raise RuleViolation(message, rule=rule, field=_field_of(rule))
        self.breaches.append(Breach(rule, message))


def _field_of(rule) -> str:
    return {"training_three_days": "training_days", "training_24_hours": "training_hours",
            "publicity_working_days": "publicity_end"}.get(rule.code, "occurred_on")


# --- facts -------------------------------------------------------------------------------------

def _as_date(value, fact: Fact) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RuleViolation(f"“{fact.label}”不是有效日期（格式如 2026-11-23）", field=fact.name) from None


def _as_int(value, label: str, name: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise RuleViolation(f"“{label}”须为整数", field=name) from None
    if number < 0:
        raise RuleViolation(f"“{label}”不能为负数", field=name)
    return number


def _as_bool(value) -> bool:
    return value is True or str(value).lower() in {"1", "true", "on", "yes", "是"}


def clean_facts(step: Step, raw: dict) -> dict:
    """Each fact of the step in its type; unknown facts are refused, not silently dropped."""
    raw = dict(raw or {})
    known = {f.name for f in step.facts} | {"note"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise RuleViolation(f"步骤“{step.label}”没有这些信息项：{'、'.join(unknown)}", field=unknown[0])
    clean = {}
    for fact in step.facts:
        value = raw.get(fact.name)
        empty = value in (None, "", [], {})
        if empty:
            if fact.required and fact.kind != "bool":
                raise RuleViolation(f"请填写“{fact.label}”", field=fact.name)
            clean[fact.name] = False if fact.kind == "bool" else None
            continue
        if fact.kind == "date":
            clean[fact.name] = _as_date(value, fact)
        elif fact.kind == "int":
            clean[fact.name] = _as_int(value, fact.label, fact.name)
        elif fact.kind == "bool":
            clean[fact.name] = _as_bool(value)
        elif fact.kind == "choice":
            if value not in dict(fact.choices):
                raise RuleViolation(f"“{fact.label}”须为：{'、'.join(dict(fact.choices).values())}", field=fact.name)
            clean[fact.name] = value
        elif fact.kind == "members":
            values = value if isinstance(value, list | tuple) else str(value).replace("，", ",").split(",")
            clean[fact.name] = [_as_int(v, fact.label, fact.name) for v in values if str(v).strip()]
        elif fact.kind == "vote":
            if not isinstance(value, dict):
                raise RuleViolation("表决情况须逐项填写", field="vote")
            clean[fact.name] = {k: _as_int(value.get(k, 0) or 0, VOTE_LABELS[k], k) for k in VOTE_FIELDS}
        else:
            clean[fact.name] = str(value).strip()[:200]
    return clean


# --- people ------------------------------------------------------------------------------------

def full_member_on(member: Member, day: datetime.date) -> bool:
    """A full member on `day`: admitted and confirmed by then, and not out of the party."""
    if member.status != MemberStatus.FULL or member.standing not in (Standing.NORMAL, Standing.RETAINED):
        return False
    if member.joined_on and member.joined_on > day:
        return False
    return member.confirmed_on is None or member.confirmed_on <= day


def _people(ctx: Context, name: str, rule, low: int, high: int) -> list[dict]:
    ids = list(dict.fromkeys(ctx.facts.get(name) or []))
    label = "培养联系人" if name == "mentors" else "入党介绍人"
    if not low <= len(ids) <= high:
        need = f"{low}–{high} 名" if low != high else f"{low} 名"
        raise RuleViolation(f"{label}须为 {need}不同的正式党员，现选了 {len(ids)} 名", rule=rule, field=name)
    # Only members of the file's own organization are looked up: an id from elsewhere is
    # "not found", which tells nothing about members the user cannot see.
    found = ctx.find_members(ids, ctx.file.org.path)
    people = []
    for pk in ids:
        member = found.get(pk)
        if member is None:
            raise RuleViolation(f"{label}须是本组织的党员，未找到编号为 {pk} 的党员", rule=rule, field=name)
        if not full_member_on(member, ctx.day):
            raise RuleViolation(f"{member.name}在 {ctx.day:%Y-%m-%d} 不是正式党员，不能担任{label}", rule=rule, field=name)
        people.append({"id": member.pk, "name": member.name})
    return people


# --- the checks of each step ------------------------------------------------------------------

def _within(ctx: Context, rule: R.Limit, anchor: datetime.date | None, what: str):
    if anchor is None:
        return
    deadline = add(anchor, ctx.limit(rule), rule.unit)
    if ctx.day > deadline:
        ctx.over(rule, f"{what}应在 {deadline:%Y-%m-%d} 前完成，已超出 {(ctx.day - deadline).days} 天")


def _not_before(ctx: Context, rule: R.Limit, anchor: datetime.date | None, what: str):
    if anchor is None:
        return
    earliest = add(anchor, ctx.limit(rule), rule.unit)
    if ctx.day < earliest:
        ctx.over(rule, f"{what}最早在 {earliest:%Y-%m-%d} 办理，现登记的日期 {ctx.day:%Y-%m-%d} 早于该日")


def _publicity(ctx: Context, since: datetime.date | None):
    start, end = ctx.facts.get("publicity_start"), ctx.facts.get("publicity_end")
    if start is None or end is None:
        raise RuleViolation("请填写公示开始和结束日期", rule=R.T_PUBLICITY, field="publicity_start")
    if end < start:
        raise RuleViolation("公示结束日期早于开始日期", rule=R.T_PUBLICITY, field="publicity_end")
    if since is not None and start < since:
        raise RuleViolation(f"公示不能早于 {since:%Y-%m-%d} 开始", rule=R.T_PUBLICITY, field="publicity_start")
    if end >= ctx.day:
        raise RuleViolation("公示期满后方可办理本步骤（公示结束日期须早于办理日期）", rule=R.T_PUBLICITY, field="publicity_end")
    need, have = ctx.limit(R.T_PUBLICITY), working_days_between(start, end)
    if have < need:
        ctx.over(R.T_PUBLICITY, f"公示期只有 {have} 个工作日，须不少于 {need} 个工作日（法定节假日不计，调休上班日计入）")


def _vote(ctx: Context) -> bool:
    v = ctx.facts["vote"]
    if v["should_attend"] == 0:
        raise RuleViolation("请填写应到会有表决权的正式党员人数", rule=R.R_VOTE_NUMBERS, field="should_attend")
    if v["attended"] > v["should_attend"]:
        raise RuleViolation("实到人数不能多于应到人数", rule=R.R_VOTE_NUMBERS, field="attended")
    if v["written"] > v["should_attend"] - v["attended"]:
        raise RuleViolation("书面意见人数不能多于未到会人数", rule=R.R_VOTE_NUMBERS, field="written")
    if v["yes"] + v["no"] + v["abstain"] > v["attended"] + v["written"]:
        raise RuleViolation("赞成、反对、弃权票之和多于到会人数与书面意见人数之和", rule=R.R_VOTE_NUMBERS, field="yes")
    if v["attended"] * 2 <= v["should_attend"]:
        raise RuleViolation(f"到会 {v['attended']} 人，未超过应到 {v['should_attend']} 人的半数，会议不能作出决议",
                            rule=R.R_QUORUM, field="attended")
    return v["yes"] * 2 > v["should_attend"]


def check_01(ctx: Context):
    pass  # age and unit are checked by open_file, before the file exists


def check_02(ctx):
    _within(ctx, R.T_TALK, date_of(ctx.records, "01"), "谈话")


def check_03(ctx):
    _not_before(ctx, R.T_ACTIVIST_WAIT, date_of(ctx.records, "01"), "确定入党积极分子")


def check_05(ctx):
    ctx.facts["mentors"] = _people(ctx, "mentors", R.R_MENTORS, 1, 2)


def check_06(ctx, code="06", anchor_code="03"):
    kind = ctx.facts["kind"]
    rule = R.T_ASSESSMENT if kind == "assessment" else R.T_REPORT
    if kind == "report" and not ctx.limit(rule):
        return
    last = latest(ctx.records, code, kind=kind)
    what = "本次考察" if kind == "assessment" else "本次思想汇报"
    _within(ctx, rule, last.occurred_on if last else date_of(ctx.records, anchor_code), what)


def check_07(ctx):
    _not_before(ctx, R.T_ONE_YEAR, date_of(ctx.records, "03"), "确定发展对象（入党积极分子须满一年）")
    done = sum(1 for r in ctx.records if r.code == "06" and r.facts.get("kind") == "assessment")
    need = ctx.limit(R.T_ASSESSMENTS_DONE)
    if done < need:
        ctx.over(R.T_ASSESSMENTS_DONE, f"入党积极分子期间只记录了 {done} 次半年考察，应有 {need} 次")
    if not ctx.facts["opinions"]:
        raise RuleViolation("确定发展对象前须听取党小组、培养联系人、党员和群众意见", rule=R.R_OPINIONS, field="opinions")


def check_09(ctx):
    ctx.facts["sponsors"] = _people(ctx, "sponsors", R.R_SPONSORS, 2, 2)


def check_10(ctx):
    ctx.passed = ctx.facts["conclusion"] == "pass"


def check_11(ctx):
    days, hours = ctx.facts.get("training_days") or 0, ctx.facts.get("training_hours") or 0
    need_days, need_hours = ctx.limit(R.T_TRAINING_DAYS), ctx.limit(R.T_TRAINING_HOURS)
    if days < need_days and hours < need_hours:
        raise RuleViolation(f"集中培训 {days} 天、{hours} 学时，须不少于 {need_days} 天或 {need_hours} 学时",
                            rule=R.T_TRAINING_DAYS, field="training_days")


def check_12(ctx):
    _publicity(ctx, date_of(ctx.records, "07"))


def check_13(ctx):
    if ctx.facts.get("leaving_soon"):
        raise RuleViolation("发展对象三个月内将离开本单位，不办理接收预备党员手续，请待其到新单位后由新单位党组织办理",
                            rule=R.R_LEAVING, field="leaving_soon")


def check_15(ctx):
    _within(ctx, R.T_MEETING_AFTER_PREREVIEW, date_of(ctx.records, "13"), "支部大会讨论")
    ctx.passed = _vote(ctx)


def check_17(ctx):
    meeting = date_of(ctx.records, "15")
    ctx.passed = bool(ctx.facts.get("approved"))
    if meeting is not None:
        hard = add_months(meeting, ctx.limit(R.T_APPROVAL_MAX))
        if ctx.day > hard:
            raise RuleViolation(f"审批最迟应在 {hard:%Y-%m-%d} 前完成（支部大会后六个月），已超出期限",
                                rule=R.T_APPROVAL_MAX, field="occurred_on")
    _within(ctx, R.T_APPROVAL, meeting, "审批")
    if ctx.passed:
        _publicity(ctx, meeting)
    member = ctx.file.member
    if member is not None:  # a file recorded for someone the members module already holds (补录)
        if not ctx.passed:
            raise RuleViolation(f"{member.name}已在党员档案中，补录的档案只能登记批准", rule=R.R_MEMBER_RECORD,
                                field="approved")
        if member.joined_on != meeting:
            raise RuleViolation(f"党员档案的入党日期为 {member.joined_on:%Y-%m-%d}，与支部大会日期 {meeting:%Y-%m-%d} 不一致",
                                rule=R.R_MEMBER_RECORD, field="occurred_on")


def check_21(ctx):
    check_06(ctx, code="21", anchor_code="15")


def check_22(ctx):
    ends = probation_ends(ctx.records, ctx.file.member)
    if ends is not None and ctx.day > ends:
        ctx.over(R.T_CONFIRM_REQUEST, f"预备期于 {ends:%Y-%m-%d} 期满，转正申请晚于期满之日")


def check_23(ctx):
    ends = probation_ends(ctx.records, ctx.file.member)
    if ends is not None and ctx.day < ends:
        raise RuleViolation(f"预备期到 {ends:%Y-%m-%d} 才满，预备期满方可讨论转正", rule=R.T_PROBATION, field="occurred_on")
    outcome, months = ctx.facts["outcome"], ctx.facts.get("extend_months")
    if outcome == "extend":
        if ctx.file.member is not None and ctx.file.member.probation_extended_to:
            raise RuleViolation("预备期已经延长过一次，不能再次延长", rule=R.R_CONFIRM_OUTCOME, field="outcome")
        if months is None or not 6 <= months <= 12:
            raise RuleViolation("延长预备期须为 6 至 12 个月", rule=R.R_CONFIRM_OUTCOME, field="extend_months")
    elif months:
        raise RuleViolation("只有延长预备期时才填写延长月数", rule=R.R_CONFIRM_OUTCOME, field="extend_months")
    ctx.passed = _vote(ctx)


def check_24(ctx):
    meeting = latest(ctx.records, "23")
    _within(ctx, R.T_CONFIRM_APPROVAL, meeting.occurred_on if meeting else None, "审批转正")
    if meeting is not None and meeting.facts.get("outcome") == "confirm":
        _publicity(ctx, meeting.occurred_on)
        member = ctx.file.member
        if member is not None and member.status == MemberStatus.FULL:  # 补录: the 转正 is already on the record
            ends = probation_ends(ctx.records, member)
            if member.confirmed_on is None or not ends <= member.confirmed_on <= ctx.day:
                raise RuleViolation(f"党员档案的转正日期（{member.confirmed_on or '未登记'}）须在预备期满（{ends:%Y-%m-%d}）"
                                    f"与本次审批之间", rule=R.R_MEMBER_RECORD, field="occurred_on")


CHECKS = {name.removeprefix("check_"): fn for name, fn in globals().items() if name.startswith("check_")}
