"""The register of local documents and the switching on of local rules — every change goes
through these functions, and every question "does local rule X apply to organization O on day D"
is answered here (`applies`, `switch_rows`), so pages, the API, compliance and the demo read one
answer. The rules themselves are declared by the domain apps (dangjian.orgs.local_rules).

Who: a committee (教育工委) administrator — org.edit on an education committee — registers and
edits the documents of their committee, and switches a local rule on for their committee's
subtree, citing a document that covers it. Schools see the documents that cover them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.local_documents import LocalDocument as DeclaredDocument
from dangjian.core.roles import Action
from dangjian.orgs import local_rules as L
from dangjian.orgs.models import LocalDocument, LocalRuleSwitch, OrgKind, PartyOrg
from dangjian.orgs.services.orgs import require

DOCUMENT_FIELDS = ("issuer", "title", "number", "issued_on", "note")


def _ancestor_paths(path: str) -> list[str]:
    step = PartyOrg.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def _require_committee(org: PartyOrg, field: str = "org") -> None:
    if org.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("本地文件和本地规定由上级党组织（教育工委）登记和启用，学校党组织查看适用于本校的文件",
                            rule=L.R_DOCUMENT, field=field)


def _clean(fields: dict) -> dict:
    cleaned: dict = {name: str(fields.get(name) or "").strip() for name in ("issuer", "title", "number", "note")}
    cleaned["issued_on"] = fields.get("issued_on")
    # 《》 are the citation's, not the title's: 《党建工作意见》 and 党建工作意见 are one document
    cleaned["title"] = cleaned["title"].strip("《》 ")
    if not cleaned["issuer"]:
        raise RuleViolation("请填写发文单位", rule=L.R_DOCUMENT, field="issuer")
    if not cleaned["title"]:
        raise RuleViolation("请填写文件标题", rule=L.R_DOCUMENT, field="title")
    issued_on = cleaned["issued_on"]
    if issued_on is not None and not isinstance(issued_on, datetime.date):
        raise RuleViolation("印发日期格式应为 2026-09-01", rule=L.R_DOCUMENT, field="issued_on")
    return cleaned


@transaction.atomic
def register_document(org: PartyOrg, *, acting_user=None, **fields) -> LocalDocument:
    """A committee's local document, covering the committee's subtree."""
    require(acting_user, Action.ORG_EDIT, org.path)
    _require_committee(org)
    cleaned = _clean(fields)
    if LocalDocument.objects.filter(org=org, issuer=cleaned["issuer"], title=cleaned["title"]).exists():
        raise RuleViolation("本组织已登记同一发文单位的同名文件", rule=L.R_DOCUMENT, field="title", code="duplicate")
    document = LocalDocument.objects.create(org=org, created_by=acting_user, **cleaned)
    audit.record("local_document.register", target=document, actor=acting_user,
                 changes={"after": {k: (v.isoformat() if isinstance(v, datetime.date) else v)
                                    for k, v in cleaned.items()}})
    return document


@transaction.atomic
def update_document(document: LocalDocument, *, acting_user=None, **fields) -> LocalDocument:
    """Correct a document's entry (a number found later, a misspelt title). Its scope stays."""
    document = LocalDocument.objects.select_for_update().select_related("org").get(pk=document.pk)
    require(acting_user, Action.ORG_EDIT, document.org.path)
    _require_committee(document.org)
    cleaned = _clean(fields)
    if (LocalDocument.objects.filter(org=document.org, issuer=cleaned["issuer"], title=cleaned["title"])
            .exclude(pk=document.pk).exists()):
        raise RuleViolation("本组织已登记同一发文单位的同名文件", rule=L.R_DOCUMENT, field="title", code="duplicate")
    changes = {}
    for name, value in cleaned.items():
        before = getattr(document, name)
        if before != value:
            changes[name] = {"before": before.isoformat() if isinstance(before, datetime.date) else before,
                             "after": value.isoformat() if isinstance(value, datetime.date) else value}
            setattr(document, name, value)
    if changes:
        document.save()
        audit.record("local_document.update", target=document, actor=acting_user, changes=changes)
    return document


@transaction.atomic
def switch_on(document: LocalDocument, rule_code: str, *, org: PartyOrg, effective_from: datetime.date,
              acting_user=None, today: datetime.date | None = None) -> LocalRuleSwitch:
    """Switch the local rule `rule_code` on for `org`'s subtree from `effective_from`, citing
    `document`. Refused: a rule the system does not declare; an organization outside the
    document's scope; a date in the past (periods already judged must not move) unless the
    system itself records a switch made before the system was used (acting_user None)."""
    rule = L.rule_or_refuse(rule_code)
    require(acting_user, Action.ORG_EDIT, org.path)
    _require_committee(org)
    document = LocalDocument.objects.select_related("org").get(pk=document.pk)
    if not org.path.startswith(document.org.path):
        raise RuleViolation(f"{document.name}的适用范围是{document.org.name}及下级，不能在{org.name}启用",
                            rule=L.R_SWITCH, field="org")
    if acting_user is not None and effective_from < (today or timezone.localdate()):
        raise RuleViolation("生效日期不能早于今天：已过去期间的考核不因新启用的规定而改变", rule=L.R_SWITCH,
                            field="effective_from")
    if LocalRuleSwitch.objects.filter(rule=rule.code, org=org, effective_from=effective_from).exists():
        raise RuleViolation(f"“{rule.label}”在{org.name}自该日期起已经启用", rule=L.R_SWITCH,
                            field="effective_from", code="duplicate")
    switch = LocalRuleSwitch.objects.create(document=document, rule=rule.code, org=org,
                                            effective_from=effective_from, switched_by=acting_user)
    audit.record("local_rule.switch_on", target=switch, actor=acting_user, changes={
        "rule": rule.label, "document": document.name, "effective_from": effective_from.isoformat()})
    return switch


