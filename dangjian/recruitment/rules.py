"""The 25 steps of 发展党员 and their rules, as data with citations.

Source: 《中国共产党发展党员工作细则》(中共中央办公厅 2014, below "细则") and 《中国共产党章程》.
Each step says its stage, who records it (the branch, or the higher committee), the facts it
needs and the time rules that apply to it. A time rule is a refusal (the step cannot be
recorded) or a warning (recorded only with a written reason). Rules marked `adjustable` may be
made stricter — never looser — by a higher committee for its subtree (RuleSetting); the service
that stores a setting refuses a looser one.

dangjian.recruitment.checks enforces these; the pages, the API and the demo all go through
dangjian.recruitment.services.record_step, so nothing here is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from dangjian.core.errors import Rule

XIZE = "《中国共产党发展党员工作细则》"
CONSTITUTION = "《中国共产党章程》"
LOCAL_PRACTICE = "通行做法，期限由上级党委规定"


class Stage(models.TextChoices):
    APPLICATION = "application", "申请入党"
    ACTIVIST = "activist", "入党积极分子的确定和培养教育"
    CANDIDATE = "candidate", "发展对象的确定和考察"
    ADMISSION = "admission", "预备党员的接收"
    PROBATION = "probation", "预备党员的教育考察和转正"


STAGE_SHORT = {Stage.APPLICATION: "入党申请人", Stage.ACTIVIST: "入党积极分子", Stage.CANDIDATE: "发展对象",
               Stage.ADMISSION: "接收预备党员", Stage.PROBATION: "预备党员"}


class Severity(models.TextChoices):
    REFUSE = "refuse", "不得办理"
    WARN = "warn", "须说明理由"


class Recorder(models.TextChoices):
    BRANCH = "branch", "党支部"
    COMMITTEE = "committee", "上级党委"


class Unit(models.TextChoices):
    MONTHS = "months", "个月"
    DAYS = "days", "天"
    WORKING_DAYS = "working_days", "个工作日"
    HOURS = "hours", "学时"
    COUNT = "count", "次"


@dataclass(frozen=True)
class Limit(Rule):
    """A rule with a number: a time limit between two steps, a minimum length or a count.

    `kind` "within": the step is due no later than `value` after step `anchor`;
    "not_before": the step may not be recorded before `value` after `anchor`;
    "at_least": a fact of the step (a length, a count) must reach `value`.
    `stricter` says which way a higher committee may move it: "up" or "down"; "" = fixed."""

    severity: str = Severity.REFUSE
    kind: str = "within"
    value: int = 0
    unit: str = Unit.MONTHS
    anchor: str = ""
    stricter: str = ""

    @property
    def adjustable(self) -> bool:
        return bool(self.stricter)

    def describe(self, value: int | None = None) -> str:
        return f"{self.text}（{self.citation}）"


# --- Rules without a number ------------------------------------------------------------------
R_AGE = Rule("age_18", "年满十八岁方可申请入党（以递交入党申请书之日计算）", f"{CONSTITUTION}第一条；{XIZE}第五条")
R_OWN_UNIT = Rule("own_unit", "入党申请人应当向工作、学习所在单位党组织提出入党申请", f"{XIZE}第六条")
R_ONE_FILE = Rule("one_file", "同一人只能有一份在办的发展党员档案", f"{XIZE}第六条")
R_ORDER = Rule("step_order", "发展党员须按规定程序逐步进行，不得颠倒、跳过", f"{XIZE}第三条、第十八条")
R_NOT_FUTURE = Rule("not_future", "登记的日期不能晚于今天，也不能早于上一步骤", f"{XIZE}第三条")
R_ACTIVIST_DECISION = Rule("activist_decision", "确定入党积极分子，应当采取党员推荐、群团组织推优等方式产生人选，"
                           "由支部委员会（不设支部委员会的由支部大会）研究决定", f"{XIZE}第八条")
R_MENTORS = Rule("mentors", "党组织应当指定一至两名正式党员作入党积极分子的培养联系人", f"{XIZE}第九条")
R_OPINIONS = Rule("candidate_opinions", "确定发展对象，应当听取党小组、培养联系人、党员和群众意见，由支部委员会讨论同意",
                  f"{XIZE}第十三条")
R_SPONSORS = Rule("sponsors", "发展对象应当有两名正式党员作入党介绍人", f"{XIZE}第十四条")
R_POLITICAL = Rule("political_review", "对发展对象进行政治审查，形成结论性材料；未经政治审查或者政治审查不合格的，不能发展入党",
                   f"{XIZE}第十六条")
R_LEAVING = Rule("leaving_soon", "发展对象未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续",
                 f"{XIZE}第十九条")
# 超过半数, stricter than the 半数以上 that 《支部工作条例》第十一条 sets for a 党员大会 in general
# (dangjian.orglife.rules): these two meetings are held to 细则's own words, whatever a committee sets.
R_QUORUM = Rule("meeting_quorum", "“召开讨论接收预备党员的支部大会，有表决权的到会人数必须超过应到会有表决权人数的半数”；"
                "“讨论预备党员转正的支部大会，对到会人数、赞成人数等要求与讨论接收预备党员的支部大会相同”（恰好半数不足）",
                f"{XIZE}第二十条、第三十三条")
R_MAJORITY = Rule("meeting_majority", "“赞成人数超过应到会有表决权的正式党员的半数，才能通过接收预备党员的决议。因故不能到会的"
                  "有表决权的正式党员，在支部大会召开前正式向党支部提出书面意见的，应当统计在票数内”；转正的决议相同",
                  f"{XIZE}第二十一条、第三十三条")
R_VOTE_NUMBERS = Rule("vote_numbers", "表决人数须前后相符：到会人数不超过应到人数，赞成、反对、弃权之和不超过到会人数与书面意见人数之和",
                      f"{XIZE}第二十一条")
R_NOT_PASSED = Rule("not_passed", "支部大会未通过、政治审查不合格或上级党委不批准的，发展程序终止",
                     f"{XIZE}第十六条、第二十一条、第二十五条")
R_CONFIRM_OUTCOME = Rule("confirm_outcome", "预备期满，按期转正、延长预备期（一次，不少于半年、不超过一年）或取消预备党员资格",
                         f"{CONSTITUTION}第七条；{XIZE}第三十二条")
R_APPROVAL_ACTOR = Rule("approval_actor", "备案、预审、谈话和审批由上级党委办理，党支部不能自行审批本支部的发展党员",
                        f"{XIZE}第十九条、第二十四条、第二十五条")
R_MEMBER_RECORD = Rule("member_record", "补录已入党人员的发展党员档案，入党日期（支部大会通过之日）和转正日期（预备期满之日起）"
                       "须与其党员档案一致", f"{CONSTITUTION}第七条；{XIZE}第三十二条")
R_STRICTER_ONLY = Rule("stricter_only", "上级党委可以规定比全国规定更严格的时限，但不得放宽",
                       "本系统规则：全国规定的时限是底线，上级党委只能从严")

# --- Rules with a number -----------------------------------------------------------------------
T_TALK = Limit("talk_one_month", "党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话", f"{XIZE}第七条",
               severity=Severity.WARN, kind="within", value=1, unit=Unit.MONTHS, anchor="01")
T_ACTIVIST_WAIT = Limit("activist_after_application", "递交入党申请书满规定时间后，方可确定为入党积极分子",
                        f"{LOCAL_PRACTICE}（全国规定未设下限）", kind="not_before", value=0, unit=Unit.MONTHS,
                        anchor="01", stricter="up")
T_ASSESSMENT = Limit("assessment_half_year", "党组织每半年对入党积极分子进行一次考察", f"{XIZE}第十一条",
                     severity=Severity.WARN, kind="within", value=6, unit=Unit.MONTHS, anchor="03", stricter="down")
T_REPORT = Limit("thought_report_quarterly", "入党积极分子、预备党员按季度向党组织递交思想汇报", LOCAL_PRACTICE,
                 severity=Severity.WARN, kind="within", value=3, unit=Unit.MONTHS, anchor="03", stricter="down")
T_ONE_YEAR = Limit("activist_one_year", "经过一年以上培养教育和考察的入党积极分子，方可列为发展对象（满一年之日即可）",
                   f"{XIZE}第十三条", kind="not_before", value=12, unit=Unit.MONTHS, anchor="03", stricter="up")
T_ASSESSMENTS_DONE = Limit("assessments_recorded", "确定发展对象前，每半年一次的考察应当齐全", f"{XIZE}第十一条",
                           severity=Severity.WARN, kind="at_least", value=2, unit=Unit.COUNT, stricter="up")
T_TRAINING_DAYS = Limit("training_three_days", "集中培训时间一般不少于三天（或不少于二十四个学时）", f"{XIZE}第十七条",
                        kind="at_least", value=3, unit=Unit.DAYS, stricter="up")
T_TRAINING_HOURS = Limit("training_24_hours", "集中培训不少于二十四个学时（与不少于三天满足其一即可）", f"{XIZE}第十七条",
                         kind="at_least", value=24, unit=Unit.HOURS, stricter="up")
T_PUBLICITY = Limit("publicity_working_days", "公示期不少于规定的工作日数（法定节假日不计，调休上班日计入）",
                    LOCAL_PRACTICE, kind="at_least", value=5, unit=Unit.WORKING_DAYS, stricter="up")
T_MEETING_AFTER_PREREVIEW = Limit("meeting_after_prereview", "预审合格后，支部一般在一个月内召开支部大会讨论接收预备党员",
                                  f"{XIZE}第二十条（预审合格后提交支部大会）；一个月为{LOCAL_PRACTICE}", severity=Severity.WARN, kind="within", value=1,
                                  unit=Unit.MONTHS, anchor="13", stricter="down")
T_APPROVAL = Limit("approval_three_months", "上级党委应当在三个月内审批支部大会接收预备党员的决议；特殊情况可以延长，须说明理由",
                   f"{XIZE}第二十五条", severity=Severity.WARN, kind="within", value=3, unit=Unit.MONTHS,
                   anchor="15", stricter="down")
T_APPROVAL_MAX = Limit("approval_six_months", "审批时间延长最多不得超过六个月", f"{XIZE}第二十五条",
                       kind="within", value=6, unit=Unit.MONTHS, anchor="15")
T_CONFIRM_REQUEST = Limit("confirm_request_in_time", "预备期满前，预备党员应当主动向党组织提出书面转正申请",
                          f"{XIZE}第三十三条（本人提出书面转正申请）；期满前提出为通行做法", severity=Severity.WARN, kind="within", value=12, unit=Unit.MONTHS,
                          anchor="15")
T_PROBATION = Limit("probation_one_year", "预备期为一年，从支部大会通过之日算起；预备期满方可讨论转正",
                    f"{CONSTITUTION}第七条；{XIZE}第三十二条", kind="not_before", value=12, unit=Unit.MONTHS,
                    anchor="15")
T_CONFIRM_APPROVAL = Limit("confirm_approval_three_months", "上级党委应当在三个月内审批预备党员转正的决议",
                           f"{XIZE}第三十四条", severity=Severity.WARN, kind="within", value=3, unit=Unit.MONTHS,
                           anchor="23", stricter="down")

LIMITS: dict[str, Limit] = {r.code: r for r in (
    T_TALK, T_ACTIVIST_WAIT, T_ASSESSMENT, T_REPORT, T_ONE_YEAR, T_ASSESSMENTS_DONE, T_TRAINING_DAYS,
    T_TRAINING_HOURS, T_PUBLICITY, T_MEETING_AFTER_PREREVIEW, T_APPROVAL, T_APPROVAL_MAX, T_CONFIRM_REQUEST,
    T_PROBATION, T_CONFIRM_APPROVAL,
)}
ADJUSTABLE = {code: r for code, r in LIMITS.items() if r.adjustable}


# --- The 25 steps --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    kind: str = "text"   # text, date, int, bool, members, member, choice, vote
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


VOTE = Fact("vote", "表决情况", "vote")
# Required where a notice applies; checks._publicity asks for them (17 and 24 need none when the
# answer is no, or when the probation is extended or cancelled).
PUBLICITY = (Fact("publicity_start", "公示开始日期", "date", required=False),
             Fact("publicity_end", "公示结束日期", "date", required=False))
RECOMMENDATION = (("members", "党员推荐"), ("youth_league", "群团组织推优"), ("both", "党员推荐和群团推优"))
DECIDED_BY = (("committee_meeting", "支部委员会"), ("general_meeting", "支部大会（不设支委会）"))
CONCLUSION = (("pass", "合格"), ("fail", "不合格"))
OUTCOMES = (("confirm", "按期转正"), ("extend", "延长预备期"), ("cancel", "取消预备党员资格"))
REPORT_KINDS = (("assessment", "半年考察"), ("report", "思想汇报"))


@dataclass(frozen=True)
class Step:
    code: str
    stage: str
    name: str
    recorder: str
    citation: str
    facts: tuple[Fact, ...] = ()
    rules: tuple[Rule, ...] = ()
    repeatable: bool = False     # 考察 and 思想汇报 are recorded again and again within the stage
    gate: bool = False           # a negative outcome ends the file (vote not passed, review failed)
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


S = Stage
B, C = Recorder.BRANCH, Recorder.COMMITTEE
STEPS: tuple[Step, ...] = (
    Step("01", S.APPLICATION, "递交入党申请书", B, f"{XIZE}第五条、第六条", rules=(R_AGE, R_OWN_UNIT)),
    Step("02", S.APPLICATION, "党组织派人谈话", B, f"{XIZE}第七条",
         facts=(Fact("talker", "谈话人"),), rules=(T_TALK,)),
    Step("03", S.ACTIVIST, "推荐和确定入党积极分子", B, f"{XIZE}第八条",
         facts=(Fact("recommendation", "推荐方式", "choice", choices=RECOMMENDATION),
                Fact("decided_by", "研究决定的会议", "choice", choices=DECIDED_BY)),
         rules=(R_ACTIVIST_DECISION, T_ACTIVIST_WAIT)),
    Step("04", S.ACTIVIST, "报上级党委备案", C, f"{XIZE}第八条"),
    Step("05", S.ACTIVIST, "指定培养联系人", B, f"{XIZE}第九条",
         facts=(Fact("mentors", "培养联系人（1–2 名正式党员）", "members"),), rules=(R_MENTORS,)),
    Step("06", S.ACTIVIST, "培养教育考察", B, f"{XIZE}第十条、第十一条",
         facts=(Fact("kind", "类别", "choice", choices=REPORT_KINDS),), rules=(T_ASSESSMENT, T_REPORT), repeatable=True),
    Step("07", S.CANDIDATE, "确定发展对象", B, f"{XIZE}第十三条",
         facts=(Fact("opinions", "已听取党小组、培养联系人、党员和群众意见", "bool"),
                Fact("decided_by", "讨论同意的会议", "choice", choices=DECIDED_BY)),
         rules=(T_ONE_YEAR, T_ASSESSMENTS_DONE, R_OPINIONS)),
    Step("08", S.CANDIDATE, "报上级党委备案", C, f"{XIZE}第十三条"),
    Step("09", S.CANDIDATE, "确定入党介绍人", B, f"{XIZE}第十四条",
         facts=(Fact("sponsors", "入党介绍人（两名正式党员）", "members"),), rules=(R_SPONSORS,)),
    Step("10", S.CANDIDATE, "进行政治审查", B, f"{XIZE}第十六条",
         facts=(Fact("conclusion", "政审结论", "choice", choices=CONCLUSION),), rules=(R_POLITICAL,), gate=True),
    Step("11", S.CANDIDATE, "开展集中培训", B, f"{XIZE}第十七条",
         facts=(Fact("training_days", "培训天数", "int", required=False),
                Fact("training_hours", "培训学时", "int", required=False)),
         rules=(T_TRAINING_DAYS,)),
    Step("12", S.ADMISSION, "支部委员会审查", B, f"{XIZE}第十九条",
         facts=PUBLICITY, rules=(T_PUBLICITY,), note="发展对象公示在此登记，公示期满方可审查"),
    Step("13", S.ADMISSION, "上级党委预审", C, f"{XIZE}第十九条",
         facts=(Fact("leaving_soon", "三个月内将离开工作、学习单位", "bool", required=False),),
         rules=(R_LEAVING,)),
    Step("14", S.ADMISSION, "填写入党志愿书", B, f"{XIZE}第十九条"),
    Step("15", S.ADMISSION, "支部大会讨论", B, f"{XIZE}第二十条、第二十一条",
         facts=(VOTE,), rules=(T_MEETING_AFTER_PREREVIEW, R_QUORUM, R_MAJORITY), gate=True),
    Step("16", S.ADMISSION, "上级党委派人谈话", C, f"{XIZE}第二十四条", facts=(Fact("talker", "谈话人"),)),
    Step("17", S.ADMISSION, "上级党委审批", C, f"{XIZE}第二十五条、第二十六条",
         facts=(Fact("approved", "批准接收为预备党员", "bool", required=False), *PUBLICITY),
         rules=(T_APPROVAL, T_APPROVAL_MAX, T_PUBLICITY), gate=True,
         note="批准后自动建立预备党员档案，入党日期为支部大会通过之日"),
    Step("18", S.ADMISSION, "再上一级党委组织部门备案", C, f"{XIZE}第二十五条"),
    Step("19", S.PROBATION, "编入党支部和党小组", B, f"{XIZE}第二十八条"),
    Step("20", S.PROBATION, "入党宣誓", B, f"{XIZE}第二十九条"),
    Step("21", S.PROBATION, "继续教育考察", B, f"{XIZE}第三十条",
         facts=(Fact("kind", "类别", "choice", choices=REPORT_KINDS),), rules=(T_REPORT,), repeatable=True),
    Step("22", S.PROBATION, "提出转正申请", B, f"{XIZE}第三十三条", rules=(T_CONFIRM_REQUEST,)),
    Step("23", S.PROBATION, "支部大会讨论转正", B, f"{XIZE}第三十二条、第三十三条",
         facts=(Fact("outcome", "支部大会决议", "choice", choices=OUTCOMES),
                Fact("extend_months", "延长预备期（月）", "int", required=False), VOTE),
         rules=(T_PROBATION, R_QUORUM, R_MAJORITY, R_CONFIRM_OUTCOME), gate=True),
    Step("24", S.PROBATION, "上级党委审批转正", C, f"{XIZE}第三十三条、第三十四条",
         facts=PUBLICITY, rules=(T_CONFIRM_APPROVAL, T_PUBLICITY)),
    Step("25", S.PROBATION, "材料归档", B, f"{XIZE}第三十七条"),
)
STEP_BY_CODE: dict[str, Step] = {s.code: s for s in STEPS}

# What each step leaves in the file (发展党员档案材料), for the checklist of 归档 (step 25).
MATERIALS: dict[str, tuple[str, ...]] = {
    "01": ("入党申请书",), "02": ("谈话记录",), "03": ("党员推荐、群团推优材料", "确定入党积极分子的支委会会议记录"),
    "04": ("入党积极分子备案表",), "05": ("培养联系人指定记录",), "06": ("培养教育考察登记表", "思想汇报"),
    "07": ("党小组、培养联系人、党员和群众意见", "确定发展对象的支委会会议记录"), "08": ("发展对象备案表",),
    "09": ("入党介绍人情况",), "10": ("政治审查报告",), "11": ("集中培训结业证明",),
    "12": ("发展对象公示材料", "支委会审查意见"), "13": ("上级党委预审意见",), "14": ("入党志愿书",),
    "15": ("接收预备党员的支部大会决议", "表决票及书面意见"), "16": ("上级党委谈话记录",),
    "17": ("接收预备党员公示材料", "上级党委审批意见"), "18": ("备案材料",), "19": ("编入党支部和党小组的记录",),
    "20": ("入党宣誓记录",), "21": ("预备期思想汇报和考察材料",), "22": ("转正申请书",),
    "23": ("预备党员转正的支部大会决议",), "24": ("转正公示材料", "上级党委转正审批意见"), "25": ("档案材料目录",),
}
CODES = [s.code for s in STEPS]

# Steps decided at a meeting of the branch, and which kind of meeting: a fixed kind, or the one
# the step's "decided_by" fact names (支委会, or the 支部大会 where there is no 支委会). The kinds
# are organizational life's, so the step can name the record of that meeting.
MEETING_STEPS: dict[str, tuple[str, ...]] = {
    "03": ("committee_meeting", "general_meeting"), "07": ("committee_meeting", "general_meeting"),
    "12": ("committee_meeting",), "15": ("general_meeting",), "23": ("general_meeting",),
}
MEETING_KIND_LABELS = {"committee_meeting": "支部委员会", "general_meeting": "支部党员大会"}
R_MEETING_RECORD = Rule(
    "meeting_record", "由支部委员会或支部党员大会研究决定的步骤，关联的会议记录须是本支部该类会议的记录，会议日期即办理日期",
    f"{XIZE}第八条、第十三条、第十九条、第二十条、第三十二条（由支部委员会或支部大会研究决定）")


def meeting_kind(code: str, facts: dict) -> str | None:
    """The kind of meeting that decided a step with these facts; None for a step not decided at one."""
    kinds = MEETING_STEPS.get(code)
    if not kinds:
        return None
    if len(kinds) == 1:
        return kinds[0]
    return facts.get("decided_by") if facts.get("decided_by") in kinds else None


def step(code: str) -> Step:
    return STEP_BY_CODE[code]


@dataclass
class Breach:
    """A warning rule that a step breaks: recorded only with the reason the user gives."""

    rule: Limit | Rule
    message: str
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"rule": self.rule.code, "message": self.message, "citation": self.rule.citation}
