"""Every change to the organization tree, schools and positions goes through these functions:
they check the rules and the actor's scope inside the transaction, save, and write the audit
entry. Views, the API, importers and the demo generator all call them."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School
from dangjian.orgs.rules import (
    JOINT_BRANCH_MAX_SCHOOLS,
    R_JOINT_BRANCH,
    R_ORG_STATUS,
    R_OWN_SCOPE,
    term_status,
    term_warning_days,
)

# Which kinds may sit under which (None: the top of the tree): the shape of the tree in DOMAIN.md.
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {OrgKind.EDUCATION_COMMITTEE},
    OrgKind.EDUCATION_COMMITTEE: {OrgKind.EDUCATION_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH,
                                  OrgKind.BRANCH, OrgKind.JOINT_BRANCH},
    OrgKind.COMMITTEE: {OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH},
    OrgKind.BRANCH: {OrgKind.GROUP},
    OrgKind.JOINT_BRANCH: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}
R_TREE_SHAPE = Rule("tree_shape", "党组织层级：教育工委 → 学校党委/总支/支部 → 党小组（党的基层组织“经上级党组织批准，分别设立"
                   "党的基层委员会、总支部委员会、支部委员会”）", "《中国共产党章程》第三十条；本系统组织层级")

ORG_FIELDS = ("name", "founded_on", "term_start", "term_end", "is_active")
SCHOOL_FIELDS = (
    "name", "school_type", "ownership", "county", "affiliation", "staff_count", "teacher_count", "student_count",
    "declared_member_count", "sponsor", "sponsor_is_member", "principal_name", "no_org_reason", "no_org_note",
)


def require(user, action: str, path: str | None) -> None:
    """Refuse (403) an actor who lacks `action` on the node at `path`. Callers fetch the
    object through `visible_to` first, so an out-of-scope object has already been a 404."""
    if user is None:  # the demo generator and management commands act as the system
        return
    if not scope_of(user).allows(action, path):
        # Audited by the 403 handlers (page and API): a row written here would roll back
        # with the service's transaction.
        raise PermissionDenied("您没有执行此操作的权限")


def _snapshot(obj, fields) -> dict:
    return {f: (v.isoformat() if isinstance(v, datetime.date) else v) for f in fields for v in [getattr(obj, f)]}


@transaction.atomic
def create_org(*, parent: PartyOrg | None, kind: str, code: str, name: str, acting_user=None, **extra) -> PartyOrg:
    require(acting_user, Action.ORG_EDIT, parent.path if parent else None)
    if kind not in ALLOWED_CHILDREN.get(parent.kind if parent else None, set()):
        where = parent.get_kind_display() if parent else "顶层"
        raise RuleViolation(f"{where}下不能设立{OrgKind(kind).label}", rule=R_TREE_SHAPE, field="kind")
    if PartyOrg.objects.filter(code=code).exists():
        raise RuleViolation(f"组织代码 {code} 已被使用", field="code", code="duplicate")
    fields = {"kind": kind, "code": code, "name": name, **extra}
    org = PartyOrg.objects.add_child(parent, fields) if parent else PartyOrg.objects.add_root(fields)
    audit.record("org.create", target=org, changes={"after": _snapshot(org, ("kind", "code") + ORG_FIELDS)},
                 actor=acting_user)
    return org


def may_change_status(user, org: PartyOrg) -> bool:
    """Whether `user` may switch `org` off or back on: the higher committee's act (R_ORG_STATUS),
    so their scope must reach the org's parent, not only the org itself. The top of the tree
    has no parent here: only a system administrator."""
    if user is None:
        return True
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if org.depth <= 1:
        return False
    return scope.allows(Action.ORG_EDIT, org.path[:-PartyOrg.steplen])


def refuse_unless_still_reached(user, action: str, path: str, *, on: datetime.date | None = None,
                                message: str = "保存后该组织将不在您的管理范围内，您将无法查看或撤回这次修改，因此未保存") -> None:
    """QUALITY.md 3 and 24: after a write, the actor must still hold `action` on what they
    changed. The scope is recomputed from the database inside the transaction (not the copy
    cached on the user), and the refusal rolls the write back with the transaction."""
    if user is None:
        return
    if not scope_of(user, on=on or timezone.localdate()).allows(action, path):
        raise RuleViolation(message, rule=R_OWN_SCOPE, code="leaves_own_scope")


@transaction.atomic
def update_org(org: PartyOrg, *, acting_user=None, reason: str = "", **changes) -> PartyOrg:
    """Edit an organization's fields. Switching it off or back on (`is_active`) is the higher
    committee's act and needs `reason`; it is audited as org.deactivate / org.restore."""
    org = PartyOrg.objects.select_for_update().get(pk=org.pk)
    require(acting_user, Action.ORG_EDIT, org.path)
    unknown = set(changes) - set(ORG_FIELDS)
    if unknown:
        raise RuleViolation(f"不可修改的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    if "name" in changes and not (changes["name"] or "").strip():
        # The API's schema lets null through (every field is optional); the column does not.
        raise RuleViolation("组织名称不能为空", field="name")
    status_change = "is_active" in changes and changes["is_active"] is not None \
        and bool(changes["is_active"]) != org.is_active
    if status_change:
        verb = "撤销" if org.is_active else "恢复"
        if not may_change_status(acting_user, org):
            raise RuleViolation(f"不能{verb}本级组织：{verb}“{org.name}”须由其上级党组织办理", rule=R_ORG_STATUS,
                                field="is_active", code="higher_committee_only")
        if not reason.strip():
            raise RuleViolation(f"{verb}组织须填写原因", rule=R_ORG_STATUS, field="status_reason")
    elif "is_active" in changes:
        del changes["is_active"]  # unchanged (or null from the API): nothing to do
    before = _snapshot(org, ORG_FIELDS)
    for key, value in changes.items():
        setattr(org, key, value)
    if org.term_start and org.term_end and org.term_end <= org.term_start:
        raise RuleViolation("任期届满日期须晚于任期开始日期", field="term_end")
    org.save()
    refuse_unless_still_reached(acting_user, Action.ORG_EDIT, org.path)
    action = ("org.restore" if org.is_active else "org.deactivate") if status_change else "org.update"
    audit.record(action, target=org, changes=audit.diff(before, _snapshot(org, ORG_FIELDS)),
                 reason=reason.strip() if status_change else "", actor=acting_user)
    return org


@transaction.atomic
def update_school(school: School, *, acting_user=None, **changes) -> School:
    school = School.objects.select_for_update().get(pk=school.pk)
    require(acting_user, Action.SCHOOL_EDIT, school.supervisor.path)
    unknown = set(changes) - set(SCHOOL_FIELDS)
    if unknown:
        raise RuleViolation(f"不可修改的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _snapshot(school, SCHOOL_FIELDS)
    for key, value in changes.items():
        setattr(school, key, value)
    if school.party_org_id is None and not school.no_org_reason:
        raise RuleViolation("未建立党组织的学校须填写未建党组织原因", field="no_org_reason")
    school.save()
    audit.record("school.update", target=school, changes=audit.diff(before, _snapshot(school, SCHOOL_FIELDS)),
                 actor=acting_user)
    return school


@transaction.atomic
def attach_school(school: School, org: PartyOrg | None, *, reason: str = "", acting_user=None,
                  on: datetime.date | None = None) -> School:
    """Put a school under a party organization (or record that it has none, with the reason).
    The coverage history: a school that had none is covered from `on` (default today); one moved
    from one organization to another stays covered since its first; one left without is not."""
    school = School.objects.select_for_update().get(pk=school.pk)
    require(acting_user, Action.SCHOOL_EDIT, school.supervisor.path)
    if org is not None:
        if not org.path.startswith(school.supervisor.path):
            raise RuleViolation("学校党组织须在学校隶属的教育党组织之下", field="party_org")
        if org.kind == OrgKind.JOINT_BRANCH:
            covered = School.objects.filter(party_org=org).exclude(pk=school.pk).count()
            if covered >= JOINT_BRANCH_MAX_SCHOOLS:
                raise RuleViolation(f"该联合党支部已覆盖 {covered} 所学校", rule=R_JOINT_BRANCH, field="party_org")
    elif not reason:
        raise RuleViolation("未建立党组织的学校须填写未建党组织原因", field="no_org_reason")
    before = {"party_org": school.party_org_id, **_snapshot(school, ("no_org_reason", "covered_on"))}
    if org is None:
        school.covered_on = None
    elif school.party_org_id is None:
        school.covered_on = on or timezone.localdate()
    school.party_org = org
    school.no_org_reason = "" if org else reason
    school.save(update_fields=["party_org", "no_org_reason", "covered_on"])
    after = {"party_org": school.party_org_id, **_snapshot(school, ("no_org_reason", "covered_on"))}
    audit.record("school.attach", target=school, changes=audit.diff(before, after), actor=acting_user)
    return school


R_ONE_HOLDER = Rule("one_secretary", "同一组织同一时间只设一名书记（“党支部委员会设书记……必要时可以设1名副书记”）",
                   "《中国共产党支部工作条例（试行）》第二十条")
SINGLE_HOLDER_POSTS = {Post.SECRETARY, Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER,
                       Post.PRINCIPAL}


@transaction.atomic
def appoint(*, org: PartyOrg, post: str, person_name: str, started_on: datetime.date, user=None, member=None,
            acting_user=None, note: str = "") -> Position:
    require(acting_user, Action.POSITION_MANAGE, org.path)
    if post == Post.GROUP_LEADER and org.kind != OrgKind.GROUP:
        raise RuleViolation("党小组长只能在党小组任职", field="post")
    if post == Post.COMMITTEE_ADMIN and org.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("上级党组织管理员只能在教育工委（党工委）任职", field="post")
    if acting_user is not None and post == Post.COMMITTEE_ADMIN and not scope_of(acting_user).is_superuser:
        # Nobody hands out a role that reaches as far as their own: only a higher level may.
        if org.path in scope_of(acting_user).paths_for(Action.POSITION_MANAGE):
            raise PermissionDenied("不能在本级任命同级管理员，请由上级办理")
    if post in SINGLE_HOLDER_POSTS and Position.objects.active_on(started_on).filter(org=org, post=post).exists():
        raise RuleViolation(f"{org.name}已有在任的{Post(post).label}，请先办理离任", rule=R_ONE_HOLDER, field="post")
    position = Position.objects.create(org=org, post=post, person_name=person_name, started_on=started_on, user=user,
                                       member=member, note=note)
    audit.record("position.appoint", target=position,
                 changes={"post": post, "person": person_name, "started_on": started_on.isoformat()}, actor=acting_user)
    return position


@transaction.atomic
def end_position(position: Position, *, ended_on: datetime.date, reason: str = "", acting_user=None) -> Position:
    position = Position.objects.select_for_update().select_related("org").get(pk=position.pk)
    require(acting_user, Action.POSITION_MANAGE, position.org.path)
    if position.ended_on is not None:
        raise RuleViolation("该任职已结束", field="ended_on")
    if ended_on < position.started_on:
        raise RuleViolation("离任日期不能早于任职日期", field="ended_on")
    position.ended_on = ended_on
    position.save(update_fields=["ended_on"])
    # Ending one's own post can take away the right to manage the organization (e.g. its only
    # secretary): then the higher committee records it. Judged on the first day without the post.
    refuse_unless_still_reached(
        acting_user, Action.POSITION_MANAGE, position.org.path,
        on=max(timezone.localdate(), ended_on + datetime.timedelta(days=1)),
        message=f"办理后您将不再有权管理“{position.org.name}”的任职，本人的这项离任请由上级党组织办理")
    audit.record("position.end", target=position, changes={"ended_on": ended_on.isoformat()}, reason=reason,
                 actor=acting_user)
    return position


def send_term_reminders(today: datetime.date) -> int:
    """换届提醒: tell each organization's secretary and the administrators of the education
    committee above it that a term ends within the warning window or has ended, as
    orgs.rules.term_status judges it for the pages. Returns how many notifications were new;
    running it again the same day sends nothing twice."""
    from django.urls import reverse

    from dangjian.core.models import Notification
    from dangjian.core.notify import notify

    # A prefilter in the database; term_status below is the judgement.
    horizon = today + datetime.timedelta(days=term_warning_days())
    due = PartyOrg.objects.filter(is_active=True, term_end__isnull=False, term_end__lte=horizon).exclude(
        kind__in=[OrgKind.EDUCATION_COMMITTEE, OrgKind.GROUP]
    )
    # Who to tell, fetched once: every active secretary and committee administrator.
    holders = Position.objects.active_on(today).filter(
        post__in=[Post.SECRETARY, Post.COMMITTEE_ADMIN], user__isnull=False
    ).values_list("org__path", "post", "user_id")
    secretaries: dict[str, list[int]] = {}
    admins: list[tuple[str, int]] = []
    for path, post, user_id in holders:
        if post == Post.SECRETARY:
            secretaries.setdefault(path, []).append(user_id)
        else:
            admins.append((path, user_id))
    from django.contrib.auth import get_user_model

    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={uid for _, _, uid in holders})}
    sent = 0
    for org in due:
        term = term_status(org.kind, org.term_end, today)
        if not (term.overdue or term.due_soon):
            continue
        overdue = term.overdue
        level = Notification.Level.DANGER if overdue else Notification.Level.WARNING
        title = f"{org.name}{'任期已届满，请尽快换届' if overdue else '任期即将届满，请筹备换届'}"
        body = f"本届任期届满日期：{org.term_end:%Y年%m月%d日}"
        recipients = set(secretaries.get(org.path, [])) | {uid for path, uid in admins if org.path.startswith(path)}
        for user_id in recipients:
            sent += notify(users[user_id], key=f"term:{org.pk}:{org.term_end:%Y%m%d}:{level}", title=title, body=body,
                           url=reverse("orgs:detail", args=[org.pk]), level=level)
    return sent
