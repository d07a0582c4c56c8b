"""Member exports (xlsx): the filtered member list, 年度党员花名册, 年度新党员名册 and the
党员统计表 — shared by the pages (views/stats.py) and the API (api/stats.py).

Every file is written by dangjian.core.spreadsheets.write_xlsx (title, 填报单位 line, bordered
table, signature lines; strings never become formulas). ID numbers and phones come from the
stored masks — the export never decrypts anything, so no full value can leak into a file
(QUALITY.md item 14). Bulk exports need Action.EXPORT on the chosen scope, are audited with
their counts and filters (never the data) and rate-limited per user (item 15) — the limit, the
download headers and the temporary file are the shared ones of dangjian.core.exports.
"""

from __future__ import annotations

import datetime
import itertools

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.exports import ExportFile, cn_date, write_export, xlsx_file_name
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.spreadsheets import Column, subtitle_line
from dangjian.members.models import EventKind, Member, MemberEvent, Membership
from dangjian.members.selectors import FLAGS, status_on
from dangjian.members.statistics import MemberStatistics
from dangjian.orgs.models import PartyOrg

# --- permission ----------------------------------------------------------------------------

def require_export(user, paths: list[str]) -> None:
    """403 unless the user may export on every one of the chosen subtrees."""
    scope = scope_of(user)
    if not paths or not all(scope.allows(Action.EXPORT, path) for path in paths):
        raise PermissionDenied("您的职务不含批量导出党员信息的权限")