# --- the one answer to "does it apply" ---------------------------------------------------------

def switch_rows(org: PartyOrg) -> list[L.SwitchRow]:
    """Every switch that can apply in `org`'s subtree (on its ancestors, itself or below): one
    query, then `L.in_force` answers for any organization and day of the subtree."""
    rows = (LocalRuleSwitch.objects.filter(Q(org__path__in=_ancestor_paths(org.path)) | Q(org__path__startswith=org.path))
            .values_list("rule", "org__path", "effective_from", "document__issuer", "document__title",
                         "document__number", "org__name", "document_id"))
    return [L.SwitchRow(rule, path, since, _name(issuer, title, number), org_name, document_id)
            for rule, path, since, issuer, title, number, org_name, document_id in rows]


def _name(issuer: str, title: str, number: str) -> str:
    return f"{issuer}《{title}》" + (f"（{number}）" if number else "")


def applies(rule_code: str, org: PartyOrg, day: datetime.date, rows: list[L.SwitchRow] | None = None) -> bool:
    """Does the local rule apply to `org` on `day`? `rows` from switch_rows() of `org` or above."""
    return in_force(rule_code, org, day, rows) is not None


def in_force(rule_code: str, org: PartyOrg, day: datetime.date,
             rows: list[L.SwitchRow] | None = None) -> L.SwitchRow | None:
    """The switch under which the rule applies to `org` on `day` (its document, since when), or None."""
    return L.in_force(rule_code, org.path, day, switch_rows(org) if rows is None else rows)


def citation(rule_code: str, org: PartyOrg, day: datetime.date, rows: list[L.SwitchRow] | None = None) -> str:
    """The rule's citation where it applies — the registered document — or "" where it does not."""
    row = in_force(rule_code, org, day, rows)
    rule = L.local_rule(rule_code)
    return rule.cite(row.document) if row is not None and rule is not None else ""


def who_switched(switch: LocalRuleSwitch) -> str:
    """Who switched a rule on, as pages and the API name them: the system for the demo and set-up."""
    user = switch.switched_by
    return (user.display_name or user.get_username()) if user is not None else "系统初始化"


def switches_for(org: PartyOrg) -> list[LocalRuleSwitch]:
    """The switches in force at or above `org` (what applies to it), with document and who."""
    return list(LocalRuleSwitch.objects.filter(org__path__in=_ancestor_paths(org.path))
                .select_related("document", "org", "switched_by").order_by("rule", "effective_from"))


# --- the demo and the test world: a city that adopted its bureau's document ---------------------

@transaction.atomic
def adopt_document(org: PartyOrg, *, issuer: str, title: str, rule_codes: list[str], effective_from: datetime.date,
                   number: str = "", issued_on: datetime.date | None = None, note: str = "") -> LocalDocument:
    """Register a document at `org` and switch its rules on there, as the system (no acting user):
    the demo city and the tests' world, whose schools work under the city bureau's opinion."""
    document = (LocalDocument.objects.filter(org=org, issuer=issuer, title=title).first()
                or register_document(org, issuer=issuer, title=title, number=number, issued_on=issued_on, note=note))
    for code in rule_codes:
        if not LocalRuleSwitch.objects.filter(rule=code, org=org, effective_from=effective_from).exists():
            switch_on(document, code, org=org, effective_from=effective_from)
    return document


def adopt_declared(org: PartyOrg, source: DeclaredDocument, *, effective_from: datetime.date,
                   issued_on: datetime.date | None = None, note: str = "") -> LocalDocument:
    """Register a document the rules modules declare (dangjian.core.local_documents) at `org` and
    switch on there, from `effective_from`, every local rule drawn from it — as the system (no
    acting user): the demo city and the tests' world, whose schools work under the city bureau's
    opinion."""
    codes = [rule.code for rule in L.local_rules() if rule.source == source]
    return adopt_document(org, issuer=source.issuer, title=source.title, number=source.number, issued_on=issued_on,
                          note=note, rule_codes=codes, effective_from=effective_from)


def local_rule_rows(org: PartyOrg, codes: list[str], day: datetime.date) -> list[dict]:
    """For a rules page: each local rule of `codes`, and for `org` on `day` the switch it applies
    under (its document with number and date, the committee, since when, by whom) or None — the
    deepest, then the latest, as L.in_force chooses — and else one that takes effect later."""
    every = switches_for(org)
    rows = []
    for code in codes:
        rule = L.local_rule(code)
        if rule is None:
            continue
        own = [s for s in every if s.rule == code]
        current = max((s for s in own if s.effective_from <= day), key=lambda s: (len(s.org.path), s.effective_from),
                      default=None)
        upcoming = None if current is not None else min(
            (s for s in own if s.effective_from > day), key=lambda s: s.effective_from, default=None)
        rows.append({"rule": rule, "switch": current, "upcoming": upcoming,
                     "by": who_switched(current) if current is not None else ""})
    return rows
