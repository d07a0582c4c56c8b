"""对照检查材料 before the meeting: written (problems found, their causes, the measures) for a
participant or for the leadership, submitted, and approved or returned by the reviewer the rule
names (R_APPROVAL): the branch's secretary; the secretary's own and the leadership's by the
higher committee; nobody their own. A material for someone who does not take part is refused
naming R_PARTICIPANT, and nothing of it is saved."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.members.services import require
from dangjian.orgs.models import Position
from dangjian.supervision.models.lifemeeting import LifeMeeting, Problem, ReviewMaterial
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import participant_ids
from dangjian.supervision.services.lifemeeting_common import (
    begin,
    lock,
    optional_date,
    participant,
    require_stage,
    text,
)

MAX_PROBLEMS = 30
EDITABLE = (R.MaterialState.DRAFT, R.MaterialState.RETURNED)


def _problems(rows, life: LifeMeeting) -> list[dict]:
    """The problem rows, each with its measures (R_PROBLEMS); a deadline, if given, after the
    planned meeting. Every row is checked before anything is written."""
    cleaned = []
    for index, row in enumerate(rows or [], start=1):
        problem = str((row or {}).get("problem") or "").strip()
        measures = str((row or {}).get("measures") or "").strip()
        if not problem and not measures:
            continue   # an empty line of the form
        if not problem:
            raise RuleViolation(f"第 {index} 个问题：请写明存在的问题", rule=R.R_PROBLEMS, field="problems")
        if not measures:
            raise RuleViolation(f"第 {index} 个问题：请写明整改措施", rule=R.R_PROBLEMS, field="problems")
        if len(problem) > R.TEXT_MAX or len(measures) > R.TEXT_MAX:
            raise RuleViolation(f"第 {index} 个问题：每项不能超过 {R.TEXT_MAX} 个字", field="problems", code="invalid")
        deadline = optional_date(row.get("deadline"), "problems")
        if deadline is not None and deadline < life.planned_on:
            raise RuleViolation(f"第 {index} 个问题：整改期限不能早于会议日期（{life.planned_on:%Y-%m-%d}）",
                                rule=R.R_PROBLEMS, field="problems")
        cleaned.append({"problem": problem, "measures": measures, "deadline": deadline})
    if not cleaned:
        raise RuleViolation("对照检查材料须至少查摆 1 个问题，并写明整改措施", rule=R.R_PROBLEMS, field="problems")
    if len(cleaned) > MAX_PROBLEMS:
        raise RuleViolation(f"每份材料最多 {MAX_PROBLEMS} 个问题", field="problems", code="invalid")
    return cleaned


@transaction.atomic
def write_material(life: LifeMeeting, *, member=None, causes: str, commitments: str = "", problems=(),
                   acting_user=None) -> ReviewMaterial:
    """Write (or rewrite, while a draft or returned) the material of participant `member` — a
    member id — or of the leadership (`member` None). The problems replace the earlier ones."""
    life = begin(life, acting_user, R.Stage.PREPARING, "撰写对照检查材料")
    person = None
    if member not in (None, ""):
        person = participant(life, member, participant_ids(life), acting_user, "member", "对照检查材料")
    rows = _problems(problems, life)
    causes = text(causes, "causes", "产生问题的原因")
    commitments = text(commitments, "commitments", "努力方向和整改措施", required=False)
    material = (ReviewMaterial.objects.select_for_update().filter(life=life, member=person).first()
                or ReviewMaterial(life=life, member=person))
    if material.pk and material.state not in EDITABLE:
        raise RuleViolation(f"{material.owner_label}的对照检查材料{material.get_state_display()}，不能再修改",
                            rule=R.R_APPROVAL, field="state", code="wrong_state")
    created = material.pk is None
    material.causes, material.commitments, material.written_by = causes, commitments, acting_user
    if material.state == R.MaterialState.RETURNED:
        material.state = R.MaterialState.DRAFT
    material.save()
    material.problems.all().delete()
    Problem.objects.bulk_create([Problem(material=material, sequence=i, **row) for i, row in enumerate(rows, start=1)])
    audit.record("lifemeeting.material_create" if created else "lifemeeting.material_update", target=life,
                 actor=acting_user, changes={"material": material.owner_label, "problems": len(rows)})
    return material


def _lock_material(material: ReviewMaterial) -> tuple[LifeMeeting, ReviewMaterial]:
    life = lock(material.life)
    return life, ReviewMaterial.objects.select_for_update(of=("self",)).select_related("member").get(pk=material.pk)


@transaction.atomic
def submit_material(material: ReviewMaterial, *, acting_user=None, today: datetime.date | None = None) -> ReviewMaterial:
    life, material = _lock_material(material)
    require(acting_user, Action.ORGLIFE_MANAGE, life.org.path)
    require_stage(life, R.Stage.PREPARING, "提交对照检查材料")
    if material.state not in EDITABLE:
        raise RuleViolation(f"{material.owner_label}的对照检查材料{material.get_state_display()}，无需再提交",
                            rule=R.R_APPROVAL, field="state", code="wrong_state")
    material.state, material.submitted_on = R.MaterialState.SUBMITTED, today or timezone.localdate()
    material.save(update_fields=["state", "submitted_on", "updated_at"])
    audit.record("lifemeeting.material_submit", target=life, actor=acting_user, changes={"material": material.owner_label})
    return material


def _secretary_member_ids(life: LifeMeeting, day: datetime.date) -> set[int]:
    return set(Position.objects.active_on(day).filter(org=life.org, post=Post.SECRETARY, member__isnull=False)
               .values_list("member_id", flat=True))


def check_reviewer(life: LifeMeeting, material: ReviewMaterial, acting_user, day: datetime.date) -> None:
    """R_APPROVAL: who may approve or return this material. 403 for someone who is neither the
    branch's secretary nor above it; the rule's refusal for the secretary's own material or the
    leadership's (those go to the higher committee) and for anyone's own."""
    if acting_user is None:
        return
    scope = scope_of(acting_user)
    above = scope.is_superuser or any(life.org.path.startswith(root) and root != life.org.path
                                      for root in scope.paths_for(Action.ORGLIFE_MANAGE))
    secretary = Position.objects.active_on(day).filter(org=life.org, post=Post.SECRETARY, user=acting_user).exists()
    if not (above or secretary):
        raise PermissionDenied("对照检查材料由党支部书记或上级党组织审核")
    own = getattr(acting_user, "member", None)
    if own is not None and material.member_id == own.pk:
        raise RuleViolation("不能审核自己的对照检查材料", rule=R.R_APPROVAL, field="state", code="own_material")
    if not above and (material.member_id is None or material.member_id in _secretary_member_ids(life, day)):
        raise RuleViolation(f"{material.owner_label}的对照检查材料由上级党组织审核", rule=R.R_APPROVAL, field="state",
                            code="higher_reviews")


def _reviewable(material: ReviewMaterial, acting_user, today: datetime.date,
                verb: str) -> tuple[LifeMeeting, ReviewMaterial]:
    """Lock the material for its reviewer's decision: the right, the reviewer R_APPROVAL names,
    the stage, and a material that waits for review."""
    life, material = _lock_material(material)
    require(acting_user, Action.ORGLIFE_MANAGE, life.org.path)
    check_reviewer(life, material, acting_user, today)
    require_stage(life, R.Stage.PREPARING, f"{verb}对照检查材料")
    if material.state != R.MaterialState.SUBMITTED:
        raise RuleViolation(f"{material.owner_label}的对照检查材料{material.get_state_display()}，只能{verb}已提交的材料",
                            rule=R.R_APPROVAL, field="state", code="wrong_state")
    return life, material


@transaction.atomic
def approve_material(material: ReviewMaterial, *, acting_user=None, today: datetime.date | None = None) -> ReviewMaterial:
    today = today or timezone.localdate()
    life, material = _reviewable(material, acting_user, today, "审核")
    material.state, material.reviewed_by, material.reviewed_on = R.MaterialState.APPROVED, acting_user, today
    material.return_reason = ""
    material.save(update_fields=["state", "reviewed_by", "reviewed_on", "return_reason", "updated_at"])
    audit.record("lifemeeting.material_approve", target=life, actor=acting_user, changes={"material": material.owner_label})
    return material


@transaction.atomic
def return_material(material: ReviewMaterial, *, reason: str, acting_user=None,
                    today: datetime.date | None = None) -> ReviewMaterial:
    today = today or timezone.localdate()
    life, material = _reviewable(material, acting_user, today, "退回")
    reason = text(reason, "reason", "退回原因（须写明修改要求）", limit=R.SHORT_MAX)
    material.state, material.reviewed_by, material.reviewed_on = R.MaterialState.RETURNED, acting_user, today
    material.return_reason = reason
    material.save(update_fields=["state", "reviewed_by", "reviewed_on", "return_reason", "updated_at"])
    audit.record("lifemeeting.material_return", target=life, actor=acting_user,
                 changes={"material": material.owner_label}, reason=reason)
    return material
