"""议事规则 as data, each rule with its source (ARCHITECTURE.md pattern 3).

Sources: 《关于建立中小学校党组织领导的校长负责制的意见（试行）》(中办, 2022; "2022《意见》"),
part 三 建立健全议事决策制度: (五) the 党组织会议 decides the major matters — its convener, agenda,
who may attend and its quorum (半数以上; 三分之二以上 for personnel); (六) the 校长办公会议 proposes
beforehand and executes afterwards; (七) scientific and democratic decision, the secretary and the
principal agree before a matter goes to the meeting (checked against the published text:
docs/citations.md); the city education bureau's opinion
(the list of matters that must go to the branch meeting) and a pilot school's report (支委会决议、
校务委员会执行; 小微权力清单) — local documents, cited by title (dangjian.core.local_documents).
Every citation names the opinion in full: a citation is shown on its own, in a refusal or a list.

The money threshold of 大额经费 is local: DEFAULT_THRESHOLD unless a higher committee sets its
own (dangjian.decisions.models.ThresholdSetting, with its citation and effective date).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import CITY_BUREAU_OPINION, CITY_SUMMARY_2023, PILOT_REPORT

OPINION_FULL = "《关于建立中小学校党组织领导的校长负责制的意见（试行）》（2022）"
OPINION = f"中共中央办公厅{OPINION_FULL}"
_CITY_ETHICS = CITY_SUMMARY_2023.cite("实行师德一票否决制")

R_MAJOR_TO_PARTY = Rule("major_to_party", "“学校党组织会议讨论决定学校重大问题”：“三重一大”事项须经党组织会议集体研究决定后方可执行",
                        f"{OPINION}（五）；{CITY_BUREAU_OPINION.cite('重大事项必须提交学校党支部会议研究决定')}")
R_PROPOSE_FIRST = Rule("propose_first", "校长办公会议（校务会议）“研究提出拟由学校党组织讨论决定的重要事项方案”：提交党组织会议的议题，"
                       "会前应经校长办公会（校务会）研究提出", f"{OPINION}（六）；{PILOT_REPORT.cite('由校务会成员提出')}")
R_COMMUNICATE = Rule("communicate", "“经学校领导班子成员特别是党组织书记与校长充分沟通且无重大分歧后提交会议讨论决定”；"
                     "对涉及干部工作的方案，提交党组织会议讨论决定前应当在一定范围内酝酿", f"{OPINION}（七）")
R_AGENDA = Rule("agenda", "党组织会议“会议议题由学校领导班子成员提出，党组织书记确定”", f"{OPINION}（五）")
R_QUORUM = Rule("quorum", "党组织会议“应当有半数以上党组织班子成员到会方能召开”。本系统按法律用语“以上”包括本数"
                "（《中华人民共和国民法典》第一千二百五十九条）判断：到会委员达到应到会委员的半数，会议即可召开；"
                "上级党组织可以规定本辖区一律须超过半数", f"{OPINION}（五）")
R_QUORUM_STRICT = Rule("quorum_strict", "上级党组织规定本辖区党组织会议须到会委员超过应到会委员的半数方能召开（比“半数以上”更严格），"
                       "须写明依据文件，自生效日期起适用；规定后，下级组织不能改回“半数以上”",
                       f"{OPINION}（五）；上级党组织的规定")
R_QUORUM_PERSONNEL = Rule("quorum_personnel", "“讨论决定干部任免等重要事项时，必须有三分之二以上党组织班子成员到会”"
                          "（含三分之二）", f"{OPINION}（五）")
R_MAJORITY = Rule("majority", "“党组织讨论决定问题，必须执行少数服从多数的原则。决定重要问题，要进行表决”；本系统以赞成票"
                  "超过应到会委员半数为通过（《意见》未规定票数，此为本系统采用的计票办法）", "《中国共产党章程》第十七条")
R_VOTERS = Rule("voters", "只有会议当日在任的党组织委员有表决权；“不是党组织班子成员的行政班子成员根据工作需要可列席会议”，不参加表决",
                f"{OPINION}（五）")
R_RECUSAL = Rule("recusal", "议题涉及本人或亲属利害关系的委员应当回避，不参加该议题的讨论和表决",
                 "本系统议事规则（党组织议事规则通行的回避要求）")
R_VOTE_TOTAL = Rule("vote_total", "表决票数之和不得超过该议题有表决权的到会人数", "本系统议事规则（计票）")
R_VERDICT = Rule("verdict", "表决结果以票数为准：票数不足不得记为通过，票数通过不得记为未通过", "本系统议事规则（计票）")
R_EXECUTE = Rule("execute", "校长办公会议（校务会议）“具体部署落实党组织决议的有关措施”：党组织会议决定的事项由校长办公会"
                 "（校务会）组织实施，并向党组织报告执行情况",
                 f"{OPINION}（六）；{PILOT_REPORT.cite('由支委会决议、由校务委员会具体执行')}")
R_REPORT_BACK = Rule("report_back", "校长“向学校党组织报告重大决议执行情况，向教职工大会（教职工代表大会）报告工作”：涉及教职工切身利益"
                     "和学校发展的重大事项，决定及执行情况向教职工代表大会报告",
                     f"{OPINION}二、校长职权第9项；{CITY_BUREAU_OPINION.cite('积极发挥教代会的作用')}")
R_ORDER = Rule("order", "议题按规定程序逐步办理，不得跳过环节", f"{OPINION}（五）–（七）")
R_AMOUNT = Rule("amount", "金额以元为单位，不得为负数", "本系统金额规则")
R_THRESHOLD = Rule("threshold", "大额经费的金额标准由上级党组织结合本地实际确定（文件未载明金额时本系统按 5,000 元）",
                   f"{CITY_BUREAU_OPINION.cite('大额经费')}；上级党组织文件")
R_POWERS = Rule("powers", "学校制定小微权力清单，规范小微权力运行，并向党员公开", PILOT_REPORT.cite("第三阶段：制定……小微权力清单"))

R_PERSONS = Rule("persons", "议题涉及的人员须是本校教职工名册中的人员；评优选优、人事职称事项据此适用师德一票否决",
                 f"{OPINION}（七）（涉及干部工作的方案须事先酝酿）；{_CITY_ETHICS}")
# The categories on which the ethics one-vote veto is judged (dangjian.staff.rules.ethics.R_VETO).
VETO_CATEGORIES = ("honours", "personnel_title")

DEFAULT_THRESHOLD = Decimal("5000")


class State(models.TextChoices):
    DRAFT = "draft", "草拟"
    PROPOSED = "proposed", "校长办公会已研究"
    COMMUNICATED = "communicated", "已酝酿沟通"
    ON_AGENDA = "on_agenda", "已列入会议议程"
    PASSED = "passed", "会议通过"
    REJECTED = "rejected", "会议未通过"
    DEFERRED = "deferred", "会议缓议"
    EXECUTING = "executing", "执行中"
    CLOSED = "closed", "已办结"
    REPORTED = "reported", "已向教代会报告"
    WITHDRAWN = "withdrawn", "已撤回"


class Verdict(models.TextChoices):
    PASSED = "passed", "通过"
    NOT_PASSED = "not_passed", "未通过"
    DEFERRED = "deferred", "缓议"


VERDICT_STATE = {Verdict.PASSED: State.PASSED, Verdict.NOT_PASSED: State.REJECTED, Verdict.DEFERRED: State.DEFERRED}
FINAL_STATES = {State.REJECTED, State.CLOSED, State.REPORTED, State.WITHDRAWN}
STATE_ORDER = [State.DRAFT, State.PROPOSED, State.COMMUNICATED, State.ON_AGENDA, State.PASSED, State.EXECUTING,
               State.CLOSED, State.REPORTED]


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    label: str
    major: bool            # 三重一大 whatever the amount
    personnel: bool        # ≥ 2/3 present; 回避 matters most here
    money: bool            # 三重一大 only at or above the threshold
    report_back: bool      # the decision goes back to the 教代会
    source: str


class Category(models.TextChoices):
    MAJOR_DECISION = "major_decision", "重大事项决策"
    KEY_APPOINTMENT = "key_appointment", "重要干部任免"
    MAJOR_PROJECT = "major_project", "重要项目安排"
    LARGE_FUND = "large_fund", "大额度资金使用"
    DEVELOPMENT_PLAN = "development_plan", "学校发展规划"
    CADRE = "cadre", "干部任免"
    HONOURS = "honours", "评优选优"
    REWARD_PUNISH = "reward_punish", "奖励惩罚"
    PERSONNEL_TITLE = "personnel_title", "人事职称"
    CONSTRUCTION = "construction", "基建项目"
    LARGE_EXPENSE = "large_expense", "大额经费"
    ROUTINE = "routine", "一般行政事项"


_FOUR = f"{OPINION}（五）“学校党组织会议讨论决定学校重大问题”（三重一大）"
_SEED = CITY_BUREAU_OPINION.cite("重大事项必须提交学校党支部会议研究决定")
CATEGORIES: dict[str, CategoryInfo] = {c.code: c for c in [
    CategoryInfo(Category.MAJOR_DECISION, "重大事项决策", True, False, False, True, _FOUR),
    CategoryInfo(Category.KEY_APPOINTMENT, "重要干部任免", True, True, False, False, _FOUR),
    CategoryInfo(Category.MAJOR_PROJECT, "重要项目安排", True, False, False, True, _FOUR),
    CategoryInfo(Category.LARGE_FUND, "大额度资金使用", False, False, True, True, _FOUR),
    CategoryInfo(Category.DEVELOPMENT_PLAN, "学校发展规划", True, False, False, True, _SEED),
    CategoryInfo(Category.CADRE, "干部任免", True, True, False, False, _SEED),
    CategoryInfo(Category.HONOURS, "评优选优", True, True, False, True, _SEED),
    CategoryInfo(Category.REWARD_PUNISH, "奖励惩罚", True, True, False, False, _SEED),
    CategoryInfo(Category.PERSONNEL_TITLE, "人事职称", True, True, False, True, _SEED),
    CategoryInfo(Category.CONSTRUCTION, "基建项目", True, False, False, True, _SEED),
    CategoryInfo(Category.LARGE_EXPENSE, "大额经费", False, False, True, True, _SEED),
    CategoryInfo(Category.ROUTINE, "一般行政事项", False, False, True, False, f"校长办公会职权（{OPINION}（六））"),
]}


def is_major(category: str, amount: Decimal | None, threshold: Decimal) -> bool:
    """三重一大: a category that always is, or any use of money at or above the local threshold."""
    info = CATEGORIES[category]
    return info.major or (amount is not None and amount >= threshold)


# --- quorum and majority: the arithmetic, in one place ------------------------------------

def quorate(present: int, body_size: int, *, personnel: bool, strict: bool = False) -> bool:
    """半数以上 of the body (《意见》（五）; 以上 includes the number itself, 民法典 第一千二百五十九条),
    so 3 of 6 is quorate; `strict` (a higher committee's QuorumSetting) asks more than half, so 3 of 6
    is not. 三分之二以上 for personnel matters: 4 of 6 is quorate, 3 of 5 is not. Integers only."""
    if body_size <= 0:
        return False
    if personnel:
        return present * 3 >= body_size * 2
    if strict:
        return present * 2 > body_size
    return present * 2 >= body_size


def passes(votes_for: int, body_size: int) -> bool:
    """赞成票超过应到会委员半数."""
    return body_size > 0 and votes_for * 2 > body_size


def quorum_rule(personnel: bool, strict: bool = False) -> Rule:
    return R_QUORUM_PERSONNEL if personnel else R_QUORUM_STRICT if strict else R_QUORUM


# --- the transition table: (from, to) -> what it needs --------------------------------------

@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    action: str                  # the right it needs (dangjian.core.roles.Action)
    rule: Rule
    fields: tuple[str, ...] = ()  # facts the form asks for
    major_allowed: bool = True   # False: only a matter that is not 三重一大 may take this path


PROPOSE, CONVENE, EXECUTE = "decisions.propose", "decisions.convene", "decisions.execute"
TRANSITIONS: list[Transition] = [
    Transition(State.DRAFT, State.PROPOSED, "提交校长办公会研究", PROPOSE, R_PROPOSE_FIRST, ("meeting_note",)),
    Transition(State.PROPOSED, State.COMMUNICATED, "书记与校长酝酿沟通", PROPOSE, R_COMMUNICATE,
               ("communication", "consultation")),
    # On the agenda only through a decision meeting (services.record_meeting); the outcomes
    # only through its votes (services.record_votes). Listed here so the timeline can name them.
    Transition(State.COMMUNICATED, State.ON_AGENDA, "列入党组织会议议程", CONVENE, R_AGENDA),
    Transition(State.DEFERRED, State.ON_AGENDA, "重新列入会议议程", CONVENE, R_AGENDA),
    Transition(State.ON_AGENDA, State.PASSED, "会议表决通过", CONVENE, R_MAJORITY),
    Transition(State.ON_AGENDA, State.REJECTED, "会议表决未通过", CONVENE, R_MAJORITY),
    Transition(State.ON_AGENDA, State.DEFERRED, "会议决定缓议", CONVENE, R_MAJORITY),
    Transition(State.PASSED, State.EXECUTING, "交办执行（责任人、责任部门、期限）", EXECUTE, R_EXECUTE,
               ("owner", "unit", "deadline")),
    # A matter that is not 三重一大 is the 校长办公会's own decision: it goes to execution directly.
    Transition(State.PROPOSED, State.EXECUTING, "校长办公会决定并交办执行", EXECUTE, R_MAJOR_TO_PARTY,
               ("owner", "unit", "deadline"), major_allowed=False),
    Transition(State.EXECUTING, State.CLOSED, "执行完毕，办结", EXECUTE, R_EXECUTE),
    Transition(State.CLOSED, State.REPORTED, "向教代会报告决定及执行情况", EXECUTE, R_REPORT_BACK, ("congress",)),
    Transition(State.DRAFT, State.WITHDRAWN, "撤回议题", PROPOSE, R_ORDER),
    Transition(State.PROPOSED, State.WITHDRAWN, "撤回议题", PROPOSE, R_ORDER),
]
BY_EDGE = {(t.source, t.target): t for t in TRANSITIONS}
# Edges a person asks for by name (the page's buttons, the API's {"to": …}); the others are
# taken by the meeting services.
MANUAL_TARGETS = {State.PROPOSED, State.COMMUNICATED, State.EXECUTING, State.CLOSED, State.REPORTED, State.WITHDRAWN}

FIELD_LABELS = {
    "meeting_note": "校长办公会研究情况", "communication": "书记与校长沟通情况", "consultation": "人事事项个别酝酿情况",
    "owner": "责任人", "unit": "责任部门", "deadline": "完成期限", "congress": "教代会会议名称",
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def rules_table() -> list[Rule]:
    return [R_MAJOR_TO_PARTY, R_PROPOSE_FIRST, R_COMMUNICATE, R_AGENDA, R_QUORUM, R_QUORUM_STRICT, R_QUORUM_PERSONNEL,
            R_MAJORITY, R_VOTERS, R_RECUSAL, R_VOTE_TOTAL, R_VERDICT, R_EXECUTE, R_REPORT_BACK, R_ORDER, R_THRESHOLD,
            R_POWERS]
