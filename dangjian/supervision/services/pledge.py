"""责任书 / 承诺书: open a signing campaign, add a late signer, sign on screen, record a scanned
signed copy — the one place where these change (pages, API and the demo call these).

    open_campaign ──(signers from the staff register, the day it opens)──▶ one row per signer
    add_signer ──(someone who joined later)──▶ one more row
    sign_on_screen (the signer himself, through StaffMember.user) ─┐
    record_scan (pledge.manage on the school, a checked upload) ───┴▶ signed, once (R_ONCE)

Each step parses its input, locks, checks the right and the rule (a refusal names it), writes and
records the audit entry with the acting user, in one transaction. Signing again the same way as
the same person returns the first signature (a replayed request); any other second signature is
refused with R_ONCE.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.notify import announce
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import SCHOOL_ORG_KINDS, OrgKind, PartyOrg, Position, School
from dangjian.staff.models import LeadershipRole, LeadershipTerm, StaffMember, StaffPost
from dangjian.supervision.models import PledgeCampaign, PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.services.rectification import parse_date


def _require(user, action: str, path: str, message: str) -> None:
    if user is not None and not scope_of(user).allows(action, path):
        raise PermissionDenied(message)


def level_of(org: PartyOrg) -> str | None:
    """Which campaign an organization opens: an education committee for its schools' secretaries
    and principals, a school's own party organization for its staff; any other (a 党小组) none."""
    if org.kind == OrgKind.EDUCATION_COMMITTEE:
        return R.Level.COUNTY
    if org.kind in SCHOOL_ORG_KINDS:
        return R.Level.SCHOOL
    return None


def schools_of(org: PartyOrg, level: str) -> QuerySet[School]:
    """The schools whose staff sign: every school the committee oversees, or the school(s) whose
    party organization (or one below it) is `org`."""
    if level == R.Level.COUNTY:
        return School.objects.filter(Q(supervisor__path__startswith=org.path) | Q(party_org__path__startswith=org.path))
    return School.objects.filter(party_org__path__startswith=org.path)


def _county_signers(schools, day: datetime.date, staff_ids=None) -> dict[int, tuple[StaffMember, str]]:
    """{staff id: (staff, role)} of the secretaries and principals in post on `day` (one row for
    one person holding both seats: 书记、校长一肩挑)."""
    terms = LeadershipTerm.objects.filter(
        role__in=R.COUNTY_ROLES, started_on__lte=day, staff__school__in=schools,
        staff__in=StaffMember.objects.current(day)).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    if staff_ids is not None:
        terms = terms.filter(staff_id__in=staff_ids)
    found: dict[int, tuple[StaffMember, list[str]]] = {}
    for term in terms.select_related("staff", "staff__school").order_by("role"):
        found.setdefault(term.staff_id, (term.staff, []))[1].append(LeadershipRole(term.role).label)
    return {pk: (staff, "、".join(sorted(set(roles), key=roles.index))) for pk, (staff, roles) in found.items()}


def _school_signers(schools, kind: str, day: datetime.date, staff_ids=None) -> dict[int, tuple[StaffMember, str]]:
    staff = StaffMember.objects.current(day).filter(school__in=schools, post__in=R.SCHOOL_POSTS[kind])
    if staff_ids is not None:
        staff = staff.filter(pk__in=staff_ids)
    return {s.pk: (s, (s.office or StaffPost(s.post).label)[:30])
            for s in staff.select_related("school").order_by("school_id", "post", "name")}


def signers_for(org: PartyOrg, level: str, kind: str, day: datetime.date,
                staff_ids: Iterable[int] | None = None) -> dict[int, tuple[StaffMember, str]]:
    schools = schools_of(org, level)
    if level == R.Level.COUNTY:
        return _county_signers(schools, day, staff_ids)
    return _school_signers(schools, kind, day, staff_ids)


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip()[:120], (body or "").strip()[:20000]
    if not title:
        raise RuleViolation("请填写标题", rule=R.R_TEXT, field="title")
    if not body:
        raise RuleViolation("请填写责任书（承诺书）正文", rule=R.R_TEXT, field="body")
    for field, text in (("title", title), ("body", body)):
        bad = R.check_placeholders(text)
        if bad is not None:
            raise RuleViolation(f"占位符“{{{bad}}}”无法识别；可用：{'、'.join('{' + p + '}' for p in R.PLACEHOLDERS)}",
                                rule=R.R_TEXT, field=field)
    return title, body


