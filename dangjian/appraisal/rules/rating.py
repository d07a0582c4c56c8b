"""Rules of 评星定级 (the yearly star rating of school party organizations) as data, each with
its citation.

Where they come from. The procedure is the demo city's own, as seed 001 describes it: standards
of 8 areas and 52 items (the 六好 standard), "采取自下而上、上下结合的方式" — the school rates
itself, the higher committee examines it, the city samples (市委组织部进行抽查) — "达到规定分数的可
评为对应星级", "实行动态管理", and for "8种情形" the star is stripped by a 黑榜通报 and the
organization "纳入软弱涣散党组织进行管理". The standards, points, star thresholds, the cap on
五星, the sampling share, the length of the 公示 and the 摘星 situations are therefore DATA of a
standard set (models.rating.StandardSet), written by the committee that issues it and copied
per year — nothing national fixes them. The 52 item texts of the demo set are an example
entered for the demo city, not an official text. What the system adds (a changed score needs a
reason, nothing partial is saved, working days from dangjian.core.workdays) says so in its
citation.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import CITY_SUMMARY_2023

SEED = CITY_SUMMARY_2023.cite("狠抓评星定级争先进")
SYSTEM = "本系统评星定级规则"

# Defaults of a new standard set (each set carries its own; the issuing committee changes them).
DEFAULT_PUBLICITY_DAYS = 5       # 公示 in working days: the common length of a 公示 (cf. 发展党员)
DEFAULT_SAMPLE_PERCENT = Decimal("10")
DEFAULT_FIVE_STAR_CAP = Decimal("30")   # DOMAIN.md: "five-star ≤ 30% of branches" as the example cap
MAX_STARS = 5


class EvidenceKind(models.TextChoices):
    AUTOMATIC = "automatic", "系统自动计算"
    UPLOAD = "upload", "上传佐证材料"
    ATTESTATION = "attestation", "书面说明（承诺）"


class State(models.TextChoices):
    DRAFT = "draft", "自评中"
    SUBMITTED = "submitted", "已上报，待审核"
    REVIEWED = "reviewed", "审核通过，待抽查"
    SAMPLED = "sampled", "已抽中，待抽查"
    CHECKED = "checked", "待公示"
    PUBLICITY = "publicity", "公示中"
    GRANTED = "granted", "已评定"
    REVOKED = "revoked", "已摘星"


# What the higher committee decides; a school (the rated organization or anything inside it)
# never does (R_HIGHER_DECIDES).
HIGHER_STEPS = {State.REVIEWED, State.SAMPLED, State.CHECKED, State.PUBLICITY, State.GRANTED, State.REVOKED}


class WeakState(models.TextChoices):
    RECTIFYING = "rectifying", "整顿中"
    LIFTED = "lifted", "已整顿销号"


R_SELF = Rule("rating_self", "评星定级先由学校党组织对照标准逐项自评、上报", f"{SEED}“自下而上”")
R_HIGHER_DECIDES = Rule("rating_by_higher", "审核、抽查、公示和评定星级由上级党组织负责，学校党组织不能审核或评定自己的星级",
                        f"{SEED}“由上级党组织……负责考核，市委组织部进行抽查”")
R_SCORE_RANGE = Rule("rating_score_range", "每项得分在 0 至该项分值之间，最多一位小数", SYSTEM)
R_AUTOMATIC = Rule("rating_automatic", "自动计算的项目由系统根据组织生活、党费、发展党员、议事决策等日常记录计算，学校不能自行修改；"
                   "上级审核时可调整，须写明理由", SYSTEM)
R_EVIDENCE = Rule("rating_evidence", "需上传佐证材料的项目，得分的须附佐证材料；需书面说明的项目，须填写说明", SYSTEM)
R_REASON = Rule("rating_reason", "上级审核、抽查中调整学校自评得分的，须逐项写明理由，留存备查", SYSTEM)
R_SAMPLING = Rule("rating_sampling", "县级审核后由市级按比例随机抽查，抽取范围、比例和结果留存备查", f"{SEED}“市委组织部进行抽查”")
R_PUBLICITY = Rule("rating_publicity", "评定结果公示期满（按工作日计算）无异议，方可评定星级", f"{SEED}；公示天数由标准制定单位规定")
R_FIVE_STAR_CAP = Rule("rating_five_star_cap", "五星级党组织不超过参评党组织的规定比例", "标准制定单位规定（DOMAIN.md 示例：不超过 30%）")
R_LEVELS = Rule("rating_levels", "星级按得分评定：达到某一星级的最低分数，星级越高分数越高，且不超过标准总分",
                f"{SEED}“达到规定分数的可评为对应星级”")
R_SITUATION = Rule("rating_situation", "摘星须依据标准所列情形之一，写明事实，发布黑榜通报", f"{SEED}“对出现8种情形的党组织……进行摘星”")
R_WEAK_PLAN = Rule("rating_weak_plan", "被摘星的党组织纳入软弱涣散党组织管理，须制定整顿方案，明确整顿任务、责任人和完成时限",
                   f"{SEED}“纳入软弱涣散党组织进行管理”")
R_LIFT = Rule("rating_weak_lift", "整顿任务全部完成，经上级党组织验收后方可销号", SYSTEM)
R_ORDER = Rule("rating_order", "评星定级按 自评 → 审核 → 抽查 → 公示 → 评定 的顺序办理，不得跳过环节", SEED)
R_ONE_PER_YEAR = Rule("rating_one_per_year", "每个党组织每年评定一次（逐年重新评定）", f"{SEED}“实行动态管理”")
R_SET_IN_USE = Rule("rating_set_in_use", "已有党组织上报自评的标准不能再修改分值和项目，可复制为下一年度的标准后修改", SYSTEM)
R_SET = Rule("rating_set", "评星定级标准由上级党组织制定，按年度复制使用", f"{SEED}“建立52项标准”")


def rules_table() -> list[Rule]:
    return [R_SELF, R_AUTOMATIC, R_EVIDENCE, R_SCORE_RANGE, R_HIGHER_DECIDES, R_REASON, R_SAMPLING, R_FIVE_STAR_CAP,
            R_PUBLICITY, R_LEVELS, R_ORDER, R_ONE_PER_YEAR, R_SITUATION, R_WEAK_PLAN, R_LIFT, R_SET, R_SET_IN_USE]


def stars_for(score: Decimal, levels: list[tuple[int, Decimal]]) -> int:
    """The highest star whose minimum `score` reaches (0 below the lowest): `levels` are
    (stars, min_score) pairs."""
    reached = [stars for stars, minimum in levels if score >= minimum]
    return max(reached, default=0)


def five_star_limit(cap_percent: Decimal | None, rated: int) -> int | None:
    """How many five-star organizations a cap allows among `rated` (rounded down: 30% of 7 is 2)."""
    if cap_percent is None:
        return None
    return int(Decimal(rated) * cap_percent / 100)


def sample_size(percent: Decimal, population: int) -> int:
    """Organizations drawn: the share rounded up (10% of 11 draws 2), at least 1 when any exist."""
    if population <= 0:
        return 0
    exact = Decimal(population) * percent / 100
    whole = int(exact)
    return min(population, max(1, whole + (exact > whole)))


STAR_LABELS = {0: "未定星级", 1: "一星级", 2: "二星级", 3: "三星级", 4: "四星级", 5: "五星级"}
