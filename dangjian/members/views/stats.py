"""Pages of the member statistics and the xlsx exports (rosters, filtered list, 统计表).

The filters are the member list's own form (`MemberFilter`, built on MemberCriteria), so the
statistics, the export and the list read the same query string the same way. The order of the
checks is the same everywhere: out of scope → 404 (like a missing organization), in scope but
without the right → 403, a bad parameter → 400 with the reason, too many exports → 429.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core import exports as shared_exports
from dangjian.core.exports import ExportThrottled
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.snapshots import snapshot
from dangjian.members import exports
from dangjian.members.forms import MemberFilter
from dangjian.members.models import Member
from dangjian.members.selectors import MemberCriteria, narrow_members
from dangjian.members.statistics import MemberStatistics, member_statistics, members_on
from dangjian.orgs.forms import DateInput
from dangjian.orgs.models import PartyOrg

ORG_FIELDS = ("within", "org", "group")
# Parameters that only arrange the list; they are not filters worth recording.
NOT_FILTERS = {"sort", "page", "as_of"}
CHART_KINDS = {"status": "pie", "gender": "pie", "ethnicity": "pie", "job": "pie",
               "age": "bar", "education": "bar", "years": "bar"}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput(attrs={"class": "form-control form-control-sm"}),
                            error_messages={"invalid": "日期格式应为 2026-11-23"})

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day is None:
            return None
        if day > timezone.localdate():
            raise forms.ValidationError("截至日期不能晚于今天")
        if day.year < shared_exports.FIRST_YEAR:
            raise forms.ValidationError(f"截至日期不能早于 {shared_exports.FIRST_YEAR} 年")
        return day


@dataclass
class StatsQuery:
    """A statistics request read from a query string: the figures, or why there are none."""

    filter_form: MemberFilter
    as_of_form: AsOfForm
    not_found: bool = False
    stats: MemberStatistics | None = None
    scope_org: PartyOrg | None = None
    filters: dict = field(default_factory=dict)     # raw parameters, for the audit entry
    described: dict = field(default_factory=dict)   # the same in words, for the file
    computed_at: datetime.datetime | None = None    # when the figures were counted, if reused (a snapshot)

    @property
    def errors(self) -> dict[str, list[str]]:
        found = {name: list(errs) for name, errs in self.filter_form.errors.items()}
        found.update({name: list(errs) for name, errs in self.as_of_form.errors.items()})
        return found


def raw_filters(data, form: forms.Form) -> dict:
    return {k: data.get(k) for k in form.fields if k not in NOT_FILTERS and data.get(k) not in (None, "")}


def describe_filters(form: MemberFilter) -> dict:
    """{标签: 值} of the filters in force, as a party worker reads them (the range is the title)."""
    described = {}
    data = form.cleaned_data
    for name, value in data.items():
        if name in NOT_FILTERS or name == "within" or value in (None, "") or (name == "standing" and value == "active"):
            continue
        label = form.fields[name].label or name
        if name == "org":
            described[label] = form.org_obj.name
        elif name == "group":
            described[label] = form.group_obj.name
        elif isinstance(form.fields[name], forms.ChoiceField):
            described[label] = dict(form.fields[name].choices).get(value, value)
        else:
            described[label] = value
    return described


def read_stats_query(user, data, *, reuse: bool = False) -> StatsQuery:
    """Validate the filters and compute the statistics (two queries for the figures).

    With `reuse` (the page), figures over one subtree are kept as a snapshot
    (dangjian.core.snapshots) until an audited write reaches that subtree — a member created,
    edited, moved or leaving, an import — or ten minutes pass: over a city they are two
    aggregates of some 25,000 members and their periods, which a committee's page would
    otherwise count again on every visit. The page shows when they were counted (数据截至).
    The file and the API count afresh."""
    query = StatsQuery(MemberFilter(data, user=user), AsOfForm(data))
    filter_ok, date_ok = query.filter_form.is_valid(), query.as_of_form.is_valid()
    if any(name in query.filter_form.errors for name in ORG_FIELDS):
        query.not_found = True
        return query
    if not (filter_ok and date_ok):
        return query
    criteria: MemberCriteria = query.filter_form.criteria()
    day = query.as_of_form.cleaned_data["as_of"] or timezone.localdate()
    roots = exports.member_view_roots(user)
    if criteria.within is not None:
        query.scope_org, paths, name = criteria.within, [criteria.within.path], criteria.within.name
    else:
        query.scope_org = roots[0] if roots else None
        paths = exports.roots_only([r.path for r in roots])
        name = "、".join(r.name for r in roots if r.path in paths) or "—"
    if criteria.org is not None:
        name = criteria.org.name
    query.filters = raw_filters(data, query.filter_form)
    query.described = describe_filters(query.filter_form)

    def count() -> MemberStatistics:
        return member_statistics(members_on(paths, day, criteria), day=day, scope_name=name)

    if reuse and len(paths) == 1:
        # The filters are part of the snapshot's name; the day and the subtree are keys of their own.
        found = snapshot("member_statistics:" + repr(sorted(query.filters.items())), user=user, path=paths[0],
                         day=day, compute=count)
        query.stats, query.computed_at = found.value, found.as_of
    else:
        query.stats = count()
    return query


def _require_member_view(request) -> None:
    if not scope_of(request.user).allows(Action.MEMBER_VIEW):
        raise PermissionDenied("您的职务不含查看党员信息的权限")


def _problem(request, title: str, messages: list[str], status: int):
    return render(request, "members/stats_problem.html", {"title": title, "lines": messages}, status=status)


def _bad_request(request, errors: dict[str, list[str]]):
    labels = {"as_of": "截至日期", "year": "年份"}
    lines = [f"{labels.get(name, name)}：{'；'.join(errs)}" for name, errs in errors.items()]
    return _problem(request, "导出条件有误", lines, 400)


def _throttled(request, exc: ExportThrottled):
    response = _problem(request, "导出过于频繁", [exc.message], 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


# --- the statistics page -------------------------------------------------------------------

def stats(request):
    """党员统计: the tables and charts for a subtree on a day."""
    _require_member_view(request)
    data = request.GET.copy()
    if not data.get("as_of"):
        data["as_of"] = timezone.localdate().isoformat()  # the date box shows the day counted
    query = read_stats_query(request.user, data, reuse=True)
    if query.not_found:
        raise Http404("未找到该组织")
    within = query.filter_form.fields["within"].widget
    within.choices = [("", "全部（您有权查看的范围）"), *within.choices[1:]]
    stats_data = query.stats
    querystring = request.GET.urlencode()
    scope = scope_of(request.user)
    rosters = None
    org = query.scope_org
    if org is not None and scope.allows(Action.EXPORT, org.path):
        year = (stats_data.as_of if stats_data else timezone.localdate()).year
        rosters = {
            "year": year, "org": org,
            "roster": f"{reverse('members:roster')}?org={org.pk}&year={year}",
            "new_roster": f"{reverse('members:new_roster')}?org={org.pk}&year={year}",
        }
    tables = []
    if stats_data is not None:
        tables = [{"table": t, "chart": CHART_KINDS.get(t.key, "bar")} for t in stats_data.tables]
    more_filters = [f for f in query.filter_form.visible_fields() if f.name not in ("within", "q")]
    return render(request, "members/stats_page.html", {
        "query": query, "stats": stats_data, "tables": tables, "form": query.filter_form,
        "as_of_form": query.as_of_form, "more_filters": more_filters,
        "filters_open": any(query.filter_form.data.get(f.name) for f in more_filters),
        "chart_data": stats_data.chart_data() if stats_data else {},
        "export_url": f"{reverse('members:stats_export')}?{querystring}" if querystring else reverse("members:stats_export"),
        "rosters": rosters, "today": timezone.localdate(), "computed_at": query.computed_at,
    })


def stats_export(request):
    """The tables as 党员统计表.xlsx. Aggregates only — no person in it — so seeing the
    statistics is enough; it is still audited and counted against the export limit."""
    _require_member_view(request)
    query = read_stats_query(request.user, request.GET)
    if query.not_found:
        raise Http404("未找到该组织")
    if query.stats is None:
        return _bad_request(request, query.errors)
    try:
        shared_exports.throttle(request.user, exports.EXPORT_ACTION,
                                org_path=query.scope_org.path if query.scope_org else "")
    except ExportThrottled as exc:
        return _throttled(request, exc)
    export = exports.export_statistics(query.stats, filters=query.described)
    exports.record_export("statistics", org_path=query.scope_org.path if query.scope_org else "",
                          rows=query.stats.total, filters={**query.filters, "as_of": query.stats.as_of.isoformat()})
    return export.response()


# --- the member list export ----------------------------------------------------------------

class BadFilter(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("筛选条件有误")
        self.errors = errors


def member_list_export_file(user, data):
    """The filtered list's file for `user`, after every check: Http404 for an organization
    outside the scope, PermissionDenied without Action.EXPORT on the chosen scope, BadFilter,
    ExportThrottled. Audited. Shared by the page and the API."""
    if not scope_of(user).allows(Action.MEMBER_VIEW):
        raise PermissionDenied("您的职务不含查看党员信息的权限")
    form = MemberFilter(data, user=user)
    valid = form.is_valid()
    if any(name in form.errors for name in ORG_FIELDS):
        raise Http404("未找到该组织")
    criteria = form.criteria() if valid else None
    chosen = criteria and (criteria.group or criteria.org or criteria.within)
    roots = exports.member_view_roots(user)
    # With no organization chosen the list covers the user's whole member scope, so the right
    # to export must hold on all of it.
    paths = [chosen.path] if chosen else [r.path for r in roots]
    exports.require_export(user, paths)
    if criteria is None:
        raise BadFilter({form.fields[n].label if n in form.fields else n: e for n, e in form.errors.items()})
    shared_exports.throttle(user, exports.EXPORT_ACTION, org_path=paths[0] if paths else "")
    members = narrow_members(Member.objects.visible_to(user), criteria).order_by(*form.order_by())
    scope_name = chosen.name if chosen else "、".join(r.name for r in roots[:3])
    export = exports.export_member_list(members, scope_name=scope_name, filters=describe_filters(form))
    exports.record_export("member_list", org_path=paths[0] if paths else "", rows=export.rows,
                          filters=raw_filters(data, form))
    return export


def member_list_export(request):
    """The member list exactly as filtered and sorted on the list page (same query string)."""
    try:
        return member_list_export_file(request.user, request.GET).response()
    except BadFilter as exc:
        return _bad_request(request, exc.errors)
    except ExportThrottled as exc:
        return _throttled(request, exc)


# --- rosters -------------------------------------------------------------------------------

def roster_org(user, raw) -> PartyOrg:
    """The roster's organization: any organization the user can see (else 404, like a missing
    one); by default the highest one where they see members."""
    if raw in (None, ""):
        roots = exports.member_view_roots(user)
        if not roots:
            raise PermissionDenied("您的职务不含批量导出党员信息的权限")
        return roots[0]
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404("未找到该组织") from None
    org = PartyOrg.objects.visible_to(user).filter(pk=pk, is_active=True).first() if 0 < pk < 2**63 else None
    if org is None:
        raise Http404("未找到该组织")
    return org


def _roster(request, kind: str, build):
    org = roster_org(request.user, request.GET.get("org"))
    exports.require_export(request.user, [org.path])
    today = timezone.localdate()
    year = shared_exports.parse_year(request.GET.get("year"), today)
    if year is None:
        return _bad_request(request, {"year": [shared_exports.year_error(today)]})
    try:
        shared_exports.throttle(request.user, exports.EXPORT_ACTION, org_path=org.path)
    except ExportThrottled as exc:
        return _throttled(request, exc)
    export = build(org, year, today=today)
    exports.record_export(kind, org_path=org.path, rows=export.rows, filters={"org": org.code, "year": year})
    return export.response()


def roster(request):
    """年度党员花名册: the roster as it stood on 12-31 of the year."""
    return _roster(request, "roster", exports.export_roster)


def new_roster(request):
    """年度新党员名册: members admitted in the year."""
    return _roster(request, "new_roster", exports.export_new_roster)
