"""The local rules of 议事决策, declared here and registered with the orgs app's register of
local documents (DecisionsConfig.ready()). Each applies to a school only where a committee above
it has switched it on, citing its registered document, from a date (dangjian.orgs.services.local_documents).

- The list of matters that must go to the branch meeting (the city education bureau's opinion):
  学校发展规划, 干部任免, 评优选优, 奖励惩罚, 人事职称, 基建项目, 大额经费 are 三重一大 whatever the
  amount — beyond the four of the 2022《意见》（五）, which are national and always apply.
- Not a local rule of that opinion: the 5,000-yuan figure of 大额经费. The opinion names 大额经费
  among the matters but states no amount (checked against its text); the figure is the system's
  default until a committee sets its own from its document (ThresholdSetting).
"""

from __future__ import annotations

from decimal import Decimal

from dangjian.core.local_documents import CITY_BUREAU_OPINION
from dangjian.decisions import rules as R
from dangjian.decisions.rules import CATEGORIES, OPINION, Category
from dangjian.orgs.local_rules import TIGHTENS, LocalRule

# The categories only the list makes 三重一大 whatever the amount (大额经费 is judged by the amount
# under the national 大额度资金使用 either way).
LISTED_CATEGORIES = frozenset({Category.DEVELOPMENT_PLAN, Category.CADRE, Category.HONOURS, Category.REWARD_PUNISH,
                               Category.PERSONNEL_TITLE, Category.CONSTRUCTION})

# The categories the list names (大额经费 among them): shown as local, not national.
FROM_THE_LIST = LISTED_CATEGORIES | {Category.LARGE_EXPENSE}

MATTERS_LIST = LocalRule(
    "decisions_matters_list", "议事决策", "提交党支部会议研究决定的重大事项清单",
    "学校发展规划、干部任免、评优选优、奖励惩罚、人事职称、基建项目、大额经费等重大事项，"
    "必须提交学校党支部会议研究决定",
    CITY_BUREAU_OPINION, "重大事项必须提交学校党支部会议研究决定", TIGHTENS,
    national=f"{OPINION}（五）“学校党组织会议讨论决定学校重大问题”")

LOCAL_RULES = (MATTERS_LIST,)


def is_major(category: str, amount: Decimal | None, threshold: Decimal, *, list_applies: bool) -> bool:
    """三重一大: rules.is_major where the local list applies; elsewhere a listed category is judged
    like a matter of the 校长办公会 (by its amount, when it has one)."""
    if list_applies or category not in LISTED_CATEGORIES:
        return R.is_major(category, amount, threshold)
    return bool(CATEGORIES[category].money and amount is not None and amount >= threshold)