def member_view_roots(user) -> list[PartyOrg]:
    """The subtrees where the user may see members, highest first (all roots for a superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return list(PartyOrg.get_root_nodes())
    return list(PartyOrg.objects.filter(path__in=scope.paths_for(Action.MEMBER_VIEW)).order_by("depth", "path"))


def roots_only(paths: list[str]) -> list[str]:
    result: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(root) for root in result):
            result.append(path)
    return result


# --- files -----------------------------------------------------------------------------------

def _head_line(organization: str, label: str, value: str, made_on: datetime.date) -> str:
    return "　　".join([f"填报单位：{organization}", f"{label}：{value}", f"制表日期：{cn_date(made_on)}"])


def _year_month(day: datetime.date | None) -> str:
    return f"{day.year}.{day.month:02d}" if day else ""


MASK_NOTE = "注：身份证号、联系电话已按规定隐去部分数字。"


# --- the filtered member list --------------------------------------------------------------

LIST_COLUMNS = [
    Column("seq", "序号", kind="int", width=6),
    Column("name", "姓名", width=10),
    Column("gender", "性别", width=6),
    Column("ethnicity", "民族", width=8),
    Column("birth", "出生年月", width=10),
    Column("native_place", "籍贯", width=12),
    Column("id_number", "身份证号", kind="id_number", width=21),
    Column("education", "学历", width=10),
    Column("work_started", "参加工作时间", width=12),
    Column("job", "工作岗位", width=10),
    Column("office", "职务", width=12),
    Column("title", "职称"),
    Column("org", "所在党组织"),
    Column("group", "党小组", width=12),
    Column("status", "党员类别", width=10),
    Column("standing", "党籍状态", width=10),
    Column("joined_on", "入党时间", kind="date"),
    Column("confirmed_on", "转正时间", kind="date"),
    Column("phone", "联系电话", width=14),
    Column("flags", "备注"),
]


# The stored values read for each member of the list, in the order _list_rows unpacks them.
_LIST_FIELDS = ("name", "gender", "ethnicity", "birth_date", "native_place", "id_number_masked", "education",
                "work_started_on", "job", "office", "title", "org__name", "group__name", "status", "standing",
                "joined_on", "confirmed_on", "phone_masked", *FLAGS)


def _labels(field: str) -> dict:
    """value → label of a choice field: what get_<field>_display gives, looked up in a dict."""
    return dict(Member._meta.get_field(field).flatchoices)


def _list_rows(queryset):
    """The list's rows as tuples in LIST_COLUMNS order, from plain values (no model instances):
    the labels of the choice fields from dictionaries built once, the 备注 from a table of the
    eight combinations of the three flags. Like get_<field>_display, an unknown value shows as
    itself. ID numbers and phones are the stored masks; nothing is decrypted."""
    gender, education, job, status, standing = (_labels(f) for f in ("gender", "education", "job", "status", "standing"))
    flag_names = list(FLAGS.values())
    remarks = {
        marks: "、".join(name for name, on in zip(flag_names, marks, strict=True) if on)
        for marks in itertools.product((False, True), repeat=len(flag_names))
    }
    rows = queryset.values_list(*_LIST_FIELDS).iterator(chunk_size=2000)
    for seq, (name, gender_value, ethnicity, birth, native_place, id_masked, education_value, work_started, job_value,
              office, title, org, group, status_value, standing_value, joined_on, confirmed_on, phone,
              *flags) in enumerate(rows, 1):
        yield (
            seq, name, gender.get(gender_value, gender_value), ethnicity,
            f"{birth.year}.{birth.month:02d}" if birth else "", native_place, id_masked,
            education.get(education_value, education_value),
            f"{work_started.year}.{work_started.month:02d}" if work_started else "",
            job.get(job_value, job_value), office, title, org, group or "",
            status.get(status_value, status_value), standing.get(standing_value, standing_value),
            joined_on, confirmed_on, phone, remarks[tuple(bool(f) for f in flags)],
        )


def export_member_list(queryset, *, scope_name: str, filters: dict, made_on: datetime.date | None = None) -> ExportFile:
    """The member list exactly as filtered and sorted on the page (the caller narrows it)."""
    made_on = made_on or timezone.localdate()
    described = "；".join(f"{k}={v}" for k, v in filters.items()) if filters else "全部在册党员"
    return write_export(
        xlsx_file_name(scope_name, f"党员名册_{made_on:%Y%m%d}"), f"members-{made_on:%Y%m%d}.xlsx",
        title="党员名册", subtitle=_head_line(scope_name, "导出日期", cn_date(made_on), made_on),
        columns=LIST_COLUMNS, rows=_list_rows(queryset), text_columns={"phone", "birth", "work_started"},
        signature_lines=[f"筛选条件：{described}", MASK_NOTE, *_signature()], sheet_name="党员名册",
    )


def _signature() -> list[str]:
    return ["填报人：　　　　　　审核人：　　　　　　（盖章）　　　　　　　　年　　月　　日"]


# --- 年度党员花名册 ------------------------------------------------------------------------

ROSTER_COLUMNS = [
    Column("seq", "序号", kind="int", width=6),
    Column("name", "姓名", width=10),
    Column("gender", "性别", width=6),
    Column("ethnicity", "民族", width=8),
    Column("birth", "出生年月", width=10),
    Column("native_place", "籍贯", width=12),
    Column("education", "学历", width=10),
    Column("work_started", "参加工作时间", width=12),
    Column("job", "岗位", width=10),
    Column("office", "职务", width=12),
    Column("title", "职称"),
    Column("joined_on", "入党时间", kind="date"),
    Column("confirmed_on", "转正时间", kind="date"),
    Column("status", "党员类别", width=10),
    Column("group", "所在党小组", width=12),
    Column("id_number", "身份证号", kind="id_number", width=21),
    Column("phone", "联系电话", width=14),
]
ORG_COLUMN = Column("org", "所在党组织")


def roster_day(year: int, today: datetime.date) -> datetime.date:
    """12-31 of the year; for the current year, today (the rest of the year has not happened)."""
    return min(datetime.date(year, 12, 31), today)


def _covering(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def roster_entries(org: PartyOrg, day: datetime.date) -> list[Membership]:
    """The membership periods covering `day` in `org`'s subtree, with their members."""
    return list(
        Membership.objects.filter(_covering(day), org__path__startswith=org.path)
        .select_related("org", "member", "member__group")
        .order_by("org__path", "member__name_pinyin", "member_id")
    )


