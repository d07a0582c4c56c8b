"""Many paper files entered at once (`open_files`): a county's ledger taken over, the demo's five
years. Each file is judged exactly as services.open_file judges it — the same checks of the
opening (check_opening), every step by the same _judge against the steps before it, the same
consequences — but what those checks read from the database (who is a member already, who has an
open file, the members a step names, the limits in force, the committees to tell) is read once
for the batch instead of once per file and step, and the files, their steps and their audit
entries are written together — one audit entry a file, naming each step with what open_file's
entry a step names. open_file issues about twenty queries a file; this a handful a batch, which
is what takes the demo's city (7,000 files, 160,000 steps) from minutes to under one.

A refused file is answered by its RuleViolation in its place and leaves no trace, as with
open_file; the others are written. A file whose steps change the members module (an approval
that admits someone, a 转正 applied to the record) goes through open_file itself, in order.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from dangjian.core import audit, crypto
from dangjian.core.errors import RuleViolation
from dangjian.core.validators import parse_id_number
from dangjian.members.models import Member, Membership
from dangjian.orgs.models import PartyOrg
from dangjian.recruitment import rules as R
from dangjian.recruitment import services
from dangjian.recruitment.models import FileState, RecruitmentFile, StepRecord

# Ids per IN list: under SQLite's bound-parameter limit on any build.
CHUNK = 900


@dataclass
class FileSpec:
    """One file for open_files: what open_file (or open_file_for_member, with `member`) takes."""

    org: PartyOrg
    name: str
    id_number: str
    applied_on: datetime.date
    unit: str = ""
    note: str = ""
    member: Member | None = None
    steps: list[dict] = field(default_factory=list)


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def _index(id_number) -> str | None:
    try:
        return crypto.blind_index(parse_id_number(id_number).number)
    except RuleViolation:
        return None   # refused in its turn by check_opening, with the reason


class BatchLookups:
    """services.LiveLookups' questions answered for a batch from one read each, and kept current
    as the batch's files are judged: a file judged open holds its person's place, as the saved
    file would for the next open_file."""

    def __init__(self, specs: list[FileSpec]):
        indexes = {i for i in (_index(s.id_number) for s in specs) if i}
        member_ids = {s.member.pk for s in specs if s.member is not None}
        self.members: set[str] = set()
        self.open: set[str] = set()
        for chunk in _chunks(indexes):
            self.members.update(Member.objects.filter(id_number_index__in=chunk)
                                .values_list("id_number_index", flat=True))
            self.open.update(RecruitmentFile.objects.filter(id_number_index__in=chunk, state=FileState.OPEN)
                             .values_list("id_number_index", flat=True))
        self.with_file: set[int] = set()
        self.periods: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
        for chunk in _chunks(member_ids):
            self.with_file.update(RecruitmentFile.objects.filter(member__in=chunk).values_list("member_id", flat=True))
            for member_id, org_id, started in Membership.objects.filter(member__in=chunk).values_list(
                    "member_id", "org_id", "started_on"):
                self.periods[member_id].append((org_id, started))
        self.people: dict[int, Member | None] = {}
        self._read_people({pk for s in specs for item in s.steps for key in ("mentors", "sponsors")
                           for pk in (item.get(key) or ()) if isinstance(pk, int)})

    def _read_people(self, ids) -> None:
        for chunk in _chunks(ids):
            found = {m.pk: m for m in Member.objects.filter(pk__in=chunk).select_related("org")}
            self.people.update({pk: found.get(pk) for pk in chunk})

    def is_member(self, index: str) -> bool:
        return index in self.members

    def has_open_file(self, index: str) -> bool:
        return index in self.open

    def member_has_file(self, member: Member) -> bool:
        return member.pk in self.with_file

    def was_in(self, member: Member, org: PartyOrg, day: datetime.date) -> bool:
        return any(org_id == org.pk and started <= day for org_id, started in self.periods.get(member.pk, ()))

    def find_members(self, ids: list[int], path: str) -> dict[int, Member]:
        """checks.members_within from the batch's members: the named ones not read yet are read."""
        self._read_people([pk for pk in ids if pk not in self.people])
        return {pk: m for pk in ids if (m := self.people.get(pk)) is not None and m.org_id is not None
                and m.org.path.startswith(path)}

    def opened(self, file: RecruitmentFile) -> None:
        """A file of the batch judged (or written by open_file): what it changes for the next."""
        if file.state == FileState.OPEN:
            self.open.add(file.id_number_index)
        if file.member is not None:
            self.with_file.add(file.member.pk)
            self.members.add(file.member.id_number_index)
            self.people.pop(file.member.pk, None)   # its status may have changed: read again if named


