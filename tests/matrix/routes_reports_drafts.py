"""The reports app's drafts pages and endpoints in the matrix (issue 16), and the world objects they need.

One line per URL pattern of dangjian/reports/draft_urls.py (see the comment at the top of
tests/test_permission_matrix.py); who sees which object is written in matrix.spec SEES.

Reading a draft needs member.view on its organization (the committee admins, the secretaries, branch
A's organization committee member: WORKS_ON in this world; not the principal, not member_a).
Writing one — 生成初稿, saving a version — needs report.draft (granted with 学校党组织自评, dangjian.core.roles): the secretaries and
branch A's organization committee member, never the committee admins, who read the schools'
reports. The drafts of the world (draft_a/b/c, a 自查报告 of branch A, branch B and county B's
branch with one generated version) are made inside each case (DRAFT_FILLERS), so the savepoint
takes them away again."""

from __future__ import annotations

import datetime

from matrix.spec import PAGE, SEES, WORKS_ON, Route

# Drafts are seen with their organization's member work (written down by hand, as SEES is).
SEES.update({"draft_a": SEES["m_member_a"] - {"member_a"}, "draft_b": SEES["m_secretary_b"],
             "draft_c": SEES["m_c"]})
DRAFT_ORG = {"draft_a": "branch_a", "draft_b": "branch_b", "draft_c": "branch_c1"}
WRITERS_ON = {"branch_a": {"secretary_a", "org_member_a"}, "branch_b": {"secretary_b"}, "county_a": set(),
              "branch_c1": set()}
ORGS = ("branch_a", "branch_b", "county_a", "branch_c1")
DRAFTS = ("draft_a", "draft_b", "draft_c")
SAVE = {"based_on": "1", "section-opening": "矩阵测试修改的开头。"}


def draft_of(world, name: str):
    """A 自查报告 of the organization with one generated version, made directly (no facts needed)."""
    from django.utils import timezone

    from dangjian.reports.models import DraftVersion, ReportDraft

    org = getattr(world, DRAFT_ORG[name])
    now = timezone.now()
    draft = ReportDraft.objects.create(org=org, kind="self_check", period="2025", title=f"{org.name}2025年度党建工作自查报告",
                                       created_by=world.secretary_a, created_at=now, updated_at=now)
    DraftVersion.objects.create(draft=draft, number=1, origin="generated", author_name="系统", created_at=now,
                                sections=[{"key": "opening", "heading": "", "text": "开头。"},
                                          {"key": "mechanism", "heading": "一、完善机制，落实制度", "text": "正文。"}])
    return draft


DRAFT_FILLERS = {name: (lambda w, route, name=name: {"pk": draft_of(w, name).pk}) for name in DRAFTS}


def ORG_WRITE(ok):
    """?org= (or the body's org) among the organizations the persona sees (else 404), then report.draft on it."""
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in WRITERS_ON[obj] else 403
    return rule


def DRAFT_WRITE(ok):
    def rule(persona, obj):
        if persona not in SEES[obj]:
            return 404
        return ok if persona in WRITERS_ON[DRAFT_ORG[obj]] else 403
    return rule


def ORG_READ(persona, obj):
    if persona in WORKS_ON[obj]:
        return 200
    return 403 if persona in SEES[obj] else 404


def SOMEWHERE_READ(persona, obj):
    return 200 if persona in {"city_admin", "county_admin", "secretary_a", "secretary_b", "org_member_a"} else 403


def DRAFT_READ(persona, obj):
    return 200 if persona in SEES[obj] else 404


_YEAR = str(datetime.date.today().year)

DRAFTS_ROUTES: list = [
    Route("reports:drafts", PAGE, SOMEWHERE_READ, leaks=("org", "school")),
    Route("reports:drafts", PAGE, ORG_READ, objects=ORGS, param="query", kwarg="org", leaks=("org", "school")),
    Route("reports:draft_new", PAGE, ORG_WRITE(200), objects=ORGS, param="query", kwarg="org"),
    Route("reports:draft_new", PAGE, ORG_WRITE(302), objects=ORGS, param="body", kwarg="org", method="post",
          data={"kind": "self_check", "period": _YEAR}),
    Route("reports:draft", PAGE, DRAFT_READ, objects=DRAFTS, leaks=("org", "school")),
    Route("reports:draft", PAGE, DRAFT_WRITE(302), objects=DRAFTS, method="post", data=SAVE),
    Route("reports:draft_docx", PAGE, DRAFT_READ, objects=DRAFTS),
    Route("reports:draft_pdf", PAGE, DRAFT_READ, objects=DRAFTS),
]