def export_roster(org: PartyOrg, year: int, *, today: datetime.date | None = None) -> ExportFile:
    today = today or timezone.localdate()
    day = roster_day(year, today)
    entries = roster_entries(org, day)
    several_orgs = len({e.org_id for e in entries}) > 1
    columns = ROSTER_COLUMNS[:1] + ([ORG_COLUMN] if several_orgs else []) + ROSTER_COLUMNS[1:]

    def rows():
        for seq, entry in enumerate(entries, 1):
            member = entry.member
            full = status_on(member, day) == "full"
            # The group is known only for the organization the member is in now.
            group = member.group.name if member.group_id and member.org_id == entry.org_id else ""
            yield {
                "seq": seq, "org": entry.org.name, "name": member.name, "gender": member.get_gender_display(),
                "ethnicity": member.ethnicity, "birth": _year_month(member.birth_date),
                "native_place": member.native_place, "education": member.get_education_display(),
                "work_started": _year_month(member.work_started_on), "job": member.get_job_display(),
                "office": member.office, "title": member.title, "joined_on": member.joined_on,
                "confirmed_on": member.confirmed_on if member.confirmed_on and member.confirmed_on <= day else None,
                "status": "正式党员" if full else "预备党员", "group": group,
                "id_number": member.id_number_masked, "phone": member.phone_masked,
            }

    return write_export(
        xlsx_file_name(org.name, f"{year}年度党员花名册"), f"{org.code}-roster-{year}.xlsx",
        title=f"{year}年度党员花名册", subtitle=_head_line(org.name, "截至日期", cn_date(day), today),
        columns=columns, rows=rows(), text_columns={"phone", "birth", "work_started"}, sheet_name="党员花名册",
        signature_lines=[f"共 {len(entries)} 名党员。党员类别、转正时间按截至日期填写；姓名、学历、职称等为系统中的现登记信息。",
                         MASK_NOTE, *_signature()],
    )


# --- 年度新党员名册 -----------------------------------------------------------------------

NEW_ROSTER_COLUMNS = [
    Column("seq", "序号", kind="int", width=6),
    Column("name", "姓名", width=10),
    Column("gender", "性别", width=6),
    Column("ethnicity", "民族", width=8),
    Column("birth", "出生年月", width=10),
    Column("native_place", "籍贯", width=12),
    Column("education", "学历", width=10),
    Column("work_started", "参加工作时间", width=12),
    Column("job", "岗位", width=10),
    Column("office", "职务", width=12),
    Column("title", "职称"),
    Column("org", "接收党组织"),
    Column("joined_on", "入党时间", kind="date"),
    Column("sponsors", "入党介绍人", width=16),
    Column("status", "目前党员类别", width=12),
    Column("confirmed_on", "转正时间", kind="date"),
    Column("id_number", "身份证号", kind="id_number", width=21),
    Column("phone", "联系电话", width=14),
]


def new_member_entries(org: PartyOrg, year: int) -> list[tuple[Member, PartyOrg, MemberEvent | None]]:
    """Members admitted in `year` by an organization in `org`'s subtree: a 接收预备党员 event in
    the year, or an 入党日期 in the year while they belonged there (records entered or imported
    without the event). A member who joined elsewhere and transferred in later is not one."""
    events = {
        e.member_id: e
        for e in MemberEvent.objects.filter(kind=EventKind.ADMITTED, occurred_on__year=year,
                                            org__path__startswith=org.path).select_related("org")
        .order_by("member_id", "occurred_on")
    }
    periods = (
        Membership.objects.filter(org__path__startswith=org.path, member__joined_on__year=year)
        .select_related("org")
    )
    admitting_org: dict[int, PartyOrg] = {}
    for period in periods.only("member_id", "started_on", "ended_on", "org__name", "org__path",
                               "member__joined_on"):
        joined = period.member.joined_on
        if period.started_on <= joined and (period.ended_on is None or period.ended_on > joined):
            admitting_org.setdefault(period.member_id, period.org)
    for member_id, event in events.items():
        admitting_org[member_id] = event.org
    members = Member.objects.filter(pk__in=admitting_org).order_by("joined_on", "name_pinyin", "pk")
    return [(m, admitting_org[m.pk], events.get(m.pk)) for m in members]


