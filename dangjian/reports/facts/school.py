"""The facts of one school's party organization for a period, each read through the selector its
module page reads — so that a test (and a reader) can open the page the fact names and find the
same figure. The user is the reader: every selector that is scoped is given them, so a draft
never shows more than its author's pages do.

Where a module page reads "now" (the recruitment board, the arrears list, the rectification
ledger), the fact is "now" too and says so in its label; the period's figures are those whose
pages take a year (compliance, dues, the plan, ratings, 民主评议, reading notes)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dangjian.appraisal.rules import rating as rating_rules
from dangjian.appraisal.rules import review as review_rules
from dangjian.appraisal.selectors import rating as ratings
from dangjian.appraisal.selectors.review import subtree_statistics
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.decisions import selectors as decisions
from dangjian.dues import selectors as dues
from dangjian.members.statistics import member_statistics, members_on
from dangjian.orglife import compliance
from dangjian.orglife import rules as orglife_rules
from dangjian.orglife.services.study import org_totals
from dangjian.orgs.models import PartyOrg, Position, School
from dangjian.orgs.rules import term_status
from dangjian.recruitment import selectors as recruitment
from dangjian.recruitment.rules import STAGE_SHORT, Stage
from dangjian.reports.facts.base import Fact, ReportPeriod, SchoolFacts
from dangjian.supervision.rules import disclosure as disclosure_rules
from dangjian.supervision.selectors import disclosure as disclosures
from dangjian.supervision.selectors import rectification

ZERO = Decimal("0.00")


def _url(name: str, query: str = "", **kwargs) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


def school_facts(org: PartyOrg, period: ReportPeriod, user, *, today: datetime.date | None = None) -> SchoolFacts:
    """Every fact of the drafts for `org` and `period`, as `user` may read them."""
    today = today or timezone.localdate()
    school = School.objects.filter(party_org=org).order_by("pk").values_list("name", flat=True).first()
    facts = SchoolFacts(org_id=org.pk, org_name=org.name, school_name=school or org.name, period=period,
                        as_of=period.as_of(today))
    for collect in (_people, _orglife, _members, _recruitment, _dues, _decisions, _rectification, _rating, _review,
                    _study, _disclosure):
        collect(facts, org, period, user, today)
    return facts


def _people(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """The secretary in office on the day counted, and the term (换届) as the organization page shows it."""
    detail = _url("orgs:detail", pk=org.pk)
    secretary = (Position.objects.active_on(facts.as_of).filter(org=org, post=Post.SECRETARY)
                 .order_by("-started_on").values_list("person_name", flat=True).first())
    facts.add(Fact("secretary", "党组织书记", secretary, url=detail, missing="党组织书记姓名（组织页面未登记书记任职）"))
    facts.add(Fact("term_start", "本届任期开始", org.term_start, url=detail, missing="本届委员会任期开始日期"))
    facts.add(Fact("term_end", "本届任期届满", org.term_end, url=detail, missing="本届委员会任期届满日期"))
    status = term_status(org.kind, org.term_end, today)
    facts.add(Fact("term_status", "换届情况", status.label if org.term_end else None, url=detail,
                   missing="换届情况（未登记任期）"))


def _orglife(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """落实情况 of the period: a year as the compliance page shows it; a half year as the sum of its
    two quarters' pages (the page has no half-year view)."""
    codes = [period.code] if period.half is None else period.quarters
    rows = []
    for code in codes:
        rows += [r for r in compliance.subtree_compliance(org, orglife_rules.parse_period(code), today)
                 if r.org_id == org.pk]
    url = _url("orglife:compliance", f"org={org.pk}&period={codes[0]}")
    note = "" if len(codes) == 1 else f"{'、'.join(codes)} 两个季度之和"
    required = sum(r.required for r in rows)
    held = sum(r.held for r in rows)
    facts.add(Fact("orglife_required", "应开展的组织生活项目", required, "项", url, note=note))
    facts.add(Fact("orglife_done", "已按规定开展的组织生活项目", held, "项", url, note=note))
    facts.add(Fact("orglife_missing", "缺失或未达法定人数的项目", sum(r.missing for r in rows), "项", url, note=note))
    rate = round(100 * held / required, 1) if required else None
    facts.add(Fact("orglife_rate", "组织生活落实率", rate, "%", url, missing="本期应开展的组织生活（尚无到期项目）",
                   note=note))
    by_kind: dict[str, list] = {}
    for row in rows:
        for activity in row.activities:
            line = by_kind.setdefault(activity.kind, [activity.label, 0, 0, 0])
            line[1] += sum(s.held + s.late for s in activity.subs)
            line[2] += activity.held
            line[3] += activity.required
    facts.activities = [(kind, *numbers) for kind, numbers in by_kind.items()]
    for kind, label, meetings, _done, _due in facts.activities:
        facts.add(Fact(f"meetings:{kind}", f"{label}（次数）", meetings, "次", url, note=note))


