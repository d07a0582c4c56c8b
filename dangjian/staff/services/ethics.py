"""Every change to the ethics records goes through these functions (ARCHITECTURE.md pattern 1):
a school's year of assessments at once (`record_assessments`), one assessment, a violation with its
handling (`record_violation`). The one-vote veto is judged here and nowhere else (`ethics_veto`,
`require_no_veto`): the decisions module calls it for 评优选优 and 人事职称 matters, the
recruitment module to flag an applicant who is a teacher.

Each change runs in one transaction, checks the right and the rule, and is audited with the
acting user; a refusal is a RuleViolation naming its rule and nothing is saved.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import insert_rows
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.snapshots import PATH_STEP
from dangjian.staff.models import EthicsAssessment, EthicsViolation, StaffMember
from dangjian.staff.rules import ethics as R

# Ids per IN list: under SQLite's bound-parameter limit on any build.
CHUNK = 900


def _org_path(staff: StaffMember) -> str:
    return staff.audit_org_path


def _require(user, staff: StaffMember) -> None:
    """None is the system itself (demo data, commands). The right is held on the school's party
    organization or on the education committee above it."""
    if user is None:
        return
    scope = scope_of(user)
    paths = [o.path for o in (staff.school.party_org, staff.school.supervisor) if o is not None]
    if not any(scope.allows(Action.ETHICS_MANAGE, p) for p in paths):
        raise PermissionDenied(f"您的职务不含“{Action.ETHICS_MANAGE.label}”的权限")


def _employed_in_year(staff: StaffMember, year: int) -> bool:
    first, last = R.year_bounds(year)
    return staff.employed_from <= last and (staff.employed_until is None or staff.employed_until >= first)


def _check_assessment(staff: StaffMember, year: int, grade: str) -> None:
    if year > timezone.localdate().year or year < 1990:
        raise RuleViolation(f"考核年度 {year} 不在可登记的范围内", rule=R.R_YEAR, field="year")
    if grade not in R.EthicsGrade.values:
        raise RuleViolation(f"{staff.name}：请选择考核等次（优秀、合格、基本合格、不合格）", rule=R.R_GRADE,
                            field="grade")
    if not _employed_in_year(staff, year):
        when = (f"已于{staff.employed_until:%Y年%m月%d日}离职" if staff.employed_until
                and staff.employed_until < R.year_bounds(year)[0] else f"{staff.employed_from:%Y年%m月%d日}才入职")
        raise RuleViolation(f"{staff.name}{when}，不参加{year}年度师德考核", rule=R.R_CURRENT, field="staff")


def _locked_and_taken(staff_ids: list[int], year: int) -> tuple[dict[int, StaffMember], set[int]]:
    """The teachers, locked so that two clerks entering the same year cannot both pass the
    once-a-year check, and those of them already assessed for `year`; read in chunks of ids."""
    locked: dict[int, StaffMember] = {}
    taken: set[int] = set()
    for start in range(0, len(staff_ids), CHUNK):
        ids = staff_ids[start:start + CHUNK]
        # of=("self",): PostgreSQL locks no row on the nullable side of an outer join (a school's party_org)
        locked.update((s.pk, s) for s in StaffMember.objects.select_for_update(of=("self",)).select_related(
            "school__party_org", "school__supervisor").filter(pk__in=ids))
        taken.update(EthicsAssessment.objects.filter(staff_id__in=ids, year=year).values_list("staff_id", flat=True))
    return locked, taken


def _judged(school, rows: list[tuple[StaffMember, str, str]], year: int, assessed_on: datetime.date,
            locked: dict[int, StaffMember], taken: set[int], seen: set[int], acting_user) -> list[EthicsAssessment]:
    """A school's rows judged (the first refusal raised, `index` its row) and made assessments."""
    created = []
    for index, (given, grade, note) in enumerate(rows):
        staff = locked.get(given.pk)
        try:
            if staff is None or staff.school_id != school.pk:
                raise RuleViolation(f"{given.name}不在本校教职工名册中", rule=R.R_CURRENT, field="staff")
            _require(acting_user, staff)
            _check_assessment(staff, year, grade)
            if staff.pk in taken or staff.pk in seen:
                raise RuleViolation(f"{staff.name}的{year}年度师德考核已登记，不能重复登记", rule=R.R_ONCE,
                                    field="grade")
        except RuleViolation as refusal:
            refusal.index = index
            raise
        seen.add(staff.pk)
        created.append(EthicsAssessment(staff=staff, year=year, grade=grade, note=(note or "").strip()[:300],
                                        assessed_on=assessed_on, recorded_by=acting_user))
    return created


