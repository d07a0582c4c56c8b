"""Reads of recruitment: the board of an organization's subtree, the due list, a file with its
timeline. One filter per list (pattern 5): the pages and the API call the same functions, and
every one starts from the user's scoped queryset."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, Substr

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


def board_files(user, org, per_stage: int) -> dict[str, list[RecruitmentFile]]:
    """The first `per_stage` open files of each stage, in files_in's order — the board's five
    columns in one query rather than one per stage."""
    order = [F("due_on").asc(), F("applied_on").asc(), F("pk").asc()]  # files_in's order, nulls as there
    ranked = files_in(user, org).annotate(
        board_rank=Window(RowNumber(), partition_by=F("stage"), order_by=order)).filter(board_rank__lte=per_stage)
    columns: dict[str, list[RecruitmentFile]] = {value: [] for value in Stage.values}
    for file in sorted(ranked, key=lambda f: f.board_rank):
        columns[file.stage].append(file)
    return columns


def file_counts(user, org) -> tuple[dict[str, int], dict[str, int]]:
    """Open files of the subtree by stage, and all its files by state, in one grouped query."""
    rows = (RecruitmentFile.objects.visible_to(user).filter(org__path__startswith=org.path)
            .values("stage", "state").annotate(n=Count("pk")).order_by())
    stages, states = dict.fromkeys(Stage.values, 0), dict.fromkeys(FileState.values, 0)
    for row in rows:
        states[row["state"]] += row["n"]
        if row["state"] == FileState.OPEN:
            stages[row["stage"]] += row["n"]
    return stages, states


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


def attach_meetings(records, user) -> None:
    """`r.meeting` on each recorded step: the meeting record that decided it as the timeline shows
    it — date, kind and topic, with its page's address where the user may open it — or None."""
    from dangjian.orgs.meeting_records import meeting_book

    book = meeting_book()
    for r in records:
        r.meeting = None
        if r.meeting_record:
            found = book.get(r.meeting_record)
            r.meeting = ({"label": found.label, "url": found.url if book.visible(found.pk, user) else ""} if found
                         else {"label": "会议记录已不存在", "url": ""})


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


def year_figures(user, org, year: int, summary: dict | None = None) -> list[dict]:
    """This year's work of the subtree, for the board: how many files passed each milestone
    (steps recorded with a positive outcome in the calendar year). From plan_vs_actual's
    counts when the caller has them (the board), else in one aggregate query."""
    if summary is None:
        summary = plan_vs_actual(user, org, year)
    return [{"label": label, "count": summary["by_code"].get(code, 0)} for code, label in YEAR_STEPS]


# --- the annual development plan against what was done ---------------------------------------

# What a plan counts, and the step whose passed record in the year counts as done: activists
# decided (03), candidates decided (07), and 发展党员 = 接收预备党员 approved by the committee (17).
PLAN_MEASURES = (("activists", "03", "确定入党积极分子"), ("candidates", "07", "确定发展对象"),
                 ("admitted", "17", "发展党员（接收预备党员）"))


def _numbers(plans) -> dict | None:
    """The sum of some plans, measure by measure (None where no plan names the measure)."""
    if not plans:
        return None
    out = {}
    for name, _code, _label in PLAN_MEASURES:
        values = [p[name] for p in plans if p[name] is not None]
        out[name] = sum(values) if values else None
    return out


