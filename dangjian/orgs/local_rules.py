"""Local rules: what a city's or a county's own document asks for beyond the national texts.

A local rule is declared in code by the domain app whose work it governs (orglife's 思想政治课,
decisions' list of matters for the branch meeting and its 5,000-yuan threshold) and registered
here in its AppConfig.ready() — the orgs app, below them, knows no domain. It applies in an
organization only where a committee above (or at) it has switched it on, citing a document of the
register (LocalDocument), from an effective date (LocalRuleSwitch). This module is the pure part:
the declarations and the resolver over plain rows; dangjian.orgs.services.local_documents loads the
rows and writes the switches.

A local rule may only add to the national rules or tighten them (`effect`): it never loosens one.
The one test of "looser" for a rule with a figure stays with that rule (e.g. orglife's
`check_not_looser`), which the service saving such a figure calls.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dangjian.core.errors import Rule, RuleViolation
from dangjian.core.local_documents import LocalDocument as DeclaredDocument

ADDS = "adds"          # asks for something no national rule asks for (思想政治课)
TIGHTENS = "tightens"  # asks for more than a national rule does (more matters to the party meeting)
EFFECT_LABELS = {ADDS: "在全国规定之外增加要求", TIGHTENS: "在全国规定基础上从严"}


@dataclass(frozen=True)
class LocalRule:
    code: str
    area: str                   # the part of the work it governs, as the sidebar names it
    label: str                  # what a user calls it
    text: str                   # what it asks for
    source: DeclaredDocument    # the document the requirement was drawn from (issuer, title)
    quote: str                  # the document's own words
    effect: str                 # ADDS or TIGHTENS: a local rule never loosens
    national: str = ""          # the national rule it adds to or tightens, by title and article

    @property
    def effect_label(self) -> str:
        return EFFECT_LABELS[self.effect]

    def cite(self, document_name: str) -> str:
        """The citation shown with the rule where it is switched on: the registered document."""
        return f"{document_name}（本地规定）“{self.quote}”"


_REGISTRY: dict[str, LocalRule] = {}


def register_local_rule(rule: LocalRule) -> LocalRule:
    """Called from the domain apps' ready(). A rule that loosens is not a local rule."""
    if rule.effect not in EFFECT_LABELS:
        raise ValueError(f"local rule {rule.code}: effect must be adds or tightens")
    _REGISTRY[rule.code] = rule
    return rule


def local_rules() -> list[LocalRule]:
    return sorted(_REGISTRY.values(), key=lambda r: (r.area, r.code))


def local_rule(code: str) -> LocalRule | None:
    return _REGISTRY.get(code)


R_SWITCH = Rule("local_rule_switch", "本地规定由上级党组织依据已登记的本地文件、自生效日期起对本辖区启用；"
                "本地规定只能在全国规定之外增加要求或从严，不得放宽全国规定", "本地文件登记")
R_DOCUMENT = Rule("local_document", "本地文件由上级党组织（教育工委）登记：发文单位、文件标题、文号、印发日期和适用范围",
                  "本地文件登记")


def rule_or_refuse(code: str) -> LocalRule:
    """The declared rule a switch names, or the refusal: an unknown one is none the system applies."""
    rule = _REGISTRY.get(code)
    if rule is None:
        raise RuleViolation("请选择本系统已列出的本地规定", rule=R_SWITCH, field="rule")
    return rule


# --- the resolver over plain rows ------------------------------------------------------------

@dataclass(frozen=True)
class SwitchRow:
    """What the resolver needs of a LocalRuleSwitch (plain data: cacheable, testable)."""

    rule: str
    path: str                  # the organization it was switched on for (its subtree)
    effective_from: datetime.date
    document: str              # the document's name as cited: 发文单位《标题》（文号）
    org_name: str = ""
    document_id: int = 0


def in_force(code: str, path: str, day: datetime.date, rows: list[SwitchRow]) -> SwitchRow | None:
    """The switch that makes `code` apply at `path` on `day`: among those on `path` or above it
    and effective by `day`, the deepest, then the latest — None where the rule does not apply."""
    best: SwitchRow | None = None
    for row in rows:
        if row.rule != code or row.effective_from > day or not path.startswith(row.path):
            continue
        if best is None or (len(row.path), row.effective_from) > (len(best.path), best.effective_from):
            best = row
    return best


def since(code: str, path: str, rows: list[SwitchRow]) -> datetime.date | None:
    """The first day `code` applies at `path` (the earliest switch above it), or None if never."""
    days = [row.effective_from for row in rows if row.rule == code and path.startswith(row.path)]
    return min(days) if days else None
