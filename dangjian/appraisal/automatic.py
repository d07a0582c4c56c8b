"""The automatic items of 评星定级: checks that compute, from the live data of the other modules,
how far a school's party organization met an item in a year — each with what was found and the
page that shows it (the evidence link a reviewer opens).

A check is computed for MANY organizations at once: `compute(orgs, year)` asks every check for
all of them together, each check reading its module's bulk selectors over the organizations'
common subtree, so the automatic items of every school organization of a city cost a fixed
number of queries (about 25), whatever the number of schools. Facts several checks share (the
year's organizational-life compliance) are read once per computation (`Context.memo`).

The registry is open: a module that gains a check registers it (`register_check`) and a standard
set's item names it by its code; an item whose check is not registered is shown as such and
scored by the reviewer. The 民主评议 results (this app's review half) and the rectification ledger
(整改台账, dangjian.supervision) joined this way once their data existed.

How a check becomes points: it gives the share of the item's points earned (`fraction`, 0–1;
each check says how in `scoring`); None means the item does not apply to that organization this
year (no plan set, no decision meeting held …) and earns the full points, said so in the finding
— the usual "无此项工作的不扣分" of 评分细则.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.orgs.models import PartyOrg

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Outcome:
    """One organization's result on one check."""

    fraction: float | None      # share of the points earned (0–1); None: not applicable → full points
    finding: str                # what was found, in words
    evidence_url: str = ""      # the page that shows it

    @property
    def state(self) -> str:
        """The colour of partials/status.html: ok, warning (partly), danger (nothing), na."""
        if self.fraction is None:
            return "na"
        return "ok" if self.fraction >= 1 else "danger" if self.fraction <= 0 else "warning"

    @property
    def state_label(self) -> str:
        return {"ok": "达标", "warning": "部分达标", "danger": "未达标", "na": "不适用"}[self.state]

    def points(self, full: Decimal) -> Decimal:
        """The item's score: its points times the share earned, to one decimal (四舍五入)."""
        if self.fraction is None:
            return full
        share = Decimal(str(min(1.0, max(0.0, self.fraction))))
        return (full * share).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Context:
    """What a computation is about: the organizations (all under `root`), the year, and the day
    the data are read as of (the year's last day, or today while the year runs)."""

    root: PartyOrg
    orgs: list[PartyOrg]
    year: int
    today: datetime.date
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def as_of(self) -> datetime.date:
        return min(self.today, datetime.date(self.year, 12, 31))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def rolled_up(self, by_path: dict[str, Any], add: Callable[[Any, Any], Any], zero: Any) -> dict[int, Any]:
        """Figures kept per organization's own path, added up over each organization's subtree
        (a school 党委's own row and its branches'): {org id: total}."""
        wanted = {o.path: o.id for o in self.orgs}
        step = PartyOrg.steplen
        totals: dict[int, Any] = {o.id: zero for o in self.orgs}
        for path, value in by_path.items():
            for ancestor in (path[:i] for i in range(step, len(path) + 1, step)):
                org_id = wanted.get(ancestor)
                if org_id is not None:
                    totals[org_id] = add(totals[org_id], value)
        return totals


@dataclass(frozen=True)
class Check:
    code: str                                   # stable: stored on the standard items that use it
    label: str                                  # what it checks
    source: str                                 # the module whose data it reads
    scoring: str                                # how the share of points is derived, in words
    compute: Callable[[Context], dict[int, Outcome]]
    # The action its evidence page needs over the rated organization, when that page is not for
    # everyone who reads the rating: a school's own secretary reads the 议事决策 findings but may
    # not open the committee's oversight drill-down, so the rating shows them no link to it.
    evidence_action: str = ""


_checks: dict[str, Check] = {}


def register_check(check: Check) -> Check:
    """Add a check (a module's AppConfig.ready() or this module's own); the same code twice keeps
    the last, so a module may refine its check."""
    _checks[check.code] = check
    return check


