"""Rules of 党务公开 (party affairs disclosure) as data, each with its citation.

The procedure is 《中国共产党党务公开条例（试行）》(2017) 第十五条: every item of the disclosure
catalogue goes 提出 → 审核（保密审查，必要性、准确性）→ 审批 → 实施. Here: drafted → reviewed →
approved → published (for its audience and period) → archived; nothing reaches `published`
without a review and an approval (the services refuse it and a database constraint backs them).

The catalogue (what is disclosed, to whom, when) is data: `DEFAULT_CATALOGUE` below until a
higher committee writes its own (`CatalogueEntry` rows), which then applies to its subtree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import CITY_SUMMARY_2023, COLLEGE_DUTY_REPORT, PILOT_REPORT, SCHOOL_SUMMARY

REGULATION = "《中国共产党党务公开条例（试行）》"
SYSTEM = "本系统党务公开规则"


class Audience(models.TextChoices):
    PARTY = "party", "党内公开"
    SCHOOL = "school", "校内公开"
    PUBLIC = "public", "向社会公开"


class Timing(models.TextChoices):
    REGULAR = "regular", "定期公开"
    TIMELY = "timely", "及时公开"


class State(models.TextChoices):
    DRAFTED = "drafted", "拟稿"
    REVIEWED = "reviewed", "已审核（保密审查）"
    APPROVED = "approved", "已审批"
    PUBLISHED = "published", "公开中"
    ARCHIVED = "archived", "已归档"


class Step(models.TextChoices):
    DRAFT = "draft", "拟稿"
    EDIT = "edit", "修改"
    REVIEW = "review", "保密审查通过"
    SEND_BACK = "send_back", "退回修改"
    APPROVE = "approve", "审批同意"
    PUBLISH = "publish", "公开"
    ARCHIVE = "archive", "归档"


R_PROCEDURE = Rule("disclosure_procedure", "党务公开按提出、审核（保密审查）、审批、实施的程序进行；未经保密审查和审批的事项不得公开",
                   f"{REGULATION}第十五条")
R_REVIEWER = Rule("disclosure_reviewer", "保密审查由拟稿人以外、具有审核职责的党组织委员进行", f"{REGULATION}第十五条（审核）；{SYSTEM}（审核与拟稿分离）")
R_APPROVER = Rule("disclosure_approver", "党务公开方案由本党组织书记审批（上级党组织的事项由其管理员审批）", f"{REGULATION}第十五条（审批）")
R_EDIT_LOCKED = Rule("disclosure_edit_locked", "已审核的稿件不能再修改；需要修改的，退回拟稿后重新审核", SYSTEM)
R_PERIOD = Rule("disclosure_period", "公开须写明开始日期；结束日期不得早于开始日期", SYSTEM)
R_CONTENT = Rule("disclosure_content", "公开事项须有标题和内容（正文或来自数据来源的表格）", SYSTEM)
R_SEND_BACK_REASON = Rule("disclosure_send_back_reason", "退回修改须写明原因", SYSTEM)
R_SOURCE_RIGHT = Rule("disclosure_source_right", "从数据来源生成公开内容，须有查看该数据的权限", SYSTEM)
R_CATALOGUE = Rule("disclosure_catalogue", "上级党组织制定本辖区党务公开目录：公开什么、向谁公开、何时公开", f"{REGULATION}第十五条（公开目录）")

# How long an item stays up when the drafter gives no end: the common 公示 length of school notice
# boards for a regular disclosure (one month); a timely one (公示) usually names its own days.
DEFAULT_DAYS: dict[str, int] = {Timing.REGULAR: 30, Timing.TIMELY: 7}


@dataclass(frozen=True)
class DefaultEntry:
    key: str
    title: str
    audience: str
    timing: str
    period: str           # when, in words (每年一月、换届后及时 …)
    source_key: str = ""  # a registered source that can fill it (dangjian.supervision.sources)
    citation: str = ""


# The catalogue a school uses until its higher committee writes one. The contents are what seeds
# 000 and 002 list under 党务公开 and what the other modules produce; the citations name the rule
# each disclosure rests on (unverified articles are marked in docs/supervision.md).
DEFAULT_CATALOGUE: tuple[DefaultEntry, ...] = (
    DefaultEntry("dues", "党费收缴、使用和管理情况（党费交纳情况公示表）", Audience.PARTY, Timing.REGULAR, "每年一次（年初公布上一年度）",
                 "dues_statement", f"《关于中国共产党党费收缴、使用和管理的规定》（2008）；{SCHOOL_SUMMARY.cite()}"),
    DefaultEntry("recruitment", "发展党员公示（发展对象、接收预备党员、预备党员转正）", Audience.SCHOOL, Timing.TIMELY,
                 "每次公示前及时公开，公示期按发展党员规定的工作日数", "recruitment_notices", "《中国共产党发展党员工作细则》；本地公示规定"),
    DefaultEntry("powers", "小微权力清单及运行流程", Audience.SCHOOL, Timing.REGULAR, "每年一次，清单调整后及时更新",
                 "decisions_powers", PILOT_REPORT.cite("小微权力清单")),
    DefaultEntry("rectification", "巡察、督导等反馈问题的整改情况", Audience.PARTY, Timing.TIMELY, "整改情况报告报送后及时公开",
                 "rectification_results", COLLEGE_DUTY_REPORT.cite("实施台账管理")),
    DefaultEntry("appraisal", "民主评议党员结果", Audience.PARTY, Timing.REGULAR, "每年评议结束后", "",
                 "《中国共产党支部工作条例（试行）》第十八条"),
    DefaultEntry("rating", "评星定级结果", Audience.SCHOOL, Timing.REGULAR, "每年评定后", "", CITY_SUMMARY_2023.cite("狠抓评星定级争先进")),
    DefaultEntry("election", "党组织换届选举结果", Audience.PARTY, Timing.TIMELY, "选举后及时公开", "",
                 "《中国共产党基层组织选举工作条例》"),
    DefaultEntry("plan", "年度党建工作计划和总结", Audience.PARTY, Timing.REGULAR, "每年年初、年末", "", SCHOOL_SUMMARY.cite()),
)
