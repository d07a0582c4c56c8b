"""Structure rules of party organizations, each with its citation.

These are checked, not enforced: a school's organization that breaks one is shown with a
finding on its page and counted on the dashboard, because reality (a branch that dropped below
three full members last month) has to be recorded before it can be corrected.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from dangjian.core.errors import Rule

BRANCH_REGULATION = "《中国共产党支部工作条例（试行）》（2018）"
ELECTION_REGULATION = "《中国共产党基层组织选举工作条例》（2020）"
ORGAN_REGULATION = "《中国共产党党和国家机关基层组织工作条例》"
CONSTITUTION = "《中国共产党章程》"

BRANCH_MIN_FULL_MEMBERS = 3
BRANCH_NORMAL_MAX_MEMBERS = 50
BRANCH_COMMITTEE_THRESHOLD = 7
BRANCH_COMMITTEE_MIN, BRANCH_COMMITTEE_MAX, BRANCH_COMMITTEE_HARD_MAX = 3, 5, 7
GENERAL_BRANCH_RANGE = (50, 100)
COMMITTEE_MIN_MEMBERS = 100  # more than 100
JOINT_BRANCH_MAX_SCHOOLS = 5
TERM_YEARS = {"branch": 3, "joint_branch": 3, "general_branch": 3, "committee": 5}
# How many days before a term ends it shows as 即将到期 and the 换届 reminder starts. A working
# convention of this system, not a regulation: the regulation only says a term that has ended is
# renewed on time (《中国共产党基层组织选举工作条例》（2020）第三条 "党的基层组织设立的委员会任期届满应当按期
# 进行换届选举。"), and about half a year leaves room to prepare an election and ask the higher
# committee's approval. A deployment may move it (DANGJIAN_TERM_WARNING_DAYS → settings.TERM_WARNING_DAYS,
# whose default is this number); `term_warning_days()` is the one place that reads it.
TERM_WARNING_DAYS = 180

R_BRANCH_MIN = Rule("branch_min_full_members", "“凡是有正式党员3人以上的，都应当成立党支部”；“正式党员不足3人的单位，应当按照"
                    "地域相邻、行业相近、规模适当、便于管理的原则，成立联合党支部”", f"{BRANCH_REGULATION}第四条、第五条")
R_BRANCH_MAX = Rule("branch_normal_max", "“党支部党员人数一般不超过50人”", f"{BRANCH_REGULATION}第四条")
R_BRANCH_COMMITTEE = Rule("branch_committee", "“有正式党员7人以上的党支部，应当设立党支部委员会。党支部委员会由3至5人组成，"
                          "一般不超过7人”", f"{BRANCH_REGULATION}第二十条")
R_GENERAL_BRANCH = Rule("general_branch_size", "党的基层组织“根据工作需要和党员人数，经上级党组织批准，分别设立党的基层委员会、"
                        "总支部委员会、支部委员会”；党员 50 人以上、100 人以下的设立总支部委员会，是参照机关基层组织的通行标准",
                        f"{CONSTITUTION}第三十条；{ORGAN_REGULATION}第六条（人数标准参照）")
R_COMMITTEE = Rule("committee_size", "党员 100 人以上的，经批准可设立党的基层委员会（人数标准参照机关基层组织的通行标准）",
                   f"{CONSTITUTION}第三十条；{ORGAN_REGULATION}第五条（人数标准参照）")
R_JOINT_BRANCH = Rule("joint_branch_schools", "“联合党支部覆盖单位一般不超过5个”", f"{BRANCH_REGULATION}第五条")
# The published 2020 条例 puts "任期届满应当按期进行换届选举" in 第三条 (第五条 is about voting rights);
# 党章 第三十一条 sets three to five years, and the 5-/3-year split is 中共中央办公厅《关于党的基层组织任期的
# 意见》（2018）一、 (checked word for word: docs/citations.md), cited with the others.
TERM_OPINION = "中共中央办公厅《关于党的基层组织任期的意见》（2018）"
R_TERM = Rule("term", "“党的基层组织设立的委员会任期届满应当按期进行换届选举”；“党的基层委员会每届任期一般为5年，党的总支部委员会、"
              "支部委员会每届任期一般为3年”", f"{ELECTION_REGULATION}第三条；{TERM_OPINION}一、；{CONSTITUTION}第三十一条"
              "（“每届任期三年至五年”）")
# 党章第三十条: the basic organizations are set up "经上级党组织批准"; the 支部工作条例's chapter on
# setting up branches gives their adjustment and dissolution to the higher organization as well.
# So an organization never switches itself off: whoever does it must reach its parent.
R_ORG_STATUS = Rule("org_status_by_higher_committee", "党的基层组织“经上级党组织批准”设立；撤销和恢复也由上级党组织决定，"
                    "须说明原因，本组织不能撤销自己", f"{CONSTITUTION}第三十条（经上级党组织批准设立）；撤销、恢复的办理要求为本系统设置")
# QUALITY.md 3 and 24 in the words of a party worker: a change may not put what it changes
# out of the reach of the person who made it (they could neither see nor undo it).
R_OWN_SCOPE = Rule("result_in_own_scope", "修改后的对象须仍在操作人本人的管理范围内，否则不予保存",
                   "本系统数据范围规则（修改结果不得超出本人管辖范围）")
R_SECRETARY = Rule("secretary_required", "“党支部委员会设书记和组织委员、宣传委员、纪检委员等”；“正式党员不足7人的党支部，"
                   "设1名书记”", f"{BRANCH_REGULATION}第二十条")


def term_warning_days() -> int:
    """The 换届 warning window in force: the deployment's setting, else TERM_WARNING_DAYS."""
    return getattr(settings, "TERM_WARNING_DAYS", TERM_WARNING_DAYS)


