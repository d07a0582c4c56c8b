"""Every change to a draft: generating it from the data (a new version written by the system) and
saving people's edits (a new version written by them). Each runs as parse → atomic → permission →
write → audit, like the other apps' services; nothing is ever sent anywhere by the system."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg
from dangjian.reports import draft_writers
from dangjian.reports.facts import ReportPeriod, school_facts
from dangjian.reports.models import WRITE_ACTION, DraftKind, DraftVersion, ReportDraft, VersionOrigin

R_STALE = Rule("reports_stale_version", "保存时须基于文稿的最新版本，以免覆盖他人同时所做的修改", "本系统")
MAX_SECTION = 20_000  # characters of one section: a long report's part is ~3,000


def require_writer(user, org: PartyOrg) -> None:
    if user is not None and not scope_of(user).allows(WRITE_ACTION, org.path):
        raise PermissionDenied(f"您的职务不含“{WRITE_ACTION.label}”的权限，不能生成或修改本组织的党建报告")


def _kind(raw: str) -> str:
    if raw not in DraftKind.values:
        raise RuleViolation("请选择文稿类型", field="kind", code="invalid")
    return raw


def generate_draft(org: PartyOrg, kind: str, period: str, *, acting_user, today: datetime.date | None = None
                   ) -> DraftVersion:
    """Write the draft of `kind` for `org` and `period` from the data as the user may read it: the
    draft's first version, or — when the draft exists — its next version, regenerated."""
    kind, parsed = _kind(kind), ReportPeriod.parse(period)
    if org.kind not in SCHOOL_ORG_KINDS:
        raise RuleViolation("党建报告按学校党组织生成，请选择学校的党组织", field="org", code="invalid")
    today = today or timezone.localdate()
    if parsed.start > today:
        raise RuleViolation("报告期间尚未开始", field="period", code="invalid")
    with transaction.atomic():
        require_writer(acting_user, org)
        facts = school_facts(org, parsed, acting_user, today=today)
        now = timezone.now()
        draft, _created = ReportDraft.objects.select_for_update().get_or_create(
            org=org, kind=kind, period=parsed.code,
            defaults={"title": draft_writers.title_of(kind, facts), "created_by": acting_user, "created_at": now,
                      "updated_at": now})
        sections = [s.as_dict() for s in draft_writers.generate(kind, facts)]
        version = _add_version(draft, sections, VersionOrigin.GENERATED, acting_user, now,
                               facts=[[k, f.label, f.text, f.url] for k, f in facts.facts.items()])
        audit.record("reports.draft.generate", target=draft, actor=acting_user,
                     changes={"draft_kind": kind, "period": parsed.code, "version": version.number,
                              "missing_facts": len(facts.missing)})
    return version


def save_version(draft: ReportDraft, texts: dict[str, str], *, based_on: int, acting_user, note: str = ""
                 ) -> DraftVersion:
    """Save people's edits as the draft's next version. `texts` maps a section's key to its text;
    `based_on` is the version the editor started from: an edit of an older one is refused rather
    than silently overwriting someone else's version (R_STALE)."""
    cleaned = {}
    for key, text in texts.items():
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_SECTION:
            raise RuleViolation(f"每一部分不超过 {MAX_SECTION:,} 字", field=key, code="too_long")
        cleaned[key] = text
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().select_related("org").get(pk=draft.pk)
        require_writer(acting_user, draft.org)
        latest = draft.latest
        if latest.number != based_on:
            raise RuleViolation(f"文稿已有更新的第{latest.number}版，请在最新版本上修改", rule=R_STALE,
                                field="based_on", code="stale")
        sections, changed = [], []
        for section in latest.sections:
            text = cleaned.get(section["key"], section["text"])
            if text != section["text"]:
                changed.append(section["heading"] or "开头")
            sections.append({**section, "text": text})
        if not changed:
            raise RuleViolation("没有修改任何内容", code="unchanged")
        now = timezone.now()
        version = _add_version(draft, sections, VersionOrigin.EDITED, acting_user, now, note=note[:200],
                               facts=latest.facts)
        draft.updated_at = now
        draft.save(update_fields=["updated_at"])
        audit.record("reports.draft.save", target=draft, actor=acting_user,
                     changes={"version": version.number, "changed_sections": changed})
    return version


def _add_version(draft, sections, origin, user, now, *, facts: list, note: str = "") -> DraftVersion:
    number = (draft.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    name = str(user) if user is not None else "系统"  # the display name (姓名), else the username
    try:
        with transaction.atomic():
            return DraftVersion.objects.create(draft=draft, number=number, origin=origin, sections=sections,
                                               facts=facts, author=user, author_name=name, note=note,
                                               created_at=now)
    except IntegrityError:  # two saves of the same version at once: the other one won
        raise RuleViolation("文稿刚被他人保存，请刷新后在最新版本上修改", rule=R_STALE, code="stale") from None