def _sponsors(event: MemberEvent | None) -> str:
    """入党介绍人 as the recruitment module records them on the admission event; empty until then
    — never guessed."""
    if event is None:
        return ""
    sponsors = (event.detail or {}).get("sponsors")
    if isinstance(sponsors, list | tuple):
        return "、".join(str(s) for s in sponsors)
    return str(sponsors) if sponsors else ""


def export_new_roster(org: PartyOrg, year: int, *, today: datetime.date | None = None) -> ExportFile:
    today = today or timezone.localdate()
    entries = new_member_entries(org, year)
    period_end = roster_day(year, today)

    def rows():
        for seq, (member, admitted_by, event) in enumerate(entries, 1):
            yield {
                "seq": seq, "name": member.name, "gender": member.get_gender_display(), "ethnicity": member.ethnicity,
                "birth": _year_month(member.birth_date), "native_place": member.native_place,
                "education": member.get_education_display(), "work_started": _year_month(member.work_started_on),
                "job": member.get_job_display(), "office": member.office, "title": member.title,
                "org": admitted_by.name,
                "joined_on": event.occurred_on if event else member.joined_on, "sponsors": _sponsors(event),
                "status": member.get_status_display(), "confirmed_on": member.confirmed_on,
                "id_number": member.id_number_masked, "phone": member.phone_masked,
            }

    period = f"{cn_date(datetime.date(year, 1, 1))}至{cn_date(period_end)}"
    return write_export(
        xlsx_file_name(org.name, f"{year}年度新党员名册"), f"{org.code}-new-members-{year}.xlsx",
        title=f"{year}年度新党员名册", subtitle=subtitle_line(org.name, period, today),
        columns=NEW_ROSTER_COLUMNS, rows=rows(), text_columns={"phone", "birth", "work_started"}, sheet_name="新党员名册",
        signature_lines=[f"共 {len(entries)} 名。入党介绍人由发展党员档案提供，未登记的留空。", MASK_NOTE, *_signature()],
    )


# --- 党员统计表 ------------------------------------------------------------------------------

STATS_COLUMNS = [
    Column("dimension", "统计项目", width=12),
    Column("label", "类别", width=22),
    Column("count", "人数", kind="int", width=10),
    Column("percent", "占比", width=10),
]


def _stat_rows(stats: MemberStatistics):
    yield {"dimension": "党员总数", "label": "合计", "count": stats.total, "percent": "100%" if stats.total else "—"}
    for table in stats.tables:
        for index, row in enumerate(table.rows):
            yield {
                "dimension": table.title if index == 0 else "",
                "label": f"其中：{row.label}" if row.sub else row.label,
                "count": row.count,
                "percent": f"{row.percent}%" if row.percent is not None else "—",
            }


def export_statistics(stats: MemberStatistics, *, filters: dict, today: datetime.date | None = None) -> ExportFile:
    today = today or timezone.localdate()
    notes = [f"{t.title}：{t.note}" for t in stats.tables if t.note]
    if filters:
        notes.insert(0, "筛选条件：" + "；".join(f"{k}={v}" for k, v in filters.items()))
    return write_export(
        xlsx_file_name(stats.scope_name, f"党员统计表_截至{stats.as_of:%Y%m%d}"), f"member-statistics-{stats.as_of:%Y%m%d}.xlsx",
        title="党员统计表", subtitle=_head_line(stats.scope_name, "截至日期", cn_date(stats.as_of), today),
        columns=STATS_COLUMNS, rows=_stat_rows(stats), sheet_name="党员统计表",
        signature_lines=["注：" + "；".join(notes) if notes else "", *_signature()],
    )


# The event type of every member export, done or refused by the export limit.
EXPORT_ACTION = "member.export"


def record_export(kind: str, *, org_path: str, rows: int, filters: dict) -> None:
    """The audit entry of an export: what, where, how many rows and which filters — no data."""
    audit.record(EXPORT_ACTION, org_path=org_path,
                 changes={"kind": kind, "rows": rows, "filters": filters, "masked": True, "format": "xlsx"})
