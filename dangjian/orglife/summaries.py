"""The compliance summary: every organization's totals (应开, 已开, 缺失, 落实率) for the periods
people open most, kept in a table so that a committee's compliance page reads one page of rows
instead of judging its whole subtree on every request (a city's quarter is 4,000 organizations).

Kept current two ways. The worker recomputes every kept period for the whole tree
(`refresh`, orglife.tasks, every few minutes and just after midnight); recording or changing a
meeting recomputes that organization's own rows at once (`keep_current`, called by the meeting
services), so a secretary sees a meeting counted as soon as it is saved. What else changes a
verdict — a member becoming full (a 支委会 is owed from 7), a party group, a stricter rule, the day
a period ends — waits for the next refresh; the page says when that was (数据截至 …).

A summary is read only when it was judged for today (`current`): a period's pending and missing
sub-periods are a day's verdicts. Otherwise, and for periods not kept, the page computes live.
The totals are those of compliance.subtree_compliance, by construction: it is what is stored.
"""

from __future__ import annotations

import datetime
import time

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.models import ComplianceSnapshot, ComplianceSummary
from dangjian.orgs.models import PartyOrg

# How often the worker recomputes the summary (orglife.tasks): a city's six periods take a few
# seconds of one core; every ten minutes keeps the page within ten minutes of every change the
# meeting services do not already write through.
REFRESH_MINUTES = 10
UNITS = (R.Frequency.MONTHLY, R.Frequency.QUARTERLY, R.Frequency.YEARLY)

# The table's sorts as SQL, in the order compliance.SORTS gives (no rate last, then the path).
ORDER = {
    "rate": (F("rate").asc(nulls_last=True), "org__path"),
    "-rate": (F("rate").desc(nulls_last=True), "org__path"),
    "name": ("org__path",),
    "missing": ("-missing", "org__path"),
}


def periods_kept(today: datetime.date) -> list[R.Period]:
    """This and the previous month, quarter and year: the periods the pages open by default and
    the ones just closed, which committees check."""
    kept = []
    for unit in UNITS:
        current = R.period_of(today, unit)
        kept += [current, R.period_of(R.add_months(current.start, -R.MONTHS_IN[unit]), unit)]
    return kept


def _row(org_id: int, period: R.Period, totals: tuple[int, int, int], now) -> ComplianceSummary:
    required, held, missing = totals
    rate = round(100 * held / required, 1) if required else None   # as OrgCompliance.rate
    return ComplianceSummary(org_id=org_id, period=period.code, required=required, held=held, missing=missing,
                             rate=rate, computed_at=now)


def refresh(today: datetime.date | None = None, periods: list[R.Period] | None = None) -> dict:
    """Recompute the summary of `periods` (default: those kept) for the whole tree; without
    `periods`, also drop the periods no longer kept. Each period is replaced in one transaction:
    a page reads the old rows or the new ones, never a mix."""
    today = today or timezone.localdate()
    chosen = periods or periods_kept(today)
    roots = list(PartyOrg.objects.filter(depth=1).order_by("path"))
    started, written = time.perf_counter(), 0
    for period in chosen:
        began, now = time.perf_counter(), timezone.now()
        rows = [_row(r.org_id, period, (r.required, r.held, r.missing), now)
                for root in roots for r in C.subtree_compliance(root, period, today)]
        with transaction.atomic():
            ComplianceSummary.objects.filter(period=period.code).delete()
            ComplianceSummary.objects.bulk_create(rows, batch_size=2000)
            ComplianceSnapshot.objects.update_or_create(period=period.code, defaults={
                "as_of": today, "computed_at": now, "seconds": round(time.perf_counter() - began, 3)})
        written += len(rows)
    if periods is None:
        old = ComplianceSnapshot.objects.exclude(period__in=[p.code for p in chosen])
        ComplianceSummary.objects.filter(period__in=old.values("period")).delete()
        old.delete()
    return {"periods": len(chosen), "rows": written, "seconds": time.perf_counter() - started}


def current(period: R.Period, today: datetime.date) -> ComplianceSnapshot | None:
    """The period's summary if it holds today's verdicts, else None (the page computes live)."""
    return ComplianceSnapshot.objects.filter(period=period.code, as_of=today).first()


def keep_current(org: PartyOrg, days: list[datetime.date], today: datetime.date | None = None) -> None:
    """A meeting of `org` counted for (or held in) `days` was recorded or changed: recompute
    `org`'s own row of every current summary whose period contains one of them."""
    today = today or timezone.localdate()
    codes = {R.period_of(day, unit).code for day in days if day is not None for unit in UNITS}
    now = timezone.now()
    for code in ComplianceSnapshot.objects.filter(period__in=codes, as_of=today).values_list("period", flat=True):
        period = R.parse_period(code)
        row = C.org_compliance(org, period, today)
        if row is None:
            ComplianceSummary.objects.filter(period=code, org=org).delete()
            continue
        # an upsert: a refresh replacing the period at this moment makes it wait, not fail — a
        # meeting's save must never be refused for the summary's sake (a row it writes over with
        # totals computed before this meeting is set right by the next refresh)
        ComplianceSummary.objects.bulk_create(
            [_row(org.pk, period, (row.required, row.held, row.missing), now)], update_conflicts=True,
            unique_fields=["period", "org"], update_fields=["required", "held", "missing", "rate", "computed_at"])


def behind(org: PartyOrg, period: R.Period) -> list[tuple[str, int]]:
    """(path, missing) of the organizations of `org`'s subtree with something missing, in path order."""
    return list(ComplianceSummary.objects.filter(period=period.code, org__path__startswith=org.path, missing__gt=0)
                .order_by("org__path").values_list("org__path", "missing"))


def table(org: PartyOrg, period: R.Period, sort: str, page_number, page_size: int) -> tuple[Page, dict, int]:
    """The organizations below `org` from the summary: one page of rows in the table's order (as
    the OrgCompliance rows the live table shows, without activities), the count of each colour
    and the total."""
    rows = ComplianceSummary.objects.filter(period=period.code, org__path__startswith=org.path).exclude(org_id=org.pk)
    counts = rows.aggregate(ok=Count("pk", filter=Q(rate__gte=R.GREEN_FROM)),
                            warning=Count("pk", filter=Q(rate__gte=R.YELLOW_FROM, rate__lt=R.GREEN_FROM)),
                            danger=Count("pk", filter=Q(rate__lt=R.YELLOW_FROM)),
                            na=Count("pk", filter=Q(rate__isnull=True)))
    total = sum(counts.values())
    ordered = rows.order_by(*ORDER[sort]).values_list("org_id", "org__name", "org__path", "org__kind", "required",
                                                       "held", "missing")
    paginator = Paginator(ordered, page_size)
    paginator.count = total   # known from the counts: no second COUNT(*)
    page = paginator.get_page(page_number)
    page.object_list = [C.OrgCompliance(org_id, name, path, kind, (required, held, missing), [])
                        for org_id, name, path, kind, required, held, missing in page.object_list]
    return page, counts, total
