"""Rules of the member record and its timeline, each with its citation."""

from dangjian.core.errors import Rule

PARTY_CONSTITUTION = "《中国共产党章程》"
RECRUITMENT_RULES = "《中国共产党发展党员工作细则》（2014）"

PROBATION_MONTHS = 12
EXTENSION_MIN_MONTHS, EXTENSION_MAX_MONTHS = 6, 12
TRANSFER_LETTER_VALID_DAYS = 90
MIN_AGE_AT_ADMISSION = 18

R_PROBATION = Rule("probation_one_year", "预备党员的预备期为一年，预备期满方可讨论转正", f"{PARTY_CONSTITUTION}第七条")
R_CONFIRM_ONLY_PROBATIONARY = Rule("confirm_only_probationary", "只有预备党员才能转为正式党员", f"{PARTY_CONSTITUTION}第七条")
R_EXTENSION = Rule("probation_extension", "预备期可以延长一次，延长时间不能少于半年，最长不超过一年",
                   f"{PARTY_CONSTITUTION}第七条；{RECRUITMENT_RULES}第三十一条")
R_CANCEL = Rule("probation_cancel", "预备党员不履行党员义务、不具备党员条件的，应当取消预备党员资格",
                f"{PARTY_CONSTITUTION}第七条")
R_ACTIVE_ONLY = Rule("active_member_only", "已出党、去世或已转出的党员不能再办理组织关系或身份变更",
                     f"{PARTY_CONSTITUTION}第九条")
R_ONE_ORG = Rule("one_organization", "每名党员只能编入一个党的支部（总支、委员会）", f"{PARTY_CONSTITUTION}第八条")
R_GROUP_IN_ORG = Rule("group_in_branch", "党小组须是党员所在支部下设的党小组", "《中国共产党支部工作条例（试行）》第八条")
R_TRANSFER_LETTER = Rule("transfer_letter", "转接组织关系须开具介绍信，介绍信有效期一般不超过 3 个月",
                         "中共中央组织部关于党员组织关系转接的有关规定")
R_LEAVE_DECISION = Rule("leave_decision", "除名、开除党籍、退党、自行脱党须有党组织的决定，写明决定日期和批准组织",
                        f"{PARTY_CONSTITUTION}第九条、第四十条")
R_ADMISSION_AGE = Rule("admission_age", "年满十八岁方可申请入党", f"{PARTY_CONSTITUTION}第一条")
R_UNIQUE_ID = Rule("unique_id_number", "同一身份证号只能对应一名党员", "《中国共产党党员组织关系管理》有关规定；GB 11643-1999")
R_NOT_FUTURE = Rule("not_in_future", "事项日期不能晚于今天", "党员信息管理基本要求")
R_NOT_BEFORE_JOINING = Rule("not_before_joining", "党员情况变更事项的日期不能早于入党日期", "党员信息管理基本要求")
R_TRANSFER_REJECT = Rule("transfer_reject_reason", "接收组织不予接收的，须写明理由并退回转出组织",
                         "中共中央组织部关于党员组织关系转接的有关规定")
R_REVEAL_REASON = Rule("reveal_reason", "查看完整的身份证号和手机号须有相应权限并写明用途，查看行为记入审计日志",
                       "《中华人民共和国个人信息保护法》第五十一条；GB/T 35273-2020 第7.1条")
R_CORRECTION = Rule("contact_correction", "个人有权请求更正不准确的个人信息，处理者应核实并及时更正，不予更正的应说明理由",
                    "《中华人民共和国个人信息保护法》第四十六条、第五十条")
