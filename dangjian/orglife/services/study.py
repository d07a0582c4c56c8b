"""Study (学习): reading notes with their character count against the yearly target of seed
000 (一年一万字读书笔记), and the organization's 学习园地 (the notes members share)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.members.models import ACTIVE_STANDINGS, Member
from dangjian.orglife import rules as R
from dangjian.orglife.models import ReadingNote


@transaction.atomic
def write_note(member: Member, *, title: str, book: str, content: str, written_on: datetime.date | None = None,
               shared: bool = False, acting_user=None, today: datetime.date | None = None) -> ReadingNote:
    """A member writes their own note (None acts as the system: demo)."""
    if acting_user is not None and member.user_id != acting_user.pk:
        raise PermissionDenied("读书笔记只能由党员本人撰写")
    today = today or timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise RuleViolation("日期不能晚于今天", field="written_on")
    if not title.strip() or not book.strip():
        raise RuleViolation("请填写题目和学习材料", field="title" if not title.strip() else "book")
    count = R.char_count(content)
    if count == 0:
        raise RuleViolation("笔记内容不能为空", field="content")
    if count > R.NOTE_MAX_CHARS:
        raise RuleViolation(f"一篇笔记不超过 {R.NOTE_MAX_CHARS:,} 字，请分篇记录", field="content")
    note = ReadingNote.objects.create(member=member, org=member.org, title=title.strip(), book=book.strip(),
                                      content=content.strip(), char_count=count, written_on=written_on, shared=shared)
    audit.record("orglife.note_create", target=note, actor=acting_user,
                 changes={"title": note.title, "char_count": count, "shared": shared})
    return note


def year_total(member: Member, year: int) -> dict:
    total = (ReadingNote.objects.filter(member=member, written_on__year=year)
             .aggregate(chars=Sum("char_count"), notes=Count("id")))
    chars = total["chars"] or 0
    return {"chars": chars, "notes": total["notes"], "target": R.READING_NOTES_TARGET,
            "percent": min(100, round(100 * chars / R.READING_NOTES_TARGET)), "met": chars >= R.READING_NOTES_TARGET}


def org_totals(org, year: int) -> list[dict]:
    """Per member of the organization's subtree: notes and characters this year (one query),
    members who wrote nothing included with 0."""
    members = (Member.objects.filter(org__path__startswith=org.path).active().order_by("org__path", "name")
               .values("id", "name", "org__name"))
    sums = {m: (c, n) for m, c, n in ReadingNote.objects.filter(
        org__path__startswith=org.path, written_on__year=year).values("member_id")
        .annotate(c=Sum("char_count"), n=Count("id")).values_list("member_id", "c", "n")}
    rows = []
    for m in members:
        chars, notes = sums.get(m["id"], (0, 0))
        rows.append({"member_id": m["id"], "name": m["name"], "org": m["org__name"], "chars": chars, "notes": notes,
                     "met": chars >= R.READING_NOTES_TARGET,
                     "percent": min(100, round(100 * chars / R.READING_NOTES_TARGET)),
                     "label": f"已完成 {min(100, round(100 * chars / R.READING_NOTES_TARGET))}%"})
    return rows


def note_targets_by_org(root_path: str, year: int) -> dict[int, tuple[int, int]]:
    """{organization id: (active members, of whom met the year's reading-note target)} for every
    organization of a subtree, by the members' own organization: two grouped queries whatever its
    size (the 评星定级 reads the study target of a whole city this way; `org_totals` lists one
    organization's members by name)."""
    members = dict(Member.objects.filter(org__path__startswith=root_path).active().values("org_id")
                   .annotate(n=Count("id")).order_by().values_list("org_id", "n"))
    met: dict[int, int] = {}
    for org_id, _member_id in (ReadingNote.objects.filter(
            member__org__path__startswith=root_path, written_on__year=year,
            member__standing__in=ACTIVE_STANDINGS)
            .values("member__org_id", "member_id").annotate(chars=Sum("char_count")).order_by()
            .filter(chars__gte=R.READING_NOTES_TARGET).values_list("member__org_id", "member_id")):
        met[org_id] = met.get(org_id, 0) + 1
    return {org_id: (n, met.get(org_id, 0)) for org_id, n in members.items()}