@transaction.atomic
def open_files(specs: list[FileSpec], acting_user=None) -> list[RecruitmentFile | RuleViolation]:
    """Open every spec's file with its steps, in order; for each, the file or the refusal. A
    PermissionDenied (the acting user may not open one of them) refuses the whole batch."""
    known = BatchLookups(specs)
    limits = services.effective_limits_of({s.org.pk: s.org for s in specs}.values())
    results: list[RecruitmentFile | RuleViolation] = []
    pending: list[tuple[RecruitmentFile, list[StepRecord], dict]] = []
    for spec in specs:
        if services.touches_members(spec.member, spec.steps):
            _write(pending, acting_user)   # open_file must see the files before it
            pending = []
            try:
                file = services.open_file(org=spec.org, name=spec.name, id_number=spec.id_number,
                                          applied_on=spec.applied_on, unit=spec.unit, acting_user=acting_user,
                                          note=spec.note, member=spec.member, steps=spec.steps)
            except RuleViolation as refusal:
                results.append(refusal)
                continue
        else:
            try:
                file, records = _judged(spec, known, limits[spec.org.pk], acting_user)
            except RuleViolation as refusal:
                results.append(refusal)
                continue
            pending.append((file, records, {"opened": True, "org": spec.org.code,
                                            "applied_on": spec.applied_on.isoformat()}))
        known.opened(file)
        results.append(file)
    _write(pending, acting_user)
    return results


def _judged(spec: FileSpec, known: BatchLookups, limits: dict, acting_user) -> tuple[RecruitmentFile, list]:
    """open_file's judgement of one spec, nothing written: the file and its records, placed."""
    file = services.check_opening(org=spec.org, name=spec.name, id_number=spec.id_number, applied_on=spec.applied_on,
                                  unit=spec.unit, acting_user=acting_user, member=spec.member, known=known)
    records = [StepRecord(file=file, code="01", occurred_on=spec.applied_on, recorded_by=acting_user,
                          note=spec.note[:500])]
    services.judge_steps(file, records, spec.steps, limits, acting_user, known.find_members)
    services.place(file, records, limits)
    return file, records


def _write(pending: list, acting_user) -> None:
    if not pending:
        return
    files = [file for file, _, _ in pending]
    try:
        with transaction.atomic():
            if connection.features.can_return_rows_from_bulk_insert:
                RecruitmentFile.objects.bulk_create(files, batch_size=500)
            else:
                for file in files:
                    file.save()
    except IntegrityError:   # another session opened a file for one of these people meanwhile
        raise RuleViolation("其中有人已有一份在办的发展党员档案，请重新提交", rule=R.R_ONE_FILE, field="id_number",
                            code="duplicate") from None
    _insert_steps([r for _, records, _ in pending for r in records])
    # One entry a file, naming every step as open_file's entries name them: a file entered whole
    # is one event of the log (a city's ledger is 7,000 files but 160,000 steps).
    audit.record_many("recruitment.files", [
        (file, {**opened, "steps": [services.step_changes(r) for r in records[1:]]}) for file, records, opened in pending
    ], actor=acting_user)
    services.tell_the_committees(files)


# StepRecord's columns, as COPY writes them (checked against the model before each use).
STEP_COLUMNS = ("file_id", "code", "occurred_on", "facts", "passed", "breaches", "reason", "note", "meeting_record",
                "recorded_by_id", "recorded_at")


def _insert_steps(records: list[StepRecord]) -> None:
    """The batch's steps: on PostgreSQL by COPY (a city's 160,000 rows in seconds; bulk_create
    spends most of its time preparing each value), elsewhere by bulk_create. The same rows."""
    if connection.vendor != "postgresql":
        StepRecord.objects.bulk_create(records, batch_size=1000)
        return
    columns = {f.column for f in StepRecord._meta.concrete_fields if not f.primary_key}
    if columns != set(STEP_COLUMNS):   # a field added to the model must be added here too
        raise AssertionError(f"StepRecord's columns changed: {sorted(columns ^ set(STEP_COLUMNS))}")
    now = timezone.now()
    table = connection.ops.quote_name(StepRecord._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(STEP_COLUMNS)}) FROM STDIN") as copy:
        for r in records:
            copy.write_row((r.file.pk, r.code, r.occurred_on, json.dumps(r.facts, ensure_ascii=False), r.passed,
                            json.dumps(r.breaches, ensure_ascii=False), r.reason, r.note, r.meeting_record,
                            r.recorded_by_id, now))