@transaction.atomic
def record_assessment(staff: StaffMember, *, year: int, grade: str, note: str = "",
                      assessed_on: datetime.date | None = None, acting_user) -> EthicsAssessment:
    """One teacher's grade for one year; a second one for the same year is refused."""
    return record_assessments(staff.school, year=year, grades=[(staff, grade, note)], assessed_on=assessed_on,
                              acting_user=acting_user)[0]


@transaction.atomic
def record_assessments(school, *, year: int, grades: Iterable[tuple[StaffMember, str, str]],
                       assessed_on: datetime.date | None = None, acting_user) -> list[EthicsAssessment]:
    """A school's year at once (the form's one table): all saved or, at the first refusal, none.
    Each refusal names the teacher and the rule; `index` says which row."""
    rows = list(grades)
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise RuleViolation("考核日期不能晚于今天", rule=R.R_YEAR, field="assessed_on")
    locked, taken = _locked_and_taken([s.pk for s, _, _ in rows], year)
    created = _judged(school, rows, year, assessed_on, locked, taken, set(), acting_user)
    try:
        with transaction.atomic():
            EthicsAssessment.objects.bulk_create(created)
    except IntegrityError:
        raise RuleViolation(f"{year}年度师德考核已有人同时登记，请刷新后重试", rule=R.R_ONCE, field="grade") from None
    if created:
        audit.record_many("staff.ethics_assess", [
            (a, {"year": year, "grade": a.grade, "staff": a.staff.name}) for a in created], actor=acting_user)
    return created


@transaction.atomic
def record_assessments_bulk(by_school: dict, *, year: int, assessed_on: datetime.date | None = None,
                            acting_user) -> int:
    """Many schools' years at once ({school: rows as record_assessments takes them}): a county's
    ledger taken over, the demo's city (75,000 teachers). Every row is judged as
    record_assessments judges it (`_judged`), and the first refusal refuses the whole batch; the
    rows are written as plain rows (core.bulk) with one audit entry for the batch — its counts by
    school and grade — where record_assessments writes one per teacher."""
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise RuleViolation("考核日期不能晚于今天", rule=R.R_YEAR, field="assessed_on")
    batches = [(school, list(rows)) for school, rows in by_school.items()]
    locked, taken = _locked_and_taken([s.pk for _, rows in batches for s, _, _ in rows], year)
    seen: set[int] = set()
    created = [a for school, rows in batches for a in _judged(school, rows, year, assessed_on, locked, taken, seen,
                                                              acting_user)]
    if not created:
        return 0
    now = timezone.now()
    user_id = acting_user.pk if acting_user is not None else None
    try:
        with transaction.atomic():
            insert_rows(EthicsAssessment, ["staff_id", "year", "grade", "note", "assessed_on", "recorded_by_id",
                                           "created_at"],
                        [(a.staff_id, year, a.grade, a.note, assessed_on, user_id, now) for a in created])
    except IntegrityError:
        raise RuleViolation(f"{year}年度师德考核已有人同时登记，请刷新后重试", rule=R.R_ONCE, field="grade") from None
    paths = {a.staff.audit_org_path for a in created}
    audit.record("staff.ethics_assess_bulk", org_path=_common_path(paths), actor=acting_user,
                 changes={"year": year, "schools": len({a.staff.school_id for a in created}), "assessed": len(created),
                          "grades": dict(sorted(Counter(a.grade for a in created).items()))})
    return len(created)


