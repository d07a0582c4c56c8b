"""One school's drafts for the demo: secretary A's 党建工作自查报告 of this year, generated from the
data (version 1, the system's) and then edited by her (version 2: the opening's paragraph left for
people written), through dangjian.reports.services as the 党建报告 pages do. Seeded last, so its
figures are those of the finished demo world."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from dangjian.core.roles import Post
from dangjian.orgs.models import Position
from dangjian.reports import services
from dangjian.reports.draft_sections import write
from dangjian.reports.models import DraftKind

OPENING_MARK = write("党组织", "本年度党建工作的总体思路、主要目标和突出成效（一段）")
OPENING_TEXT = ("今年，我们以“强基固本、铸魂育人”为总体思路，围绕立德树人根本任务，把党建工作与学校教育教学、"
                "师德师风建设和课后服务同部署、同推进，党支部的组织力和党员教师的示范作用进一步增强。")
EDIT_NOTE = "补写开头的总体情况"


@dataclass
class DraftCounts:
    drafts: int = 0
    versions: int = 0


def write_report_drafts(today: datetime.date) -> DraftCounts:
    counts = DraftCounts()
    secretary = get_user_model().objects.filter(username="secretary_a").first()
    position = (Position.objects.filter(user=secretary, post=Post.SECRETARY, ended_on__isnull=True)
                .select_related("org").first() if secretary else None)
    if position is None:
        return counts
    generated = services.generate_draft(position.org, DraftKind.SELF_CHECK, str(today.year), acting_user=secretary,
                                        today=today)
    opening = next(s for s in generated.sections if s["key"] == "opening")
    # Her edit: the paragraph the system left for people, written; the figures untouched.
    edited = (opening["text"].replace(OPENING_MARK, OPENING_TEXT) if OPENING_MARK in opening["text"]
              else f"{opening['text']}\n\n{OPENING_TEXT}")
    services.save_version(generated.draft, {"opening": edited}, based_on=generated.number, acting_user=secretary,
                          note=EDIT_NOTE)
    counts.drafts, counts.versions = 1, 2
    return counts
