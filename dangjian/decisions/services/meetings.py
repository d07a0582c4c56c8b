"""A party organization meeting that decides matters: its attendance (who had a vote on that
day, who attended without one), its agenda, and per matter the recusals, votes and verdict.

`record_meeting` puts communicated (or deferred) matters on the agenda; `record_votes` records
the votes of one or more items and moves each matter to passed / not passed / deferred. The
verdict is checked against the numbers (dangjian.decisions.rules.quorate and .passes), never
taken on trust. Both are all-or-nothing: one refused item refuses the whole request.

Per item, a recused member is neither expected nor present for that item: the item's body is
the meeting's body less the recused, and its quorum and majority are computed on that.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.decisions import rules as R
from dangjian.decisions.models import (
    AgendaItem,
    Attendance,
    DecisionMeeting,
    Matter,
    MatterEvent,
    QuorumSetting,
    Recusal,
)
from dangjian.decisions.rules import State, Verdict
from dangjian.decisions.services.bodies import party_seats
from dangjian.decisions.services.matters import _not_future, ancestor_paths, require
from dangjian.orgs.models import Position

AGENDA_FROM = {State.COMMUNICATED, State.DEFERRED}


def _ids(values, field: str) -> list[int]:
    out = []
    for v in values or []:
        if isinstance(v, bool) or not isinstance(v, int | str) or not str(v).isdigit():
            raise RuleViolation("人员编号格式不正确", rule=R.R_VOTERS, field=field)
        out.append(int(v))
    return out


def _not_a_member(position_id: int, on: datetime.date, field: str = "present") -> RuleViolation:
    position = Position.objects.filter(pk=position_id).first()
    who = position.person_name if position else f"编号 {position_id}"
    why = "（校长未任党组织委员的，列席会议）" if position and position.post == Post.PRINCIPAL else ""
    return RuleViolation(f"{who}不是{on:%Y-%m-%d}在任的党组织委员，没有表决权{why}", rule=R.R_VOTERS, field=field)


def strict_quorum_for(org, on: datetime.date) -> tuple[bool, str]:
    """Whether a higher committee (or `org` itself) asks more than half of the members at a 党组织
    会议 of `org` on `on`, and whose rule that is: the earliest such setting above in force then.
    Any one applies, so a lower committee can never take back what a higher one asked."""
    setting = (QuorumSetting.objects.filter(org__path__in=ancestor_paths(org.path), effective_on__lte=on)
               .select_related("org").order_by("org__depth", "effective_on").first())
    if setting is None:
        return False, R.R_QUORUM.citation
    return True, f"{setting.org.name}：{setting.citation}（{setting.effective_on:%Y-%m-%d}起）"


@transaction.atomic
def set_strict_quorum(org, *, citation: str, effective_on: datetime.date, acting_user=None,
                      today: datetime.date | None = None) -> QuorumSetting:
    """From `effective_on`, the 党组织会议 of `org`'s subtree need more than half of their members.
    Refused without the document it rests on, dated before today (meetings held stay judged as they
    were), or when the stricter reading is already in force there from that day."""
    require(acting_user, Action.DECISIONS_OVERSEE, org)
    today = today or timezone.localdate()
    if not (citation or "").strip():
        raise RuleViolation("请写明依据（文件名称和文号）", rule=R.R_QUORUM_STRICT, field="citation")
    if effective_on < today:
        raise RuleViolation("生效日期不能早于今天：已召开会议的法定人数不因新规定而改变", rule=R.R_QUORUM_STRICT,
                            field="effective_on")
    strict, whose = strict_quorum_for(org, effective_on)
    if strict:
        raise RuleViolation(f"该日起已执行更严格的规定（{whose}）", rule=R.R_QUORUM_STRICT, field="effective_on",
                            code="duplicate")
    setting = QuorumSetting.objects.create(org=org, citation=citation.strip()[:300], effective_on=effective_on,
                                           set_by=acting_user)
    audit.record("decisions.quorum_setting", target=setting, actor=acting_user,
                 changes={"effective_on": effective_on.isoformat()}, reason=citation)
    return setting


@transaction.atomic
def record_meeting(org, *, held_on: datetime.date, host_name: str, present, absent: dict | None = None,
                   observers: list[dict] | None = None, matters: Sequence[Matter] = (), place: str = "",
                   recorder_name: str = "", notes: str = "", acting_user=None) -> DecisionMeeting:
    """The meeting, its attendance and its agenda. `present` and `absent` are committee
    positions; anyone else attends as 列席 (`observers`: [{"name", "role"}])."""
    require(acting_user, Action.DECISIONS_CONVENE, org)
    _not_future(held_on, "held_on")
    if not (host_name or "").strip():
        raise RuleViolation("请填写主持人", rule=R.R_AGENDA, field="host_name")
    seats = {p.pk: p for p in party_seats(org, held_on)}
    if not seats:
        raise RuleViolation(f"{org.name}在{held_on:%Y-%m-%d}没有在任的党组织委员", rule=R.R_VOTERS, field="held_on")
    present_ids = _ids(present, "present")
    absent = {int(k): str(v or "")[:60] for k, v in (absent or {}).items() if str(k).isdigit()}
    for pid in [*present_ids, *absent]:
        if pid not in seats:
            raise _not_a_member(pid, held_on)
    if len(set(present_ids)) != len(present_ids) or set(present_ids) & set(absent):
        raise RuleViolation("同一委员只能登记一次（出席或缺席）", rule=R.R_VOTERS, field="present")
    if not matters:
        raise RuleViolation("请至少列入一个议题", rule=R.R_AGENDA, field="matters")
    body_size = len(seats)
    strict = strict_quorum_for(org, held_on)[0]
    meeting = DecisionMeeting.objects.create(
        org=org, held_on=held_on, place=place[:60], host_name=host_name.strip()[:60], recorder_name=recorder_name[:60],
        body_size=body_size, present_count=len(present_ids), quorate=R.quorate(len(present_ids), body_size,
                                                                               personnel=False, strict=strict),
        notes=notes, recorded_by=acting_user)
    rows = [Attendance(meeting=meeting, position=p, person_name=p.person_name, role=p.get_post_display(),
                       voting=True, present=p.pk in present_ids,
                       absence_reason="" if p.pk in present_ids else (absent.get(p.pk) or "未说明"))
            for p in seats.values()]
    for o in observers or []:
        name = str(o.get("name") or "").strip()[:60]
        if name:
            rows.append(Attendance(meeting=meeting, person_name=name, role=str(o.get("role") or "列席")[:60],
                                   voting=False, present=True))
    Attendance.objects.bulk_create(rows)
    for order, matter in enumerate(matters, start=1):
        _put_on_agenda(meeting, matter, order, acting_user)
    audit.record("decisions.meeting", target=meeting, actor=acting_user,
                 changes={"held_on": held_on.isoformat(), "body_size": body_size, "present": len(present_ids),
                          "quorate": meeting.quorate, "matters": [m.pk for m in matters]})
    return meeting


def _put_on_agenda(meeting, matter, order, acting_user):
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.org_id != meeting.org_id:
        raise RuleViolation(f"“{matter.title}”不是本组织的议题", rule=R.R_AGENDA, field="matters")
    if matter.state not in AGENDA_FROM:
        need = "须先经校长办公会研究并由书记和校长酝酿沟通" if matter.state in (State.DRAFT, State.PROPOSED) else \
            f"当前状态为“{State(matter.state).label}”"
        rule = R.R_COMMUNICATE if matter.state in (State.DRAFT, State.PROPOSED) else R.R_ORDER
        raise RuleViolation(f"“{matter.title}”不能列入议程：{need}", rule=rule, field="matters")
    last = matter.events.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    if last and meeting.held_on < last:
        raise RuleViolation(f"“{matter.title}”的会议日期不能早于上一环节（{last:%Y-%m-%d}）", rule=R.R_ORDER,
                            field="held_on")
    AgendaItem.objects.create(meeting=meeting, matter=matter, order=order)
    before, matter.state = matter.state, State.ON_AGENDA
    matter.save(update_fields=["state"])
    MatterEvent.objects.create(matter=matter, source=before, target=State.ON_AGENDA, occurred_on=meeting.held_on,
                               actor=acting_user, facts={"meeting": meeting.pk, "order": order})


def _count(value, field: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not str(value).isdigit():
        raise RuleViolation("票数必须是不小于 0 的整数", rule=R.R_VOTE_TOTAL, field=field)
    return int(value)


@transaction.atomic
def record_votes(meeting: DecisionMeeting, items: list[dict], *, acting_user=None) -> list[AgendaItem]:
    """Each item: {"matter", "verdict", "for", "against", "abstain", "roll": [{"position", "vote"}],
    "recused": [{"position", "reason"}], "resolution"}."""
    meeting = DecisionMeeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    require(acting_user, Action.DECISIONS_CONVENE, meeting.org)
    if not items:
        raise RuleViolation("请登记至少一个议题的表决", rule=R.R_VERDICT, field="items")
    voters = set(meeting.attendance.filter(voting=True, present=True).values_list("position_id", flat=True))
    seats = set(meeting.attendance.filter(voting=True).values_list("position_id", flat=True))
    by_matter = {i.matter_id: i for i in meeting.items.select_related("matter")}
    done = []
    for raw in items:
        matter_id = raw.get("matter")
        item = by_matter.get(matter_id) if isinstance(matter_id, int) else None
        if item is None:
            raise RuleViolation("该议题不在本次会议议程上", rule=R.R_AGENDA, field="matter")
        try:
            done.append(_vote_item(meeting, item, raw, voters, seats, acting_user))
        except RuleViolation as refusal:
            raise RuleViolation(f"议题{item.order}“{item.matter.title}”：{refusal.message}", rule=refusal.rule,
                                field=refusal.field) from None
    return done


def _vote_item(meeting, item: AgendaItem, raw: dict, voters: set, seats: set, acting_user) -> AgendaItem:
    matter = Matter.objects.select_for_update().get(pk=item.matter_id)
    if item.verdict or matter.state != State.ON_AGENDA:
        raise RuleViolation("该议题的表决结果已经登记，不能重复登记", rule=R.R_VERDICT, field="verdict")
    verdict = raw.get("verdict")
    if verdict not in Verdict.values:
        raise RuleViolation("请选择表决结果（通过、未通过或缓议）", rule=R.R_VERDICT, field="verdict")
    recused = {}
    for r in raw.get("recused") or []:
        pid = _ids([r.get("position") if isinstance(r, dict) else r], "recused")[0]
        if pid not in voters:
            raise RuleViolation("回避由到会的党组织委员在会上提出", rule=R.R_RECUSAL, field="recused")
        reason = str(r.get("reason") if isinstance(r, dict) else "").strip()
        if not reason:
            raise RuleViolation("请写明回避原因", rule=R.R_RECUSAL, field="recused")
        recused[pid] = reason[:120]
    eligible = voters - set(recused)
    size = len(seats) - len(recused)
    counts = {k: _count(raw.get(k), k) for k in ("for", "against", "abstain")}
    roll = _roll(raw.get("roll"), meeting, eligible, recused, voters)
    if roll:
        from_roll = {k: sum(1 for r in roll if r["vote"] == k) for k in counts}
        if any(counts.values()) and counts != from_roll:
            raise RuleViolation("票数与记名表决不一致", rule=R.R_VOTE_TOTAL, field="roll")
        counts = from_roll
    if sum(counts.values()) > len(eligible):
        raise RuleViolation(f"票数合计 {sum(counts.values())} 超过有表决权的到会人数 {len(eligible)}",
                            rule=R.R_VOTE_TOTAL, field="for")
    strict = strict_quorum_for(meeting.org, meeting.held_on)[0]
    quorate = R.quorate(len(eligible), size, personnel=matter.personnel, strict=strict)
    if verdict == Verdict.DEFERRED:
        if any(counts.values()):
            raise RuleViolation("缓议的议题不进行表决，不登记票数", rule=R.R_VERDICT, field="verdict")
    else:
        if not quorate:
            need = ("未达到三分之二以上委员到会" if matter.personnel else "到会委员未超过半数（上级党组织的规定）" if strict
                    else "到会委员不足半数")
            raise RuleViolation(f"应到 {size} 人、实到 {len(eligible)} 人，{need}，只能缓议",
                                rule=R.quorum_rule(matter.personnel, strict), field="verdict")
        if (verdict == Verdict.PASSED) != R.passes(counts["for"], size):
            said = "通过" if verdict == Verdict.PASSED else "未通过"
            raise RuleViolation(f"赞成 {counts['for']} 票、应到 {size} 人，票数不支持“{said}”", rule=R.R_VERDICT,
                                field="verdict")
    item.votes_for, item.votes_against, item.votes_abstain = counts["for"], counts["against"], counts["abstain"]
    item.roll, item.eligible, item.quorate, item.verdict = roll, len(eligible), quorate, verdict
    item.resolution = str(raw.get("resolution") or "").strip()
    item.save()
    Recusal.objects.bulk_create([Recusal(item=item, position_id=p, reason=why) for p, why in recused.items()])
    target = R.VERDICT_STATE[verdict]
    before, matter.state = matter.state, target
    matter.decided_on = meeting.held_on if target != State.DEFERRED else matter.decided_on
    matter.save(update_fields=["state", "decided_on"])
    MatterEvent.objects.create(matter=matter, source=before, target=target, occurred_on=meeting.held_on,
                               actor=acting_user, facts={"meeting": meeting.pk, **counts,
                                                         "recused": len(recused)})
    audit.record("decisions.vote", target=matter, actor=acting_user,
                 changes={"meeting": meeting.pk, "verdict": verdict, **counts, "eligible": len(eligible),
                          "size": size, "recused": sorted(recused)})
    return item


def _roll(raw, meeting, eligible: set, recused: dict, voters: set) -> list[dict]:
    if not raw:
        return []
    names = dict(meeting.attendance.filter(voting=True).values_list("position_id", "person_name"))
    seen, out = set(), []
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("vote") not in ("for", "against", "abstain"):
            raise RuleViolation("记名表决每人一票：赞成、反对或弃权", rule=R.R_VOTE_TOTAL, field="roll")
        pid = _ids([entry.get("position")], "roll")[0]
        if pid in recused:
            raise RuleViolation(f"{names.get(pid, pid)}已回避，不能参加该议题表决", rule=R.R_RECUSAL, field="roll")
        if pid not in names:
            raise _not_a_member(pid, meeting.held_on, "roll")
        if pid not in voters:
            raise RuleViolation(f"{names[pid]}未到会，不能表决", rule=R.R_VOTERS, field="roll")
        if pid in seen:
            raise RuleViolation(f"{names[pid]}重复投票", rule=R.R_VOTE_TOTAL, field="roll")
        seen.add(pid)
        out.append({"position": pid, "name": names[pid], "vote": entry["vote"]})
    return out