def registered() -> list[Check]:
    return list(_checks.values())


def get(code: str) -> Check | None:
    return _checks.get(code)


def common_root(orgs: list[PartyOrg]) -> PartyOrg:
    """The deepest organization above (or equal to) all of `orgs`: the subtree the bulk reads cover."""
    prefix = os.path.commonprefix([o.path for o in orgs])
    path = prefix[: len(prefix) - len(prefix) % PartyOrg.steplen]
    return PartyOrg.objects.get(path=path)


def compute(orgs: list[PartyOrg], year: int, *, today: datetime.date | None = None,
            codes: list[str] | None = None) -> dict[int, dict[str, Outcome]]:
    """Every registered check (or those in `codes`) for every organization in `orgs`:
    {org id: {check code: Outcome}}. A fixed number of queries whatever the number of organizations."""
    result: dict[int, dict[str, Outcome]] = {o.id: {} for o in orgs}
    if not orgs:
        return result
    ctx = Context(common_root(orgs), orgs, year, today or datetime.date.today())
    for check in registered():
        if codes is not None and check.code not in codes:
            continue
        found = check.compute(ctx)
        for org_id, outcome in found.items():
            if org_id in result:
                result[org_id][check.code] = outcome
    return result


_SENTINEL = 987654321987
_paths: dict[tuple[str, int], str] = {}


def _url(name: str, *args, **query) -> str:
    """The evidence page's URL. Reversed once per page and filled in: a check links each of
    thousands of organizations, and reverse() per link cost more than the check's own reading."""
    key = (name, len(args))
    if key not in _paths:
        _paths[key] = reverse(name, args=[_SENTINEL] * len(args) or None)
    url = _paths[key].replace(str(_SENTINEL), str(args[0])) if args else _paths[key]
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# --- organizational life (dangjian.orglife) ---------------------------------------------------

def _compliance(ctx: Context) -> dict[int, Any]:
    from dangjian.orglife import compliance
    from dangjian.orglife.rules import Frequency, period_of

    def read():
        period = period_of(ctx.start, Frequency.YEARLY)
        return {row.org_id: row for row in compliance.subtree_compliance(ctx.root, period, ctx.today)}
    return ctx.memo("compliance", read)


def orglife_activities(ctx: Context) -> dict[int, Outcome]:
    rows = _compliance(ctx)
    found = {}
    for org in ctx.orgs:
        url = _url("orglife:compliance", org=org.id, period=ctx.year)
        row = rows.get(org.id)
        required = sum(a.required for a in row.activities) if row else 0
        held = sum(a.held for a in row.activities) if row else 0
        if not required:
            found[org.id] = Outcome(None, "本年度暂无到期应开展的组织生活", url)
            continue
        missing = [a.label for a in row.activities if a.status in ("missing", "not_quorate")]
        text = f"应开展 {required} 期次，按期或补开 {held} 期次（{100 * held / required:.1f}%）"
        if missing:
            text += "；缺失或未达法定人数：" + "、".join(missing)
        found[org.id] = Outcome(held / required, text, url)
    return found


def _person_check(kind: str, label: str) -> Callable[[Context], dict[int, Outcome]]:
    def check(ctx: Context) -> dict[int, Outcome]:
        rows = _compliance(ctx)
        found = {}
        for org in ctx.orgs:
            url = _url("orglife:compliance", org=org.id, period=ctx.year)
            row = rows.get(org.id)
            status = next((c for c in row.checks if c.kind == kind), None) if row else None
            if status is None:
                found[org.id] = Outcome(None, f"本年度不要求{label}（无应参加的党员或未配备书记）", url)
            elif kind == "heart_talk_each":
                lacking = len(status.lacking)
                text = (f"应谈 {status.expected} 人，均已谈心谈话" if not lacking else
                        f"应谈 {status.expected} 人，{lacking} 人尚无谈心谈话记录")
                found[org.id] = Outcome(_share(status.expected - lacking, status.expected), text, url)
            else:
                text = "书记已为党员讲党课" if status.held else "书记本年度尚未讲党课"
                found[org.id] = Outcome(1.0 if status.held else 0.0, text, url)
        return found
    return check