@dataclass(frozen=True)
class TermStatus:
    """An organization's term as shown everywhere: `state` is the colour of partials/status.html
    (ok, warning = 即将到期, danger = 逾期未换届, na = no term to judge), `label` the word beside it."""

    state: str
    label: str
    days_left: int | None  # days until the term ends (negative once it has ended); None when na

    @property
    def overdue(self) -> bool:
        return self.state == "danger"

    @property
    def due_soon(self) -> bool:
        return self.state == "warning"


def term_status(kind: str, term_end: datetime.date | None, today: datetime.date,
                warning_days: int | None = None) -> TermStatus:
    """The one judgement of 换届到期 (R_TERM), used by the pages, the API's findings, the dashboard
    and the 换届 reminders: ended before today → 逾期未换届; ending within `warning_days` (default
    `term_warning_days()`, the end day itself included) → 即将到期; otherwise 正常. Only the kinds
    with an elected committee (TERM_YEARS) have a term."""
    if kind not in TERM_YEARS:
        return TermStatus("na", "不适用", None)
    if term_end is None:
        return TermStatus("na", "未登记任期", None)
    days = (term_end - today).days
    if days < 0:
        return TermStatus("danger", "逾期未换届", days)
    if days <= (term_warning_days() if warning_days is None else warning_days):
        return TermStatus("warning", "即将到期", days)
    return TermStatus("ok", "正常", days)


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" (违反) or "warning" (提醒)
    message: str
    rule: Rule

    @property
    def level_label(self) -> str:
        return {"danger": "不符合规定", "warning": "提醒"}[self.level]


@dataclass(frozen=True)
class OrgFacts:
    """What the rules need to know about one organization, gathered in bulk by the selectors."""

    kind: str
    members: int            # active members in the subtree
    full_members: int       # active full members in the subtree
    committee_size: int     # active committee posts (书记, 副书记, 委员)
    has_secretary: bool
    schools: int
    term_end: datetime.date | None


def check_structure(facts: OrgFacts, today: datetime.date, warning_days: int) -> list[Finding]:
    found: list[Finding] = []
    kind = facts.kind
    if kind in {"branch", "joint_branch"}:
        if facts.full_members < BRANCH_MIN_FULL_MEMBERS:
            found.append(Finding("danger", f"正式党员仅 {facts.full_members} 人，不足 3 人", R_BRANCH_MIN))
        if facts.members > BRANCH_NORMAL_MAX_MEMBERS:
            found.append(Finding("warning", f"党员 {facts.members} 人，超过 50 人，宜设立党总支或分设支部", R_BRANCH_MAX))
        if facts.full_members >= BRANCH_COMMITTEE_THRESHOLD and facts.committee_size < BRANCH_COMMITTEE_MIN:
            found.append(Finding("danger", f"正式党员 {facts.full_members} 人，应设支委会，现有委员 {facts.committee_size} 人",
                                 R_BRANCH_COMMITTEE))
        if facts.committee_size > BRANCH_COMMITTEE_HARD_MAX:
            found.append(Finding("danger", f"支委会 {facts.committee_size} 人，超过 7 人", R_BRANCH_COMMITTEE))
    if kind == "joint_branch" and facts.schools > JOINT_BRANCH_MAX_SCHOOLS:
        found.append(Finding("danger", f"覆盖 {facts.schools} 所学校，超过 5 个", R_JOINT_BRANCH))
    if kind == "general_branch":
        low, high = GENERAL_BRANCH_RANGE
        if not low <= facts.members <= high:
            found.append(Finding("warning", f"党员 {facts.members} 人，不在党总支通常的 50–100 人范围", R_GENERAL_BRANCH))
    if kind == "committee" and facts.members <= COMMITTEE_MIN_MEMBERS:
        found.append(Finding("warning", f"党员 {facts.members} 人，未超过 100 人", R_COMMITTEE))
    if kind in TERM_YEARS:
        if not facts.has_secretary:
            found.append(Finding("danger", "未配备书记", R_SECRETARY))
        term = term_status(kind, facts.term_end, today, warning_days)
        days = term.days_left or 0
        if term.overdue:
            found.append(Finding("danger", f"任期已于 {facts.term_end:%Y年%m月%d日} 届满，逾期 {-days} 天未换届", R_TERM))
        elif term.due_soon:
            found.append(Finding("warning", f"任期将于 {facts.term_end:%Y年%m月%d日} 届满（还有 {days} 天），请筹备换届", R_TERM))
    return found