def _common_path(paths: set[str]) -> str:
    """The nearest organization above (or at) all `paths`: its change mark reaches each of them."""
    common = os.path.commonprefix(sorted(paths)) if paths else ""
    return common[:len(common) - len(common) % PATH_STEP]


@transaction.atomic
def record_violation(staff: StaffMember, *, occurred_on: datetime.date, standard: int, description: str,
                     handling: str, decided_on: datetime.date, decided_by: str, handling_note: str = "",
                     acting_user) -> EthicsViolation:
    """A verified violation and its handling."""
    staff = StaffMember.objects.select_for_update(of=("self",)).select_related(
        "school__party_org", "school__supervisor").get(pk=staff.pk)
    _require(acting_user, staff)
    today = timezone.localdate()
    description = (description or "").strip()
    decided_by = (decided_by or "").strip()
    try:
        standard = int(standard)
    except (TypeError, ValueError):
        standard = 0
    if standard not in R.Standard.values:
        raise RuleViolation("请选择所违反的准则条目（十项准则之一）", rule=R.R_STANDARD, field="standard")
    if handling not in R.Handling.values:
        raise RuleViolation("请选择处理方式", rule=R.R_HANDLING, field="handling")
    if not description:
        raise RuleViolation("请写明违规行为的事实", rule=R.R_FACTS, field="description")
    if not decided_by:
        raise RuleViolation("请写明作出处理决定的单位", rule=R.R_FACTS, field="decided_by")
    if occurred_on > today:
        raise RuleViolation("发生日期不能晚于今天", rule=R.R_FACTS, field="occurred_on")
    if occurred_on < staff.employed_from or (staff.employed_until and occurred_on > staff.employed_until):
        raise RuleViolation(f"发生日期不在{staff.name}的在职期间（以教职工名册为准）", rule=R.R_FACTS,
                            field="occurred_on")
    if decided_on < occurred_on or decided_on > today:
        raise RuleViolation("处理决定日期不能早于发生日期，也不能晚于今天", rule=R.R_FACTS, field="decided_on")
    violation = EthicsViolation.objects.create(
        staff=staff, occurred_on=occurred_on, standard=standard, description=description[:2000], handling=handling,
        handling_note=(handling_note or "").strip()[:300], decided_on=decided_on, decided_by=decided_by[:100],
        recorded_by=acting_user)
    audit.record("staff.ethics_violation", target=violation, actor=acting_user,
                 changes={"staff": staff.name, "occurred_on": occurred_on.isoformat(), "standard": standard,
                          "handling": handling})
    return violation


# --- the one-vote veto ------------------------------------------------------------------------

def ethics_veto(staff: StaffMember, on: datetime.date) -> EthicsViolation | None:
    """The latest violation of `staff` in the veto period ending on `on`, or None: the one place
    where the veto is judged."""
    first, last = R.veto_window(on)
    return (EthicsViolation.objects.filter(staff=staff, occurred_on__gte=first, occurred_on__lte=last)
            .order_by("-occurred_on", "-id").first())


def require_no_veto(people: Iterable[StaffMember], on: datetime.date, *, matter_label: str,
                    field: str = "persons") -> None:
    """Refuse (naming the rule and the record) when any of `people` is vetoed on `on`."""
    for staff in people:
        found = ethics_veto(staff, on)
        if found is not None:
            raise RuleViolation(f"{staff.name}有师德违规记录（{found.summary}），适用师德一票否决，"
                                f"不得列入“{matter_label}”事项", rule=R.R_VETO, field=field)


def vetoes_for_id_index(id_number_index: str, member_id: int | None, on: datetime.date) -> list[EthicsViolation]:
    """The vetoing violations of whoever is this person on any school's staff, found by the member
    record or the ID number's blind index (the recruitment file's flag)."""
    from django.db.models import Q

    match = Q(staff__id_number_index=id_number_index)
    if member_id is not None:
        match |= Q(staff__member_id=member_id)
    first, last = R.veto_window(on)
    return list(EthicsViolation.objects.filter(match, occurred_on__gte=first, occurred_on__lte=last)
                .select_related("staff__school").order_by("-occurred_on", "-id"))