def open_campaign(org: PartyOrg, *, kind: str, year, title: str = "", body: str = "", deadline=None,
                  acting_user=None, today: datetime.date | None = None) -> PledgeCampaign:
    """发起签订: the campaign and one signature row per signer on the staff register today;
    each signer with an account and each school's secretary is told."""
    today = today or timezone.localdate()
    _require(acting_user, Action.PLEDGE_MANAGE, org.path, "您的职务不含“发起责任书、承诺书签订”的权限")
    level = level_of(org)
    if level is None:
        raise RuleViolation(f"{org.name}不能发起责任书签订", rule=R.R_LEVEL, field="org")
    if kind not in R.KINDS_BY_LEVEL[level]:
        allowed = "、".join(R.Kind(k).label for k in R.KINDS_BY_LEVEL[level])
        raise RuleViolation(f"{org.name}发起的签订可选：{allowed}", rule=R.R_LEVEL, field="kind")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise RuleViolation("请填写年度，如 2026", rule=R.R_YEAR, field="year") from None
    if not R.valid_year(year, today.year):
        raise RuleViolation(f"签订年度须在 {today.year - 1}–{today.year + 1} 之间", rule=R.R_YEAR, field="year")
    title, body = _clean_text(title or R.DEFAULT_TITLES[kind], body or R.DEFAULT_BODIES[kind])
    deadline = parse_date(deadline, "deadline", R.R_TEXT) if deadline not in (None, "") else None
    if deadline is not None and deadline < today:
        raise RuleViolation("签订截止日期不得早于今天", rule=R.R_TEXT, field="deadline")
    with transaction.atomic():
        PartyOrg.objects.select_for_update().filter(pk=org.pk).first()  # one opening at a time per org
        if PledgeCampaign.objects.filter(org=org, year=year, kind=kind).exists():
            raise RuleViolation(f"{org.name}{year}年度的{R.Kind(kind).label}已发起签订；后来入职的人员请补充列入",
                                rule=R.R_ONE_CAMPAIGN, field="kind")
        campaign = PledgeCampaign.objects.create(org=org, level=level, kind=kind, year=year, title=title, body=body,
                                                 opened_on=today, deadline=deadline, opened_by=acting_user)
        signers = signers_for(org, level, kind, today)
        PledgeSignature.objects.bulk_create([
            PledgeSignature(campaign=campaign, staff=staff, school_id=staff.school_id, role=role, listed_on=today)
            for staff, role in signers.values()])
        _announce_opening(campaign, [s for s, _ in signers.values()], today)
        audit.record("pledge.open", target=campaign, actor=acting_user,
                     changes={"kind": kind, "year": year, "signers": len(signers)})
    return campaign


def _announce_opening(campaign: PledgeCampaign, signers: list[StaffMember], today: datetime.date) -> None:
    school_ids = {s.school_id for s in signers}
    secretaries = Position.objects.active_on(today).filter(
        post=Post.SECRETARY, org__schools__in=school_ids, user__isnull=False).select_related("user")
    users = [s.user for s in signers if s.user_id] + [p.user for p in secretaries]
    url = reverse("supervision:pledges_mine")
    announce(users, key=f"pledge-open-{campaign.pk}", title=f"请签订{campaign.year}年度{campaign.get_kind_display()}",
             body=f"{campaign.org.name}发起{campaign.year}年度{campaign.get_kind_display()}签订"
                  + (f"，请于 {campaign.deadline:%Y-%m-%d} 前签订" if campaign.deadline else "") + "。",
             url=url, org=campaign.org, group_text=f"{campaign.org.name}发起{campaign.year}年度{campaign.get_kind_display()}签订")


def add_signer(campaign: PledgeCampaign, staff: StaffMember, *, acting_user=None,
               today: datetime.date | None = None) -> PledgeSignature:
    """补充列入: someone who joined (or took the seat) after the campaign opened. Refused for a
    person who is not, today, current staff of one of the campaign's schools and one of its signers."""
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = PledgeCampaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
        _require(acting_user, Action.PLEDGE_MANAGE, staff.school.audit_org_path,
                 "您的职务不含“登记责任书、承诺书签订情况”的权限")
        existing = PledgeSignature.objects.filter(campaign=campaign, staff=staff).first()
        if existing is not None:
            return existing  # already listed: adding again changes nothing
        found = signers_for(campaign.org, campaign.level, campaign.kind, today, staff_ids=[staff.pk])
        if staff.pk not in found:
            raise RuleViolation(f"{staff.name}不是本次签订范围内学校的在职{_who(campaign)}，不能列入", rule=R.R_SIGNER,
                                field="staff")
        _, role = found[staff.pk]
        signature = PledgeSignature.objects.create(campaign=campaign, staff=staff, school_id=staff.school_id, role=role,
                                                   listed_on=today)
        if staff.user_id:
            announce([staff.user], key=f"pledge-open-{campaign.pk}",
                     title=f"请签订{campaign.year}年度{campaign.get_kind_display()}", url=reverse("supervision:pledges_mine"))
        audit.record("pledge.add_signer", target=signature, actor=acting_user,
                     changes={"campaign": campaign.pk, "role": role})
    return signature


