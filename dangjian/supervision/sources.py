"""Where the content of a 党务公开 item can come from: a registry of sources.

A source turns an organization and a year into what is disclosed — a title, a few lines of text
and a table (the dues 公示表 of the year, the 小微权力清单, the recruitment 公示 …). The drafter
picks one; the service takes a snapshot of its content into the item, so what was reviewed and
approved is exactly what is published and kept.

Who fills the registry (ARCHITECTURE.md's layers): supervision sits above dues, decisions,
recruitment and orglife, so it may read them, and registers their sources itself
(dangjian.supervision.disclosure_sources, in SupervisionConfig.ready()); those apps never import
supervision. An app above supervision — appraisal's 民主评议 and 评星 results — registers its own
in its AppConfig.ready():

    from dangjian.supervision.sources import DisclosureSource, SourceContent, register_source

    register_source(DisclosureSource(
        key="appraisal_review", label="民主评议党员结果", view_action="appraisal.view",
        catalogue_key="appraisal", build=lambda org, year: SourceContent(title=..., columns=[...], rows=[...])))

`view_action` is the right the drafter needs on the organization to pull the data (a drafter who
may not read the dues ledger cannot publish it); `catalogue_key` names the line of the default
catalogue (rules.disclosure.DEFAULT_CATALOGUE) the source serves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceContent:
    title: str
    body: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def table(self) -> dict:
        return {"columns": list(self.columns), "rows": [[str(c) for c in row] for row in self.rows]} if self.columns else {}


@dataclass(frozen=True)
class DisclosureSource:
    key: str
    label: str
    view_action: str
    build: Callable[[Any, int], SourceContent]  # (organization, year) -> content
    catalogue_key: str = ""
    # (organizations, year) -> content by organization id, read at once: for the demo's thousands
    # of schools, in batches of a few hundred (the subtrees are OR-ed into one filter). Optional;
    # without it build() runs per organization.
    build_many: Callable[[list, int], dict[int, SourceContent]] | None = None

    def contents(self, orgs: list, year: int) -> dict[int, SourceContent]:
        """The content of each organization of `orgs` (by id), what build() gives for each."""
        if self.build_many is not None:
            return self.build_many(orgs, year)
        return {org.pk: self.build(org, year) for org in orgs}


_sources: dict[str, DisclosureSource] = {}


def register_source(source: DisclosureSource) -> DisclosureSource:
    """Add (or replace, by key) a source; registering the same key again keeps the last one."""
    _sources[source.key] = source
    return source


def get_source(key: str) -> DisclosureSource | None:
    return _sources.get(key)


def all_sources() -> list[DisclosureSource]:
    return sorted(_sources.values(), key=lambda s: s.label)