def study_target(ctx: Context) -> dict[int, Outcome]:
    from dangjian.orglife.rules import READING_NOTES_TARGET
    from dangjian.orglife.services.study import note_targets_by_org

    figures = ctx.memo("study", lambda: note_targets_by_org(ctx.root.path, ctx.year))
    found = {}
    for org in ctx.orgs:
        members, met = figures.get(org.id, (0, 0))
        url = _url("orglife:study_board", org=org.id, year=ctx.year)
        if not members:
            found[org.id] = Outcome(None, "本组织无在册党员", url)
        else:
            found[org.id] = Outcome(met / members, f"{members} 名党员中 {met} 人完成读书笔记 {READING_NOTES_TARGET:,} 字", url)
    return found


# --- dues (dangjian.dues) ---------------------------------------------------------------------

def dues_arrears(ctx: Context) -> dict[int, Outcome]:
    from dangjian.dues import rules as DR
    from dangjian.dues import selectors as dues
    from dangjian.orgs.selectors import member_counts_by_path

    rows = dues.arrears(ctx.root, today=ctx.as_of)
    paths = {o.id: o.path for o in ctx.orgs}
    by_path: dict[str, tuple[int, int, int]] = {}
    known = dict(PartyOrg.objects.filter(id__in={r.org_id for r in rows} - set(paths)).values_list("id", "path"))
    for r in rows:
        path = paths.get(r.org_id) or known.get(r.org_id)
        if path is None:
            continue
        count, warned, lapsed = by_path.get(path, (0, 0, 0))
        by_path[path] = (count + 1, warned + (r.count >= DR.WARNING_MONTHS), lapsed + (r.count >= DR.LAPSE_MONTHS))
    totals = ctx.rolled_up(by_path, lambda a, b: tuple(x + y for x, y in zip(a, b, strict=True)), (0, 0, 0))
    members = member_counts_by_path(ctx.root.path)
    found = {}
    for org in ctx.orgs:
        url = _url("dues:arrears", org=org.id)
        total = members.get(org.path, (0, 0))[0]
        count, warned, lapsed = totals[org.id]
        if not total:
            found[org.id] = Outcome(None, "本组织无在册党员", url)
        elif not count:
            found[org.id] = Outcome(1.0, f"截至 {ctx.as_of:%Y年%m月%d日}无欠缴党费的党员", url)
        else:
            text = (f"截至 {ctx.as_of:%Y年%m月%d日}欠缴党费 {count} 人（连续 {DR.WARNING_MONTHS} 个月以上 {warned} 人，"
                    f"{DR.LAPSE_MONTHS} 个月以上 {lapsed} 人），在册党员 {total} 人")
            found[org.id] = Outcome(0.0 if lapsed else max(0.0, 1 - count / total), text, url)
    return found


def dues_remittance(ctx: Context) -> dict[int, Outcome]:
    from dangjian.dues import selectors as dues

    rows = dues.reconciliation_by_path(ctx.root.path, ctx.year, [o.path for o in ctx.orgs])
    found = {}
    for org in ctx.orgs:
        url = _url("dues:remittances", org=org.id, year=ctx.year)
        # A quarter's dues are remitted in the month after it (the demo and most counties: by the
        # 10th); until that day has passed a quarter not yet remitted is not yet short.
        due = [q for q in rows[org.path] if q.collected > 0
               and (q.remitted > 0 or ctx.today >= _month_after(q.end).replace(day=REMIT_BY_DAY))]
        if not due:
            found[org.id] = Outcome(None, "本年度无应上缴的党费", url)
            continue
        short = [q for q in due if q.remitted < q.collected]
        if not short:
            found[org.id] = Outcome(1.0, f"{len(due)} 个季度收缴的党费均已足额上缴", url)
        else:
            gaps = "；".join(f"{q.period}收缴 {q.collected:.2f} 元、上缴 {q.remitted:.2f} 元" for q in short)
            found[org.id] = Outcome((len(due) - len(short)) / len(due), f"未足额上缴：{gaps}", url)
    return found


