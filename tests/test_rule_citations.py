"""Every rule on the rules pages names its source the way a reviewer can look it up (issue 18):
a national text by its full title (《…》) and an article or part (第十一条, 一、（一）, （五）); a
local text by its issuer and title (dangjian.core.local_documents), shown as local; or it says it
is this system's own rule or a common practice, not a document. A national text cited without an
article is allowed only where docs/citations.md lists it under 未能核对, so an unchecked citation
is never silent. The pages are rendered, so what is checked is what a user reads.

This module sits in tests/ because it reads the rules of every domain app."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from dangjian.appraisal.rules import duty_review, rating, review
from dangjian.core import local_documents
from dangjian.decisions import rules as decisions
from dangjian.orglife import rules as orglife
from dangjian.recruitment import rules as recruitment
from dangjian.supervision.rules import integrity_risk, lifemeeting
from dangjian.testing import login

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parent.parent / "docs" / "citations.md"
NUMERAL = "一二三四五六七八九十百千零"
# 《title》, then any bracketed year or document number, then the article or part.
ARTICLE = re.compile(rf"^(?:（[^）]*）)*(?:第[{NUMERAL}]+条|[{NUMERAL}]+、|（[{NUMERAL}]+）)")
TITLE = re.compile(r"《([^》]+)》")
# What a citation says when no document stands behind the rule (it says so, in these words).
NOT_A_DOCUMENT = ("本系统", "通行做法", "上级党组织的规定", "上级党组织文件", "权重和分数线以上级党组织设定的文件为准",
                  "标准制定单位规定", "公示天数由标准制定单位规定", "全国性规定未要求",
                  # the organization department's published guidance pages: cited by their page, they have no articles
                  "中央组织部共产党员网", "共产党员网党务问答")
LOCAL_NAMES = tuple(doc.name for doc in vars(local_documents).values()
                    if isinstance(doc, local_documents.LocalDocument))


def unchecked_titles() -> set[str]:
    """The national titles docs/citations.md lists as cited without an article (未能核对)."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## 未能核对条号的文件", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- 《([^》]+)》", section, flags=re.M))


def top_level_parts(citation: str) -> list[str]:
    """The sources of a citation: split at the ；that are not inside brackets."""
    parts, depth, current = [], 0, ""
    for ch in citation:
        depth += ch == "（"
        depth -= ch == "）"
        if ch == "；" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def problems(citation: str, unchecked: set[str]) -> list[str]:
    found = []
    if "种子文件" in citation or "seed" in citation.lower():
        found.append("工作用语")
    local = any(name in citation for name in LOCAL_NAMES)
    rest = citation
    for name in LOCAL_NAMES:
        rest = rest.replace(name, "")
    rest = re.sub(r"“[^”]*”", "", rest)  # quotes are the documents' words, not citations
    titles = list(TITLE.finditer(rest))
    for match in titles:
        if not ARTICLE.match(rest[match.end():]) and match[1] not in unchecked:
            found.append(f"《{match[1]}》没有条号")
    if not titles and not local:
        parts = [p.strip() for p in top_level_parts(rest) if p.strip()]
        if not parts or not all(p.startswith((*NOT_A_DOCUMENT, "等保", "GB", "YD/T")) for p in parts):
            found.append("没有文件名称")
    return found


def page_rules(world) -> dict[str, list]:
    """What each rules page shows, from the same functions its view uses."""
    steps = [r for s in recruitment.STEPS for r in s.rules]
    step_citations = [recruitment.Rule(f"step_{s.code}", s.name, s.citation) for s in recruitment.STEPS]
    # the defaults' sources are figures of one table, not rules of their own: checked, not listed in the docs
    life = [lifemeeting.R_LOCAL, *[rule for d in lifemeeting.DEFAULTS.values()
                                   for rule in (lifemeeting.Rule("default_report", "", d.report_source),
                                                lifemeeting.Rule("default_observer", "", d.observer_source))]]
    categories = [decisions.Rule(f"cat_{c.code}", c.label, c.source) for c in decisions.CATEGORIES.values()]
    return {
        reverse("orglife:rules") + f"?org={world.branch_a.pk}": [
            *(r.rule for r in orglife.NATIONAL.values()), orglife.R_LOCKED, orglife.R_LAPSE, orglife.R_LAPSE_WARNING,
            orglife.R_QUORUM_SETTING],
        reverse("recruitment:rules") + f"?org={world.branch_a.pk}": [*steps, *step_citations],
        reverse("decisions:rules") + f"?org={world.branch_a.pk}": [*decisions.rules_table(), *categories],
        reverse("appraisal:review_rules") + f"?org={world.branch_a.pk}": review.rules_table(),
        reverse("supervision:life_rules") + f"?org={world.county_a.pk}": life,
        # the rules tables of the other pages that list their rules
        "duty_review": duty_review.rules_table(), "rating": rating.rules_table(),
        "integrity_risk": integrity_risk.rules_table(),
    }


def test_every_rule_on_the_rules_pages_names_its_document_and_article(client, world):
    unchecked = unchecked_titles()
    listed = DOCS.read_text(encoding="utf-8")
    assert unchecked, "docs/citations.md lists the texts it could not check"
    login(client, world.county_admin)
    bad = {}
    for page, rules in page_rules(world).items():
        html = client.get(page).content.decode() if page.startswith("/") else ""
        assert not page.startswith("/") or "种子文件" not in html
        for rule in rules:
            if page.startswith("/"):
                assert rule.citation.replace("&", "&amp;") in html.replace("&#x27;", "'"), (page, rule.code)
            if found := problems(rule.citation, unchecked):
                bad[f"{page} {rule.code}"] = (rule.citation, found)
            if not rule.code.startswith("default_") and f"| `{rule.code}` |" not in listed:
                bad[f"{page} {rule.code}"] = (rule.citation, ["docs/citations.md 未列出其核对情况"])
    assert not bad, bad


def test_the_checker_itself_refuses_what_it_should():
    unchecked = {"县以上党和国家机关党员领导干部民主生活会若干规定"}
    assert problems("《中国共产党支部工作条例（试行）》第十一条", unchecked) == []
    assert problems("《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）一、（一）", unchecked) == []
    assert problems("中共中央办公厅《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）（五）", unchecked) == []
    assert problems("《中国共产党支部工作条例（试行）》第五章“三会一课”", unchecked) == ["《中国共产党支部工作条例（试行）》没有条号"]
    assert problems("种子文件003", unchecked) == ["工作用语", "没有文件名称"]
    assert problems("党员信息管理基本要求", unchecked) == ["没有文件名称"]
    assert problems("本系统组织生活记录规则", unchecked) == []
    assert problems(local_documents.CITY_BUREAU_OPINION.cite("大额经费"), unchecked) == []
    assert problems("《县以上党和国家机关党员领导干部民主生活会若干规定》：上级党组织派人参加指导", unchecked) == []
