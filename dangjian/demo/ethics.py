"""师德师风 for the demo: last year's ethics assessment of every teacher of every school whose staff
register the demo wrote, and three violations that trigger the one-vote veto — two in the personas'
school A, one in school B — with their handling; then a 评优选优 matter in school A for a teacher
without a violation, which passes the veto. All through dangjian.staff.services.ethics and
dangjian.decisions.services (acting as the system), with the rules a secretary meets: the
personas' schools one school at a time as the form does it, the others' assessments judged by
the same checks in one batch (record_assessments_bulk, one audit entry for the batch).

To see the veto (docs/ethics.md): as secretary_a or principal_a, 提出议题 of category 评优选优 naming
one of school A's two teachers listed under 违反职业道德行为 on the school's 师德师风台账: it is
refused, the rule and the record named next to the field."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.core.roles import Post
from dangjian.decisions import services as decisions
from dangjian.decisions.rules import Category
from dangjian.orgs.models import Position, School
from dangjian.staff.models import EthicsAssessment
from dangjian.staff.rules.ethics import EthicsGrade, Handling, Standard
from dangjian.staff.selectors import ethics as selectors_ethics
from dangjian.staff.services import ethics

# the grades of a year among teachers without a violation: mostly 合格, a fifth 优秀, a few 基本合格
GRADE_WEIGHTS = [(EthicsGrade.EXCELLENT, 20), (EthicsGrade.QUALIFIED, 78), (EthicsGrade.BASIC, 2)]
# (school index among the personas' schools, days before today, standard, what, handling, handling note)
VIOLATIONS = [
    (0, 75, Standard.INTEGRITY, "收受学生家长赠送的购物卡", Handling.WARNING, "退还购物卡，警告处分，期限6个月"),
    (0, 160, Standard.PRACTICE, "组织本班学生参加有偿补课", Handling.DISQUALIFICATION,
     "通报批评，取消两年内评奖评优、职称评定资格"),
    (1, 110, Standard.CARE, "课堂上用言语侮辱学生", Handling.CIRCULAR, "全校通报批评，向学生及家长道歉"),
]


@dataclass
class EthicsCounts:
    assessed: int = 0
    schools: int = 0
    violations: int = 0
    honours_matters: int = 0


def _persona_schools() -> list[School]:
    org_ids = list(Position.objects.filter(user__username__in=("secretary_a", "secretary_b"), post=Post.SECRETARY)
                   .order_by("user__username").values_list("org_id", flat=True))
    found = []
    for org_id in org_ids:
        school = School.objects.filter(party_org_id=org_id).first()
        if school is not None:
            found.append(school)
    return found


def write_ethics(today: datetime.date, seed: int) -> EthicsCounts:
    rng = random.Random(f"{seed}:ethics")
    counts = EthicsCounts()
    year = today.year - 1
    vetoed = _violations(today, counts)
    assessed_on = min(today, datetime.date(today.year, 1, 15))
    grades = [g for g, _ in GRADE_WEIGHTS]
    weights = [w for _, w in GRADE_WEIGHTS]
    # Every school's teachers in one read, in teachers_of_year's order within each school.
    teachers: dict[int, list] = {}
    for t in (selectors_ethics.teachers_in_year(year).exclude(ethics_assessments__year=year)
              .order_by("school__code", "department", "name", "id")):
        teachers.setdefault(t.school_id, []).append(t)
    personas = {school.pk for school in _persona_schools()}
    bulk: dict = {}
    for school in School.objects.filter(pk__in=list(teachers)).order_by("code"):
        rows = []
        for t in teachers[school.pk]:
            violation = vetoed.get(t.pk)
            if violation is not None and violation.occurred_on.year == year:
                rows.append((t, EthicsGrade.UNQUALIFIED, f"当年有违反职业道德行为：{violation.description}"))
            else:
                rows.append((t, rng.choices(grades, weights)[0], ""))
        if school.pk in personas:
            # the personas' schools through the form's service, one audit entry per teacher
            counts.assessed += len(ethics.record_assessments(school, year=year, grades=rows, assessed_on=assessed_on,
                                                             acting_user=None))
        else:
            bulk[school] = rows
        counts.schools += 1
    # the rest judged by the same rules in one batch (a service call per school took the city minutes)
    counts.assessed += ethics.record_assessments_bulk(bulk, year=year, assessed_on=assessed_on, acting_user=None)
    _honours_matter(today, vetoed, counts)
    return counts


def _violations(today: datetime.date, counts: EthicsCounts) -> dict:
    schools = _persona_schools()
    vetoed: dict = {}
    for index, days, standard, what, handling, note in VIOLATIONS:
        if index >= len(schools):
            continue
        school = schools[index]
        on = today - datetime.timedelta(days=days)
        teacher = (selectors_ethics.teachers_of_year(school, on.year).filter(employed_from__lte=on)
                   .exclude(pk__in=list(vetoed)).filter(post="teacher").order_by("id").first())
        if teacher is None:
            continue
        vetoed[teacher.pk] = ethics.record_violation(
            teacher, occurred_on=on, standard=standard, description=what, handling=handling, handling_note=note,
            decided_on=on + datetime.timedelta(days=14), decided_by=f"{school.name}（经学校党组织会议研究）",
            acting_user=None)
        counts.violations += 1
    return vetoed


def _honours_matter(today: datetime.date, vetoed: dict, counts: EthicsCounts) -> None:
    """School A's 评优 matter names a teacher graded 优秀 last year and without a violation."""
    schools = _persona_schools()
    if not schools or schools[0].party_org is None:
        return
    best = (EthicsAssessment.objects.filter(staff__school=schools[0], year=today.year - 1,
                                            grade=EthicsGrade.EXCELLENT)
            .exclude(staff_id__in=list(vetoed)).select_related("staff").order_by("staff_id").first())
    if best is None:
        return
    decisions.create_matter(schools[0].party_org, title=f"推荐{best.staff.name}为{today.year}年度区级优秀教师",
                            category=Category.HONOURS, persons=[best.staff], raised_on=today,
                            background=f"{best.staff.name}{today.year - 1}年度师德考核优秀，近两年无违反职业道德行为记录。",
                            proposer_name="校长办公会", acting_user=None)
    counts.honours_matters += 1