REMIT_BY_DAY = 10


def _month_after(month_start: datetime.date) -> datetime.date:
    return (month_start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


# --- recruitment (dangjian.recruitment) -------------------------------------------------------

def _recruitment(ctx: Context) -> dict[str, dict]:
    from dangjian.recruitment.selectors import rating_facts

    return ctx.memo("recruitment", lambda: rating_facts(ctx.root.path, ctx.year))


def recruitment_breaches(ctx: Context) -> dict[int, Outcome]:
    facts = _recruitment(ctx)
    totals = ctx.rolled_up({p: f["breaches"] for p, f in facts.items()}, lambda a, b: a + b, 0)
    found = {}
    for org in ctx.orgs:
        url = _url("recruitment:board", org=org.id)
        n = totals[org.id]
        found[org.id] = (Outcome(1.0, "本年度发展党员各环节均在规定时限内", url) if not n else
                         Outcome(max(0.0, 1 - n / 4), f"本年度有 {n} 个环节超出规定时限（已说明理由）", url))
    return found


def recruitment_plan(ctx: Context) -> dict[int, Outcome]:
    facts = _recruitment(ctx)
    admitted = ctx.rolled_up({p: f["admitted"] for p, f in facts.items()}, lambda a, b: a + b, 0)
    below = ctx.rolled_up({p: f["planned"] for p, f in facts.items() if f["planned"] is not None},
                          lambda a, b: (a or 0) + b, None)
    found = {}
    for org in ctx.orgs:
        url = _url("recruitment:plan", org=org.id, year=ctx.year)
        own = facts.get(org.path, {}).get("planned")
        planned = own if own is not None else below[org.id]   # like plan_vs_actual: own plan, else the sum below
        done = admitted[org.id]
        if planned is None:
            found[org.id] = Outcome(None, f"本年度未制定发展党员计划；实际发展 {done} 名", url)
        elif planned == 0:
            found[org.id] = Outcome(None, f"本年度计划发展 0 名；实际发展 {done} 名", url)
        else:
            found[org.id] = Outcome(min(1.0, done / planned), f"计划发展 {planned} 名，实际发展 {done} 名", url)
    return found


# --- structure (dangjian.orgs) ----------------------------------------------------------------

def _findings(ctx: Context) -> dict[int, list]:
    from dangjian.orgs.selectors import findings_for

    return ctx.memo("findings", lambda: findings_for(ctx.orgs, ctx.as_of))


def structure(ctx: Context) -> dict[int, Outcome]:
    from dangjian.orgs.rules import R_TERM

    findings = _findings(ctx)
    found = {}
    for org in ctx.orgs:
        items = [f for f in findings.get(org.id, []) if f.rule != R_TERM]
        url = _url("orgs:detail", org.id)
        if not items:
            found[org.id] = Outcome(1.0, "组织设置符合规定", url)
        else:
            danger = any(f.level == "danger" for f in items)
            found[org.id] = Outcome(0.0 if danger else 0.5, "；".join(f.message for f in items), url)
    return found


def elections(ctx: Context) -> dict[int, Outcome]:
    from dangjian.orgs.rules import term_status

    found = {}
    for org in ctx.orgs:
        term = term_status(org.kind, org.term_end, ctx.as_of)
        url = _url("orgs:detail", org.id)
        if term.overdue:
            found[org.id] = Outcome(0.0, f"任期已于 {org.term_end:%Y年%m月%d日}届满，逾期未换届", url)
        elif term.state == "na":
            found[org.id] = Outcome(None, f"任期：{term.label}", url)
        else:
            found[org.id] = Outcome(1.0, f"按期换届（本届任期至 {org.term_end:%Y年%m月%d日}）", url)
    return found


# --- decisions (dangjian.decisions) -----------------------------------------------------------

def _oversight(ctx: Context) -> dict[int, Any]:
    from dangjian.decisions.selectors import oversight

    return ctx.memo("oversight", lambda: {r.org_id: r for r in oversight(ctx.root.path, ctx.as_of, ctx.start, ctx.end)})


def decisions_major(ctx: Context) -> dict[int, Outcome]:
    rows = _oversight(ctx)
    found = {}
    for org in ctx.orgs:
        r = rows.get(org.id)
        url = _url("decisions:oversight_school", org.id, year=ctx.year)
        if r is None or not r.large:
            found[org.id] = Outcome(None, "本年度无达到大额经费标准的支出", url)
        elif r.undecided_large:
            found[org.id] = Outcome(0.0, f"达到标准的支出 {r.large} 笔，{r.undecided_large} 笔支出前没有党组织会议的决定", url)
        else:
            found[org.id] = Outcome(1.0, f"达到标准的支出 {r.large} 笔，均经党组织会议决定", url)
    return found


def decisions_quorum(ctx: Context) -> dict[int, Outcome]:
    rows = _oversight(ctx)
    found = {}
    for org in ctx.orgs:
        r = rows.get(org.id)
        url = _url("decisions:oversight_school", org.id, year=ctx.year)
        if r is None or not r.meetings:
            found[org.id] = Outcome(None, "本年度无党组织会议（议事决策）记录", url)
        elif r.non_quorate:
            found[org.id] = Outcome(1 - r.non_quorate / r.meetings,
                                    f"党组织会议 {r.meetings} 次，其中 {r.non_quorate} 次未达到法定人数", url)
        else:
            found[org.id] = Outcome(1.0, f"党组织会议 {r.meetings} 次，均达到法定人数", url)
    return found


def decisions_execution(ctx: Context) -> dict[int, Outcome]:
    rows = _oversight(ctx)
    found = {}
    for org in ctx.orgs:
        r = rows.get(org.id)
        url = _url("decisions:oversight_school", org.id, year=ctx.year)
        if r is None or not (r.executing or r.decided):
            found[org.id] = Outcome(None, "本年度无交办执行的决定", url)
        elif r.overdue:
            found[org.id] = Outcome(0.0, f"执行中的决定 {r.executing} 项，{r.overdue} 项逾期", url)
        elif r.closed_late:
            found[org.id] = Outcome(0.5, f"{r.closed_late} 项决定逾期办结", url)
        else:
            found[org.id] = Outcome(1.0, "决定均按期执行", url)
    return found


# --- 民主评议 (this app's other half) and 整改 (dangjian.supervision) --------------------------------

def member_review(ctx: Context) -> dict[int, Outcome]:
    """The year's 民主评议党员 of a school's organization reported (上报) — from the review half's
    statistics (rounds of the school's branches count under the school)."""
    from dangjian.appraisal.selectors.review import subtree_statistics

    rows = {row.org_id: row for row in ctx.memo("reviews", lambda: subtree_statistics(ctx.root, ctx.year)[0])}
    found = {}
    for org in ctx.orgs:
        url = _url("appraisal:reviews", org=org.id, year=ctx.year)
        row = rows.get(org.id)
        if row is None:
            found[org.id] = Outcome(None, "民主评议由所在学校党组织统计", url)
        elif not row.rounds:
            found[org.id] = Outcome(0.0, "本年度未开展民主评议党员", url)
        else:
            found[org.id] = Outcome(row.reported / row.rounds,
                                    f"开展民主评议 {row.rounds} 轮，已评定上报 {row.reported} 轮，评定党员 {row.graded} 人", url)
    return found


def rectification(ctx: Context) -> dict[int, Outcome]:
    """整改台账 items of the school overdue at the year's end — from supervision's overview."""
    from dangjian.supervision.selectors.rectification import overview

    rows = {row.org_id: row for row in ctx.memo("rectification", lambda: overview(ctx.root, ctx.as_of).rows)}
    found = {}
    for org in ctx.orgs:
        url = _url("supervision:ledger", org=org.id)
        row = rows.get(org.id)
        if row is None or not row.total:
            found[org.id] = Outcome(None, "没有整改任务", url)
        elif row.overdue:
            found[org.id] = Outcome(max(0.0, 1 - row.overdue / row.total),
                                    f"整改任务 {row.total} 项，已销号 {row.closed} 项，逾期未完成 {row.overdue} 项", url)
        else:
            found[org.id] = Outcome(1.0, f"整改任务 {row.total} 项，已销号 {row.closed} 项，无逾期", url)
    return found


for _check in (
    Check("orglife_activities", "三会一课等组织生活按期开展", "组织生活",
          "按期或补开的期次 ÷ 应开展的期次（组织生活落实情况，含党员大会、支委会未达法定人数不计）", orglife_activities),
    Check("orglife_heart_talk", "每名党员每年至少谈心谈话 1 次", "组织生活", "已谈人数 ÷ 应谈人数",
          _person_check("heart_talk_each", "谈心谈话")),
    Check("orglife_secretary_lecture", "书记每年至少为党员讲 1 次党课", "组织生活", "讲过得满分，未讲不得分",
          _person_check("secretary_lecture", "书记讲党课")),
    Check("study_notes", "党员完成年度读书笔记", "组织生活（学习）", "完成人数 ÷ 在册党员数", study_target),
    Check("dues_arrears", "党员按月足额交纳党费，无欠缴", "党费",
          "1 − 欠缴人数 ÷ 在册党员数；有连续 6 个月以上欠缴的（党章第九条）不得分", dues_arrears),
    Check("dues_remittance", "收缴的党费按季度足额上缴", "党费", "足额上缴的季度 ÷ 有收缴的季度", dues_remittance),
    Check("recruitment_breaches", "发展党员各环节符合时限规定", "发展党员", "每有 1 个超时限环节扣 25%，扣完为止",
          recruitment_breaches),
    Check("recruitment_plan", "完成年度发展党员计划", "发展党员", "实际发展 ÷ 计划发展（不超过 100%）", recruitment_plan),
    Check("structure", "党组织设置、支委会配备符合规定", "组织", "无问题满分；只有提醒项得 50%；有不符合规定项不得分",
          structure),
    Check("elections", "按期换届", "组织", "逾期未换届不得分", elections),
    Check("decisions_major", "“三重一大”事项经党组织会议决定", "议事决策", "有未经决策的大额支出不得分", decisions_major,
          evidence_action=Action.DECISIONS_OVERSEE),
    Check("decisions_quorum", "党组织会议达到法定人数", "议事决策", "1 − 未达到法定人数的会议 ÷ 会议次数", decisions_quorum,
          evidence_action=Action.DECISIONS_OVERSEE),
    Check("decisions_execution", "党组织会议的决定按期执行", "议事决策", "有逾期未办结的不得分；只有逾期办结的得 50%",
          decisions_execution, evidence_action=Action.DECISIONS_OVERSEE),
    Check("member_review", "每年开展民主评议党员并评定上报", "民主评议党员", "已评定上报的轮次 ÷ 开展的轮次；未开展不得分",
          member_review),
    Check("rectification", "整改任务按期完成", "整改台账", "1 − 逾期未完成的任务 ÷ 整改任务数；没有整改任务为不适用",
          rectification),
):
    register_check(_check)
