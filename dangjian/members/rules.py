"""Rules of the member record and its timeline, each with its citation, and the two status
judgements shown on the pages: where a probation stands (`probation_status`) and whether a
transfer letter is still valid (`letter_validity`)."""

import calendar
import datetime
from dataclasses import dataclass

from dangjian.core.errors import Rule

PARTY_CONSTITUTION = "《中国共产党章程》"
RECRUITMENT_RULES = "《中国共产党发展党员工作细则》（2014）"

PROBATION_MONTHS = 12
EXTENSION_MIN_MONTHS, EXTENSION_MAX_MONTHS = 6, 12
TRANSFER_LETTER_VALID_DAYS = 90
# How early the end of a probation turns amber on the member's page. A working convention of this
# system, not a regulation: 党章第七条 only says "预备党员预备期满，党的支部应当及时讨论他能否转为正式党员"
# (likewise 《中国共产党发展党员工作细则》第三十二条), and two months leave time for the 转正申请, the
# 公示 and the 支部大会 to be prepared.
PROBATION_WARNING_DAYS = 60
# How early a pending transfer letter turns amber before its last valid day. A working convention of
# this system, not a regulation (the letter's validity itself is R_TRANSFER_LETTER).
TRANSFER_EXPIRY_WARNING_DAYS = 14
MIN_AGE_AT_ADMISSION = 18
# 参加工作时间 on a record: the law forbids employing anyone under sixteen, so an earlier date is a
# typing error (a birth year for a start year, a transposed date) rather than a fact to record.
# The law's exceptions (文艺、体育、特种工艺 units, with approval) do not hire school staff.
MIN_WORKING_AGE = 16

R_PROBATION = Rule("probation_one_year", "预备党员的预备期为一年，预备期满方可讨论转正", f"{PARTY_CONSTITUTION}第七条")
R_CONFIRM_ONLY_PROBATIONARY = Rule("confirm_only_probationary", "只有预备党员才能转为正式党员", f"{PARTY_CONSTITUTION}第七条")
R_EXTENSION = Rule("probation_extension", "“需要继续考察和教育的，可以延长一次预备期，延长时间不能少于半年，最长不超过一年”",
                   f"{RECRUITMENT_RULES}第三十二条；{PARTY_CONSTITUTION}第七条（“可以延长预备期，但不能超过一年”）")
R_CANCEL = Rule("probation_cancel", "预备党员不履行党员义务、不具备党员条件的，应当取消预备党员资格",
                f"{PARTY_CONSTITUTION}第七条")
# 党章第九条 is about leaving the Party (退党、劝退、除名、自行脱党); death and a transfer out are not in it,
# and "no further change" is how this register follows from them: the citation says so.
R_ACTIVE_ONLY = Rule("active_member_only", "已出党、去世或已转出的党员不能再办理组织关系或身份变更",
                     f"{PARTY_CONSTITUTION}第九条（出党）；去世、转出后不再办理为本系统党员名册规则")
R_ONE_ORG = Rule("one_organization", "每名党员只能编入一个党的支部（总支、委员会）", f"{PARTY_CONSTITUTION}第八条")
R_GROUP_IN_ORG = Rule("group_in_branch", "党小组须是党员所在支部下设的党小组（“党支部……应当划分若干党小组”）",
                      "《中国共产党支部工作条例（试行）》第十三条")
R_TRANSFER_LETTER = Rule("transfer_letter", "转接组织关系须开具介绍信，介绍信有效期一般不超过 3 个月",
                         "中共中央组织部关于党员组织关系转接的有关规定")
R_LEAVE_DECISION = Rule("leave_decision", "除名、开除党籍、退党、自行脱党须有党组织的决定，写明决定日期和批准组织",
                        f"{PARTY_CONSTITUTION}第九条、第四十条")
R_ADMISSION_AGE = Rule("admission_age", "年满十八岁方可申请入党", f"{PARTY_CONSTITUTION}第一条")
R_UNIQUE_ID = Rule("unique_id_number", "同一身份证号只能对应一名党员", "本系统党员信息管理规则（一人一档）；GB 11643-1999《公民身份号码》")
R_NOT_FUTURE = Rule("not_in_future", "事项日期不能晚于今天", "本系统党员信息管理规则")
R_WORKING_AGE = Rule("working_age", "参加工作时间不能早于年满十六周岁（“禁止用人单位招用未满十六周岁的未成年人”）",
                     "《中华人民共和国劳动法》第十五条")
R_NOT_BEFORE_JOINING = Rule("not_before_joining", "党员情况变更事项的日期不能早于入党日期", "本系统党员信息管理规则")
R_TRANSFER_REJECT = Rule("transfer_reject_reason", "接收组织不予接收的，须写明理由并退回转出组织",
                         "中共中央组织部关于党员组织关系转接的有关规定")
R_REVEAL_REASON = Rule("reveal_reason", "查看完整的身份证号和手机号须有相应权限并写明用途，查看行为记入审计日志",
                       "《中华人民共和国个人信息保护法》第五十一条；GB/T 35273-2020 第7.1条")
R_PROBATION_DUE = Rule("probation_due", "预备党员预备期满，党的支部应当及时讨论他能否转为正式党员", f"{PARTY_CONSTITUTION}第七条")
R_CORRECTION = Rule("contact_correction", "个人有权请求更正不准确的个人信息，处理者应核实并及时更正，不予更正的应说明理由",
                    "《中华人民共和国个人信息保护法》第四十六条、第五十条")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def probation_end(start: datetime.date, extended_to: datetime.date | None = None) -> datetime.date:
    """The day a probation ends (R_PROBATION): PROBATION_MONTHS from the 支部大会 that admitted the
    member, or the end of an approved extension (R_EXTENSION). The member record
    (members.services.probation_ends) and the recruitment file (recruitment.progress) both ask here."""
    return extended_to or add_months(start, PROBATION_MONTHS)


@dataclass(frozen=True)
class Status:
    """A status as shown everywhere: `state` is the colour of partials/status.html (ok, warning,
    danger), `label` the word beside it — never a colour alone."""

    state: str
    label: str


def probation_status(ends: datetime.date, today: datetime.date) -> Status:
    """Where a probation that ends on `ends` stands on `today`: from the end day on it is 已满 and
    the branch should discuss 转正 without delay (R_PROBATION_DUE); within PROBATION_WARNING_DAYS
    before it, 即将期满 (working convention); before that, 预备期内."""
    if ends <= today:
        return Status("danger", "预备期已满，应及时讨论转正")
    if (ends - today).days <= PROBATION_WARNING_DAYS:
        return Status("warning", "预备期即将期满")
    return Status("ok", "预备期内")


def letter_validity(valid_until: datetime.date, today: datetime.date) -> Status:
    """A transfer letter valid until `valid_until` (its last valid day), on `today`: 已过有效期 the
    day after (when members.services.expire_transfers marks it 已超期), amber within
    TRANSFER_EXPIRY_WARNING_DAYS of it (working convention), else 有效."""
    days = (valid_until - today).days
    if days < 0:
        return Status("danger", "已过有效期")
    if days <= TRANSFER_EXPIRY_WARNING_DAYS:
        return Status("warning", f"{days} 天后到期")
    return Status("ok", "有效")
