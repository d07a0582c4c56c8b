"""The staff register's rules as data, each with its source (ARCHITECTURE.md pattern 3).

The ID number and the phone follow the members' rules (dangjian.core.validators: GB 11643-1999,
the numbering plan). What counts as a 专任教师 follows the education statistics: the post
category, not a title or an office. The rest are the register's own consistency rules
("本系统教职工名册规则"): the system's, not a document's, and said so where they are shown.
"""

from __future__ import annotations

from dangjian.core.errors import Rule
from dangjian.core.validators import ID_RULE, PHONE_RULE

REGISTER = "本系统教职工名册规则"
STATISTICS = "教育部教育事业统计的教职工分类（专任教师、行政人员、教辅人员、工勤人员）"

R_ID = ID_RULE
R_PHONE = PHONE_RULE
R_ONE_ENTRY = Rule("staff_one_entry", "同一身份证号在同一学校的教职工名册中只登记一次", REGISTER)
R_NAME = Rule("staff_name", "姓名必填，最长 60 个字", REGISTER)
R_GENDER = Rule("staff_gender", "性别须与身份证号第 17 位一致（奇数为男，偶数为女）", "GB 11643-1999《公民身份号码》")
R_POST = Rule("staff_post", "岗位类别须为校级领导、中层干部、专任教师、行政人员、教辅人员、工勤人员之一", STATISTICS)
R_TEACHER = Rule("staff_teacher", "专任教师按岗位类别统计：岗位类别为“专任教师”的在职教职工", STATISTICS)
R_DATES = Rule("staff_dates", "入职日期不得晚于今天；离职日期不得早于入职日期，也不得晚于今天", REGISTER)
R_MEMBER_OWN_SCHOOL = Rule("staff_member_own_school",
                           "关联的党员档案须属于本校党组织（含其下属支部），且身份证号与教职工一致", REGISTER)
R_MEMBER_ONCE = Rule("staff_member_once", "一份党员档案同时只能关联一条教职工记录", REGISTER)
R_USER_ONCE = Rule("staff_user_once", "一个系统账号只能关联一条教职工记录", REGISTER)
R_CURRENT = Rule("staff_current", "已离职的教职工不能再办理任职或离职", REGISTER)
R_TERM_DATES = Rule("staff_term_dates", "班子任职日期不得早于入职日期，卸任日期不得早于任职日期，均不得晚于今天", REGISTER)
R_ONE_HOLDER = Rule("staff_one_holder", "党组织书记、校长同一时间各只有一人在任；同一人同一职务不能重复任职", REGISTER)

# The posts that are counted as 专任教师 in the school counts (R_TEACHER).
TEACHER_POSTS = ("teacher",)
# Seats held by one person at a time (R_ONE_HOLDER).
SINGLE_HOLDER_ROLES = ("secretary", "principal")
# The members' rule, the same for staff: the right, a reason, the audit log.
from dangjian.members.rules import R_REVEAL_REASON  # noqa: E402, F401