def _who(campaign: PledgeCampaign) -> str:
    if campaign.level == R.Level.COUNTY:
        return "党组织书记或校长"
    return "、".join(StaffPost(p).label for p in R.SCHOOL_POSTS[campaign.kind])


def _lock(signature: PledgeSignature) -> PledgeSignature:
    return (PledgeSignature.objects.select_for_update(of=("self",))
            .select_related("campaign", "campaign__org", "staff", "school").get(pk=signature.pk))


def _still_on_staff(signature: PledgeSignature, today: datetime.date, current: set[int] | None = None) -> None:
    """`current`: the ids of those on staff today, where a batch read them at once."""
    staff = signature.staff
    on_staff = (staff.pk in current if current is not None
                else StaffMember.objects.current(today).filter(pk=staff.pk).exists())
    if staff.school_id != signature.school_id or not on_staff:
        raise RuleViolation(f"{staff.name}已不是{signature.school.name}的在职教职工，不能签订", rule=R.R_SIGNER,
                            field="staff")


def _replay_or_refuse(signature: PledgeSignature, method: str, acting_user) -> PledgeSignature:
    if signature.method == method and signature.recorded_by_id == getattr(acting_user, "pk", None):
        return signature  # the same request again (a double click, a retried call): the first signature
    raise RuleViolation(f"{signature.staff.name}已于 {signature.signed_on:%Y-%m-%d} 签订"
                        f"（{R.Method(signature.method).label}），不能重复签订", rule=R.R_ONCE, field="signature",
                        code="already_signed")


def sign_on_screen(signature: PledgeSignature, *, acting_user, today: datetime.date | None = None) -> PledgeSignature:
    """本人在线签订: only the signer, through the account on his staff entry."""
    today = today or timezone.localdate()
    with transaction.atomic():
        signature = _lock(signature)
        if acting_user is None or signature.staff.user_id != acting_user.pk:
            raise RuleViolation(f"这份{signature.campaign.get_kind_display()}须由{signature.staff.name}本人签订",
                                rule=R.R_OWN, field="signature", code="not_signer")
        if signature.signed_on is not None:
            return _replay_or_refuse(signature, R.Method.SCREEN, acting_user)
        _still_on_staff(signature, today)
        signature.signed_on, signature.method = today, R.Method.SCREEN
        signature.recorded_by, signature.recorded_at = acting_user, timezone.now()
        signature.save(update_fields=["signed_on", "method", "recorded_by", "recorded_at"])
        audit.record("pledge.sign", target=signature, actor=acting_user,
                     changes={"campaign": signature.campaign_id, "method": R.Method.SCREEN})
    return signature


def record_scan(signature: PledgeSignature, *, file, signed_on=None, acting_user=None,
                today: datetime.date | None = None) -> PledgeSignature:
    """登记签字扫描件: the party office uploads the copy the signer signed by hand."""
    from dangjian.core.uploads import check_upload, store_upload

    today = today or timezone.localdate()
    day = parse_date(signed_on, "signed_on", R.R_SCAN) if signed_on not in (None, "") else today
    if day > today:
        raise RuleViolation("签订日期不得晚于今天", rule=R.R_SCAN, field="signed_on")
    if file is None:
        raise RuleViolation("请上传本人签字的扫描件", rule=R.R_SCAN, field="file")
    with transaction.atomic():
        signature = _lock(signature)
        _require(acting_user, Action.PLEDGE_MANAGE, signature.school.audit_org_path,
                 "您的职务不含“登记责任书、承诺书签订情况”的权限")
        if signature.signed_on is not None:
            return _replay_or_refuse(signature, R.Method.SCAN, acting_user)
        _still_on_staff(signature, today)
        if day < signature.campaign.opened_on:
            raise RuleViolation(f"签订日期不得早于发起日期 {signature.campaign.opened_on:%Y-%m-%d}", rule=R.R_SCAN,
                                field="signed_on")
        try:
            checked = check_upload(file, kinds=R.SCAN_KINDS, max_bytes=R.SCAN_MAX_BYTES)
        except RuleViolation as refused:
            raise RuleViolation(f"{refused.message}。{R.R_SCAN.text}", rule=R.R_SCAN, field="file") from None
        path = store_upload(checked)
        try:
            signature.signed_on, signature.method = day, R.Method.SCAN
            signature.recorded_by, signature.recorded_at = acting_user, timezone.now()
            signature.scan_kind, signature.scan_name = checked.kind, (checked.name or f"签字扫描件{checked.extension}")[:200]
            signature.scan_size, signature.scan_sha256, signature.scan_path = checked.size, checked.sha256, str(path)
            signature.save()
            audit.record("pledge.scan", target=signature, actor=acting_user,
                         changes={"campaign": signature.campaign_id, "method": R.Method.SCAN, "file": signature.scan_name})
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return signature
