"""Reads of recruitment: the board of an organization's subtree, the due list, a file with its
timeline. One filter per list (pattern 5): the pages and the API call the same functions, and
every one starts from the user's scoped queryset."""

from __future__ import annotations

import datetime

from django.db.models import Count

from dangjian.recruitment.models import FileState, RecruitmentFile
from dangjian.recruitment.rules import STEP_BY_CODE, Stage

DUE_SOON_DAYS = 30


def files_in(user, org, *, state: str = FileState.OPEN, stage: str | None = None):
    """Files of `org`'s subtree that the user may see, soonest deadline first."""
    qs = RecruitmentFile.objects.visible_to(user).filter(org__path__startswith=org.path).select_related("org")
    if state:
        qs = qs.filter(state=state)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("due_on", "applied_on", "pk")


def stage_counts(user, org) -> dict[str, int]:
    rows = (RecruitmentFile.objects.visible_to(user).filter(org__path__startswith=org.path, state=FileState.OPEN)
            .values("stage").annotate(n=Count("pk")))
    counts = dict.fromkeys(Stage.values, 0)
    counts.update({row["stage"]: row["n"] for row in rows})
    return counts


def state_counts(user, org) -> dict[str, int]:
    rows = (RecruitmentFile.objects.visible_to(user).filter(org__path__startswith=org.path)
            .values("state").annotate(n=Count("pk")))
    counts = dict.fromkeys(FileState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def due_files(user, org, today: datetime.date, *, within_days: int = DUE_SOON_DAYS):
    """Open files whose next deadline has passed or falls within `within_days`."""
    return files_in(user, org).filter(due_on__isnull=False, due_on__lte=today + datetime.timedelta(days=within_days))


def mark(file: RecruitmentFile, today: datetime.date) -> RecruitmentFile:
    """Status colour and word for the templates: overdue red, due soon amber — never colour alone."""
    if file.state != FileState.OPEN:
        file.status, file.status_label = "na", file.get_state_display()
    elif file.due_on and file.due_on < today:
        file.status, file.status_label = "danger", f"逾期 {(today - file.due_on).days} 天"
    elif file.due_on and (file.due_on - today).days <= DUE_SOON_DAYS:
        file.status, file.status_label = "warning", f"{(file.due_on - today).days} 天内到期"
    else:
        file.status, file.status_label = "ok", "按期"
    file.next_label = STEP_BY_CODE[file.next_code].label if file.next_code else "—"
    return file


def describe(record) -> list[str]:
    """A recorded step's facts as lines a secretary reads: labels and words, not codes."""
    from dangjian.recruitment.checks import VOTE_LABELS

    lines = []
    for fact in record.step.facts:
        value = record.facts.get(fact.name)
        if value in (None, "", [], False) and fact.kind != "vote":
            continue
        if fact.kind == "vote" and value:
            parts = "，".join(f"{VOTE_LABELS[k]} {value[k]}" for k in VOTE_LABELS)
            lines.append(f"表决：{parts}")
        elif fact.kind == "members":
            lines.append(f"{fact.label}：{'、'.join(p['name'] for p in value)}")
        elif fact.kind == "choice":
            lines.append(f"{fact.label}：{dict(fact.choices).get(value, value)}")
        elif fact.kind == "bool":
            lines.append(f"{fact.label}：是")
        else:
            lines.append(f"{fact.label}：{value}")
    return lines


def rules_of(step, limits: dict[str, int]) -> list[dict]:
    """The rules the step form shows: what each says, its source, and refusal or warning."""
    from dangjian.recruitment.rules import Limit, Severity

    shown = []
    for rule in step.rules:
        severity = rule.severity if isinstance(rule, Limit) else Severity.REFUSE
        local = ""
        if isinstance(rule, Limit) and rule.adjustable and limits.get(rule.code, rule.value) != rule.value:
            from dangjian.recruitment.rules import Unit

            local = f"本辖区从严规定为 {limits[rule.code]}{Unit(rule.unit).label}"
        shown.append({"text": rule.text, "citation": rule.citation, "severity": severity,
                      "severity_label": Severity(severity).label, "local": local})
    return shown


YEAR_STEPS = (("01", "递交入党申请"), ("03", "确定入党积极分子"), ("07", "确定发展对象"), ("17", "接收预备党员"),
              ("24", "预备党员转正"))


def year_figures(user, org, year: int) -> list[dict]:
    """This year's work of the subtree, for the board: how many files passed each milestone
    (steps recorded with a positive outcome in the calendar year), in one aggregate query."""
    from dangjian.recruitment.models import StepRecord

    rows = (StepRecord.objects.filter(file__in=RecruitmentFile.objects.visible_to(user)
                                      .filter(org__path__startswith=org.path),
                                      occurred_on__year=year, passed=True, code__in=[c for c, _ in YEAR_STEPS])
            .values("code").annotate(n=Count("file", distinct=True)))
    counts = {row["code"]: row["n"] for row in rows}
    return [{"label": label, "count": counts.get(code, 0)} for code, label in YEAR_STEPS]