def plan_vs_actual(user, org, year: int) -> dict:
    """The organization's plan for the year, the plans of its subtree added up, and what the
    subtree did, for the organization and for each of its next-level organizations — in three
    queries whatever the size of the subtree (plans, done steps, next-level organizations).
    `by_code` counts the files that passed each of the board's milestones (YEAR_STEPS) this year."""
    from dangjian.orgs.models import PartyOrg
    from dangjian.recruitment.models import DevelopmentPlan, StepRecord

    plans = list(DevelopmentPlan.objects.filter(org__path__startswith=org.path, year=year)
                 .values("org_id", "org__path", "admitted", "activists", "candidates", "basis", "set_at"))
    # Grouped by next-level organization (the path's prefix one level down), not by every
    # organization of the subtree: a dozen rows per step for a city instead of thousands.
    done = list(StepRecord.objects.filter(file__in=RecruitmentFile.objects.visible_to(user)
                                          .filter(org__path__startswith=org.path),
                                          occurred_on__year=year, passed=True, code__in=[c for c, _ in YEAR_STEPS])
                .annotate(prefix=Substr("file__org__path", 1, len(org.path) + PartyOrg.steplen))
                .values("prefix", "code").annotate(n=Count("file", distinct=True)).order_by())
    by_code: dict[str, int] = {}
    for row in done:
        by_code[row["code"]] = by_code.get(row["code"], 0) + row["n"]
    children = list(PartyOrg.objects.filter(path__startswith=org.path, depth=org.depth + 1, is_active=True)
                    .order_by("path").only("id", "name", "path", "kind"))

    def actual(prefix: str) -> dict:
        counts = dict.fromkeys((name for name, _, _ in PLAN_MEASURES), 0)
        by_code = {code: name for name, code, _ in PLAN_MEASURES}
        for row in done:
            if row["code"] in by_code and row["prefix"].startswith(prefix):
                counts[by_code[row["code"]]] += row["n"]
        return counts

    def summary(node_path: str) -> dict:
        own = next((p for p in plans if p["org__path"] == node_path), None)
        below = [p for p in plans if p["org__path"].startswith(node_path) and p["org__path"] != node_path]
        return {"own": own, "below": _numbers(below), "planned": _numbers([own]) if own else _numbers(below),
                "actual": actual(node_path)}

    rows = [{"org": child, **summary(child.path)} for child in children]
    return {"org": org, "year": year, **summary(org.path), "rows": [r for r in rows if r["planned"] or any(
        r["actual"].values())], "measures": PLAN_MEASURES, "by_code": by_code}


def progress_rows(summary: dict) -> list[dict]:
    """Plan and done per measure, with the share done, for the board and the plan page."""
    planned, actual = summary["planned"] or {}, summary["actual"]
    rows = []
    for name, _code, label in summary["measures"]:
        plan = planned.get(name)
        share = round(100 * actual[name] / plan) if plan else None
        rows.append({"name": name, "label": label, "planned": plan, "actual": actual[name], "share": share})
    return rows


def rating_facts(root_path: str, year: int) -> dict[str, dict[str, int | None]]:
    """What the 评星定级 reads of recruitment for every organization of a subtree and a year, in
    three grouped queries: per organization's own path, the steps recorded that year past a
    time limit with a reason (`breaches`: the warnings of rules.Severity.WARN that record_step
    stored only with the user's reason), the planned admissions of its own plan (`planned`,
    None without a plan) and the files admitted that year (`admitted`: step 17 passed)."""
    from dangjian.recruitment.models import DevelopmentPlan, StepRecord

    facts: dict[str, dict[str, int | None]] = {}

    def row(path: str) -> dict[str, int | None]:
        return facts.setdefault(path, {"breaches": 0, "planned": None, "admitted": 0})

    steps = StepRecord.objects.filter(file__org__path__startswith=root_path, occurred_on__year=year)
    for path, n in (steps.exclude(breaches=[]).values("file__org__path").annotate(n=Count("pk")).order_by()
                    .values_list("file__org__path", "n")):
        row(path)["breaches"] = n
    for path, n in (steps.filter(code="17", passed=True).values("file__org__path")
                    .annotate(n=Count("file", distinct=True)).order_by().values_list("file__org__path", "n")):
        row(path)["admitted"] = n
    for path, planned in (DevelopmentPlan.objects.filter(org__path__startswith=root_path, year=year)
                          .values_list("org__path", "admitted")):
        row(path)["planned"] = planned
    return facts