def _members(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """党员统计 on the period's last day (today while it runs): the members page's figures."""
    day = facts.as_of
    stats = member_statistics(members_on([org.path], day), day=day, scope_name=org.name)
    status = stats.counts("status")
    url = _url("members:stats", f"within={org.pk}&as_of={day.isoformat()}")
    facts.add(Fact("members_total", "党员总数", stats.total, "名", url))
    facts.add(Fact("members_full", "正式党员", status.get("正式党员", 0), "名", url))
    facts.add(Fact("members_probationary", "预备党员", status.get("预备党员", 0), "名", url))
    women = stats.counts("gender").get("女", 0)
    facts.add(Fact("members_women", "女党员", women, "名", url))


def _recruitment(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """The board's open files by stage (now), and the plan page's year: planned and done."""
    stages, _states = recruitment.file_counts(user, org)
    board = _url("recruitment:board", f"org={org.pk}")
    for stage in (Stage.APPLICATION, Stage.ACTIVIST, Stage.CANDIDATE):
        facts.add(Fact(f"files:{stage}", f"在培养的{STAGE_SHORT[stage]}（当前）", stages[stage], "名", board))
    facts.add(Fact("files:probation", "在考察期的预备党员（当前）", stages[Stage.ADMISSION] + stages[Stage.PROBATION],
                   "名", board))
    plan = recruitment.plan_vs_actual(user, org, period.year)
    url = _url("recruitment:plan", f"org={org.pk}&year={period.year}")
    planned = plan["planned"] or {}
    for name, _code, label in recruitment.PLAN_MEASURES:
        facts.add(Fact(f"done:{name}", f"{period.year}年{label}", plan["actual"][name], "名", url))
        facts.add(Fact(f"plan:{name}", f"{period.year}年计划{label}", planned.get(name), "名", url,
                       missing=f"{period.year}年度发展党员计划（{label}）"))


def _dues(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """年度党费收缴汇总 (its months of the period) and the 欠缴名单 as it stands today."""
    rows, _total = dues.yearly_summary(org, period.year)
    rows = [r for r in rows if int(r.org_name[5:7]) in period.months]  # "2026年03月"
    url = _url("dues:yearly", f"org={org.pk}&year={period.year}")
    note = "" if period.half is None else "年度汇总表中本期各月之和"
    missing = "本期党费台账（尚未生成）"
    held = bool(rows)
    due = sum((r.due_amount for r in rows), ZERO)
    paid = sum((r.paid_amount for r in rows), ZERO)
    facts.add(Fact("dues_months", "已生成党费台账的月份", len(rows), "个月", url, note=note))
    facts.add(Fact("dues_due", "应缴党费", due if held else None, "元", url, missing=missing, note=note))
    facts.add(Fact("dues_paid", "实缴党费", paid if held else None, "元", url, missing=missing, note=note))
    facts.add(Fact("dues_extra", "自愿多交党费", sum((r.extra_amount for r in rows), ZERO) if held else None, "元", url,
                   missing=missing, note=note))
    facts.add(Fact("dues_unpaid", "应缴未缴金额", due - paid if held else None, "元", url, missing=missing, note=note))
    rate = round(float(100 * paid / due), 1) if held and due else None
    facts.add(Fact("dues_rate", "党费收缴率", rate, "%", url, missing=missing, note=note))
    owing = dues.arrears(org, today=today)
    arrears_url = _url("dues:arrears", f"org={org.pk}")
    facts.add(Fact("arrears_members", "欠缴党费的党员（当前）", len(owing), "名", arrears_url))
    facts.add(Fact("arrears_amount", "欠缴金额（当前）", sum((a.amount for a in owing), ZERO), "元", arrears_url))


def _decisions(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """议事决策监督's row of the school for the year (the committee's page), and its matters."""
    row = next((r for r in decisions.oversight(org.path, today, period.start, period.end) if r.org_id == org.pk),
               decisions.OversightRow(org.pk))
    parent = PartyOrg.objects.filter(path=org.path[:-PartyOrg.steplen]).values_list("pk", "path").first()
    # The figures are the oversight page's row of this school; a secretary, who cannot open the
    # committee's page, is sent to the school's own list of matters.
    if parent and scope_of(user).allows(Action.DECISIONS_OVERSEE, parent[1]):
        url = _url("decisions:oversight", f"org={parent[0]}&year={period.year}")
    else:
        url = _url("decisions:matters", f"org={org.pk}")
    note = "上级党组织议事决策监督页面的本校一行" + ("" if period.half is None else "（该页面按全年统计，此处为本期）")
    facts.add(Fact("decided", "党组织会议研究决定的议题", row.decided, "项", url, note=note))
    facts.add(Fact("decided_major", "其中“三重一大”事项", row.major, "项", url, note=note))
    facts.add(Fact("decision_meetings", "召开党组织会议（议事决策）", row.meetings, "次", url, note=note))
    facts.add(Fact("non_quorate", "未达法定人数的会议", row.non_quorate, "次", url, note=note))
    facts.add(Fact("execution_overdue", "逾期未办结的决定", row.overdue, "项", url, note=note))
    facts.add(Fact("undecided_large", "未经集体决策的大额经费支出", row.undecided_large, "笔", url, note=note))


def _rectification(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """整改台账 as the ledger page lists it today, by its own state filter."""
    for key, state, label in (("rect_total", "", "整改事项"), ("rect_open", "open_all", "未销号的整改事项"),
                              ("rect_overdue", "overdue", "逾期未完成的整改事项"),
                              ("rect_closed", rectification.R.ItemState.CLOSED, "已销号的整改事项")):
        item_filter = rectification.ItemFilter(state=state)
        count = rectification.ledger(user, org, item_filter, today).count()
        query = f"org={org.pk}&{item_filter.querystring()}".rstrip("&")
        facts.add(Fact(key, f"{label}（当前）", count, "项", _url("supervision:ledger", query)))


def _rating(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """评星定级 of the period's year, as the ratings page shows the school's own."""
    rating = ratings.ratings_in(user, org, year=period.year).filter(org=org).first()
    url = _url("appraisal:ratings", f"org={org.pk}&year={period.year}")
    state = rating.get_state_display() if rating else None
    facts.add(Fact("rating_state", f"{period.year}年度评星定级进度", state, url=url,
                   missing=f"{period.year}年度评星定级（尚未开展）"))
    granted = rating is not None and rating.state in (rating_rules.State.GRANTED, rating_rules.State.PUBLICITY)
    facts.add(Fact("rating_stars", f"{period.year}年度评定星级", rating.stars if granted else None, "星", url,
                   missing=f"{period.year}年度评定星级（尚未评定）"))


def _review(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """民主评议党员统计 of the year: the school's row (only reported results count)."""
    rows, _totals = subtree_statistics(org, period.year)
    row = next((r for r in rows if r.org_id == org.pk), None)
    url = _url("appraisal:review_statistics", f"org={org.pk}&year={period.year}")
    missing = f"{period.year}年度民主评议党员结果（尚未上报）"
    graded = row.graded if row else 0
    facts.add(Fact("review_graded", "参加民主评议的党员", graded or None, "名", url, missing=missing))
    for grade in (review_rules.Grade.EXCELLENT, review_rules.Grade.QUALIFIED, review_rules.Grade.BASIC,
                  review_rules.Grade.UNQUALIFIED):
        count = row.counts.get(grade, 0) if row else 0
        facts.add(Fact(f"review:{grade}", f"评议为“{grade.label}”的党员", count if graded else None, "名", url,
                       missing=missing))


def _study(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """学习园地 of the year: members who reached the reading-note target, and the characters written."""
    rows = org_totals(org, period.year)
    url = _url("orglife:study_board", f"org={org.pk}&year={period.year}")
    facts.add(Fact("notes_members", "应写读书笔记的党员", len(rows), "名", url))
    facts.add(Fact("notes_met", "读书笔记达到年度字数要求的党员", sum(1 for r in rows if r["met"]), "名", url))
    facts.add(Fact("notes_count", "读书笔记篇数", sum(r["notes"] for r in rows), "篇", url))
    facts.add(Fact("notes_chars", "读书笔记总字数", sum(r["chars"] for r in rows), "字", url))
    facts.add(Fact("notes_target", "每名党员年度读书笔记字数要求", orglife_rules.READING_NOTES_TARGET, "字", url))


def _disclosure(facts: SchoolFacts, org: PartyOrg, period: ReportPeriod, user, today) -> None:
    """党务公开工作 by state, as its page counts the items (now); without the right, not held."""
    url = _url("supervision:disclosures", f"org={org.pk}")
    if not scope_of(user).allows(Action.DISCLOSURE_VIEW, org.path):
        facts.add(Fact("disclosed", "已公开的党务公开事项", None, "项", url, missing="党务公开事项（您无权查看党务公开工作）"))
        return
    counts = disclosures.state_counts(user, org)
    done = counts.get(disclosure_rules.State.PUBLISHED, 0) + counts.get(disclosure_rules.State.ARCHIVED, 0)
    facts.add(Fact("disclosed", "已公开（含已归档）的党务公开事项（当前）", done, "项", url))
