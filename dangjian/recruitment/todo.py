"""Recruitment's lines on the home page's to-do (dangjian.core.todo), from the due list's
selector and the deadline stored on each file by record_step (the reminders read the same):

- a school organization (书记, 组织委员): its files whose next step is the branch's own and whose
  deadline has passed (已逾期) or falls within the due list's window (即将到期); files waiting
  for the higher committee's step are shown as such (not theirs to do);
- a higher committee: the files of its subtree waiting for a committee step (备案, 预审, 谈话,
  审批), per step and per school, overdue when a deadline has passed.
A line of one file links to the file, where the step is recorded; of several, to their list.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse

from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.core.todo import DUE_SOON, INFO, OVERDUE, TODO, TodoItem, per_school
from dangjian.orgs.models import OrgKind
from dangjian.orgs.selectors import school_roots_of
from dangjian.recruitment import selectors
from dangjian.recruitment.rules import STAGE_SHORT, STEP_BY_CODE, STEPS, Recorder, Stage

MODULE = "发展党员"
COMMITTEE_CODES = [s.code for s in STEPS if s.recorder == Recorder.COMMITTEE]


def _file_url(pk: int) -> str:
    return reverse("recruitment:file", kwargs={"pk": pk})


def _board_url(org_id: int) -> str:
    return f"{reverse('recruitment:board')}?org={org_id}"


def recruitment_todo(user, org, today: datetime.date) -> list[TodoItem]:
    if org is None:
        return []
    scope = scope_of(user)
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return _committee(user, org, today) if scope.allows(Action.RECRUITMENT_APPROVE, org.path) else []
    if not scope.allows(Action.RECRUITMENT_MANAGE, org.path):
        return []
    return _school(user, org, today)


def _school(user, org, today: datetime.date) -> list[TodoItem]:
    files = list(selectors.due_files(user, org, today))
    due_url = f"{reverse('recruitment:due')}?org={org.pk}"
    items = []
    ours = [f for f in files if STEP_BY_CODE[f.next_code].recorder == Recorder.BRANCH]
    for level, group in ((OVERDUE, [f for f in ours if f.due_on < today]),
                         (DUE_SOON, [f for f in ours if f.due_on >= today])):
        if len(group) == 1:
            file = group[0]
            items.append(TodoItem(
                title=f"{file.name}：{STEP_BY_CODE[file.next_code].label}（期限 {file.due_on:%Y-%m-%d}）",
                module=MODULE, level=level, due=file.due_on, url=_file_url(file.pk),
                note=STEP_BY_CODE[file.next_code].citation))
        elif group:
            word = "已超过期限" if level == OVERDUE else f"将在 {selectors.DUE_SOON_DAYS} 天内到期"
            items.append(TodoItem(title=f"{len(group)} 份发展党员档案的下一步骤{word}", module=MODULE, level=level,
                                  count=len(group), due=min(f.due_on for f in group), url=due_url))
    # whatever their deadline (备案 has none): the branch has handed them on
    waiting = selectors.files_in(user, org).filter(next_code__in=COMMITTEE_CODES).count()
    if waiting:
        items.append(TodoItem(title=f"{waiting} 份档案等待上级党委办理（备案、预审、谈话或审批）", module=MODULE,
                              level=INFO, count=waiting, url=_board_url(org.pk)))
    return items


def _committee(user, org, today: datetime.date) -> list[TodoItem]:
    files = list(selectors.files_in(user, org).filter(next_code__in=COMMITTEE_CODES)
                 .values_list("pk", "name", "next_code", "due_on", "org__path"))
    if not files:
        return []
    by_step: dict[str, list] = defaultdict(list)
    for row in files:
        by_step[row[2]].append(row)
    roots = school_roots_of(org)
    items = []
    for code, rows in sorted(by_step.items()):
        step = STEP_BY_CODE[code]
        label, who = f"“{step.name}”", STAGE_SHORT[Stage(step.stage)]   # 04 and 08 are both 备案: say whose
        overdue = [r for r in rows if r[3] is not None and r[3] < today]
        dated = [r[3] for r in rows if r[3] is not None]
        single = rows[0] if len(rows) == 1 else None
        items.append(TodoItem(
            title=(f"{single[1]}（{who}）的档案等待{label}" if single else f"{len(rows)} 份{who}档案等待{label}")
            + (f"（{len(overdue)} 份已逾期）" if overdue and not single else ""),
            module=MODULE, level=OVERDUE if overdue else TODO, count=len(rows), due=min(dated) if dated else None,
            schools=per_school([(r[4], 1) for r in rows], roots, _board_url),
            url=_file_url(single[0]) if single else _board_url(org.pk)))
    return items
